/*
 * test_textfmt.c - text_vformat (the formatter of arena_printf and
 * strbuf_printf) writes byte for byte what vsnprintf writes, at every
 * buffer size; strbuf's integer and literal appends; an arena block grown
 * in place keeps its bytes and zeroes the new ones.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/strbuf.h"
#include "base/textfmt.h"

static int via_text(char *dst, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int via_text(char *dst, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = text_vformat(dst, cap, fmt, ap);
    va_end(ap);
    return n;
}

/* Both formatters at buffer sizes 0, 1, 2, 7 and 512: same result, same bytes (the rest of the
 * buffer untouched alike). */
#define SAME(...)                                                                                  \
    do {                                                                                           \
        static const size_t caps[] = {0, 1, 2, 7, 512};                                            \
        for (size_t ci = 0; ci < sizeof caps / sizeof caps[0]; ci++) {                             \
            char want[512], got[512];                                                              \
            memset(want, 'Z', sizeof want);                                                        \
            memset(got, 'Z', sizeof got);                                                          \
            int nw = snprintf(caps[ci] ? want : NULL, caps[ci], __VA_ARGS__);                      \
            int ng = via_text(caps[ci] ? got : NULL, caps[ci], __VA_ARGS__);                       \
            assert_int_equal(ng, nw);                                                              \
            assert_memory_equal(got, want, sizeof want);                                           \
        }                                                                                          \
    } while (0)

static void test_same_as_vsnprintf(void **state)
{
    (void)state;
    const char *name = "users_email_key";
    SAME("plain text, no conversions");
    SAME("%s", "");
    SAME("%s_%s_fkey", "posts", "authorId");
    SAME("\"%s\".\"%s\"", name, "x");
    SAME("%.*s|%.3s|%.0s|%.10s", 4, name, name, name, "ab");
    SAME("%.*s", -1, name);
    SAME("%8s|%-8s|%*s|%-*s|%*s", "ab", "cd", 6, "ef", 6, "gh", -5, "ij");
    SAME("%d %i %u %d %d", 0, -1, 4000000000u, INT_MAX, INT_MIN);
    SAME("%ld %lu %lld %llu", LONG_MIN, ULONG_MAX, LLONG_MIN, ULLONG_MAX);
    SAME("%zu %zd %jd %ju %td", (size_t)SIZE_MAX, (ptrdiff_t)-5, (intmax_t)INTMAX_MIN, (uintmax_t)77,
         (ptrdiff_t)PTRDIFF_MIN);
    SAME("%hhd %hhu %hd %hu", (signed char)-56, (unsigned char)200, (short)-2000, (unsigned short)60000);
    SAME("%02d:%02d:%02ld.%06llu %04d %3d %-4d| %05d %-5d|", 3, 45, 7L, 12ULL, -12, 5, 7, -42, 9);
    SAME("%x %X %02x %04X %08x %06x %012llx %llx %o %03o", 255u, 255u, 10u, 0xabcu, 0xdeadbeefu,
         0u, 0x123456789aULL, 0ULL, 8u, 8u);
    SAME("%*d|%-*d|%0*d", 6, 42, 6, 42, 6, -42);
    SAME("%c%c%c %3c|%-3c|", 'a', 'Z', '%', 'q', 'r');
    SAME("100%% of %d%%", 5);
    /* The rest goes to vsnprintf: floats, flags + # and space, integer precision. */
    SAME("%.17g %.2f %.0f %g", 0.1, 2.345, 2.5, 1e100);
    SAME("%+d % d %#x %#o %.3d %.0d", 5, 5, 255u, 8u, 7, 0);
    SAME("%s then %.2f then %s", "left", 3.14159, "right");
    SAME("%c", 0);
}

static void test_long_text(void **state)
{
    (void)state;
    char big[3000];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    char want[4000], got[4000];
    int nw = snprintf(want, sizeof want, "[%s|%d|%s]", big, 12, big + 2000);
    int ng = via_text(got, sizeof got, "[%s|%d|%s]", big, 12, big + 2000);
    assert_int_equal(ng, nw);
    assert_string_equal(got, want);

    arena a;
    arena_init(&a);
    /* Longer than the free end of any chunk: printed into a block of its own. */
    char *p = arena_printf(&a, "%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s", big, big, big, big, big, big,
                           big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big);
    assert_int_equal(strlen(p), 24 * (sizeof big - 1));
    char *q = arena_printf(&a, "%s-%zu-%.1f", "tail", (size_t)3, 0.5);
    assert_string_equal(q, "tail-3-0.5");
    assert_int_equal(strlen(p), 24 * (sizeof big - 1));
    arena_free(&a);
}

