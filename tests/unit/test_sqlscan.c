/*
 * test_sqlscan.c - where SQL tokens end on each engine, what SQL text a
 * schema may carry, what a snapshot may hold, and migration file headers
 * that no name can break out of.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../migrate/migtest.h"
#include "ddl/ddl.h"
#include "migrate/migrate.h"
#include "base/sqlscan.h"

/* The tokens of TEXT, one letter each: s space, c comment, b block comment, ' string, " name, w word,
   n number, p parameter, ; ( ) punctuation, o other, ! error. */
static char *kinds(sqlscan_dialect d, const char *text)
{
    static char out[256];
    sqlscan s;
    sqlscan_init(&s, d, text, strlen(text));
    size_t n = 0;
    for (;;) {
        sqltok t = sqlscan_next(&s);
        if (t.kind == SQLTOK_END)
            break;
        static const char map[] = {0, 's', 'c', 'b', '\'', '"', 'w', 'n', 'p', ';', '(', ')', 'o', '!'};
        out[n++] = map[t.kind];
        assert_true(n < sizeof out - 1);
    }
    out[n] = '\0';
    return out;
}

static void test_literals_and_names(void **state)
{
    (void)state;
    assert_string_equal(kinds(SQLSCAN_SQLITE, "'a''b;--'"), "'");
    assert_string_equal(kinds(SQLSCAN_POSTGRES, "'a''b;--'"), "'");
    /* A backslash is an ordinary character in a standard literal, an escape in E'...'. */
    assert_string_equal(kinds(SQLSCAN_POSTGRES, "'a\\' ;"), "'s;");
    assert_string_equal(kinds(SQLSCAN_POSTGRES, "E'a\\' ;'"), "'");
    assert_string_equal(kinds(SQLSCAN_POSTGRES, "e'a\\\\' ;"), "'s;");
    assert_string_equal(kinds(SQLSCAN_POSTGRES, "$$a;'b$$;"), "';");
    assert_string_equal(kinds(SQLSCAN_POSTGRES, "$f$ $$ ; $f$ x"), "'sw");
    assert_string_equal(kinds(SQLSCAN_POSTGRES, "$1 + $2"), "psosp");
    assert_string_equal(kinds(SQLSCAN_POSTGRES, "U&'d\\0061t' U&\"x\"\"y\""), "'s\"");
    assert_string_equal(kinds(SQLSCAN_SQLITE, "\"a\"\"b\" `c``d` [e;f] X'00'"), "\"s\"s\"s'");
    assert_string_equal(kinds(SQLSCAN_SQLITE, "?1 ?, :a @b $c"), "pspospspsp");
    assert_string_equal(kinds(SQLSCAN_POSTGRES, "a::int"), "wow");
    assert_string_equal(kinds(SQLSCAN_SQLITE, "'open"), "!");
    assert_string_equal(kinds(SQLSCAN_POSTGRES, "$x$ open"), "!");
    assert_string_equal(kinds(SQLSCAN_SQLITE, "[open"), "!");
}

static void test_comments_end_where_the_engine_ends_them(void **state)
{
    (void)state;
    /* PostgreSQL ends a line comment at CR too; SQLite only at LF. */
    assert_string_equal(kinds(SQLSCAN_POSTGRES, "-- c\rDROP"), "csw");
    assert_string_equal(kinds(SQLSCAN_SQLITE, "-- c\rDROP"), "c");
    assert_string_equal(kinds(SQLSCAN_SQLITE, "-- c\nDROP"), "csw");
    /* Block comments nest on PostgreSQL only. */
    assert_string_equal(kinds(SQLSCAN_POSTGRES, "/* a /* b */ c */x"), "bw");
    assert_string_equal(kinds(SQLSCAN_SQLITE, "/* a /* b */ c */x"), "bswsow");
    assert_string_equal(kinds(SQLSCAN_SQLITE, "/* open"), "!");
    /* An operator never swallows a comment start. */
    assert_string_equal(kinds(SQLSCAN_POSTGRES, "a<--b"), "woc");
    assert_string_equal(kinds(SQLSCAN_POSTGRES, "a+/*b*/"), "wob");
}

