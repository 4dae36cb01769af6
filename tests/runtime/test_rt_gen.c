/*
 * test_rt_gen.c - the runtime helpers generated code calls (schemac/array.h,
 * schemac/sql.h, schemac/rows.h): the JSON array reader and the array
 * writer on their own, SQL text functions, and on a real database the
 * sites with one text or in pieces, rows fetched, lists and batches, the
 * multi-row INSERT and a batch loader.
 *
 *   test_rt_gen sqlite    an SQLite file under SCHEMAC_TEST_TMP
 *   test_rt_gen pg        a fresh database on the fixture cluster (also the list columns)
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rt_test.h"

static int g_pg;
static char g_url[700];
static char g_dbname[128];

/* ---------------------------------------------------------------- JSON arrays */

static void strings_ok(const char *text, size_t expect_n, const char *const *expect)
{
    char **v = NULL;
    size_t n = 99;
    assert_int_equal(sc_json_array_strings(&v, &n, text, strlen(text)), SC_OK);
    assert_int_equal(n, expect_n);
    for (size_t i = 0; i < n; i++) {
        if (!expect[i])
            assert_null(v[i]);
        else
            assert_string_equal(v[i], expect[i]);
    }
    sc_texts_free(v, n);
}

static void strings_bad(const char *text)
{
    char **v = (char **)1;
    size_t n = 99;
    assert_int_equal(sc_json_array_strings(&v, &n, text, strlen(text)), SC_ETYPE);
    assert_null(v);
    assert_int_equal(n, 0);
}

