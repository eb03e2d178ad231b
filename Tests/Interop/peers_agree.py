"""Independent judge: do two PyPI VietQR decoders agree with what `cashless qr encode` was asked to encode?

Generates --count random valid inputs (seeded): a real bank BIN, an account of 6-19 digits (sometimes
with uppercase letters, like virtual accounts), an optional amount 1..499,999,999 and an optional purpose
(plain ASCII, or Vietnamese with diacritics). Each input goes to
`cashless qr encode --bank B --account A [--amount N] [--purpose TEXT]` (4 at a time); the printed
payload is decoded by vietnam-qr-pay and napas-qr-python, which must both find it CRC-valid and report
the input's bank BIN, account, amount (None when not given) and purpose folded to ASCII the way the CLI
folds it (NFD, drop U+0300-U+036F, đ->d, Đ->D), computed here independently.

    python3 -m venv /tmp/peers
    /tmp/peers/bin/pip install vietnam-qr-pay==1.0.0 napas-qr-python==0.2.0
    /tmp/peers/bin/python Tests/Interop/peers_agree.py /path/to/cashless [--count 1000] [--seed 1]

Exit 0 when all agree, 1 on any disagreement (each one printed), 2 on usage errors or a failing CLI.
"""
import argparse
import os
import random
import shlex
import string
import subprocess
import sys
import unicodedata
from concurrent.futures import ThreadPoolExecutor

try:
    import qr_pay  # napas-qr-python
    from vietnam_qr_pay import QRPay
except ImportError as error:
    print(f"peers_agree: needs vietnam-qr-pay==1.0.0 and napas-qr-python==0.2.0 ({error})", file=sys.stderr)
    sys.exit(2)

BINS = ["970403", "970405", "970415", "970418", "970422", "970423",
        "970436", "970407", "970432", "970416", "970448", "970454"]
WORDS = ["Học phí", "tháng", "Điện", "nước", "quầy", "Nguyễn", "Thị", "Hoà", "đồng", "lớp",
         "khám bệnh", "tiền", "thuốc", "chợ", "Phở bò", "rau", "cá", "Trường", "mẹ", "gửi"]
ASCII_PURPOSE_CHARS = string.ascii_letters + string.digits + " "
FIELDS = ("bank", "account", "amount", "purpose")


def fold(text):
    """ASCII transliteration of Vietnamese: NFD, drop combining marks U+0300-U+036F, đ->d, Đ->D."""
    marks_dropped = "".join(c for c in unicodedata.normalize("NFD", text) if not 0x300 <= ord(c) <= 0x36F)
    return marks_dropped.replace("đ", "d").replace("Đ", "D")


def random_purpose(rng):
    """Plain ASCII (no leading/trailing space) or Vietnamese words; at most 25 characters once folded."""
    if rng.random() < 0.5:
        text = "".join(rng.choice(ASCII_PURPOSE_CHARS) for _ in range(rng.randint(1, 25))).strip()
        return text or rng.choice(string.ascii_letters)
    words = [rng.choice(WORDS)]
    while rng.random() < 0.7:
        word = rng.choice(WORDS + [str(rng.randint(1, 12))])
        if len(fold(" ".join(words + [word]))) > 25:
            break
        words.append(word)
    return " ".join(words)


def random_case(rng):
    alphabet = string.digits + string.ascii_uppercase if rng.random() < 0.2 else string.digits
    return {
        "bank": rng.choice(BINS),
        "account": "".join(rng.choice(alphabet) for _ in range(rng.randint(6, 19))),
        "amount": str(rng.randint(1, 499_999_999)) if rng.random() < 0.7 else None,
        "purpose": random_purpose(rng) if rng.random() < 0.7 else None,
    }


def command(cli, case):
    args = [cli, "qr", "encode", "--bank", case["bank"], "--account", case["account"]]
    if case["amount"] is not None:
        args += ["--amount", case["amount"]]
    if case["purpose"] is not None:
        args += ["--purpose", case["purpose"]]
    return args


