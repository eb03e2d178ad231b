// Where the browser reads QR codes itself (BarcodeDetector), scan with the camera, and read a
// chosen photo on the phone; elsewhere the photo is sent and read on the server.
if ("BarcodeDetector" in window) {
  const detector = new BarcodeDetector({formats: ["qr_code"]});
  const found = (codes) => {
    const seal = codes.map((c) => c.rawValue).find((t) => t.toUpperCase().startsWith("BL1:"));
    if (seal) { document.getElementById("c").value = seal; document.getElementById("paste").submit(); return true; }
    return false;
  };
  const scan = document.getElementById("scan");
  scan.hidden = false;
  scan.addEventListener("click", async () => {
    const video = document.getElementById("camera");
    video.srcObject = await navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}});
    video.hidden = false;
    await video.play();
    const look = async () => { if (!found(await detector.detect(video))) requestAnimationFrame(look); };
    look();
  });
  document.getElementById("photo").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (file && found(await detector.detect(await createImageBitmap(file)))) event.preventDefault();
  });
}