static void test_json_strings(void **state)
{
    (void)state;
    static const char *const e1[] = {"a", "b\"c\\", NULL, "12.50", "true", "-3e+2"};
    strings_ok(" [ \"a\" , \"b\\\"c\\\\\",null,12.50 ,true, -3e+2 ] ", 6, e1);
    static const char *const e2[] = {"\n\t\r\b\f/", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\x01"};
    strings_ok("[\"\\n\\t\\r\\b\\f\\/\",\"\\u00e9\",\"\\u20AC\",\"\\ud83d\\ude00\",\"\\u0001\"]", 5, e2);
    /* raw UTF-8 passes through */
    static const char *const e3[] = {"\xc3\xa9t\xc3\xa9"};
    strings_ok("[\"\xc3\xa9t\xc3\xa9\"]", 1, e3);
    char **v = (char **)1;
    size_t n = 99;
    assert_int_equal(sc_json_array_strings(&v, &n, "[]", 2), SC_OK);
    assert_null(v);
    assert_int_equal(n, 0);
    assert_int_equal(sc_json_array_strings(&v, &n, " [ \n ] ", 7), SC_OK);
    assert_int_equal(n, 0);
    /* the length bounds the text: nothing is read past it */
    assert_int_equal(sc_json_array_strings(&v, &n, "[1]garbage", 3), SC_OK);
    assert_int_equal(n, 1);
    sc_texts_free(v, n);

    strings_bad("");
    strings_bad("1");
    strings_bad("[");
    strings_bad("[1");
    strings_bad("[1,]");
    strings_bad("[,1]");
    strings_bad("[1 2]");
    strings_bad("[1] x");
    strings_bad("[[1]]");            /* nested: values, not strings */
    strings_bad("[{\"a\":1}]");
    strings_bad("[\"a]");            /* unterminated */
    strings_bad("[\"a\nb\"]");       /* raw control character */
    strings_bad("[\"\\x\"]");        /* unknown escape */
    strings_bad("[\"\\u12\"]");
    strings_bad("[\"\\ud83d\"]");    /* high surrogate alone */
    strings_bad("[\"\\ud83dx\"]");
    strings_bad("[\"\\ud83d\\u0041\"]");
    strings_bad("[\"\\ude00\"]");    /* low surrogate alone */
    strings_bad("[\"\\u0000\"]");    /* NUL cannot be C text */
    strings_bad("[01]");
    strings_bad("[1.]");
    strings_bad("[.5]");
    strings_bad("[1e]");
    strings_bad("[-]");
    strings_bad("[tru]");
    strings_bad("[nul]");
    strings_bad("[NaN]");
}

static void test_json_values(void **state)
{
    (void)state;
    const char *text = "[ {\"a\": [1, {\"b\": null}]} , [ ] ,\"s\\\"q\" , null,-0.5e-3 , false ]";
    char **v = NULL;
    size_t n = 0;
    assert_int_equal(sc_json_array_values(&v, &n, text, strlen(text)), SC_OK);
    assert_int_equal(n, 6);
    assert_string_equal(v[0], "{\"a\": [1, {\"b\": null}]}");
    assert_string_equal(v[1], "[ ]");
    assert_string_equal(v[2], "\"s\\\"q\"");
    assert_string_equal(v[3], "null");
    assert_string_equal(v[4], "-0.5e-3");
    assert_string_equal(v[5], "false");
    sc_texts_free(v, n);
    static const char *const bad[] = {"[{]", "[{\"a\"}]", "[{\"a\":}]", "[{1:2}]", "[{\"a\":1,}]", "[[1,]]", "[}"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        v = (char **)1;
        assert_int_equal(sc_json_array_values(&v, &n, bad[i], strlen(bad[i])), SC_ETYPE);
        assert_null(v);
    }
    /* nesting is bounded, not a stack overflow */
    char deep[2000];
    memset(deep, '[', sizeof deep - 1);
    deep[sizeof deep - 1] = '\0';
    deep[0] = '[';
    assert_int_equal(sc_json_array_values(&v, &n, deep, strlen(deep)), SC_ETYPE);
}

/* ---------------------------------------------------------------- the array writer */

static char *array_text(sc_array *a)
{
    /* close it the way sc_stmt_bind_array does, without a statement */
    const char *close = a->style == SC_ARRAY_PG ? "}" : "]";
    size_t n = a->len;
    char *t = malloc(n + 2);
    memcpy(t, a->text, n);
    t[n] = close[0];
    t[n + 1] = '\0';
    sc_array_free(a);
    return t;
}

static void test_array_writer(void **state)
{
    (void)state;
    sc_array a;
    sc_array_init(&a, SC_ARRAY_JSON);
    sc_array_int(&a, -42);
    sc_array_int(&a, INT64_MAX);
    sc_array_double(&a, 0.5);
    sc_array_double(&a, NAN);
    sc_array_double(&a, INFINITY);
    sc_array_bool(&a, true);
    sc_array_text(&a, "q\"b\\c\n\x01\xc3\xa9");
    sc_array_text(&a, NULL);
    sc_array_null(&a);
    sc_array_bytes(&a, (const uint8_t *)"\x00\xff\x10", 3);
    sc_array_bytes(&a, NULL, 0);
    sc_array_time(&a, 1500000);
    sc_array_label(&a, "RED");
    assert_int_equal(a.rc, SC_OK);
    char *t = array_text(&a);
    assert_string_equal(t, "[-42,9223372036854775807,0.5,null,null,true,\"q\\\"b\\\\c\\u000a\\u0001\xc3\xa9\",null,null,"
                           "\"\\\\x00ff10\",null,\"1970-01-01T00:00:01.500000Z\",\"RED\"]");
    free(t);
    /* what the writer writes, the reader reads back */
    sc_array_init(&a, SC_ARRAY_JSON);
    sc_array_text(&a, "q\"b\\c\n\x01\xc3\xa9");
    sc_array_bytes(&a, (const uint8_t *)"\xab", 1);
    t = array_text(&a);
    /* integers at the edges and around powers of ten */
    {
        sc_array b;
        sc_array_init(&b, SC_ARRAY_PG);
        sc_array_int(&b, INT64_MIN);
        sc_array_int(&b, 0);
        sc_array_int(&b, 9);
        sc_array_int(&b, 10);
        sc_array_int(&b, -1000000);
        char *u = array_text(&b);
        assert_string_equal(u, "{-9223372036854775808,0,9,10,-1000000}");
        free(u);
    }
    char **v = NULL;
    size_t n = 0;
    assert_int_equal(sc_json_array_strings(&v, &n, t, strlen(t)), SC_OK);
    assert_int_equal(n, 2);
    assert_string_equal(v[0], "q\"b\\c\n\x01\xc3\xa9");
    assert_string_equal(v[1], "\\xab");
    sc_texts_free(v, n);
    free(t);

    /* a PostgreSQL array literal: backslash escapes only, NULL in capitals */
    sc_array_init(&a, SC_ARRAY_PG);
    sc_array_int(&a, 1);
    sc_array_text(&a, "a\"b\\c\n");
    sc_array_null(&a);
    t = array_text(&a);
    assert_string_equal(t, "{1,\"a\\\"b\\\\c\n\",NULL}");
    free(t);

    /* nested arrays keep their own separators */
    sc_array_init(&a, SC_ARRAY_JSON);
    for (int i = 0; i < 2; i++) {
        sc_array_open(&a);
        sc_array_int(&a, i);
        sc_array_text(&a, "k");
        sc_array_close(&a);
    }
    t = array_text(&a);
    assert_string_equal(t, "[[0,\"k\"],[1,\"k\"]]");
    free(t);

    /* failures are remembered: an enum out of range, a timestamp past year 9999, bad nesting */
    sc_array_init(&a, SC_ARRAY_JSON);
    sc_array_label(&a, NULL);
    sc_array_int(&a, 1);
    assert_int_equal(a.rc, SC_EINVAL);
    sc_array_free(&a);
    sc_array_init(&a, SC_ARRAY_JSON);
    sc_array_time(&a, INT64_MAX);
    assert_int_equal(a.rc, SC_EINVAL);
    sc_array_free(&a);
    sc_array_init(&a, SC_ARRAY_JSON);
    sc_array_close(&a);
    assert_int_equal(a.rc, SC_EINVAL);
    sc_array_free(&a);
    sc_array_init(&a, SC_ARRAY_JSON);
    for (int i = 0; i <= SC_ARRAY_MAX_DEPTH; i++)
        sc_array_open(&a);
    assert_int_equal(a.rc, SC_EINVAL);
    sc_array_free(&a);
    assert_int_equal(sc_array_style_for(NULL), SC_ARRAY_JSON);
}

/* ---------------------------------------------------------------- SQL text */

static void test_sql_text(void **state)
{
    (void)state;
    char *s = sc_sql_to_pg("SELECT \"a?1\", 'x?2''?3', ?1, ?23 FROM t WHERE b = ? AND \"q\"\"?4\" = ?4");
    assert_string_equal(s, "SELECT \"a?1\", 'x?2''?3', $1, $23 FROM t WHERE b = ? AND \"q\"\"?4\" = $4");
    free(s);
    s = sc_sql_to_pg("unterminated '?1");
    assert_string_equal(s, "unterminated '?1");
    free(s);
    assert_null(sc_sql_to_pg(NULL));

    s = sc_sql_insert_rows("INSERT INTO \"t VALUES (?9)\" (\"a\", \"b\") VALUES (?1, COALESCE(?2, '?7'))", 3);
    assert_string_equal(s, "INSERT INTO \"t VALUES (?9)\" (\"a\", \"b\") VALUES (?1, COALESCE(?2, '?7')), "
                           "(?3, COALESCE(?4, '?7')), (?5, COALESCE(?6, '?7'))");
    free(s);
    s = sc_sql_insert_rows("INSERT INTO t (a, b, c) VALUES ($1, CAST($2 AS INT), $3)", 2);
    assert_string_equal(s, "INSERT INTO t (a, b, c) VALUES ($1, CAST($2 AS INT), $3), ($4, CAST($5 AS INT), $6)");
    free(s);
    s = sc_sql_insert_rows("INSERT INTO t (a) VALUES (?1)", 1);
    assert_string_equal(s, "INSERT INTO t (a) VALUES (?1)");
    free(s);
    /* the first row stays as written, placeholders spelled oddly included */
    s = sc_sql_insert_rows("INSERT INTO t (a) VALUES (?01)", 2);
    assert_string_equal(s, "INSERT INTO t (a) VALUES (?01), (?2)");
    free(s);
    assert_null(sc_sql_insert_rows("INSERT INTO t DEFAULT VALUES", 2));
    assert_null(sc_sql_insert_rows("INSERT INTO t (a) VALUES (?1) RETURNING a", 2));
    assert_null(sc_sql_insert_rows("INSERT INTO t (a) VALUES (?1)", 0));
    assert_null(sc_sql_insert_rows(NULL, 2));

    sc_sqlbuf q;
    sc_sqlbuf_init(&q, NULL);
    sc_sqlbuf_put(&q, "UPDATE \"t\" SET ");
    sc_sqlbuf_set(&q, "\"a\"");
    sc_sqlbuf_set_pg_expr(&q, "\"b\"", "CAST(", " AS JSON)");
    sc_sqlbuf_set_raw(&q, "\"v\" = \"v\" + 1");
    sc_sqlbuf_where(&q, "\"id\"");
    sc_sqlbuf_where(&q, "\"v\"");
    assert_string_equal(sc_sqlbuf_text(&q), "UPDATE \"t\" SET \"a\" = ?1, \"b\" = ?2, \"v\" = \"v\" + 1 WHERE \"id\" = ?3 AND \"v\" = ?4");
    assert_int_equal(q.nparams, 4);
    /* longer than the inline buffer: moves to the heap, the text intact */
    for (int i = 0; i < 200; i++)
        sc_sqlbuf_set(&q, "\"column_with_a_long_name\"");
    assert_non_null(q.heap);
    assert_non_null(strstr(sc_sqlbuf_text(&q), "WHERE \"id\" = ?3 AND \"v\" = ?4, \"column_with_a_long_name\" = ?5, "));
    assert_non_null(strstr(sc_sqlbuf_text(&q), "\"column_with_a_long_name\" = ?204"));
    assert_int_equal(strlen(sc_sqlbuf_text(&q)), q.len);
    sc_sqlbuf_free(&q);
}

/* ---------------------------------------------------------------- on a database */

/* A row type as generated code has one: text, nullable int, bytes, a loaded relation. */
typedef struct item {
    int32_t id;
    char *name;
    bool has_qty;
    int32_t qty;
    uint8_t *blob;
    size_t blob_len;
    struct tag *tags; /* array of tags_count */
    size_t tags_count;
    struct tag *first; /* a single row */
} item;

typedef struct tag {
    int32_t id;
    char *label;
} tag;

static int tag_read(void *p, sc_stmt *st);
static void tag_clear(void *p);
static const sc_model tag_model = {sizeof(tag), 0, tag_read, tag_clear, NULL, 0, 0, NULL};

static void tag_clear(void *p)
{
    tag *t = p;
    free(t->label);
    memset(t, 0, sizeof *t);
}

static int tag_read(void *p, sc_stmt *st)
{
    tag *t = p;
    memset(t, 0, sizeof *t);
    int rc = sc_stmt_column_int32(&t->id, st, 0);
    if (rc == SC_OK)
        rc = sc_stmt_column_text_dup(&t->label, st, 1);
    if (rc != SC_OK)
        tag_clear(t);
    return rc;
}

static void item_clear(void *p)
{
    item *it = p;
    free(it->name);
    free(it->blob);
    sc_rows_free(it->tags, it->tags_count, &tag_model);
    sc_row_free(it->first, &tag_model);
    memset(it, 0, sizeof *it);
}

typedef struct item_list {
    item *items;
    size_t count;
} item_list;

static int item_read(void *p, sc_stmt *st);
static const sc_model item_model = {sizeof(item), offsetof(item_list, count), item_read, item_clear, NULL, 0, 0, NULL};

static int g_reads; /* item_read calls, to check that failures clean up */
static int g_fail_at = -1;

static int item_read(void *p, sc_stmt *st)
{
    item *it = p;
    memset(it, 0, sizeof *it);
    if (g_reads++ == g_fail_at)
        return SC_ETYPE;
    int rc = sc_stmt_column_int32(&it->id, st, 0);
    if (rc == SC_OK)
        rc = sc_stmt_column_text_dup(&it->name, st, 1);
    if (rc == SC_OK)
        rc = sc_nullable(sc_stmt_column_int32(&it->qty, st, 2), &it->has_qty);
    if (rc == SC_OK)
        rc = sc_nullable(sc_stmt_column_blob_dup(&it->blob, &it->blob_len, st, 3), &(bool){false});
    if (rc != SC_OK)
        item_clear(it);
    return rc;
}

static int item_bind(sc_stmt *st, const void *p, size_t n, sc_timestamp now)
{
    (void)now;
    int rc = SC_OK;
    for (size_t r = 0; rc == SC_OK && r < n; r++) {
        const item *it = (const item *)p + r;
        int base = (int)r * 3;
        rc = sc_stmt_bind_int32(st, base + 1, it->id);
        if (rc == SC_OK)
            rc = sc_stmt_bind_text_ref(st, base + 2, it->name, -1);
        if (rc == SC_OK)
            rc = it->has_qty ? sc_stmt_bind_int32(st, base + 3, it->qty) : sc_stmt_bind_null(st, base + 3);
    }
    return rc;
}

static sc_conn *g_conn;

static int setup(void **state)
{
    (void)state;
    if (sc_conn_open(&g_conn, g_url, NULL, NULL) != SC_OK)
        return -1;
    const char *ddl = g_pg ? "DROP TABLE IF EXISTS item_tag, tag, item;"
                             "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER, blob BYTEA);"
                             "CREATE TABLE tag (id INTEGER PRIMARY KEY, item_id INTEGER, label TEXT);"
                           : "DROP TABLE IF EXISTS tag; DROP TABLE IF EXISTS item;"
                             "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER, blob BLOB);"
                             "CREATE TABLE tag (id INTEGER PRIMARY KEY, item_id INTEGER, label TEXT);";
    return sc_conn_exec(g_conn, ddl) == SC_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sc_conn_close(g_conn);
    g_conn = NULL;
    return 0;
}

static void insert_items(int n)
{
    static sc_stmt_site one = SC_STMT_SITE("INSERT INTO item (id, name, qty) VALUES (?1, ?2, ?3)", NULL);
    static sc_stmt_site batch = SC_STMT_SITE(NULL, NULL);
    static const sc_insert_spec spec = {&one, &batch, 4, 3, sizeof(item), item_bind};
    item *rows = calloc((size_t)n, sizeof *rows);
    char names[64][16];
    for (int i = 0; i < n; i++) {
        rows[i].id = i + 1;
        snprintf(names[i], sizeof names[i], "n'%d?1", i + 1);
        rows[i].name = names[i];
        rows[i].has_qty = i % 2 == 0;
        rows[i].qty = 10 * (i + 1);
    }
    assert_int_equal(sc_insert_many(g_conn, &spec, rows, (size_t)n, 0), SC_OK);
    free(rows);
}

static void test_sites_and_fetch(void **state)
{
    (void)state;
    insert_items(10); /* two batches of 4 and two single rows */
    static sc_stmt_site count = SC_STMT_SITE("SELECT COUNT(*) FROM item WHERE id > ?1 OR 1 = 1", NULL);
    static sc_stmt_site count0 = SC_STMT_SITE("SELECT COUNT(*) FROM item", NULL);
    int64_t total = 0;
    assert_int_equal(sc_query_int64(&total, g_conn, &count0), SC_OK);
    assert_int_equal(total, 10);
    /* a parameter left unbound: SQL NULL, so only 1 = 1 holds */
    assert_int_equal(sc_query_int64(&total, g_conn, &count), SC_OK);
    assert_int_equal(total, 10);
    static sc_stmt_site none = SC_STMT_SITE("SELECT 1 WHERE 1 = 0", NULL);
    assert_int_equal(sc_query_int64(&total, g_conn, &none), SC_ERROR);

    /* one text: the PostgreSQL placeholders are written from it; quoted '?1' stays text */
    static sc_stmt_site find = SC_STMT_SITE("SELECT id, name, qty, blob FROM item WHERE id = ?1 AND name <> '?1'", NULL);
    for (int round = 0; round < 2; round++) { /* the second round finds it by the site's number */
        sc_stmt *st = NULL;
        int rc = sc_stmt_prepare_site(&st, g_conn, &find);
        if (rc == SC_OK)
            rc = sc_stmt_bind_int32(st, 1, 3);
        item *it = NULL;
        assert_int_equal(sc_stmt_fetch_one(&it, st, rc, &item_model), SC_OK);
        assert_int_equal(it->id, 3);
        assert_string_equal(it->name, "n'3?1");
        assert_true(it->has_qty);
        assert_int_equal(it->qty, 30);
        assert_null(it->blob);
        sc_row_free(it, &item_model);
    }
    /* not found; a NULL out steps without reading; an error RC only releases */
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare_site(&st, g_conn, &find), SC_OK);
    assert_int_equal(sc_stmt_bind_int32(st, 1, 99), SC_OK);
    item *row = (item *)1;
    assert_int_equal(sc_stmt_fetch_one(&row, st, SC_OK, &item_model), SC_ENOTFOUND);
    assert_ptr_equal(row, (item *)1);
    assert_int_equal(sc_stmt_prepare_site(&st, g_conn, &find), SC_OK);
    assert_int_equal(sc_stmt_bind_int32(st, 1, 2), SC_OK);
    assert_int_equal(sc_stmt_fetch_one(NULL, st, SC_OK, &item_model), SC_OK);
    assert_int_equal(sc_stmt_prepare_site(&st, g_conn, &find), SC_OK);
    assert_int_equal(sc_stmt_fetch_one(&row, st, SC_EINVAL, &item_model), SC_EINVAL);
    assert_int_equal(sc_stmt_fetch_one(&row, NULL, SC_ENOMEM, &item_model), SC_ENOMEM);

    /* a statement in pieces, PostgreSQL's text written from SQLite's */
    static const char *const lite[] = {"SELECT id, name, qty, blob FROM item ", "WHERE id >= ?1 ", "ORDER BY id", NULL};
    static const sc_stmt_parts parts = {lite, NULL};
    static sc_stmt_site pieces = SC_STMT_SITE_PARTS(&parts);
    for (int round = 0; round < 2; round++) {
        assert_int_equal(sc_stmt_prepare_site(&st, g_conn, &pieces), SC_OK);
        assert_string_equal(sc_stmt_sql(st), g_pg ? "SELECT id, name, qty, blob FROM item WHERE id >= $1 ORDER BY id"
                                                  : "SELECT id, name, qty, blob FROM item WHERE id >= ?1 ORDER BY id");
        int rc = sc_stmt_bind_int32(st, 1, 4);
        item_list list = {NULL, 0};
        assert_int_equal(sc_stmt_fetch_list(&list, st, rc, round ? 3 : 0, &item_model), SC_OK);
        assert_int_equal(list.count, 7);
        assert_int_equal(list.items[0].id, 4);
        assert_false(list.items[0].has_qty);
        assert_int_equal(list.items[6].id, 10);
        assert_string_equal(list.items[6].name, "n'10?1");
        sc_list_free(&list, &item_model);
        assert_null(list.items);
        assert_int_equal(list.count, 0);
    }
    /* a read failing in the middle: the rows so far are freed (valgrind), the out values untouched */
    g_reads = 0;
    g_fail_at = 3;
    assert_int_equal(sc_stmt_prepare_site(&st, g_conn, &pieces), SC_OK);
    assert_int_equal(sc_stmt_bind_int32(st, 1, 1), SC_OK);
    item_list list = {(item *)1, 42};
    assert_int_equal(sc_stmt_fetch_list(&list, st, SC_OK, 0, &item_model), SC_ETYPE);
    assert_ptr_equal(list.items, (item *)1);
    assert_int_equal(list.count, 42);
    g_fail_at = -1;
    /* no rows: an empty list */
    assert_int_equal(sc_stmt_prepare_site(&st, g_conn, &pieces), SC_OK);
    assert_int_equal(sc_stmt_bind_int32(st, 1, 100), SC_OK);
    assert_int_equal(sc_stmt_fetch_list(&list, st, SC_OK, 0, &item_model), SC_OK);
    assert_null(list.items);
    assert_int_equal(list.count, 0);
    sc_list_free(NULL, &item_model);

    /* a site with no text at all is refused */
    static sc_stmt_site empty = SC_STMT_SITE(NULL, NULL);
    assert_int_equal(sc_stmt_prepare_site(&st, g_conn, &empty), SC_EINVAL);
}

