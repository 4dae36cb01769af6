/*
 * sha256.c - SHA-256 as FIPS 180-4 describes it: portable C, byte-oriented
 * and endian-independent (words are assembled from bytes explicitly), and
 * the x86-64 SHA instructions where the CPU has them.
 */
#include "base/sha256.h"

#include <stdbool.h>
#include <string.h>

static const uint32_t sha256__k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t sha256__rotr(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static inline uint32_t sha256__be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* NBLOCKS blocks of 64 bytes at P, portable C: the schedule first, then the
 * rounds eight at a time with the working variables renamed instead of moved. */
#define SHA256_S0(x) (sha256__rotr(x, 2) ^ sha256__rotr(x, 13) ^ sha256__rotr(x, 22))
#define SHA256_S1(x) (sha256__rotr(x, 6) ^ sha256__rotr(x, 11) ^ sha256__rotr(x, 25))
#define SHA256_ROUND(a, b, c, d, e, f, g, h, i)                                                             \
    do {                                                                                                    \
        uint32_t t1 = h + SHA256_S1(e) + ((e & f) ^ (~e & g)) + sha256__k[i] + w[i];                        \
        uint32_t t2 = SHA256_S0(a) + ((a & b) ^ (a & c) ^ (b & c));                                         \
        d += t1;                                                                                            \
        h = t1 + t2;                                                                                        \
    } while (0)

static void sha256__blocks_c(uint32_t st[8], const unsigned char *p, size_t nblocks)
{
    for (; nblocks; nblocks--, p += 64) {
        uint32_t w[64];
        for (int i = 0; i < 16; i++)
            w[i] = sha256__be32(p + 4 * i);
        for (int i = 16; i < 64; i++) {
            uint32_t s0 = sha256__rotr(w[i - 15], 7) ^ sha256__rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            uint32_t s1 = sha256__rotr(w[i - 2], 17) ^ sha256__rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
        uint32_t e = st[4], f = st[5], g = st[6], h = st[7];
        for (int i = 0; i < 64; i += 8) {
            SHA256_ROUND(a, b, c, d, e, f, g, h, i);
            SHA256_ROUND(h, a, b, c, d, e, f, g, i + 1);
            SHA256_ROUND(g, h, a, b, c, d, e, f, i + 2);
            SHA256_ROUND(f, g, h, a, b, c, d, e, i + 3);
            SHA256_ROUND(e, f, g, h, a, b, c, d, i + 4);
            SHA256_ROUND(d, e, f, g, h, a, b, c, i + 5);
            SHA256_ROUND(c, d, e, f, g, h, a, b, i + 6);
            SHA256_ROUND(b, c, d, e, f, g, h, a, i + 7);
        }
        st[0] += a;
        st[1] += b;
        st[2] += c;
        st[3] += d;
        st[4] += e;
        st[5] += f;
        st[6] += g;
        st[7] += h;
    }
}
#undef SHA256_ROUND
#undef SHA256_S0
#undef SHA256_S1

/*
 * The SHA extensions of x86-64 (Intel since Goldmont and Ice Lake, AMD since
 * Zen): about twenty times fewer instructions per block than the C above, which
 * matters for migration checksums over megabytes of snapshot. Chosen at run
 * time from CPUID, so the binary still runs on any x86-64 (and under valgrind,
 * whose CPU does not report them).
 */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#define SHA256_HAVE_SHANI 1

__attribute__((target("sha,sse4.1,ssse3"))) static void sha256__blocks_shani(uint32_t h[8], const unsigned char *p,
                                                                          size_t nblocks)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i tmp = _mm_loadu_si128((const __m128i *)&h[0]);
    __m128i st1 = _mm_loadu_si128((const __m128i *)&h[4]);
    tmp = _mm_shuffle_epi32(tmp, 0xB1);       /* CDAB */
    st1 = _mm_shuffle_epi32(st1, 0x1B);       /* EFGH */
    __m128i st0 = _mm_alignr_epi8(tmp, st1, 8); /* ABEF */
    st1 = _mm_blend_epi16(st1, tmp, 0xF0);    /* CDGH */
    for (; nblocks; nblocks--, p += 64) {
        __m128i abef = st0, cdgh = st1;
        __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 0)), bswap);
        __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), bswap);
        __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), bswap);
        __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), bswap);
        /* Four rounds on the schedule words in CUR (W[4g..4g+3]); PREV, NEXT
         * and NEXT2 are the groups around it in the ring of four. From the
         * fourth group on, the group after next is finished (msg2); from the
         * second to the thirteenth, the one before is begun (msg1). */
