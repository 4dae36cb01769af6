/*
 * test_rt_pgbouncer.c - the runtime through PgBouncer in transaction pooling
 * mode (tests/support/pgbouncer.sh, started here on a free loopback port in
 * front of the fixture cluster, two server connections, stopped at the end).
 *
 * - named prepared statements break behind it (three clients, two server
 *   connections: two clients' "sc_1" meet on one server), unnamed ones
 *   (pgbouncer=true in the URL) do not;
 * - eight client threads share the two server connections: transactions
 *   through sc_tx_run, statements with parameters, reads of every type the
 *   runtime decodes, all correct, the session in UTC in every transaction
 *   (the database's own zone is another one);
 * - a statement timeout and sc_conn_cancel work through it.
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
static char g_direct[600];   /* the database, directly */
static char g_bounced[700];  /* through PgBouncer, pgbouncer=true */
static char g_named[700];    /* through PgBouncer, named statements */
static char g_db[128];

static int bouncer(const char *cmd)
{
    char line[1600];
    const char *urlfile = getenv("SCHEMAC_TEST_PG_URLFILE");
    snprintf(line, sizeof line, "%s/support/pgbouncer.sh %s %s %s 2 >/dev/null",
             testutil_data_dir(), cmd, g_state, strcmp(cmd, "start") == 0 && urlfile ? urlfile : "");
    return system(line);
}

static sc_conn *open_url(const char *url)
{
    sc_conn *c = NULL;
    sc_error err = SC_ERROR_INIT;
    if (sc_conn_open(&c, url, NULL, &err) != SC_OK)
        fail_msg("open %s: %s", url, err.message);
    return c;
}

static void test_named_statements_collide(void **state)
{
    (void)state;
    sc_conn *c[3];
    int failed = 0;
    for (int i = 0; i < 3; i++) {
        c[i] = open_url(g_named);
        char sql[32];
        snprintf(sql, sizeof sql, "SELECT %d", i + 1);
        sc_stmt *st;
        if (sc_stmt_prepare(&st, c[i], sql) != SC_OK)
            failed++;
        else
            sc_stmt_release(st);
    }
    /* three clients' "sc_1" on two server connections: at least one meets another's */
    assert_true(failed >= 1);
    for (int i = 0; i < 3; i++)
        sc_conn_close(c[i]);
    /* the same with pgbouncer=true: every one prepares and runs */
    for (int i = 0; i < 3; i++) {
        c[i] = open_url(g_bounced);
        char sql[32];
        snprintf(sql, sizeof sql, "SELECT %d", i + 1);
        sc_stmt *st;
        assert_int_equal(sc_stmt_prepare(&st, c[i], sql), SC_OK);
        assert_int_equal(sc_stmt_step(st), SC_ROW);
        int64_t v = 0;
        assert_int_equal(sc_stmt_column_int64(&v, st, 0), SC_OK);
        assert_int_equal(v, i + 1);
        sc_stmt_release(st);
    }
    for (int i = 0; i < 3; i++)
        sc_conn_close(c[i]);
}

enum { THREADS = 8, ROUNDS = 25 };
static sc_pool *g_pool;
static atomic_int g_errors;
static char g_first_error[SC_ERROR_MESSAGE_SIZE + 64];
static pthread_mutex_t g_mu = PTHREAD_MUTEX_INITIALIZER;

static void note_error(const char *what, sc_conn *c)
{
    pthread_mutex_lock(&g_mu);
    if (atomic_fetch_add(&g_errors, 1) == 0)
        snprintf(g_first_error, sizeof g_first_error, "%s: %s", what,
                 c ? sc_conn_error(c)->message : "");
    pthread_mutex_unlock(&g_mu);
}

typedef struct job {
    int thread;
    int round;
} job;