static void test_finish(void **state)
{
    (void)state;
    insert_items(3);
    static sc_stmt_site del = SC_STMT_SITE("DELETE FROM item WHERE id = ?1", NULL);
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, g_conn, &del);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 1, 2);
    assert_int_equal(sc_stmt_finish(st, rc, SC_FINISH_CHANGED), SC_OK);
    rc = sc_stmt_prepare_site(&st, g_conn, &del);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 1, 2);
    assert_int_equal(sc_stmt_finish(st, rc, SC_FINISH_CHANGED), SC_ENOTFOUND);
    assert_int_equal(sc_conn_error(g_conn)->code, SC_ENOTFOUND);
    rc = sc_stmt_prepare_site(&st, g_conn, &del);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 1, 2);
    assert_int_equal(sc_stmt_finish(st, rc, SC_FINISH_EXEC), SC_OK);
    /* versioned: the qty column plays the version */
    static sc_stmt_site upd = SC_STMT_SITE("UPDATE item SET qty = qty + 1 WHERE id = ?1 AND qty = ?2", NULL);
    rc = sc_stmt_prepare_site(&st, g_conn, &upd);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 1, 1);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 2, 10);
    assert_int_equal(sc_stmt_finish(st, rc, SC_FINISH_VERSIONED), SC_OK);
    rc = sc_stmt_prepare_site(&st, g_conn, &upd);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 1, 1);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 2, 10);
    assert_int_equal(sc_stmt_finish(st, rc, SC_FINISH_VERSIONED), SC_ECONFLICT);
    static sc_stmt_site updr = SC_STMT_SITE("UPDATE item SET qty = qty + 1 WHERE id = ?1 AND qty = ?2 RETURNING id, name, qty, blob", NULL);
    rc = sc_stmt_prepare_site(&st, g_conn, &updr);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 1, 1);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 2, 11);
    item *row = NULL;
    assert_int_equal(sc_stmt_fetch_versioned(&row, st, rc, &item_model), SC_OK);
    assert_int_equal(row->qty, 12);
    sc_row_free(row, &item_model);
    rc = sc_stmt_prepare_site(&st, g_conn, &updr);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 1, 1);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 2, 11);
    assert_int_equal(sc_stmt_fetch_versioned(&row, st, rc, &item_model), SC_ECONFLICT);
    /* an error before the end only releases */
    assert_int_equal(sc_stmt_prepare_site(&st, g_conn, &del), SC_OK);
    assert_int_equal(sc_stmt_finish(st, SC_EINVAL, SC_FINISH_CHANGED), SC_EINVAL);
    assert_int_equal(sc_stmt_finish(NULL, SC_ENOMEM, SC_FINISH_EXEC), SC_ENOMEM);

    /* an enum label out of range is refused before the statement runs */
    static sc_stmt_site label = SC_STMT_SITE("UPDATE item SET name = ?1 WHERE id = 1", NULL);
    assert_int_equal(sc_stmt_prepare_site(&st, g_conn, &label), SC_OK);
    assert_int_equal(sc_stmt_bind_label(st, 1, NULL), SC_EINVAL);
    assert_int_equal(sc_conn_error(g_conn)->code, SC_EINVAL);
    assert_int_equal(sc_stmt_bind_label(st, 1, "RED"), SC_OK);
    assert_int_equal(sc_stmt_finish(st, SC_OK, SC_FINISH_CHANGED), SC_OK);
}

