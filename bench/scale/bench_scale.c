/*
 * bench_scale.c - what replica-aware routing and PgBouncer cost.
 *
 *   bench_scale PRIMARY_URL REPLICA_URL BOUNCER_URL [--ops N] [--threads T] [--tx N]
 *
 * 1. Acquire + release, no statement, N times on one thread: a plain pool;
 *    a pool with a replica, writes (primary); the same, read-only (replica,
 *    state cached for replica_check_ms = 1000); read-only with a check on
 *    every acquire (replica_check_ms = 0). Then the same with one
 *    "SELECT 1" per acquire, to set the overhead against a round trip.
 * 2. Throughput, T threads, each running N transactions (insert a row, read
 *    it back by id): direct with named statements; direct with
 *    pgbouncer=true (unnamed statements, no PgBouncer: the statement cost
 *    alone); through PgBouncer (transaction mode, two server connections).
 * Median of 3 runs each.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "schemac/schemac.h"

static int g_ops = 20000, g_threads = 4, g_tx = 1000;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static sc_pool *make_pool(const char *url, const char *replica, int64_t check_ms, unsigned size)
{
    const char *replicas[] = { replica, NULL };
    sc_pool_options o = SC_POOL_OPTIONS_INIT;
    o.max_size = size;
    o.validate_idle_ms = 60000;
    if (replica) {
        o.replicas = replicas;
        o.replica_check_ms = check_ms;
    }
    sc_pool *p = NULL;
    sc_error err = SC_ERROR_INIT;
    if (sc_pool_create(&p, url, &o, &err) != SC_OK) {
        fprintf(stderr, "pool: %s\n", err.message);
        exit(1);
    }
    return p;
}

static int select1(sc_conn *c)
{
    sc_stmt *st;
    int rc = sc_stmt_prepare(&st, c, "SELECT 1");
    if (rc == SC_OK) {
        rc = sc_stmt_step(st) == SC_ROW ? SC_OK : SC_ERROR;
        sc_stmt_release(st);
    }
    return rc;
}

/* Seconds for g_ops acquire/release pairs (with a SELECT 1 each when QUERY). */
static double acquire_loop(sc_pool *p, int read_only, int query)
{
    sc_acquire_options ao = SC_ACQUIRE_OPTIONS_INIT;
    ao.read_only = read_only;
    int ops = query ? g_ops / 4 : g_ops;
    double t0 = now_s();
    for (int i = 0; i < ops; i++) {
        sc_conn *c;
        if (sc_pool_acquire_with(&c, p, &ao, NULL) != SC_OK) {
            fprintf(stderr, "acquire failed\n");
            exit(1);
        }
        if (query && select1(c) != SC_OK) {
            fprintf(stderr, "SELECT 1 failed: %s\n", sc_conn_error(c)->message);
            exit(1);
        }
        sc_pool_release(p, c);
    }
    return (now_s() - t0) / ops;
}

static void bench_acquire(const char *primary, const char *replica, int query)
{
    struct {
        const char *name;
        const char *replica;
        int64_t check_ms;
        int read_only;
    } cases[] = {
        { "plain pool", NULL, 0, 0 },
        { "replica pool, write (primary)", replica, 1000, 0 },
        { "replica pool, read-only (replica)", replica, 1000, 1 },
        { "replica pool, read-only, check every acquire", replica, 0, 1 },
    };
    printf("\n## acquire + release%s (per operation, median of 3)\n\n",
           query ? " + SELECT 1" : "");
    printf("| case | time |\n|---|---|\n");
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        double runs[3];
        for (int r = 0; r < 3; r++) {
            sc_pool *p = make_pool(primary, cases[k].replica, cases[k].check_ms, 2);
            acquire_loop(p, cases[k].read_only, query); /* warm: connections open, statements cached */
            runs[r] = acquire_loop(p, cases[k].read_only, query);
            sc_pool_host_stats hs;
            if (cases[k].read_only && sc_pool_host_stats_get(&hs, p, 1) == SC_OK && hs.reads == 0) {
                fprintf(stderr, "%s: the replica served no read\n", cases[k].name);
                exit(1);
            }
            sc_pool_free(p);
        }
        qsort(runs, 3, sizeof runs[0], cmp_double);
        if (runs[1] < 1e-5)
            printf("| %s | %.0f ns |\n", cases[k].name, runs[1] * 1e9);
        else
            printf("| %s | %.1f µs |\n", cases[k].name, runs[1] * 1e6);
    }
}

typedef struct worker_arg {
    sc_pool *pool;
    int thread;
    int failures;
} worker_arg;

