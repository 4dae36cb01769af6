/*
 * test_rt_fault.c - PostgreSQL stops and starts again in the middle of work.
 *
 * The test starts its OWN cluster (tests/support/pg_cluster.sh with a
 * private state dir; the shared fixture is never touched), runs worker
 * threads that do transactions through a pool, stops the server with a
 * fast shutdown, checks that calls fail with SC_ECONNECTION (SC_ECOMMITUNKNOWN
 * for a COMMIT whose answer was lost; no hang, no other error, no crash),
 * starts the server again and checks that work
 * succeeds again on replaced connections.
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

static char g_state[512];
static char g_url[512];
static sc_pool *g_pool;
static atomic_int g_stop;
static atomic_long g_ok, g_conn_errors, g_other_errors, g_timeouts;
static char g_other_msg[SC_ERROR_MESSAGE_SIZE];

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static int run_script(const char *script, const char *cmd)
{
    char line[1400];
    snprintf(line, sizeof line, "%s/%s %s %s >/dev/null", testutil_data_dir(), script, cmd,
             g_state);
    return system(line);
}

static int bump(sc_conn *c, void *payload)
{
    (void)payload;
    sc_stmt *st;
    int rc = sc_stmt_prepare(&st, c, "UPDATE fault SET n = n + 1 WHERE id = 1");
    if (rc != SC_OK)
        return rc;
    rc = sc_stmt_exec(st);
    sc_stmt_release(st);
    return rc;
}

static void *worker(void *arg)
{
    (void)arg;
    while (!atomic_load(&g_stop)) {
        sc_conn *c;
        sc_error err = SC_ERROR_INIT;
        int rc = sc_pool_acquire_timeout(&c, g_pool, 2000, &err);
        if (rc == SC_OK) {
            rc = sc_tx_run(c, NULL, bump, NULL);
            if (rc != SC_OK)
                sc_error_copy(&err, sc_conn_error(c));
            sc_pool_release(g_pool, c);
        }
        if (rc == SC_OK) {
            atomic_fetch_add(&g_ok, 1);
        } else if (rc == SC_ECONNECTION || rc == SC_ECOMMITUNKNOWN) {
            atomic_fetch_add(&g_conn_errors, 1);
            sleep_ms(5);
        } else if (rc == SC_ETIMEOUT) {
            atomic_fetch_add(&g_timeouts, 1);
        } else {
            atomic_fetch_add(&g_other_errors, 1);
            snprintf(g_other_msg, sizeof g_other_msg, "%s", err.message);
        }
    }
    return NULL;
}

/* Wait until COUNTER reaches AT_LEAST, at most ~30 s. */
static int wait_for(atomic_long *counter, long at_least)
{
    for (int i = 0; i < 3000; i++) {
        if (atomic_load(counter) >= at_least)
            return 1;
        sleep_ms(10);
    }
    return 0;
}

static void test_restart_mid_work(void **state)
{
    (void)state;
    sc_conn *c;
    sc_error err = SC_ERROR_INIT;
    assert_int_equal(sc_conn_open(&c, g_url, NULL, &err), SC_OK);
    assert_int_equal(sc_conn_exec(c, "CREATE TABLE fault (id INT PRIMARY KEY, n BIGINT NOT NULL);"
                                     " INSERT INTO fault VALUES (1, 0)"),
                     SC_OK);
    sc_conn_close(c);

    sc_pool_options o = SC_POOL_OPTIONS_INIT;
    o.max_size = 2;
    o.conn.pg_connect_timeout_s = 2;
    assert_int_equal(sc_pool_create(&g_pool, g_url, &o, &err), SC_OK);
    enum { THREADS = 4 };
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, worker, NULL);

    assert_true(wait_for(&g_ok, 50));
    assert_int_equal(run_script("runtime/pg_restart.sh", "stop"), 0);
    if (!wait_for(&g_conn_errors, 20)) { /* failing, not hanging */
        sc_pool_stats ps;
        sc_pool_stats_get(&ps, g_pool);
        fprintf(stderr, "pool: in_use %u idle %u waiting %u created %llu closed %llu\n",
                ps.in_use, ps.idle, ps.waiting, (unsigned long long)ps.created,
                (unsigned long long)ps.closed);
        fail_msg("no connection errors while down: %ld ok, %ld timeouts, %ld other (%s)",
                 atomic_load(&g_ok), atomic_load(&g_timeouts), atomic_load(&g_other_errors),
                 g_other_msg);
    }
    long ok_down = atomic_load(&g_ok);
    sleep_ms(100);
    assert_int_equal(run_script("runtime/pg_restart.sh", "start"), 0);
    assert_true(wait_for(&g_ok, ok_down + 50)); /* working again */
    atomic_store(&g_stop, 1);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);

    if (atomic_load(&g_other_errors))
        fail_msg("unexpected errors: %ld (%s)", atomic_load(&g_other_errors), g_other_msg);
    sc_pool_stats s;
    sc_pool_stats_get(&s, g_pool);
    assert_int_equal(s.in_use, 0);
    assert_true(s.closed >= 1); /* broken connections were dropped */
    assert_true(s.created > 2); /* and replaced */

    /* every reported success was committed; a commit cut off by the shutdown may be too */
    assert_int_equal(sc_pool_acquire(&c, g_pool, &err), SC_OK);
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT n FROM fault WHERE id = 1"), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t n;
    sc_stmt_column_int64(&n, st, 0);
    sc_stmt_release(st);
    sc_pool_release(g_pool, c);
    assert_true(n >= atomic_load(&g_ok));
    assert_true(n <= atomic_load(&g_ok) + atomic_load(&g_conn_errors));
    fprintf(stderr, "fault: %ld ok, %ld connection errors, %ld acquire timeouts, %llu created\n",
            atomic_load(&g_ok), atomic_load(&g_conn_errors), atomic_load(&g_timeouts),
            (unsigned long long)s.created);
    sc_pool_free(g_pool);
}

int main(void)
{
    snprintf(g_state, sizeof g_state, "%s/rt_fault_%ld", testutil_tmp_dir(), (long)getpid());
    if (run_script("support/pg_cluster.sh", "start") != 0) {
        fprintf(stderr, "cannot start a private PostgreSQL cluster\n");
        return 1;
    }
    char file[600];
    snprintf(file, sizeof file, "%s/url", g_state);
    setenv("SCHEMAC_TEST_PG_URLFILE", file, 1);
    int failed = 1;
    if (testutil_pg_url(g_url, sizeof g_url)) {
        const struct CMUnitTest tests[] = { cmocka_unit_test(test_restart_mid_work) };
        failed = cmocka_run_group_tests(tests, NULL, NULL);
    }
    run_script("support/pg_cluster.sh", "stop");
    return failed ? 1 : 0;
}
