/*
 * bench_runtime.c - what libschemac costs on top of the drivers.
 *
 *   bench_runtime [POSTGRES_URL]
 *   bench_runtime --count N [POSTGRES_URL]
 *                                one untimed pass of each SQLite (and
 *                                PostgreSQL) loop, for valgrind
 *                                --tool=callgrind instruction counts
 *
 * Pool acquire+release (one thread, and 4 threads on a pool of 2), then a
 * prepared point select and an insert, each through the runtime and through
 * the same SQL prepared once and called directly on sqlite3 / libpq.
 * Runtime and direct runs are interleaved in rounds and the best round of
 * each is kept, so the ratio comes from one run on one machine state.
 *
 * The direct loops are what careful hand-written code does: bind every
 * parameter, step, read, sqlite3_reset (no sqlite3_clear_bindings, since
 * every parameter is bound again; the runtime skips it the same way), and
 * ask sqlite3_column_type before reading the nullable column, as the
 * runtime's typed read reports NULL. The runtime runs three ways: a
 * statement held across calls (prepared once, sc_stmt_reset after each
 * row, as the direct loop holds its own), taken from the cache by call site
 * each time (sc_stmt_prepare_site, what generated code does), and by SQL
 * text (sc_stmt_prepare). PostgreSQL figures are printed for text and
 * binary results.
 */
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "schemac/schemac.h"

enum { ROUNDS = 7, ROWS = 10000 };

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static void die(const char *what, const char *msg)
{
    fprintf(stderr, "bench_runtime: %s: %s\n", what, msg ? msg : "");
    exit(1);
}

/* ---- pool ---- */

static sc_pool *g_pool;
static long g_pool_iters;

static void *pool_worker(void *arg)
{
    (void)arg;
    for (long i = 0; i < g_pool_iters; i++) {
        sc_conn *c;
        if (sc_pool_acquire_timeout(&c, g_pool, 10000, NULL) != SC_OK)
            die("pool", "acquire failed");
        sc_pool_release(g_pool, c);
    }
    return NULL;
}

static void bench_pool(void)
{
    sc_pool_options o = SC_POOL_OPTIONS_INIT;
    o.max_size = 2;
    if (sc_pool_create(&g_pool, "sqlite::memory:", &o, NULL) != SC_OK)
        die("pool", "create");
    g_pool_iters = 200000;
    double t0 = now_ns();
    pool_worker(NULL);
    double single = (now_ns() - t0) / (double)g_pool_iters;

    enum { THREADS = 4 };
    pthread_t t[THREADS];
    g_pool_iters = 50000;
    t0 = now_ns();
    for (int i = 0; i < THREADS; i++)
        pthread_create(&t[i], NULL, pool_worker, NULL);
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    double contended = (now_ns() - t0) / (double)(g_pool_iters * THREADS);
    sc_pool_stats s;
    sc_pool_stats_get(&s, g_pool);
    printf("pool acquire+release, 1 thread:               %8.0f ns/op\n", single);
    printf("pool acquire+release, 4 threads on 2 conns:   %8.0f ns/op (wall / total ops)"
           "  created=%llu\n",
           contended, (unsigned long long)s.created);
    sc_pool_free(g_pool);
}

/* ---- a pair of timed loops, interleaved ---- */

typedef void (*loop_fn)(void *ctx, long n);

/* Run untimed before each timed loop, when set (the insert loops empty their table). */
static void (*g_before_loop)(void *ctx);

static double timed(loop_fn fn, void *ctx, long n)
{
    if (g_before_loop)
        g_before_loop(ctx);
    double t0 = now_ns();
    fn(ctx, n);
    return now_ns() - t0;
}

