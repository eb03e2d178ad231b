"""Schemathesis (PyPI) against the service's own /openapi.json, on a seeded database.

    python api_conforms.py .build/debug/cashless [--max-time 140] [--workers 1] [--seed N] [--keep DIR]

Starts `cashless serve` on a fresh SQLite database in a temporary folder (a free loopback port,
Config/ for its settings, rate limits raised so that schemathesis is not answered 429), seeds it
through the API (a commune, a market with stalls, two schools with signing keys, a bill, receipts,
unmatched payments, a webhook secret, a spare API key, an admin user signed in twice for the
pages), then runs `st run` with the admin key, the session cookie and a fixed id for every path
parameter (the record each operation needs, in a generated schemathesis.toml), bounded by
--max-time; schemathesis_hooks.py (beside this file) fills in what a generated request cannot know.
The checks: not_a_server_error, status_code_conformance, content_type_conformance,
response_schema_conformance, response_headers_conformance. Then the 429s: a second server with
the public and sign-in limits at 2 a minute, each limited door asked three times, every answer
judged by the same checks. Then the 503s: the first server again on its database with one thread
and no queue for expensive work, each PDF and sign-in asked six times at once, every answer judged.

Exit status 0 only when every check passed, every operation was answered at least once with
something other than 401, 403, 404 or a redirect to the sign-in page (reached past authentication
and its record), signing out ended its session and the pages' session outlived the run. It prints
what each operation was answered, the number of cases, and the operations answered 2xx (or, for a
page's form, a 303 elsewhere than /login).
"""
import argparse, collections, json, os, re, shutil, subprocess, sys, tempfile, time, urllib.error, urllib.parse, urllib.request

import served

parser = argparse.ArgumentParser()
parser.add_argument("cashless")
parser.add_argument("--max-time", type=int, default=140)
parser.add_argument("--workers", type=int, default=1,
                    help="more than one meets a CPython 3.11 race in ast.parse ('AST constructor recursion depth mismatch') now and then")
parser.add_argument("--seed", type=int, default=20261203)
parser.add_argument("--document", help="an OpenAPI file to test against instead of the server's /openapi.json (while editing it)")
parser.add_argument("--keep", help="a folder to keep schemathesis.toml, the answers, the servers' log and the JUnit report in")
arguments = parser.parse_args()
cashless = os.path.abspath(arguments.cashless)
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
st = os.path.join(os.path.dirname(sys.executable), "st")


data = tempfile.mkdtemp(prefix="cashless-schemathesis-")
work = os.path.abspath(arguments.keep) if arguments.keep else data
os.makedirs(work, exist_ok=True)
port = served.free_port()
base = f"http://127.0.0.1:{port}"
plenty = "1000000"
environment = served.environment(data, port, CASHLESS_PUBLIC_RATE=plenty, CASHLESS_SIGN_IN_RATE=plenty,
                                 CASHLESS_SIGN_IN_USER_RATE=plenty, CASHLESS_WORK_QUEUE="4096")
log = open(os.path.join(work, "server.log"), "w")
server, key = served.start(cashless, environment, stderr=log)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


def call(method, path, body=None, headers=None, raw=None, key=None):
    """(status, headers, body bytes) of one request; no redirect followed."""
    payload = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    all_headers = {"Content-Type": "application/json", **(headers or {})}
    if key:
        all_headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(base + path, data=payload, method=method, headers=all_headers)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def judge(case, response, busy=False):
    """The checks' verdicts on one answer: a list of reasons, empty when it conforms. When `busy`, a
    503 the document names (the expensive work's threads are full) is not a server error."""
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (content_type_conformance, response_headers_conformance,
                                                   response_schema_conformance, status_code_conformance)
    checks = [status_code_conformance, content_type_conformance, response_schema_conformance, response_headers_conformance]
    if not busy:
        checks.append(not_a_server_error)
    try:
        case.validate_response(response, checks=checks)
    except BaseExceptionGroup as failures:  # schemathesis's FailureGroup: one per failed check
        return [" ".join(str(failure).split())[:200] for failure in failures.exceptions]
    return []


