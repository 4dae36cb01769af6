/*
 * id.c - client-side ids in the formats Prisma writes (uuid v4/v7, cuid,
 * cuid2, nanoid, ulid), from the getrandom(2) CSPRNG.
 *
 * cuid and cuid2 need a per-process counter and host fingerprint; they are
 * initialised once (pthread_once) and the counter is atomic, which is the
 * library's only global mutable state.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "internal.h"

static const char b36[] = "0123456789abcdefghijklmnopqrstuvwxyz";

int sc_random_bytes(void *buf, size_t len)
{
    unsigned char *p = buf;
    while (len > 0) {
        ssize_t n = getrandom(p, len, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return SC_ERROR;
        }
        p += n;
        len -= (size_t)n;
    }
    return SC_OK;
}

uint64_t sc__random_u64(void)
{
    uint64_t v = 0;
    if (sc_random_bytes(&v, sizeof v) != SC_OK)
        v = (uint64_t)sc__mono_us() * UINT64_C(0x9E3779B97F4A7C15);
    return v;
}

/* A uniform random integer in [0, n) without modulo bias. */
static int random_below(uint32_t n, uint32_t *out)
{
    uint32_t limit = UINT32_MAX - UINT32_MAX % n;
    for (;;) {
        uint32_t v;
        if (sc_random_bytes(&v, sizeof v) != SC_OK)
            return SC_ERROR;
        if (v < limit) {
            *out = v % n;
            return SC_OK;
        }
    }
}

static int64_t unix_ms(void)
{
    return sc_timestamp_to_unix_ms(sc_timestamp_now());
}

static void uuid_format(char out[SC_UUID_SIZE], const unsigned char b[16])
{
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 15];
    }
    out[o] = '\0';
}

int sc_id_uuid4(char out[SC_UUID_SIZE])
{
    unsigned char b[16];
    if (sc_random_bytes(b, sizeof b) != SC_OK)
        return SC_ERROR;
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    uuid_format(out, b);
    return SC_OK;
}

int sc_id_uuid7(char out[SC_UUID_SIZE])
{
    unsigned char b[16];
    if (sc_random_bytes(b, sizeof b) != SC_OK)
        return SC_ERROR;
    uint64_t ms = (uint64_t)unix_ms();
    for (int i = 0; i < 6; i++)
        b[i] = (unsigned char)(ms >> (8 * (5 - i)));
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x70);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    uuid_format(out, b);
    return SC_OK;
}

/* V in base 36 into BUF (reversed order fixed up); returns the length. */
static size_t to_base36(char *buf, size_t size, uint64_t v)
{
    char tmp[16];
    size_t n = 0;
    do {
        tmp[n++] = b36[v % 36];
        v /= 36;
    } while (v && n < sizeof tmp);
    if (n >= size)
        n = size - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return n;
}

/* The last N chars of V in base 36, left-padded with zeros (cuid's pad()). */
static void pad36(char *dst, uint64_t v, size_t n)
{
    char tmp[16];
    size_t len = to_base36(tmp, sizeof tmp, v);
    for (size_t i = 0; i < n; i++) {
        size_t from_end = n - i;
        dst[i] = from_end <= len ? tmp[len - from_end] : '0';
    }
}

/* Process-wide state for cuid and cuid2. */
static pthread_once_t id_once = PTHREAD_ONCE_INIT;
static char cuid_fingerprint[5];
static char cuid2_fingerprint[33];
static atomic_uint_fast64_t cuid_counter;
static atomic_uint_fast64_t cuid2_counter;

/* SHA3-512 of INPUT as a base36 big number without its first digit (cuid2's hash()). */
static size_t cuid2_hash(char *out, size_t size, const char *input, size_t len)
{
    unsigned char h[64];
    sc__sha3_512(input, len, h);
    char digits[112];
    size_t nd = 0;
    int nonzero = 1;
    while (nonzero && nd < sizeof digits) {
        unsigned rem = 0;
        nonzero = 0;
        for (int i = 0; i < 64; i++) {
            unsigned cur = rem * 256 + h[i];
            h[i] = (unsigned char)(cur / 36);
            rem = cur % 36;
            if (h[i])
                nonzero = 1;
        }
        digits[nd++] = b36[rem];
    }
    /* digits are least significant first; drop the most significant one */
    size_t n = 0;
    for (size_t i = nd - 1; i-- > 0 && n + 1 < size;)
        out[n++] = digits[i];
    out[n] = '\0';
    return n;
}

static void entropy36(char *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t v = 0;
        if (random_below(36, &v) != SC_OK)
            v = (uint32_t)(sc__mono_us() % 36);
        out[i] = b36[v];
    }
}