static int tx_body(sc_conn *c, void *payload)
{
    int *key = payload;
    sc_stmt *st;
    int rc = sc_stmt_prepare(&st, c, "INSERT INTO bench_item (k, body) VALUES ($1, $2) RETURNING id");
    if (rc != SC_OK)
        return rc;
    sc_stmt_bind_int64(st, 1, *key);
    sc_stmt_bind_text(st, 2, "a row of modest size for the benchmark", -1);
    int64_t id = 0;
    rc = sc_stmt_step(st);
    if (rc == SC_ROW)
        rc = sc_stmt_column_int64(&id, st, 0);
    sc_stmt_release(st);
    if (rc != SC_OK)
        return rc < 0 ? rc : SC_ERROR;
    rc = sc_stmt_prepare(&st, c, "SELECT k, body FROM bench_item WHERE id = $1");
    if (rc != SC_OK)
        return rc;
    sc_stmt_bind_int64(st, 1, id);
    rc = sc_stmt_step(st) == SC_ROW ? SC_OK : SC_ERROR;
    sc_stmt_release(st);
    return rc;
}

static void *worker(void *arg)
{
    worker_arg *w = arg;
    for (int i = 0; i < g_tx; i++) {
        sc_conn *c;
        if (sc_pool_acquire(&c, w->pool, NULL) != SC_OK) {
            w->failures++;
            continue;
        }
        int key = w->thread * 1000000 + i;
        if (sc_tx_run(c, NULL, tx_body, &key) != SC_OK)
            w->failures++;
        sc_pool_release(w->pool, c);
    }
    return NULL;
}

static double throughput(const char *url)
{
    sc_pool *p = make_pool(url, NULL, 0, (unsigned)g_threads);
    pthread_t t[64];
    worker_arg a[64];
    double t0 = now_s();
    for (int i = 0; i < g_threads; i++) {
        a[i] = (worker_arg){ p, i, 0 };
        pthread_create(&t[i], NULL, worker, &a[i]);
    }
    int failures = 0;
    for (int i = 0; i < g_threads; i++) {
        pthread_join(t[i], NULL);
        failures += a[i].failures;
    }
    double s = now_s() - t0;
    sc_pool_free(p);
    if (failures) {
        fprintf(stderr, "%s: %d transactions failed\n", url, failures);
        exit(1);
    }
    return (double)g_threads * g_tx / s;
}

static void with_param(char *out, size_t size, const char *url, const char *param)
{
    snprintf(out, size, "%s%s%s", url, strchr(url, '?') ? "&" : "?", param);
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_scale PRIMARY_URL REPLICA_URL BOUNCER_URL [--ops N] "
                        "[--threads T] [--tx N]\n");
        return 2;
    }
    const char *primary = argv[1], *replica = argv[2], *bouncer = argv[3];
    for (int i = 4; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--ops") == 0)
            g_ops = (int)strtol(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--threads") == 0)
            g_threads = (int)strtol(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--tx") == 0)
            g_tx = (int)strtol(argv[i + 1], NULL, 10);
    }
    if (g_threads < 1 || g_threads > 64 || g_ops < 4 || g_tx < 1)
        return 2;
    sc_conn *c;
    sc_error err = SC_ERROR_INIT;
    if (sc_conn_open(&c, primary, NULL, &err) != SC_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    sc_conn_exec(c, "CREATE TABLE IF NOT EXISTS bench_item (id bigserial PRIMARY KEY, k int, body text)");
    sc_conn_close(c);
    /* let the replica catch up with the table before routing reads to it */
    struct timespec ts = { 1, 0 };
    nanosleep(&ts, NULL);

    bench_acquire(primary, replica, 0);
    bench_acquire(primary, replica, 1);

    char direct_unnamed[600], bounced[600];
    with_param(direct_unnamed, sizeof direct_unnamed, primary, "pgbouncer=true");
    with_param(bounced, sizeof bounced, bouncer, "pgbouncer=true");
    struct {
        const char *name;
        const char *url;
    } cases[] = {
        { "direct, named statements", primary },
        { "direct, pgbouncer=true (unnamed)", direct_unnamed },
        { "through PgBouncer (2 server connections)", bounced },
    };
    printf("\n## throughput, %d threads x %d transactions (INSERT .. RETURNING + SELECT by id), "
           "median of 3\n\n| case | tx/s |\n|---|---|\n",
           g_threads, g_tx);
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        double runs[3];
        throughput(cases[k].url); /* warm */
        for (int r = 0; r < 3; r++)
            runs[r] = throughput(cases[k].url);
        qsort(runs, 3, sizeof runs[0], cmp_double);
        printf("| %s | %.0f (%.0f-%.0f) |\n", cases[k].name, runs[1], runs[0], runs[2]);
    }
    return 0;
}