def busy_answers_conform(document):
    """The 429 answers, which the run above never meets (its limits are raised): a second server with
    the public and sign-in limits at 2 a minute is sent 3 requests to each limited door, and every
    answer is judged by the same checks against the document. True when each door answered 429
    (with Retry-After) and every answer conforms."""
    import requests
    import schemathesis

    limited_port = served.free_port()
    limited_data = tempfile.mkdtemp(prefix="cashless-schemathesis-429-")
    limited = dict(served.environment(limited_data, limited_port), CASHLESS_PUBLIC_RATE="2", CASHLESS_SIGN_IN_RATE="2")
    process, _ = served.start(cashless, limited, stderr=log, admin_key=False)
    limited_base = f"http://127.0.0.1:{limited_port}"
    try:
        schema = schemathesis.openapi.from_dict(document)
        doors = [("POST", "/v1/qr/decode", {"body": {"payload": "000201"}}), ("POST", "/v1/verify", {"body": {"seal": "HC1:"}}),
                 ("GET", "/verify", {}), ("POST", "/verify", {"body": {"c": "HC1:"}, "media_type": "multipart/form-data"}),
                 ("GET", "/v1/trust-list", {}), ("GET", "/v1/qr.png", {"query": {"bank": "970436", "account": "0011001234567"}}),
                 ("GET", "/v1/qr.svg", {"query": {"bank": "970436", "account": "0011001234567"}}),
                 ("GET", "/v1/units/{id}/status-list", {"path_parameters": {"id": 1}}),
                 ("POST", "/login", {"body": {"_csrf": "t", "username": "ai.do", "password": "sai-mật-khẩu"},
                                     "media_type": "application/x-www-form-urlencoded", "cookies": {"cashless_login": "t"}})]
        good = True
        with requests.Session() as session:
            for method, path, given in doors:
                statuses = []
                for _ in range(3):
                    case = schema[path][method].Case(**given)
                    response = case.call(base_url=limited_base, session=session)
                    statuses.append(response.status_code)
                    reasons = judge(case, response)
                    if reasons:
                        print(f"FAIL {method} {path} answered {response.status_code}, not as documented: {'; '.join(reasons)}")
                        good = False
                    # schemathesis's response: header names in lowercase, each with a list of values
                    if response.status_code == 429 and not (response.headers.get("retry-after") or [""])[0].isdigit():
                        print(f"FAIL {method} {path} answered 429 without Retry-After")
                        good = False
                if statuses[-1] != 429:
                    print(f"FAIL {method} {path} was never answered 429 past its limit ({statuses})")
                    good = False
        print(("ok    " if good else "FAIL  ") + f"past their limits, the {len(doors)} limited doors answer 429 as documented")
        return good
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(limited_data, ignore_errors=True)


