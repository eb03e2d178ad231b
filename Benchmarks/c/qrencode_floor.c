/*
 * qrencode_floor.c — libqrencode's own encode of the benchmark payload (NAPAS §6.1.3), in a
 * plain C loop: QRcode_encodeString8bit at error correction M, the version chosen automatically
 * and the data mask chosen by libqrencode's own scoring. The floor that issue 3 names; cashless
 * asks libqrencode for mask 0 and scores the masks itself (Sources/QRCode/DataMask.swift).
 *
 *   gcc -O2 -o /tmp/qrencode_floor Benchmarks/c/qrencode_floor.c -lqrencode
 *   taskset -c 1 /tmp/qrencode_floor [seconds]      # default 2
 * Output, tab-separated:  qr_libqrencode_per_s<TAB><symbols/s>
 * Exits 1 if libqrencode fails, 2 on a bad argument.
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const char PAYLOAD[] =
    "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
    "530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E";

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    double seconds = 2;
    if (argc > 2 || (argc == 2 && (seconds = strtod(argv[1], NULL)) <= 0)) {
        fprintf(stderr, "usage: %s [seconds]\n", argv[0]);
        return 2;
    }
    const char *volatile payload = PAYLOAD;
    unsigned long long symbols = 0;
    double start = now(), t;
    do {
        for (int i = 0; i < 64; i++) {
            QRcode *code = QRcode_encodeString8bit(payload, 0, QR_ECLEVEL_M);
            if (!code) {
                perror("QRcode_encodeString8bit");
                return 1;
            }
            QRcode_free(code);
        }
        symbols += 64;
    } while ((t = now()) - start < seconds);
    printf("qr_libqrencode_per_s\t%llu\n", (unsigned long long)(symbols / (t - start)));
    return 0;
}