static void test_strbuf_appends(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    strbuf b;
    strbuf_init(&b, &a);
    assert_string_equal(strbuf_str(&b), "");
    strbuf_putlit(&b, "CREATE TABLE ");
    strbuf_puti(&b, LLONG_MIN);
    strbuf_putc(&b, ' ');
    strbuf_puti(&b, 0);
    strbuf_putc(&b, ' ');
    strbuf_puti(&b, -7);
    strbuf_putc(&b, ' ');
    strbuf_putu(&b, ULLONG_MAX);
    strbuf_printf(&b, " %s=%d", "k", 3);
    char want[200];
    snprintf(want, sizeof want, "CREATE TABLE %lld 0 -7 %llu k=3", LLONG_MIN, ULLONG_MAX);
    assert_string_equal(strbuf_str(&b), want);
    /* Many small appends across several growths, with other allocations in between. */
    strbuf c;
    strbuf_init(&c, &a);
    char expect[20000];
    size_t n = 0;
    for (int i = 0; i < 2000; i++) {
        strbuf_printf(&c, "%d,", i);
        n += (size_t)snprintf(expect + n, sizeof expect - n, "%d,", i);
        if (i % 300 == 0)
            (void)arena_strdup(&a, "in between");
    }
    assert_string_equal(strbuf_str(&c), expect);
    assert_int_equal(c.len, n);
    arena_free(&a);
}

static void test_arena_grow(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    unsigned char *p = arena_alloc(&a, 40);
    memset(p, 0xAB, 40);
    /* The last block grows where it is; the new bytes are zero. */
    unsigned char *q = arena_grow(&a, p, 40, 100);
    assert_ptr_equal(q, p);
    for (int i = 0; i < 100; i++)
        assert_int_equal(q[i], i < 40 ? 0xAB : 0);
    /* Not the last block any more: copied, the old block left as it was. */
    unsigned char *other = arena_alloc(&a, 8);
    other[0] = 1;
    unsigned char *r = arena_grow(&a, q, 100, 300);
    assert_ptr_not_equal(r, q);
    for (int i = 0; i < 300; i++)
        assert_int_equal(r[i], i < 40 ? 0xAB : 0);
    assert_int_equal(other[0], 1);
    /* Grown past the chunk's room: copied into a new chunk. */
    unsigned char *s = arena_grow(&a, r, 300, 200000);
    for (int i = 0; i < 200000; i++)
        if (s[i] != (i < 40 ? 0xAB : 0))
            fail();
    arena_free(&a);
}

/* A large block (a chunk of its own) grows by reallocating that chunk: its bytes are kept, the
   arena counts only the growth (no dead copy), small blocks around it stay where they are. */
static void test_arena_grow_large(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    unsigned char *small = arena_alloc(&a, 16);
    small[0] = 7;
    size_t size = 100000;
    unsigned char *big = arena_grow_uninit(&a, NULL, 0, size);
    for (size_t i = 0; i < size; i++)
        big[i] = (unsigned char)(i * 7);
    unsigned char *after = arena_alloc(&a, 32); /* in the small chunk, not behind BIG */
    after[0] = 9;
    for (int round = 0; round < 6; round++) {
        size_t before = a.total;
        big = arena_grow(&a, big, size, size * 2);
        assert_int_equal(a.total - before, size); /* the sizes are multiples of the alignment */
        for (size_t i = 0; i < size * 2; i++)
            if (big[i] != (i < 100000 ? (unsigned char)(i * 7) : 0))
                fail();
        memset(big + 100000, 0, size * 2 - 100000);
        size *= 2;
    }
    assert_int_equal(small[0], 7);
    assert_int_equal(after[0], 9);
    /* Another large block in front of it: BIG is copied as before, and still right. */
    unsigned char *other = arena_alloc(&a, 200000);
    other[0] = 3;
    unsigned char *moved = arena_grow(&a, big, size, size + 64);
    assert_ptr_not_equal(moved, big);
    for (size_t i = 0; i < 100000; i++)
        if (moved[i] != (unsigned char)(i * 7))
            fail();
    assert_int_equal(other[0], 3);
    arena_free(&a);
}