static void test_insert_many(void **state)
{
    (void)state;
    /* all or nothing: a duplicate key in the last single row rolls back every batch */
    static sc_stmt_site one = SC_STMT_SITE("INSERT INTO item (id, name, qty) VALUES (?1, ?2, ?3)", NULL);
    static sc_stmt_site batch = SC_STMT_SITE(NULL, NULL);
    static const sc_insert_spec spec = {&one, &batch, 3, 3, sizeof(item), item_bind};
    item rows[7];
    memset(rows, 0, sizeof rows);
    for (int i = 0; i < 7; i++) {
        rows[i].id = i + 1;
        rows[i].name = "x";
    }
    rows[6].id = 1;
    assert_int_equal(sc_insert_many(g_conn, &spec, rows, 7, 0), SC_EPRIMARYKEY);
    static sc_stmt_site count = SC_STMT_SITE("SELECT COUNT(*) FROM item", NULL);
    int64_t total = -1;
    assert_int_equal(sc_query_int64(&total, g_conn, &count), SC_OK);
    assert_int_equal(total, 0);
    rows[6].id = 7;
    assert_int_equal(sc_insert_many(g_conn, &spec, rows, 7, 0), SC_OK);
    assert_int_equal(sc_query_int64(&total, g_conn, &count), SC_OK);
    assert_int_equal(total, 7);
    assert_int_equal(sc_insert_many(g_conn, &spec, rows, 0, 0), SC_OK);
    /* inside a caller's transaction: a savepoint */
    assert_int_equal(sc_tx_begin(g_conn, SC_TX_DEFAULT), SC_OK);
    for (int i = 0; i < 7; i++)
        rows[i].id = 100 + i;
    assert_int_equal(sc_insert_many(g_conn, &spec, rows, 7, 0), SC_OK);
    assert_int_equal(sc_tx_rollback(g_conn), SC_OK);
    assert_int_equal(sc_query_int64(&total, g_conn, &count), SC_OK);
    assert_int_equal(total, 7);
}

