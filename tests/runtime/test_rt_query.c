/*
 * test_rt_query.c - schemac/query.h, what typed queries add to the runtime:
 * COPY's text format written exactly, the :exec results, sc_copy_from and
 * sc_batch_run (pipeline mode on PostgreSQL, a loop on SQLite), all or
 * nothing, with a hand-written row model.
 *
 *   test_rt_query sqlite | pg
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <schemac/schemac.h>

#include "testutil.h"

static const char *g_engine;
static sc_conn *g_conn;

/* ---------------------------------------------------------------- a row type by hand */

typedef struct item {
    int32_t id;
    char *name;
} item;

typedef struct item_list {
    item *items;
    size_t count;
} item_list;

static int item_read(void *p, sc_stmt *st)
{
    item *r = p;
    memset(r, 0, sizeof *r);
    int rc = sc_stmt_column_int32(&r->id, st, 0);
    if (rc == SC_OK)
        rc = sc_stmt_column_text_dup(&r->name, st, 1);
    return rc;
}

static void item_clear(void *p)
{
    item *r = p;
    free(r->name);
    memset(r, 0, sizeof *r);
}

static const sc_model item_model = {sizeof(item), offsetof(item_list, count), item_read, item_clear, NULL, 0, 0, NULL};

typedef struct arg {
    int32_t id;
    const char *name;
} arg;

static int bind_id(sc_stmt *st, const void *p)
{
    return sc_stmt_bind_int32(st, 1, ((const arg *)p)->id);
}

static int bind_both(sc_stmt *st, const void *p)
{
    const arg *a = p;
    int rc = sc_stmt_bind_int32(st, 1, a->id);
    return rc == SC_OK ? sc_stmt_bind_text(st, 2, a->name, -1) : rc;
}

static int bind_rows(sc_stmt *st, const void *rows, size_t n, sc_timestamp now)
{
    (void)now;
    int rc = SC_OK;
    for (size_t r = 0; rc == SC_OK && r < n; r++)
        rc = bind_both(st, (const arg *)rows + r);
    return rc;
}

static int bind_rows_numbered(sc_stmt *st, const void *rows, size_t n, sc_timestamp now)
{
    (void)now;
    int rc = SC_OK;
    for (size_t r = 0; rc == SC_OK && r < n; r++) {
        const arg *a = (const arg *)rows + r;
        rc = sc_stmt_bind_int32(st, (int)(2 * r + 1), a->id);
        if (rc == SC_OK)
            rc = sc_stmt_bind_text(st, (int)(2 * r + 2), a->name, -1);
    }
    return rc;
}

static int copy_row(sc_copybuf *b, const void *p)
{
    const arg *a = p;
    sc_copy_int(b, a->id);
    sc_copy_text(b, a->name);
    return sc_copy_end_row(b);
}

static int count_rows(void)
{
    sc_stmt_site site = SC_STMT_SITE("SELECT count(*) FROM items", NULL);
    int64_t n = -1;
    assert_int_equal(sc_query_int64(&n, g_conn, &site), SC_OK);
    return (int)n;
}

/* ---------------------------------------------------------------- setup */

static int open_pg(void)
{
    char base[512];
    if (!testutil_pg_url(base, sizeof base))
        return -1;
    sc_conn *admin = NULL;
    if (sc_conn_open(&admin, base, NULL, NULL) != SC_OK)
        return -1;
    char name[64], sql[256];
    snprintf(name, sizeof name, "rt_query_%ld", (long)getpid());
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\"", name);
    sc_conn_exec(admin, sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\"", name);
    int rc = sc_conn_exec(admin, sql);
    sc_conn_close(admin);
    if (rc != SC_OK)
        return rc;
    char url[640];
    char *slash = strrchr(base, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    snprintf(url, sizeof url, "%s/%s", base, name);
    return sc_conn_open(&g_conn, url, NULL, NULL);
}

static int setup(void **state)
{
    (void)state;
    int rc = strcmp(g_engine, "pg") == 0 ? open_pg() : sc_conn_open(&g_conn, "sqlite::memory:", NULL, NULL);
    if (rc != SC_OK)
        return -1;
    return sc_conn_exec(g_conn, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL CHECK (name <> 'bad'))") == SC_OK
               ? 0
               : -1;
}

static int teardown(void **state)
{
    (void)state;
    sc_conn_close(g_conn);
    return 0;
}

static bool is_pg(void)
{
    return sc_conn_dialect(g_conn) == SC_DIALECT_POSTGRES;
}

