/*
 * vietqr_ref.c — hand-written C reference for VietQR encode/decode speed
 * ("how fast can it be"), to compare the Swift implementation against.
 *
 * VietQR = NAPAS profile of EMVCo MPM: TLV objects of 2-digit id, 2-digit
 * length (in characters) and value; tag 63 last, holding CRC-16/CCITT-FALSE
 * over the UTF-8 bytes up to and including "6304", as 4 uppercase hex digits.
 *
 * encode: one typical dynamic payload from fields into a caller buffer
 *         (nested templates 38, 38/01 and 62; table-driven CRC; no allocation).
 * decode: CRC check + TLV walk of root, 38, 38/01 and 62, extracting bin,
 *         account, amount and purpose as pointer+length (no allocation).
 *
 * Build and run (pin to one core yourself):
 *   gcc -O2 -o /tmp/vietqr_ref Benchmarks/c/vietqr_ref.c
 *   taskset -c 1 /tmp/vietqr_ref [seconds]      # default 2 seconds per loop
 * Output, tab-separated:  encode<TAB><ops/s>  and  decode<TAB><ops/s>
 * Exits 1 if the self-check fails, 2 on a bad argument.
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char EXPECTED[] =
    "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA"
    "530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E";

struct str { const char *p; size_t n; };
#define S(lit) { lit, sizeof(lit) - 1 }

struct fields { struct str bin, account, service, initiation, amount, bill, purpose; };

static const struct fields TYPICAL = {
    S("970403"), S("0011012345678"), S("QRIBFTTA"), S("12"),
    S("180000"), S("NPS6869"), S("thanh toan don hang"),
};

/* ---- CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no xor-out ---- */
static uint16_t crc_table[256];

static void crc_init(void) {
    for (unsigned i = 0; i < 256; i++) {
        uint16_t c = (uint16_t)(i << 8);
        for (int b = 0; b < 8; b++)
            c = (c & 0x8000) ? (uint16_t)((c << 1) ^ 0x1021) : (uint16_t)(c << 1);
        crc_table[i] = c;
    }
}

/* Also ORs every byte into *seen: bit 7 clear afterwards means the text was all ASCII
   (free here, as the loop is bound by the CRC's own dependency chain). */
static uint16_t crc16(const char *p, size_t n, unsigned *seen) {
    uint16_t c = 0xFFFF;
    unsigned or_bytes = 0;
    while (n--) {
        unsigned char b = (unsigned char)*p++;
        or_bytes |= b;
        c = (uint16_t)((c << 8) ^ crc_table[((c >> 8) ^ b) & 0xFF]);
    }
    *seen = or_bytes;
    return c;
}

/* ---- encode ---- */
/* Fields are ASCII ("ans"), so a value's byte count is its character count. */
struct writer { char *p; int bad; };

static void put_len(char *at, size_t n, struct writer *w) {
    if (n == 0 || n > 99) w->bad = 1;
    at[0] = (char)('0' + n / 10 % 10);
    at[1] = (char)('0' + n % 10);
}

static void put(struct writer *w, const char *id, const char *v, size_t n) {
    w->p[0] = id[0];
    w->p[1] = id[1];
    put_len(w->p + 2, n, w);
    memcpy(w->p + 4, v, n);
    w->p += 4 + n;
}

/* A template's length is back-filled once its content is written. */
static char *open_template(struct writer *w, const char *id) {
    w->p[0] = id[0];
    w->p[1] = id[1];
    w->p += 4;
    return w->p;
}

static void close_template(struct writer *w, char *value) {
    put_len(value - 2, (size_t)(w->p - value), w);
}

/* Writes the payload and a NUL into buf (>= 513 bytes); returns its length, 0 if a value is too long. */
static size_t encode(const struct fields *f, char *buf) {
    static const char hex[] = "0123456789ABCDEF";
    struct writer w = { buf, 0 };
    put(&w, "00", "01", 2);
    put(&w, "01", f->initiation.p, f->initiation.n);
    char *t38 = open_template(&w, "38");
    put(&w, "00", "A000000727", 10);
    char *t3801 = open_template(&w, "01");
    put(&w, "00", f->bin.p, f->bin.n);
    put(&w, "01", f->account.p, f->account.n);
    close_template(&w, t3801);
    put(&w, "02", f->service.p, f->service.n);
    close_template(&w, t38);
    put(&w, "53", "704", 3);
    put(&w, "54", f->amount.p, f->amount.n);
    put(&w, "58", "VN", 2);
    char *t62 = open_template(&w, "62");
    put(&w, "01", f->bill.p, f->bill.n);
    put(&w, "08", f->purpose.p, f->purpose.n);
    close_template(&w, t62);
    memcpy(w.p, "6304", 4);
    w.p += 4;
    unsigned seen;
    uint16_t c = crc16(buf, (size_t)(w.p - buf), &seen);
    for (int i = 3; i >= 0; i--, c >>= 4)
        w.p[i] = hex[c & 0xF];
    w.p[4] = '\0';
    return w.bad ? 0 : (size_t)(w.p + 4 - buf);
}

/* ---- decode ---- */
struct decoded { struct str bin, account, amount, purpose; };

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Advances over n UTF-8 characters; NULL if the input ends first. */
static const char *skip_chars(const char *p, const char *end, unsigned n) {
    while (n--) {
        if (p >= end) return NULL;
        p++;
        while (p < end && ((unsigned char)*p & 0xC0) == 0x80) p++;
    }
    return p;
}

