/*
 * test_lexer.c - unit tests of the re2c lexer: token kinds, text and
 * positions (UTF-8 columns), comments, strings and their escapes, the
 * UTF-8/NUL pre-check, and the end-of-input sentinel.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "grammar.h"
#include "front/lex.h"

enum { MAX_TOKS = 64 };

typedef struct toks {
    int code[MAX_TOKS];
    parse_tok tok[MAX_TOKS];
    int n;
} toks;

/* Lex TEXT to the end (EOF included as the last entry). */
static void lex_all(toks *out, const char *text)
{
    lexer lx;
    memset(out, 0, sizeof(*out));
    lex_init(&lx, 0, text, strlen(text));
    for (;;) {
        assert_true(out->n < MAX_TOKS);
        int c = lex_next(&lx, &out->tok[out->n]);
        out->code[out->n++] = c;
        if (c == LEX_EOF)
            break;
    }
}

static void assert_tok(const toks *t, int i, int code, const char *text, uint32_t line, uint32_t col)
{
    assert_true(i < t->n);
    assert_int_equal(t->code[i], code);
    assert_int_equal(t->tok[i].len, strlen(text));
    assert_memory_equal(t->tok[i].text, text, strlen(text));
    assert_int_equal(t->tok[i].span.line, line);
    assert_int_equal(t->tok[i].span.col, col);
    assert_int_equal(t->tok[i].span.end - t->tok[i].span.start, strlen(text));
}

static void test_basic_tokens(void **state)
{
    (void)state;
    toks t;
    lex_all(&t, "model User {\n  id Int @id @default(autoincrement())\n}\n");
    assert_tok(&t, 0, TK_MODEL, "model", 1, 1);
    assert_tok(&t, 1, TK_IDENT, "User", 1, 7);
    assert_tok(&t, 2, TK_LBRACE, "{", 1, 12);
    assert_tok(&t, 3, TK_NL, "\n", 1, 13);
    assert_tok(&t, 4, TK_IDENT, "id", 2, 3);
    assert_tok(&t, 5, TK_IDENT, "Int", 2, 6);
    assert_tok(&t, 6, TK_AT, "@", 2, 10);
    assert_tok(&t, 7, TK_IDENT, "id", 2, 11);
    assert_tok(&t, 8, TK_AT, "@", 2, 14);
    assert_tok(&t, 9, TK_IDENT, "default", 2, 15);
    assert_tok(&t, 10, TK_LPAREN, "(", 2, 22);
    assert_tok(&t, 11, TK_IDENT, "autoincrement", 2, 23);
    assert_tok(&t, 12, TK_LPAREN, "(", 2, 36);
    assert_tok(&t, 13, TK_RPAREN, ")", 2, 37);
    assert_tok(&t, 14, TK_RPAREN, ")", 2, 38);
    assert_tok(&t, 15, TK_NL, "\n", 2, 39);
    assert_tok(&t, 16, TK_RBRACE, "}", 3, 1);
    assert_tok(&t, 17, TK_NL, "\n", 3, 2);
    assert_int_equal(t.code[18], LEX_EOF);
    assert_int_equal(t.n, 19);
}

static void test_punctuation(void **state)
{
    (void)state;
    toks t;
    lex_all(&t, "@@ @ ( ) [] [ ] { } , : = ?");
    int want[] = {TK_ATAT, TK_AT, TK_LPAREN, TK_RPAREN, TK_LIST, TK_LBRACKET, TK_RBRACKET,
                  TK_LBRACE, TK_RBRACE, TK_COMMA, TK_COLON, TK_EQ, TK_QUESTION, LEX_EOF};
    assert_int_equal(t.n, (int)(sizeof(want) / sizeof(want[0])));
    for (int i = 0; i < t.n; i++)
        assert_int_equal(t.code[i], want[i]);
}

static void test_keywords_and_paths(void **state)
{
    (void)state;
    toks t;
    lex_all(&t, "model models view enum type typed datasource generator db.VarChar a_b-c 1st _x");
    assert_tok(&t, 0, TK_MODEL, "model", 1, 1);
    assert_tok(&t, 1, TK_IDENT, "models", 1, 7);
    assert_tok(&t, 2, TK_VIEW, "view", 1, 14);
    assert_tok(&t, 3, TK_ENUM, "enum", 1, 19);
    assert_tok(&t, 4, TK_TYPE, "type", 1, 24);
    assert_tok(&t, 5, TK_IDENT, "typed", 1, 29);
    assert_tok(&t, 6, TK_DATASOURCE, "datasource", 1, 35);
    assert_tok(&t, 7, TK_GENERATOR, "generator", 1, 46);
    assert_tok(&t, 8, TK_IDENT, "db.VarChar", 1, 56);
    assert_tok(&t, 9, TK_IDENT, "a_b-c", 1, 67);
    assert_tok(&t, 10, TK_IDENT, "1st", 1, 73);
    assert_tok(&t, 11, TK_IDENT, "_x", 1, 77);
}