static const char *frag(sqlscan_dialect d, const char *text)
{
    size_t at = 0;
    return sqlscan_fragment_check(d, text, strlen(text), &at);
}

static void test_fragment_check(void **state)
{
    (void)state;
    const sqlscan_dialect both[] = {SQLSCAN_SQLITE, SQLSCAN_POSTGRES};
    for (int i = 0; i < 2; i++) {
        sqlscan_dialect d = both[i];
        assert_null(frag(d, "price >= 0"));
        assert_null(frag(d, "\"startsAt\" < \"endsAt\""));
        assert_null(frag(d, "name <> ';--' AND (a IN (1, 2))"));
        assert_null(frag(d, "a > 0\n  AND b > 0"));
        assert_non_null(strstr(frag(d, "n > 0); DROP TABLE x; --"), "')' without"));
        assert_non_null(strstr(frag(d, "n > 0; DROP TABLE x"), "';'"));
        assert_non_null(strstr(frag(d, "n > 0 -- x"), "comment"));
        assert_non_null(strstr(frag(d, "n > 0 /* x */"), "comment"));
        assert_non_null(strstr(frag(d, "(n > 0"), "never closed"));
        assert_non_null(strstr(frag(d, "n > 'x"), "unterminated"));
        assert_non_null(strstr(frag(d, "\"n > 0"), "unterminated"));
        assert_non_null(strstr(frag(d, "n > 0\x01"), "control"));
        size_t at = 0;
        assert_non_null(strstr(sqlscan_fragment_check(d, "a\0b", 3, &at), "NUL"));
        assert_int_equal(at, 1);
    }
    /* PostgreSQL reads E'\'' as one quote inside: the literal goes on. */
    assert_null(frag(SQLSCAN_POSTGRES, "a = E'\\' ) --'"));
    assert_non_null(strstr(frag(SQLSCAN_POSTGRES, "a = E'\\' ) --"), "unterminated"));
    assert_non_null(strstr(frag(SQLSCAN_SQLITE, "a = E'\\' ) --"), "')' without"));
    assert_null(frag(SQLSCAN_POSTGRES, "f($$x;$$)"));
}

static void test_comment_text_escapes_line_ends(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    assert_string_equal(sqltext_comment(&a, "a\nb\rc\td\x01\x7f"), "a\\nb\\rc\\td\\x01\\x7f");
    assert_string_equal(sqltext_comment(&a, "plain \"name\" é"), "plain \"name\" é");
    arena_free(&a);
}

