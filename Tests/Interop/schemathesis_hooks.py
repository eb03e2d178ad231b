"""Schemathesis hooks for Tests/Interop/api_conforms.py (loaded through SCHEMATHESIS_HOOKS).

What a generated request cannot know, these fill in: the session's anti-forgery token (and a fresh
one-time token) in every page form, the sign-in form's own token and cookie (and, one time in ten,
the real username and password), and the bank's HMAC signature over the exact body a notification
carries; and one valid request for each operation that random data seldom gets right. Every answer
is written to a file as one JSON line (method, path, status, where a redirect goes, what a refusal
said), which api_conforms.py counts. The settings come from the JSON file named by
CASHLESS_SCHEMATHESIS.
"""
import hashlib, hmac, json, os, re, threading, time, uuid

import requests
import schemathesis

with open(os.environ["CASHLESS_SCHEMATHESIS"], encoding="utf-8") as _file:
    SETTINGS = json.load(_file)
_lock = threading.Lock()
_sign_ins = [0]
LOGIN_TOKEN = "schemathesis-login-token"


def _form_operation(case):
    content = case.media_type or ""
    return case.operation.method.upper() == "POST" and (
        content.startswith("application/x-www-form-urlencoded") or content.startswith("multipart/form-data"))


@schemathesis.hook
def map_body(context, body):
    operation = context.operation
    if operation is None or operation.method.upper() != "POST" or not isinstance(body, dict):
        return body
    path = operation.path
    if path == "/login":
        body = dict(body, _csrf=LOGIN_TOKEN)
        with _lock:
            _sign_ins[0] += 1
            real = _sign_ins[0] % 10 == 1  # one case in ten signs in for real (PBKDF2 costs time)
        if real:
            body.update(username=SETTINGS["username"], password=SETTINGS["password"])
        return body
    if path == "/logout":
        return dict(body, _csrf=SETTINGS["logoutCsrf"])
    if not path.startswith("/v1/") and path != "/verify":
        return dict(body, _csrf=SETTINGS["csrf"], _once=uuid.uuid4().hex)  # a page form's one-time token: any fresh one
    return body


# One valid request per operation that random data seldom gets right (CSV files, a VietQR payload,
# names the rules accept), sent in the examples phase, so that each is seen to succeed as well.
PAYLOAD = ("00020101021138570010A00000072701270006970436011300110018008790208QRIBFTTA53037045802VN5924"
           "Nguyen Thi Hoa - Quay 1262070303Q1264340002vi0124Nguyễn Thị Hoà – Quầy 126304D43C")
RECEIPT = {"payerName": "Lê Văn Bình", "payerReference": "HS0042 3A", "feeType": "Học phí tháng 9", "amount": 1250000,
           "method": "cash"}
STALLS_CSV = "Quầy,Họ tên,Ngân hàng,Số tài khoản,Chủ tài khoản\nQ8,Lê Thị Ánh,VCB,0011001800880,LE THI ANH\n"
BILLS_CSV = "Họ tên,Mã học sinh,Lớp,Khoản thu,Số tiền\nNguyễn Thị Hoà,HS0043,3A,Học phí tháng 9,1250000\n"
STATEMENT_CSV = ("Ngày giao dịch,Số tham chiếu,Ghi nợ,Ghi có,Nội dung,Người chuyển\n"
                 "01/10/2026 10:30:00,FT26274003,,200.000,ung ho quy lop 3A,PHAM VAN C\n")
QR = {"bank": "970436", "account": "0011001234567", "amount": 50000, "purpose": "Phí chợ", "name": "Nguyễn Thị Hoà"}
EXAMPLES = {
    "GET /v1/qr.png": {"query": QR},
    "GET /v1/qr.svg": {"query": QR},
    "POST /v1/markets/{id}/vendors": {"body": {"stall": "B07", "name": "Trần Văn Đức", "bank": "VCB",
                                               "account": "0011001234567", "holder": "TRAN VAN DUC"}},
    "POST /v1/markets/{id}/vendors/import": {"body": STALLS_CSV, "media_type": "text/csv"},
    "POST /v1/markets/{id}/vendors/from-qr": {"body": {"stall": "B08", "payload": PAYLOAD}},
    "POST /v1/units/{id}/receipts": {"body": RECEIPT, "headers": {"Idempotency-Key": "schemathesis-example"}},
    "POST /v1/receipts/{id}/replace": {"body": dict(RECEIPT, amount=1300000),
                                       "headers": {"Idempotency-Key": "schemathesis-replace"}},
    "POST /v1/receipts/{id}/adjust": {"body": dict(RECEIPT, amount=1300000),
                                      "headers": {"Idempotency-Key": "schemathesis-adjust"}},
    "POST /v1/units/{id}/bills": {"body": {"payerName": "Phạm Minh Đức", "feeType": "Học phí tháng 9", "amount": 1250000}},
    "POST /v1/units/{id}/bills/import": {"body": BILLS_CSV, "media_type": "text/csv"},
    "POST /v1/units/{id}/statements": {"body": STATEMENT_CSV, "media_type": "text/csv"},
    "POST /v1/payments/{id}/match": {"body": {"payerName": "Phạm Văn C", "feeType": "Quỹ lớp 3A"}},
    "POST /v1/hooks/bank/{id}": {"body": {"transactionId": "FT26337009", "amount": 200000, "content": "ung ho quy lop 3A",
                                          "payerName": "PHAM VAN C"}},
    "POST /verify": {"form": {"c": "HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N"}},
    "POST /v1/users": {"body": {"username": "ke.toan", "displayName": "Đỗ Thị Lan", "role": "admin",
                                "password": "mật-khẩu-kế-toán-2026"}},
    "POST /markets/{id}/stalls": {"form": {"stall": "C01", "name": "Lê Thị Ánh", "bank": "VCB", "account": "0011001800881",
                                           "holder": "LE THI ANH"}},
    "POST /markets/{id}/import": {"form": {"file": STALLS_CSV.replace("Q8", "Q9").encode()}},
    "POST /markets/{id}/from-qr": {"form": {"stall": "C02", "payload": PAYLOAD}},
    # A stall code the market has (seeded): refused as a conflict, on the page as in the API.
    "POST /markets/{id}/stalls#taken": {"form": {"stall": "A01", "name": "Lê Thị Ánh"}},
    "POST /markets/{id}/from-qr#taken": {"form": {"stall": "A01", "payload": PAYLOAD}},
    "POST /v1/markets/{id}/vendors#taken": {"body": {"stall": "A01", "name": "Lê Thị Ánh"}},
    "POST /units/{id}/bills": {"form": {"payerName": "Lê Văn Bình", "payerReference": "HS0042 3A",
                                        "feeType": "Học phí tháng 10", "amount": "1250000", "dueDate": "31/10/2026"}},
    "POST /units/{id}/bills/import": {"form": {"file": BILLS_CSV.replace("HS0043", "HS0045").encode()}},
    "POST /units/{id}/cash": {"form": {"payerName": "Trần Thu Hà", "feeType": "Quỹ lớp 3A", "amount": "50000"}},
    "POST /bills/{id}/cancel": {"form": {"reason": "Lập nhầm phiếu"}},
    "POST /v1/bills/{id}/cancel": {"body": {"reason": "Lập nhầm phiếu"}},
    "POST /payments/{id}/match": {"form": {"billId": "{bill}", "bill": "{billCode}"}},  # the bill by id, or by its code
    "POST /receipts/{id}/mend": {"form": {"kind": "replace", "payerName": "Trần Thu Hà", "feeType": "Quỹ lớp 3A",
                                          "amount": "60000"}},
}


