/*
 * test_rt_pgread.c - the typed reads of PostgreSQL results, every reader
 * against every kind of column the fast path classifies (driver_pg_hot.h)
 * and a few it leaves to the generic path: values, SQL NULL (the error,
 * its message and the zeroed outputs), an empty text that is not NULL,
 * conversions and their errors; reads with no current row or a bad column;
 * many rows with NULLs among them; the transaction error rule while rows
 * are being read. Each test runs with binary and with text results, with
 * and without an observability hook (a hook sends steps through the
 * library's full path).
 *
 *   test_rt_pgread   (PostgreSQL: the fixture cluster)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "rt_test.h"

static char g_url[600];
static char g_dbname[128];
static int g_binary;
static int g_hooked;
static int g_events;

static void count_hook(const sc_event *ev, void *payload)
{
    (void)ev;
    ++*(int *)payload;
}

static int setup(void **state)
{
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.pg_binary_results = g_binary;
    if (g_hooked) {
        o.hook = count_hook;
        o.hook_payload = &g_events;
    }
    sc_conn *c = NULL;
    sc_error err = SC_ERROR_INIT;
    if (sc_conn_open(&c, g_url, &o, &err) != SC_OK) {
        fprintf(stderr, "open: %s\n", err.message);
        return -1;
    }
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    sc_conn_close(*state);
    return 0;
}

/* Columns of the one row of test_readers, by number. */
enum {
    C_BOOL, C_INT2, C_INT4, C_OID, C_INT8, C_FLOAT4, C_FLOAT8, C_TS, C_TEXT, C_EMPTY,
    C_NULLTEXT, C_NULLINT, C_JSONB, C_BYTEA, C_NUMTEXT, C_FLOAT_INT, C_EMPTYBYTEA, C_NULLBYTEA,
    C_NULLTS, C_NUMERIC, NCOLS
};

static const char row_sql[] =
    "SELECT true, (-7)::int2, (-2147483648)::int4, 4000000000::oid, 9000000000::int8,"
    " 1.5::float4, (-2.25)::float8, TIMESTAMP '2024-02-29 12:34:56.789', 'h\xc3\xa9'::text, ''::text,"
    " NULL::text, NULL::int4, '{\"a\": 1}'::jsonb, '\\x00ff'::bytea, '42'::varchar, 2::float8,"
    " ''::bytea, NULL::bytea, NULL::timestamp, 12.50::numeric(6,2)";

static void expect_null(sc_conn *c, int rc, int col)
{
    char msg[64];
    assert_int_equal(rc, SC_ENULL);
    assert_int_equal(sc_conn_error(c)->code, SC_ENULL);
    snprintf(msg, sizeof msg, "column %d is NULL", col);
    assert_string_equal(sc_conn_error(c)->message, msg);
}

