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
 * Each case runs in rounds (BENCH_ROUNDS, default 21 on SQLite and 41 on
 * PostgreSQL, whose round trips swing more), hand-written and generated
 * alternating (odd rounds start with the generated side). Output: ns per
 * operation of each side's fastest round and their ratio, and the median
 * (with the quartiles) of the ratio generated / hand-written taken within
 * each round: the two sides of a round run back to back, so a slow spell of
 * the machine weighs on both.
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

enum { AUTHORS = 10, POSTS = 2000, LIMIT = 100, MAX_ROUNDS = 1001 };

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

/* ---------------------------------------------------------------- SQLite, by hand */

/*
 * As an expert writes it: a :one row and its text in one allocation (the
 * text measured first); a :many's rows in one block sized by the LIMIT and
 * their text in one growing buffer, offsets kept while it grows and turned
 * into pointers at the end: two allocations per call, nothing copied twice.
 */
static BENCH_NOINLINE int hand_one(sqlite3_stmt *st, int id, long *sum)
{
    sqlite3_bind_int(st, 1, id);
    int ok = sqlite3_step(st) == SQLITE_ROW;
    if (ok) {
        const char *t = (const char *)sqlite3_column_text(st, 1);
        size_t tl = (size_t)sqlite3_column_bytes(st, 1);
        const char *a = (const char *)sqlite3_column_text(st, 3);
        size_t al = (size_t)sqlite3_column_bytes(st, 3);
        hand_row *r = malloc(sizeof *r + tl + al + 2);
        ok = r != NULL;
        if (r) {
            char *p = (char *)(r + 1);
            r->id = sqlite3_column_int(st, 0);
            r->views = sqlite3_column_int64(st, 2);
            r->title = memcpy(p, t, tl);
            p[tl] = '\0';
            r->author = memcpy(p + tl + 1, a, al);
            p[tl + 1 + al] = '\0';
            *sum += r->views;
            free(r);
        }
    }
    sqlite3_reset(st);
    return ok ? 0 : -1;
}

/* LEN bytes at S and a NUL onto *BUF (*USED of *CAP): the offset, or (size_t)-1. */
static size_t put_text(char **buf, size_t *used, size_t *cap, const char *s, size_t len)
{
    if (*used + len + 1 > *cap) {
        size_t ncap = *cap ? 2 * *cap : 4096;
        while (ncap < *used + len + 1)
            ncap *= 2;
        char *grown = realloc(*buf, ncap);
        if (!grown)
            return (size_t)-1;
        *buf = grown;
        *cap = ncap;
    }
    size_t at = *used;
    memcpy(*buf + at, s, len);
    (*buf)[at + len] = '\0';
    *used += len + 1;
    return at;
}

static BENCH_NOINLINE int hand_many(sqlite3_stmt *st, int author, long *sum)
{
    sqlite3_bind_int(st, 1, author);
    sqlite3_bind_int64(st, 2, LIMIT);
    hand_row *rows = malloc(LIMIT * sizeof *rows);
    size_t *at = malloc(LIMIT * 2 * sizeof *at);
    char *text = NULL;
    size_t used = 0, cap = 0, n = 0;
    int bad = !rows || !at;
    while (!bad && n < LIMIT && sqlite3_step(st) == SQLITE_ROW) {
        hand_row *r = &rows[n];
        r->id = sqlite3_column_int(st, 0);
        r->views = sqlite3_column_int64(st, 2);
        at[2 * n] = put_text(&text, &used, &cap, (const char *)sqlite3_column_text(st, 1), (size_t)sqlite3_column_bytes(st, 1));
        at[2 * n + 1] = put_text(&text, &used, &cap, (const char *)sqlite3_column_text(st, 3), (size_t)sqlite3_column_bytes(st, 3));
        bad = at[2 * n] == (size_t)-1 || at[2 * n + 1] == (size_t)-1;
        n++;
    }
    sqlite3_reset(st);
    for (size_t i = 0; !bad && i < n; i++) {
        rows[i].title = text + at[2 * i];
        rows[i].author = text + at[2 * i + 1];
        *sum += rows[i].views;
    }
    free(at);
    free(text);
    free(rows);
    return !bad && n == LIMIT ? 0 : -1;
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

/* Row ROW of RES into R, its text at *P (room measured by the caller), *P moved past it. */
static void pg_read(hand_row *r, const PGresult *res, int row, char **p)
{
    size_t tl = (size_t)PQgetlength(res, row, 1), al = (size_t)PQgetlength(res, row, 3);
    r->id = (int32_t)be(PQgetvalue(res, row, 0), 4);
    r->title = memcpy(*p, PQgetvalue(res, row, 1), tl);
    r->title[tl] = '\0';
    r->views = (int64_t)be(PQgetvalue(res, row, 2), 8);
    r->author = memcpy(*p + tl + 1, PQgetvalue(res, row, 3), al);
    r->author[al] = '\0';
    *p += tl + al + 2;
}

/* V's N low bytes at P, most significant first: an integer parameter in binary. */
static void put_be(char *p, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--, v >>= 8)
        p[i] = (char)(unsigned char)v;
}

/*
 * PQexecPrepared without its start: sent, then its result (and the end of
 * results) taken. PQexecPrepared first drains results of earlier commands,
 * which a program that always takes its results never has; skipping that is
 * about 150 instructions a call.
 */
