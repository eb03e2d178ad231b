// The payer's page: a "Sao chép" button beside each field copies it. Without this script the
// fields are still there to select and copy by hand; the buttons stay hidden.
(function () {
  var buttons = document.querySelectorAll("button[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    var button = buttons[i];
    button.hidden = false;
    button.addEventListener("click", function (event) {
      var button = event.currentTarget;
      var field = document.getElementById(button.getAttribute("data-copy"));
      var done = function () {
        button.textContent = "Đã chép";
        setTimeout(function () { button.textContent = "Sao chép"; }, 2000);
      };
      field.focus();
      field.select();
      field.setSelectionRange(0, field.value.length);
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          if (document.execCommand("copy")) done();
        });
      } else if (document.execCommand("copy")) {
        done();
      }
    });
  }
})();