/* ---------------------------------------------------------------- COPY text */

static void test_copybuf(void **state)
{
    (void)state;
    sc_copybuf b = {NULL, 0, 0, SC_OK, 0};
    sc_copy_int(&b, -42);
    sc_copy_null(&b);
    sc_copy_text(&b, "a\tb\nc\\d\re\001f \\N");
    sc_copy_text(&b, NULL);
    sc_copy_bool(&b, true);
    sc_copy_double(&b, 0.5);
    const uint8_t bytes[] = {0x00, 0xab, 0xff};
    sc_copy_bytes(&b, bytes, 3);
    sc_timestamp ts;
    assert_int_equal(sc_timestamp_parse(&ts, "2024-05-06T07:08:09.123Z", -1), SC_OK);
    sc_copy_time(&b, ts);
    sc_array a;
    sc_array_init(&a, SC_ARRAY_PG);
    sc_array_text(&a, "x\ty");
    sc_array_null(&a);
    sc_copy_array(&b, &a);
    assert_int_equal(sc_copy_end_row(&b), SC_OK);
    assert_string_equal(b.text, "-42\t\\N\ta\\tb\\nc\\\\d\\re\\001f \\\\N\t\\N\tt\t0.5\t\\\\x00abff\t"
                                "2024-05-06 07:08:09.123000+00\t{\"x\\ty\",NULL}\n");
    /* An enum value out of range fails the row; the failure stays. */
    b.len = 0;
    sc_copy_label(&b, NULL);
    sc_copy_int(&b, 1);
    assert_int_equal(sc_copy_end_row(&b), SC_EINVAL);
    free(b.text);
}

/* ---------------------------------------------------------------- :exec results */

static void test_finish(void **state)
{
    (void)state;
    sc_stmt_site ins = SC_STMT_SITE("INSERT INTO items (id, name) VALUES (?1, ?2)", NULL);
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, g_conn, &ins);
    if (rc == SC_OK)
        rc = bind_both(st, &(arg){7, "seven"});
    sc_exec_result r = {-1, -1};
    assert_int_equal(sc_stmt_finish_result(&r, st, rc), SC_OK);
    assert_int_equal(r.rows_affected, 1);
    assert_int_equal(r.last_insert_id, is_pg() ? 0 : 7);

    sc_stmt_site upd = SC_STMT_SITE("UPDATE items SET name = name || '!' WHERE id >= ?1", NULL);
    st = NULL;
    rc = sc_stmt_prepare_site(&st, g_conn, &upd);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 1, 0);
    int64_t n = -1;
    assert_int_equal(sc_stmt_finish_rows(&n, st, rc), SC_OK);
    assert_int_equal(n, 1);

    st = NULL;
    rc = sc_stmt_prepare_site(&st, g_conn, &ins);
    if (rc == SC_OK)
        rc = bind_both(st, &(arg){8, "eight"});
    int64_t id = -1;
    rc = sc_stmt_finish_lastid(&id, st, rc);
    if (is_pg()) {
        assert_int_equal(rc, SC_EINVAL); /* nothing run */
    } else {
        assert_int_equal(rc, SC_OK);
        assert_int_equal(id, 8);
    }
    /* A failed bind or prepare passes through, the statement released. */
    assert_int_equal(sc_stmt_finish_rows(&n, NULL, SC_ENOMEM), SC_ENOMEM);
    assert_int_equal(sc_conn_exec(g_conn, "DELETE FROM items"), SC_OK);
}

/* ---------------------------------------------------------------- sc_copy_from */