def decode_vietnam_qr_pay(payload):
    """Fields as vietnam-qr-pay reads them, or an error string. It flags a bad CRC via is_valid."""
    try:
        qr = QRPay(payload)
    except Exception as error:  # e.g. ValueError on a non-digit length
        return f"raised {type(error).__name__}: {error}"
    if not qr.is_valid:
        return "is_valid is False (CRC or root length mismatch)"
    return dict(zip(FIELDS, (qr.consumer.bank_bin, qr.consumer.bank_number, qr.amount,
                             qr.additional_data.purpose)))


def decode_napas_qr_python(payload):
    """Fields as napas-qr-python reads them, or an error string. It raises on a bad CRC or non-ASCII."""
    try:
        data = qr_pay.decode(payload)
    except Exception as error:
        return f"raised {type(error).__name__}: {error}"
    return dict(zip(FIELDS, (data.get("bin_id"), data.get("consumer_id"), data.get("transaction_amount"),
                             data.get("purpose_of_transaction"))))


def problems(case, payload):
    """Lines describing every way the two decoders miss the expected fields; empty when all agree."""
    expected = dict(case, purpose=fold(case["purpose"]) if case["purpose"] is not None else None)
    views = {"vietnam-qr-pay": decode_vietnam_qr_pay(payload), "napas-qr-python": decode_napas_qr_python(payload)}
    lines = [f"  {name}: {view}" for name, view in views.items() if isinstance(view, str)]
    readable = {name: view for name, view in views.items() if isinstance(view, dict)}
    for field in FIELDS:
        if any(view[field] != expected[field] for view in readable.values()):
            said = ", ".join(f"{name} {view[field]!r}" for name, view in readable.items())
            lines.append(f"  field {field}: expected {expected[field]!r}; {said}")
    return lines


def main():
    parser = argparse.ArgumentParser(description="Check cashless qr encode against two independent decoders.")
    parser.add_argument("cli", help="path to the cashless executable")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    if options.count < 1:
        parser.error("--count must be at least 1")
    options.cli = os.path.abspath(options.cli)  # so a bare name means ./name, not a PATH lookup
    if not os.path.isfile(options.cli) or not os.access(options.cli, os.X_OK):
        parser.error(f"{options.cli} is not an executable file")

    rng = random.Random(options.seed)
    cases = [random_case(rng) for _ in range(options.count)]

    def run(case):
        return subprocess.run(command(options.cli, case), capture_output=True, encoding="utf-8")

    disagreements = 0
    with ThreadPoolExecutor(max_workers=4) as pool:
        for number, (case, done) in enumerate(zip(cases, pool.map(run, cases)), 1):
            if done.returncode != 0 or done.stdout.count("\n") != 1 or not done.stdout.endswith("\n"):
                pool.shutdown(cancel_futures=True)
                print(f"peers_agree: CLI exited {done.returncode} or did not print exactly one line: "
                      f"{shlex.join(done.args)}\n"
                      f"stdout: {done.stdout!r}\nstderr: {done.stderr}", file=sys.stderr)
                sys.exit(2)
            payload = done.stdout[:-1]
            lines = problems(case, payload)
            if lines:
                disagreements += 1
                print(f"DISAGREEMENT on payload {number}\n  input: {case}\n  payload: {payload}", *lines, sep="\n")
            if number % 100 == 0:
                print(f"peers_agree: {number}/{len(cases)} payloads checked, {disagreements} disagreements",
                      file=sys.stderr)
    if disagreements:
        print(f"peers_agree: {disagreements} of {len(cases)} payloads disagree")
        sys.exit(1)
    print(f"peers_agree: {len(cases)} payloads, vietnam-qr-pay and napas-qr-python agree on "
          "bank, account, amount, purpose")


if __name__ == "__main__":
    main()