static void test_load(void **state)
{
    (void)state;
    insert_items(4);
    assert_int_equal(sc_conn_exec(g_conn, "INSERT INTO tag (id, item_id, label) VALUES (1, 1, 'a'), (2, 1, 'b'), (3, 3, 'c')"),
                     SC_OK);
    /* each source row's key; the index of the row comes back with every tag */
    static sc_stmt_site many = SC_STMT_SITE(
        "SELECT t.id, t.label, k.\"key\" AS idx FROM json_each(?1) AS k JOIN tag AS t ON t.item_id = k.\"value\" ORDER BY idx, t.id",
        "SELECT t.id, t.label, k.ord - 1 AS idx FROM unnest(CAST($1 AS INTEGER[])) WITH ORDINALITY AS k(v, ord) JOIN tag AS t ON t.item_id = k.v ORDER BY idx, t.id");
    static const sc_load_spec to_many = {sizeof(item), offsetof(item, tags), offsetof(item, tags_count), 2, &tag_model, 0};
    static const sc_load_spec to_one = {sizeof(item), offsetof(item, first), SC_LOAD_ONE, 2, &tag_model, 0};
    item rows[4];
    memset(rows, 0, sizeof rows);
    int keys[4] = {1, 2, 3, 1}; /* item 1 twice: each row gets its own copy */
    for (int round = 0; round < 2; round++) { /* loading again replaces what was loaded */
        sc_array k;
        sc_array_init(&k, sc_array_style_for(g_conn));
        for (int i = 0; i < 4; i++)
            sc_array_int(&k, keys[i]);
        assert_int_equal(sc_load(g_conn, &many, &k, rows, 4, &to_many), SC_OK);
        assert_int_equal(rows[0].tags_count, 2);
        assert_string_equal(rows[0].tags[1].label, "b");
        assert_int_equal(rows[1].tags_count, 0);
        assert_null(rows[1].tags);
        assert_int_equal(rows[2].tags_count, 1);
        assert_int_equal(rows[3].tags_count, 2);
        assert_ptr_not_equal(rows[3].tags, rows[0].tags);
        sc_array_init(&k, sc_array_style_for(g_conn));
        for (int i = 0; i < 4; i++)
            sc_array_int(&k, keys[i]);
        assert_int_equal(sc_load(g_conn, &many, &k, rows, 4, &to_one), SC_OK);
        assert_non_null(rows[0].first);
        assert_string_equal(rows[0].first->label, "b"); /* the last of its rows */
        assert_null(rows[1].first);
    }
    /* no rows: nothing run, the keys freed */
    sc_array k;
    sc_array_init(&k, SC_ARRAY_JSON);
    assert_int_equal(sc_load(g_conn, &many, &k, rows, 0, &to_many), SC_OK);
    /* a failed key list: the relations are emptied, nothing run */
    sc_array_init(&k, SC_ARRAY_JSON);
    sc_array_label(&k, NULL);
    assert_int_equal(sc_load(g_conn, &many, &k, rows, 4, &to_many), SC_EINVAL);
    assert_int_equal(rows[0].tags_count, 0);
    for (int i = 0; i < 4; i++)
        item_clear(&rows[i]);
}

