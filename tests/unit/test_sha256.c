/*
 * test_sha256.c - SHA-256 on both paths: the x86-64 SHA instructions when
 * the CPU has them (sha256_init picks them) and the portable code
 * (sha256_force_portable). Known digests on both, and the two paths agree
 * on random inputs of every length up to a few blocks, fed in random
 * pieces. (Under valgrind the CPU reports no SHA instructions, so this test
 * runs natively to cover them.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sha256.h"

static void digest(char hex[SHA256_HEX_LEN + 1], bool portable, const unsigned char *data, size_t len,
                   unsigned seed)
{
    sha256_ctx c;
    sha256_init(&c);
    if (portable)
        sha256_force_portable(&c);
    /* Pieces of random sizes (0 to 150 bytes) so every fill level of the block buffer occurs. */
    size_t off = 0;
    while (off < len) {
        seed = seed * 1103515245u + 12345u;
        size_t n = (seed >> 16) % 151;
        if (n > len - off)
            n = len - off;
        sha256_update(&c, data + off, n);
        off += n;
    }
    unsigned char d[SHA256_DIGEST_LEN];
    sha256_final(&c, d);
    sha256_to_hex(hex, d);
}

static void test_known_digests(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *hex;
    } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        for (int portable = 0; portable < 2; portable++) {
            char hex[SHA256_HEX_LEN + 1];
            digest(hex, portable, (const unsigned char *)v[i].text, strlen(v[i].text), (unsigned)i);
            assert_string_equal(hex, v[i].hex);
        }
    }
}

static void test_paths_agree(void **state)
{
    (void)state;
    enum { MAX = 700 };
    unsigned char data[MAX];
    unsigned seed = 7;
    for (size_t i = 0; i < MAX; i++) {
        seed = seed * 1103515245u + 12345u;
        data[i] = (unsigned char)(seed >> 16);
    }
    for (size_t len = 0; len <= MAX; len++) {
        char hw[SHA256_HEX_LEN + 1], c[SHA256_HEX_LEN + 1], whole[SHA256_HEX_LEN + 1];
        digest(hw, false, data, len, (unsigned)len);
        digest(c, true, data, len, (unsigned)len * 31u);
        sha256_hex(whole, data, len);
        assert_string_equal(hw, c);
        assert_string_equal(whole, c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_known_digests),
        cmocka_unit_test(test_paths_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