@schemathesis.hook
def before_add_examples(context, examples):
    operation = context.operation
    if operation is None:
        return
    name = f"{operation.method.upper()} {operation.path}"
    for example_name, example in EXAMPLES.items():
        if example_name.split("#")[0] == name:
            examples.append(_example(operation, name, example))


def _example(operation, name, example):
    path_parameters = {"id": SETTINGS["ids"][name]} if "{id}" in operation.path else None
    if "form" in example:
        media_type = "multipart/form-data" if "file" in example["form"] else "application/x-www-form-urlencoded"
        form = {field: value.replace("{billCode}", SETTINGS["billCode"]).replace("{bill}", str(SETTINGS["bill"]))
                if isinstance(value, str) else value for field, value in example["form"].items()}
        form.update(_csrf=SETTINGS["csrf"], _once=uuid.uuid4().hex)
        return operation.Case(path_parameters=path_parameters, body=form, media_type=media_type,
                              cookies={"cashless_session": SETTINGS["session"]})
    # The configured authentication is not applied to cases made here: each carries the admin key itself.
    given = {key: example[key] for key in ("query", "body", "media_type") if key in example}
    headers = dict(example.get("headers", {}), Authorization="Bearer " + SETTINGS["key"])
    return operation.Case(path_parameters=path_parameters, headers=headers, **given)


@schemathesis.hook
def before_call(context, case, kwargs):
    path, method = case.operation.path, case.operation.method.upper()
    if path == "/login" and method == "POST":
        case.cookies = dict(case.cookies or {}, cashless_login=LOGIN_TOKEN)
    if path == "/logout" and method == "POST":
        # A session of its own, so that signing out does not end the one the other pages use.
        case.cookies = dict(case.cookies or {}, cashless_session=SETTINGS["logoutSession"])
    if path == "/v1/hooks/bank/{id}" and method == "POST":
        # The body as requests will send it (schemathesis hands JSON bodies to requests' json=).
        try:
            if isinstance(case.body, (bytes, str)):
                sent = case.body
            else:
                sent = requests.Request("POST", "http://127.0.0.1/", json=case.body).prepare().body or b""
        except (TypeError, ValueError):
            return  # a body JSON cannot carry (bytes, NaN): sent unsigned, answered 400 or 401
        if isinstance(sent, str):
            sent = sent.encode()
        timestamp = str(int(time.time()))
        signature = hmac.new(SETTINGS["hookSecret"].encode(), timestamp.encode() + b"." + sent, hashlib.sha256).hexdigest()
        case.headers = dict(case.headers or {}, **{"X-Cashless-Timestamp": timestamp, "X-Cashless-Signature": "sha256=" + signature})


def _problem(response):
    """What a refusal says: a problem's detail and errors, or a page's problem list (for reading the answers file)."""
    try:
        text = response.content.decode("utf-8", "replace")
    except Exception:
        return None
    if "html" in (response.headers.get("content-type") or [""])[0]:
        found = re.search(r'class="problems"[^>]*>(.*?)</(?:div>|p>\s*(?!<ul))', text, re.S)
        return re.sub(r"<[^>]+>", " ", found.group(1))[:300] if found else None
    return text[:300]


@schemathesis.hook
def after_call(context, case, response):
    location = response.headers.get("location") or [""]  # lowercase names, each a list of values
    record = {"method": case.operation.method.upper(), "path": case.operation.path, "status": response.status_code,
              "location": location[0], "id": (case.path_parameters or {}).get("id"),
              "url": response.request.url, "sent": response.request.method,
              "problem": _problem(response) if 400 <= response.status_code < 600 else None}
    with _lock, open(SETTINGS["answers"], "a", encoding="utf-8") as file:
        file.write(json.dumps(record) + "\n")
