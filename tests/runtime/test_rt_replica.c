/*
 * test_rt_replica.c - a pool over a PostgreSQL primary and a streaming
 * replica, then a failover. The test starts its own pair
 * (tests/support/pg_replica.sh: initdb + pg_ctl for the primary,
 * pg_basebackup -R for the standby, free loopback ports) and removes it at
 * the end whatever happened.
 *
 * - reads go to the replica, writes to the primary;
 * - read-your-writes: a read right after a write sees it (the replica with
 *   replay paused is passed over for the primary), also with a caller-held
 *   token while the writing connection is still held;
 * - a lagging replica (replay paused while writes go on) is skipped;
 * - the replica stopped and started again mid-run: reads go on (primary),
 *   then return to it;
 * - failover: workers commit through a pool on a multi-host URL with
 *   target_session_attrs=read-write; the primary stops mid-load, the standby
 *   is promoted; the pool goes on on it, every acknowledged commit is there
 *   and nothing reported as failed is; an idempotent sc_tx_run on a
 *   connection lost in the failover reconnects and succeeds, a plain one
 *   reports SC_ECONNECTION.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rt_test.h"

static char g_state[512];
static char g_primary[256], g_replica[256];
static int g_started;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static int script(const char *cmd)
{
    char line[1400];
    snprintf(line, sizeof line, "%s/support/pg_replica.sh %s %s >/dev/null", testutil_data_dir(), cmd,
             g_state);
    return system(line);
}

static void read_line(const char *name, char *out, size_t size)
{
    char path[700];
    snprintf(path, sizeof path, "%s/%s", g_state, name);
    size_t n = 0;
    char *text = testutil_read_file(path, &n);
    assert_non_null(text);
    while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
        text[--n] = '\0';
    snprintf(out, size, "%s", text);
    free(text);
}

static int64_t query_int(sc_conn *c, const char *sql)
{
    sc_stmt *st;
    int64_t v = -1;
    int rc = sc_stmt_prepare(&st, c, sql);
    if (rc != SC_OK)
        fail_msg("%s: %s", sql, sc_conn_error(c)->message);
    rc = sc_stmt_step(st);
    if (rc != SC_ROW)
        fail_msg("%s: %d %s", sql, rc, sc_conn_error(c)->message);
    bool b;
    if (sc_stmt_column_int64(&v, st, 0) != SC_OK && sc_stmt_column_bool(&b, st, 0) == SC_OK)
        v = b;
    sc_stmt_release(st);
    return v;
}

static void exec_ok(sc_conn *c, const char *sql)
{
    int rc = sc_conn_exec(c, sql);
    if (rc != SC_OK)
        fail_msg("%s: %s", sql, sc_conn_error(c)->message);
}

static sc_pool *replica_pool(int64_t max_lag_ms, int64_t check_ms, int ryw)
{
    const char *replicas[] = { g_replica, NULL };
    sc_pool_options o = SC_POOL_OPTIONS_INIT;
    o.max_size = 4;
    o.acquire_timeout_ms = 5000;
    o.replicas = replicas;
    o.max_replica_lag_ms = max_lag_ms;
    o.replica_check_ms = check_ms;
    o.replica_retry_ms = 200;
    o.read_your_writes = ryw;
    sc_pool *p = NULL;
    sc_error err = SC_ERROR_INIT;
    if (sc_pool_create(&p, g_primary, &o, &err) != SC_OK)
        fail_msg("pool: %s", err.message);
    return p;
}

static sc_conn *acquire(sc_pool *p, int read_only, uint64_t min_lsn)
{
    sc_acquire_options ao = SC_ACQUIRE_OPTIONS_INIT;
    ao.read_only = read_only;
    ao.min_lsn = min_lsn;
    sc_conn *c = NULL;
    sc_error err = SC_ERROR_INIT;
    int rc = sc_pool_acquire_with(&c, p, &ao, &err);
    if (rc != SC_OK)
        fail_msg("acquire: %s", err.message);
    return c;
}

/* Wait until a read-only acquire lands on the replica (it caught up), at most ~20 s. */
static void wait_replica_serves(sc_pool *p)
{
    for (int i = 0; i < 400; i++) {
        sc_conn *c = acquire(p, 1, 0);
        int rep = sc_conn_is_replica(c);
        sc_pool_release(p, c);
        if (rep)
            return;
        sleep_ms(50);
    }
    fail_msg("the replica never served a read");
}

