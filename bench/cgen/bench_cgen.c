/*
 * bench_cgen.c - what the generated layer costs: the generated create and
 * find_by_id of bench.prisma against the same statements written by hand
 * with sqlite3 (prepared once, bound, stepped) and libpq (PQprepare once,
 * PQexecPrepared). Prints one line per case: operations, total time, ns
 * per operation, and the ratio to the hand-written code.
 *
 *   bench_cgen [N]     N rows inserted, N lookups (default 20000)
 *   BENCH_PG_URL=postgres://...  also on PostgreSQL (creates table "Item")
 */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"

static const char ddl_sqlite[] =
    "CREATE TABLE \"Item\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \"name\" TEXT NOT NULL, "
    "\"qty\" INTEGER NOT NULL, \"note\" TEXT)";
static const char ddl_pg[] =
    "DROP TABLE IF EXISTS \"Item\"; CREATE TABLE \"Item\" (\"id\" SERIAL PRIMARY KEY, \"name\" TEXT NOT NULL, "
    "\"qty\" INTEGER NOT NULL, \"note\" TEXT)";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(const char *engine, const char *what, const char *impl, long n, double secs, double base)
{
    printf("%-10s %-8s %-12s %8ld ops %9.3f s %9.0f ns/op", engine, what, impl, n, secs, secs * 1e9 / (double)n);
    if (base > 0)
        printf("  x%.2f", secs / base);
    putchar('\n');
}

static int die(const char *what)
{
    fprintf(stderr, "bench_cgen: %s\n", what);
    return 1;
}

/* ---------------------------------------------------------------- hand-written SQLite */

static int hand_sqlite(long n, double *ins, double *find)
{
    sqlite3 *db = NULL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK || sqlite3_exec(db, ddl_sqlite, NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db, "INSERT INTO \"Item\" (\"name\", \"qty\", \"note\") VALUES (?1, ?2, ?3) RETURNING \"id\"", -1, &st,
                       NULL);
    double t = now_s();
    for (long i = 0; i < n; i++) {
        sqlite3_bind_text(st, 1, "widget", -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 2, (int)i);
        sqlite3_bind_null(st, 3);
        if (sqlite3_step(st) != SQLITE_ROW)
            return -1;
        sqlite3_reset(st);
    }
    *ins = now_s() - t;
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db, "SELECT \"id\", \"name\", \"qty\", \"note\" FROM \"Item\" WHERE \"id\" = ?1", -1, &st, NULL);
    long sum = 0;
    t = now_s();
    for (long i = 0; i < n; i++) {
        sqlite3_bind_int(st, 1, (int)(i % n) + 1);
        if (sqlite3_step(st) != SQLITE_ROW)
            return -1;
        /* Copy the text out, as the generated code does. */
        char *name = strdup((const char *)sqlite3_column_text(st, 1));
        sum += sqlite3_column_int(st, 2) + (long)strlen(name);
        free(name);
        sqlite3_reset(st);
    }
    *find = now_s() - t;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return sum > 0 ? 0 : -1;
}

/* ---------------------------------------------------------------- hand-written libpq */

static int hand_pg(const char *url, long n, double *ins, double *find)
{
    PGconn *pg = PQconnectdb(url);
    if (PQstatus(pg) != CONNECTION_OK)
        return -1;
    PQclear(PQexec(pg, ddl_pg));
    PQclear(PQprepare(pg, "ins", "INSERT INTO \"Item\" (\"name\", \"qty\", \"note\") VALUES ($1, $2, $3) RETURNING \"id\"", 3,
                      NULL));
    PQclear(PQprepare(pg, "find", "SELECT \"id\", \"name\", \"qty\", \"note\" FROM \"Item\" WHERE \"id\" = $1", 1, NULL));
    double t = now_s();
    for (long i = 0; i < n; i++) {
        char qty[24];
        snprintf(qty, sizeof qty, "%ld", i);
        const char *vals[3] = {"widget", qty, NULL};
        PGresult *r = PQexecPrepared(pg, "ins", 3, vals, NULL, NULL, 0);
        int ok = PQresultStatus(r) == PGRES_TUPLES_OK;
        PQclear(r);
        if (!ok)
            return -1;
    }
    *ins = now_s() - t;
    t = now_s();
    for (long i = 0; i < n; i++) {
        char id[24];
        snprintf(id, sizeof id, "%ld", i % n + 1);
        const char *vals[1] = {id};
        PGresult *r = PQexecPrepared(pg, "find", 1, vals, NULL, NULL, 0);
        int ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
        char *name = ok ? strdup(PQgetvalue(r, 0, 1)) : NULL;
        free(name);
        PQclear(r);
        if (!ok)
            return -1;
    }
    *find = now_s() - t;
    PQfinish(pg);
    return 0;
}

/* ---------------------------------------------------------------- generated */

static int generated(const char *url, const char *ddl, long n, double *ins, double *find)
{
    sc_conn *conn = NULL;
    if (sc_conn_open(&conn, url, NULL, NULL) != SC_OK || sc_conn_exec(conn, ddl) != SC_OK)
        return -1;
    bench_item row;
    bench_item_init(&row);
    row.name = "widget";
    double t = now_s();
    for (long i = 0; i < n; i++) {
        row.qty = (int32_t)i;
        bench_item *out = NULL;
        if (bench_item_create(&out, conn, &row) != SC_OK)
            return -1;
        bench_item_free(out);
    }
    *ins = now_s() - t;
    t = now_s();
    for (long i = 0; i < n; i++) {
        bench_item *out = NULL;
        if (bench_item_find_by_id(&out, conn, (int32_t)(i % n) + 1) != SC_OK)
            return -1;
        bench_item_free(out);
    }
    *find = now_s() - t;
    sc_conn_close(conn);
    return 0;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 20000;
    if (n <= 0)
        return die("N must be positive");
    double hi, hf, gi, gf;
    if (hand_sqlite(n, &hi, &hf) != 0)
        return die("hand-written sqlite3 failed");
    if (generated("sqlite::memory:", ddl_sqlite, n, &gi, &gf) != 0)
        return die("generated code on sqlite failed");
    report("sqlite", "create", "hand-written", n, hi, 0);
    report("sqlite", "create", "generated", n, gi, hi);
    report("sqlite", "find", "hand-written", n, hf, 0);
    report("sqlite", "find", "generated", n, gf, hf);

    const char *pg = getenv("BENCH_PG_URL");
    if (pg && *pg) {
        if (hand_pg(pg, n, &hi, &hf) != 0)
            return die("hand-written libpq failed");
        if (generated(pg, ddl_pg, n, &gi, &gf) != 0)
            return die("generated code on postgresql failed");
        report("postgresql", "create", "hand-written", n, hi, 0);
        report("postgresql", "create", "generated", n, gi, hi);
        report("postgresql", "find", "hand-written", n, hf, 0);
        report("postgresql", "find", "generated", n, gf, hf);
    }
    return 0;
}