static PGresult *exec_prepared(PGconn *pg, const char *name, int n, const char *const *vals, const int *lens, const int *fmts)
{
    if (!PQsendQueryPrepared(pg, name, n, vals, lens, fmts, 1))
        return NULL;
    PGresult *res = PQgetResult(pg), *r;
    while ((r = PQgetResult(pg))) {
        PQclear(res);
        res = r;
    }
    return res;
}

/*
 * As an expert writes it: integer parameters in binary (int4 and, for
 * LIMIT, int8: nothing formatted or parsed), the text of the result
 * measured, then rows and text in one allocation.
 */
static BENCH_NOINLINE int hand_pg_one(PGconn *pg, int id, long *sum)
{
    char buf[4];
    put_be(buf, (uint32_t)id, 4);
    const char *vals[1] = {buf};
    static const int lens[1] = {4}, fmts[1] = {1};
    PGresult *res = exec_prepared(pg, "one", 1, vals, lens, fmts);
    int ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
    if (ok) {
        hand_row *r = malloc(sizeof *r + (size_t)PQgetlength(res, 0, 1) + (size_t)PQgetlength(res, 0, 3) + 2);
        ok = r != NULL;
        if (r) {
            char *p = (char *)(r + 1);
            pg_read(r, res, 0, &p);
            *sum += r->views;
            free(r);
        }
    }
    PQclear(res);
    return ok ? 0 : -1;
}

static BENCH_NOINLINE int hand_pg_many(PGconn *pg, int author, long *sum)
{
    char a[4], l[8];
    put_be(a, (uint32_t)author, 4);
    put_be(l, (uint64_t)LIMIT, 8);
    const char *vals[2] = {a, l};
    static const int lens[2] = {4, 8}, fmts[2] = {1, 1};
    PGresult *res = exec_prepared(pg, "many", 2, vals, lens, fmts);
    int n = PQresultStatus(res) == PGRES_TUPLES_OK ? PQntuples(res) : -1;
    size_t text = 0;
    for (int i = 0; i < n; i++)
        text += (size_t)PQgetlength(res, i, 1) + (size_t)PQgetlength(res, i, 3) + 2;
    hand_row *rows = n > 0 ? malloc((size_t)n * sizeof *rows + text) : NULL;
    char *p = rows ? (char *)(rows + n) : NULL;
    for (int i = 0; rows && i < n; i++)
        pg_read(&rows[i], res, i, &p);
    PQclear(res);
    for (int i = 0; rows && i < n; i++)
        *sum += rows[i].views;
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

/* ratios[case][round]: generated / hand-written within the round */
static double ratios[2][MAX_ROUNDS];

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void report(const char *engine, const char *name, long ops, double hand, double gen, double *r, int rounds)
{
    qsort(r, (size_t)rounds, sizeof *r, cmp_double);
    printf("%-10s %-6s %7ld ops  hand %9.0f ns  generated %9.0f ns  ratio %.3f  median of %d rounds %.3f [%.3f-%.3f]\n",
           engine, name, ops, hand / ops * 1e9, gen / ops * 1e9, gen / hand, rounds, r[rounds / 2], r[rounds / 4],
           r[(3 * rounds) / 4]);
}

static int rounds_of(int fallback)
{
    const char *s = getenv("BENCH_ROUNDS");
    long r = s && *s ? strtol(s, NULL, 10) : fallback;
    return r < 1 ? 1 : r > MAX_ROUNDS ? MAX_ROUNDS : (int)r;
}

/* a round's two sides: the ratio of the generated side's time to the hand-written side's */
static void note_round(side *h, side *g, bool gen, int round, double t_one, double t_many, double *one_side)
{
    side *x = gen ? g : h;
    if (t_one < x->best[0]) x->best[0] = t_one;
    if (t_many < x->best[1]) x->best[1] = t_many;
    /* one_side[0..1]: the first side of the round; the second completes the pair */
    if (one_side[0] < 0) {
        one_side[0] = t_one;
        one_side[1] = t_many;
        return;
    }
    ratios[0][round] = gen ? t_one / one_side[0] : one_side[0] / t_one;
    ratios[1][round] = gen ? t_many / one_side[1] : one_side[1] / t_many;
    one_side[0] = one_side[1] = -1;
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
        double first[2] = {-1, -1};
        int rounds = rounds_of(21);
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < 2; k++) {
                bool gen = (k == 0) == (round % 2 == 1);
                double t = now_s();
                for (long i = 0; i < n; i++)
                    bad |= gen ? gen_one(conn, (int)(i % POSTS) + 1, &sum) : hand_one(one, (int)(i % POSTS) + 1, &sum);
                double t1 = now_s();
                for (long i = 0; i < nmany; i++)
                    bad |= gen ? gen_many(conn, (int)(i % AUTHORS) + 1, &sum) : hand_many(many, (int)(i % AUTHORS) + 1, &sum);
                double t2 = now_s();
                note_round(&h, &g, gen, round, t1 - t, t2 - t1, first);
            }
        }
        report("sqlite", ":one", n, h.best[0], g.best[0], ratios[0], rounds);
        report("sqlite", ":many", nmany, h.best[1], g.best[1], ratios[1], rounds);
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
    double first[2] = {-1, -1};
    int rounds = rounds_of(41);
    for (int round = 0; round < rounds; round++) {
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
            note_round(&h, &g, gen, round, t1 - t, t2 - t1, first);
        }
    }
    report("postgresql", ":one", n, h.best[0], g.best[0], ratios[0], rounds);
    report("postgresql", ":many", nmany, h.best[1], g.best[1], ratios[1], rounds);
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