static void test_prepare_update(void **state)
{
    (void)state;
    insert_items(2);
    static const sc_set_column set[] = {
        {"name", 1, NULL, NULL},
        {"qty", 2, "CAST(", " AS INTEGER)"},
    };
    static const char *const where[] = {"id", "qty", NULL};
    static const char *const tail[] = {" RETURNING ", "id", NULL};
    static sc_update_cache cache;
    static const sc_update_spec spec = {"UPDATE item SET ", set, 2, "blob = NULL", where, tail, &cache};
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare_update(&st, g_conn, &spec, 1 | 2), SC_OK);
    assert_string_equal(sc_stmt_sql(st), g_pg ? "UPDATE item SET name = $1, qty = CAST($2 AS INTEGER), blob = NULL WHERE id = $3 AND qty = $4 RETURNING id"
                                              : "UPDATE item SET name = ?1, qty = ?2, blob = NULL WHERE id = ?3 AND qty = ?4 RETURNING id");
    int rc = sc_stmt_bind_text(st, 1, "renamed", -1);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 2, 7);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 3, 1);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 4, 10);
    assert_int_equal(sc_stmt_finish(st, rc, SC_FINISH_CHANGED), SC_OK);
    static sc_stmt_site check = SC_STMT_SITE("SELECT COUNT(*) FROM item WHERE name = 'renamed' AND qty = 7", NULL);
    int64_t n = 0;
    assert_int_equal(sc_query_int64(&n, g_conn, &check), SC_OK);
    assert_int_equal(n, 1);
    /* a mask without bit 1: that column is left out, the placeholders renumbered */
    assert_int_equal(sc_stmt_prepare_update(&st, g_conn, &spec, 2), SC_OK);
    assert_string_equal(sc_stmt_sql(st), g_pg ? "UPDATE item SET qty = CAST($1 AS INTEGER), blob = NULL WHERE id = $2 AND qty = $3 RETURNING id"
                                              : "UPDATE item SET qty = ?1, blob = NULL WHERE id = ?2 AND qty = ?3 RETURNING id");
    sc_stmt_release(st);
    /* the same text again is the same cached statement */
    sc_stmt *again = NULL;
    assert_int_equal(sc_stmt_prepare_update(&again, g_conn, &spec, 2), SC_OK);
    assert_ptr_equal(again, st);
    sc_stmt_release(again);
    /* the spec's cache found it by number: one slot per mask, bits outside the set columns ignored */
    assert_int_equal(cache.state[0], 2);
    assert_int_equal(cache.state[1], 2);
    assert_true(cache.mask[0] == 3 && cache.mask[1] == 2);
    assert_int_equal(cache.state[2], 0);
    assert_int_equal(sc_stmt_prepare_update(&again, g_conn, &spec, 2 | 64), SC_OK);
    assert_ptr_equal(again, st);
    sc_stmt_release(again);
    assert_int_equal(cache.state[2], 0);
    /* more masks than slots: the rest go by text, still right */
    static const sc_set_column many[] = {{"name", 1, NULL, NULL}, {"qty", 2, NULL, NULL}, {"blob", 4, NULL, NULL},
                                         {"id", 8, NULL, NULL}};
    static sc_update_cache small_cache;
    static const char *const by_id[] = {"id", NULL};
    static const sc_update_spec wide = {"UPDATE item SET ", many, 4, NULL, by_id, NULL, &small_cache};
    for (uint64_t m = 1; m < 16; m++) {
        assert_int_equal(sc_stmt_prepare_update(&st, g_conn, &wide, m), SC_OK);
        assert_int_equal(sc_stmt_param_count(st), __builtin_popcountll(m) + 1);
        sc_stmt_release(st);
        assert_int_equal(sc_stmt_prepare_update(&again, g_conn, &wide, m), SC_OK);
        assert_ptr_equal(again, st);
        sc_stmt_release(again);
    }
    for (int i = 0; i < SC_UPDATE_CACHE_SLOTS; i++)
        assert_int_equal(small_cache.state[i], 2);
    /* no tail, no raw assignment, no mask bit: only what is always set */
    static const sc_set_column always[] = {{"qty", 0, NULL, NULL}};
    static const char *const key[] = {"id", NULL};
    static const sc_update_spec bare = {"UPDATE item SET ", always, 1, NULL, key, NULL, NULL};
    assert_int_equal(sc_stmt_prepare_update(&st, g_conn, &bare, 0), SC_OK);
    assert_string_equal(sc_stmt_sql(st), g_pg ? "UPDATE item SET qty = $1 WHERE id = $2" : "UPDATE item SET qty = ?1 WHERE id = ?2");
    sc_stmt_release(st);
}