static void compare(const char *name, loop_fn runtime, loop_fn direct, void *ctx, long n)
{
    double best_rt = 1e30, best_direct = 1e30;
    runtime(ctx, n / 10); /* warm up caches and the statement cache */
    direct(ctx, n / 10);
    /* alternate which goes first, so neither always runs on a warmer machine */
    for (int r = 0; r < ROUNDS; r++) {
        double first = timed(r % 2 ? direct : runtime, ctx, n);
        double second = timed(r % 2 ? runtime : direct, ctx, n);
        double rt = r % 2 ? second : first;
        double dt = r % 2 ? first : second;
        if (rt < best_rt)
            best_rt = rt;
        if (dt < best_direct)
            best_direct = dt;
    }
    printf("%-44s runtime %8.0f ns  direct %8.0f ns  ratio %.3f\n", name, best_rt / (double)n,
           best_direct / (double)n, best_rt / best_direct);
}

/* ---- SQLite ---- */

typedef struct sq_ctx {
    sc_conn *conn;
    sqlite3 *db;
    sqlite3_stmt *sel, *ins;      /* direct */
    sc_stmt *rsel, *rins;         /* runtime, held across calls */
    long next_id;
} sq_ctx;

static const char *SQ_SELECT = "SELECT id, name, score FROM item WHERE id = ?1";
static const char *SQ_INSERT = "INSERT INTO log (item, note) VALUES (?1, ?2)";

static sc_stmt_site sq_select_site = SC_STMT_SITE("SELECT id, name, score FROM item WHERE id = ?1", NULL);
static sc_stmt_site sq_insert_site = SC_STMT_SITE("INSERT INTO log (item, note) VALUES (?1, ?2)", NULL);

/* One point select on a runtime statement: bind, step, three typed reads (score may be NULL). */
static inline int64_t sq_rt_select_one(sq_ctx *x, sc_stmt *st, long i)
{
    sc_stmt_bind_int64(st, 1, i % ROWS + 1);
    if (sc_stmt_step(st) != SC_ROW)
        die("step", sc_conn_error(x->conn)->message);
    int64_t id;
    const char *name;
    double score;
    sc_stmt_column_int64(&id, st, 0);
    sc_stmt_column_text(&name, NULL, st, 1);
    int has_score = sc_stmt_column_double(&score, st, 2) == SC_OK;
    return id + name[0] + (has_score && score > 1e9);
}

/* Held: prepared once, like the direct loop's statement; sc_stmt_reset after each row. */
static void sq_rt_select(void *p, long n)
{
    sq_ctx *x = p;
    int64_t sum = 0;
    for (long i = 0; i < n; i++) {
        sum += sq_rt_select_one(x, x->rsel, i);
        sc_stmt_reset(x->rsel);
    }
    if (sum == 42)
        puts("");
}

/* Cached: what generated code does, taking the statement from the cache by its call site each time. */
static void sq_rt_select_site(void *p, long n)
{
    sq_ctx *x = p;
    int64_t sum = 0;
    for (long i = 0; i < n; i++) {
        sc_stmt *st;
        if (sc_stmt_prepare_site(&st, x->conn, &sq_select_site) != SC_OK)
            die("prepare", sc_conn_error(x->conn)->message);
        sum += sq_rt_select_one(x, st, i);
        sc_stmt_release(st);
    }
    if (sum == 42)
        puts("");
}

/* Cached by SQL text (sc_stmt_prepare), for SQL that is not a fixed call site. */
static void sq_rt_select_text(void *p, long n)
{
    sq_ctx *x = p;
    int64_t sum = 0;
    for (long i = 0; i < n; i++) {
        sc_stmt *st;
        if (sc_stmt_prepare(&st, x->conn, SQ_SELECT) != SC_OK)
            die("prepare", sc_conn_error(x->conn)->message);
        sum += sq_rt_select_one(x, st, i);
        sc_stmt_release(st);
    }
    if (sum == 42)
        puts("");
}

