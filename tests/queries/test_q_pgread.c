/*
 * test_q_pgread.c - the PostgreSQL row readers schemac generates for typed
 * queries (sc_model.read_pg), called directly on results the runtime ran,
 * so that what they read is theirs and not the field table's (the runtime
 * falls back to the table with the same values): every kind of value set
 * and NULL (a NULL's value zero), one row and a list's rows, and the rows
 * given back (SC__READ_OTHER, nothing left allocated) for a NULL where the
 * member holds none and for a value of another width.
 *
 *   test_q_pgread DDL     a fresh database in the test cluster
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

/* the generated source itself: its readers are static */
#include "qrun_queries.c"

/* the library's view of a statement: its result and row */
#include "../../runtime/src/internal.h"
#include "testdb.h"

static const char *g_ddl;
static sc_conn *g_conn;

static int group_setup(void **state)
{
    (void)state;
    g_conn = testdb_open_pg("q_pgread", g_ddl);
    int rc = sc_conn_exec(g_conn,
                          "INSERT INTO authors (name, bio) VALUES ('ann', 'writes'), ('bob', NULL), ('cy', NULL);"
                          "INSERT INTO posts (author_id, title, status, score, views, created_at) VALUES"
                          " (1, 'Hello world', 'LIVE', 4.5, 10, '2024-01-01T10:00:00Z'),"
                          " (1, 'Hello again', 'DRAFT', NULL, 0, '2024-01-02T10:00:00Z'),"
                          " (2, 'Bye', 'LIVE', 2, 5, '2024-01-03T10:00:00Z')");
    if (rc != SC_OK)
        fprintf(stderr, "setup: %s\n", sc_conn_error(g_conn)->message);
    return rc == SC_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    sc_conn_close(g_conn);
    return 0;
}

/* Run SQL and stay on its first row: the statement (ST->res and ST->row are the result the reader gets). */
static sc_stmt *run(const char *sql)
{
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare(&st, g_conn, sql), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_non_null(st->res);
    return st;
}

static const char *const kinds_sql =
    "SELECT a.id, p.id AS post_id, p.title, p.score, p.views, p.created_at, p.score > 3 AS high"
    " FROM authors a LEFT JOIN posts p ON p.author_id = a.id ORDER BY a.id, p.id";

static sc_timestamp jan(int d)
{
    return (INT64_C(1704103200) + (int64_t)(d - 1) * 86400) * 1000000;
}

static void test_rows(void **state)
{
    (void)state;
    sc_stmt *st = run(kinds_sql);
    assert_int_equal(st->nrows, 4);
    qrun_author_post_kinds_row *rows = NULL;
    assert_int_equal(qrun_author_post_kinds__read_pg((void **)&rows, st->res, 0, 4, st), SC_OK);
    assert_int_equal(rows[0].id, 1);
    assert_true(rows[0].has_post_id && rows[0].has_title && rows[0].has_score && rows[0].has_views);
    assert_true(rows[0].has_created_at && rows[0].has_high);
    assert_int_equal(rows[0].post_id, 1);
    assert_string_equal(rows[0].title, "Hello world");
    assert_true(rows[0].score == 4.5);
    assert_int_equal(rows[0].views, 10);
    assert_int_equal(rows[0].created_at, jan(1));
    assert_true(rows[0].high);
    assert_false(rows[1].has_score);
    assert_true(rows[1].score == 0);
    assert_false(rows[1].has_high);
    assert_false(rows[1].high);
    assert_string_equal(rows[1].title, "Hello again");
    assert_true(rows[2].has_high);
    assert_false(rows[2].high);
    assert_string_equal(rows[2].title, "Bye");
    assert_int_equal(rows[3].id, 3);
    assert_false(rows[3].has_post_id || rows[3].has_title || rows[3].has_score || rows[3].has_views ||
                 rows[3].has_created_at || rows[3].has_high);
    assert_null(rows[3].title);
    assert_int_equal(rows[3].post_id, 0);
    assert_int_equal(rows[3].views, 0);
    assert_int_equal(rows[3].created_at, 0);
    /* every row points at the block, every text value lies in it */
    const sc_block *b = rows[0].sc__block;
    assert_non_null(b);
    for (int i = 0; i < 4; i++) {
        assert_ptr_equal(rows[i].sc__block, b);
        if (rows[i].title)
            assert_true((uintptr_t)rows[i].title >= b->begin && (uintptr_t)rows[i].title < b->end);
    }
    qrun_author_post_kinds_row_list list = {rows, 4};
    qrun_author_post_kinds_row_list_free(&list);

    /* one row from the middle of the result */
    qrun_author_post_kinds_row *one = NULL;
    assert_int_equal(qrun_author_post_kinds__read_pg((void **)&one, st->res, 2, 1, st), SC_OK);
    assert_int_equal(one->post_id, 3);
    assert_string_equal(one->title, "Bye");
    assert_int_equal(one->created_at, jan(3));
    qrun_author_post_kinds_row_free(one);
    sc_stmt_release(st);
}

/* Values the reader does not read itself: given back with nothing allocated (valgrind), the table then reads. */
static void test_given_back(void **state)
{
    (void)state;
    /* a NULL where the member holds none (the id) */
    sc_stmt *st = run("SELECT CAST(NULL AS INT4) AS id, 1 AS post_id, 't' AS title, CAST(1 AS FLOAT8) AS score,"
                      " CAST(1 AS INT8) AS views, now() AS created_at, true AS high");
    void *out = NULL;
    assert_int_equal(qrun_author_post_kinds__read_pg(&out, st->res, 0, 1, st), SC__READ_OTHER);
    assert_null(out);
    sc_stmt_release(st);
    /* an int8 where the member is an int32_t */
    st = run("SELECT CAST(1 AS INT8) AS id, 1 AS post_id, 't' AS title, CAST(1 AS FLOAT8) AS score,"
             " CAST(1 AS INT8) AS views, now() AS created_at, true AS high");
    assert_int_equal(qrun_author_post_kinds__read_pg(&out, st->res, 0, 1, st), SC__READ_OTHER);
    assert_null(out);
    sc_stmt_release(st);
    /* a non-NULL text member NULL, in a later row of a list */
    st = run("SELECT id, CASE WHEN id = 2 THEN NULL ELSE name END AS name, bio FROM authors ORDER BY id");
    assert_int_equal(qrun_author_by_name__read_pg(&out, st->res, 0, 3, st), SC__READ_OTHER);
    assert_null(out);
    sc_stmt_release(st);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_q_pgread DDL\n");
        return 2;
    }
    g_ddl = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
        cmocka_unit_test(test_given_back),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
