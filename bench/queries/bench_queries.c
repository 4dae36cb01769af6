/*
 * bench_queries.c - what a typed query costs against the best hand-written
 * code for the same result. The functions schemac generates from
 * queries.sql (a :one by key over a join, a :many join of LIMIT rows)
 * against the same SQL prepared once by hand with sqlite3 and libpq (binary
 * results, as the runtime asks for them), doing the same work: each row
 * into a struct of the same shape with malloc'd text, a :one row in its own
 * malloc'd block, the rows of a :many in one block sized by the LIMIT (as
 * the generated code sizes it), freed again.
 *
 *   bench_queries [N]          N operations per case (default 20000; a :many is one operation)
 *   bench_queries --count N    untimed: each case N times per side, for callgrind (SQLite; with
 *                              BENCH_PG_URL set, PostgreSQL only: the client's instructions);
 *                              one non-inlined function per operation and side
 *                              (hand_one, gen_one, hand_many, gen_many)
 *   BENCH_PG_URL=postgres://... also on PostgreSQL (drops and creates the tables)
 *
 * Each case runs in ROUNDS rounds, hand-written and generated alternating
 * (odd rounds start with the generated side);
 * each side keeps its fastest round. Output: ns per operation on both
 * sides and the ratio generated / hand-written.
 */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bq_queries.h"

#if defined(__GNUC__)
#define BENCH_NOINLINE __attribute__((noinline))
#else
#define BENCH_NOINLINE
#endif

enum { AUTHORS = 10, POSTS = 2000, LIMIT = 100, ROUNDS = 5 };

static const char ddl[] = "DROP TABLE IF EXISTS posts; DROP TABLE IF EXISTS authors;"
                          "CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                          "CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors (id),"
                          " title TEXT NOT NULL, views BIGINT NOT NULL);"
                          "CREATE INDEX posts_author_id_idx ON posts (author_id);";

/* The statements exactly as the generated code sends them. */
static const char *const sql_one[2] = {
    "SELECT p.id, p.title, p.views, a.name AS author FROM posts p JOIN authors a ON a.id = p.author_id WHERE p.id = ?1",
    "SELECT p.id, p.title, p.views, a.name AS author FROM posts p JOIN authors a ON a.id = p.author_id WHERE p.id = $1"};
static const char *const sql_many[2] = {
    "SELECT p.id, p.title, p.views, a.name AS author FROM posts p JOIN authors a ON a.id = p.author_id\n"
    "WHERE p.author_id = ?1 ORDER BY p.id LIMIT ?2",
    "SELECT p.id, p.title, p.views, a.name AS author FROM posts p JOIN authors a ON a.id = p.author_id\n"
    "WHERE p.author_id = $1 ORDER BY p.id LIMIT $2"};

/* The hand-written row: the shape of bq_post_by_id_row. */
typedef struct hand_row {
    int32_t id;
    char *title;
    int64_t views;
    char *author;
} hand_row;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *copy_text(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

static void hand_clear(hand_row *r)
{
    free(r->title);
    free(r->author);
}

/* ---------------------------------------------------------------- SQLite, by hand */

static int lite_read(hand_row *r, sqlite3_stmt *st)
{
    r->id = sqlite3_column_int(st, 0);
    r->title = copy_text((const char *)sqlite3_column_text(st, 1), (size_t)sqlite3_column_bytes(st, 1));
    r->views = sqlite3_column_int64(st, 2);
    r->author = copy_text((const char *)sqlite3_column_text(st, 3), (size_t)sqlite3_column_bytes(st, 3));
    return r->title && r->author ? 0 : -1;
}

static BENCH_NOINLINE int hand_one(sqlite3_stmt *st, int id, long *sum)
{
    sqlite3_bind_int(st, 1, id);
    int ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok) {
        hand_row *r = malloc(sizeof *r);
        ok = r && lite_read(r, st) == 0;
        if (r) {
            *sum += r->views;
            hand_clear(r);
            free(r);
        }
    }
    sqlite3_reset(st);
    return ok ? 0 : -1;
}

