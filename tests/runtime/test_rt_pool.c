/*
 * test_rt_pool.c - the connection pool on SQLite and PostgreSQL: counters,
 * acquire timeout, FIFO order of waiters, reset on release, max lifetime,
 * idle timeout, the held-too-long warning, replacement of a connection the
 * server killed, and failing fast when the database is down.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "rt_test.h"

static char g_sqlite_url[600];
static char g_pg_url[600];
static char g_pg_db[128];
static const char *g_url;
static rt_events g_events = { PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, 0, 0, 0, "" };

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static sc_pool *make_pool(unsigned max, void (*tweak)(sc_pool_options *))
{
    sc_pool_options o = SC_POOL_OPTIONS_INIT;
    o.max_size = max;
    o.acquire_timeout_ms = 2000;
    o.conn.hook = rt_hook;
    o.conn.hook_payload = &g_events;
    if (tweak)
        tweak(&o);
    sc_pool *p = NULL;
    sc_error err = SC_ERROR_INIT;
    if (sc_pool_create(&p, g_url, &o, &err) != SC_OK)
        fail_msg("pool: %s", err.message);
    return p;
}

/* sc_pool_free with connections still out: they stay usable, the last release frees the pool */
static void test_free_while_acquired(void **state)
{
    (void)state;
    sc_pool *p = make_pool(3, NULL);
    sc_conn *a, *b, *idle;
    assert_int_equal(sc_pool_acquire(&a, p, NULL), SC_OK);
    assert_int_equal(sc_pool_acquire(&b, p, NULL), SC_OK);
    assert_int_equal(sc_pool_acquire(&idle, p, NULL), SC_OK);
    sc_pool_release(p, idle);
    sc_pool_free(p);
    /* the acquired connections still work after the pool is gone */
    assert_int_equal(sc_conn_exec(a, "SELECT 1"), SC_OK);
    assert_int_equal(sc_conn_exec(b, "SELECT 1"), SC_OK);
    sc_pool_release(p, a);
    assert_int_equal(sc_conn_exec(b, "SELECT 1"), SC_OK);
    sc_pool_release(p, b); /* frees the pool; valgrind/ASan check nothing leaks or is reused */

    /* and with nothing out, sc_pool_free frees at once */
    p = make_pool(1, NULL);
    assert_int_equal(sc_pool_acquire(&a, p, NULL), SC_OK);
    sc_pool_release(p, a);
    sc_pool_free(p);
}

static void test_counters_and_timeout(void **state)
{
    (void)state;
    sc_pool *p = make_pool(2, NULL);
    sc_conn *a, *b, *c;
    sc_error err = SC_ERROR_INIT;
    assert_int_equal(sc_pool_acquire(&a, p, &err), SC_OK);
    assert_int_equal(sc_pool_acquire(&b, p, &err), SC_OK);
    assert_ptr_not_equal(a, b);
    sc_pool_stats s;
    sc_pool_stats_get(&s, p);
    assert_int_equal(s.in_use, 2);
    assert_int_equal(s.idle, 0);
    assert_true(s.created == 2 && s.acquired == 2);
    assert_int_equal(sc_pool_acquire_timeout(&c, p, 30, &err), SC_ETIMEOUT);
    assert_null(c);
    assert_int_equal(err.code, SC_ETIMEOUT);
    assert_int_equal(sc_pool_acquire_timeout(&c, p, 0, &err), SC_ETIMEOUT);
    sc_pool_stats_get(&s, p);
    assert_true(s.timed_out == 2);
    assert_int_equal(s.waiting, 0);
    sc_pool_release(p, a);
    sc_pool_stats_get(&s, p);
    assert_int_equal(s.in_use, 1);
    assert_int_equal(s.idle, 1);
    assert_int_equal(sc_pool_acquire(&c, p, &err), SC_OK);
    assert_ptr_equal(c, a); /* reused, not reopened */
    assert_int_equal(sc_conn_exec(c, "SELECT 1"), SC_OK);
    sc_pool_release(p, c);
    sc_pool_release(p, b);
    sc_pool_stats_get(&s, p);
    assert_true(s.created == 2 && s.closed == 0 && s.acquired == 3);
    assert_int_equal(s.idle, 2);
    sc_pool_free(p);

    /* Prisma's connection_limit in the URL wins over max_size (3 here): the second acquire finds none */
    char limited[700];
    snprintf(limited, sizeof limited, "%s%cconnection_limit=1&pool_timeout=1", g_url, strchr(g_url, '?') ? '&' : '?');
    sc_pool_options lo = SC_POOL_OPTIONS_INIT;
    lo.max_size = 3;
    assert_int_equal(sc_pool_create(&p, limited, &lo, &err), SC_OK);
    assert_int_equal(sc_pool_acquire(&a, p, &err), SC_OK);
    assert_int_equal(sc_conn_exec(a, "SELECT 1"), SC_OK);
    assert_int_equal(sc_pool_acquire_timeout(&c, p, 0, &err), SC_ETIMEOUT);
    sc_pool_release(p, a);
    sc_pool_free(p);

    sc_pool_options bad = SC_POOL_OPTIONS_INIT;
    bad.max_size = 0;
    assert_int_equal(sc_pool_create(&p, g_url, &bad, &err), SC_EINVAL);
    bad = (sc_pool_options)SC_POOL_OPTIONS_INIT;
    bad.version = 7;
    assert_int_equal(sc_pool_create(&p, g_url, &bad, &err), SC_EINVAL);
}

