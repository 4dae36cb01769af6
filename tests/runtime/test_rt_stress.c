/*
 * test_rt_stress.c - N threads x M operations through a smaller pool.
 *
 *   lost update: every thread increments one row with optimistic locking
 *                (read value and version, write value + 1 where the version
 *                still matches, retry on SC_ECONFLICT); the final value must
 *                be exactly N x M.
 *   transfers:   every operation moves money between two accounts inside
 *                sc_tx_run (SERIALIZABLE on PostgreSQL, deferred on SQLite,
 *                so serialization failures, deadlocks and BUSY_SNAPSHOT
 *                happen and are retried); the total must not change and
 *                every operation must leave exactly one log row.
 *
 * Usage: test_rt_stress sqlite|pg THREADS OPS POOL. The same source is built
 * with -fsanitize=thread as test_rt_stress_tsan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rt_test.h"

static int g_pg;
static long g_threads = 4, g_ops = 20, g_pool_size = 2;
static char g_url[600];
static char g_db[128];
static sc_pool *g_pool;

enum { ACCOUNTS = 8, START_BALANCE = 1000 };

typedef struct worker {
    int id;
    int failures;       /* unexpected errors: must stay 0 */
    int retries;        /* conflicts / busy seen and retried */
    char last_error[SC_ERROR_MESSAGE_SIZE + 64];
    unsigned seed;
} worker;

static void note_failure(worker *w, int rc, const sc_conn *c)
{
    w->failures++;
    snprintf(w->last_error, sizeof w->last_error, "%s: %s", sc_strerror(rc),
             c ? sc_conn_error(c)->message : "");
}

/* One optimistic increment; returns SC_OK, SC_ECONFLICT/SC_EBUSY to retry, or an error. */
static int increment_once(sc_conn *c)
{
    sc_stmt *st;
    int rc = sc_stmt_prepare2(&st, c, "SELECT \"value\", \"version\" FROM counter WHERE id = 1",
                              "SELECT \"value\", \"version\" FROM counter WHERE id = 1");
    if (rc != SC_OK)
        return rc;
    rc = sc_stmt_step_one(st);
    int64_t value = 0;
    int32_t version = 0;
    if (rc == SC_ROW) {
        sc_stmt_column_int64(&value, st, 0);
        rc = sc_stmt_column_int32(&version, st, 1);
    }
    sc_stmt_release(st);
    if (rc != SC_OK)
        return rc;
    rc = sc_stmt_prepare2(&st, c,
                          "UPDATE counter SET \"value\" = ?1, \"version\" = \"version\" + 1"
                          " WHERE id = 1 AND \"version\" = ?2",
                          "UPDATE counter SET \"value\" = $1, \"version\" = \"version\" + 1"
                          " WHERE id = 1 AND \"version\" = $2");
    if (rc != SC_OK)
        return rc;
    sc_stmt_bind_int64(st, 1, value + 1);
    sc_stmt_bind_int32(st, 2, version);
    rc = sc_stmt_step_versioned(st);
    sc_stmt_release(st);
    return rc;
}

static void *lost_update_worker(void *p)
{
    worker *w = p;
    for (long i = 0; i < g_ops; i++) {
        for (;;) {
            sc_conn *c;
            sc_error err = SC_ERROR_INIT;
            int rc = sc_pool_acquire_timeout(&c, g_pool, 30000, &err);
            if (rc != SC_OK) {
                w->failures++;
                snprintf(w->last_error, sizeof w->last_error, "acquire: %s", err.message);
                return NULL;
            }
            rc = increment_once(c);
            if (rc != SC_OK && rc != SC_ECONFLICT && rc != SC_EBUSY)
                note_failure(w, rc, c);
            sc_pool_release(g_pool, c);
            if (rc == SC_OK)
                break;
            if (rc != SC_ECONFLICT && rc != SC_EBUSY)
                return NULL;
            w->retries++;
        }
    }
    return NULL;
}

typedef struct transfer {
    worker *w;
    int from, to, amount;
    int attempts;
} transfer;