static BENCH_NOINLINE int hand_many(sqlite3_stmt *st, int author, long *sum)
{
    sqlite3_bind_int(st, 1, author);
    sqlite3_bind_int64(st, 2, LIMIT);
    hand_row *rows = malloc(LIMIT * sizeof *rows);
    size_t n = 0;
    int rc;
    while (rows && n < LIMIT && (rc = sqlite3_step(st)) == SQLITE_ROW)
        if (lite_read(&rows[n++], st) != 0)
            return -1;
    sqlite3_reset(st);
    for (size_t i = 0; i < n; i++) {
        *sum += rows[i].views;
        hand_clear(&rows[i]);
    }
    free(rows);
    return n == LIMIT ? 0 : -1;
}

/* ---------------------------------------------------------------- generated */

static BENCH_NOINLINE int gen_one(sc_conn *conn, int id, long *sum)
{
    bq_post_by_id_row *r = NULL;
    int rc = bq_post_by_id(&r, conn, id);
    if (rc == SC_OK)
        *sum += r->views;
    bq_post_by_id_row_free(r);
    return rc;
}

static BENCH_NOINLINE int gen_many(sc_conn *conn, int author, long *sum)
{
    bq_posts_of_author_row_list l = {NULL, 0};
    int rc = bq_posts_of_author(&l, conn, author, LIMIT);
    for (size_t i = 0; i < l.count; i++)
        *sum += l.items[i].views;
    size_t n = l.count;
    bq_posts_of_author_row_list_free(&l);
    return rc == SC_OK && n == LIMIT ? 0 : -1;
}

/* ---------------------------------------------------------------- PostgreSQL, by hand */

static uint64_t be(const char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = (v << 8) | (unsigned char)p[i];
    return v;
}

static int pg_read(hand_row *r, const PGresult *res, int row)
{
    r->id = (int32_t)be(PQgetvalue(res, row, 0), 4);
    r->title = copy_text(PQgetvalue(res, row, 1), (size_t)PQgetlength(res, row, 1));
    r->views = (int64_t)be(PQgetvalue(res, row, 2), 8);
    r->author = copy_text(PQgetvalue(res, row, 3), (size_t)PQgetlength(res, row, 3));
    return r->title && r->author ? 0 : -1;
}

static BENCH_NOINLINE int hand_pg_one(PGconn *pg, int id, long *sum)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%d", id);
    const char *vals[1] = {buf};
    PGresult *res = PQexecPrepared(pg, "one", 1, vals, NULL, NULL, 1);
    int ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
    if (ok) {
        hand_row *r = malloc(sizeof *r);
        ok = r && pg_read(r, res, 0) == 0;
        if (r) {
            *sum += r->views;
            hand_clear(r);
            free(r);
        }
    }
    PQclear(res);
    return ok ? 0 : -1;
}

static BENCH_NOINLINE int hand_pg_many(PGconn *pg, int author, long *sum)
{
    char a[16], l[16];
    snprintf(a, sizeof a, "%d", author);
    snprintf(l, sizeof l, "%d", LIMIT);
    const char *vals[2] = {a, l};
    PGresult *res = PQexecPrepared(pg, "many", 2, vals, NULL, NULL, 1);
    int n = PQresultStatus(res) == PGRES_TUPLES_OK ? PQntuples(res) : -1;
    hand_row *rows = n > 0 ? malloc((size_t)n * sizeof *rows) : NULL;
    for (int i = 0; rows && i < n; i++)
        pg_read(&rows[i], res, i);
    PQclear(res);
    for (int i = 0; rows && i < n; i++) {
        *sum += rows[i].views;
        hand_clear(&rows[i]);
    }
    free(rows);
    return n == LIMIT ? 0 : -1;
}

/* ---------------------------------------------------------------- driver */