typedef struct fifo {
    sc_pool *pool;
    pthread_mutex_t mu;
    int order[8];
    int n;
} fifo;

typedef struct fifo_arg {
    fifo *f;
    int id;
    int rc;
} fifo_arg;

static void *fifo_worker(void *p)
{
    fifo_arg *a = p;
    sc_conn *c;
    a->rc = sc_pool_acquire_timeout(&c, a->f->pool, 10000, NULL);
    if (a->rc != SC_OK)
        return NULL;
    pthread_mutex_lock(&a->f->mu);
    a->f->order[a->f->n++] = a->id;
    pthread_mutex_unlock(&a->f->mu);
    sleep_ms(2);
    sc_pool_release(a->f->pool, c);
    return NULL;
}

static void wait_waiting(sc_pool *p, unsigned n)
{
    for (int i = 0; i < 10000; i++) {
        sc_pool_stats s;
        sc_pool_stats_get(&s, p);
        if (s.waiting >= n)
            return;
        sleep_ms(1);
    }
    fail_msg("waiters never queued");
}

static void test_fifo(void **state)
{
    (void)state;
    fifo f;
    memset(&f, 0, sizeof f);
    pthread_mutex_init(&f.mu, NULL);
    f.pool = make_pool(1, NULL);
    sc_conn *held;
    assert_int_equal(sc_pool_acquire(&held, f.pool, NULL), SC_OK);
    enum { N = 5 };
    pthread_t t[N];
    fifo_arg args[N];
    for (int i = 0; i < N; i++) {
        args[i] = (fifo_arg){ &f, i, -1 };
        pthread_create(&t[i], NULL, fifo_worker, &args[i]);
        wait_waiting(f.pool, (unsigned)i + 1); /* queue them in a known order */
    }
    sc_pool_release(f.pool, held);
    for (int i = 0; i < N; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(args[i].rc, SC_OK);
    }
    assert_int_equal(f.n, N);
    for (int i = 0; i < N; i++)
        assert_int_equal(f.order[i], i);
    sc_pool_stats s;
    sc_pool_stats_get(&s, f.pool);
    assert_true(s.created == 1);
    sc_pool_free(f.pool);
    pthread_mutex_destroy(&f.mu);
}