try:
    def api(method, path, body=None, expect=(200, 201), **options):
        status, _, answer = call(method, path, body, key=key, **options)
        if status not in expect:
            sys.exit(f"api_conforms: seeding {method} {path} answered {status}: {answer[:500]!r}")
        return json.loads(answer) if answer else None

    # The records every operation needs.
    created = api("POST", "/v1/communes", {"name": "Phường Điện Biên", "province": "Thanh Hóa"})
    commune, province = created["id"], created["provinceId"]
    market = api("POST", "/v1/units", {"kind": "market", "name": "Chợ Điện Biên", "communeId": commune})["id"]
    bank = {"address": "Phường Điện Biên, Thanh Hóa", "taxCode": "2801234567", "bankBin": "970436",
            "bankAccount": "0011001234567", "bankHolder": "TRUONG TIEU HOC DIEN BIEN"}
    school = api("POST", "/v1/units", {"kind": "school", "name": "Trường Tiểu học Điện Biên", "communeId": commune, **bank})["id"]
    other_school = api("POST", "/v1/units", {"kind": "school", "name": "Trường THCS Điện Biên", "communeId": commune, **bank})["id"]
    for unit in (school, other_school):
        subprocess.run([cashless, "keys", "generate", "--unit", str(unit)], env=environment, check=True, stdout=subprocess.DEVNULL)

    def stall(code):
        return api("POST", f"/v1/markets/{market}/vendors", {"stall": code, "name": "Trần Văn Đức", "bank": "VCB",
                                                             "account": "0011001234567", "holder": "TRAN VAN DUC",
                                                             "status": "qr_displayed"})["id"]

    stall_read, stall_patch, stall_status, stall_close = (stall(code) for code in ("A01", "A02", "A03", "A04"))
    made_bill = api("POST", f"/v1/units/{school}/bills", {"payerName": "Lê Văn Bình", "payerReference": "HS0042 3A",
                                                          "feeType": "Học phí tháng 9", "amount": 1250000, "dueDate": "30/09/2026"})
    bill, bill_code = made_bill["id"], made_bill["code"]

    def another_bill(payer, **contacts):
        return api("POST", f"/v1/units/{school}/bills", {"payerName": payer, "feeType": "Học phí tháng 9", "amount": 1250000,
                                                         **contacts})

    # Bills of their own for the operations that change a bill's standing: cancelling, the link
    # renewed or revoked; an open bill's link for the payer's page and code, a paid one's (with the
    # payer's email, so its receipt can be sent again) for its receipt.
    bill_cancel, bill_cancel_page = another_bill("Trần Thu Hà")["id"], another_bill("Đỗ Hải Đăng")["id"]
    bill_link = another_bill("Phạm Minh Đức")["id"]
    open_token = another_bill("Hoàng Gia Bảo")["payToken"]
    paid = another_bill("Vũ Ngọc Ánh", payerEmail="phu.huynh@example.vn")
    api("POST", f"/v1/units/{school}/receipts", {"payerName": "Vũ Ngọc Ánh", "feeType": "Học phí tháng 9", "amount": 1250000,
                                                 "method": "cash", "billId": paid["id"]}, headers={"Idempotency-Key": "seed-paid-bill"})
    paid_bill, paid_token = paid["id"], paid["payToken"]
    # A messaging gateway for each school: one to read and change, one to remove.
    for unit in (school, other_school):
        api("PUT", f"/v1/units/{unit}/callback", {"url": "https://gateway.example.vn/bien-lai"})

    def receipt(number):
        return api("POST", f"/v1/units/{school}/receipts", {"payerName": "Lê Văn Bình", "feeType": "Học phí tháng 9",
                                                            "amount": 1250000, "method": "cash"},
                   headers={"Idempotency-Key": f"seed-{number}"})["id"]

    receipt_read, receipt_replace, receipt_adjust, receipt_mend = (receipt(number) for number in range(4))
    hook_secret = api("POST", f"/v1/units/{school}/hook-secret")["secret"]

    def unmatched_payment(transaction):
        import hashlib, hmac
        notice = json.dumps({"transactionId": transaction, "amount": 50000, "content": "chuyen tien khong ma"}).encode()
        timestamp = str(int(time.time()))
        signature = hmac.new(hook_secret.encode(), timestamp.encode() + b"." + notice, hashlib.sha256).hexdigest()
        return api("POST", f"/v1/hooks/bank/{school}", raw=notice,
                   headers={"X-Cashless-Timestamp": timestamp, "X-Cashless-Signature": "sha256=" + signature})["paymentId"]

    payment_api, payment_page = unmatched_payment("FT26337001"), unmatched_payment("FT26337002")
    spare_key = api("POST", "/v1/keys", {"role": "unit", "scopeId": school})["id"]
    username, password = "quan.tri", "mật-khẩu-quản-trị-2026"
    api("POST", "/v1/users", {"username": username, "displayName": "Nguyễn Thị Hoà", "role": "admin", "password": password})

    def sign_in():
        """A session cookie and its anti-forgery token."""
        form = urllib.parse.urlencode({"_csrf": "seed", "username": username, "password": password}).encode()
        status, headers, _ = call("POST", "/login", raw=form, headers={"Content-Type": "application/x-www-form-urlencoded",
                                                                      "Cookie": "cashless_login=seed"})
        cookie = next((re.match(r"cashless_session=([^;]+)", value) for value in headers.get_all("Set-Cookie") or []
                       if value.startswith("cashless_session=")), None)
        if status != 303 or cookie is None:
            sys.exit(f"api_conforms: signing in answered {status} without a session")
        status, _, page = call("GET", f"/communes/{commune}", headers={"Cookie": "cashless_session=" + cookie.group(1)})
        token = re.search(r'name="_csrf" value="([^"]+)"', page.decode())
        if status != 200 or token is None:
            sys.exit(f"api_conforms: the commune's page answered {status} without a form token")
        return cookie.group(1), token.group(1)

    session, csrf = sign_in()
    logout_session, logout_csrf = sign_in()

    # A user of its own for the routes that disable a user or set a password, so that the pages'
    # session goes on; and the other school's signing key, for revoking by kid (not the school's,
    # which seals every receipt of the run).
    spare_user = api("POST", "/v1/users", {"username": "tam.thoi", "displayName": "Lý Văn Tạm", "role": "unit",
                                           "scopeId": other_school, "password": "mật-khẩu-tạm-thời-2026"})["id"]
    trust_list = json.loads(urllib.request.urlopen(base + "/v1/trust-list", timeout=30).read())
    spare_kid = next(entry["kid"] for entry in trust_list["keys"] if entry["unitId"] == other_school)

    # Which record each path's parameter names (the operations not listed take none). Some are for
    # routes on other branches of issue 14 (users disabled, bank changes, receipts that wait, keys
    # revoked by kid): listed before they arrive, so that a merge needs no edit here.
    ids = {
        "/v1/communes/{id}": commune, "/v1/communes/{id}/cashless": commune, "/v1/communes/{id}/cashless/history": commune,
        "/communes/{id}": commune, "/communes/{id}/cashless.csv": commune,
        "/v1/units/{id}": school, "/v1/units/{id}/receipts": school, "/v1/units/{id}/status-list": school,
        "/v1/units/{id}/bills": school, "/v1/units/{id}/bills/import": school, "/v1/units/{id}/bills.pdf": school,
        "/v1/units/{id}/hook-secret": other_school, "/v1/units/{id}/statements": school, "/v1/units/{id}/payments": school,
        "/v1/hooks/bank/{id}": school,
        "/units/{id}": school, "/units/{id}/bills": school, "/units/{id}/bills/import": school,
        "/units/{id}/bills.pdf": school, "/units/{id}/cash": school,
        "/v1/markets/{id}/vendors": market, "/v1/markets/{id}/vendors/import": market,
        "/v1/markets/{id}/vendors/from-qr": market, "/v1/markets/{id}/sheet.pdf": market, "/v1/markets/{id}/adoption": market,
        "/markets/{id}": market, "/markets/{id}/stalls": market, "/markets/{id}/import": market,
        "/markets/{id}/from-qr": market, "/markets/{id}/sheet.pdf": market,
        "/v1/vendors/{id}": stall_read, "/v1/vendors/{id}/status": stall_status, "/v1/vendors/{id}/close": stall_close,
        "/v1/vendors/{id}/history": stall_read, "/v1/vendors/{id}/qr.png": stall_read, "/v1/vendors/{id}/qr.svg": stall_read,
        "/v1/vendors/{id}/placard.pdf": stall_read,
        "/v1/keys/{id}/revoke": spare_key,
        "/v1/receipts/{id}": receipt_read, "/v1/receipts/{id}.pdf": receipt_read, "/v1/receipts/{id}.html": receipt_read,
        "/v1/receipts/{id}/replace": receipt_replace, "/v1/receipts/{id}/adjust": receipt_adjust,
        "/receipts/{id}": receipt_read, "/receipts/{id}.pdf": receipt_read, "/receipts/{id}/mend": receipt_mend,
        "/v1/bills/{id}": bill, "/v1/bills/{id}/qr.png": bill,
        "/v1/payments/{id}/match": payment_api, "/payments/{id}/match": payment_page,
        "/v1/payments/{id}/receipt": payment_api, "/payments/{id}/receipt": payment_page,
        "/v1/communes/{id}/bank-changes": commune, "/v1/users/{id}/disable": spare_user, "/v1/users/{id}/enable": spare_user,
        "/v1/users/{id}/password": spare_user, "/v1/signing-keys/{kid}/revoke": spare_kid,
        "/v1/provinces/{id}": province, "/v1/provinces/{id}/cashless": province, "/v1/provinces/{id}/cashless/history": province,
        "/provinces/{id}": province, "/provinces/{id}/cashless.csv": province,
        "/v1/bills/{id}/cancel": bill_cancel, "/bills/{id}/cancel": bill_cancel_page,
        "/v1/bills/{id}/link/renew": bill_link, "/v1/bills/{id}/link/revoke": bill_link, "/bills/{id}/link": bill_link,
        "/bills/{id}": bill, "/p/{token}": open_token, "/p/{token}/qr.png": open_token, "/p/{token}/receipt.pdf": paid_token,
        "/v1/bills/{id}/deliveries": paid_bill, "/bills/{id}/deliveries": paid_bill, "/v1/units/{id}/callback": school,
    }
    by_method = {("PATCH", "/v1/vendors/{id}"): stall_patch, ("DELETE", "/v1/units/{id}/callback"): other_school}
    if arguments.document:
        with open(arguments.document, encoding="utf-8") as file:
            document = json.load(file)
    else:
        document = json.loads(urllib.request.urlopen(base + "/openapi.json", timeout=30).read())
    operations = [(method.upper(), path) for path, item in document["paths"].items() for method in item
                  if method in ("get", "post", "put", "patch", "delete")]
    unnamed = [f"{method} {path}" for method, path in operations if "{" in path and path not in ids]
    if unnamed:
        sys.exit("api_conforms: no record for the path parameter of " + ", ".join(unnamed) + " (add it to ids)")

    def toml_string(text):
        return json.dumps(text, ensure_ascii=False)

    lines = [f"base-url = {toml_string(base)}", f"workers = {arguments.workers}", "max-redirects = 0", "",
             "[phases.stateful]", "enabled = false", "",
             "[auth.openapi.bearer]", f"bearer = {toml_string(key)}", "",
             "[auth.openapi.session]", f"api_key = {toml_string(session)}", ""]
    for method, path in operations:
        name = re.search(r"\{(\w+)\}", path)
        if name is None:
            continue
        record = by_method.get((method, path), ids[path])
        lines += ["[[operations]]", f"include-name = {toml_string(method + ' ' + path)}",
                  f'parameters = {{ "path.{name.group(1)}" = {toml_string(record)} }}']
        lines.append("")
    config = os.path.join(work, "schemathesis.toml")
    with open(config, "w", encoding="utf-8") as file:
        file.write("\n".join(lines))
    answers = os.path.join(work, "answers.ndjson")
    open(answers, "w").close()
    settings = os.path.join(work, "hooks.json")
    with open(settings, "w", encoding="utf-8") as file:
        ids_by_operation = {f"{method} {path}": by_method.get((method, path), ids[path]) for method, path in operations if "{" in path}
        json.dump({"key": key, "session": session, "bill": bill, "billCode": bill_code, "ids": ids_by_operation, "csrf": csrf,
                   "logoutSession": logout_session, "logoutCsrf": logout_csrf, "hookSecret": hook_secret, "username": username, "password": password,
                   "answers": answers}, file)

    run_environment = dict(os.environ, SCHEMATHESIS_HOOKS="schemathesis_hooks", CASHLESS_SCHEMATHESIS=settings,
                           PYTHONPATH=here + os.pathsep + os.environ.get("PYTHONPATH", ""))
    checks = ("not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance",
              "response_headers_conformance")
    location = os.path.abspath(arguments.document) if arguments.document else base + "/openapi.json"
    command = [st, "--config-file", config, "run", location, "--max-time", str(arguments.max_time),
               "--phases", "examples,coverage,fuzzing", "--seed", str(arguments.seed), "--checks", ",".join(checks), "--report", "junit",
               "--report-dir", os.path.join(work, "report")]
    print("$ " + " ".join(command), flush=True)
    result = subprocess.run(command, env=run_environment, cwd=work)
    if server.poll() is not None:
        log.flush()
        with open(os.path.join(work, "server.log"), encoding="utf-8", errors="replace") as file:
            print("".join(file.readlines()[-40:]))
        sys.exit(f"api_conforms: FAIL the server stopped during the run (exit {server.returncode}); the end of its log is above")

    # What each operation was answered.
    seen = collections.defaultdict(collections.Counter)
    cases = other_methods = 0
    with open(answers, encoding="utf-8") as file:
        for line in file:
            answer = json.loads(line)
            cases += 1
            if answer["sent"] != answer["method"]:
                other_methods += 1  # a method the operation does not take (the coverage phase tries some): not the operation's
                continue
            status = answer["status"]
            if status in (301, 302, 303, 307, 308):
                status = "303 /login" if answer["location"].split("?")[0] == "/login" else f"{status} elsewhere"
            seen[(answer["method"], answer["path"])][status] += 1
    # Schemathesis leaves out the operation that serves the document it reads: judged here alike.
    import schemathesis
    own = schemathesis.openapi.from_dict(document)["/openapi.json"]["GET"].Case()
    response = own.call(base_url=base)
    cases += 1
    seen[("GET", "/openapi.json")][response.status_code] += 1
    reasons = judge(own, response)
    if reasons:
        print(f"FAIL GET /openapi.json answered {response.status_code}, not as documented: {'; '.join(reasons)}")

    def succeeded(method, path, status):
        if isinstance(status, int):
            return 200 <= status < 300
        return status.endswith("elsewhere") or (method, path, status) == ("POST", "/logout", "303 /login")

    def blocked(method, path, status):
        return status in (401, 403, 404) or (status == "303 /login" and (method, path) != ("POST", "/logout"))

    print()
    print(f"{'operation':<44} answers")
    never_past, never_2xx, reached_2xx = [], [], 0
    for method, path in operations:
        counts = seen.get((method, path), collections.Counter())
        print(f"{method + ' ' + path:<44} " + ", ".join(f"{status}×{count}" for status, count in sorted(counts.items(), key=str)))
        if not counts or all(blocked(method, path, status) for status in counts):
            never_past.append(f"{method} {path}")
        if any(succeeded(method, path, status) for status in counts):
            reached_2xx += 1
        else:
            never_2xx.append(f"{method} {path}")
    print()
    print(f"api_conforms: {cases} cases ({other_methods} with a method no operation takes) over {len(operations)} operations; "
          f"{reached_2xx} answered 2xx "
          f"(a page's form: 303 elsewhere than /login), {len(operations) - len(never_past)} past 401/403/404")
    if never_2xx:
        print("never 2xx (reached past authentication, refused as bad input): " + ", ".join(never_2xx))
    failed = bool(reasons) or not busy_answers_conform(document)
    status, _, _ = call("GET", f"/communes/{commune}", headers={"Cookie": "cashless_session=" + session})
    if status != 200:
        print(f"FAIL the pages' session ended during the run (the commune's page answered {status})")
        failed = True
    status, headers, _ = call("GET", f"/communes/{commune}", headers={"Cookie": "cashless_session=" + logout_session})
    if status != 303 or headers.get("Location") != "/login":
        print(f"FAIL POST /logout never ended its session (the commune's page answered it {status})")
        failed = True
    if never_past:
        print("FAIL never past 401/403/404: " + ", ".join(never_past))
        failed = True
    if result.returncode != 0:
        print(f"FAIL schemathesis exited {result.returncode} (the failures are above)")
        failed = True

    # The 503s: the same server again on the same database with one thread for expensive work and no
    # queue, each door of that work asked six times at once; every answer is judged, and some must be 503.
    server.terminate()
    server.wait(timeout=10)
    busy = dict(environment, CASHLESS_WORK_THREADS="1", CASHLESS_WORK_QUEUE="0")
    server, _ = served.start(cashless, busy, stderr=log, admin_key=False)
    import concurrent.futures, requests, schemathesis
    schema = schemathesis.openapi.from_dict(document)
    bearer = {"headers": {"Authorization": "Bearer " + key}}
    signed_in = {"cookies": {"cashless_session": session}}
    doors = [("/v1/receipts/{id}.pdf", receipt_read, bearer), ("/v1/vendors/{id}/placard.pdf", stall_read, bearer),
             ("/v1/markets/{id}/sheet.pdf", market, bearer), ("/v1/units/{id}/bills.pdf", school, bearer),
             ("/markets/{id}/sheet.pdf", market, signed_in), ("/units/{id}/bills.pdf", school, signed_in),
             ("/receipts/{id}.pdf", receipt_read, signed_in)]

    def ask(door):
        path, record, given = door
        case = schema[path]["GET"].Case(path_parameters={"id": record}, **given)
        with requests.Session() as http:
            response = case.call(base_url=base, session=http)
        return path, response.status_code, judge(case, response, busy=True)

    def sign_in_case():
        case = schema["/login"]["POST"].Case(body={"_csrf": "t", "username": username, "password": password},
                                             media_type="application/x-www-form-urlencoded", cookies={"cashless_login": "t"})
        with requests.Session() as http:
            response = case.call(base_url=base, session=http)
        return "/login", response.status_code, judge(case, response, busy=True)

    statuses = collections.Counter()
    busy_failed = False
    with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
        for door in doors:
            for path, status, reasons in pool.map(ask, [door] * 6):
                statuses[status] += 1
                if reasons:
                    print(f"FAIL GET {path} answered {status} while busy, not as documented: {'; '.join(reasons)}")
                    busy_failed = True
        for path, status, reasons in pool.map(lambda _: sign_in_case(), range(6)):
            statuses[status] += 1
            if reasons:
                print(f"FAIL POST /login answered {status} while busy, not as documented: {'; '.join(reasons)}")
                busy_failed = True
    answered = ", ".join(f"{status}×{count}" for status, count in sorted(statuses.items()))
    if statuses[503] == 0:
        print(f"FAIL with one thread and no queue for expensive work, no PDF or sign-in was answered 503 ({answered})")
        failed = True
    elif busy_failed:
        failed = True
    else:
        print(f"ok    with one thread and no queue for expensive work, the PDFs and sign-in answer as documented ({answered})")
    sys.exit(1 if failed else 0)
finally:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()
    shutil.rmtree(data, ignore_errors=True)
