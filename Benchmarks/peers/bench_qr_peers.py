"""QR image peers for scripts/bench: the PyPI package segno, and Debian's `qrencode` command,
making a PNG of the same payload (NAPAS §6.1.3) as print-bench: byte mode, error correction M,
8 pixels per module, 4-module quiet zone.

    python bench_qr_peers.py [seconds]     # with segno installed

Output, tab-separated: `segno\tqr_png_per_s\t<n>` and `qrencode CLI\tqr_png_per_s\t<n>`
(the command's figure includes starting the process, as a shell script using it would pay).
"""
import io
import subprocess
import sys
import time

import segno

PAYLOAD = ("00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
           "530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E")


def rate(work, seconds):
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        work()
        done += 1
    return int(done / (time.perf_counter() - start))


def segno_png():
    buffer = io.BytesIO()
    segno.make(PAYLOAD, error="m", mode="byte", boost_error=False).save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def qrencode_png():
    return subprocess.run(["qrencode", "-8", "-l", "M", "-s", "8", "-m", "4", "-o", "-", PAYLOAD],
                          check=True, capture_output=True).stdout


if __name__ == "__main__":
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    assert segno_png().startswith(b"\x89PNG") and qrencode_png().startswith(b"\x89PNG")
    print(f"segno\tqr_png_per_s\t{rate(segno_png, seconds)}")
    print(f"qrencode CLI\tqr_png_per_s\t{rate(qrencode_png, seconds)}")
