"""Benchmark of two PyPI VietQR libraries on the same payload as Benchmarks/c/vietqr_ref.c.

Times encode (payload built from fields) and decode (parse + CRC check) for
vietnam-qr-pay 1.0.0 (module vietnam_qr_pay) and napas-qr-python 0.2.0 (module qr_pay),
each for about N seconds (default 2) with time.perf_counter.

    python3 -m venv /tmp/peers
    /tmp/peers/bin/pip install vietnam-qr-pay==1.0.0 napas-qr-python==0.2.0
    taskset -c 1 /tmp/peers/bin/python Benchmarks/peers/bench_peers.py [seconds]

Output, one line per measurement, tab-separated: <library> <encode|decode> <ops per second>.
"""
import sys
import time

import qr_pay
from vietnam_qr_pay import QRPay

BIN, ACCOUNT, AMOUNT, BILL, PURPOSE = "970403", "0011012345678", 180000, "NPS6869", "thanh toan don hang"
WANT = (BIN, ACCOUNT, str(AMOUNT), PURPOSE)


def vqp_encode():
    qr = QRPay.init_viet_qr(bank_bin=BIN, bank_number=ACCOUNT, amount=str(AMOUNT), purpose=PURPOSE)
    qr.additional_data.bill_number = BILL
    return qr.build()


def vqp_decode(payload):
    qr = QRPay(payload)  # never raises on a bad CRC, only clears is_valid
    if not qr.is_valid:
        raise ValueError("vietnam-qr-pay: invalid payload")
    return qr.consumer.bank_bin, qr.consumer.bank_number, qr.amount, qr.additional_data.purpose


def napas_encode():
    return qr_pay.QRPay(bin_id=BIN, consumer_id=ACCOUNT, transaction_amount=AMOUNT,
                        bill_number=BILL, purpose_of_transaction=PURPOSE).code


def napas_decode(payload):
    d = qr_pay.decode(payload)  # raises QRDecodeError on a bad CRC
    return d.get("bin_id"), d.get("consumer_id"), d.get("transaction_amount"), d.get("purpose_of_transaction")


def ops_per_second(fn, arg, seconds):
    """Calls fn(*arg) in batches of 64 until `seconds` have passed."""
    n, start = 0, time.perf_counter()
    while True:
        for _ in range(64):
            fn(*arg)
        n += 64
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return int(n / elapsed)


def main():
    try:
        (seconds,) = [float(a) for a in sys.argv[1:]] or [2.0]
    except ValueError:
        sys.exit("usage: bench_peers.py [seconds]")
    libraries = [("vietnam-qr-pay", vqp_encode, vqp_decode), ("napas-qr-python", napas_encode, napas_decode)]
    for name, encode, decode in libraries:
        payload = encode()
        for check in (vqp_decode, napas_decode):
            got = check(payload)
            if got != WANT:
                sys.exit(f"{name} encoded {payload!r}, which {check.__name__} reads as {got}, not {WANT}")
    for name, encode, decode in libraries:
        print(f"{name}\tencode\t{ops_per_second(encode, (), seconds)}", flush=True)
        print(f"{name}\tdecode\t{ops_per_second(decode, (encode(),), seconds)}", flush=True)


if __name__ == "__main__":
    main()