static int fill(sc_conn *conn)
{
    int rc = sc_conn_exec(conn, ddl);
    if (rc == SC_OK)
        rc = sc_tx_begin(conn, SC_TX_DEFAULT);
    char sql[256];
    for (int i = 1; rc == SC_OK && i <= AUTHORS; i++) {
        snprintf(sql, sizeof sql, "INSERT INTO authors (id, name) VALUES (%d, 'author number %d')", i, i);
        rc = sc_conn_exec(conn, sql);
    }
    for (int i = 1; rc == SC_OK && i <= POSTS; i++) {
        snprintf(sql, sizeof sql, "INSERT INTO posts (id, author_id, title, views) VALUES (%d, %d, 'a post title number %d', %d)", i,
                 (i - 1) % AUTHORS + 1, i, i * 7);
        rc = sc_conn_exec(conn, sql);
    }
    return rc == SC_OK ? sc_tx_commit(conn) : rc;
}

typedef struct side {
    double best[2]; /* one, many: seconds of the fastest round */
} side;

static void report(const char *engine, const char *name, long ops, double hand, double gen)
{
    printf("%-10s %-6s %7ld ops  hand %9.0f ns  generated %9.0f ns  ratio %.3f\n", engine, name, ops, hand / ops * 1e9,
           gen / ops * 1e9, gen / hand);
}

static int run_sqlite(long n, bool count_only)
{
    sc_conn *conn = NULL;
    if (sc_conn_open(&conn, "sqlite::memory:", NULL, NULL) != SC_OK || fill(conn) != SC_OK)
        return 1;
    sqlite3 *db = sc_conn_handle(conn);
    sqlite3_stmt *one = NULL, *many = NULL;
    if (sqlite3_prepare_v3(db, sql_one[0], -1, SQLITE_PREPARE_PERSISTENT, &one, NULL) != SQLITE_OK ||
        sqlite3_prepare_v3(db, sql_many[0], -1, SQLITE_PREPARE_PERSISTENT, &many, NULL) != SQLITE_OK)
        return 1;
    long sum = 0, nmany = n / 20 > 0 ? n / 20 : 1;
    int bad = 0;
    if (count_only) {
        /* each case and side in a loop of its own (see run_pg) */
        for (long i = 0; i < n; i++)
            bad |= hand_one(one, (int)(i % POSTS) + 1, &sum);
        for (long i = 0; i < n; i++)
            bad |= gen_one(conn, (int)(i % POSTS) + 1, &sum);
        for (long i = 0; i < n; i++)
            bad |= hand_many(many, (int)(i % AUTHORS) + 1, &sum);
        for (long i = 0; i < n; i++)
            bad |= gen_many(conn, (int)(i % AUTHORS) + 1, &sum);
    } else {
        side h = {{1e9, 1e9}}, g = {{1e9, 1e9}};
        for (int round = 0; round < ROUNDS; round++) {
            for (int k = 0; k < 2; k++) {
                bool gen = (k == 0) == (round % 2 == 1);
                double t = now_s();
                for (long i = 0; i < n; i++)
                    bad |= gen ? gen_one(conn, (int)(i % POSTS) + 1, &sum) : hand_one(one, (int)(i % POSTS) + 1, &sum);
                double t1 = now_s();
                for (long i = 0; i < nmany; i++)
                    bad |= gen ? gen_many(conn, (int)(i % AUTHORS) + 1, &sum) : hand_many(many, (int)(i % AUTHORS) + 1, &sum);
                double t2 = now_s();
                side *x = gen ? &g : &h;
                if (t1 - t < x->best[0]) x->best[0] = t1 - t;
                if (t2 - t1 < x->best[1]) x->best[1] = t2 - t1;
            }
        }
        report("sqlite", ":one", n, h.best[0], g.best[0]);
        report("sqlite", ":many", nmany, h.best[1], g.best[1]);
    }
    sqlite3_finalize(one);
    sqlite3_finalize(many);
    sc_conn_close(conn);
    if (bad)
        fprintf(stderr, "bench_queries: a query failed\n");
    return bad ? 1 : 0;
}