static void test_copy_from(void **state)
{
    (void)state;
    static sc_stmt_site one = SC_STMT_SITE("INSERT INTO items (id, name) VALUES (?1, ?2)", NULL);
    static sc_stmt_site batch = SC_STMT_SITE(NULL, NULL);
    static const sc_insert_spec insert = {&one, &batch, 3, 2, sizeof(arg), bind_rows_numbered};
    static const sc_copy_spec spec = {"COPY items (id, name) FROM STDIN", copy_row, &insert, sizeof(arg)};
    (void)bind_rows;
    arg rows[] = {{1, "tab\there"}, {2, "line\nbreak"}, {3, "back\\slash \\. \\N"}, {4, "\\."}, {5, "five"}};
    int64_t n = 0;
    assert_int_equal(sc_copy_from(&n, g_conn, &spec, rows, 5), SC_OK);
    assert_int_equal(n, 5);
    sc_stmt_site sel = SC_STMT_SITE("SELECT id, name FROM items ORDER BY id", NULL);
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, g_conn, &sel);
    item_list l = {NULL, 0};
    assert_int_equal(sc_stmt_fetch_list(&l, st, rc, 0, &item_model), SC_OK);
    assert_int_equal(l.count, 5);
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(l.items[i].name, rows[i].name);
    sc_list_free(&l, &item_model);
    /* All or nothing: a CHECK failure in the middle stores nothing. */
    arg bad[] = {{10, "ok"}, {11, "bad"}, {12, "ok"}};
    assert_int_equal(sc_copy_from(&n, g_conn, &spec, bad, 3), SC_ECHECK);
    assert_int_equal(count_rows(), 5);
    /* Inside the caller's transaction: rolled back with it. */
    assert_int_equal(sc_tx_begin(g_conn, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(sc_copy_from(NULL, g_conn, &spec, (arg[]){{20, "x"}}, 1), SC_OK);
    assert_int_equal(sc_tx_rollback(g_conn), SC_OK);
    assert_int_equal(count_rows(), 5);
    assert_int_equal(sc_copy_from(&n, g_conn, &spec, NULL, 0), SC_OK);
    assert_int_equal(n, 0);
}

/* ---------------------------------------------------------------- sc_batch_run */

static void test_batch(void **state)
{
    (void)state;
    static sc_stmt_site sel = SC_STMT_SITE("SELECT id, name FROM items WHERE id <= ?1 ORDER BY id", NULL);
    static sc_stmt_site one = SC_STMT_SITE("SELECT id, name FROM items WHERE id = ?1", NULL);
    static sc_stmt_site upd = SC_STMT_SITE("UPDATE items SET name = ?2 WHERE id = ?1", NULL);
    const sc_batch_spec many = {&sel, sizeof(arg), bind_id, &item_model};
    const sc_batch_spec first = {&one, sizeof(arg), bind_id, &item_model};
    const sc_batch_spec exec = {&upd, sizeof(arg), bind_both, NULL};

    arg ids[] = {{2, NULL}, {0, NULL}, {1, NULL}};
    size_t counts[3];
    item_list l = {NULL, 0};
    assert_int_equal(sc_batch_run(&l, counts, g_conn, &many, ids, 3, SC_BATCH_MANY), SC_OK);
    assert_int_equal(l.count, 3);
    assert_int_equal(counts[0], 2);
    assert_int_equal(counts[1], 0);
    assert_int_equal(counts[2], 1);
    assert_int_equal(l.items[2].id, 1);
    sc_list_free(&l, &item_model);

    arg found[] = {{5, NULL}, {1, NULL}};
    assert_int_equal(sc_batch_run(&l, NULL, g_conn, &first, found, 2, SC_BATCH_ONE), SC_OK);
    assert_int_equal(l.count, 2);
    assert_string_equal(l.items[0].name, "five");
    sc_list_free(&l, &item_model);
    arg missing[] = {{5, NULL}, {99, NULL}};
    assert_int_equal(sc_batch_run(&l, NULL, g_conn, &first, missing, 2, SC_BATCH_ONE), SC_ENOTFOUND);
    assert_null(l.items);

    arg sets[] = {{1, "uno"}, {2, "dos"}};
    assert_int_equal(sc_batch_run(NULL, NULL, g_conn, &exec, sets, 2, SC_BATCH_EXEC), SC_OK);
    arg bad[] = {{1, "one again"}, {2, "bad"}};
    assert_int_equal(sc_batch_run(NULL, NULL, g_conn, &exec, bad, 2, SC_BATCH_EXEC), SC_ECHECK);
    assert_int_equal(sc_batch_run(&l, NULL, g_conn, &first, (arg[]){{1, NULL}}, 1, SC_BATCH_ONE), SC_OK);
    assert_string_equal(l.items[0].name, "uno"); /* the first item was undone */
    sc_list_free(&l, &item_model);
    /* The connection works normally after a pipeline. */
    assert_int_equal(count_rows(), 5);
    assert_int_equal(sc_batch_run(NULL, NULL, g_conn, &exec, NULL, 0, SC_BATCH_EXEC), SC_OK);
    assert_int_equal(sc_batch_run(NULL, NULL, g_conn, &many, ids, 1, SC_BATCH_MANY), SC_EINVAL);
}

int main(int argc, char **argv)
{
    g_engine = argc > 1 ? argv[1] : "sqlite";
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copybuf),
        cmocka_unit_test(test_finish),
        cmocka_unit_test(test_copy_from),
        cmocka_unit_test(test_batch),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
