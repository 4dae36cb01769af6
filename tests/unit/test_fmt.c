/*
 * test_fmt.c - `schemac fmt`: layout rules, idempotence and round trips.
 *
 * Without arguments: the layout cases below plus a round trip of every
 * golden fmt input (tests/golden/fmt, every .prisma). With arguments: a round trip
 * of each schema PATH given (a file or a folder), which is how the corpus
 * registers one test per schema. A round trip means: the tree (ast_dump) of
 * the formatted text equals the tree of the input, and formatting the
 * formatted text changes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "base/diag.h"
#include "front/fmt.h"
#include "front/parser.h"
#include "base/source.h"
#include "testutil.h"

/* ---------------------------------------------------------------- helpers */

/* Format TEXT; fails the test on a syntax error. The result lives in A. */
static char *fmt_ok(arena *a, const char *text)
{
    sc_diags d;
    diag_init(&d, a);
    char *out = NULL;
    size_t len = 0;
    int rc = fmt_text(&out, &len, a, &d, "t.prisma", text, strlen(text));
    if (rc != 0)
        fail_msg("unexpected syntax error formatting:\n%s", text);
    assert_non_null(out);
    assert_int_equal(strlen(out), len);
    return out;
}

/* Format TEXT and compare with WANT; then check that WANT formats to itself. */
static void check_fmt(const char *text, const char *want)
{
    arena a;
    arena_init(&a);
    const char *got = fmt_ok(&a, text);
    if (strcmp(got, want) != 0)
        fail_msg("formatting\n%s\ngave\n%s\nwanted\n%s", text, got, want);
    const char *again = fmt_ok(&a, want);
    if (strcmp(again, want) != 0)
        fail_msg("not idempotent:\n%s\nbecame\n%s", want, again);
    arena_free(&a);
}

/* ---------------------------------------------------------------- layout */

static void test_fields_align_in_columns(void **state)
{
    (void)state;
    check_fmt("model User {\n"
              "id Int @id @default(autoincrement())\n"
              "  email    String @unique\n"
              "name String?\n"
              "posts Post[]\n"
              "}\n",
              "model User {\n"
              "  id    Int     @id @default(autoincrement())\n"
              "  email String  @unique\n"
              "  name  String?\n"
              "  posts Post[]\n"
              "}\n");
}

static void test_blank_line_starts_new_alignment_group(void **state)
{
    (void)state;
    check_fmt("model A {\n"
              "  id Int @id\n"
              "  // comments stay inside the group\n"
              "  longName String\n"
              "\n\n\n"
              "  b Int\n"
              "}\n",
              "model A {\n"
              "  id       Int    @id\n"
              "  // comments stay inside the group\n"
              "  longName String\n"
              "\n"
              "  b Int\n"
              "}\n");
}

static void test_properties_align_on_equals(void **state)
{
    (void)state;
    check_fmt("datasource db {\nprovider=\"sqlite\"\n  url = env( \"DATABASE_URL\" )\n}\n",
              "datasource db {\n"
              "  provider = \"sqlite\"\n"
              "  url      = env(\"DATABASE_URL\")\n"
              "}\n");
}

static void test_block_attributes_after_blank_line(void **state)
{
    (void)state;
    check_fmt("model M {\n  a Int\n  b Int\n  @@id([a,b])\n\n\n  @@map(\"m\")\n}\n",
              "model M {\n"
              "  a Int\n"
              "  b Int\n"
              "\n"
              "  @@id([a, b])\n"
              "  @@map(\"m\")\n"
              "}\n");
}

static void test_argument_spacing_normalised(void **state)
{
    (void)state;
    check_fmt("model P {\n"
              "  author User @relation( fields : [ authorId ] , references:[id] ,onDelete :Cascade )\n"
              "}\n",
              "model P {\n"
              "  author User @relation(fields: [authorId], references: [id], onDelete: Cascade)\n"
              "}\n");
}

static void test_comments_are_kept(void **state)
{
    (void)state;
    check_fmt("// head\nmodel A { // open\n  id Int @id // key\n  // inner\n} // close\n// tail\n",
              "// head\n"
              "model A { // open\n"
              "  id Int @id // key\n"
              "  // inner\n"
              "} // close\n"
              "\n"
              "// tail\n");
}

static void test_one_blank_line_between_blocks(void **state)
{
    (void)state;
    check_fmt("\n\nmodel A {\n  id Int @id\n}\nmodel B {\n  id Int @id\n}\n\n\n\nenum E {\n  X\n}\n\n",
              "model A {\n  id Int @id\n}\n\nmodel B {\n  id Int @id\n}\n\nenum E {\n  X\n}\n");
}

static void test_doc_comment_stays_attached(void **state)
{
    (void)state;
    check_fmt("/// The user.\nmodel User {\n  /// Key.\n  id Int @id\n}\n",
              "/// The user.\nmodel User {\n  /// Key.\n  id Int @id\n}\n");
}

static void test_enum_values_align(void **state)
{
    (void)state;
    check_fmt("enum Role {\nA @map(\"a\")\n  LONGER   @map(\"longer\")\n  C\n  @@map(\"role\")\n}\n",
              "enum Role {\n"
              "  A      @map(\"a\")\n"
              "  LONGER @map(\"longer\")\n"
              "  C\n"
              "\n"
              "  @@map(\"role\")\n"
              "}\n");
}

static void test_strings_kept_as_written(void **state)
{
    (void)state;
    check_fmt("model S {\n  a String @default(\"q\\\"x\\\\y\\u00e4\")\n}\n",
              "model S {\n  a String @default(\"q\\\"x\\\\y\\u00e4\")\n}\n");
}