static void test_reset_on_release(void **state)
{
    (void)state;
    sc_pool *p = make_pool(1, NULL);
    sc_conn *c;
    assert_int_equal(sc_pool_acquire(&c, p, NULL), SC_OK);
    assert_int_equal(sc_conn_exec(c, "DROP TABLE IF EXISTS pool_t; CREATE TABLE pool_t (x INT)"),
                     SC_OK);
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(sc_conn_exec(c, "INSERT INTO pool_t VALUES (1)"), SC_OK);
    sc_pool_release(p, c); /* forgot to commit */
    sc_conn *again;
    assert_int_equal(sc_pool_acquire(&again, p, NULL), SC_OK);
    assert_ptr_equal(again, c);
    assert_false(sc_conn_in_transaction(again));
    assert_int_equal(sc_tx_depth(again), 0);
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare(&st, again, "SELECT count(*) FROM pool_t"), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t n;
    sc_stmt_column_int64(&n, st, 0);
    assert_true(n == 0);
    sc_stmt_release(st);
    /* a transaction opened with raw SQL is rolled back too */
    assert_int_equal(sc_conn_exec(again, "BEGIN"), SC_OK);
    sc_pool_release(p, again);
    assert_int_equal(sc_pool_acquire(&c, p, NULL), SC_OK);
    assert_false(sc_conn_in_transaction(c));
    /* a failed transaction (the error rule) is rolled back and forgotten: the next user runs statements */
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(sc_conn_exec(c, "INSERT INTO pool_t VALUES (2)"), SC_OK);
    assert_int_equal(sc_conn_exec(c, "INSERT INTO no_such_table VALUES (1)"), SC_ERROR);
    assert_int_equal(sc_conn_exec(c, "SELECT 1"), SC_ETXFAILED);
    sc_pool_stats before, after;
    sc_pool_stats_get(&before, p);
    sc_pool_release(p, c);
    assert_int_equal(sc_pool_acquire(&again, p, NULL), SC_OK);
    sc_pool_stats_get(&after, p);
    assert_true(after.closed == before.closed); /* the same connection, not a replacement */
    assert_ptr_equal(again, c);
    assert_int_equal(sc_tx_depth(again), 0);
    assert_int_equal(sc_stmt_prepare(&st, again, "SELECT count(*) FROM pool_t"), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    sc_stmt_column_int64(&n, st, 0);
    assert_true(n == 0);
    sc_stmt_release(st);
    sc_pool_release(p, again);
    sc_pool_free(p);
}

static void short_lifetime(sc_pool_options *o)
{
    o->max_lifetime_ms = 20;
}

static void short_idle(sc_pool_options *o)
{
    o->idle_timeout_ms = 20;
}

static void short_hold(sc_pool_options *o)
{
    o->held_warning_ms = 10;
}

static void test_lifetime_idle_held(void **state)
{
    (void)state;
    sc_pool_stats s;
    sc_conn *c;
    sc_pool *p = make_pool(1, short_lifetime);
    assert_int_equal(sc_pool_acquire(&c, p, NULL), SC_OK);
    sleep_ms(40);
    sc_pool_release(p, c); /* too old: closed on release */
    sc_pool_stats_get(&s, p);
    assert_true(s.closed == 1 && s.idle == 0);
    assert_int_equal(sc_pool_acquire(&c, p, NULL), SC_OK);
    sc_pool_release(p, c);
    sc_pool_stats_get(&s, p);
    assert_true(s.created == 2);
    sc_pool_free(p);

    p = make_pool(1, short_idle);
    assert_int_equal(sc_pool_acquire(&c, p, NULL), SC_OK);
    sc_pool_release(p, c);
    sleep_ms(40);
    assert_int_equal(sc_pool_acquire(&c, p, NULL), SC_OK); /* idle too long: replaced */
    sc_pool_release(p, c);
    sc_pool_stats_get(&s, p);
    assert_true(s.created == 2 && s.closed == 1);
    sc_pool_free(p);

    pthread_mutex_lock(&g_events.mu);
    g_events.held = 0;
    pthread_mutex_unlock(&g_events.mu);
    p = make_pool(1, short_hold);
    assert_int_equal(sc_pool_acquire(&c, p, NULL), SC_OK);
    sleep_ms(20);
    /* a starved acquire reports the holder, once */
    sc_conn *other;
    assert_int_equal(sc_pool_acquire_timeout(&other, p, 1, NULL), SC_ETIMEOUT);
    assert_int_equal(g_events.held, 1);
    sc_pool_release(p, c);
    assert_int_equal(g_events.held, 1);
    assert_int_equal(sc_pool_acquire(&c, p, NULL), SC_OK);
    sleep_ms(20);
    sc_pool_release(p, c); /* reported on release */
    assert_int_equal(g_events.held, 2);
    sc_pool_free(p);
}

static void test_pg_killed_connection_replaced(void **state)
{
    (void)state;
    if (strncmp(g_url, "postgres", 8) != 0)
        skip();
    pthread_mutex_lock(&g_events.mu);
    g_events.replaced = 0;
    pthread_mutex_unlock(&g_events.mu);
    sc_pool *p = make_pool(2, NULL);
    sc_conn *c, *killer;
    assert_int_equal(sc_pool_acquire(&c, p, NULL), SC_OK);
    assert_int_equal(sc_pool_acquire(&killer, p, NULL), SC_OK);
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT pg_backend_pid()"), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t pid;
    sc_stmt_column_int64(&pid, st, 0);
    sc_stmt_release(st);
    sc_pool_release(p, c);
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%lld)", (long long)pid);
    assert_int_equal(sc_conn_exec(killer, sql), SC_OK);
    sleep_ms(50);
    /* the idle connection is seen dead at acquire and replaced */
    sc_conn *fresh;
    assert_int_equal(sc_pool_acquire(&fresh, p, NULL), SC_OK);
    assert_int_equal(sc_conn_exec(fresh, "SELECT 1"), SC_OK);
    sc_pool_stats s;
    sc_pool_stats_get(&s, p);
    assert_true(s.closed == 1 && s.created == 3);
    assert_int_equal(g_events.replaced, 1);

    /* a connection that dies while held fails with SC_ECONNECTION and is dropped on release */
    assert_int_equal(sc_stmt_prepare(&st, fresh, "SELECT pg_backend_pid()"), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    sc_stmt_column_int64(&pid, st, 0);
    sc_stmt_release(st);
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%lld)", (long long)pid);
    assert_int_equal(sc_conn_exec(killer, sql), SC_OK);
    assert_int_equal(sc_conn_exec(fresh, "SELECT 1"), SC_ECONNECTION);
    sc_pool_release(p, fresh);
    sc_pool_stats_get(&s, p);
    assert_true(s.closed == 2);
    assert_int_equal(s.in_use, 1);
    sc_pool_release(p, killer);
    sc_pool_free(p);
}