static void test_readers(void **state)
{
    sc_conn *c = *state;
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare(&st, c, row_sql), SC_OK);
    assert_int_equal(sc_stmt_column_count(st), NCOLS);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int32_t i32;
    int64_t i64;
    double d;
    bool b;
    const char *s;
    const void *p;
    size_t n;
    sc_timestamp ts;

    /* bool: 1 on the binary wire, "t" as text */
    assert_int_equal(sc_stmt_column_bool(&b, st, C_BOOL), SC_OK);
    assert_true(b);
    assert_int_equal(sc_stmt_column_int64(&i64, st, C_BOOL), g_binary ? SC_OK : SC_ETYPE);
    assert_int_equal(i64, g_binary ? 1 : 0);
    assert_int_equal(sc_stmt_column_double(&d, st, C_BOOL), g_binary ? SC_OK : SC_ETYPE);
    assert_int_equal(sc_stmt_column_text(&s, &n, st, C_BOOL), SC_OK);
    assert_string_equal(s, g_binary ? "true" : "t");

    /* integers of each width, with their signs; int32 range errors */
    assert_int_equal(sc_stmt_column_int32(&i32, st, C_INT2), SC_OK);
    assert_int_equal(i32, -7);
    assert_int_equal(sc_stmt_column_double(&d, st, C_INT2), SC_OK);
    assert_true(d == -7.0);
    assert_int_equal(sc_stmt_column_text(&s, &n, st, C_INT2), SC_OK);
    assert_string_equal(s, "-7");
    assert_int_equal(n, 2);
    assert_int_equal(sc_stmt_column_int32(&i32, st, C_INT4), SC_OK);
    assert_int_equal(i32, INT32_MIN);
    assert_int_equal(sc_stmt_column_int64(&i64, st, C_INT4), SC_OK);
    assert_int_equal(i64, INT32_MIN);
    assert_int_equal(sc_stmt_column_bool(&b, st, C_INT4), g_binary ? SC_OK : SC_ETYPE);
    assert_true(b == (g_binary != 0));
    assert_int_equal(sc_stmt_column_int64(&i64, st, C_OID), SC_OK);
    assert_int_equal(i64, INT64_C(4000000000));
    i32 = 5;
    assert_int_equal(sc_stmt_column_int32(&i32, st, C_OID), SC_ERANGE);
    assert_int_equal(i32, 0);
    assert_string_equal(sc_conn_error(c)->message, "column 3 (\"oid\"): 4000000000 does not fit int32");
    assert_string_equal(sc_conn_error(c)->column, "oid"); /* the result column's name */
    assert_int_equal(sc_stmt_column_int64(&i64, st, C_INT8), SC_OK);
    assert_int_equal(i64, INT64_C(9000000000));
    assert_int_equal(sc_stmt_column_int32(&i32, st, C_INT8), SC_ERANGE);
    assert_int_equal(sc_conn_error(c)->code, SC_ERANGE);
    assert_int_equal(sc_stmt_column_double(&d, st, C_INT8), SC_OK);
    assert_true(d == 9e9);

    /* floats: a fraction is no integer, an integral float is */
    assert_int_equal(sc_stmt_column_double(&d, st, C_FLOAT4), SC_OK);
    assert_true(d == 1.5);
    assert_int_equal(sc_stmt_column_int64(&i64, st, C_FLOAT4), SC_ETYPE);
    assert_string_equal(sc_conn_error(c)->message, "column 5 (\"float4\"): cannot be read as an integer");
    assert_int_equal(sc_stmt_column_double(&d, st, C_FLOAT8), SC_OK);
    assert_true(d == -2.25);
    assert_int_equal(sc_stmt_column_int64(&i64, st, C_FLOAT_INT), SC_OK);
    assert_int_equal(i64, 2);
    assert_int_equal(sc_stmt_column_bool(&b, st, C_FLOAT8), SC_ETYPE);

    /* timestamp */
    sc_timestamp want;
    sc_timestamp_from_parts(&want, 2024, 2, 29, 12, 34, 56, 789000);
    assert_int_equal(sc_stmt_column_timestamp(&ts, st, C_TS), SC_OK);
    assert_true(ts == want);
    assert_int_equal(sc_stmt_column_int64(&i64, st, C_TS), SC_ETYPE);
    assert_int_equal(i64, 0);
    assert_int_equal(sc_stmt_column_timestamp(&ts, st, C_INT4), g_binary ? SC_OK : SC_ETYPE);

    /* text, and an empty text that is not NULL */
    assert_int_equal(sc_stmt_column_text(&s, &n, st, C_TEXT), SC_OK);
    assert_string_equal(s, "h\xc3\xa9");
    assert_int_equal(n, 3);
    assert_int_equal(sc_stmt_column_text(&s, NULL, st, C_TEXT), SC_OK);
    assert_int_equal(sc_stmt_column_blob(&p, &n, st, C_TEXT), SC_OK);
    assert_int_equal(n, 3);
    assert_memory_equal(p, "h\xc3\xa9", 3);
    assert_int_equal(sc_stmt_column_int64(&i64, st, C_TEXT), SC_ETYPE);
    assert_false(sc_stmt_column_is_null(st, C_EMPTY));
    s = NULL;
    n = 9;
    assert_int_equal(sc_stmt_column_text(&s, &n, st, C_EMPTY), SC_OK);
    assert_non_null(s);
    assert_string_equal(s, "");
    assert_int_equal(n, 0);
    assert_int_equal(sc_stmt_column_int64(&i64, st, C_NUMTEXT), SC_OK);
    assert_int_equal(i64, 42);
    assert_int_equal(sc_stmt_column_int32(&i32, st, C_NUMTEXT), SC_OK);
    assert_int_equal(i32, 42);

    /* jsonb: its text on both wires (binary: after the version byte) */
    assert_int_equal(sc_stmt_column_text(&s, &n, st, C_JSONB), SC_OK);
    assert_string_equal(s, "{\"a\": 1}");
    assert_int_equal(n, 8);
    assert_int_equal(sc_stmt_column_blob(&p, &n, st, C_JSONB), SC_OK);
    assert_int_equal(n, 8);
    assert_memory_equal(p, "{\"a\": 1}", 8);

    /* bytea: the bytes (text results: decoded from \x...), empty is not NULL */
    assert_int_equal(sc_stmt_column_blob(&p, &n, st, C_BYTEA), SC_OK);
    assert_int_equal(n, 2);
    assert_memory_equal(p, "\x00\xff", 2);
    assert_int_equal(sc_stmt_column_text(&s, &n, st, C_BYTEA), SC_OK);
    if (g_binary) {
        assert_int_equal(n, 2);
        assert_memory_equal(s, "\x00\xff", 3);
    } else {
        assert_string_equal(s, "\\x00ff");
    }
    assert_false(sc_stmt_column_is_null(st, C_EMPTYBYTEA));
    p = NULL;
    n = 9;
    assert_int_equal(sc_stmt_column_blob(&p, &n, st, C_EMPTYBYTEA), SC_OK);
    assert_non_null(p);
    assert_int_equal(n, 0);

    /* numeric: as text, never as raw bytes */
    assert_int_equal(sc_stmt_column_text(&s, &n, st, C_NUMERIC), SC_OK);
    assert_string_equal(s, "12.50");
    assert_int_equal(sc_stmt_column_double(&d, st, C_NUMERIC), SC_OK);
    assert_true(d == 12.5);

    /* SQL NULL: SC_ENULL with its message, outputs zeroed, on every reader */
    assert_true(sc_stmt_column_is_null(st, C_NULLTEXT));
    assert_true(sc_stmt_column_is_null(st, C_NULLINT));
    assert_true(sc_stmt_column_is_null(st, C_NULLBYTEA));
    assert_true(sc_stmt_column_is_null(st, C_NULLTS));
    assert_false(sc_stmt_column_is_null(st, C_INT4));
    assert_false(sc_stmt_column_is_null(st, C_NUMERIC));
    s = "x";
    n = 9;
    expect_null(c, sc_stmt_column_text(&s, &n, st, C_NULLTEXT), C_NULLTEXT);
    assert_null(s);
    assert_int_equal(n, 0);
    p = "x";
    n = 9;
    expect_null(c, sc_stmt_column_blob(&p, &n, st, C_NULLBYTEA), C_NULLBYTEA);
    assert_null(p);
    assert_int_equal(n, 0);
    i32 = 5;
    expect_null(c, sc_stmt_column_int32(&i32, st, C_NULLINT), C_NULLINT);
    assert_int_equal(i32, 0);
    i64 = 5;
    expect_null(c, sc_stmt_column_int64(&i64, st, C_NULLINT), C_NULLINT);
    assert_int_equal(i64, 0);
    b = true;
    expect_null(c, sc_stmt_column_bool(&b, st, C_NULLINT), C_NULLINT);
    assert_false(b);
    d = 5;
    expect_null(c, sc_stmt_column_double(&d, st, C_NULLINT), C_NULLINT);
    assert_true(d == 0);
    ts = 5;
    expect_null(c, sc_stmt_column_timestamp(&ts, st, C_NULLTS), C_NULLTS);
    assert_true(ts == 0);
    expect_null(c, sc_stmt_column_int64(&i64, st, C_NULLTEXT), C_NULLTEXT);

    /* a column that is not there */
    assert_int_equal(sc_stmt_column_int64(&i64, st, NCOLS), SC_EINVAL);
    assert_int_equal(sc_stmt_column_text(&s, &n, st, -1), SC_EINVAL);
    assert_false(sc_stmt_column_is_null(st, NCOLS));
    assert_int_equal(sc_stmt_step(st), SC_DONE);
    sc_stmt_release(st);
}