static void sq_direct_select(void *p, long n)
{
    sq_ctx *x = p;
    int64_t sum = 0;
    for (long i = 0; i < n; i++) {
        sqlite3_stmt *s = x->sel;
        sqlite3_bind_int64(s, 1, i % ROWS + 1);
        if (sqlite3_step(s) != SQLITE_ROW)
            die("step", sqlite3_errmsg(x->db));
        int64_t id = sqlite3_column_int64(s, 0);
        const unsigned char *name = sqlite3_column_text(s, 1);
        /* score is nullable: hand-written code asks before reading */
        int has_score = sqlite3_column_type(s, 2) != SQLITE_NULL;
        double score = has_score ? sqlite3_column_double(s, 2) : 0;
        sum += id + name[0] + (has_score && score > 1e9);
        sqlite3_reset(s);
    }
    if (sum == 42)
        puts("");
}

/* The direct loop without the NULL check: what code that ignores NULL scores would do. */
static void sq_direct_select_unchecked(void *p, long n)
{
    sq_ctx *x = p;
    int64_t sum = 0;
    for (long i = 0; i < n; i++) {
        sqlite3_stmt *s = x->sel;
        sqlite3_bind_int64(s, 1, i % ROWS + 1);
        if (sqlite3_step(s) != SQLITE_ROW)
            die("step", sqlite3_errmsg(x->db));
        int64_t id = sqlite3_column_int64(s, 0);
        const unsigned char *name = sqlite3_column_text(s, 1);
        double score = sqlite3_column_double(s, 2);
        sum += id + name[0] + (score > 1e9);
        sqlite3_reset(s);
    }
    if (sum == 42)
        puts("");
}

static void sq_rt_insert_one(sq_ctx *x, sc_stmt *st, long i)
{
    sc_stmt_bind_int64(st, 1, i % ROWS + 1);
    sc_stmt_bind_text(st, 2, "hello, benchmark", -1);
    if (sc_stmt_step(st) != SC_DONE)
        die("insert", sc_conn_error(x->conn)->message);
}

static void sq_rt_insert(void *p, long n)
{
    sq_ctx *x = p;
    for (long i = 0; i < n; i++) {
        sq_rt_insert_one(x, x->rins, i);
        sc_stmt_reset(x->rins);
    }
}

static void sq_rt_insert_site(void *p, long n)
{
    sq_ctx *x = p;
    for (long i = 0; i < n; i++) {
        sc_stmt *st;
        if (sc_stmt_prepare_site(&st, x->conn, &sq_insert_site) != SC_OK)
            die("prepare", sc_conn_error(x->conn)->message);
        sq_rt_insert_one(x, st, i);
        sc_stmt_release(st);
    }
}

/* Every insert loop starts on an empty table, so no loop pays for a bigger one. */
static void sq_empty_log(void *p)
{
    sq_ctx *x = p;
    if (sqlite3_exec(x->db, "DELETE FROM log", NULL, NULL, NULL) != SQLITE_OK)
        die("sqlite delete", sqlite3_errmsg(x->db));
}

static void sq_direct_insert(void *p, long n)
{
    sq_ctx *x = p;
    for (long i = 0; i < n; i++) {
        sqlite3_stmt *s = x->ins;
        sqlite3_bind_int64(s, 1, i % ROWS + 1);
        sqlite3_bind_text(s, 2, "hello, benchmark", -1, SQLITE_TRANSIENT);
        if (sqlite3_step(s) != SQLITE_DONE)
            die("insert", sqlite3_errmsg(x->db));
        sqlite3_reset(s);
    }
}

/* 0: timed rounds; N > 0: one untimed pass of N ops per loop (callgrind) */
static long g_count;

