/*
 * test_rt_timeout.c - statement timeouts and cancellation on one engine
 * (argv[1]: sqlite or pg): the connection option, the URL option, the
 * per-call setting, sc_conn_cancel from another thread, and what a stopped
 * statement leaves behind (a usable connection; inside a transaction a
 * failed level that must be rolled back). Also built with
 * -fsanitize=thread as test_rt_timeout_tsan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rt_test.h"

static int g_pg;
static char g_url[600];
static char g_db[128];

/* A statement that runs far longer than any timeout below (it is always stopped). */
static const char *slow_sql(void)
{
    return g_pg ? "SELECT pg_sleep(60)"
                : "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r "
                  "WHERE i < 4000000000) SELECT count(*) FROM r";
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static sc_conn *open_conn(int64_t timeout_ms)
{
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.statement_timeout_ms = timeout_ms;
    sc_conn *c = NULL;
    sc_error err = SC_ERROR_INIT;
    int rc = sc_conn_open(&c, g_url, &o, &err);
    if (rc != SC_OK)
        fail_msg("open: %s", err.message);
    return c;
}

/* The connection works: a statement runs and returns its row. */
static void assert_usable(sc_conn *c)
{
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT 41 + 1"), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t v = 0;
    assert_int_equal(sc_stmt_column_int64(&v, st, 0), SC_OK);
    assert_int_equal(v, 42);
    assert_int_equal(sc_stmt_step(st), SC_DONE);
    sc_stmt_release(st);
}

static int run_slow_stmt(sc_conn *c)
{
    sc_stmt *st;
    int rc = sc_stmt_prepare(&st, c, slow_sql());
    if (rc != SC_OK)
        return rc;
    rc = sc_stmt_step(st);
    sc_stmt_release(st);
    return rc;
}

static void test_conn_option(void **state)
{
    (void)state;
    sc_conn *c = open_conn(150);
    assert_int_equal(sc_conn_statement_timeout(c), 150);
    /* fast statements are not affected */
    assert_usable(c);
    /* a prepared statement and sc_conn_exec both stop at the timeout */
    assert_int_equal(run_slow_stmt(c), SC_ESTMTTIMEOUT);
    assert_int_equal(sc_conn_error(c)->code, SC_ESTMTTIMEOUT);
    assert_non_null(strstr(sc_conn_error(c)->message, "statement timeout"));
    assert_usable(c);
    assert_int_equal(sc_conn_exec(c, slow_sql()), SC_ESTMTTIMEOUT);
    assert_usable(c);
    assert_string_equal(sc_strerror(SC_ESTMTTIMEOUT), "statement timeout");
    sc_conn_close(c);
}

static void test_per_call(void **state)
{
    (void)state;
    sc_conn *c = open_conn(0);
    assert_int_equal(sc_conn_statement_timeout(c), 0);
    assert_int_equal(sc_conn_set_statement_timeout(c, -1), SC_EINVAL);
    assert_int_equal(sc_conn_set_statement_timeout(c, 100), SC_OK);
    assert_int_equal(sc_conn_statement_timeout(c), 100);
    assert_int_equal(run_slow_stmt(c), SC_ESTMTTIMEOUT);
    assert_usable(c);
    /* back to none: a quick statement runs as before */
    assert_int_equal(sc_conn_set_statement_timeout(c, 0), SC_OK);
    assert_usable(c);
    sc_conn_close(c);
}

static void test_in_transaction(void **state)
{
    (void)state;
    sc_conn *c = open_conn(0);
    assert_int_equal(sc_conn_exec(c, "CREATE TABLE tt (id INTEGER PRIMARY KEY)"), SC_OK);
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(sc_conn_exec(c, "INSERT INTO tt VALUES (1)"), SC_OK);
    sc_conn_set_statement_timeout(c, 100);
    assert_int_equal(run_slow_stmt(c), SC_ESTMTTIMEOUT);
    sc_conn_set_statement_timeout(c, 0);
    /* the level failed: nothing runs until it is rolled back */
    assert_int_equal(sc_conn_exec(c, "INSERT INTO tt VALUES (2)"), SC_ETXFAILED);
    assert_int_equal(sc_tx_commit(c), SC_ETXFAILED);
    assert_int_equal(sc_tx_depth(c), 0);
    assert_usable(c);
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT count(*) FROM tt"), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t n = -1;
    sc_stmt_column_int64(&n, st, 0);
    assert_int_equal(n, 0);
    sc_stmt_release(st);
    /* a savepoint level heals: the outer transaction goes on */
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    sc_conn_set_statement_timeout(c, 100);
    assert_int_equal(run_slow_stmt(c), SC_ESTMTTIMEOUT);
    sc_conn_set_statement_timeout(c, 0);
    assert_int_equal(sc_tx_rollback(c), SC_OK);
    assert_int_equal(sc_conn_exec(c, "INSERT INTO tt VALUES (3)"), SC_OK);
    assert_int_equal(sc_tx_commit(c), SC_OK);
    assert_int_equal(sc_conn_exec(c, "DROP TABLE tt"), SC_OK);
    sc_conn_close(c);
}

static void test_url_option(void **state)
{
    (void)state;
    char url[700];
    snprintf(url, sizeof url, "%s%sstatement_timeout=120", g_url, strchr(g_url, '?') ? "&" : "?");
    sc_conn *c = NULL;
    sc_error err = SC_ERROR_INIT;
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.statement_timeout_ms = 99999; /* the URL wins */
    assert_int_equal(sc_conn_open(&c, url, &o, &err), SC_OK);
    assert_int_equal(sc_conn_statement_timeout(c), 120);
    assert_int_equal(sc_conn_exec(c, slow_sql()), SC_ESTMTTIMEOUT);
    assert_usable(c);
    sc_conn_close(c);
    snprintf(url, sizeof url, "%s%sstatement_timeout=soon", g_url, strchr(g_url, '?') ? "&" : "?");
    assert_int_equal(sc_conn_open(&c, url, NULL, &err), SC_EINVAL);
    assert_non_null(strstr(err.message, "statement_timeout"));
}

/* libschemac's own URL parameters are taken out of what libpq gets, in both PostgreSQL forms. */
static void test_url_parse(void **state)
{
    (void)state;
    sc_url u = SC_URL_INIT;
    sc_error err = SC_ERROR_INIT;
    assert_int_equal(sc_url_parse(&u, "postgresql://u:pw@h:5432/db?pgbouncer=true&sslmode=disable"
                                      "&statement_timeout=250", &err), SC_OK);
    assert_string_equal(u.target, "postgresql://u:pw@h:5432/db?sslmode=disable");
    assert_int_equal(u.pgbouncer, 1);
    assert_int_equal(u.statement_timeout_ms, 250);
    sc_url_free(&u);
    assert_int_equal(sc_url_parse(&u, "postgres://h/db?statement_timeout=0", &err), SC_OK);
    assert_string_equal(u.target, "postgres://h/db");
    assert_int_equal(u.statement_timeout_ms, 0);
    assert_int_equal(u.pgbouncer, -1);
    sc_url_free(&u);
    assert_int_equal(sc_url_parse(&u, "host=h pgbouncer='off' dbname=db statement_timeout=7", &err),
                     SC_OK);
    assert_string_equal(u.target, "host=h  dbname=db ");
    assert_int_equal(u.pgbouncer, 0);
    assert_int_equal(u.statement_timeout_ms, 7);
    sc_url_free(&u);
    assert_int_equal(sc_url_parse(&u, "sqlite::memory:", &err), SC_OK);
    assert_int_equal(u.statement_timeout_ms, -1);
    sc_url_free(&u);
    assert_int_equal(sc_url_parse(&u, "sqlite:x.db?statement_timeout=30", &err), SC_OK);
    assert_int_equal(u.statement_timeout_ms, 30);
    sc_url_free(&u);
    assert_int_equal(sc_url_parse(&u, "postgresql://h/db?pgbouncer=maybe", &err), SC_EINVAL);
    assert_non_null(strstr(err.message, "pgbouncer"));
    assert_int_equal(sc_url_parse(&u, "postgresql://u:secret@h/db?statement_timeout=-1", &err),
                     SC_EINVAL);
    assert_null(strstr(err.message, "secret"));
}

typedef struct canceler {
    sc_conn *conn;
    atomic_int done;
    atomic_int sent;
} canceler;

/* Cancel over and over until the main thread saw its statement stop. */
static void *cancel_loop(void *p)
{
    canceler *k = p;
    while (!atomic_load(&k->done)) {
        sleep_ms(20);
        if (!atomic_load(&k->done) && sc_conn_cancel(k->conn) == SC_OK)
            atomic_fetch_add(&k->sent, 1);
    }
    return NULL;
}

static void test_cancel_from_thread(void **state)
{
    (void)state;
    sc_conn *c = open_conn(0);
    /* nothing runs: a cancel does nothing, now or to the next statement */
    assert_int_equal(sc_conn_cancel(c), SC_OK);
    sleep_ms(50);
    assert_usable(c);
    for (int round = 0; round < 2; round++) {
        canceler k = { c, 0, 0 };
        pthread_t t;
        assert_int_equal(pthread_create(&t, NULL, cancel_loop, &k), 0);
        int rc = round == 0 ? run_slow_stmt(c) : sc_conn_exec(c, slow_sql());
        atomic_store(&k.done, 1);
        pthread_join(t, NULL);
        assert_int_equal(rc, SC_ECANCELED);
        assert_true(atomic_load(&k.sent) >= 1);
        assert_usable(c);
    }
    /* under a timeout too: a cancel is still a cancel */
    sc_conn_set_statement_timeout(c, 60000);
    canceler k = { c, 0, 0 };
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, cancel_loop, &k), 0);
    int rc = run_slow_stmt(c);
    atomic_store(&k.done, 1);
    pthread_join(t, NULL);
    assert_int_equal(rc, SC_ECANCELED);
    assert_usable(c);
    sc_conn_close(c);
}