/* Reads one TLV at *p: returns its id (0-99) and sets *v, advancing *p; -1 if malformed.
   Lengths count characters: bytes when the payload is all ASCII, else UTF-8 is walked. */
static int next_tlv(const char **p, const char *end, int ascii, struct str *v) {
    const char *q = *p;
    if (end - q < 4 || !is_digit(q[0]) || !is_digit(q[1]) || !is_digit(q[2]) || !is_digit(q[3]))
        return -1;
    unsigned n = (unsigned)((q[2] - '0') * 10 + (q[3] - '0'));
    const char *stop = n == 0 ? NULL
                     : !ascii ? skip_chars(q + 4, end, n)
                     : (size_t)(end - q - 4) >= n ? q + 4 + n : NULL;
    if (!stop) return -1;
    v->p = q + 4;
    v->n = (size_t)(stop - v->p);
    *p = stop;
    return (q[0] - '0') * 10 + (q[1] - '0');
}

static int hex_value(char c) {
    if (is_digit(c)) return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/* Returns 0 and fills *d if the payload is well formed, CRC-valid and has bin and account. */
static int decode(const char *s, size_t n, struct decoded *d) {
    if (n < 8 || memcmp(s + n - 8, "6304", 4) != 0) return -1;
    int crc = 0;
    for (size_t i = n - 4; i < n; i++) {
        int h = hex_value(s[i]);
        if (h < 0) return -1;
        crc = crc << 4 | h;
    }
    unsigned seen;
    if (crc != crc16(s, n - 4, &seen)) return -1;
    int ascii = !(seen & 0x80);

    memset(d, 0, sizeof *d);
    const char *p = s, *end = s + n;
    struct str v, sub, leaf;
    int id = -1;
    while (p < end) {
        if ((id = next_tlv(&p, end, ascii, &v)) < 0) return -1;
        if (id == 38) {
            for (const char *q = v.p; q < v.p + v.n;) {
                int sid = next_tlv(&q, v.p + v.n, ascii, &sub);
                if (sid < 0) return -1;
                if (sid != 1) continue;
                for (const char *r = sub.p; r < sub.p + sub.n;) {
                    int lid = next_tlv(&r, sub.p + sub.n, ascii, &leaf);
                    if (lid < 0) return -1;
                    if (lid == 0) d->bin = leaf;
                    else if (lid == 1) d->account = leaf;
                }
            }
        } else if (id == 54) {
            d->amount = v;
        } else if (id == 62) {
            for (const char *q = v.p; q < v.p + v.n;) {
                int sid = next_tlv(&q, v.p + v.n, ascii, &sub);
                if (sid < 0) return -1;
                if (sid == 8) d->purpose = sub;
            }
        }
    }
    return (id == 63 && d->bin.n && d->account.n) ? 0 : -1;
}

/* ---- benchmark ---- */
static volatile size_t sink;
static char buf[520];

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int same(struct str a, const char *lit) { return a.n == strlen(lit) && memcmp(a.p, lit, a.n) == 0; }

static int self_check(void) {
    struct decoded d;
    char bad[sizeof EXPECTED];
    size_t n = encode(&TYPICAL, buf);
    if (n != sizeof EXPECTED - 1 || strcmp(buf, EXPECTED) != 0) {
        fprintf(stderr, "self-check: encode gave %s\n", buf);
        return 0;
    }
    if (decode(EXPECTED, n, &d) != 0 || !same(d.bin, "970403") || !same(d.account, "0011012345678") ||
        !same(d.amount, "180000") || !same(d.purpose, "thanh toan don hang")) {
        fprintf(stderr, "self-check: decode failed\n");
        return 0;
    }
    memcpy(bad, EXPECTED, sizeof bad);
    bad[n - 1] = 'F'; /* corrupt the CRC */
    if (decode(bad, n, &d) == 0) {
        fprintf(stderr, "self-check: decode accepted a bad CRC\n");
        return 0;
    }
    return 1;
}

int main(int argc, char **argv) {
    double seconds = 2;
    if (argc > 2 || (argc == 2 && (seconds = strtod(argv[1], NULL)) <= 0)) {
        fprintf(stderr, "usage: %s [seconds]\n", argv[0]);
        return 2;
    }
    crc_init();
    if (!self_check()) return 1;

    /* Inputs are read through volatile pointers so no call can be hoisted out of the loop. */
    const struct fields *volatile in_fields = &TYPICAL;
    const char *volatile in_payload = EXPECTED;
    struct decoded d;
    unsigned long long ops = 0;
    double t0 = now(), t;
    do {
        for (int i = 0; i < 65536; i++)
            sink = encode(in_fields, buf);
        ops += 65536;
    } while ((t = now()) - t0 < seconds);
    printf("encode\t%llu\n", (unsigned long long)(ops / (t - t0)));

    ops = 0;
    t0 = now();
    do {
        for (int i = 0; i < 65536; i++)
            sink = (size_t)decode(in_payload, sizeof EXPECTED - 1, &d) + d.purpose.n;
        ops += 65536;
    } while ((t = now()) - t0 < seconds);
    printf("decode\t%llu\n", (unsigned long long)(ops / (t - t0)));
    return 0;
}