static void test_columns(void **state)
{
    (void)state;
    static sc_stmt_site ins = SC_STMT_SITE("INSERT INTO item (id, name, qty, blob) VALUES (?1, ?2, NULL, ?3)", NULL);
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, g_conn, &ins);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 1, 1);
    if (rc == SC_OK)
        rc = sc_stmt_bind_text(st, 2, "", 0);
    if (rc == SC_OK)
        rc = sc_stmt_bind_blob(st, 3, "", 0);
    assert_int_equal(sc_stmt_finish(st, rc, SC_FINISH_EXEC), SC_OK);
    static sc_stmt_site sel = SC_STMT_SITE("SELECT name, qty, blob FROM item", NULL);
    assert_int_equal(sc_stmt_prepare_site(&st, g_conn, &sel), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    char *name = NULL;
    assert_int_equal(sc_stmt_column_text_dup(&name, st, 0), SC_OK);
    assert_string_equal(name, "");
    free(name);
    assert_int_equal(sc_stmt_column_text_dup(&name, st, 1), SC_ENULL);
    assert_null(name);
    bool has = true;
    int32_t v = 7;
    assert_int_equal(sc_nullable(sc_stmt_column_int32(&v, st, 1), &has), SC_OK);
    assert_false(has);
    uint8_t *b = NULL;
    size_t len = 9;
    assert_int_equal(sc_stmt_column_blob_dup(&b, &len, st, 2), SC_OK);
    assert_non_null(b); /* empty, not NULL */
    assert_int_equal(len, 0);
    free(b);
    assert_int_equal(sc_nullable(sc_stmt_column_text_dup(&name, st, 9), &has), SC_EINVAL);
    assert_false(has);
    sc_stmt_release(st);
}