static void test_numbers(void **state)
{
    (void)state;
    toks t;
    lex_all(&t, "0 42 -1 3.14 -0.5");
    const char *want[] = {"0", "42", "-1", "3.14", "-0.5"};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(t.code[i], TK_NUMBER);
        assert_int_equal(t.tok[i].len, strlen(want[i]));
        assert_memory_equal(t.tok[i].text, want[i], strlen(want[i]));
    }
    assert_int_equal(t.code[5], LEX_EOF);
}

/* Prisma's numbers have no exponent: 1e5 and 2.5E3 are name-like tokens, and
   1.5e-3 a number followed by one, so none reaches sema as a number. */
static void test_numbers_no_exponent(void **state)
{
    (void)state;
    toks t;
    lex_all(&t, "1e5 2.5E3 -1.5e-3");
    assert_tok(&t, 0, TK_IDENT, "1e5", 1, 1);
    assert_tok(&t, 1, TK_IDENT, "2.5E3", 1, 5);
    assert_tok(&t, 2, TK_NUMBER, "-1.5", 1, 11);
    assert_tok(&t, 3, TK_IDENT, "e-3", 1, 15);
    assert_int_equal(t.code[4], LEX_EOF);
}

static void test_strings(void **state)
{
    (void)state;
    toks t;
    lex_all(&t, "\"plain\" \"a\\\"b\" \"\" \"open\n\"x\\\n");
    assert_tok(&t, 0, TK_STRING, "\"plain\"", 1, 1);
    assert_tok(&t, 1, TK_STRING, "\"a\\\"b\"", 1, 9);
    assert_tok(&t, 2, TK_STRING, "\"\"", 1, 16);
    assert_tok(&t, 3, LEX_UNTERMINATED_STRING, "\"open", 1, 19);
    assert_tok(&t, 4, TK_NL, "\n", 1, 24);
    assert_tok(&t, 5, LEX_UNTERMINATED_STRING, "\"x\\", 2, 1);
}

static void test_comments(void **state)
{
    (void)state;
    toks t;
    lex_all(&t, "// plain\n/// doc\nx /* block\n still */ y /* open");
    assert_tok(&t, 0, LEX_COMMENT, "// plain", 1, 1);
    assert_tok(&t, 1, TK_NL, "\n", 1, 9);
    assert_tok(&t, 2, LEX_COMMENT, "/// doc", 2, 1);
    assert_tok(&t, 4, TK_IDENT, "x", 3, 1);
    assert_tok(&t, 5, LEX_COMMENT, "/* block\n still */", 3, 3);
    assert_tok(&t, 6, TK_IDENT, "y", 4, 11);
    assert_tok(&t, 7, LEX_UNTERMINATED_COMMENT, "/* open", 4, 13);
    assert_int_equal(t.code[8], LEX_EOF);
}

static void test_utf8_columns(void **state)
{
    (void)state;
    toks t;
    /* "é" is two bytes but one column; U+00A0 (no-break space) is whitespace. */
    lex_all(&t, "\"é€\" x\xC2\xA0y");
    assert_tok(&t, 0, TK_STRING, "\"é€\"", 1, 1);
    assert_tok(&t, 1, TK_IDENT, "x", 1, 6);
    assert_tok(&t, 2, TK_IDENT, "y", 1, 8);
}

static void test_newline_styles_and_bom(void **state)
{
    (void)state;
    toks t;
    lex_all(&t, "\xEF\xBB\xBF" "a\r\nb\rc\n");
    assert_tok(&t, 0, TK_IDENT, "a", 1, 2);
    assert_tok(&t, 1, TK_NL, "\r\n", 1, 3);
    assert_tok(&t, 2, TK_IDENT, "b", 2, 1);
    assert_tok(&t, 3, TK_NL, "\r", 2, 2);
    /* A lone CR ends a member but, as in source_position(), not a line. */
    assert_tok(&t, 4, TK_IDENT, "c", 2, 3);
    assert_tok(&t, 5, TK_NL, "\n", 2, 4);
}

static void test_bad_characters(void **state)
{
    (void)state;
    toks t;
    lex_all(&t, "a $ ! \xe2\x82\xac .");
    assert_tok(&t, 0, TK_IDENT, "a", 1, 1);
    assert_tok(&t, 1, LEX_BAD_CHAR, "$", 1, 3);
    assert_tok(&t, 2, LEX_BAD_CHAR, "!", 1, 5);
    assert_tok(&t, 3, LEX_BAD_CHAR, "\xe2\x82\xac", 1, 7);
    assert_tok(&t, 4, LEX_BAD_CHAR, ".", 1, 9);
    assert_int_equal(t.code[5], LEX_EOF);
}