static void bench_sqlite(void)
{
    sq_ctx x;
    memset(&x, 0, sizeof x);
    /* the direct calls use the runtime connection's own sqlite3 handle: same database, same settings */
    if (sc_conn_open(&x.conn, "sqlite::memory:", NULL, NULL) != SC_OK)
        die("sqlite", "sc_conn_open");
    x.db = sc_conn_handle(x.conn);
    char *sql = sqlite3_mprintf(
        "CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL);"
        "CREATE TABLE log (id INTEGER PRIMARY KEY, item INTEGER NOT NULL, note TEXT);"
        "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r LIMIT %d)"
        " INSERT INTO item SELECT i, 'item ' || i, i * 0.5 FROM r;",
        ROWS);
    if (sqlite3_exec(x.db, sql, NULL, NULL, NULL) != SQLITE_OK)
        die("sqlite schema", sqlite3_errmsg(x.db));
    sqlite3_free(sql);
    sqlite3_prepare_v3(x.db, SQ_SELECT, -1, SQLITE_PREPARE_PERSISTENT, &x.sel, NULL);
    sqlite3_prepare_v3(x.db, SQ_INSERT, -1, SQLITE_PREPARE_PERSISTENT, &x.ins, NULL);
    /*
     * The held statements are the same SQL with a trailing space: a statement
     * held in use would otherwise make every cached prepare of the same text
     * below build a second, uncached copy.
     */
    char held_sel[128], held_ins[128];
    snprintf(held_sel, sizeof held_sel, "%s ", SQ_SELECT);
    snprintf(held_ins, sizeof held_ins, "%s ", SQ_INSERT);
    if (sc_stmt_prepare(&x.rsel, x.conn, held_sel) != SC_OK ||
        sc_stmt_prepare(&x.rins, x.conn, held_ins) != SC_OK)
        die("prepare", sc_conn_error(x.conn)->message);
    if (g_count > 0) {
        /* warm the statement cache, then one pass each; callgrind attributes per function */
        sq_rt_select_site(&x, 10);
        sq_rt_select_text(&x, 10);
        sq_rt_insert_site(&x, 10);
        sq_rt_select(&x, g_count);
        sq_rt_select_site(&x, g_count);
        sq_rt_select_text(&x, g_count);
        sq_direct_select(&x, g_count);
        sq_direct_select_unchecked(&x, g_count);
        sq_rt_insert(&x, g_count);
        sq_rt_insert_site(&x, g_count);
        sq_direct_insert(&x, g_count);
    } else {
        compare("sqlite point select (memory), held", sq_rt_select, sq_direct_select, &x, 200000);
        compare("sqlite point select (memory), site cache", sq_rt_select_site, sq_direct_select,
                &x, 200000);
        compare("sqlite point select (memory), text cache", sq_rt_select_text, sq_direct_select,
                &x, 200000);
        compare("  site cache vs direct without NULL check", sq_rt_select_site,
                sq_direct_select_unchecked, &x, 200000);
        g_before_loop = sq_empty_log;
        compare("sqlite insert (memory), held", sq_rt_insert, sq_direct_insert, &x, 100000);
        compare("sqlite insert (memory), site cache", sq_rt_insert_site, sq_direct_insert, &x,
                100000);
        g_before_loop = NULL;
    }
    sc_stmt_release(x.rsel);
    sc_stmt_release(x.rins);
    sqlite3_finalize(x.sel);
    sqlite3_finalize(x.ins);
    sc_conn_close(x.conn);
}

/* ---- PostgreSQL ---- */

typedef struct pg_ctx {
    sc_conn *conn;
    PGconn *pg;
    int binary;
} pg_ctx;

static const char *PG_SELECT = "SELECT id, name, score FROM item WHERE id = $1";
static const char *PG_INSERT = "INSERT INTO log (item, note) VALUES ($1, $2)";