static void test_database_down(void **state)
{
    (void)state;
    sc_pool_options o = SC_POOL_OPTIONS_INIT;
    o.max_size = 1;
    o.acquire_timeout_ms = 60000;
    sc_pool *p;
    sc_error err = SC_ERROR_INIT;
    assert_int_equal(sc_pool_create(&p, "postgresql://u:pw1234@127.0.0.1:1/none", &o, &err), SC_OK);
    sc_conn *c;
    /* fails at once with a connection error, not after the 60 s timeout */
    assert_int_equal(sc_pool_acquire(&c, p, &err), SC_ECONNECTION);
    assert_null(strstr(err.message, "pw1234"));
    assert_int_equal(sc_pool_acquire(&c, p, &err), SC_ECONNECTION);
    sc_pool_stats s;
    sc_pool_stats_get(&s, p);
    assert_int_equal(s.in_use, 0);
    assert_true(s.created == 0 && s.timed_out == 0);
    sc_pool_free(p);
}

/* Negative times are refused: they would silently mean "no limit" or "every time". */
static void test_bad_options(void **state)
{
    (void)state;
    sc_pool *p = NULL;
    sc_error err = SC_ERROR_INIT;
    const char *replicas[] = { "postgresql://u@127.0.0.1:1/none", NULL };
    for (int i = 0; i < 4; i++) {
        sc_pool_options o = SC_POOL_OPTIONS_INIT;
        o.replicas = replicas;
        int64_t *field[] = { &o.max_replica_lag_ms, &o.replica_check_ms, &o.replica_retry_ms,
                             &o.conn.statement_timeout_ms };
        const char *name[] = { "max_replica_lag_ms", "replica_check_ms", "replica_retry_ms",
                               "statement_timeout_ms" };
        *field[i] = -1;
        assert_int_equal(sc_pool_create(&p, g_url, &o, &err), SC_EINVAL);
        assert_null(p);
        assert_non_null(strstr(err.message, name[i]));
    }
    /* a connection's own negative timeout: refused as sc_conn_set_statement_timeout does */
    sc_conn_options co = SC_CONN_OPTIONS_INIT;
    co.statement_timeout_ms = -100;
    sc_conn *c = NULL;
    assert_int_equal(sc_conn_open(&c, g_url, &co, &err), SC_EINVAL);
    assert_null(c);
    assert_non_null(strstr(err.message, "statement_timeout_ms"));
    /* 0 is valid everywhere: no limit, no timeout */
    sc_pool_options o = SC_POOL_OPTIONS_INIT;
    o.replicas = replicas;
    o.max_replica_lag_ms = 0;
    o.conn.statement_timeout_ms = 0;
    assert_int_equal(sc_pool_create(&p, g_url, &o, &err), SC_OK);
    sc_pool_free(p);
    /* a PostgreSQL primary with an SQLite "replica" */
    const char *wrong[] = { g_sqlite_url, NULL };
    o.replicas = wrong;
    int rc = sc_pool_create(&p, g_pg_url, &o, &err);
    assert_int_equal(rc, SC_EINVAL);
    assert_non_null(strstr(err.message, "replica 1"));
}