/* One transaction: insert, read it back with every column, bump a counter. */
static int work(sc_conn *c, void *payload)
{
    job *j = payload;
    sc_stmt *st;
    int rc = sc_stmt_prepare(&st, c,
                             "INSERT INTO items (thread, round, label, price, data, at) "
                             "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
    if (rc != SC_OK)
        return rc;
    char label[64];
    snprintf(label, sizeof label, "t%d-r%d 'quoted' \\ ü", j->thread, j->round);
    unsigned char blob[4] = { 0, 1, 2, (unsigned char)j->round };
    sc_stmt_bind_int64(st, 1, j->thread);
    sc_stmt_bind_int64(st, 2, j->round);
    sc_stmt_bind_text(st, 3, label, -1);
    sc_stmt_bind_double(st, 4, j->round + 0.25);
    sc_stmt_bind_blob(st, 5, blob, sizeof blob);
    sc_stmt_bind_timestamp(st, 6, INT64_C(1700000000000000) + j->round);
    rc = sc_stmt_step(st);
    int64_t id = 0;
    if (rc == SC_ROW)
        rc = sc_stmt_column_int64(&id, st, 0);
    sc_stmt_release(st);
    if (rc != SC_OK)
        return rc < 0 ? rc : SC_ERROR;
    rc = sc_stmt_prepare(&st, c,
                         "SELECT label, price, data, at, current_setting('TimeZone') FROM items "
                         "WHERE id = $1");
    if (rc != SC_OK)
        return rc;
    sc_stmt_bind_int64(st, 1, id);
    rc = sc_stmt_step(st);
    if (rc == SC_ROW) {
        const char *text = NULL, *tz = NULL;
        double price = 0;
        const void *data = NULL;
        size_t n = 0;
        int64_t at = 0;
        size_t tl = 0;
        sc_stmt_column_text(&text, &tl, st, 0);
        sc_stmt_column_double(&price, st, 1);
        sc_stmt_column_blob(&data, &n, st, 2);
        sc_stmt_column_timestamp(&at, st, 3);
        sc_stmt_column_text(&tz, &tl, st, 4);
        rc = (text && strcmp(text, label) == 0 && price == j->round + 0.25 && n == 4 &&
              memcmp(data, blob, 4) == 0 && at == INT64_C(1700000000000000) + j->round && tz &&
              strcmp(tz, "UTC") == 0)
                 ? SC_OK
                 : SC_ERROR;
        if (rc != SC_OK) {
            char m[512];
            snprintf(m, sizeof m, "a value did not come back as written: %s %g %zu %lld %s",
                     text ? text : "(null)", price, n, (long long)at, tz ? tz : "(null)");
            sc_conn_set_error(c, SC_ERROR, m);
        }
    } else if (rc == SC_DONE) {
        rc = sc_conn_set_error(c, SC_ERROR, "the row just inserted is not there");
    }
    sc_stmt_release(st);
    if (rc != SC_OK)
        return rc;
    rc = sc_stmt_prepare(&st, c, "UPDATE counters SET n = n + 1 WHERE thread = $1");
    if (rc != SC_OK)
        return rc;
    sc_stmt_bind_int64(st, 1, j->thread);
    rc = sc_stmt_exec(st);
    sc_stmt_release(st);
    return rc;
}

static void *client(void *arg)
{
    int t = (int)(intptr_t)arg;
    for (int r = 0; r < ROUNDS; r++) {
        sc_conn *c;
        sc_error err = SC_ERROR_INIT;
        if (sc_pool_acquire(&c, g_pool, &err) != SC_OK) {
            note_error("acquire", NULL);
            continue;
        }
        job j = { t, r };
        if (sc_tx_run(c, NULL, work, &j) != SC_OK)
            note_error("transaction", c);
        /* and a statement outside a transaction */
        sc_stmt *st;
        int64_t n = -1;
        if (sc_stmt_prepare(&st, c, "SELECT count(*) FROM items WHERE thread = $1") == SC_OK) {
            sc_stmt_bind_int64(st, 1, t);
            if (sc_stmt_step(st) == SC_ROW)
                sc_stmt_column_int64(&n, st, 0);
            sc_stmt_release(st);
        }
        if (n != r + 1)
            note_error("count", c);
        sc_pool_release(g_pool, c);
    }
    return NULL;
}

static void test_threads_share_servers(void **state)
{
    (void)state;
    sc_conn *d = open_url(g_direct);
    assert_int_equal(sc_conn_exec(d, "CREATE TABLE items (id serial PRIMARY KEY, thread int, "
                                     "round int, label text, price float8, data bytea, "
                                     "at timestamp(6))"),
                     SC_OK);
    assert_int_equal(sc_conn_exec(d, "CREATE TABLE counters (thread int PRIMARY KEY, n int)"),
                     SC_OK);
    assert_int_equal(sc_conn_exec(d, "INSERT INTO counters SELECT g, 0 FROM generate_series(0, 7) g"),
                     SC_OK);
    sc_pool_options o = SC_POOL_OPTIONS_INIT;
    o.max_size = THREADS;
    sc_error err = SC_ERROR_INIT;
    assert_int_equal(sc_pool_create(&g_pool, g_bounced, &o, &err), SC_OK);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, client, (void *)(intptr_t)i);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    sc_pool_stats s;
    sc_pool_stats_get(&s, g_pool);
    sc_pool_free(g_pool);
    if (atomic_load(&g_errors))
        fail_msg("%d errors, first: %s", atomic_load(&g_errors), g_first_error);
    assert_true(s.created > 2); /* more clients than server connections */
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare(&st, d, "SELECT sum(n)::bigint FROM counters"), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t total = 0;
    sc_stmt_column_int64(&total, st, 0);
    assert_int_equal(total, THREADS * ROUNDS);
    sc_stmt_release(st);
    /* the server side: at most two connections served this database */
    assert_int_equal(sc_stmt_prepare(&st, d,
                                     "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                     "current_database() AND pid <> pg_backend_pid()"),
                     SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t servers = 99;
    sc_stmt_column_int64(&servers, st, 0);
    assert_true(servers <= 2);
    sc_stmt_release(st);
    sc_conn_close(d);
}

static void *cancel_soon(void *p)
{
    struct timespec ts = { 0, 300 * 1000000L };
    nanosleep(&ts, NULL);
    sc_conn_cancel(p);
    return NULL;
}

static void test_timeout_and_cancel(void **state)
{
    (void)state;
    sc_conn *c = open_url(g_bounced);
    sc_conn_set_statement_timeout(c, 150);
    assert_int_equal(sc_conn_exec(c, "SELECT pg_sleep(10)"), SC_ESTMTTIMEOUT);
    sc_conn_set_statement_timeout(c, 0);
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT 7"), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    sc_stmt_release(st);
    pthread_t t;
    pthread_create(&t, NULL, cancel_soon, c);
    assert_int_equal(sc_conn_exec(c, "SELECT pg_sleep(10)"), SC_ECANCELED);
    pthread_join(t, NULL);
    assert_int_equal(sc_conn_exec(c, "SELECT 1"), SC_OK);
    sc_conn_close(c);
}

int main(void)
{
    if (rt_pg_create_db(g_direct, sizeof g_direct, g_db, sizeof g_db, "rt_bouncer") != 0) {
        fprintf(stderr, "cannot create a test database on the fixture cluster\n");
        return 1;
    }
    /*
     * The database's own zone is not UTC (set before any server connection
     * exists): the runtime's SET TIME ZONE must survive pooling.
     */
    sc_conn *d = NULL;
    char sql[256];
    snprintf(sql, sizeof sql, "ALTER DATABASE \"%s\" SET timezone = 'Europe/Paris'", g_db);
    if (sc_conn_open(&d, g_direct, NULL, NULL) != SC_OK || sc_conn_exec(d, sql) != SC_OK) {
        fprintf(stderr, "cannot set the database's time zone\n");
        sc_conn_close(d);
        rt_pg_drop_db(g_db);
        return 1;
    }
    sc_conn_close(d);
    snprintf(g_state, sizeof g_state, "%s/bouncer_%ld", testutil_tmp_dir(), (long)getpid());
    if (bouncer("start") != 0) {
        fprintf(stderr, "cannot start pgbouncer\n");
        bouncer("stop");
        rt_pg_drop_db(g_db);
        return 1;
    }
    char path[600], base[256] = "";
    snprintf(path, sizeof path, "%s/url", g_state);
    size_t n = 0;
    char *text = testutil_read_file(path, &n);
    if (text) {
        while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
            text[--n] = '\0';
        snprintf(base, sizeof base, "%s", text);
        free(text);
    }
    snprintf(g_bounced, sizeof g_bounced, "%s/%s?pgbouncer=true", base, g_db);
    snprintf(g_named, sizeof g_named, "%s/%s", base, g_db);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_named_statements_collide),
        cmocka_unit_test(test_threads_share_servers),
        cmocka_unit_test(test_timeout_and_cancel),
    };
    int failed = cmocka_run_group_tests_name("pgbouncer", tests, NULL, NULL);
    bouncer("stop");
    rmdir(g_state);
    rt_pg_drop_db(g_db);
    return failed ? 1 : 0;
}
