/*
 * sha3.c - SHA3-512 (FIPS 202), needed by cuid2 whose ids are a base36
 * rendering of a SHA3-512 hash. A compact, byte-at-a-time sponge over the
 * Keccak-f[1600] permutation; speed does not matter here.
 */
#include <string.h>

#include "internal.h"

static const uint64_t keccak_rc[24] = {
    UINT64_C(0x0000000000000001), UINT64_C(0x0000000000008082), UINT64_C(0x800000000000808A),
    UINT64_C(0x8000000080008000), UINT64_C(0x000000000000808B), UINT64_C(0x0000000080000001),
    UINT64_C(0x8000000080008081), UINT64_C(0x8000000000008009), UINT64_C(0x000000000000008A),
    UINT64_C(0x0000000000000088), UINT64_C(0x0000000080008009), UINT64_C(0x000000008000000A),
    UINT64_C(0x000000008000808B), UINT64_C(0x800000000000008B), UINT64_C(0x8000000000008089),
    UINT64_C(0x8000000000008003), UINT64_C(0x8000000000008002), UINT64_C(0x8000000000000080),
    UINT64_C(0x000000000000800A), UINT64_C(0x800000008000000A), UINT64_C(0x8000000080008081),
    UINT64_C(0x8000000000008080), UINT64_C(0x0000000080000001), UINT64_C(0x8000000080008008),
};
static const int keccak_rotc[24] = { 1,  3,  6,  10, 15, 21, 28, 36, 45, 55, 2,  14,
                                     27, 41, 56, 8,  25, 43, 62, 18, 39, 61, 20, 44 };
static const int keccak_piln[24] = { 10, 7,  11, 17, 18, 3, 5,  16, 8,  21, 24, 4,
                                     15, 23, 19, 13, 12, 2, 20, 14, 22, 9,  6,  1 };

static uint64_t rotl64(uint64_t x, int n)
{
    return (x << n) | (x >> (64 - n));
}

static void keccakf(uint64_t st[25])
{
    uint64_t bc[5], t;
    for (int r = 0; r < 24; r++) {
        for (int i = 0; i < 5; i++)
            bc[i] = st[i] ^ st[i + 5] ^ st[i + 10] ^ st[i + 15] ^ st[i + 20];
        for (int i = 0; i < 5; i++) {
            t = bc[(i + 4) % 5] ^ rotl64(bc[(i + 1) % 5], 1);
            for (int j = 0; j < 25; j += 5)
                st[j + i] ^= t;
        }
        t = st[1];
        for (int i = 0; i < 24; i++) {
            int j = keccak_piln[i];
            bc[0] = st[j];
            st[j] = rotl64(t, keccak_rotc[i]);
            t = bc[0];
        }
        for (int j = 0; j < 25; j += 5) {
            for (int i = 0; i < 5; i++)
                bc[i] = st[j + i];
            for (int i = 0; i < 5; i++)
                st[j + i] ^= (~bc[(i + 1) % 5]) & bc[(i + 2) % 5];
        }
        st[0] ^= keccak_rc[r];
    }
}

/* XOR byte B into position POS of the state (lanes are little-endian). */
static void absorb_byte(uint64_t st[25], size_t pos, unsigned char b)
{
    st[pos / 8] ^= (uint64_t)b << (8 * (pos % 8));
}

void sc__sha3_512(const void *data, size_t len, unsigned char out[64])
{
    enum { RATE = 72 };
    uint64_t st[25];
    memset(st, 0, sizeof st);
    const unsigned char *p = data;
    size_t pos = 0;
    for (size_t i = 0; i < len; i++) {
        absorb_byte(st, pos++, p[i]);
        if (pos == RATE) {
            keccakf(st);
            pos = 0;
        }
    }
    absorb_byte(st, pos, 0x06);
    absorb_byte(st, RATE - 1, 0x80);
    keccakf(st);
    for (size_t i = 0; i < 64; i++)
        out[i] = (unsigned char)(st[i / 8] >> (8 * (i % 8)));
}