/* No current row: before the first step, after the last, after a reset; a result of no rows. */
static void test_no_row(void **state)
{
    sc_conn *c = *state;
    sc_stmt *st = NULL;
    int64_t i64 = 5;
    const char *s = "x";
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT g, 'v' || g FROM generate_series(1, $1::int) g"), SC_OK);
    assert_int_equal(sc_stmt_bind_int32(st, 1, 2), SC_OK);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 0), SC_EINVAL);
    assert_int_equal(i64, 0);
    assert_string_equal(sc_conn_error(c)->message, "no current row");
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 0), SC_OK);
    assert_int_equal(i64, 1);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_int_equal(sc_stmt_column_text(&s, NULL, st, 1), SC_OK);
    assert_string_equal(s, "v2");
    assert_int_equal(sc_stmt_step(st), SC_DONE);
    assert_int_equal(sc_stmt_column_text(&s, NULL, st, 1), SC_EINVAL);
    assert_null(s);
    assert_false(sc_stmt_column_is_null(st, 0));
    /* stepped again: it runs again */
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 0), SC_OK);
    assert_int_equal(i64, 1);
    assert_int_equal(sc_stmt_reset(st), SC_OK);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 0), SC_EINVAL);
    /* no rows */
    assert_int_equal(sc_stmt_bind_int32(st, 1, 0), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_DONE);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 0), SC_EINVAL);
    sc_stmt_release(st);
    /* taken again from the cache: still no row until it steps */
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT g, 'v' || g FROM generate_series(1, $1::int) g"), SC_OK);
    assert_int_equal(sc_stmt_bind_int32(st, 1, 3), SC_OK);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 0), SC_EINVAL);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    sc_stmt_release(st); /* in the middle of its rows */
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT g, 'v' || g FROM generate_series(1, $1::int) g"), SC_OK);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 0), SC_EINVAL);
    sc_stmt_release(st);
}

