/*
 * test_cgen_unit.c - the pieces of the C generator: C names from schema
 * names, C string literals, template expansion and loading, prefixes, and
 * what generation refuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <schemac/sql.h>

#include "cgen/cgen_internal.h"
#include "testutil.h"

static void test_snake(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    assert_string_equal(cgen_snake(&a, "createdAt"), "created_at");
    assert_string_equal(cgen_snake(&a, "BlogPost"), "blog_post");
    assert_string_equal(cgen_snake(&a, "HTTPServer"), "http_server");
    assert_string_equal(cgen_snake(&a, "userID"), "user_id");
    assert_string_equal(cgen_snake(&a, "v2Name"), "v2_name");
    assert_string_equal(cgen_snake(&a, "already_snake"), "already_snake");
    assert_string_equal(cgen_upper(&a, "blogPost"), "BLOG_POST");
    /* Beyond ASCII: each character a word of its own, u and its code point. */
    assert_string_equal(cgen_snake(&a, "Stra\xc3\x9f" "e"), "stra_u00df_e");
    assert_string_equal(cgen_snake(&a, "gr\xc3\xb6\xc3\x9f" "e"), "gr_u00f6_u00df_e");
    assert_string_equal(cgen_snake(&a, "\xc3\xb6"), "u00f6");
    assert_string_equal(cgen_snake(&a, "\xf0\x9d\x90\x80x"), "u0001d400_x");
    assert_string_equal(cgen_upper(&a, "\xc3\xb6"), "U00F6");
    arena_free(&a);
}

/* The name registry: the contract of cgen_names_claim (cgen_internal.h). */
static void test_names_registry(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    cgen_names r;
    cgen_names_init(&r, &a);
    static const char *const model[] = {"%s", "%s_list", "%S_GENERATED_H"};
    cgen_rename who = {"model", NULL, "User", NULL, NULL, NULL};
    assert_string_equal(cgen_names_claim(&r, r.file, "p_user", model, 3, &who), "p_user");
    assert_int_equal(r.nrenames, 0);
    /* A later claim whose family meets an earlier name yields, whole, with a note. */
    cgen_rename who2 = {"model", NULL, "UserList", NULL, NULL, NULL};
    assert_string_equal(cgen_names_claim(&r, r.file, "p_user_list", model, 3, &who2), "p_user_list_2");
    assert_int_equal(r.nrenames, 1);
    assert_string_equal(r.renames[0].given, "p_user_list_2");
    assert_string_equal(r.renames[0].wanted, "p_user_list");
    assert_non_null(strstr(r.renames[0].holder, "already generated for model \"User\""));
    assert_false(cgen_names_free(&r, r.file, "P_USER_LIST_2_GENERATED_H"));
    /* Reserved words: a trailing underscore, no note; sc_ names are libschemac's at file scope. */
    cgen_scope *members = cgen_names_scope(&r);
    assert_string_equal(cgen_names_claim(&r, members, "linux", NULL, 0, NULL), "linux_");
    assert_string_equal(cgen_names_claim(&r, members, "class", NULL, 0, NULL), "class_");
    assert_string_equal(cgen_names_claim(&r, members, "linux_", NULL, 0, NULL), "linux__2");
    assert_int_equal(r.nrenames, 2);
    assert_true(cgen_name_reserved("__x"));
    assert_true(cgen_name_reserved("_Bool"));
    assert_true(cgen_name_reserved("unix"));
    assert_false(cgen_name_reserved("_x"));
    assert_false(cgen_names_free(&r, r.file, "sc_conn"));
    assert_true(cgen_names_free(&r, members, "sc_conn"));
    /* A family whose own forms meet: no base fits. */
    static const char *const twice[] = {"%s", "%s"};
    assert_null(cgen_names_claim(&r, members, "x", twice, 2, NULL));
    /* take: one name as is. */
    assert_true(cgen_names_take(&r, members, "site", "a local"));
    assert_false(cgen_names_take(&r, members, "site", "a local"));
    arena_free(&a);
}

