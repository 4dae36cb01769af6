/*
 * test_diag.c - sources, positions, diagnostics rendering and suggestions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/source.h"

static char *render(const sc_diags *d, const sc_sources *s, sc_diag_format f, bool color)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    assert_non_null(fp);
    diag_render(d, s, fp, f, color);
    fclose(fp);
    return buf;
}

static sc_span span_at(const sc_sources *s, uint32_t file, uint32_t start, uint32_t end)
{
    sc_span sp = {file, start, end, 0, 0};
    source_position(&s->files[file], start, &sp.line, &sp.col);
    return sp;
}

static void test_position_counts_characters(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    sc_sources s = {0};
    const char *text = "model A {\n  n\xc3\xa4me String\n}\n";
    source_add(&s, &a, "x.prisma", text, strlen(text));
    uint32_t line, col;
    /* "String" starts after two spaces, the 4-character name (5 bytes) and a space. */
    source_position(&s.files[0], 18, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 8);
    size_t ls, le;
    source_line_bounds(&s.files[0], 18, &ls, &le);
    assert_int_equal(ls, 10);
    assert_int_equal(le, 24);
    arena_free(&a);
}

static void test_render_text_with_caret_and_note(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    sc_sources s = {0};
    const char *text = "model User {\n  name Strng\n}\n";
    source_add(&s, &a, "schema.prisma", text, strlen(text));
    sc_diags d;
    diag_init(&d, &a);
    sc_diag *x = diag_error(&d, span_at(&s, 0, 20, 25), "unknown-type", "unknown type \"%s\"", "Strng");
    diag_note(&d, x, NULL, "did you mean \"%s\"?", "String");
    char *out = render(&d, &s, SC_DIAG_TEXT, false);
    assert_string_equal(out, "schema.prisma:2:8: error: unknown type \"Strng\"\n"
                             " 2 |   name Strng\n"
                             "   |        ^~~~~\n"
                             "note: did you mean \"String\"?\n"
                             "1 error generated.\n");
    free(out);
    out = render(&d, &s, SC_DIAG_TEXT, true);
    assert_non_null(strstr(out, "\033[1;31merror:"));
    free(out);
    arena_free(&a);
}

static void test_render_json(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    sc_sources s = {0};
    const char *text = "enum E {\n  A\n  A\n}\n";
    source_add(&s, &a, "e.prisma", text, strlen(text));
    sc_diags d;
    diag_init(&d, &a);
    diag_error(&d, span_at(&s, 0, 15, 16), "duplicate-enum-value", "duplicate value \"A\"");
    char *out = render(&d, &s, SC_DIAG_JSON, false);
    assert_non_null(strstr(out, "\"code\": \"duplicate-enum-value\""));
    assert_non_null(strstr(out, "\"line\": 3"));
    assert_non_null(strstr(out, "\"column\": 3"));
    assert_non_null(strstr(out, "\"errors\": 1"));
    free(out);
    arena_free(&a);
}

static void test_control_bytes_are_masked(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    sc_sources s = {0};
    const char text[] = "ab\x01\xff" "cd\n";
    source_add(&s, &a, "bin.prisma", text, sizeof text - 1);
    sc_diags d;
    diag_init(&d, &a);
    diag_error(&d, span_at(&s, 0, 2, 3), "syntax", "bad byte");
    char *out = render(&d, &s, SC_DIAG_TEXT, false);
    assert_non_null(strstr(out, " 1 | ab??cd\n"));
    assert_null(strchr(out, '\x01'));
    free(out);
    arena_free(&a);
}

static void test_sort_and_limit(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    sc_sources s = {0};
    const char *text = "aaaa\nbbbb\n";
    source_add(&s, &a, "f", text, strlen(text));
    sc_diags d;
    diag_init(&d, &a);
    diag_error(&d, span_at(&s, 0, 5, 6), "x", "second");
    diag_error(&d, span_at(&s, 0, 0, 1), "x", "first");
    diag_io_error(&d, "io");
    diag_sort(&d);
    assert_string_equal(d.first->message, "io");
    assert_string_equal(d.first->next->message, "first");
    assert_string_equal(d.last->message, "second");
    d.limit = 3;
    diag_error(&d, span_at(&s, 0, 0, 1), "x", "dropped");
    assert_true(d.truncated);
    assert_int_equal(d.nerrors, 4);
    assert_string_equal(d.last->message, "second");
    arena_free(&a);
}

static void test_suggest(void **state)
{
    (void)state;
    const char *const names[] = {"String", "Int", "BigInt", "DateTime", "Boolean"};
    assert_string_equal(diag_suggest("Strng", names, 5), "String");
    assert_string_equal(diag_suggest("Datetime", names, 5), "DateTime");
    assert_string_equal(diag_suggest("bigint", names, 5), "BigInt");
    assert_null(diag_suggest("Xyzzy", names, 5));
    assert_int_equal(diag_edit_distance("kitten", "sitting"), 3);
}

static void test_load_folder_in_name_order(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/diagtest-XXXXXX", getenv("SCHEMAC_TEST_TMP") ? getenv("SCHEMAC_TEST_TMP") : "/tmp");
    assert_non_null(mkdtemp(dir));
    const char *names[] = {"b.prisma", "a.prisma", "notes.txt"};
    for (int i = 0; i < 3; i++) {
        char p[600];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        FILE *fp = fopen(p, "w");
        assert_non_null(fp);
        fputs(names[i], fp);
        fclose(fp);
    }
    arena a;
    arena_init(&a);
    sc_sources s = {0};
    sc_diags d;
    diag_init(&d, &a);
    assert_int_equal(source_load(&s, &a, &d, dir), 0);
    assert_int_equal(s.nfiles, 2);
    assert_string_equal(s.files[0].text, "a.prisma");
    assert_string_equal(s.files[1].text, "b.prisma");
    assert_int_equal(source_load(&s, &a, &d, "/nonexistent/schema.prisma"), -1);
    assert_int_equal(d.nerrors, 1);
    assert_int_equal(d.first->klass, SC_DIAG_IO);
    arena_free(&a);
    for (int i = 0; i < 3; i++) {
        char p[600];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        remove(p);
    }
    remove(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_position_counts_characters),
        cmocka_unit_test(test_render_text_with_caret_and_note),
        cmocka_unit_test(test_render_json),
        cmocka_unit_test(test_control_bytes_are_masked),
        cmocka_unit_test(test_sort_and_limit),
        cmocka_unit_test(test_suggest),
        cmocka_unit_test(test_load_folder_in_name_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