static int read_balance(sc_conn *c, int id, int64_t *out)
{
    /* call sites shared by every thread: numbered once, under TSan in the tsan run */
    static sc_stmt_site site = SC_STMT_SITE("SELECT balance FROM account WHERE id = ?1",
                                            "SELECT balance FROM account WHERE id = $1");
    sc_stmt *st;
    int rc = sc_stmt_prepare_site(&st, c, &site);
    if (rc != SC_OK)
        return rc;
    sc_stmt_bind_int32(st, 1, id);
    rc = sc_stmt_step_one(st);
    if (rc == SC_ROW)
        rc = sc_stmt_column_int64(out, st, 0);
    sc_stmt_release(st);
    return rc;
}

static int write_balance(sc_conn *c, int id, int64_t balance)
{
    static sc_stmt_site site = SC_STMT_SITE("UPDATE account SET balance = ?1 WHERE id = ?2",
                                            "UPDATE account SET balance = $1 WHERE id = $2");
    sc_stmt *st;
    int rc = sc_stmt_prepare_site(&st, c, &site);
    if (rc != SC_OK)
        return rc;
    sc_stmt_bind_int64(st, 1, balance);
    sc_stmt_bind_int32(st, 2, id);
    rc = sc_stmt_exec(st);
    sc_stmt_release(st);
    return rc;
}

static int transfer_fn(sc_conn *c, void *payload)
{
    transfer *t = payload;
    t->attempts++;
    int64_t a, b;
    int rc = read_balance(c, t->from, &a);
    if (rc == SC_OK)
        rc = read_balance(c, t->to, &b);
    if (rc == SC_OK)
        rc = write_balance(c, t->from, a - t->amount);
    if (rc == SC_OK)
        rc = write_balance(c, t->to, b + t->amount);
    if (rc != SC_OK)
        return rc;
    sc_stmt *st;
    rc = sc_stmt_prepare2(&st, c, "INSERT INTO transfer_log (worker, amount) VALUES (?1, ?2)",
                          "INSERT INTO transfer_log (worker, amount) VALUES ($1, $2)");
    if (rc != SC_OK)
        return rc;
    sc_stmt_bind_int32(st, 1, t->w->id);
    sc_stmt_bind_int32(st, 2, t->amount);
    rc = sc_stmt_exec(st);
    sc_stmt_release(st);
    return rc;
}

static void *transfer_worker(void *p)
{
    worker *w = p;
    sc_retry_options ro = SC_RETRY_OPTIONS_INIT;
    ro.isolation = g_pg ? SC_TX_SERIALIZABLE : SC_TX_DEFAULT;
    ro.max_attempts = 1000;
    ro.base_delay_us = 200;
    ro.max_delay_us = 20000;
    for (long i = 0; i < g_ops; i++) {
        transfer t = { w, (int)(rand_r(&w->seed) % ACCOUNTS) + 1, 0,
                       (int)(rand_r(&w->seed) % 50) + 1, 0 };
        t.to = (t.from % ACCOUNTS) + 1;
        sc_conn *c;
        sc_error err = SC_ERROR_INIT;
        int rc = sc_pool_acquire_timeout(&c, g_pool, 30000, &err);
        if (rc != SC_OK) {
            w->failures++;
            snprintf(w->last_error, sizeof w->last_error, "acquire: %s", err.message);
            return NULL;
        }
        rc = sc_tx_run(c, &ro, transfer_fn, &t);
        if (rc != SC_OK)
            note_failure(w, rc, c);
        w->retries += t.attempts - 1;
        sc_pool_release(g_pool, c);
        if (rc != SC_OK)
            return NULL;
    }
    return NULL;
}

static void run_workers(void *(*fn)(void *), const char *what)
{
    pthread_t *t = calloc((size_t)g_threads, sizeof *t);
    worker *w = calloc((size_t)g_threads, sizeof *w);
    assert_non_null(t);
    assert_non_null(w);
    for (long i = 0; i < g_threads; i++) {
        w[i].id = (int)i;
        w[i].seed = (unsigned)(i * 7919 + 17);
        assert_int_equal(pthread_create(&t[i], NULL, fn, &w[i]), 0);
    }
    int failures = 0, retries = 0;
    for (long i = 0; i < g_threads; i++) {
        pthread_join(t[i], NULL);
        if (w[i].failures)
            fprintf(stderr, "%s worker %ld: %s\n", what, i, w[i].last_error);
        failures += w[i].failures;
        retries += w[i].retries;
    }
    fprintf(stderr, "%s: %ld threads x %ld ops, pool %ld, %d retries\n", what, g_threads, g_ops,
            g_pool_size, retries);
    free(t);
    free(w);
    assert_int_equal(failures, 0);
}