static void test_keywords_as_names(void **state)
{
    (void)state;
    check_fmt("model model {\n  enum String @id\n  type Int\n}\n",
              "model model {\n  enum String @id\n  type Int\n}\n");
}

static void test_empty_schema_formats_to_nothing(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    assert_string_equal(fmt_ok(&a, ""), "");
    assert_string_equal(fmt_ok(&a, "\n\n  \n"), "");
    arena_free(&a);
}

static void test_syntax_error_is_reported(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    sc_diags d;
    diag_init(&d, &a);
    char *out = (char *)"sentinel";
    size_t len = 99;
    const char *text = "model A {\n  id Int @id\n";
    assert_int_equal(fmt_text(&out, &len, &a, &d, "t.prisma", text, strlen(text)), -1);
    assert_null(out);
    assert_int_equal(len, 0);
    assert_true(d.nerrors > 0);
    arena_free(&a);
}

static void test_each_file_formats_alone(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    sc_sources src = {0};
    const char *f0 = "model A {\nid Int @id\n}\n";
    const char *f1 = "// second file\nmodel B {\nid Int @id\n}\n";
    source_add(&src, &a, "a.prisma", f0, strlen(f0));
    source_add(&src, &a, "b.prisma", f1, strlen(f1));
    sc_diags d;
    diag_init(&d, &a);
    ast_schema s;
    memset(&s, 0, sizeof(s));
    assert_int_equal(parse_schema(&s, &a, &src, &d), 0);
    char *out;
    size_t len;
    assert_int_equal(fmt_file(&out, &len, &a, &s, &src, 0), 0);
    assert_string_equal(out, "model A {\n  id Int @id\n}\n");
    assert_int_equal(fmt_file(&out, &len, &a, &s, &src, 1), 0);
    assert_string_equal(out, "// second file\nmodel B {\n  id Int @id\n}\n");
    assert_int_equal(fmt_file(&out, &len, &a, &s, &src, 2), -1);
    assert_null(out);
    arena_free(&a);
}

/* ---------------------------------------------------------------- round trips */

/*
 * Format every file of PATH, then parse the formatted files as one schema:
 * its tree must equal the original's, and formatting again must change
 * nothing.
 */
static void round_trip(const char *path)
{
    arena a;
    arena_init(&a);
    sc_diags d;
    diag_init(&d, &a);
    sc_sources src = {0};
    if (source_load(&src, &a, &d, path) != 0)
        fail_msg("%s: cannot load", path);
    ast_schema s;
    memset(&s, 0, sizeof(s));
    if (parse_schema(&s, &a, &src, &d) != 0)
        fail_msg("%s: syntax errors", path);
    const char *before = ast_dump(&a, &s);
    assert_non_null(before);

    sc_sources formatted = {0};
    for (uint32_t i = 0; i < src.nfiles; i++) {
        char *out;
        size_t len;
        assert_int_equal(fmt_file(&out, &len, &a, &s, &src, i), 0);
        source_add(&formatted, &a, src.files[i].path, out, len);
    }
    ast_schema s2;
    memset(&s2, 0, sizeof(s2));
    sc_diags d2;
    diag_init(&d2, &a);
    if (parse_schema(&s2, &a, &formatted, &d2) != 0)
        fail_msg("%s: the formatted text does not parse", path);
    const char *after = ast_dump(&a, &s2);
    if (strcmp(before, after) != 0)
        fail_msg("%s: formatting changed the tree", path);

    for (uint32_t i = 0; i < formatted.nfiles; i++) {
        char *again;
        size_t len;
        assert_int_equal(fmt_file(&again, &len, &a, &s2, &formatted, i), 0);
        if (len != formatted.files[i].len || memcmp(again, formatted.files[i].text, len) != 0)
            fail_msg("%s: formatting is not idempotent", formatted.files[i].path);
    }
    arena_free(&a);
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static void test_golden_inputs_round_trip(void **state)
{
    (void)state;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/golden/fmt", testutil_data_dir());
    DIR *dp = opendir(dir);
    if (!dp)
        fail_msg("cannot open %s", dir);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        if (!has_suffix(de->d_name, ".prisma"))
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        round_trip(path);
        n++;
    }
    closedir(dp);
    assert_true(n >= 15);
}

static char **roundtrip_paths;
static int roundtrip_npaths;

static void test_given_paths_round_trip(void **state)
{
    (void)state;
    assert_true(roundtrip_npaths > 0);
    for (int i = 0; i < roundtrip_npaths; i++)
        round_trip(roundtrip_paths[i]);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        roundtrip_paths = argv + 1;
        roundtrip_npaths = argc - 1;
        const struct CMUnitTest given[] = {
            cmocka_unit_test(test_given_paths_round_trip),
        };
        return cmocka_run_group_tests(given, NULL, NULL);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_align_in_columns),
        cmocka_unit_test(test_blank_line_starts_new_alignment_group),
        cmocka_unit_test(test_properties_align_on_equals),
        cmocka_unit_test(test_block_attributes_after_blank_line),
        cmocka_unit_test(test_argument_spacing_normalised),
        cmocka_unit_test(test_comments_are_kept),
        cmocka_unit_test(test_one_blank_line_between_blocks),
        cmocka_unit_test(test_doc_comment_stays_attached),
        cmocka_unit_test(test_enum_values_align),
        cmocka_unit_test(test_strings_kept_as_written),
        cmocka_unit_test(test_keywords_as_names),
        cmocka_unit_test(test_empty_schema_formats_to_nothing),
        cmocka_unit_test(test_syntax_error_is_reported),
        cmocka_unit_test(test_each_file_formats_alone),
        cmocka_unit_test(test_golden_inputs_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
