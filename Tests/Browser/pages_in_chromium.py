"""The web pages in a real browser: Debian's chromium, headless, 360 px wide as an old phone,
driven by selenium (PyPI) against a real `cashless serve` on a fresh SQLite database.

    python pages_in_chromium.py .build/debug/cashless ARTIFACTS_DIR

It signs in as a market board, adds a stall (one named <script>…) and finds it on the printed
sheet; issues a bill and opens its payer's link (the code, the copy buttons); sends the matching
bank notification (signed as a bank would), sees the same link show the receipt, downloads its
PDF and opens its verify link; a wrong or revoked link gets one neutral page; then the public
verify page with the receipt's code ("hợp lệ"), then with one character changed (the rejection);
signs in as a province officer, sees the communes ranked and opens one. Screenshots and page
sources go to ARTIFACTS_DIR; each is checked for its key text.
Exit status 0 only when every check passes.
"""
import hashlib, hmac, json, os, re, shutil, subprocess, sys, tempfile, time, urllib.parse, urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Interop"))
import served

cashless, artifacts = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
root = served.root
os.makedirs(artifacts, exist_ok=True)
failures = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what)
    if not condition:
        failures.append(what)


data = tempfile.mkdtemp(prefix="cashless-browser-")
port = served.free_port()
base = f"http://127.0.0.1:{port}"
environment = served.environment(data, port)
server, key = served.start(cashless, environment)
driver = None
try:

    def api(method, path, body=None, headers=None, raw=None):
        data_bytes = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(base + path, data=data_bytes, method=method,
                                         headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json", **(headers or {})})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)

    commune = api("POST", "/v1/communes", {"name": "Phường Điện Biên", "province": "Thanh Hóa"})["id"]
    market = api("POST", "/v1/units", {"kind": "market", "name": "Chợ Điện Biên", "communeId": commune})["id"]
    school = api("POST", "/v1/units", {"kind": "school", "name": "Trường Tiểu học Điện Biên", "communeId": commune,
                                       "address": "Phường Điện Biên, Thanh Hóa", "taxCode": "2801234567",
                                       "bankBin": "970436", "bankAccount": "0011001234567", "bankHolder": "TRUONG TIEU HOC DIEN BIEN"})["id"]
    subprocess.run([cashless, "keys", "generate", "--unit", str(school)], env=environment, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([cashless, "admin", "create-user", "--username", "thu.quy", "--name", "Trần Thu Hà", "--role", "unit",
                    "--scope", str(school)], env=environment, check=True, input="mật-khẩu-trường-2026\n", text=True, stdout=subprocess.DEVNULL)
    subprocess.run([cashless, "admin", "create-user", "--username", "ban.quan.ly", "--name", "Nguyễn Thị Hoà", "--role", "unit",
                    "--scope", str(market)], env=environment, check=True, input="mật-khẩu-chợ-2026\n", text=True, stdout=subprocess.DEVNULL)

    def phone(width):
        """Chromium as a phone `width` px wide (desktop chromium will not make a window narrower than 500 px)."""
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        # A camera for the verify page's scan: chromium's own fake one (a moving test picture), allowed without asking.
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--lang=vi",
                         "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"):
            options.add_argument(argument)
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": 800, "pixelRatio": 2}})
        browser = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        browser.set_page_load_timeout(60)
        browser.implicitly_wait(5)
        return browser

    driver = phone(360)

    def arrived(address):
        """Whether the browser reaches `address` (a prefix) within 10 s of a click."""
        deadline = time.time() + 10
        while time.time() < deadline:
            if driver.current_url.startswith(address):
                return True
            time.sleep(0.1)
        return False

    def shows(text):
        """Whether the page shows `text` within 10 s (a form posted a moment ago may still be loading)."""
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                if text in driver.find_element(By.TAG_NAME, "body").text:
                    return True
            except StaleElementReferenceException:
                pass  # the page changed under the read: read the new one
            time.sleep(0.1)
        return False

    def keep(name, expected):
        """Screenshot and source of the page as it is, checked for its key text."""
        driver.save_screenshot(os.path.join(artifacts, name + ".png"))
        with open(os.path.join(artifacts, name + ".html"), "w", encoding="utf-8") as file:
            file.write(driver.page_source)
        text = driver.find_element(By.TAG_NAME, "body").text
        for phrase in expected:
            check(phrase in text, f"{name}: the page shows {phrase!r}")
        check(os.path.getsize(os.path.join(artifacts, name + ".png")) > 2000, f"{name}: a screenshot was kept")
        width, viewport = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        check(viewport == 360 and width <= 360, f"{name}: fits 360 px without scrolling sideways (scroll width {width} of {viewport})")

    # The market board signs in, adds a stall, and sees it on the printed sheet.
    driver.get(base + "/login")
    driver.find_element(By.ID, "username").send_keys("ban.quan.ly")
    driver.find_element(By.ID, "password").send_keys("mật-khẩu-chợ-2026")
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    check(arrived(f"{base}/markets/{market}"), f"signing in lands on the market ({driver.current_url})")
    for field, value in (("stall", "Q7"), ("name", "Trần Văn Đức"), ("bank", "VCB"), ("account", "0011001800879"), ("holder", "TRAN VAN DUC")):
        driver.find_element(By.ID, field).send_keys(value)
    driver.find_element(By.CSS_SELECTOR, f"form[action='/markets/{market}/stalls'] button").click()
    check(arrived(f"{base}/markets/{market}?notice="), "adding a stall comes back to the market with a notice")
    keep("market-board", ["Đã thêm quầy Q7", "Trần Văn Đức", "Vietcombank", "0/1 quầy — 0%"])
    driver.find_element(By.ID, "stall").send_keys("Q8")
    driver.find_element(By.ID, "name").send_keys("<script>alert(1)</script>")
    driver.find_element(By.CSS_SELECTOR, f"form[action='/markets/{market}/stalls'] button").click()
    check(shows("Đã thêm quầy Q8"), "the second stall was added")
    try:
        driver.switch_to.alert
        check(False, "a stall named <script>alert(1)</script> runs no script")
    except NoAlertPresentException:
        check(True, "a stall named <script>alert(1)</script> runs no script")
    keep("market-board-escaped", ["<script>alert(1)</script>"])
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in driver.get_cookies())
    sheet = os.path.join(artifacts, "sheet.pdf")
    with urllib.request.urlopen(urllib.request.Request(f"{base}/markets/{market}/sheet.pdf", headers={"Cookie": cookie}), timeout=60) as response, \
            open(sheet, "wb") as file:
        file.write(response.read())
    sheet_text = subprocess.run(["pdftotext", "-raw", sheet, "-"], capture_output=True, text=True).stdout
    check("Trần Văn Đức" in sheet_text and "Q7" in sheet_text, "the printed sheet shows the new stall")

    # The bursar signs in and makes a bill on the page; the bank notifies the matching transfer; the
    # receipt appears on the bursar's page, and its code is checked on the public verify page.
    driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
    check(arrived(f"{base}/login"), "signing out goes back to the sign-in page")
    driver.find_element(By.ID, "username").send_keys("thu.quy")
    driver.find_element(By.ID, "password").send_keys("mật-khẩu-trường-2026")
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    check(arrived(f"{base}/units/{school}"), f"the bursar lands on the school's page ({driver.current_url})")
    for field, value in (("payerName", "Lê Văn Bình"), ("payerReference", "HS0042 3A"), ("feeType", "Học phí tháng 9"),
                         ("amount", "1250000"), ("dueDate", "30/09/2026")):
        driver.find_element(By.ID, field).send_keys(value)
    driver.find_element(By.CSS_SELECTOR, f"form[action='/units/{school}/bills'] button").click()
    check(arrived(f"{base}/units/{school}?notice="), "making a bill comes back to the school's page with a notice")
    made = re.search(r"Đã lập phiếu (HP\d\d [0-9A-Z]{5})", driver.find_element(By.TAG_NAME, "body").text)
    check(made is not None, "the bill was made on the page, with its code")
    keep("bursar-bill", ["Lê Văn Bình", "1.250.000 đ"])
    code = made.group(1) if made else "HP26 XXXXX"

    # The payer opens the bill's link on a 360 px phone: the code to scan or save, the fields to copy.
    bill = next(item for item in api("GET", f"/v1/units/{school}/bills")["items"] if item["code"] == code)
    pay_url = bill["payUrl"].replace("https://thu.example.vn", base) if bill.get("payUrl") else None
    check(pay_url is not None and pay_url.startswith(base + "/p/"), f"the bill has a payer's link ({bill.get('payUrl')})")
    driver.get(pay_url)
    keep("payer-open", ["Phiếu báo thu", "Lê Văn Bình", "1.250.000 đ", "Một triệu hai trăm năm mươi nghìn đồng",
                        "Cách 1: quét mã QR", "Lưu ảnh mã QR", "Nội dung chuyển khoản"])
    fields = {name: driver.find_element(By.ID, "f-" + name).get_attribute("value") for name in ("bank", "account", "holder", "amount")}
    check(fields == {"bank": "Vietcombank", "account": "0011001234567", "holder": "TRUONG TIEU HOC DIEN BIEN", "amount": "1250000"},
          f"the bank, account, holder and amount are there to copy ({fields})")
    image = driver.find_element(By.CSS_SELECTOR, ".qr img")
    loaded, width, alt = driver.execute_script("const i = arguments[0]; return [i.complete && i.naturalWidth > 0, i.getBoundingClientRect().width, i.alt]", image)
    check(loaded and width >= 200, f"the code shows, large enough to scan from another screen ({width} px)")
    check("chuyển khoản theo cách 2" in alt, "with images off, the code's place says how else to pay")
    check(len(driver.page_source.encode()) < 30000, f"the payer's page is under 30 KB ({len(driver.page_source.encode())} bytes)")
    # The oldest phones are 320 px wide: the page still fits without scrolling sideways.
    small = phone(320)
    try:
        small.get(pay_url)
        narrow = small.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        check(narrow[1] == 320 and narrow[0] <= 320, f"the payer's page fits 320 px ({narrow[0]} of {narrow[1]})")
        small.save_screenshot(os.path.join(artifacts, "payer-open-320.png"))
    finally:
        small.quit()
    content = driver.find_element(By.ID, "f-content")
    check(content.get_attribute("value") == code, "the transfer content to copy is the bill's code")
    driver.execute_cdp_cmd("Browser.grantPermissions", {"origin": base, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    copy = driver.find_element(By.CSS_SELECTOR, "button[data-copy='f-content']")
    check(copy.is_displayed(), "with its script the page offers a copy button beside each field")
    copy.click()
    check(shows("Đã chép"), "the copy button says it copied")
    copied = driver.execute_async_script("const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('error: ' + e))")
    check(copied == code, f"the clipboard holds the bill's code ({copied!r})")
    driver.get(base + "/p/" + "A" * 32)
    wrong_text = driver.find_element(By.TAG_NAME, "body").text
    keep("payer-wrong-link", ["Không mở được phiếu"])

    secret = api("POST", f"/v1/units/{school}/hook-secret")["secret"]
    notice = json.dumps({"transactionId": "FT26273001", "amount": 1250000,
                         "content": f"MBVCB.1234567.{code.replace(' ', '')}.LE VAN BINH chuyen tien"}).encode()
    timestamp = str(int(time.time()))
    signature = hmac.new(secret.encode(), timestamp.encode() + b"." + notice, hashlib.sha256).hexdigest()
    answer = api("POST", f"/v1/hooks/bank/{school}", raw=notice,
                 headers={"X-Cashless-Timestamp": timestamp, "X-Cashless-Signature": "sha256=" + signature})
    check(answer["status"] == "matched", f"the bank's notification paid the bill ({answer['status']})")
    driver.get(f"{base}/units/{school}")
    keep("bursar-receipt", ["26T 0000001", "Lê Văn Bình", "Chuyển khoản qua mã QR"])
    driver.find_element(By.LINK_TEXT, "26T 0000001").click()
    check(arrived(f"{base}/receipts/") and shows("Tra cứu / xác thực"), "the receipt's page opens from the list")
    keep("receipt-page", ["BIÊN LAI THU PHÍ, LỆ PHÍ", "Một triệu hai trăm năm mươi nghìn đồng", "Tra cứu / xác thực"])
    receipt = api("GET", f"/v1/receipts/{answer['receiptId']}")

    # The same link now shows the sealed receipt, its PDF downloads, and its verify link says it is valid.
    driver.get(pay_url)
    keep("payer-paid", ["Biên lai điện tử", "Đã nộp đủ", "26T 0000001", "1.250.000 đ", "Tải biên lai PDF (A5)"])
    pdf_link = driver.find_element(By.LINK_TEXT, "Tải biên lai PDF (A5)").get_attribute("href")
    with urllib.request.urlopen(pdf_link, timeout=60) as response:
        check(response.headers["Content-Type"] == "application/pdf", "the receipt's PDF downloads from the payer's link")
        pdf = os.path.join(artifacts, "payer-receipt.pdf")
        with open(pdf, "wb") as file:
            file.write(response.read())
    pdf_text = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, text=True).stdout
    check("0000001" in pdf_text and "Lê Văn Bình" in pdf_text, "the downloaded PDF is the receipt")
    verify_link = driver.find_element(By.LINK_TEXT, "Kiểm tra biên lai trên trang xác thực").get_attribute("href")
    driver.get(verify_link.replace("https://thu.example.vn", base) if verify_link.startswith("https://thu.example.vn") else verify_link)
    keep("payer-verify", ["Biên lai hợp lệ", "Lê Văn Bình"])
    api("POST", f"/v1/bills/{bill['id']}/link/revoke")
    driver.get(pay_url)
    check(driver.find_element(By.TAG_NAME, "body").text == wrong_text, "a revoked link gets the same neutral page as a wrong one")
    driver.get(base + "/verify?c=" + urllib.parse.quote(receipt["seal"], safe=""))
    keep("verify-valid", ["Biên lai hợp lệ", "Lê Văn Bình", "1.250.000 đ", "Trường Tiểu học Điện Biên"])
    check("Không hợp lệ" not in driver.find_element(By.TAG_NAME, "body").text, "the valid receipt is not called invalid")
    seal = list(receipt["seal"])
    middle = len(seal) // 2
    seal[middle] = "B" if seal[middle] == "A" else "A"
    driver.get(base + "/verify?c=" + urllib.parse.quote("".join(seal), safe=""))
    keep("verify-tampered", ["Không hợp lệ"])
    check("Biên lai hợp lệ" not in driver.find_element(By.TAG_NAME, "body").text, "the changed receipt is not called valid")

    # Scanning with the camera. Where the browser has no BarcodeDetector (chromium on Linux has
    # none), the scan button stays hidden and the photo upload is what is offered.
    native = driver.execute_script('return "BarcodeDetector" in window')
    if not native:
        driver.get(base + "/verify")
        check(not driver.find_element(By.ID, "scan").is_displayed(), "without BarcodeDetector the page offers no camera scan")
    # With one (a stand-in that reads the receipt's code off the camera once its picture plays,
    # where the browser has none), the page opens the camera, reads the code and checks it.
    stand_in = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": """
        if (!("BarcodeDetector" in window)) {
          window.BarcodeDetector = class {
            constructor(options) { this.formats = options.formats; }
            async detect(source) {
              const playing = source instanceof HTMLVideoElement && source.readyState >= 2 && source.videoWidth > 0;
              return playing ? [{format: "qr_code", rawValue: %s}] : [];
            }
          };
        }""" % json.dumps(receipt["seal"])})
    driver.get(base + "/verify")
    scan = driver.find_element(By.ID, "scan")
    check(scan.is_displayed(), "with BarcodeDetector the page offers the camera scan")
    scan.click()
    check(arrived(base + "/verify?c=") and shows("Biên lai hợp lệ"), "the code read by the camera is checked: valid")
    keep("verify-camera", ["Biên lai hợp lệ", "Lê Văn Bình"])
    driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": stand_in["identifier"]})

    # A province officer signs in to the province's page: the communes ranked, and a link to each.
    province = api("GET", f"/v1/communes/{commune}")["provinceId"]
    api("POST", "/v1/communes", {"name": "Xã Quảng Thắng", "province": "Thanh Hoá"})
    api("POST", "/v1/communes", {"name": "Xã Nghi Lộc", "province": "Nghệ An"})
    subprocess.run([cashless, "admin", "create-user", "--username", "so.tai.chinh", "--name", "Lê Thị Minh", "--role", "province",
                    "--scope", str(province)], env=environment, check=True, input="mật-khẩu-tỉnh-2026\n", text=True, stdout=subprocess.DEVNULL)
    driver.get(f"{base}/units/{school}")
    driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").click()
    check(arrived(f"{base}/login"), "the bursar signs out")
    driver.find_element(By.ID, "username").send_keys("so.tai.chinh")
    driver.find_element(By.ID, "password").send_keys("mật-khẩu-tỉnh-2026")
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button").click()
    check(arrived(f"{base}/provinces/{province}"), f"the province officer lands on the province's page ({driver.current_url})")
    keep("province", ["Thanh Hóa", "0/2 xã, phường đạt mọi tiêu chí", "Phường Điện Biên", "Xã Quảng Thắng", "✓ đạt, ✗ chưa đạt",
                      "Tải bảng xếp hạng (CSV)"])
    check("Nghi Lộc" not in driver.find_element(By.TAG_NAME, "body").text, "a commune of another province is not on the page")
    driver.find_element(By.LINK_TEXT, "Phường Điện Biên").click()
    check(arrived(f"{base}/communes/{commune}"), "the commune's page opens from the province's")
    keep("province-commune", ["Phường Điện Biên", "Chợ Điện Biên"])
finally:
    if driver is not None:
        driver.quit()
    server.terminate()
    server.wait(timeout=30)
    shutil.rmtree(data, ignore_errors=True)

if failures:
    sys.exit(f"pages_in_chromium: {len(failures)} check(s) failed")
print("pages_in_chromium: every check passed")