static void pg_rt_select(void *p, long n)
{
    pg_ctx *x = p;
    int64_t sum = 0;
    for (long i = 0; i < n; i++) {
        sc_stmt *st;
        if (sc_stmt_prepare(&st, x->conn, PG_SELECT) != SC_OK)
            die("prepare", sc_conn_error(x->conn)->message);
        sc_stmt_bind_int64(st, 1, i % ROWS + 1);
        if (sc_stmt_step(st) != SC_ROW)
            die("step", sc_conn_error(x->conn)->message);
        int64_t id;
        const char *name;
        double score;
        sc_stmt_column_int64(&id, st, 0);
        sc_stmt_column_text(&name, NULL, st, 1);
        sc_stmt_column_double(&score, st, 2);
        sum += id + name[0];
        sc_stmt_release(st);
    }
    if (sum == 42)
        puts("");
}

static uint64_t be64(const char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | (unsigned char)p[i];
    return v;
}

static void pg_direct_select(void *p, long n)
{
    pg_ctx *x = p;
    int64_t sum = 0;
    for (long i = 0; i < n; i++) {
        char buf[24];
        snprintf(buf, sizeof buf, "%ld", i % ROWS + 1);
        const char *vals[1] = { buf };
        PGresult *r = PQexecPrepared(x->pg, "bench_sel", 1, vals, NULL, NULL, x->binary);
        if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
            die("select", PQerrorMessage(x->pg));
        int64_t id;
        double score;
        if (x->binary) {
            id = (int64_t)be64(PQgetvalue(r, 0, 0));
            uint64_t u = be64(PQgetvalue(r, 0, 2));
            memcpy(&score, &u, sizeof score);
        } else {
            id = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
            score = strtod(PQgetvalue(r, 0, 2), NULL);
        }
        (void)score;
        sum += id + PQgetvalue(r, 0, 1)[0];
        PQclear(r);
    }
    if (sum == 42)
        puts("");
}

static void pg_rt_insert(void *p, long n)
{
    pg_ctx *x = p;
    for (long i = 0; i < n; i++) {
        sc_stmt *st;
        if (sc_stmt_prepare(&st, x->conn, PG_INSERT) != SC_OK)
            die("prepare", sc_conn_error(x->conn)->message);
        sc_stmt_bind_int64(st, 1, i % ROWS + 1);
        sc_stmt_bind_text(st, 2, "hello, benchmark", -1);
        if (sc_stmt_step(st) != SC_DONE)
            die("insert", sc_conn_error(x->conn)->message);
        sc_stmt_release(st);
    }
}

static void pg_direct_insert(void *p, long n)
{
    pg_ctx *x = p;
    for (long i = 0; i < n; i++) {
        char buf[24];
        snprintf(buf, sizeof buf, "%ld", i % ROWS + 1);
        const char *vals[2] = { buf, "hello, benchmark" };
        PGresult *r = PQexecPrepared(x->pg, "bench_ins", 2, vals, NULL, NULL, x->binary);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            die("insert", PQerrorMessage(x->pg));
        PQclear(r);
    }
}

/* Read a 1000-row result: where the result format's decoding cost shows. */
static void pg_rt_scan(void *p, long n)
{
    pg_ctx *x = p;
    int64_t sum = 0;
    for (long i = 0; i < n; i++) {
        sc_stmt *st;
        if (sc_stmt_prepare(&st, x->conn,
                            "SELECT id, name, score, now() AS at FROM item WHERE id <= 1000") != SC_OK)
            die("prepare", sc_conn_error(x->conn)->message);
        while (sc_stmt_step(st) == SC_ROW) {
            int64_t id;
            const char *name;
            double score;
            sc_timestamp at;
            sc_stmt_column_int64(&id, st, 0);
            sc_stmt_column_text(&name, NULL, st, 1);
            sc_stmt_column_double(&score, st, 2);
            sc_stmt_column_timestamp(&at, st, 3);
            sum += id + name[0] + (int64_t)score + (at & 1);
        }
        sc_stmt_release(st);
    }
    if (sum == 42)
        puts("");
}