/* Many rows, NULLs among them, read twice; the hook sees each execution once with its rows. */
static void test_many_rows(void **state)
{
    sc_conn *c = *state;
    for (int run = 0; run < 2; run++) {
        sc_stmt *st = NULL;
        g_events = 0;
        assert_int_equal(sc_stmt_prepare(&st, c,
                                         "SELECT g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'r' || g END,"
                                         " g::int8 * 1000000000, g % 2 = 0 FROM generate_series(1, 50) g"),
                         SC_OK);
        int rows = 0, rc;
        while ((rc = sc_stmt_step(st)) == SC_ROW) {
            rows++;
            int32_t id;
            int64_t big;
            bool even;
            const char *s;
            size_t n;
            assert_int_equal(sc_stmt_column_int32(&id, st, 0), SC_OK);
            assert_int_equal(id, rows);
            assert_int_equal(sc_stmt_column_int64(&big, st, 2), SC_OK);
            assert_true(big == (int64_t)rows * 1000000000);
            rc = sc_stmt_column_text(&s, &n, st, 1);
            if (rows % 3 == 0) {
                expect_null(c, rc, 1);
                assert_true(sc_stmt_column_is_null(st, 1));
            } else {
                char want[16];
                snprintf(want, sizeof want, "r%d", rows);
                assert_int_equal(rc, SC_OK);
                assert_string_equal(s, want);
                assert_int_equal(n, strlen(want));
                assert_false(sc_stmt_column_is_null(st, 1));
            }
            assert_int_equal(sc_stmt_column_bool(&even, st, 3), SC_OK);
            assert_true(even == (rows % 2 == 0));
        }
        assert_int_equal(rc, SC_DONE);
        assert_int_equal(rows, 50);
        sc_stmt_release(st);
        assert_int_equal(g_events, g_hooked ? 1 : 0);
    }
}

/* A statement failing in a transaction stops another one in the middle of its rows. */
static void test_tx_failed_mid_rows(void **state)
{
    sc_conn *c = *state;
    sc_stmt *rows = NULL, *bad = NULL;
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(sc_stmt_prepare(&rows, c, "SELECT g FROM generate_series(1, 5) g"), SC_OK);
    assert_int_equal(sc_stmt_step(rows), SC_ROW);
    assert_int_equal(sc_stmt_step(rows), SC_ROW);
    assert_int_equal(sc_stmt_prepare(&bad, c, "SELECT 1 / (g - g) FROM generate_series(1, 1) g"), SC_OK);
    assert_true(sc_stmt_step(bad) < 0);
    sc_stmt_release(bad);
    assert_int_equal(sc_stmt_step(rows), SC_ETXFAILED);
    sc_stmt_release(rows);
    assert_int_equal(sc_tx_rollback(c), SC_OK);
    /* and the statement works again after the rollback */
    assert_int_equal(sc_stmt_prepare(&rows, c, "SELECT g FROM generate_series(1, 5) g"), SC_OK);
    int n = 0;
    while (sc_stmt_step(rows) == SC_ROW)
        n++;
    assert_int_equal(n, 5);
    sc_stmt_release(rows);
}

int main(void)
{
    if (rt_pg_create_db(g_url, sizeof g_url, g_dbname, sizeof g_dbname, "rt_pgread") != 0) {
        fprintf(stderr, "cannot create a test database on the fixture cluster\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_readers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_row, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tx_failed_mid_rows, setup, teardown),
    };
    static const char *const names[] = {"text results", "text results, hook", "binary results",
                                        "binary results, hook"};
    int failed = 0;
    for (int k = 0; k < 4; k++) {
        g_binary = k >= 2;
        g_hooked = k % 2;
        failed += cmocka_run_group_tests_name(names[k], tests, NULL, NULL);
    }
    rt_pg_drop_db(g_dbname);
    return failed ? 1 : 0;
}