static void test_pool_resets_timeout(void **state)
{
    (void)state;
    sc_pool_options po = SC_POOL_OPTIONS_INIT;
    po.max_size = 1;
    po.conn.statement_timeout_ms = 5000;
    sc_pool *p;
    assert_int_equal(sc_pool_create(&p, g_url, &po, NULL), SC_OK);
    sc_conn *c;
    assert_int_equal(sc_pool_acquire(&c, p, NULL), SC_OK);
    assert_int_equal(sc_conn_statement_timeout(c), 5000);
    sc_conn_set_statement_timeout(c, 100);
    assert_int_equal(sc_conn_exec(c, slow_sql()), SC_ESTMTTIMEOUT);
    sc_pool_release(p, c);
    assert_int_equal(sc_pool_acquire(&c, p, NULL), SC_OK);
    assert_int_equal(sc_conn_statement_timeout(c), 5000);
    assert_usable(c);
    sc_pool_release(p, c);
    sc_pool_free(p);
}

/*
 * A cancel while nothing runs leaves later statements alone; on SQLite a
 * statement in the middle of its rows counts as running (docs/scaling.md):
 * the cancel stops what runs until it is released, then nothing more.
 */
static void test_cancel_idle(void **state)
{
    (void)state;
    sc_conn *c = open_conn(0);
    assert_int_equal(sc_conn_cancel(c), SC_OK);
    assert_usable(c);
    sc_stmt *open;
    assert_int_equal(sc_stmt_prepare(&open, c, "SELECT 1 UNION ALL SELECT 2"), SC_OK);
    assert_int_equal(sc_stmt_step(open), SC_ROW);
    assert_int_equal(sc_conn_cancel(c), SC_OK);
    int rc = sc_conn_exec(c, "SELECT 1");
    assert_int_equal(rc, g_pg ? SC_OK : SC_ECANCELED);
    sc_stmt_release(open);
    assert_usable(c);
    assert_int_equal(sc_conn_exec(c, "SELECT 1"), SC_OK);
    sc_conn_close(c);
}

int main(int argc, char **argv)
{
    g_pg = argc > 1 && strcmp(argv[1], "pg") == 0;
    if (g_pg) {
        if (rt_pg_create_db(g_url, sizeof g_url, g_db, sizeof g_db, "rt_timeout") != 0) {
            fprintf(stderr, "cannot create a test database on the fixture cluster\n");
            return 1;
        }
    } else {
        rt_sqlite_url(g_url, sizeof g_url, argc > 2 ? argv[2] : "timeout");
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conn_option),
        cmocka_unit_test(test_per_call),
        cmocka_unit_test(test_in_transaction),
        cmocka_unit_test(test_url_option),
        cmocka_unit_test(test_url_parse),
        cmocka_unit_test(test_cancel_from_thread),
        cmocka_unit_test(test_pool_resets_timeout),
        cmocka_unit_test(test_cancel_idle),
    };
    int failed = cmocka_run_group_tests_name(g_pg ? "timeout pg" : "timeout sqlite", tests, NULL,
                                             NULL);
    if (g_pg)
        rt_pg_drop_db(g_db);
    return failed ? 1 : 0;
}