/* PostgreSQL list columns: every element type written with the whole-list binds and read back. */
static void test_pg_lists(void **state)
{
    (void)state;
    if (!g_pg)
        skip();
    assert_int_equal(sc_conn_exec(g_conn, "DROP TABLE IF EXISTS l; CREATE TABLE l (b BOOLEAN[], i INTEGER[], g BIGINT[], "
                                          "f DOUBLE PRECISION[], t TEXT[], ts TIMESTAMPTZ[], j JSONB[], y BYTEA[], d NUMERIC[])"),
                     SC_OK);
    static sc_stmt_site ins = SC_STMT_SITE(
        "INSERT INTO l VALUES (CAST(ARRAY(SELECT json_array_elements_text(CAST(?1 AS JSON))) AS BOOLEAN[]), "
        "CAST(ARRAY(SELECT json_array_elements_text(CAST(?2 AS JSON))) AS INTEGER[]), "
        "CAST(ARRAY(SELECT json_array_elements_text(CAST(?3 AS JSON))) AS BIGINT[]), "
        "CAST(ARRAY(SELECT json_array_elements_text(CAST(?4 AS JSON))) AS DOUBLE PRECISION[]), "
        "CAST(ARRAY(SELECT json_array_elements_text(CAST(?5 AS JSON))) AS TEXT[]), "
        "CAST(ARRAY(SELECT json_array_elements_text(CAST(?6 AS JSON))) AS TIMESTAMPTZ[]), "
        "CAST(ARRAY(SELECT json_array_elements_text(CAST(?7 AS JSON))) AS JSONB[]), "
        "CAST(ARRAY(SELECT json_array_elements_text(CAST(?8 AS JSON))) AS BYTEA[]), "
        "CAST(ARRAY(SELECT json_array_elements_text(CAST(?9 AS JSON))) AS NUMERIC[]))",
        NULL);
    bool bs[] = {true, false};
    int32_t is[] = {INT32_MIN, 0, INT32_MAX};
    int64_t gs[] = {INT64_MIN, INT64_MAX};
    double fs[] = {0.1, -1e300, 5};
    char *ts[] = {"plain", "q\"uo\\te\n\x01", "\xc3\xa9\xf0\x9f\x98\x80", NULL};
    sc_timestamp tms[] = {0, 1700000000123456};
    char *js[] = {"{\"a\": [1, 2]}", "\"s\"", "null"};
    uint8_t y0[] = {0, 255, 16}, y1[] = {0};
    uint8_t *ys[] = {y0, y1};
    size_t ylens[] = {3, 0};
    char *ds[] = {"12.50", "-0.001"};
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, g_conn, &ins);
    assert_non_null(strstr(sc_stmt_sql(st), "CAST($9 AS JSON)"));
    if (rc == SC_OK)
        rc = sc_stmt_bind_bools(st, 1, bs, 2);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32s(st, 2, is, 3);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int64s(st, 3, gs, 2);
    if (rc == SC_OK)
        rc = sc_stmt_bind_doubles(st, 4, fs, 3);
    if (rc == SC_OK)
        rc = sc_stmt_bind_texts(st, 5, ts, 4);
    if (rc == SC_OK)
        rc = sc_stmt_bind_times(st, 6, tms, 2);
    if (rc == SC_OK)
        rc = sc_stmt_bind_texts(st, 7, js, 3);
    if (rc == SC_OK)
        rc = sc_stmt_bind_blobs(st, 8, ys, ylens, 2);
    if (rc == SC_OK)
        rc = sc_stmt_bind_texts(st, 9, ds, 2);
    assert_int_equal(sc_stmt_finish(st, rc, SC_FINISH_EXEC), SC_OK);

    static sc_stmt_site sel = SC_STMT_SITE("SELECT array_to_json(b), array_to_json(i), array_to_json(g), array_to_json(f), "
                                           "array_to_json(t), array_to_json(ts), array_to_json(j), array_to_json(y), "
                                           "array_to_json(d), array_to_json(CAST(NULL AS INTEGER[])) FROM l",
                                           NULL);
    assert_int_equal(sc_stmt_prepare_site(&st, g_conn, &sel), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    size_t n;
    bool *rb;
    assert_int_equal(sc_stmt_column_bools(&rb, &n, st, 0), SC_OK);
    assert_int_equal(n, 2);
    assert_true(rb[0] && !rb[1]);
    free(rb);
    int32_t *ri;
    assert_int_equal(sc_stmt_column_int32s(&ri, &n, st, 1), SC_OK);
    assert_int_equal(n, 3);
    assert_memory_equal(ri, is, sizeof is);
    free(ri);
    int64_t *rg;
    assert_int_equal(sc_stmt_column_int64s(&rg, &n, st, 2), SC_OK);
    assert_memory_equal(rg, gs, sizeof gs);
    free(rg);
    /* an int64 list read as int32: out of range */
    assert_int_equal(sc_stmt_column_int32s(&ri, &n, st, 2), SC_ERANGE);
    assert_null(ri);
    double *rf;
    assert_int_equal(sc_stmt_column_doubles(&rf, &n, st, 3), SC_OK);
    assert_memory_equal(rf, fs, sizeof fs);
    free(rf);
    char **rt;
    assert_int_equal(sc_stmt_column_texts(&rt, &n, st, 4), SC_OK);
    assert_int_equal(n, 4);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(rt[i], ts[i]);
    assert_null(rt[3]);
    sc_texts_free(rt, n);
    sc_timestamp *rts;
    assert_int_equal(sc_stmt_column_times(&rts, &n, st, 5), SC_OK);
    assert_memory_equal(rts, tms, sizeof tms);
    free(rts);
    assert_int_equal(sc_stmt_column_jsons(&rt, &n, st, 6), SC_OK);
    assert_int_equal(n, 3);
    assert_string_equal(rt[0], "{\"a\": [1, 2]}");
    assert_string_equal(rt[1], "\"s\"");
    assert_string_equal(rt[2], "null");
    sc_texts_free(rt, n);
    uint8_t **ry;
    size_t *rl;
    assert_int_equal(sc_stmt_column_blobs(&ry, &rl, &n, st, 7), SC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rl[0], 3);
    assert_memory_equal(ry[0], y0, 3);
    assert_int_equal(rl[1], 0);
    assert_non_null(ry[1]);
    sc_blobs_free(ry, rl, n);
    assert_int_equal(sc_stmt_column_texts(&rt, &n, st, 8), SC_OK);
    assert_string_equal(rt[0], "12.50");
    sc_texts_free(rt, n);
    /* SQL NULL is the empty list; text elements read as numbers do not convert */
    assert_int_equal(sc_stmt_column_int32s(&ri, &n, st, 9), SC_OK);
    assert_null(ri);
    assert_int_equal(n, 0);
    assert_int_equal(sc_stmt_column_int32s(&ri, &n, st, 4), SC_ETYPE);
    assert_int_equal(sc_conn_error(g_conn)->code, SC_ETYPE);
    assert_int_equal(sc_stmt_column_bools(&rb, &n, st, 4), SC_ETYPE);
    assert_int_equal(sc_stmt_column_times(&rts, &n, st, 4), SC_ETYPE);
    assert_int_equal(sc_stmt_column_blobs(&ry, &rl, &n, st, 4), SC_ETYPE);
    assert_null(ry);
    sc_stmt_release(st);
    /* a NULL element: SC_ENULL for a typed list */
    static sc_stmt_site nul = SC_STMT_SITE("SELECT array_to_json(ARRAY[1, NULL]::INTEGER[])", NULL);
    assert_int_equal(sc_stmt_prepare_site(&st, g_conn, &nul), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_int_equal(sc_stmt_column_int32s(&ri, &n, st, 0), SC_ENULL);
    sc_stmt_release(st);
    /* an enum value out of range in a list: the bind refuses, the statement does not run */
    assert_int_equal(sc_stmt_prepare_site(&st, g_conn, &ins), SC_OK);
    sc_array a;
    sc_array_init(&a, SC_ARRAY_JSON);
    sc_array_label(&a, NULL);
    assert_int_equal(sc_stmt_bind_array(st, 1, &a), SC_EINVAL);
    assert_int_equal(sc_conn_error(g_conn)->code, SC_EINVAL);
    sc_stmt_release(st);
}

int main(int argc, char **argv)
{
    g_pg = argc > 1 && strcmp(argv[1], "pg") == 0;
    if (g_pg) {
        if (rt_pg_create_db(g_url, sizeof g_url, g_dbname, sizeof g_dbname, "rt_gen") != 0) {
            fprintf(stderr, "cannot create a test database on the fixture cluster\n");
            return 1;
        }
    } else {
        rt_sqlite_url(g_url, sizeof g_url, "gen");
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_strings),
        cmocka_unit_test(test_json_values),
        cmocka_unit_test(test_array_writer),
        cmocka_unit_test(test_sql_text),
        cmocka_unit_test_setup_teardown(test_sites_and_fetch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_finish, setup, teardown),
        cmocka_unit_test_setup_teardown(test_insert_many, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load, setup, teardown),
        cmocka_unit_test_setup_teardown(test_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prepare_update, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pg_lists, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    if (g_pg)
        rt_pg_drop_db(g_dbname);
    return rc;
}