/*
 * A replica that refuses connections is taken out and counted once per
 * failed connect; reads then go to the primary (here down too).
 */
static void test_replica_down_counted(void **state)
{
    (void)state;
    if (g_url != g_pg_url)
        skip();
    const char *replicas[] = { "postgresql://u:pw1234@127.0.0.1:1/none", NULL };
    sc_pool_options o = SC_POOL_OPTIONS_INIT;
    o.replicas = replicas;
    o.replica_retry_ms = 60000;
    sc_pool *p;
    sc_error err = SC_ERROR_INIT;
    assert_int_equal(sc_pool_create(&p, "postgresql://u@127.0.0.1:1/none", &o, &err), SC_OK);
    sc_acquire_options ao = SC_ACQUIRE_OPTIONS_INIT;
    ao.read_only = 1;
    sc_conn *c;
    assert_int_equal(sc_pool_acquire_with(&c, p, &ao, &err), SC_ECONNECTION);
    sc_pool_host_stats hs;
    assert_int_equal(sc_pool_host_stats_get(&hs, p, 1), SC_OK);
    assert_int_equal(hs.up, 0);
    assert_int_equal(hs.failures, 1);
    assert_null(strstr(hs.url, "pw1234"));
    /* taken out: the next read-only acquire does not try it again */
    assert_int_equal(sc_pool_acquire_with(&c, p, &ao, &err), SC_ECONNECTION);
    assert_int_equal(sc_pool_host_stats_get(&hs, p, 1), SC_OK);
    assert_int_equal(hs.failures, 1);
    assert_int_equal(sc_pool_host_stats_get(&hs, p, 0), SC_OK);
    assert_int_equal(hs.failures, 2);
    sc_pool_free(p);
}

int main(void)
{
    rt_sqlite_url(g_sqlite_url, sizeof g_sqlite_url, "pool");
    if (rt_pg_create_db(g_pg_url, sizeof g_pg_url, g_pg_db, sizeof g_pg_db, "rt_pool") != 0) {
        fprintf(stderr, "cannot create a test database on the fixture cluster\n");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counters_and_timeout),
        cmocka_unit_test(test_free_while_acquired),
        cmocka_unit_test(test_fifo),
        cmocka_unit_test(test_reset_on_release),
        cmocka_unit_test(test_lifetime_idle_held),
        cmocka_unit_test(test_pg_killed_connection_replaced),
        cmocka_unit_test(test_database_down),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_replica_down_counted),
    };
    g_url = g_sqlite_url;
    int failed = cmocka_run_group_tests_name("pool on sqlite", tests, NULL, NULL);
    g_url = g_pg_url;
    failed += cmocka_run_group_tests_name("pool on postgresql", tests, NULL, NULL);
    rt_pg_drop_db(g_pg_db);
    return failed ? 1 : 0;
}