static int64_t query_int(sc_conn *c, const char *sql)
{
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare(&st, c, sql), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t v;
    assert_int_equal(sc_stmt_column_int64(&v, st, 0), SC_OK);
    sc_stmt_release(st);
    return v;
}

static int setup(void **state)
{
    (void)state;
    sc_conn *c;
    if (sc_conn_open(&c, g_url, NULL, NULL) != SC_OK)
        return -1;
    char sql[1024];
    int n = snprintf(sql, sizeof sql,
                     "DROP TABLE IF EXISTS counter; DROP TABLE IF EXISTS account;"
                     " DROP TABLE IF EXISTS transfer_log;"
                     "CREATE TABLE counter (id INTEGER PRIMARY KEY, \"value\" BIGINT NOT NULL,"
                     " \"version\" INTEGER NOT NULL);"
                     "INSERT INTO counter VALUES (1, 0, 0);"
                     "CREATE TABLE account (id INTEGER PRIMARY KEY, balance BIGINT NOT NULL);"
                     "CREATE TABLE transfer_log (id %s PRIMARY KEY, worker INTEGER NOT NULL,"
                     " amount INTEGER NOT NULL);",
                     g_pg ? "SERIAL" : "INTEGER");
    assert_true(n > 0 && (size_t)n < sizeof sql);
    int rc = sc_conn_exec(c, sql);
    for (int i = 1; rc == SC_OK && i <= ACCOUNTS; i++) {
        snprintf(sql, sizeof sql, "INSERT INTO account VALUES (%d, %d)", i, START_BALANCE);
        rc = sc_conn_exec(c, sql);
    }
    sc_conn_close(c);
    if (rc != SC_OK)
        return -1;
    sc_pool_options o = SC_POOL_OPTIONS_INIT;
    o.max_size = (unsigned)g_pool_size;
    return sc_pool_create(&g_pool, g_url, &o, NULL) == SC_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sc_pool_free(g_pool);
    g_pool = NULL;
    return 0;
}

static void test_lost_update(void **state)
{
    (void)state;
    run_workers(lost_update_worker, "lost update");
    sc_conn *c;
    assert_int_equal(sc_pool_acquire(&c, g_pool, NULL), SC_OK);
    assert_true(query_int(c, "SELECT \"value\" FROM counter WHERE id = 1") == g_threads * g_ops);
    assert_true(query_int(c, "SELECT \"version\" FROM counter WHERE id = 1") == g_threads * g_ops);
    sc_pool_release(g_pool, c);
    sc_pool_stats s;
    sc_pool_stats_get(&s, g_pool);
    assert_true(s.created <= (uint64_t)g_pool_size);
    assert_int_equal(s.in_use, 0);
    assert_int_equal(s.waiting, 0);
}

static void test_transfers(void **state)
{
    (void)state;
    run_workers(transfer_worker, "transfers");
    sc_conn *c;
    assert_int_equal(sc_pool_acquire(&c, g_pool, NULL), SC_OK);
    assert_true(query_int(c, "SELECT sum(balance) FROM account") == ACCOUNTS * START_BALANCE);
    assert_true(query_int(c, "SELECT count(*) FROM transfer_log") == g_threads * g_ops);
    sc_pool_release(g_pool, c);
}

int main(int argc, char **argv)
{
    g_pg = argc > 1 && strcmp(argv[1], "pg") == 0;
    if (argc > 2)
        g_threads = strtol(argv[2], NULL, 10);
    if (argc > 3)
        g_ops = strtol(argv[3], NULL, 10);
    if (argc > 4)
        g_pool_size = strtol(argv[4], NULL, 10);
    if (g_threads < 1 || g_ops < 1 || g_pool_size < 1)
        return 2;
    if (g_pg) {
        if (rt_pg_create_db(g_url, sizeof g_url, g_db, sizeof g_db, "rt_stress") != 0) {
            fprintf(stderr, "cannot create a test database on the fixture cluster\n");
            return 1;
        }
    } else {
        rt_sqlite_url(g_url, sizeof g_url, argc > 5 ? argv[5] : "stress");
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_lost_update, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transfers, setup, teardown),
    };
    int failed = cmocka_run_group_tests_name(g_pg ? "stress pg" : "stress sqlite", tests, NULL,
                                             NULL);
    if (g_pg)
        rt_pg_drop_db(g_db);
    return failed ? 1 : 0;
}
