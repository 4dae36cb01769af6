/*
 * test_rt_fastpath.c - the hot-path additions on SQLite: binds without a
 * copy (sc_stmt_bind_text_ref), the inline timestamp bind, and BEGIN/COMMIT
 * through the statement cache. Each is checked against what the ordinary
 * calls do, including NULLs, stale bindings and errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "rt_test.h"

static sc_conn *open_mem(void)
{
    sc_conn *c = NULL;
    assert_int_equal(sc_conn_open(&c, "sqlite::memory:", NULL, NULL), SC_OK);
    assert_int_equal(sc_conn_exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"), SC_OK);
    return c;
}

static void test_bind_text_ref(void **state)
{
    (void)state;
    sc_conn *c = open_mem();
    char buf[16];
    sc_stmt *st;
    for (int i = 0; i < 3; i++) {
        snprintf(buf, sizeof buf, "name-%d", i);
        assert_int_equal(sc_stmt_prepare(&st, c, "INSERT INTO t (id, name) VALUES (?1, ?2)"), SC_OK);
        assert_int_equal(sc_stmt_bind_int64(st, 1, i), SC_OK);
        assert_int_equal(sc_stmt_bind_text_ref(st, 2, buf, 5), SC_OK); /* a prefix: "name-i" minus the digit */
        assert_int_equal(sc_stmt_step(st), SC_DONE);
        sc_stmt_release(st);
        /* the buffer changes after release: the stored row must not */
        memset(buf, 'X', sizeof buf - 1);
        buf[sizeof buf - 1] = '\0';
    }
    /* a NULL pointer binds NULL; a later user not binding ?2 gets NULL, not the old pointer */
    assert_int_equal(sc_stmt_prepare(&st, c, "INSERT INTO t (id, name) VALUES (?1, ?2)"), SC_OK);
    assert_int_equal(sc_stmt_bind_int64(st, 1, 10), SC_OK);
    assert_int_equal(sc_stmt_bind_text_ref(st, 2, NULL, -1), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_DONE);
    sc_stmt_release(st);
    assert_int_equal(sc_stmt_prepare(&st, c, "INSERT INTO t (id, name) VALUES (?1, ?2)"), SC_OK);
    assert_int_equal(sc_stmt_bind_text_ref(st, 2, "kept", -1), SC_OK);
    assert_int_equal(sc_stmt_bind_int64(st, 1, 11), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_DONE);
    sc_stmt_release(st);
    assert_int_equal(sc_stmt_prepare(&st, c, "INSERT INTO t (id, name) VALUES (?1, ?2)"), SC_OK);
    assert_int_equal(sc_stmt_bind_int64(st, 1, 12), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_DONE);
    sc_stmt_release(st);
    assert_int_equal(sc_stmt_prepare(&st, c, "INSERT INTO t (id, name) VALUES (?1, ?2)"), SC_OK);
    assert_int_equal(sc_stmt_bind_text_ref(st, 3, "x", -1), SC_EINVAL);
    sc_stmt_release(st);

    static const char *const want[] = {"name-", "name-", "name-", NULL, "kept", NULL};
    static const int ids[] = {0, 1, 2, 10, 11, 12};
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT id, name FROM t ORDER BY id"), SC_OK);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(sc_stmt_step(st), SC_ROW);
        int64_t id;
        const char *name;
        assert_int_equal(sc_stmt_column_int64(&id, st, 0), SC_OK);
        assert_int_equal(id, ids[i]);
        int rc = sc_stmt_column_text(&name, NULL, st, 1);
        if (want[i]) {
            assert_int_equal(rc, SC_OK);
            assert_string_equal(name, want[i]);
        } else {
            assert_int_equal(rc, SC_ENULL);
        }
    }
    assert_int_equal(sc_stmt_step(st), SC_DONE);
    sc_stmt_release(st);
    sc_conn_close(c);
}

static void test_timestamp_bind_both_formats(void **state)
{
    (void)state;
    sc_timestamp ts = sc_timestamp_from_unix_ms(INT64_C(1700000000123));
    for (int ms = 0; ms < 2; ms++) {
        sc_conn_options o = SC_CONN_OPTIONS_INIT;
        o.sqlite_time_format = ms ? SC_SQLITE_TIME_UNIXEPOCH_MS : SC_SQLITE_TIME_ISO8601;
        sc_conn *c = NULL;
        assert_int_equal(sc_conn_open(&c, "sqlite::memory:", &o, NULL), SC_OK);
        sc_stmt *st;
        assert_int_equal(sc_stmt_prepare(&st, c, "SELECT typeof(?1), ?1"), SC_OK);
        assert_int_equal(sc_stmt_bind_timestamp(st, 1, ts), SC_OK);
        assert_int_equal(sc_stmt_step(st), SC_ROW);
        const char *type;
        assert_int_equal(sc_stmt_column_text(&type, NULL, st, 0), SC_OK);
        assert_string_equal(type, ms ? "integer" : "text");
        sc_timestamp back;
        assert_int_equal(sc_stmt_column_timestamp(&back, st, 1), SC_OK);
        assert_int_equal(back, ts);
        assert_int_equal(sc_stmt_bind_timestamp(st, 2, ts), SC_EINVAL);
        sc_stmt_release(st);
        sc_conn_close(c);
    }
}

static int g_events;
static void count_event(const sc_event *ev, void *payload)
{
    (void)payload;
    if (ev->kind == SC_EVENT_STATEMENT)
        g_events++;
}

static void test_tx_cached(void **state)
{
    (void)state;
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.hook = count_event;
    sc_conn *c = NULL;
    assert_int_equal(sc_conn_open(&c, "sqlite::memory:", &o, NULL), SC_OK);
    assert_int_equal(sc_conn_exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY)"), SC_OK);
    for (int i = 0; i < 3; i++) {
        g_events = 0;
        assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
        assert_int_equal(sc_tx_depth(c), 1);
        /* BEGIN still reports to the hook, as through sc_conn_exec */
        assert_int_equal(g_events, 1);
        assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK); /* a savepoint */
        char sql[64];
        snprintf(sql, sizeof sql, "INSERT INTO t VALUES (%d)", i);
        assert_int_equal(sc_conn_exec(c, sql), SC_OK);
        assert_int_equal(sc_tx_commit(c), SC_OK);
        if (i == 1) {
            assert_int_equal(sc_tx_rollback(c), SC_OK);
        } else {
            assert_int_equal(sc_tx_commit(c), SC_OK);
        }
        assert_int_equal(sc_tx_depth(c), 0);
    }
    /* a second BEGIN at depth 0 inside an open engine transaction is refused */
    assert_int_equal(sc_conn_exec(c, "BEGIN"), SC_OK);
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_EINVAL);
    assert_int_equal(sc_conn_exec(c, "ROLLBACK"), SC_OK);
    /* COMMIT without a transaction fails cleanly */
    assert_int_equal(sc_tx_commit(c), SC_EINVAL);
    sc_stmt *st;
    int64_t n = -1;
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT count(*), sum(id) FROM t"), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_int_equal(sc_stmt_column_int64(&n, st, 0), SC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(sc_stmt_column_int64(&n, st, 1), SC_OK);
    assert_int_equal(n, 2); /* rows 0 and 2; 1 was rolled back */
    sc_stmt_release(st);
    sc_conn_close(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bind_text_ref),
        cmocka_unit_test(test_timestamp_bind_both_formats),
        cmocka_unit_test(test_tx_cached),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