#define SHA256_ROUNDS4(g, cur, prev, next)                                                                  \
    do {                                                                                                    \
        __m128i msg = _mm_add_epi32(cur, _mm_loadu_si128((const __m128i *)&sha256__k[4 * (g)]));            \
        st1 = _mm_sha256rnds2_epu32(st1, st0, msg);                                                         \
        if ((g) >= 3 && (g) < 15) {                                                                         \
            next = _mm_add_epi32(next, _mm_alignr_epi8(cur, prev, 4));                                      \
            next = _mm_sha256msg2_epu32(next, cur);                                                         \
        }                                                                                                   \
        msg = _mm_shuffle_epi32(msg, 0x0E);                                                                 \
        st0 = _mm_sha256rnds2_epu32(st0, st1, msg);                                                         \
        if ((g) >= 1 && (g) < 13)                                                                           \
            prev = _mm_sha256msg1_epu32(prev, cur);                                                         \
    } while (0)
        SHA256_ROUNDS4(0, m0, m3, m1);
        SHA256_ROUNDS4(1, m1, m0, m2);
        SHA256_ROUNDS4(2, m2, m1, m3);
        SHA256_ROUNDS4(3, m3, m2, m0);
        SHA256_ROUNDS4(4, m0, m3, m1);
        SHA256_ROUNDS4(5, m1, m0, m2);
        SHA256_ROUNDS4(6, m2, m1, m3);
        SHA256_ROUNDS4(7, m3, m2, m0);
        SHA256_ROUNDS4(8, m0, m3, m1);
        SHA256_ROUNDS4(9, m1, m0, m2);
        SHA256_ROUNDS4(10, m2, m1, m3);
        SHA256_ROUNDS4(11, m3, m2, m0);
        SHA256_ROUNDS4(12, m0, m3, m1);
        SHA256_ROUNDS4(13, m1, m0, m2);
        SHA256_ROUNDS4(14, m2, m1, m3);
        SHA256_ROUNDS4(15, m3, m2, m0);
#undef SHA256_ROUNDS4
        st0 = _mm_add_epi32(st0, abef);
        st1 = _mm_add_epi32(st1, cdgh);
    }
    tmp = _mm_shuffle_epi32(st0, 0x1B); /* FEBA */
    st1 = _mm_shuffle_epi32(st1, 0xB1);        /* DCHG */
    st0 = _mm_blend_epi16(tmp, st1, 0xF0);     /* DCBA */
    st1 = _mm_alignr_epi8(st1, tmp, 8);        /* ABEF */
    _mm_storeu_si128((__m128i *)&h[0], st0);
    _mm_storeu_si128((__m128i *)&h[4], st1);
}

static bool sha256__cpu_has_shani(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1))
        return false;
    if (__get_cpuid_max(0, NULL) < 7)
        return false;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & (1u << 29)) != 0; /* SHA */
}
#endif

static void sha256__blocks(sha256_ctx *c, const unsigned char *p, size_t nblocks)
{
#ifdef SHA256_HAVE_SHANI
    if (c->shani) {
        sha256__blocks_shani(c->h, p, nblocks);
        return;
    }
#endif
    sha256__blocks_c(c->h, p, nblocks);
}

void sha256_init(sha256_ctx *c)
{
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(c->h, iv, sizeof iv);
    c->nbytes = 0;
    c->fill = 0;
#ifdef SHA256_HAVE_SHANI
    c->shani = sha256__cpu_has_shani();
#else
    c->shani = false;
#endif
}

void sha256_force_portable(sha256_ctx *c)
{
    c->shani = false;
}

void sha256_update(sha256_ctx *c, const void *data, size_t len)
{
    const unsigned char *p = data;
    c->nbytes += len;
    if (c->fill) {
        size_t take = 64 - c->fill;
        if (take > len)
            take = len;
        memcpy(c->block + c->fill, p, take);
        c->fill += take;
        p += take;
        len -= take;
        if (c->fill < 64)
            return;
        sha256__blocks(c, c->block, 1);
        c->fill = 0;
    }
    /* Whole blocks straight from the caller's bytes. */
    if (len >= 64) {
        sha256__blocks(c, p, len / 64);
        p += len / 64 * 64;
        len %= 64;
    }
    if (len) {
        memcpy(c->block, p, len);
        c->fill = len;
    }
}

void sha256_final(sha256_ctx *c, unsigned char out[SHA256_DIGEST_LEN])
{
    uint64_t bits = c->nbytes * 8;
    /* 0x80, zeros up to 56 bytes into a block, the bit length big-endian. */
    unsigned char pad[72] = {0x80};
    size_t npad = c->fill < 56 ? 56 - c->fill : 120 - c->fill;
    for (int i = 0; i < 8; i++)
        pad[npad + (size_t)i] = (unsigned char)(bits >> (56 - 8 * i));
    sha256_update(c, pad, npad + 8);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(c->h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
        out[4 * i + 3] = (unsigned char)c->h[i];
    }
}

void sha256_to_hex(char hex[SHA256_HEX_LEN + 1], const unsigned char digest[SHA256_DIGEST_LEN])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_LEN; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[SHA256_HEX_LEN] = '\0';
}

void sha256_hex(char hex[SHA256_HEX_LEN + 1], const void *data, size_t len)
{
    sha256_ctx c;
    unsigned char d[SHA256_DIGEST_LEN];
    sha256_init(&c);
    sha256_update(&c, data, len);
    sha256_final(&c, d);
    sha256_to_hex(hex, d);
}