static void bench_pg_formats(const char *url)
{
    pg_ctx text, bin;
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.pg_binary_results = 0;
    if (sc_conn_open(&text.conn, url, &o, NULL) != SC_OK)
        die("sc_conn_open", url);
    o.pg_binary_results = 1;
    if (sc_conn_open(&bin.conn, url, &o, NULL) != SC_OK)
        die("sc_conn_open", url);
    double best[2] = { 1e30, 1e30 };
    enum { N = 200 };
    pg_rt_scan(&text, 20);
    pg_rt_scan(&bin, 20);
    for (int r = 0; r < ROUNDS; r++) {
        for (int k = 0; k < 2; k++) {
            int which = (r + k) % 2;
            double t0 = now_ns();
            pg_rt_scan(which ? &bin : &text, N);
            double t = now_ns() - t0;
            if (t < best[which])
                best[which] = t;
        }
    }
    printf("%-44s text %8.0f ns  binary %8.0f ns  binary/text %.3f\n",
           "pg 1000-row scan via runtime (4 columns)", best[0] / N, best[1] / N, best[1] / best[0]);
    sc_conn_close(text.conn);
    sc_conn_close(bin.conn);
}

static void bench_pg(const char *url)
{
    pg_ctx x;
    memset(&x, 0, sizeof x);
    x.pg = PQconnectdb(url);
    if (PQstatus(x.pg) != CONNECTION_OK)
        die("libpq", PQerrorMessage(x.pg));
    PQclear(PQexec(x.pg, "SET client_min_messages = warning"));
    char sql[512];
    snprintf(sql, sizeof sql,
             "DROP TABLE IF EXISTS item, log;"
             "CREATE TABLE item (id BIGINT PRIMARY KEY, name TEXT NOT NULL, score FLOAT8);"
             "CREATE TABLE log (id BIGSERIAL PRIMARY KEY, item BIGINT NOT NULL, note TEXT);"
             "INSERT INTO item SELECT i, 'item ' || i, i * 0.5 FROM generate_series(1, %d) i;",
             ROWS);
    PQclear(PQexec(x.pg, sql));
    PQclear(PQprepare(x.pg, "bench_sel", PG_SELECT, 0, NULL));
    PQclear(PQprepare(x.pg, "bench_ins", PG_INSERT, 0, NULL));
    for (int binary = 0; binary <= 1; binary++) {
        sc_conn_options o = SC_CONN_OPTIONS_INIT;
        o.pg_binary_results = binary;
        x.binary = binary;
        if (sc_conn_open(&x.conn, url, &o, NULL) != SC_OK)
            die("sc_conn_open", url);
        if (g_count > 0) {
            /* client-side instructions: one untimed pass each, for callgrind */
            pg_rt_select(&x, 10);
            pg_rt_insert(&x, 10);
            pg_rt_select(&x, g_count);
            pg_direct_select(&x, g_count);
            pg_rt_insert(&x, g_count);
            pg_direct_insert(&x, g_count);
            sc_conn_close(x.conn);
            continue;
        }
        char name[64];
        snprintf(name, sizeof name, "pg point select (%s results)", binary ? "binary" : "text");
        compare(name, pg_rt_select, pg_direct_select, &x, 20000);
        snprintf(name, sizeof name, "pg insert (%s results)", binary ? "binary" : "text");
        compare(name, pg_rt_insert, pg_direct_insert, &x, 10000);
        sc_conn_close(x.conn);
    }
    if (g_count == 0)
        bench_pg_formats(url);
    PQfinish(x.pg);
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "--count") == 0) {
        g_count = strtol(argv[2], NULL, 10);
        if (g_count <= 0)
            die("--count", "expects a positive number");
        bench_sqlite();
        if (argc > 3)
            bench_pg(argv[3]);
        return 0;
    }
    bench_pool();
    bench_sqlite();
    if (argc > 1)
        bench_pg(argv[1]);
    else
        printf("(no PostgreSQL URL given: PostgreSQL figures skipped)\n");
    return 0;
}