static int run_pg(const char *url, long n, bool count_only)
{
    sc_conn *conn = NULL;
    if (sc_conn_open(&conn, url, NULL, NULL) != SC_OK || sc_conn_exec(conn, "SET client_min_messages = warning") != SC_OK ||
        fill(conn) != SC_OK) {
        fprintf(stderr, "bench_queries: PostgreSQL: %s\n", conn ? sc_conn_error(conn)->message : "cannot connect");
        return 1;
    }
    PGconn *pg = PQconnectdb(url);
    if (PQstatus(pg) != CONNECTION_OK)
        return 1;
    PQclear(PQprepare(pg, "one", sql_one[1], 0, NULL));
    PQclear(PQprepare(pg, "many", sql_many[1], 0, NULL));
    long sum = 0, nmany = n / 20 > 0 ? n / 20 : 1;
    int bad = 0;
    if (count_only) {
        /*
         * untimed, for callgrind: the client's instructions per call of each
         * side. Each case and side runs in a loop of its own, as in the timed
         * rounds: interleaved, one side's frees (200 strings of a :many) left
         * the allocator's fast bins full for the next side's libpq result,
         * whose large allocations then paid for consolidating them.
         */
        for (long i = 0; i < n; i++)
            bad |= hand_pg_one(pg, (int)(i % POSTS) + 1, &sum);
        for (long i = 0; i < n; i++)
            bad |= gen_one(conn, (int)(i % POSTS) + 1, &sum);
        for (long i = 0; i < n; i++)
            bad |= hand_pg_many(pg, (int)(i % AUTHORS) + 1, &sum);
        for (long i = 0; i < n; i++)
            bad |= gen_many(conn, (int)(i % AUTHORS) + 1, &sum);
        PQfinish(pg);
        sc_conn_close(conn);
        return bad ? 1 : 0;
    }
    side h = {{1e9, 1e9}}, g = {{1e9, 1e9}};
    for (int round = 0; round < ROUNDS; round++) {
        /* odd rounds run the generated side first, so neither side always follows the other */
        for (int k = 0; k < 2; k++) {
            bool gen = (k == 0) == (round % 2 == 1);
            double t = now_s();
            for (long i = 0; i < n; i++)
                bad |= gen ? gen_one(conn, (int)(i % POSTS) + 1, &sum) : hand_pg_one(pg, (int)(i % POSTS) + 1, &sum);
            double t1 = now_s();
            for (long i = 0; i < nmany; i++)
                bad |= gen ? gen_many(conn, (int)(i % AUTHORS) + 1, &sum) : hand_pg_many(pg, (int)(i % AUTHORS) + 1, &sum);
            double t2 = now_s();
            side *x = gen ? &g : &h;
            if (t1 - t < x->best[0]) x->best[0] = t1 - t;
            if (t2 - t1 < x->best[1]) x->best[1] = t2 - t1;
        }
    }
    report("postgresql", ":one", n, h.best[0], g.best[0]);
    report("postgresql", ":many", nmany, h.best[1], g.best[1]);
    PQfinish(pg);
    sc_conn_close(conn);
    if (bad)
        fprintf(stderr, "bench_queries: a query failed\n");
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    bool count_only = argc > 2 && strcmp(argv[1], "--count") == 0;
    long n = count_only ? strtol(argv[2], NULL, 10) : argc > 1 ? strtol(argv[1], NULL, 10) : 20000;
    if (n <= 0)
        n = 20000;
    const char *url = getenv("BENCH_PG_URL");
    /* --count with BENCH_PG_URL: PostgreSQL alone (the generated side's functions are the same as on SQLite) */
    if (count_only && url && *url)
        return run_pg(url, n, true);
    int rc = run_sqlite(n, count_only);
    if (rc == 0 && !count_only && url && *url)
        rc = run_pg(url, n / 4 > 0 ? n / 4 : 1, false);
    return rc;
}