/* A snapshot is read from disk: what lowering never produces is refused there. */
static void test_snapshot_validation(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ir_schema *ir = migtest_ir(&a, "postgresql",
                               "model T {\n  id Int @id\n  n Int @default(3) @check(\"n > 0\")\n  b Boolean @default(true)\n}\n");
    assert_non_null(ir);
    const char *json = ir_to_json(&a, ir);
    ir_schema back;
    const char *err = NULL;
    assert_int_equal(ir_from_json(&back, &a, json, strlen(json), &err), 0);

    struct {
        const char *from, *to, *want;
    } cases[] = {
        {"\"n > 0\"", "\"n > 0); DROP TABLE x; --\"", "check condition"},
        {"\"value\": \"3\"", "\"value\": \"3); DROP TABLE x; --\"", "not a number"},
        {"\"value\": \"true\"", "\"value\": \"true OR 1\"", "not true or false"},
        {"\"name\": \"n\"", "\"name\": \"n\\nDROP TABLE x;\\n-- \"", "control character"},
        {"\"name\": \"n\"", "\"name\": \"n\\u0000x\"", "NUL"},
        /* The back ends find columns by name: a second "n" would be taken for the first. */
        {"\"name\": \"b\"", "\"name\": \"n\"", "table \"T\": column \"n\" is defined twice"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *at = strstr(json, cases[i].from);
        assert_non_null(at);
        const char *bad = arena_printf(&a, "%.*s%s%s", (int)(at - json), json, cases[i].to, at + strlen(cases[i].from));
        err = NULL;
        assert_int_equal(ir_from_json(&back, &a, bad, strlen(bad), &err), -1);
        assert_non_null(err);
        if (!strstr(err, cases[i].want))
            fail_msg("case %zu: %s", i, err);
    }
    arena_free(&a);
}

/*
 * A migration file's header holds comments only, whatever the names say: a
 * name with a line end cannot put a statement before the first section.
 */
static void test_render_header_holds_comments_only(void **state)
{
    (void)state;
    const char *providers[] = {"sqlite", "postgresql"};
    for (int p = 0; p < 2; p++) {
        arena a;
        arena_init(&a);
        ir_schema *from = migtest_ir(&a, providers[p], "model T {\n  id Int @id\n}\n");
        ir_schema *to = migtest_ir(&a, providers[p], "model T {\n  id Int @id\n  nick String?\n}\n");
        assert_non_null(from);
        assert_non_null(to);
        /* A model built by hand, with the names a checked schema refuses. */
        const char *evil = p ? "nick\rDROP TABLE canary;\r-- " : "nick\nDROP TABLE canary;\n-- ";
        ir_table *t = ir_find_table(to, "T");
        ir_find_column(t, "nick")->name = evil;
        diff_options dopt = DIFF_OPTIONS_INIT;
        diff_result d;
        const char *err = NULL;
        assert_int_equal(diff_schemas(&d, &a, from, to, &dopt, &err), 0);
        const plan_dialect *pd = plan_dialect_for(to->provider);
        plan_options po = PLAN_OPTIONS_INIT;
        plan_script script;
        pd->plan(&script, &a, &d, from, to, &po);
        safety_report w = {0};
        const char *sql = migrate_render_sql(&a, "migration x: up", pd, &d, &w, &script);
        sqlscan s;
        sqlscan_init(&s, p ? SQLSCAN_POSTGRES : SQLSCAN_SQLITE, sql, strlen(sql));
        size_t words = 0;
        bool in_section = false;
        for (;;) {
            sqltok tk = sqlscan_next(&s);
            assert_int_not_equal(tk.kind, SQLTOK_ERROR);
            if (tk.kind == SQLTOK_END)
                break;
            if (tk.kind == SQLTOK_LINE_COMMENT && strncmp(sql + tk.start, "-- schemac:section", 18) == 0)
                in_section = true;
            if (!in_section && tk.kind != SQLTOK_SPACE && tk.kind != SQLTOK_LINE_COMMENT)
                fail_msg("%s: a statement in the header:\n%s", providers[p], sql);
            /* The only statement is the ALTER: DROP appears only inside the quoted name. */
            if (tk.kind == SQLTOK_WORD && tk.len == 4 && strncmp(sql + tk.start, "DROP", 4) == 0)
                fail_msg("%s: DROP outside a quoted name:\n%s", providers[p], sql);
            if (tk.kind == SQLTOK_WORD)
                words++;
        }
        assert_true(words > 0);
        assert_non_null(strstr(sql, p ? "nick\\rDROP TABLE canary;\\r-- " : "nick\\nDROP TABLE canary;\\n-- "));
        arena_free(&a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_literals_and_names),
        cmocka_unit_test(test_comments_end_where_the_engine_ends_them),
        cmocka_unit_test(test_fragment_check),
        cmocka_unit_test(test_comment_text_escapes_line_ends),
        cmocka_unit_test(test_snapshot_validation),
        cmocka_unit_test(test_render_header_holds_comments_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