static void replay(int pause)
{
    sc_conn *c;
    assert_int_equal(sc_conn_open(&c, g_replica, NULL, NULL), SC_OK);
    exec_ok(c, pause ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()");
    sc_conn_close(c);
}

static void test_routing(void **state)
{
    (void)state;
    sc_pool *p = replica_pool(10000, 0, 1);
    assert_int_equal(sc_pool_host_count(p), 2);
    sc_conn *w = acquire(p, 0, 0);
    assert_int_equal(sc_conn_is_replica(w), 0);
    assert_int_equal(query_int(w, "SELECT pg_is_in_recovery()::int"), 0);
    exec_ok(w, "CREATE TABLE kv (id int PRIMARY KEY, v int)");
    sc_pool_release(p, w);
    wait_replica_serves(p);
    sc_conn *r = acquire(p, 1, 0);
    assert_int_equal(sc_conn_is_replica(r), 1);
    assert_int_equal(query_int(r, "SELECT pg_is_in_recovery()::int"), 1);
    /* the replica refuses writes; the pool's replica connection says so */
    assert_int_not_equal(sc_conn_exec(r, "INSERT INTO kv VALUES (0, 0)"), SC_OK);
    sc_pool_release(p, r);
    sc_pool_host_stats hs;
    assert_int_equal(sc_pool_host_stats_get(&hs, p, 1), SC_OK);
    assert_true(hs.reads >= 1);
    assert_int_equal(hs.primary, 0);
    assert_int_equal(hs.up, 1);
    assert_int_equal(hs.in_recovery, 1);
    assert_null(strstr(hs.url, "secret"));
    assert_int_equal(sc_pool_host_stats_get(&hs, p, 2), SC_ERANGE);
    sc_pool_free(p);
}

static int read_recovery(sc_conn *c, void *payload)
{
    *(int *)payload = (int)query_int(c, "SELECT pg_is_in_recovery()::int");
    return SC_OK;
}

static void test_read_only_tx(void **state)
{
    (void)state;
    sc_pool *p = replica_pool(10000, 0, 0);
    sc_retry_options ro = SC_RETRY_OPTIONS_INIT;
    ro.read_only = 1;
    int rec = -1;
    assert_int_equal(sc_pool_run(p, &ro, read_recovery, &rec, NULL), SC_OK);
    assert_int_equal(rec, 1);
    ro.read_only = 0;
    assert_int_equal(sc_pool_run(p, &ro, read_recovery, &rec, NULL), SC_OK);
    assert_int_equal(rec, 0);
    sc_pool_free(p);
}

static void test_read_your_writes(void **state)
{
    (void)state;
    sc_pool *p = replica_pool(0, 60000, 1);
    wait_replica_serves(p);
    int on_replica = 0;
    for (int i = 1; i <= 40; i++) {
        sc_conn *w = acquire(p, 0, 0);
        char sql[128];
        snprintf(sql, sizeof sql, "INSERT INTO kv VALUES (%d, %d)", i, i);
        exec_ok(w, sql);
        sc_pool_release(p, w);
        sc_conn *r = acquire(p, 1, 0);
        snprintf(sql, sizeof sql, "SELECT count(*) FROM kv WHERE id = %d", i);
        assert_int_equal(query_int(r, sql), 1);
        on_replica += sc_conn_is_replica(r);
        sc_pool_release(p, r);
    }
    /* replay paused: the replica stays fit by lag (no limit) but has not got the write */
    replay(1);
    sc_pool_host_stats hs;
    sc_pool_host_stats_get(&hs, p, 1);
    uint64_t behind = hs.behind_skips;
    sc_conn *w = acquire(p, 0, 0);
    exec_ok(w, "INSERT INTO kv VALUES (100, 100)");
    sc_pool_release(p, w);
    sc_conn *r = acquire(p, 1, 0);
    assert_int_equal(sc_conn_is_replica(r), 0);
    assert_int_equal(query_int(r, "SELECT count(*) FROM kv WHERE id = 100"), 1);
    sc_pool_release(p, r);
    sc_pool_host_stats_get(&hs, p, 1);
    assert_true(hs.behind_skips > behind);
    sc_pool_host_stats_get(&hs, p, 0);
    assert_true(hs.lsn > 0);
    sc_pool_free(p);

    /* a caller-held token, with the writing connection still held */
    p = replica_pool(0, 60000, 0);
    w = acquire(p, 0, 0);
    exec_ok(w, "INSERT INTO kv VALUES (101, 101)");
    uint64_t token = 0;
    assert_int_equal(sc_conn_wal_lsn(w, &token), SC_OK);
    assert_true(token > 0);
    r = acquire(p, 1, token);
    assert_int_equal(sc_conn_is_replica(r), 0);
    assert_int_equal(query_int(r, "SELECT count(*) FROM kv WHERE id = 101"), 1);
    sc_pool_release(p, r);
    /* without the token the (paused) replica serves, and does not see it: the limit of the option */
    r = acquire(p, 1, 0);
    assert_int_equal(sc_conn_is_replica(r), 1);
    assert_int_equal(query_int(r, "SELECT count(*) FROM kv WHERE id = 101"), 0);
    sc_pool_release(p, r);
    sc_pool_release(p, w);
    replay(0);
    /* once replayed, the token is no obstacle */
    for (int i = 0; i < 200; i++) {
        r = acquire(p, 1, token);
        int rep = sc_conn_is_replica(r);
        sc_pool_release(p, r);
        if (rep)
            break;
        sleep_ms(50);
    }
    r = acquire(p, 1, token);
    assert_int_equal(sc_conn_is_replica(r), 1);
    assert_int_equal(query_int(r, "SELECT count(*) FROM kv WHERE id = 101"), 1);
    sc_pool_release(p, r);
    sc_pool_free(p);
    (void)on_replica;
}

static void test_lag_skip(void **state)
{
    (void)state;
    sc_pool *p = replica_pool(300, 0, 0);
    wait_replica_serves(p);
    replay(1);
    sc_conn *w = acquire(p, 0, 0);
    exec_ok(w, "INSERT INTO kv VALUES (200, 0)");
    sleep_ms(800);
    exec_ok(w, "UPDATE kv SET v = 1 WHERE id = 200");
    sc_pool_release(p, w);
    /* the WAL keeps arriving, replay stands still: more than 300 ms behind */
    int skipped = 0;
    for (int i = 0; i < 100 && !skipped; i++) {
        sc_conn *r = acquire(p, 1, 0);
        skipped = !sc_conn_is_replica(r);
        sc_pool_release(p, r);
        if (!skipped)
            sleep_ms(50);
    }
    assert_true(skipped);
    sc_pool_host_stats hs;
    sc_pool_host_stats_get(&hs, p, 1);
    assert_true(hs.lag_skips > 0);
    assert_true(hs.lag_ms > 300);
    replay(0);
    wait_replica_serves(p);
    sc_pool_free(p);
}

static void test_replica_restart(void **state)
{
    (void)state;
    sc_pool *p = replica_pool(0, 100, 1);
    wait_replica_serves(p);
    /* a connection held across the stop fails with a connection error and goes back broken */
    sc_conn *held = acquire(p, 1, 0);
    assert_int_equal(sc_conn_is_replica(held), 1);
    assert_int_equal(script("stop-replica"), 0);
    assert_int_equal(sc_conn_exec(held, "SELECT 1"), SC_ECONNECTION);
    sc_pool_release(p, held);
    /* reads go on, on the primary; the replica is out */
    for (int i = 0; i < 10; i++) {
        sc_conn *r = acquire(p, 1, 0);
        assert_int_equal(sc_conn_is_replica(r), 0);
        assert_true(query_int(r, "SELECT count(*) FROM kv") > 0);
        sc_pool_release(p, r);
    }
    sc_pool_host_stats hs;
    sc_pool_host_stats_get(&hs, p, 1);
    assert_int_equal(hs.up, 0);
    assert_true(hs.failures > 0);
    assert_int_equal(script("start-replica"), 0);
    wait_replica_serves(p);
    sc_pool_host_stats_get(&hs, p, 1);
    assert_int_equal(hs.up, 1);
    sc_pool_free(p);
}

/* ---- failover ---- */

enum { MAX_IDS = 100000 };
static sc_pool *g_fpool;
static atomic_int g_next_id, g_stop, g_acked_after;
static atomic_int g_promoted;
static unsigned char g_outcome[MAX_IDS]; /* 0 not tried, 1 acked, 2 failed, 3 unknown */
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;
static char g_other[SC_ERROR_MESSAGE_SIZE + 32];

static int insert_id(sc_conn *c, void *payload)
{
    sc_stmt *st;
    int rc = sc_stmt_prepare(&st, c, "INSERT INTO ledger (id) VALUES ($1)");
    if (rc != SC_OK)
        return rc;
    sc_stmt_bind_int64(st, 1, *(int *)payload);
    rc = sc_stmt_exec(st);
    sc_stmt_release(st);
    return rc;
}

static void *failover_worker(void *arg)
{
    (void)arg;
    while (!atomic_load(&g_stop)) {
        int id = atomic_fetch_add(&g_next_id, 1);
        if (id >= MAX_IDS)
            break;
        sc_retry_options ro = SC_RETRY_OPTIONS_INIT;
        sc_error err = SC_ERROR_INIT;
        int rc = sc_pool_run(g_fpool, &ro, insert_id, &id, &err);
        pthread_mutex_lock(&g_mu);
        if (rc == SC_OK) {
            g_outcome[id] = 1;
            if (atomic_load(&g_promoted))
                atomic_fetch_add(&g_acked_after, 1);
        } else if (rc == SC_ECOMMITUNKNOWN) {
            g_outcome[id] = 3;
        } else {
            g_outcome[id] = 2;
            if (rc != SC_ECONNECTION && rc != SC_ETIMEOUT)
                snprintf(g_other, sizeof g_other, "%d %s", rc, err.message);
        }
        pthread_mutex_unlock(&g_mu);
        if (rc != SC_OK)
            sleep_ms(20);
    }
    return NULL;
}

static int upsert_fixed(sc_conn *c, void *payload)
{
    (void)payload;
    return sc_conn_exec(c, "INSERT INTO ledger (id) VALUES (-1) ON CONFLICT DO NOTHING");
}

static void test_failover(void **state)
{
    (void)state;
    char multi[600];
    const char *pport = strrchr(g_primary, ':'), *rport = strrchr(g_replica, ':');
    snprintf(multi, sizeof multi,
             "postgresql://postgres@127.0.0.1%.*s,127.0.0.1%.*s/postgres?target_session_attrs=read-write",
             (int)(strchr(pport, '/') - pport), pport, (int)(strchr(rport, '/') - rport), rport);
    sc_pool_options o = SC_POOL_OPTIONS_INIT;
    o.max_size = 4;
    o.acquire_timeout_ms = 20000;
    o.validate_idle_ms = 0;
    o.wait_for_server = 1;
    o.conn.pg_connect_timeout_s = 2;
    sc_error err = SC_ERROR_INIT;
    assert_int_equal(sc_pool_create(&g_fpool, multi, &o, &err), SC_OK);
    sc_conn *c = NULL;
    assert_int_equal(sc_pool_acquire(&c, g_fpool, &err), SC_OK);
    exec_ok(c, "CREATE TABLE ledger (id int PRIMARY KEY)");
    sc_pool_release(g_fpool, c);
    /* two connections held across the failover, for sc_tx_run's idempotent retry */
    sc_conn *keep_idem, *keep_plain;
    sc_conn_options co = SC_CONN_OPTIONS_INIT;
    co.pg_connect_timeout_s = 2;
    assert_int_equal(sc_conn_open(&keep_idem, multi, &co, &err), SC_OK);
    assert_int_equal(sc_conn_open(&keep_plain, multi, &co, &err), SC_OK);

    enum { WORKERS = 3 };
    pthread_t t[WORKERS];
    for (int i = 0; i < WORKERS; i++)
        pthread_create(&t[i], NULL, failover_worker, NULL);
    while (atomic_load(&g_next_id) < 60)
        sleep_ms(20);
    assert_int_equal(script("stop-primary"), 0);
    sleep_ms(300);
    assert_int_equal(script("promote"), 0);
    atomic_store(&g_promoted, 1);
    for (int i = 0; i < 600 && atomic_load(&g_acked_after) < 30; i++)
        sleep_ms(50);
    atomic_store(&g_stop, 1);
    for (int i = 0; i < WORKERS; i++)
        pthread_join(t[i], NULL);
    if (g_other[0])
        fail_msg("unexpected failure: %s", g_other);
    assert_true(atomic_load(&g_acked_after) >= 30);

    /* idempotent: reconnects to the promoted primary and runs again; plain: the error */
    sc_retry_options ro = SC_RETRY_OPTIONS_INIT;
    ro.max_attempts = 20;
    ro.max_delay_us = 500000;
    assert_int_equal(sc_tx_run(keep_plain, &ro, upsert_fixed, NULL), SC_ECONNECTION);
    ro.idempotent = 1;
    int rc = sc_tx_run(keep_idem, &ro, upsert_fixed, NULL);
    if (rc != SC_OK)
        fail_msg("idempotent run: %s", sc_conn_error(keep_idem)->message);
    sc_conn_close(keep_idem);
    sc_conn_close(keep_plain);

    /* every acknowledged commit is there; nothing reported as failed is */
    assert_int_equal(sc_pool_acquire(&c, g_fpool, &err), SC_OK);
    assert_int_equal(query_int(c, "SELECT pg_is_in_recovery()::int"), 0);
    int acked = 0, failed = 0, unknown = 0;
    int n = atomic_load(&g_next_id);
    for (int id = 0; id < n && id < MAX_IDS; id++) {
        if (!g_outcome[id])
            continue;
        char sql[96];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM ledger WHERE id = %d", id);
        int64_t there = query_int(c, sql);
        if (g_outcome[id] == 1) {
            acked++;
            if (there != 1)
                fail_msg("acknowledged id %d is missing after the failover", id);
        } else if (g_outcome[id] == 2) {
            failed++;
            if (there != 0)
                fail_msg("id %d was reported failed but is committed (a phantom commit)", id);
        } else {
            unknown++;
        }
    }
    assert_int_equal(query_int(c, "SELECT count(*) FROM ledger WHERE id = -1"), 1);
    sc_pool_release(g_fpool, c);
    sc_pool_free(g_fpool);
    print_message("failover: %d acknowledged, %d failed, %d unknown\n", acked, failed, unknown);
    assert_true(acked >= 90);
}

int main(void)
{
    snprintf(g_state, sizeof g_state, "%s/replica_%ld", testutil_tmp_dir(), (long)getpid());
    if (script("start") != 0) {
        fprintf(stderr, "cannot start a primary and a replica\n");
        script("stop");
        return 1;
    }
    g_started = 1;
    read_line("primary_url", g_primary, sizeof g_primary);
    read_line("replica_url", g_replica, sizeof g_replica);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_routing),
        cmocka_unit_test(test_read_only_tx),
        cmocka_unit_test(test_read_your_writes),
        cmocka_unit_test(test_lag_skip),
        cmocka_unit_test(test_replica_restart),
        cmocka_unit_test(test_failover),
    };
    int failed = cmocka_run_group_tests_name("replica", tests, NULL, NULL);
    script("stop");
    return failed ? 1 : 0;
}