static void id_init(void)
{
    char host[256] = "";
    if (gethostname(host, sizeof host - 1) != 0)
        host[0] = '\0';
    size_t hlen = strlen(host);
    uint64_t sum = hlen + 36;
    for (size_t i = 0; i < hlen; i++)
        sum += (unsigned char)host[i];
    pad36(cuid_fingerprint, (uint64_t)getpid(), 2);
    pad36(cuid_fingerprint + 2, sum, 2);
    cuid_fingerprint[4] = '\0';

    char src[256 + 64 + 32];
    int n = snprintf(src, sizeof src, "%ld%s", (long)getpid(), host);
    if (n < 0)
        n = 0;
    if ((size_t)n > sizeof src - 33)
        n = (int)(sizeof src - 33);
    entropy36(src + n, 32);
    char h[112];
    cuid2_hash(h, sizeof h, src, (size_t)n + 32);
    sc__copy_name(cuid2_fingerprint, sizeof cuid2_fingerprint, h, 32);

    uint32_t c1 = 0, c2 = 0;
    if (random_below(36 * 36 * 36 * 36, &c1) != SC_OK)
        c1 = 0;
    if (random_below(476782367, &c2) != SC_OK)
        c2 = 0;
    atomic_store(&cuid_counter, c1);
    atomic_store(&cuid2_counter, c2);
}

int sc_id_cuid(char out[SC_CUID_SIZE])
{
    pthread_once(&id_once, id_init);
    uint32_t r1, r2;
    if (random_below(36 * 36 * 36 * 36, &r1) != SC_OK ||
        random_below(36 * 36 * 36 * 36, &r2) != SC_OK)
        return SC_ERROR;
    uint64_t count = atomic_fetch_add(&cuid_counter, 1) % (36 * 36 * 36 * 36);
    out[0] = 'c';
    pad36(out + 1, (uint64_t)unix_ms(), 8);
    pad36(out + 9, count, 4);
    memcpy(out + 13, cuid_fingerprint, 4);
    pad36(out + 17, r1, 4);
    pad36(out + 21, r2, 4);
    out[25] = '\0';
    return SC_OK;
}

int sc_id_cuid2_len(char *out, size_t len)
{
    if (!out || len < 2 || len > 32)
        return SC_EINVAL;
    pthread_once(&id_once, id_init);
    uint32_t letter;
    if (random_below(26, &letter) != SC_OK)
        return SC_ERROR;
    /* hash input: time + salt + count + fingerprint, as cuid2 does */
    char input[16 + 32 + 16 + 33];
    size_t n = to_base36(input, 16, (uint64_t)unix_ms());
    entropy36(input + n, len);
    n += len;
    n += to_base36(input + n, 16, atomic_fetch_add(&cuid2_counter, 1));
    memcpy(input + n, cuid2_fingerprint, strlen(cuid2_fingerprint));
    n += strlen(cuid2_fingerprint);
    char h[112];
    size_t hn = cuid2_hash(h, sizeof h, input, n);
    if (hn < len)
        return SC_ERROR;
    out[0] = (char)('a' + letter);
    memcpy(out + 1, h + 1, len - 1);
    out[len] = '\0';
    return SC_OK;
}

int sc_id_cuid2(char out[SC_CUID2_SIZE])
{
    return sc_id_cuid2_len(out, 24);
}

int sc_id_nanoid(char *out, size_t len)
{
    static const char alphabet[] =
        "useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict";
    if (!out || len < 1 || len > 255)
        return SC_EINVAL;
    unsigned char b[255];
    if (sc_random_bytes(b, len) != SC_OK)
        return SC_ERROR;
    for (size_t i = 0; i < len; i++)
        out[i] = alphabet[b[i] & 63];
    out[len] = '\0';
    return SC_OK;
}

int sc_id_ulid(char out[SC_ULID_SIZE])
{
    static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    unsigned char r[10];
    if (sc_random_bytes(r, sizeof r) != SC_OK)
        return SC_ERROR;
    uint64_t ms = (uint64_t)unix_ms() & ((UINT64_C(1) << 48) - 1);
    for (int i = 9; i >= 0; i--) {
        out[i] = crockford[ms & 31];
        ms >>= 5;
    }
    /* 80 random bits, 5 at a time, most significant first */
    for (int i = 0; i < 16; i++) {
        int bit = i * 5;
        unsigned v = 0;
        for (int k = 0; k < 5; k++) {
            int b = bit + k;
            v = (v << 1) | ((r[b / 8] >> (7 - b % 8)) & 1u);
        }
        out[10 + i] = crockford[v];
    }
    out[26] = '\0';
    return SC_OK;
}