/* Past 1 MiB an arena takes 4 MiB chunks (huge pages where the system has them) and blocks of
   2 MiB or more get aligned chunks of their own: every block keeps its bytes, zeroed ones stay
   zero, and such a block still grows and is given back. */
static void test_arena_big_chunks(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    enum { N = 60000, SIZE = 88 };
    unsigned char **blocks = malloc(N * sizeof *blocks);
    assert_non_null(blocks);
    for (size_t i = 0; i < N; i++) {
        blocks[i] = arena_alloc(&a, SIZE);
        for (size_t k = 0; k < SIZE; k++)
            if (blocks[i][k] != 0)
                fail();
        memset(blocks[i], (int)(i % 251), SIZE);
    }
    assert_true(a.total >= (size_t)N * SIZE);
    size_t size = 3u << 20;
    unsigned char *big = arena_grow_uninit(&a, NULL, 0, size);
    assert_int_equal((uintptr_t)big % 16, 0);
    memset(big, 0x5A, size);
    big = arena_grow(&a, big, size, 2 * size);
    for (size_t k = 0; k < 2 * size; k++)
        if (big[k] != (k < size ? 0x5A : 0))
            fail();
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < SIZE; k++)
            if (blocks[i][k] != (unsigned char)(i % 251))
                fail();
    size_t before = a.total;
    arena_release(&a, big, 2 * size);
    assert_int_equal(before - a.total, 2 * size);
    free(blocks);
    arena_free(&a);
}

/* A reset arena hands its own memory out again (a scratch arena per generated model): every
   block comes from the chunks it had, zeroed where arena_alloc promises it, and a large block
   still fits in a kept chunk; arena_free gives the kept chunks back too (valgrind checks). */
static void test_arena_reset(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    enum { N = 40000, SIZE = 100 };
    unsigned char *lo = NULL, *hi = NULL;
    for (size_t i = 0; i < N; i++) {
        unsigned char *p = arena_alloc(&a, SIZE);
        memset(p, 0xEE, SIZE);
        if (!lo || p < lo)
            lo = p;
        if (!hi || p + SIZE > hi)
            hi = p + SIZE;
    }
    unsigned char *big = arena_grow_uninit(&a, NULL, 0, 3u << 20);
    memset(big, 0xEE, 3u << 20);
    size_t used = a.total;
    /* Where the kept memory is: the small blocks' chunks and the large block's. */
    unsigned char *blo = big, *bhi = big + (3u << 20);
    for (int round = 0; round < 3; round++) {
        arena_reset(&a);
        assert_int_equal(a.total, 0);
        for (size_t i = 0; i < N; i++) {
            unsigned char *p = arena_alloc(&a, SIZE);
            for (size_t k = 0; k < SIZE; k++)
                if (p[k] != 0)
                    fail();
            /* Inside memory the arena had before the reset (its chunks may be taken in another order). */
            bool kept = (p >= lo && p + SIZE <= hi) || (p >= blo && p + SIZE <= bhi);
            if (!kept)
                fail_msg("block %zu of round %d is new memory", i, round);
            memset(p, round, SIZE);
        }
        char *text = arena_printf(&a, "round %d", round);
        assert_string_equal(text, round == 0 ? "round 0" : round == 1 ? "round 1" : "round 2");
        unsigned char *again = arena_grow_uninit(&a, NULL, 0, 3u << 20);
        memset(again, round, 3u << 20);
        assert_true(a.total <= used + 4096);
    }
    arena_free(&a);
    assert_null(a.head);
    assert_null(a.spare);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_vsnprintf),
        cmocka_unit_test(test_long_text),
        cmocka_unit_test(test_strbuf_appends),
        cmocka_unit_test(test_arena_grow),
        cmocka_unit_test(test_arena_grow_large),
        cmocka_unit_test(test_arena_big_chunks),
        cmocka_unit_test(test_arena_reset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