/* Names hold letters beyond ASCII (Unicode category L), as in Prisma; other characters end them. */
static void test_unicode_names(void **state)
{
    (void)state;
    toks t;
    lex_all(&t, "Stra\xc3\x9f" "e gr\xc3\xb6\xc3\x9f" "e \xc3\xb6 \xe4\xb8\xad\xe6\x96\x87 ab\xe2\x82\xac x\xc2\xa0y \xcd\xa3");
    assert_tok(&t, 0, TK_IDENT, "Stra\xc3\x9f" "e", 1, 1);
    assert_tok(&t, 1, TK_IDENT, "gr\xc3\xb6\xc3\x9f" "e", 1, 8);
    assert_tok(&t, 2, TK_IDENT, "\xc3\xb6", 1, 14);
    assert_tok(&t, 3, TK_IDENT, "\xe4\xb8\xad\xe6\x96\x87", 1, 16);
    /* A euro sign is no letter: the name ends before it. */
    assert_tok(&t, 4, TK_IDENT, "ab", 1, 19);
    assert_tok(&t, 5, LEX_BAD_CHAR, "\xe2\x82\xac", 1, 21);
    /* A no-break space separates, as any space does. */
    assert_tok(&t, 6, TK_IDENT, "x", 1, 23);
    assert_tok(&t, 7, TK_IDENT, "y", 1, 25);
    /* A combining mark (category M) is no letter either. */
    assert_tok(&t, 8, LEX_BAD_CHAR, "\xcd\xa3", 1, 27);
    assert_int_equal(t.code[9], LEX_EOF);
}

static void test_eof_is_sticky(void **state)
{
    (void)state;
    lexer lx;
    parse_tok tok;
    lex_init(&lx, 3, "x", 1);
    assert_int_equal(lex_next(&lx, &tok), TK_IDENT);
    assert_int_equal(tok.span.file, 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(lex_next(&lx, &tok), LEX_EOF);
        assert_int_equal(tok.span.start, 1);
        assert_int_equal(tok.span.col, 2);
    }
}

static void test_unescape(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    char *out;
    size_t n, bad;
    const char *why;
    const char *src = "q\\\"b\\\\s\\/n\\nr\\rt\\t\\u00e9\\ud83d\\ude00\\u0001z";
    assert_int_equal(lex_unescape(&a, src, strlen(src), &out, &n, &bad, &why), 0);
    const char want[] = "q\"b\\s/n\nr\rt\t\xC3\xA9\xF0\x9F\x98\x80\x01z";
    assert_int_equal(n, sizeof(want) - 1);
    assert_memory_equal(out, want, n);

    assert_int_equal(lex_unescape(&a, "ab\\qc", 5, &out, &n, &bad, &why), -1);
    assert_int_equal(bad, 2);
    assert_non_null(strstr(why, "unknown escape"));
    assert_int_equal(lex_unescape(&a, "\\u12", 4, &out, &n, &bad, &why), -1);
    assert_int_equal(bad, 0);
    assert_int_equal(lex_unescape(&a, "x\\ud800y", 8, &out, &n, &bad, &why), -1);
    assert_int_equal(bad, 1);
    assert_non_null(strstr(why, "surrogate"));
    assert_int_equal(lex_unescape(&a, "\\udc00", 6, &out, &n, &bad, &why), -1);
    /* A NUL would cut the value wherever it is used: refused, at its backslash. */
    assert_int_equal(lex_unescape(&a, "ab\\u0000cd", 10, &out, &n, &bad, &why), -1);
    assert_int_equal(bad, 2);
    assert_non_null(strstr(why, "NUL"));
    assert_int_equal(lex_unescape(&a, "\\u0000", 6, &out, &n, &bad, &why), -1);
    assert_int_equal(bad, 0);
    arena_free(&a);
}

static void test_check_utf8(void **state)
{
    (void)state;
    bool nul;
    const char ok[] = "plain é € \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF";
    assert_int_equal(lex_check_utf8(ok, sizeof(ok) - 1, &nul), sizeof(ok) - 1);
    assert_int_equal(lex_check_utf8("ab\0cd", 5, &nul), 2);
    assert_true(nul);
    struct {
        const char *s;
        size_t len, at;
    } bad[] = {
        {"a\xFFz", 3, 1},             /* never valid */
        {"ab\xC0\x80", 4, 2},         /* overlong NUL */
        {"\xE0\x80\xAF", 3, 0},       /* overlong */
        {"x\xED\xA0\x80", 4, 1},      /* UTF-16 surrogate */
        {"\xF4\x90\x80\x80", 4, 0},   /* past U+10FFFF */
        {"abc\xE2\x82", 5, 3},        /* truncated at the end */
        {"\xC3(", 2, 0},              /* bad continuation */
        {"\x80", 1, 0},               /* lone continuation */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(lex_check_utf8(bad[i].s, bad[i].len, &nul), bad[i].at);
        assert_false(nul);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_basic_tokens),
        cmocka_unit_test(test_punctuation),
        cmocka_unit_test(test_keywords_and_paths),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_numbers_no_exponent),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_utf8_columns),
        cmocka_unit_test(test_newline_styles_and_bom),
        cmocka_unit_test(test_bad_characters),
        cmocka_unit_test(test_unicode_names),
        cmocka_unit_test(test_eof_is_sticky),
        cmocka_unit_test(test_unescape),
        cmocka_unit_test(test_check_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