static void test_c_string(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    assert_string_equal(cgen_c_string(&a, "say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
    assert_string_equal(cgen_c_string(&a, "a\nb\tc"), "\"a\\nb\\011c\"");
    /* "??=" would be a trigraph in a literal. */
    assert_string_equal(cgen_c_string(&a, "?" "?="), "\"?\\?=\"");
    assert_string_equal(cgen_c_string(&a, "?" "?" "?"), "\"?\\?\\?\"");
    assert_string_equal(cgen_c_string(&a, ""), "\"\"");
    /* Other control bytes and DEL in three octal digits; bytes above 0x7f as they are. */
    assert_string_equal(cgen_c_string(&a, "\x01" "7\x7f\x1f\r\xc3\xa9?"), "\"\\0017\\177\\037\\015\xc3\xa9?\"");
    arena_free(&a);
}

/* cgen_c_string_put appends what cgen_c_string returns, for short and long plain runs alike. */
static void test_c_string_put(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    static const char *const texts[] = {
        "", "x", "\"a\"", "SELECT \"id\", \"email\" FROM \"users\" WHERE \"id\" = ?1",
        "a plain run of more than sixteen bytes \"then a quote\" and ?\?= and \x01\x7f\xc3\xa9 and \\",
        "0123456789abcdef", "0123456789abcdefg\"", "\"\"\"",
    };
    strbuf b;
    strbuf_init(&b, &a);
    strbuf_putlit(&b, "<");
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t before = b.len;
        cgen_c_string_put(&b, texts[i]);
        const char *want = cgen_c_string(&a, texts[i]);
        assert_int_equal(b.len - before, strlen(want));
        assert_int_equal(b.len - before, cgen_c_string_len(texts[i]));
        assert_memory_equal(b.s + before, want, strlen(want));
        assert_int_equal(b.s[b.len], '\0');
    }
    arena_free(&a);
}

/* cgen_pg_derived says yes exactly when PG is sc_sql_to_pg(SQLITE): every string over an alphabet of
   placeholders, digits, both quotes and plain bytes up to length 6, against that text and one byte off. */
static void test_pg_derived(void **state)
{
    (void)state;
    static const char alpha[] = "?1$'\"a";
    enum { K = sizeof alpha - 1 };
    char l[8], p[9];
    size_t tried = 0;
    for (size_t len = 0; len <= 6; len++) {
        size_t total = 1;
        for (size_t i = 0; i < len; i++)
            total *= K;
        for (size_t code = 0; code < total; code++) {
            size_t c = code;
            for (size_t i = 0; i < len; i++, c /= K)
                l[i] = alpha[c % K];
            l[len] = '\0';
            char *pg = sc_sql_to_pg(l);
            assert_non_null(pg);
            if (!cgen_pg_derived(l, pg))
                fail_msg("not derived: [%s] -> [%s]", l, pg);
            /* Each byte of the converted text changed, and one byte more or less: never derived. */
            for (size_t i = 0; i < len; i++) {
                memcpy(p, pg, len + 1);
                p[i] = p[i] == '$' ? '?' : '$';
                if (cgen_pg_derived(l, p) != (strcmp(p, pg) == 0))
                    fail_msg("[%s] against [%s]", l, p);
            }
            memcpy(p, pg, len + 1);
            p[len] = 'a';
            p[len + 1] = '\0';
            assert_false(cgen_pg_derived(l, p));
            if (len) {
                memcpy(p, pg, len);
                p[len - 1] = '\0';
                assert_false(cgen_pg_derived(l, p));
            }
            free(pg);
            tried++;
        }
    }
    assert_true(tried > 50000);
}

static void test_expand(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *vars[] = {"prefix", "blog", "PREFIX", "BLOG", NULL};
    const char *err = NULL;
    assert_string_equal(cgen_expand(&a, "#ifndef {{PREFIX}}_H /* {{prefix}} */", vars, &err), "#ifndef BLOG_H /* blog */");
    assert_string_equal(cgen_expand(&a, "no keys { } }}", vars, &err), "no keys { } }}");
    assert_null(cgen_expand(&a, "{{nope}}", vars, &err));
    assert_non_null(strstr(err, "unknown key 'nope'"));
    assert_null(cgen_expand(&a, "open {{prefix", vars, &err));
    assert_non_null(strstr(err, "without"));
    arena_free(&a);
}

static void test_prefix(void **state)
{
    (void)state;
    assert_true(cgen_prefix_valid("blog"));
    assert_true(cgen_prefix_valid("_x9"));
    assert_false(cgen_prefix_valid("9blog"));
    assert_false(cgen_prefix_valid("my-blog"));
    assert_false(cgen_prefix_valid(""));
    assert_false(cgen_prefix_valid(NULL));
    assert_false(cgen_prefix_valid("sc_blog")); /* the runtime's namespace */
    assert_false(cgen_prefix_valid("linux"));   /* a macro in GNU modes */
    assert_false(cgen_prefix_valid("__blog"));  /* reserved by C */
}

static void test_builtin_templates(void **state)
{
    (void)state;
    cgen_templates t = cgen_builtin_templates();
    assert_true(t.count >= 4);
    assert_non_null(cgen_template_find(&t, "header_begin.h.tpl"));
    assert_non_null(cgen_template_find(&t, "source_begin.c.tpl"));
    assert_null(cgen_template_find(&t, "nope.tpl"));
}

static void test_templates_dir(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/cgen_tpl_%ld", testutil_tmp_dir(), (long)getpid());
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/header_end.h.tpl", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("/* mine */\n", fp);
    fclose(fp);
    cgen_templates t;
    const char *err = NULL;
    assert_int_equal(cgen_templates_load_dir(&t, &a, dir, &err), 0);
    assert_string_equal(cgen_template_find(&t, "header_end.h.tpl"), "/* mine */\n");
    assert_non_null(cgen_template_find(&t, "header_begin.h.tpl")); /* the rest stay built in */
    unlink(path);
    rmdir(dir);
    assert_int_equal(cgen_templates_load_dir(&t, &a, dir, &err), -1);
    assert_non_null(strstr(err, "cannot open template folder"));
    arena_free(&a);
}

static void test_generate_refuses(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ir_schema s;
    memset(&s, 0, sizeof s);
    cgen_output out;
    const char *err = NULL;
    cgen_options o = CGEN_OPTIONS_INIT;
    o.prefix = "bad prefix";
    assert_int_equal(cgen_generate(&out, &a, &s, &o, &err), -1);
    assert_non_null(strstr(err, "not a C identifier"));

    /* A template set without the needed template names it. */
    static const cgen_template only[] = {{"header_begin.h.tpl", "/* {{prefix}} */\n"}};
    o.prefix = "ok";
    o.templates.items = only;
    o.templates.count = 1;
    assert_int_equal(cgen_generate(&out, &a, &s, &o, &err), -1);
    assert_non_null(strstr(err, "header_end.h.tpl"));

    /* An empty schema still gives two files that name the prefix. */
    o.templates.count = 0;
    assert_int_equal(cgen_generate(&out, &a, &s, &o, &err), 0);
    assert_string_equal(out.header_name, "ok.h");
    assert_string_equal(out.source_name, "ok.c");
    assert_non_null(strstr(out.header, "#ifndef OK_GENERATED_H"));
    assert_non_null(strstr(out.source, "#include \"ok.h\""));
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snake),           cmocka_unit_test(test_c_string),
        cmocka_unit_test(test_c_string_put),    cmocka_unit_test(test_pg_derived),
        cmocka_unit_test(test_expand),          cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_builtin_templates), cmocka_unit_test(test_templates_dir),
        cmocka_unit_test(test_generate_refuses), cmocka_unit_test(test_names_registry),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
