/*
 * test_rt_engine.c - statements, types, errors, transactions, optimistic
 * locking and the hook against a real engine. The same tests run on SQLite
 * (argument "sqlite") and PostgreSQL (argument "pg", text and binary
 * results), through SQL text per dialect as generated code does; each
 * engine also gets the failures only it can produce (busy, deadlock, ...).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h> /* sqlite3_memory_used: also when built with SC_NO_INLINE */

#include "rt_test.h"

static int g_pg;
static int g_binary;
static char g_url[600];
static char g_dbname[128];
static int g_hooked = 1;
static rt_events g_events = { PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, 0, 0, 0, "" };

static const char *schema_sqlite =
    "DROP TABLE IF EXISTS \"Pin\"; DROP TABLE IF EXISTS \"Post\"; DROP TABLE IF EXISTS \"User\";"
    "CREATE TABLE \"User\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,"
    " \"email\" TEXT NOT NULL, \"name\" TEXT, \"score\" REAL, \"active\" BOOLEAN NOT NULL DEFAULT 1,"
    " \"data\" BLOB, \"createdAt\" DATETIME, \"price\" DECIMAL, \"meta\" TEXT,"
    " \"version\" INTEGER NOT NULL DEFAULT 0, CONSTRAINT \"name\" CHECK (length(\"name\") > 1));"
    "CREATE UNIQUE INDEX \"User_email_key\" ON \"User\"(\"email\");"
    "CREATE TABLE \"Post\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"authorId\" INTEGER NOT NULL,"
    " CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY (\"authorId\") REFERENCES \"User\"(\"id\"));";

static const char *schema_pg =
    "DROP TABLE IF EXISTS \"Pin\"; DROP TABLE IF EXISTS \"Post\"; DROP TABLE IF EXISTS \"User\";"
    "CREATE TABLE \"User\" (\"id\" SERIAL NOT NULL, \"email\" TEXT NOT NULL, \"name\" TEXT,"
    " \"score\" DOUBLE PRECISION, \"active\" BOOLEAN NOT NULL DEFAULT true, \"data\" BYTEA,"
    " \"createdAt\" TIMESTAMP(3), \"price\" DECIMAL(10,2), \"meta\" JSONB,"
    " \"version\" INTEGER NOT NULL DEFAULT 0, CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"),"
    " CONSTRAINT \"name\" CHECK (length(\"name\") > 1));"
    "CREATE UNIQUE INDEX \"User_email_key\" ON \"User\"(\"email\");"
    "CREATE TABLE \"Post\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"authorId\" INTEGER NOT NULL,"
    " CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY (\"authorId\") REFERENCES \"User\"(\"id\"));";

#define INSERT_USER_SQLITE "INSERT INTO \"User\" (\"email\", \"name\") VALUES (?1, ?2) RETURNING \"id\""
#define INSERT_USER_PG "INSERT INTO \"User\" (\"email\", \"name\") VALUES ($1, $2) RETURNING \"id\""

static sc_conn *open_conn(void)
{
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.pg_binary_results = g_binary;
    /* without a hook SQLite statements take the inline fast paths; with one, the library's */
    if (g_hooked) {
        o.hook = rt_hook;
        o.hook_payload = &g_events;
    }
    sc_conn *c = NULL;
    sc_error err = SC_ERROR_INIT;
    int rc = sc_conn_open(&c, g_url, &o, &err);
    if (rc != SC_OK)
        fail_msg("open %s: %s", g_pg ? "pg" : "sqlite", err.message);
    return c;
}

static int setup(void **state)
{
    sc_conn *c = open_conn();
    if (sc_conn_exec(c, g_pg ? schema_pg : schema_sqlite) != SC_OK)
        fail_msg("schema: %s", sc_conn_error(c)->message);
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    sc_conn_close(*state);
    return 0;
}

static int64_t insert_user(sc_conn *c, const char *email, const char *name)
{
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare2(&st, c, INSERT_USER_SQLITE, INSERT_USER_PG), SC_OK);
    sc_stmt_bind_text(st, 1, email, -1);
    sc_stmt_bind_text(st, 2, name, -1);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t id;
    assert_int_equal(sc_stmt_column_int64(&id, st, 0), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_DONE);
    assert_true(sc_stmt_changes(st) == 1);
    sc_stmt_release(st);
    return id;
}

static void test_types(void **state)
{
    sc_conn *c = *state;
    sc_stmt *st;
    const unsigned char blob[] = { 0, 1, 2, 0xfe, 0xff, 'x' };
    sc_timestamp ts;
    sc_timestamp_from_parts(&ts, 2024, 5, 6, 7, 8, 9, 123000);
    assert_int_equal(
        sc_stmt_prepare2(&st, c,
                         "INSERT INTO \"User\" (\"email\", \"name\", \"score\", \"active\", \"data\","
                         " \"createdAt\", \"price\", \"meta\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                         "INSERT INTO \"User\" (\"email\", \"name\", \"score\", \"active\", \"data\","
                         " \"createdAt\", \"price\", \"meta\") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"),
        SC_OK);
    assert_int_equal(sc_stmt_param_count(st), 8);
    assert_int_equal(sc_stmt_bind_text(st, 1, "ada@example.com", -1), SC_OK);
    assert_int_equal(sc_stmt_bind_text(st, 2, "Ada Lovelace", 3), SC_OK); /* "Ada" */
    assert_int_equal(sc_stmt_bind_double(st, 3, 2.5), SC_OK);
    assert_int_equal(sc_stmt_bind_bool(st, 4, false), SC_OK);
    assert_int_equal(sc_stmt_bind_blob(st, 5, blob, sizeof blob), SC_OK);
    assert_int_equal(sc_stmt_bind_timestamp(st, 6, ts), SC_OK);
    assert_int_equal(sc_stmt_bind_decimal(st, 7, "12.50"), SC_OK);
    assert_int_equal(sc_stmt_bind_json(st, 8, "{\"a\": [1, 2]}"), SC_OK);
    assert_int_equal(sc_stmt_exec(st), SC_OK);
    assert_true(sc_stmt_changes(st) == 1);
    sc_stmt_release(st);

    /* a second row full of NULLs */
    assert_int_equal(sc_stmt_prepare2(&st, c,
                                      "INSERT INTO \"User\" (\"email\", \"name\") VALUES (?1, ?2)",
                                      "INSERT INTO \"User\" (\"email\", \"name\") VALUES ($1, $2)"),
                     SC_OK);
    sc_stmt_bind_text(st, 1, "nul@example.com", -1);
    sc_stmt_bind_null(st, 2);
    assert_int_equal(sc_stmt_exec(st), SC_OK);
    sc_stmt_release(st);

    assert_int_equal(
        sc_stmt_prepare(&st, c,
                        "SELECT \"id\", \"email\", \"name\", \"score\", \"active\", \"data\","
                        " \"createdAt\", \"price\", \"meta\", \"version\" FROM \"User\" ORDER BY \"id\""),
        SC_OK);
    assert_int_equal(sc_stmt_column_count(st), 10);
    assert_string_equal(sc_stmt_column_name(st, 1), "email");
    assert_null(sc_stmt_column_name(st, 10));
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int32_t id32;
    assert_int_equal(sc_stmt_column_int32(&id32, st, 0), SC_OK);
    assert_int_equal(id32, 1);
    const char *s;
    size_t n;
    assert_int_equal(sc_stmt_column_text(&s, &n, st, 1), SC_OK);
    assert_string_equal(s, "ada@example.com");
    assert_int_equal(n, 15);
    assert_int_equal(sc_stmt_column_text(&s, NULL, st, 2), SC_OK);
    assert_string_equal(s, "Ada");
    double d;
    assert_int_equal(sc_stmt_column_double(&d, st, 3), SC_OK);
    assert_true(d == 2.5);
    bool b = true;
    assert_int_equal(sc_stmt_column_bool(&b, st, 4), SC_OK);
    assert_false(b);
    const void *p;
    assert_int_equal(sc_stmt_column_blob(&p, &n, st, 5), SC_OK);
    assert_int_equal(n, sizeof blob);
    assert_memory_equal(p, blob, sizeof blob);
    sc_timestamp got;
    assert_int_equal(sc_stmt_column_timestamp(&got, st, 6), SC_OK);
    assert_true(got == ts);
    assert_int_equal(sc_stmt_column_text(&s, NULL, st, 7), SC_OK);
    assert_string_equal(s, g_pg ? "12.50" : "12.5");
    assert_int_equal(sc_stmt_column_text(&s, NULL, st, 8), SC_OK);
    assert_string_equal(s, "{\"a\": [1, 2]}");
    int64_t i64;
    assert_int_equal(sc_stmt_column_int64(&i64, st, 9), SC_OK);
    assert_true(i64 == 0);
    /* wrong-type and out-of-range reads */
    assert_int_equal(sc_stmt_column_int64(&i64, st, 1), SC_ETYPE);
    assert_int_equal(sc_conn_error(c)->code, SC_ETYPE);
    assert_int_equal(sc_stmt_column_bool(&b, st, 1), SC_ETYPE);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 42), SC_EINVAL);
    /* numbers read as text */
    assert_int_equal(sc_stmt_column_text(&s, NULL, st, 0), SC_OK);
    assert_string_equal(s, "1");

    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_true(sc_stmt_column_is_null(st, 2));
    assert_false(sc_stmt_column_is_null(st, 1));
    s = "x";
    assert_int_equal(sc_stmt_column_text(&s, &n, st, 2), SC_ENULL);
    assert_null(s);
    i64 = 7;
    assert_int_equal(sc_stmt_column_int64(&i64, st, 3), SC_ENULL);
    assert_true(i64 == 0);
    assert_int_equal(sc_stmt_column_timestamp(&got, st, 6), SC_ENULL);
    assert_int_equal(sc_stmt_column_blob(&p, &n, st, 5), SC_ENULL);
    assert_int_equal(sc_stmt_column_bool(&b, st, 4), SC_OK);
    assert_true(b);
    assert_int_equal(sc_stmt_step(st), SC_DONE);
    sc_stmt_release(st);

    /* int32 range and int64 extremes */
    assert_int_equal(sc_stmt_prepare2(&st, c, "SELECT ?1, ?2", "SELECT $1::bigint, $2::bigint"),
                     SC_OK);
    sc_stmt_bind_int64(st, 1, INT64_MAX);
    sc_stmt_bind_int64(st, 2, INT64_MIN);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 0), SC_OK);
    assert_true(i64 == INT64_MAX);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 1), SC_OK);
    assert_true(i64 == INT64_MIN);
    assert_int_equal(sc_stmt_column_int32(&id32, st, 0), SC_ERANGE);
    sc_stmt_release(st);
}

static void test_sqlite_time_formats(void **state)
{
    sc_conn *c = *state;
    if (g_pg)
        skip();
    sc_timestamp ts;
    sc_timestamp_from_parts(&ts, 2021, 1, 2, 3, 4, 5, 678000);
    sc_stmt *st;
    /* ISO text by default (Prisma 7), readable by SQLite's date functions */
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT ?1, typeof(?1), datetime(?1)"), SC_OK);
    sc_stmt_bind_timestamp(st, 1, ts);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    const char *s;
    sc_stmt_column_text(&s, NULL, st, 0);
    assert_string_equal(s, "2021-01-02T03:04:05.678Z");
    sc_stmt_column_text(&s, NULL, st, 2);
    assert_string_equal(s, "2021-01-02 03:04:05");
    sc_stmt_release(st);

    /* unixepoch-ms (Prisma's native engine) on request; both read back */
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.sqlite_time_format = SC_SQLITE_TIME_UNIXEPOCH_MS;
    sc_conn *c2;
    assert_int_equal(sc_conn_open(&c2, "sqlite::memory:", &o, NULL), SC_OK);
    assert_int_equal(sc_stmt_prepare(&st, c2, "SELECT ?1, typeof(?1), '2021-01-02 03:04:05.678'"),
                     SC_OK);
    sc_stmt_bind_timestamp(st, 1, ts);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t ms;
    sc_stmt_column_int64(&ms, st, 0);
    assert_true(ms == INT64_C(1609556645678));
    sc_stmt_column_text(&s, NULL, st, 1);
    assert_string_equal(s, "integer");
    sc_timestamp back;
    assert_int_equal(sc_stmt_column_timestamp(&back, st, 0), SC_OK);
    assert_true(back == ts);
    assert_int_equal(sc_stmt_column_timestamp(&back, st, 2), SC_OK);
    assert_true(back == ts);
    sc_stmt_release(st);
    sc_conn_close(c2);
}


/* sc_tx_run's function for the stale-statement case: three statements of one table; counts its runs and the
   columns the last one saw. */
typedef struct stale_run {
    int runs;
    int cols;
} stale_run;

static int stale_tx(sc_conn *c, void *payload)
{
    static const char *const sql[] = {"SELECT * FROM \"Post\"", "SELECT * FROM \"Post\" WHERE 1 = 1",
                                      "SELECT *, 1 AS one FROM \"Post\""};
    stale_run *r = payload;
    r->runs++;
    for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
        sc_stmt *st = NULL;
        int rc = sc_stmt_prepare(&st, c, sql[i]);
        if (rc != SC_OK)
            return rc;
        rc = sc_stmt_exec(st);
        if (rc == SC_OK)
            r->cols = sc_stmt_column_count(st) - (i == 2);
        sc_stmt_release(st);
        if (rc != SC_OK)
            return rc;
    }
    return SC_OK;
}
static void test_cache(void **state)
{
    sc_conn *c = *state;
    sc_stmt *a, *b, *twin;
    const char *s3txt;
    const char *sql = g_pg ? "SELECT $1::int + 1" : "SELECT ?1 + 1";
    assert_int_equal(sc_stmt_prepare(&a, c, sql), SC_OK);
    /* the same SQL while A is in use gives a separate statement */
    assert_int_equal(sc_stmt_prepare(&twin, c, sql), SC_OK);
    assert_ptr_not_equal(a, twin);
    sc_stmt_bind_int32(a, 1, 1);
    sc_stmt_bind_int32(twin, 1, 10);
    assert_int_equal(sc_stmt_step(a), SC_ROW);
    assert_int_equal(sc_stmt_step(twin), SC_ROW);
    int32_t v;
    sc_stmt_column_int32(&v, a, 0);
    assert_int_equal(v, 2);
    sc_stmt_column_int32(&v, twin, 0);
    assert_int_equal(v, 11);
    sc_stmt_release(twin);
    sc_stmt_release(a);
    /* released: the cached one comes back, bindings cleared */
    assert_int_equal(sc_stmt_prepare(&b, c, sql), SC_OK);
    assert_ptr_equal(a, b);
    assert_int_equal(sc_stmt_step(b), SC_ROW);
    assert_true(sc_stmt_column_is_null(b, 0));
    /* reset keeps bindings, runs again */
    sc_stmt_bind_int32(b, 1, 41);
    assert_int_equal(sc_stmt_step(b), SC_ROW);
    assert_int_equal(sc_stmt_reset(b), SC_OK);
    assert_int_equal(sc_stmt_step(b), SC_ROW);
    sc_stmt_column_int32(&v, b, 0);
    assert_int_equal(v, 42);
    sc_stmt_release(b);

    /*
     * A later user sees none of an earlier user's values, whichever subset
     * of the parameters it binds (SQLite clears them lazily, at the first
     * step, and only those not bound again).
     */
    const char *sql3 = g_pg ? "SELECT $1::int, $2::text, $3::int" : "SELECT ?1, ?2, ?3";
    assert_int_equal(sc_stmt_prepare(&a, c, sql3), SC_OK);
    sc_stmt_bind_int32(a, 1, 7);
    sc_stmt_bind_text(a, 2, "seven", -1);
    sc_stmt_bind_int32(a, 3, 77);
    assert_int_equal(sc_stmt_step(a), SC_ROW);
    sc_stmt_release(a);
    assert_int_equal(sc_stmt_prepare(&b, c, sql3), SC_OK);
    assert_ptr_equal(a, b);
    sc_stmt_bind_text(b, 2, "two", -1);
    assert_int_equal(sc_stmt_step(b), SC_ROW);
    assert_true(sc_stmt_column_is_null(b, 0));
    assert_int_equal(sc_stmt_column_text(&s3txt, NULL, b, 1), SC_OK);
    assert_string_equal(s3txt, "two");
    assert_true(sc_stmt_column_is_null(b, 2));
    /* within one user, reset keeps what it bound */
    assert_int_equal(sc_stmt_reset(b), SC_OK);
    sc_stmt_bind_int32(b, 3, 3);
    assert_int_equal(sc_stmt_step(b), SC_ROW);
    assert_true(sc_stmt_column_is_null(b, 0));
    assert_int_equal(sc_stmt_column_text(&s3txt, NULL, b, 1), SC_OK);
    assert_string_equal(s3txt, "two");
    assert_int_equal(sc_stmt_column_int32(&v, b, 2), SC_OK);
    assert_int_equal(v, 3);
    /* and clear_bindings clears everything */
    assert_int_equal(sc_stmt_clear_bindings(b), SC_OK);
    assert_int_equal(sc_stmt_step(b), SC_ROW);
    assert_true(sc_stmt_column_is_null(b, 1) && sc_stmt_column_is_null(b, 2));
    sc_stmt_release(b);
    /* all bound again: every value is the new one */
    assert_int_equal(sc_stmt_prepare(&b, c, sql3), SC_OK);
    sc_stmt_bind_int32(b, 1, 1);
    sc_stmt_bind_null(b, 2);
    sc_stmt_bind_int32(b, 3, 9);
    assert_int_equal(sc_stmt_step(b), SC_ROW);
    assert_int_equal(sc_stmt_column_int32(&v, b, 0), SC_OK);
    assert_int_equal(v, 1);
    assert_true(sc_stmt_column_is_null(b, 1));
    assert_int_equal(sc_stmt_column_int32(&v, b, 2), SC_OK);
    assert_int_equal(v, 9);
    sc_stmt_release(b);

    /* more parameters than the lazy bookkeeping covers: cleared at release */
    char wide[1024];
    size_t wo = (size_t)snprintf(wide, sizeof wide, "SELECT ");
    for (int i = 1; i <= 70; i++)
        wo += (size_t)snprintf(wide + wo, sizeof wide - wo, g_pg ? "%s$%d::int" : "%s?%d",
                               i > 1 ? ", " : "", i);
    assert_int_equal(sc_stmt_prepare(&a, c, wide), SC_OK);
    for (int i = 1; i <= 70; i++)
        assert_int_equal(sc_stmt_bind_int32(a, i, i), SC_OK);
    assert_int_equal(sc_stmt_step(a), SC_ROW);
    assert_int_equal(sc_stmt_column_int32(&v, a, 69), SC_OK);
    assert_int_equal(v, 70);
    sc_stmt_release(a);
    assert_int_equal(sc_stmt_prepare(&b, c, wide), SC_OK);
    assert_ptr_equal(a, b);
    sc_stmt_bind_int32(b, 65, 0);
    assert_int_equal(sc_stmt_step(b), SC_ROW);
    assert_true(sc_stmt_column_is_null(b, 0) && sc_stmt_column_is_null(b, 69));
    assert_false(sc_stmt_column_is_null(b, 64));
    sc_stmt_release(b);

    /* a schema change under a cached statement: prepared again transparently */
    assert_int_equal(sc_stmt_prepare(&a, c, "SELECT * FROM \"Post\""), SC_OK);
    assert_int_equal(sc_stmt_exec(a), SC_OK);
    assert_int_equal(sc_stmt_column_count(a), 2);
    sc_stmt_release(a);
    assert_int_equal(sc_conn_exec(c, "ALTER TABLE \"Post\" ADD COLUMN \"title\" TEXT"), SC_OK);
    assert_int_equal(sc_conn_exec(c, "INSERT INTO \"User\" (\"email\") VALUES ('p@x.io')"), SC_OK);
    assert_int_equal(sc_conn_exec(c, "INSERT INTO \"Post\" VALUES (1, 1, 'hello')"), SC_OK);
    assert_int_equal(sc_stmt_prepare(&b, c, "SELECT * FROM \"Post\""), SC_OK);
    assert_ptr_equal(a, b);
    assert_int_equal(sc_stmt_step(b), SC_ROW);
    assert_int_equal(sc_stmt_column_count(b), 3);
    const char *s;
    assert_int_equal(sc_stmt_column_text(&s, NULL, b, 2), SC_OK);
    assert_string_equal(s, "hello");
    sc_stmt_release(b);
    if (!g_pg) {
        /* and a column dropped: the cached statement reports the new shape */
        assert_int_equal(sc_conn_exec(c, "ALTER TABLE \"Post\" DROP COLUMN \"title\""), SC_OK);
        assert_int_equal(sc_stmt_prepare(&b, c, "SELECT * FROM \"Post\""), SC_OK);
        assert_ptr_equal(a, b);
        assert_int_equal(sc_stmt_step(b), SC_ROW);
        assert_int_equal(sc_stmt_column_count(b), 2);
        assert_int_equal(sc_stmt_column_text(&s, NULL, b, 2), SC_EINVAL);
        assert_int_equal(sc_stmt_column_is_null(b, 2), 0);
        assert_null(sc_stmt_column_name(b, 2));
        int64_t pid;
        assert_int_equal(sc_stmt_column_int64(&pid, b, 0), SC_OK);
        assert_int_equal(pid, 1);
        sc_stmt_release(b);
    }

    {
        /* A schema change under cached statements used inside sc_tx_run: on PostgreSQL the first stale one fails
           the transaction, every idle cached statement is dropped, and the transaction runs again at once (once,
           however many of its statements were stale); SQLite prepares the statements again itself. */
        stale_run r = {0, 0};
        assert_int_equal(sc_tx_run(c, NULL, stale_tx, &r), SC_OK);
        int before = r.cols;
        assert_int_equal(sc_conn_exec(c, "ALTER TABLE \"Post\" ADD COLUMN \"sub\" TEXT"), SC_OK);
        r.runs = 0;
        assert_int_equal(sc_tx_run(c, NULL, stale_tx, &r), SC_OK);
        assert_int_equal(r.runs, g_pg ? 2 : 1);
        assert_int_equal(r.cols, before + 1);
        /* with one attempt allowed there is no second run: the failure is returned */
        assert_int_equal(sc_conn_exec(c, "ALTER TABLE \"Post\" DROP COLUMN \"sub\""), SC_OK);
        sc_retry_options once = SC_RETRY_OPTIONS_INIT;
        once.max_attempts = 1;
        r.runs = 0;
        assert_int_equal(sc_tx_run(c, &once, stale_tx, &r) == SC_OK, !g_pg);
        assert_int_equal(r.runs, 1);
        assert_int_equal(sc_tx_depth(c), 0);
        r.runs = 0;
        assert_int_equal(sc_tx_run(c, &once, stale_tx, &r), SC_OK);
        assert_int_equal(r.cols, before);
    }

    {
        /*
         * Timestamps bound to a cached statement (on SQLite their text kept by
         * the statement, not copied): each parameter its own value, the same
         * values read again by a second run, and a parameter the next user
         * does not bind reads as NULL.
         */
        const char *tsql = g_pg ? "SELECT CAST($1 AS TIMESTAMPTZ), CAST($2 AS TIMESTAMPTZ)" : "SELECT ?1, ?2";
        sc_timestamp t1 = INT64_C(1700000000123000), t2 = INT64_C(946684800000000), got1 = 0, got2 = 0;
        assert_int_equal(sc_stmt_prepare(&a, c, tsql), SC_OK);
        assert_int_equal(sc_stmt_bind_timestamp(a, 1, t1), SC_OK);
        assert_int_equal(sc_stmt_bind_timestamp(a, 2, t2), SC_OK);
        for (int run = 0; run < 2; run++) {
            assert_int_equal(sc_stmt_step(a), SC_ROW);
            assert_int_equal(sc_stmt_column_timestamp(&got1, a, 0), SC_OK);
            assert_int_equal(sc_stmt_column_timestamp(&got2, a, 1), SC_OK);
            assert_true(got1 == t1 && got2 == t2);
            assert_int_equal(sc_stmt_reset(a), SC_OK);
        }
        sc_stmt_release(a);
        assert_int_equal(sc_stmt_prepare(&b, c, tsql), SC_OK);
        assert_ptr_equal(a, b);
        assert_int_equal(sc_stmt_bind_timestamp(b, 2, t1), SC_OK);
        assert_int_equal(sc_stmt_step(b), SC_ROW);
        assert_true(sc_stmt_column_is_null(b, 0));
        assert_int_equal(sc_stmt_column_timestamp(&got2, b, 1), SC_OK);
        assert_true(got2 == t1);
        sc_stmt_release(b);
    }

    if (g_pg) {
        /*
         * Numbers go in the binary form of the type the server described for
         * their parameter (int2, int4, int8, float8), as text for any other
         * type or a value out of a smaller integer's range (the server's own
         * error). A statement prepared again because its table changed sends
         * its numbers again in the types described now.
         */
        if (sc_conn_exec(c, "DROP TABLE IF EXISTS \"Num\"; CREATE TABLE \"Num\" (\"k\" INT4 PRIMARY KEY, \"s\" INT2, \"b\" INT8, \"f\" FLOAT8, \"r\" REAL, \"n\" NUMERIC);"
                            "INSERT INTO \"Num\" VALUES (7, -3, -5000000000, 0.1, 0.5, 2.5)") != SC_OK)
            fail_msg("Num: %s", sc_conn_error(c)->message);
        const char *nsql = "SELECT \"k\" FROM \"Num\" WHERE \"k\" = $1 AND \"s\" = $2 AND \"b\" = $3 AND \"f\" = $4 AND \"r\" = $5 AND \"n\" = $6";
        int64_t k = 0;
        for (int round = 0; round < 2; round++) {
            assert_int_equal(sc_stmt_prepare(&a, c, nsql), SC_OK);
            assert_int_equal(sc_stmt_bind_int32(a, 1, 7), SC_OK);
            assert_int_equal(sc_stmt_bind_int64(a, 2, -3), SC_OK);
            assert_int_equal(sc_stmt_bind_int64(a, 3, INT64_C(-5000000000)), SC_OK);
            assert_int_equal(sc_stmt_bind_double(a, 4, 0.1), SC_OK);
            assert_int_equal(sc_stmt_bind_double(a, 5, 0.5), SC_OK);
            assert_int_equal(sc_stmt_bind_int32(a, 6, 2), SC_OK); /* 2 <> 2.5: as text, compared as numeric */
            assert_int_equal(sc_stmt_step(a), SC_DONE);
            assert_int_equal(sc_stmt_bind_double(a, 6, 2.5), SC_OK);
            assert_int_equal(sc_stmt_step(a), SC_ROW);
            assert_int_equal(sc_stmt_column_int64(&k, a, 0), SC_OK);
            assert_int_equal(k, 7);
            sc_stmt_release(a);
        }
        /* out of int4's and int2's ranges: the server says so */
        assert_int_equal(sc_stmt_prepare(&a, c, nsql), SC_OK);
        assert_int_equal(sc_stmt_bind_int64(a, 1, INT64_C(3000000000)), SC_OK);
        for (int i = 2; i <= 6; i++)
            assert_int_equal(sc_stmt_bind_int32(a, i, 0), SC_OK);
        int bad = sc_stmt_step(a);
        assert_true(bad != SC_ROW && bad != SC_DONE);
        assert_string_equal(sc_conn_error(c)->sqlstate, "22003"); /* numeric_value_out_of_range */
        sc_stmt_release(a);
        assert_int_equal(sc_stmt_prepare(&a, c, nsql), SC_OK);
        assert_int_equal(sc_stmt_bind_int32(a, 1, 7), SC_OK);
        assert_int_equal(sc_stmt_bind_int32(a, 2, 70000), SC_OK);
        for (int i = 3; i <= 6; i++)
            assert_int_equal(sc_stmt_bind_int32(a, i, 0), SC_OK);
        bad = sc_stmt_step(a);
        assert_true(bad != SC_ROW && bad != SC_DONE);
        assert_string_equal(sc_conn_error(c)->sqlstate, "22003"); /* numeric_value_out_of_range */
        sc_stmt_release(a);
        /* the key becomes int8 (the result's type changes) and f real: bound while int4 and float8 were described,
           sent as int8 and as text */
        assert_int_equal(sc_conn_exec(c, "ALTER TABLE \"Num\" ALTER COLUMN \"k\" TYPE INT8, ALTER COLUMN \"f\" TYPE REAL;"
                                         "INSERT INTO \"Num\" VALUES (5000000000, -3, -5000000000, 0.25, 0.5, 2.5)"),
                         SC_OK);
        const int64_t keys[2] = {7, INT64_C(5000000000)};
        const double fs[2] = {0.1, 0.25};
        for (int i = 0; i < 2; i++) {
            assert_int_equal(sc_stmt_prepare(&a, c, nsql), SC_OK);
            assert_int_equal(sc_stmt_bind_int64(a, 1, keys[i]), SC_OK);
            assert_int_equal(sc_stmt_bind_int64(a, 2, -3), SC_OK);
            assert_int_equal(sc_stmt_bind_int64(a, 3, INT64_C(-5000000000)), SC_OK);
            assert_int_equal(sc_stmt_bind_double(a, 4, fs[i]), SC_OK);
            assert_int_equal(sc_stmt_bind_double(a, 5, 0.5), SC_OK);
            assert_int_equal(sc_stmt_bind_double(a, 6, 2.5), SC_OK);
            assert_int_equal(sc_stmt_step(a), SC_ROW);
            assert_int_equal(sc_stmt_column_int64(&k, a, 0), SC_OK);
            assert_int_equal(k, keys[i]);
            sc_stmt_release(a);
        }
        assert_int_equal(sc_conn_exec(c, "DROP TABLE \"Num\""), SC_OK);
    }

    /* a small cache evicts the least recently used statement */
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.stmt_cache_size = 2;
    o.pg_binary_results = g_binary;
    sc_conn *c2;
    assert_int_equal(sc_conn_open(&c2, g_url, &o, NULL), SC_OK);
    sc_stmt *s1, *s2, *s3, *again;
    assert_int_equal(sc_stmt_prepare(&s1, c2, "SELECT 1"), SC_OK);
    sc_stmt_release(s1);
    assert_int_equal(sc_stmt_prepare(&s2, c2, "SELECT 2"), SC_OK);
    sc_stmt_release(s2);
    assert_int_equal(sc_stmt_prepare(&again, c2, "SELECT 1"), SC_OK); /* 1 is now recent */
    assert_ptr_equal(again, s1);
    sc_stmt_release(again);
    assert_int_equal(sc_stmt_prepare(&s3, c2, "SELECT 3"), SC_OK); /* evicts 2 */
    sc_stmt_release(s3);
    assert_int_equal(sc_stmt_prepare(&again, c2, "SELECT 1"), SC_OK);
    assert_ptr_equal(again, s1);
    assert_int_equal(sc_stmt_step(again), SC_ROW);
    sc_stmt_release(again);
    if (g_pg) {
        /* the evicted statement was deallocated on the server too */
        sc_stmt *cnt;
        assert_int_equal(sc_stmt_prepare(&cnt, c2, "SELECT count(*) FROM pg_prepared_statements"),
                         SC_OK);
        assert_int_equal(sc_stmt_step(cnt), SC_ROW);
        int64_t k;
        sc_stmt_column_int64(&k, cnt, 0);
        assert_true(k == 2); /* "SELECT 1" and this one ("SELECT 3" was evicted) */
        sc_stmt_release(cnt);
    }
    sc_conn_close(c2);
}

static void expect_code(sc_conn *c, int rc, int code)
{
    if (rc != code)
        fail_msg("expected %s, got %s: %s", sc_strerror(code), sc_strerror(rc),
                 sc_conn_error(c)->message);
    assert_int_equal(sc_conn_error(c)->code, code);
    if (g_pg)
        assert_int_equal(strlen(sc_conn_error(c)->sqlstate), 5);
    else
        assert_true(sc_conn_error(c)->sqlite_code != 0);
}

static int run_insert(sc_conn *c, const char *sqlite_sql, const char *pg_sql)
{
    sc_stmt *st;
    int rc = sc_stmt_prepare2(&st, c, sqlite_sql, pg_sql);
    if (rc != SC_OK)
        return rc;
    rc = sc_stmt_exec(st);
    sc_stmt_release(st);
    return rc;
}

static void test_constraint_errors(void **state)
{
    sc_conn *c = *state;
    int64_t id = insert_user(c, "a@x.io", "Ann");
    assert_true(id == 1);
    sc_stmt *st;
    /* unique */
    assert_int_equal(sc_stmt_prepare2(&st, c, INSERT_USER_SQLITE, INSERT_USER_PG), SC_OK);
    sc_stmt_bind_text(st, 1, "a@x.io", -1);
    sc_stmt_bind_text(st, 2, "Dup", -1);
    expect_code(c, sc_stmt_step(st), SC_EUNIQUE);
    const sc_error *e = sc_conn_error(c);
    assert_string_equal(e->constraint, "User_email_key");
    assert_string_equal(e->table, "User");
    assert_string_equal(e->column, "email");
    if (g_pg)
        assert_string_equal(e->sqlstate, "23505");
    else
        assert_int_equal(e->sqlite_code, 2067);
    sc_stmt_release(st);

    /* primary key */
    expect_code(c,
                run_insert(c, "INSERT INTO \"User\" (\"id\", \"email\") VALUES (1, 'b@x.io')",
                           "INSERT INTO \"User\" (\"id\", \"email\") VALUES (1, 'b@x.io')"),
                SC_EPRIMARYKEY);
    assert_string_equal(sc_conn_error(c)->table, "User");
    assert_string_equal(sc_conn_error(c)->column, "id");

    /* not null */
    expect_code(c,
                run_insert(c, "INSERT INTO \"User\" (\"name\") VALUES ('Bob')",
                           "INSERT INTO \"User\" (\"name\") VALUES ('Bob')"),
                SC_ENOTNULL);
    assert_string_equal(sc_conn_error(c)->table, "User");
    assert_string_equal(sc_conn_error(c)->column, "email");

    /* check (named constraint) */
    expect_code(c,
                run_insert(c, "INSERT INTO \"User\" (\"email\", \"name\") VALUES ('c@x.io', 'C')",
                           "INSERT INTO \"User\" (\"email\", \"name\") VALUES ('c@x.io', 'C')"),
                SC_ECHECK);
    assert_string_equal(sc_conn_error(c)->constraint, "name");

    /* foreign key */
    expect_code(c,
                run_insert(c, "INSERT INTO \"Post\" (\"id\", \"authorId\") VALUES (1, 99)",
                           "INSERT INTO \"Post\" (\"id\", \"authorId\") VALUES (1, 99)"),
                SC_EFOREIGNKEY);
    if (g_pg)
        assert_string_equal(sc_conn_error(c)->constraint, "Post_authorId_fkey");

    /*
     * foreign key, the other way: deleting a parent that an ON DELETE
     * RESTRICT key (Prisma's default for required relations) protects.
     * SQLite raises it from its foreign key trigger code.
     */
    assert_int_equal(sc_conn_exec(c, "CREATE TABLE \"Pin\" (\"id\" INTEGER NOT NULL PRIMARY KEY, "
                                     "\"userId\" INTEGER NOT NULL, CONSTRAINT \"Pin_userId_fkey\" "
                                     "FOREIGN KEY (\"userId\") REFERENCES \"User\" (\"id\") "
                                     "ON DELETE RESTRICT ON UPDATE RESTRICT)"),
                     SC_OK);
    assert_int_equal(run_insert(c, "INSERT INTO \"User\" (\"id\", \"email\", \"name\") VALUES (7001, 'pin@x.io', 'Pin')",
                                "INSERT INTO \"User\" (\"id\", \"email\", \"name\") VALUES (7001, 'pin@x.io', 'Pin')"),
                     SC_OK);
    assert_int_equal(run_insert(c, "INSERT INTO \"Pin\" (\"id\", \"userId\") VALUES (1, 7001)",
                                "INSERT INTO \"Pin\" (\"id\", \"userId\") VALUES (1, 7001)"),
                     SC_OK);
    expect_code(c,
                run_insert(c, "DELETE FROM \"User\" WHERE \"id\" = 7001",
                           "DELETE FROM \"User\" WHERE \"id\" = 7001"),
                SC_EFOREIGNKEY);
    expect_code(c,
                run_insert(c, "UPDATE \"User\" SET \"id\" = 7002 WHERE \"id\" = 7001",
                           "UPDATE \"User\" SET \"id\" = 7002 WHERE \"id\" = 7001"),
                SC_EFOREIGNKEY);

    /* syntax */
    expect_code(c, sc_stmt_prepare(&st, c, "SELEC 1"), SC_ESYNTAX);
    assert_null(st);
    expect_code(c, sc_conn_exec(c, "SELECT FROM WHERE"), SC_ESYNTAX);

    /* not found: a unique lookup that yields nothing */
    assert_int_equal(sc_stmt_prepare2(&st, c, "SELECT \"id\" FROM \"User\" WHERE \"email\" = ?1",
                                      "SELECT \"id\" FROM \"User\" WHERE \"email\" = $1"),
                     SC_OK);
    sc_stmt_bind_text(st, 1, "nobody@x.io", -1);
    assert_int_equal(sc_stmt_step_one(st), SC_ENOTFOUND);
    assert_int_equal(sc_conn_error(c)->code, SC_ENOTFOUND);
    sc_stmt_reset(st);
    sc_stmt_bind_text(st, 1, "a@x.io", -1);
    assert_int_equal(sc_stmt_step_one(st), SC_ROW);
    sc_stmt_release(st);

    /* the connection is still fine after all that */
    assert_true(insert_user(c, "d@x.io", "Dee") > 1);
}


/*
 * A double-quoted name that does not exist is an error on both engines:
 * SQLite's double-quoted string literals are off, so code generated for a
 * renamed column cannot read the old name as text.
 */
static void test_quoted_names(void **state)
{
    sc_conn *c = *state;
    insert_user(c, "q@x.io", "Que");
    static const char *const bad[] = {
        "SELECT \"missing\" FROM \"User\"",
        "SELECT \"id\" FROM \"User\" WHERE \"email\" = \"q@x.io\"",
        "SELECT \"id\" FROM \"User\" ORDER BY \"nosuch\"",
        "UPDATE \"User\" SET \"name\" = \"Bob\"",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sc_stmt *st = NULL;
        int rc = sc_stmt_prepare(&st, c, bad[i]);
        if (rc == SC_OK) {
            rc = sc_stmt_step(st);
            sc_stmt_release(st);
            fail_msg("%s ran (step %d)", bad[i], rc);
        }
        assert_int_equal(rc, SC_ERROR);
        assert_non_null(strstr(sc_conn_error(c)->message, g_pg ? "does not exist" : "no such column"));
    }
    /* DDL too: a CHECK naming a missing column */
    assert_int_equal(sc_conn_exec(c, "CREATE TABLE \"Q\" (\"x\" TEXT CHECK (\"x\" <> \"abc\"))"), SC_ERROR);
    /* single quotes are strings, double quotes names, as everywhere */
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT \"name\" FROM \"User\" WHERE \"email\" = 'q@x.io'"),
                     SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    const char *name;
    assert_int_equal(sc_stmt_column_text(&name, NULL, st, 0), SC_OK);
    assert_string_equal(name, "Que");
    sc_stmt_release(st);
}


/* SHOW name on C, into OUT. */
static void pg_show(sc_conn *c, const char *name, char *out, size_t size)
{
    char sql[64];
    snprintf(sql, sizeof sql, "SHOW %s", name);
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare(&st, c, sql), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    const char *v;
    assert_int_equal(sc_stmt_column_text(&v, NULL, st, 0), SC_OK);
    snprintf(out, size, "%s", v);
    sc_stmt_release(st);
}

/*
 * PostgreSQL sessions run in UTC whatever the database says: now() defaults
 * of TIMESTAMP (Prisma's DateTime) columns and time zone-less literals read
 * back UTC-correct. The connection's own options (URL, PGOPTIONS) or PGTZ
 * choose another zone.
 */
static void test_pg_time_zone(void **state)
{
    (void)state;
    if (!g_pg)
        skip();
    char url[700], name[128];
    assert_int_equal(rt_pg_create_db(url, sizeof url, name, sizeof name, "rt_tz"), 0);
    sc_conn *admin = NULL;
    assert_int_equal(sc_conn_open(&admin, url, NULL, NULL), SC_OK);
    char sql[256];
    snprintf(sql, sizeof sql, "ALTER DATABASE \"%s\" SET timezone = 'America/New_York'", name);
    assert_int_equal(sc_conn_exec(admin, sql), SC_OK);
    sc_conn_close(admin);

    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.pg_binary_results = g_binary;
    sc_conn *c = NULL;
    assert_int_equal(sc_conn_open(&c, url, &o, NULL), SC_OK);
    char tz[64];
    pg_show(c, "TimeZone", tz, sizeof tz);
    assert_string_equal(tz, "UTC");
    assert_int_equal(sc_conn_exec(c, "CREATE TABLE \"Ev\" (\"id\" SERIAL PRIMARY KEY,"
                                     " \"at\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                                     " \"atz\" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                                     " \"lit\" TIMESTAMPTZ(3) NOT NULL DEFAULT '2024-01-01 00:00:00')"),
                     SC_OK);
    sc_timestamp before = sc_timestamp_now();
    /* now() is the transaction's start: the same instant in the INSERT and the SELECT */
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare(&st, c, "INSERT INTO \"Ev\" DEFAULT VALUES RETURNING \"at\", \"atz\","
                                             " \"lit\", round(extract(epoch FROM now()) * 1000)::bigint"),
                     SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    sc_timestamp at, atz, lit;
    int64_t now_ms;
    assert_int_equal(sc_stmt_column_timestamp(&at, st, 0), SC_OK);
    assert_int_equal(sc_stmt_column_timestamp(&atz, st, 1), SC_OK);
    assert_int_equal(sc_stmt_column_timestamp(&lit, st, 2), SC_OK);
    assert_int_equal(sc_stmt_column_int64(&now_ms, st, 3), SC_OK);
    sc_stmt_release(st);
    assert_int_equal(sc_tx_commit(c), SC_OK);
    sc_timestamp after = sc_timestamp_now();
    /* the instant the server took, to the millisecond, in both column types */
    assert_true(at == now_ms * 1000);
    assert_true(atz == now_ms * 1000);
    /* and the client's clock agrees (five hours off would not) */
    assert_true(at >= before - 1000000 && at <= after + 1000000);
    sc_timestamp y2024;
    sc_timestamp_from_parts(&y2024, 2024, 1, 1, 0, 0, 0, 0);
    assert_true(lit == y2024);
    sc_conn_close(c);

    /* the connection's options choose the zone */
    char tokyo[800];
    snprintf(tokyo, sizeof tokyo, "%s?options=-c%%20TimeZone%%3DAsia/Tokyo", url);
    assert_int_equal(sc_conn_open(&c, tokyo, &o, NULL), SC_OK);
    pg_show(c, "TimeZone", tz, sizeof tz);
    assert_string_equal(tz, "Asia/Tokyo");
    sc_conn_close(c);
    setenv("PGTZ", "Europe/Paris", 1);
    assert_int_equal(sc_conn_open(&c, url, &o, NULL), SC_OK);
    unsetenv("PGTZ");
    pg_show(c, "TimeZone", tz, sizeof tz);
    assert_string_equal(tz, "Europe/Paris");
    sc_conn_close(c);
    rt_pg_drop_db(name);
}


static int64_t count_where_email(sc_conn *c, const char *email)
{
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare2(&st, c, "SELECT count(*) FROM \"User\" WHERE \"email\" = ?1",
                                      "SELECT count(*) FROM \"User\" WHERE \"email\" = $1"),
                     SC_OK);
    assert_int_equal(sc_stmt_bind_text(st, 1, email, -1), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t n;
    assert_int_equal(sc_stmt_column_int64(&n, st, 0), SC_OK);
    sc_stmt_release(st);
    return n;
}

/*
 * A failed bind leaves the statement unable to run: every step returns the
 * bind's error (nothing is stored) until the parameter is bound again, or
 * the bindings are cleared or the statement released. Text with a NUL byte
 * is refused on both engines (PostgreSQL cannot store it).
 */
static void test_bind_failures(void **state)
{
    sc_conn *c = *state;
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare2(&st, c, INSERT_USER_SQLITE, INSERT_USER_PG), SC_OK);
    assert_int_equal(sc_stmt_bind_text(st, 1, "nul@x.io", -1), SC_OK);
    assert_int_equal(sc_stmt_bind_text(st, 2, "a\0b", 3), SC_EINVAL);
    assert_non_null(strstr(sc_conn_error(c)->message, "NUL"));
    /* running it anyway runs nothing (PostgreSQL stored '', SQLite the NUL) */
    assert_int_equal(sc_stmt_step(st), SC_EINVAL);
    assert_non_null(strstr(sc_conn_error(c)->message, "not run"));
    assert_non_null(strstr(sc_conn_error(c)->message, "NUL"));
    assert_int_equal(sc_stmt_exec(st), SC_EINVAL);
    assert_int_equal(sc_stmt_reset(st), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_EINVAL); /* reset keeps the bindings, and so the failure */
    assert_int_equal(sc_stmt_bind_text_ref(st, 2, "c\0d", 3), SC_EINVAL);
    assert_int_equal(sc_stmt_step(st), SC_EINVAL);
    assert_true(count_where_email(c, "nul@x.io") == 0);
    /* binding the parameter again heals it */
    assert_int_equal(sc_stmt_bind_text(st, 2, "ab", 2), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_int_equal(sc_stmt_step(st), SC_DONE);
    sc_stmt_release(st);
    assert_true(count_where_email(c, "nul@x.io") == 1);

    /* two failed parameters: both must be bound again */
    assert_int_equal(sc_stmt_prepare2(&st, c, INSERT_USER_SQLITE, INSERT_USER_PG), SC_OK);
    assert_int_equal(sc_stmt_bind_text(st, 1, "x\0y@x.io", 8), SC_EINVAL);
    assert_int_equal(sc_stmt_bind_text(st, 2, "n\0", 2), SC_EINVAL);
    assert_int_equal(sc_stmt_bind_text(st, 1, "two@x.io", -1), SC_OK);
    assert_int_equal(sc_stmt_exec(st), SC_EINVAL);
    assert_int_equal(sc_stmt_bind_null(st, 2), SC_OK);
    assert_int_equal(sc_stmt_exec(st), SC_OK);
    sc_stmt_release(st);
    assert_true(count_where_email(c, "two@x.io") == 1);

    /* out of range: no parameter to bind again; clearing the bindings heals */
    assert_int_equal(sc_stmt_prepare2(&st, c, INSERT_USER_SQLITE, INSERT_USER_PG), SC_OK);
    assert_int_equal(sc_stmt_bind_text(st, 1, "range@x.io", -1), SC_OK);
    assert_int_equal(sc_stmt_bind_int32(st, 9, 1), SC_EINVAL);
    assert_int_equal(sc_stmt_bind_int32(st, 0, 1), SC_EINVAL);
    assert_int_equal(sc_stmt_exec(st), SC_EINVAL);
    assert_non_null(strstr(sc_conn_error(c)->message, "out of range"));
    assert_int_equal(sc_stmt_bind_text(st, 2, "Ran", -1), SC_OK);
    assert_int_equal(sc_stmt_exec(st), SC_EINVAL);
    assert_int_equal(sc_stmt_clear_bindings(st), SC_OK);
    assert_int_equal(sc_stmt_bind_text(st, 1, "range@x.io", -1), SC_OK);
    assert_int_equal(sc_stmt_exec(st), SC_OK);
    sc_stmt_release(st);
    assert_true(count_where_email(c, "range@x.io") == 1);

    /* a timestamp out of range: SC_ERANGE from the bind and from the step */
    assert_int_equal(sc_stmt_prepare2(&st, c,
                                      "UPDATE \"User\" SET \"createdAt\" = ?1 WHERE \"email\" = ?2",
                                      "UPDATE \"User\" SET \"createdAt\" = $1 WHERE \"email\" = $2"),
                     SC_OK);
    assert_int_equal(sc_stmt_bind_text(st, 2, "range@x.io", -1), SC_OK);
    assert_int_equal(sc_stmt_bind_timestamp(st, 1, INT64_MAX), SC_ERANGE);
    assert_int_equal(sc_stmt_exec(st), SC_ERANGE);
    /* released, the statement's next user starts clean */
    sc_stmt_release(st);
    assert_int_equal(sc_stmt_prepare2(&st, c,
                                      "UPDATE \"User\" SET \"createdAt\" = ?1 WHERE \"email\" = ?2",
                                      "UPDATE \"User\" SET \"createdAt\" = $1 WHERE \"email\" = $2"),
                     SC_OK);
    assert_int_equal(sc_stmt_bind_text(st, 2, "range@x.io", -1), SC_OK);
    assert_int_equal(sc_stmt_bind_timestamp(st, 1, 0), SC_OK);
    assert_int_equal(sc_stmt_exec(st), SC_OK);
    assert_true(sc_stmt_changes(st) == 1);
    sc_stmt_release(st);

    /* a NUL-free text of explicit length, and text read back whole */
    assert_int_equal(sc_stmt_prepare(&st, c, g_pg ? "SELECT $1::text" : "SELECT ?1"), SC_OK);
    assert_int_equal(sc_stmt_bind_text(st, 1, "abcdef", 3), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    const char *t;
    size_t n;
    assert_int_equal(sc_stmt_column_text(&t, &n, st, 0), SC_OK);
    assert_true(n == 3);
    assert_string_equal(t, "abc");
    sc_stmt_release(st);
}

static int64_t count_users(sc_conn *c)
{
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT count(*) FROM \"User\""), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t n;
    assert_int_equal(sc_stmt_column_int64(&n, st, 0), SC_OK);
    sc_stmt_release(st);
    return n;
}


/* An INSERT of EMAIL (no name): the code of running it. */
static int try_insert(sc_conn *c, const char *email)
{
    sc_stmt *st;
    int rc = sc_stmt_prepare2(&st, c, "INSERT INTO \"User\" (\"email\") VALUES (?1)",
                              "INSERT INTO \"User\" (\"email\") VALUES ($1)");
    if (rc != SC_OK)
        return rc;
    sc_stmt_bind_text(st, 1, email, -1);
    rc = sc_stmt_exec(st);
    sc_stmt_release(st);
    return rc;
}

static int insert_dup_fn(sc_conn *c, void *payload)
{
    (void)payload;
    int rc = try_insert(c, "try-x@x.io");
    return rc == SC_OK ? try_insert(c, "dup@x.io") : rc;
}

/* Swallows the violation and goes on: the level is failed anyway. */
static int insert_dup_ignored_fn(sc_conn *c, void *payload)
{
    int *seen = payload;
    try_insert(c, "dup@x.io");
    *seen = try_insert(c, "after@x.io");
    return SC_OK;
}

static int insert_ok_fn(sc_conn *c, void *payload)
{
    return try_insert(c, payload);
}

/*
 * One rule for errors inside a transaction, the same on both engines: after
 * a failed statement the level is failed, every further statement returns
 * SC_ETXFAILED until it is rolled back; a commit of it rolls back; a
 * savepoint (sc_tx_try) catches a failure and the transaction goes on.
 */
static void test_tx_error_rule(void **state)
{
    sc_conn *c = *state;
    insert_user(c, "dup@x.io", "Dup");
    insert_user(c, "r1@x.io", "R1");
    insert_user(c, "r2@x.io", "R2");

    /* after a failure nothing runs: the next statement, a raw exec, a prepare, a savepoint */
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(try_insert(c, "t1@x.io"), SC_OK);
    sc_stmt *held;
    assert_int_equal(sc_stmt_prepare(&held, c, "SELECT \"id\" FROM \"User\" ORDER BY \"id\""), SC_OK);
    assert_int_equal(sc_stmt_step(held), SC_ROW);
    assert_int_equal(try_insert(c, "dup@x.io"), SC_EUNIQUE);
    assert_int_equal(sc_conn_error(c)->code, SC_EUNIQUE);
    assert_int_equal(try_insert(c, "t2@x.io"), SC_ETXFAILED);
    assert_int_equal(sc_conn_error(c)->code, SC_ETXFAILED);
    assert_non_null(strstr(sc_conn_error(c)->message, "unique violation"));
    assert_int_equal(sc_conn_exec(c, "SELECT 1"), SC_ETXFAILED);
    sc_stmt *st = (sc_stmt *)1;
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT 2"), SC_ETXFAILED);
    assert_null(st);
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_ETXFAILED);
    /* a statement taken before the failure, even one mid-way through its rows */
    assert_int_equal(sc_stmt_step(held), SC_ETXFAILED);
    assert_int_equal(sc_stmt_reset(held), SC_OK);
    assert_int_equal(sc_stmt_step(held), SC_ETXFAILED);
    assert_int_equal(sc_tx_depth(c), 1);
    assert_true(sc_conn_in_transaction(c));
    assert_int_equal(sc_tx_rollback(c), SC_OK);
    assert_int_equal(sc_tx_depth(c), 0);
    assert_false(sc_conn_in_transaction(c));
    /* after the rollback all is well, the held statement included */
    assert_int_equal(sc_stmt_step(held), SC_ROW);
    sc_stmt_release(held);
    assert_true(count_users(c) == 3);
    assert_true(count_where_email(c, "t1@x.io") == 0);

    /* a commit of a failed transaction commits nothing (PostgreSQL's COMMIT said OK and rolled back) */
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(try_insert(c, "t3@x.io"), SC_OK);
    assert_int_equal(try_insert(c, "dup@x.io"), SC_EUNIQUE);
    assert_int_equal(sc_tx_commit(c), SC_ETXFAILED);
    assert_non_null(strstr(sc_conn_error(c)->message, "nothing committed"));
    assert_int_equal(sc_tx_depth(c), 0);
    assert_false(sc_conn_in_transaction(c));
    assert_true(count_where_email(c, "t3@x.io") == 0);

    /* a failed savepoint level: rolled back, the outer level goes on */
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(try_insert(c, "a@x.io"), SC_OK);
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(try_insert(c, "dup@x.io"), SC_EUNIQUE);
    assert_int_equal(try_insert(c, "b@x.io"), SC_ETXFAILED);
    assert_int_equal(sc_tx_rollback(c), SC_OK);
    assert_int_equal(sc_tx_depth(c), 1);
    assert_int_equal(try_insert(c, "c@x.io"), SC_OK);
    /* ... and a commit of a failed savepoint level rolls that level back */
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(try_insert(c, "d@x.io"), SC_OK);
    assert_int_equal(try_insert(c, "dup@x.io"), SC_EUNIQUE);
    assert_int_equal(sc_tx_commit(c), SC_ETXFAILED);
    assert_int_equal(sc_tx_depth(c), 1);
    assert_int_equal(sc_tx_commit(c), SC_OK);
    assert_true(count_where_email(c, "a@x.io") == 1);
    assert_true(count_where_email(c, "b@x.io") == 0);
    assert_true(count_where_email(c, "c@x.io") == 1);
    assert_true(count_where_email(c, "d@x.io") == 0);

    /* sc_tx_try: catch the violation and go on */
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(try_insert(c, "e@x.io"), SC_OK);
    assert_int_equal(sc_tx_try(c, insert_dup_fn, NULL), SC_EUNIQUE);
    assert_int_equal(sc_conn_error(c)->code, SC_EUNIQUE);
    assert_string_equal(sc_conn_error(c)->constraint, "User_email_key");
    assert_int_equal(sc_tx_depth(c), 1);
    assert_int_equal(sc_tx_try(c, insert_ok_fn, "f@x.io"), SC_OK);
    int seen = 0;
    assert_int_equal(sc_tx_try(c, insert_dup_ignored_fn, &seen), SC_ETXFAILED);
    assert_int_equal(seen, SC_ETXFAILED);
    assert_int_equal(try_insert(c, "g@x.io"), SC_OK);
    assert_int_equal(sc_tx_commit(c), SC_OK);
    assert_true(count_where_email(c, "e@x.io") == 1);
    assert_true(count_where_email(c, "f@x.io") == 1);
    assert_true(count_where_email(c, "g@x.io") == 1);
    assert_true(count_where_email(c, "try-x@x.io") == 0);
    assert_true(count_where_email(c, "after@x.io") == 0);
    /* outside a transaction it is one of its own: all of FN or nothing */
    assert_int_equal(sc_tx_try(c, insert_dup_fn, NULL), SC_EUNIQUE);
    assert_int_equal(sc_tx_depth(c), 0);
    assert_true(count_where_email(c, "try-x@x.io") == 0);
    assert_int_equal(sc_tx_try(c, insert_ok_fn, "h@x.io"), SC_OK);
    assert_true(count_where_email(c, "h@x.io") == 1);
    assert_int_equal(sc_tx_try(c, NULL, NULL), SC_EINVAL);

    /* sc_tx_run: a function that goes on after a failure gets SC_ETXFAILED; nothing is kept */
    seen = 0;
    assert_int_equal(sc_tx_run(c, NULL, insert_dup_ignored_fn, &seen), SC_ETXFAILED);
    assert_int_equal(seen, SC_ETXFAILED);
    assert_int_equal(sc_tx_depth(c), 0);
    assert_true(count_where_email(c, "after@x.io") == 0);

    /* outside a transaction a failure is just that statement's */
    assert_int_equal(try_insert(c, "dup@x.io"), SC_EUNIQUE);
    assert_int_equal(try_insert(c, "i@x.io"), SC_OK);

    /* a syntax error fails the level too (PostgreSQL reports it when preparing) */
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(sc_stmt_prepare(&st, c, "SELEC 1"), SC_ESYNTAX);
    assert_int_equal(try_insert(c, "j@x.io"), SC_ETXFAILED);
    assert_int_equal(sc_tx_rollback(c), SC_OK);
}

/* A COMMIT that fails ends its transaction on both engines (SQLite kept it open). */
static void test_tx_commit_fails(void **state)
{
    sc_conn *c = *state;
    assert_int_equal(sc_conn_exec(c, "DROP TABLE IF EXISTS \"Chi\"; DROP TABLE IF EXISTS \"Par\";"
                                     "CREATE TABLE \"Par\" (\"id\" INTEGER PRIMARY KEY);"
                                     "CREATE TABLE \"Chi\" (\"id\" INTEGER PRIMARY KEY, \"pid\" INTEGER"
                                     " REFERENCES \"Par\" (\"id\") DEFERRABLE INITIALLY DEFERRED)"),
                     SC_OK);
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(sc_conn_exec(c, "INSERT INTO \"Chi\" VALUES (1, 99)"), SC_OK);
    assert_int_equal(sc_tx_commit(c), SC_EFOREIGNKEY);
    assert_int_equal(sc_conn_error(c)->code, SC_EFOREIGNKEY);
    assert_int_equal(sc_tx_depth(c), 0);
    assert_false(sc_conn_in_transaction(c));
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT count(*) FROM \"Chi\""), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t n;
    assert_int_equal(sc_stmt_column_int64(&n, st, 0), SC_OK);
    assert_true(n == 0);
    sc_stmt_release(st);
    assert_int_equal(sc_conn_exec(c, "DROP TABLE \"Chi\"; DROP TABLE \"Par\""), SC_OK);
}

/* SQLite: a retryable failure the function went on from still makes sc_tx_run retry. */
typedef struct snap_run {
    sc_conn *other;
    int calls;
    int refused;
} snap_run;

static int snapshot_fn(sc_conn *c, void *payload)
{
    snap_run *r = payload;
    r->calls++;
    count_users(c); /* a read: the snapshot */
    if (r->calls == 1)
        insert_user(r->other, "snap-other@x.io", "Oth"); /* another writer commits */
    int rc = try_insert(c, "snap-mine@x.io");            /* SQLITE_BUSY_SNAPSHOT the first time */
    if (rc != SC_OK)
        r->refused = try_insert(c, "snap-more@x.io");
    return r->refused == SC_ETXFAILED && r->calls == 1 ? SC_ETXFAILED : rc;
}

static void test_tx_run_cause(void **state)
{
    (void)state;
    if (g_pg)
        skip();
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.sqlite_busy_timeout_ms = 0;
    snap_run r = { NULL, 0, 0 };
    sc_conn *c;
    assert_int_equal(sc_conn_open(&c, g_url, &o, NULL), SC_OK);
    assert_int_equal(sc_conn_open(&r.other, g_url, &o, NULL), SC_OK);
    sc_retry_options ro = SC_RETRY_OPTIONS_INIT;
    ro.base_delay_us = 100;
    assert_int_equal(sc_tx_run(c, &ro, snapshot_fn, &r), SC_OK);
    assert_int_equal(r.calls, 2);
    assert_int_equal(r.refused, SC_ETXFAILED);
    assert_true(count_where_email(c, "snap-mine@x.io") == 1);
    sc_conn_close(r.other);
    sc_conn_close(c);
}

static void test_transactions(void **state)
{
    sc_conn *c = *state;
    assert_int_equal(sc_tx_depth(c), 0);
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_true(sc_conn_in_transaction(c));
    insert_user(c, "t1@x.io", "T1");
    assert_int_equal(sc_tx_rollback(c), SC_OK);
    assert_false(sc_conn_in_transaction(c));
    assert_true(count_users(c) == 0);

    assert_int_equal(sc_tx_begin(c, g_pg ? SC_TX_SERIALIZABLE : SC_TX_IMMEDIATE), SC_OK);
    insert_user(c, "t2@x.io", "T2");
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK); /* savepoint */
    assert_int_equal(sc_tx_depth(c), 2);
    insert_user(c, "t3@x.io", "T3");
    assert_int_equal(sc_tx_rollback(c), SC_OK); /* drops t3 only */
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    insert_user(c, "t4@x.io", "T4");
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(sc_tx_depth(c), 3);
    /* an error inside a savepoint does not doom the outer transaction */
    assert_int_equal(run_insert(c, "INSERT INTO \"User\" (\"email\") VALUES ('t2@x.io')",
                                "INSERT INTO \"User\" (\"email\") VALUES ('t2@x.io')"),
                     SC_EUNIQUE);
    assert_int_equal(sc_tx_rollback(c), SC_OK);
    assert_int_equal(sc_tx_commit(c), SC_OK);
    assert_int_equal(sc_tx_commit(c), SC_OK);
    assert_int_equal(sc_tx_depth(c), 0);
    assert_true(count_users(c) == 2);
    assert_int_equal(sc_tx_commit(c), SC_EINVAL);
    assert_int_equal(sc_tx_rollback(c), SC_EINVAL);
}

typedef struct run_state {
    int calls;
    int fail_times;
    int fail_code;
} run_state;

static int tx_body(sc_conn *c, void *payload)
{
    run_state *r = payload;
    r->calls++;
    char email[64];
    snprintf(email, sizeof email, "run%d@x.io", r->calls);
    insert_user(c, email, "Run");
    if (r->calls <= r->fail_times)
        return r->fail_code;
    return SC_OK;
}

static void test_tx_run(void **state)
{
    sc_conn *c = *state;
    /* retryable failures re-run the whole function; earlier attempts leave nothing */
    run_state r = { 0, 2, SC_ESERIALIZATION };
    sc_retry_options o = SC_RETRY_OPTIONS_INIT;
    o.base_delay_us = 100;
    assert_int_equal(sc_tx_run(c, &o, tx_body, &r), SC_OK);
    assert_int_equal(r.calls, 3);
    assert_true(count_users(c) == 1);

    /* other failures are not retried */
    run_state u = { 0, 5, SC_EUNIQUE };
    assert_int_equal(sc_tx_run(c, &o, tx_body, &u), SC_EUNIQUE);
    assert_int_equal(u.calls, 1);
    assert_true(count_users(c) == 1);

    /* attempts are capped */
    run_state busy = { 100, 1000, SC_EBUSY };
    o.max_attempts = 4;
    assert_int_equal(sc_tx_run(c, &o, tx_body, &busy), SC_EBUSY);
    assert_int_equal(busy.calls, 104);

    /* conflicts only when asked */
    run_state conf = { 200, 201, SC_ECONFLICT };
    assert_int_equal(sc_tx_run(c, &o, tx_body, &conf), SC_ECONFLICT);
    conf.calls = 300;
    conf.fail_times = 301;
    o.retry_conflicts = 1;
    assert_int_equal(sc_tx_run(c, &o, tx_body, &conf), SC_OK);
    assert_int_equal(conf.calls, 302);

    /* nested: runs once in a savepoint */
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    run_state nested = { 400, 401, SC_EDEADLOCK };
    assert_int_equal(sc_tx_run(c, &o, tx_body, &nested), SC_EDEADLOCK);
    assert_int_equal(nested.calls, 401);
    assert_int_equal(sc_tx_depth(c), 1);
    assert_int_equal(sc_tx_commit(c), SC_OK);
    assert_true(count_users(c) == 2);

    sc_retry_options bad = SC_RETRY_OPTIONS_INIT;
    bad.version = 0;
    assert_int_equal(sc_tx_run(c, &bad, tx_body, &r), SC_EINVAL);
}

static int versioned_update(sc_conn *c, int64_t id, int32_t version, const char *name)
{
    sc_stmt *st;
    int rc = sc_stmt_prepare2(
        &st, c,
        "UPDATE \"User\" SET \"name\" = ?1, \"version\" = \"version\" + 1"
        " WHERE \"id\" = ?2 AND \"version\" = ?3 RETURNING \"version\"",
        "UPDATE \"User\" SET \"name\" = $1, \"version\" = \"version\" + 1"
        " WHERE \"id\" = $2 AND \"version\" = $3 RETURNING \"version\"");
    if (rc != SC_OK)
        return rc;
    sc_stmt_bind_text(st, 1, name, -1);
    sc_stmt_bind_int64(st, 2, id);
    sc_stmt_bind_int32(st, 3, version);
    rc = sc_stmt_step_versioned(st);
    if (rc == SC_ROW) {
        int32_t v;
        sc_stmt_column_int32(&v, st, 0);
        assert_int_equal(v, version + 1);
        rc = SC_OK;
    }
    sc_stmt_release(st);
    return rc;
}

static void test_optimistic_lock(void **state)
{
    sc_conn *c = *state;
    int64_t id = insert_user(c, "v@x.io", "Vee");
    assert_int_equal(versioned_update(c, id, 0, "V1"), SC_OK);
    assert_int_equal(versioned_update(c, id, 0, "stale"), SC_ECONFLICT);
    assert_int_equal(sc_conn_error(c)->code, SC_ECONFLICT);
    assert_int_equal(versioned_update(c, id, 1, "V2"), SC_OK);
    assert_int_equal(versioned_update(c, 999, 0, "gone"), SC_ECONFLICT);

    /* without RETURNING: SC_DONE on success */
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare2(&st, c,
                                      "UPDATE \"User\" SET \"version\" = \"version\" + 1"
                                      " WHERE \"id\" = ?1 AND \"version\" = ?2",
                                      "UPDATE \"User\" SET \"version\" = \"version\" + 1"
                                      " WHERE \"id\" = $1 AND \"version\" = $2"),
                     SC_OK);
    sc_stmt_bind_int64(st, 1, id);
    sc_stmt_bind_int32(st, 2, 2);
    assert_int_equal(sc_stmt_step_versioned(st), SC_DONE);
    sc_stmt_reset(st);
    assert_int_equal(sc_stmt_step_versioned(st), SC_ECONFLICT);
    sc_stmt_release(st);
}

static void test_hook(void **state)
{
    sc_conn *c = *state;
    if (!g_hooked)
        skip();
    pthread_mutex_lock(&g_events.mu);
    g_events.statements = g_events.failed = g_events.slow = 0;
    pthread_mutex_unlock(&g_events.mu);
    insert_user(c, "h@x.io", "Hal");
    assert_int_equal(g_events.statements, 1);
    assert_true(g_events.last_rows == 1);
    assert_string_equal(g_events.last_sql, g_pg ? INSERT_USER_PG : INSERT_USER_SQLITE);
    assert_int_equal(run_insert(c, "INSERT INTO \"User\" (\"email\") VALUES ('h@x.io')",
                                "INSERT INTO \"User\" (\"email\") VALUES ('h@x.io')"),
                     SC_EUNIQUE);
    assert_int_equal(g_events.statements, 2);
    assert_int_equal(g_events.failed, 1);
    assert_int_equal(g_events.last_code, SC_EUNIQUE);
    assert_int_equal(g_events.slow, 0);
    /* a statement stopped early is reported when released */
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT \"id\" FROM \"User\""), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_int_equal(g_events.statements, 2);
    sc_stmt_release(st);
    assert_int_equal(g_events.statements, 3);

    /* a statement that fails to prepare is reported too, with its code */
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT nope FROM \"NoSuchTable\""), SC_ERROR);
    assert_null(st);
    assert_int_equal(g_events.statements, 4);
    assert_int_equal(g_events.failed, 2);
    assert_int_equal(g_events.last_code, SC_ERROR);
    assert_string_equal(g_events.last_sql, "SELECT nope FROM \"NoSuchTable\"");
    /* and a statement failing at run time after rows were read */
    assert_int_equal(sc_stmt_prepare(&st, c, g_pg ? "SELECT 1 / (x - 2) FROM generate_series(1, 3) x"
                                               : "SELECT CASE WHEN x = 2 THEN abs(-9223372036854775807 - 1) ELSE x END"
                                                 " FROM (SELECT 1 AS x UNION ALL SELECT 2 UNION ALL SELECT 3)"),
                     SC_OK);
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_ROW)
        ;
    assert_true(rc < 0);
    sc_stmt_release(st);
    assert_int_equal(g_events.statements, 5);
    assert_int_equal(g_events.failed, 3);
    assert_int_equal(g_events.last_code, rc);

    /* the slow threshold flags statements at or above it */
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.hook = rt_hook;
    o.hook_payload = &g_events;
    o.slow_threshold_us = 1;
    sc_conn *c2;
    assert_int_equal(sc_conn_open(&c2, g_url, &o, NULL), SC_OK);
    assert_int_equal(sc_conn_exec(c2, g_pg ? "SELECT pg_sleep(0.01)"
                                           : "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x+1"
                                             " FROM r LIMIT 20000) SELECT sum(x) FROM r"),
                     SC_OK);
    assert_int_equal(g_events.slow, 1);
    sc_conn_close(c2);
}

/* ---- SQLite-only failures ---- */

static void test_sqlite_busy(void **state)
{
    (void)state;
    if (g_pg)
        skip();
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.sqlite_busy_timeout_ms = 0;
    sc_conn *a, *b;
    assert_int_equal(sc_conn_open(&a, g_url, &o, NULL), SC_OK);
    assert_int_equal(sc_conn_open(&b, g_url, &o, NULL), SC_OK);
    assert_int_equal(sc_tx_begin(a, SC_TX_IMMEDIATE), SC_OK);
    expect_code(b, sc_tx_begin(b, SC_TX_IMMEDIATE), SC_EBUSY);
    assert_int_equal(sc_conn_error(b)->sqlite_code & 0xff, 5);
    assert_int_equal(sc_tx_depth(b), 0);
    assert_int_equal(sc_tx_rollback(a), SC_OK);

    /* BUSY_SNAPSHOT: a WAL reader that tries to write after another commit */
    assert_int_equal(sc_tx_begin(a, SC_TX_DEFAULT), SC_OK);
    assert_true(count_users(a) == 0);
    insert_user(b, "snap@x.io", "Snap");
    int rc = run_insert(a, "INSERT INTO \"User\" (\"email\") VALUES ('late@x.io')", "");
    expect_code(a, rc, SC_EBUSY);
    assert_int_equal(sc_conn_error(a)->sqlite_code, 517);
    assert_int_equal(sc_tx_rollback(a), SC_OK);
    sc_conn_close(a);
    sc_conn_close(b);
}

static void test_sqlite_interrupt(void **state)
{
    sc_conn *c = *state;
    if (g_pg)
        skip();
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare(&st, c,
                                     "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM r"
                                     " LIMIT 1000000) SELECT x FROM r"),
                     SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_int_equal(sc_conn_cancel(c), SC_OK);
    expect_code(c, sc_stmt_step(st), SC_ECANCELED);
    sc_stmt_release(st);
    assert_int_equal(count_users(c), 0);
}

/* ---- PostgreSQL-only failures ---- */

static void seed_two(sc_conn *c)
{
    insert_user(c, "one@x.io", "One");
    insert_user(c, "two@x.io", "Two");
}

static void test_pg_serialization_and_lock_timeout(void **state)
{
    sc_conn *c = *state;
    if (!g_pg)
        skip();
    seed_two(c);
    sc_conn *b = open_conn();
    assert_int_equal(sc_tx_begin(c, SC_TX_REPEATABLE_READ), SC_OK);
    assert_true(count_users(c) == 2);
    assert_int_equal(sc_conn_exec(b, "UPDATE \"User\" SET \"name\" = 'Bee' WHERE \"id\" = 1"), SC_OK);
    expect_code(c, sc_conn_exec(c, "UPDATE \"User\" SET \"name\" = 'Cee' WHERE \"id\" = 1"),
                SC_ESERIALIZATION);
    assert_string_equal(sc_conn_error(c)->sqlstate, "40001");
    assert_int_equal(sc_tx_rollback(c), SC_OK);

    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(sc_conn_exec(c, "UPDATE \"User\" SET \"name\" = 'Ell' WHERE \"id\" = 1"), SC_OK);
    assert_int_equal(sc_conn_exec(b, "SET lock_timeout = '50ms'"), SC_OK);
    expect_code(b, sc_conn_exec(b, "UPDATE \"User\" SET \"name\" = 'Emm' WHERE \"id\" = 1"),
                SC_ELOCKTIMEOUT);
    assert_int_equal(sc_tx_rollback(c), SC_OK);

    assert_int_equal(sc_conn_exec(b, "SET statement_timeout = '20ms'"), SC_OK);
    expect_code(b, sc_conn_exec(b, "SELECT pg_sleep(5)"), SC_ECANCELED);
    sc_conn_close(b);
}

typedef struct deadlock_arg {
    sc_conn *c;
    int rc;
} deadlock_arg;

static void *deadlock_other(void *p)
{
    deadlock_arg *a = p;
    a->rc = sc_conn_exec(a->c, "UPDATE \"User\" SET \"name\" = 'xx' WHERE \"id\" = 1");
    return NULL;
}

static void *cancel_later(void *p)
{
    struct timespec ts = { 0, 100 * 1000000L };
    nanosleep(&ts, NULL);
    sc_conn_cancel(p);
    return NULL;
}

static void test_pg_deadlock_cancel_lost(void **state)
{
    sc_conn *c = *state;
    if (!g_pg)
        skip();
    seed_two(c);
    sc_conn *b = open_conn();
    assert_int_equal(sc_conn_exec(c, "SET deadlock_timeout = '50ms'"), SC_OK);
    assert_int_equal(sc_conn_exec(b, "SET deadlock_timeout = '50ms'"), SC_OK);
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(sc_tx_begin(b, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(sc_conn_exec(b, "UPDATE \"User\" SET \"name\" = 'bb' WHERE \"id\" = 2"), SC_OK);
    assert_int_equal(sc_conn_exec(c, "UPDATE \"User\" SET \"name\" = 'cc' WHERE \"id\" = 1"), SC_OK);
    /* B wants C's row, C wants B's: exactly one of them is chosen as the victim */
    deadlock_arg arg = { b, 1 };
    pthread_t t;
    pthread_create(&t, NULL, deadlock_other, &arg);
    int rc = sc_conn_exec(c, "UPDATE \"User\" SET \"name\" = 'cc' WHERE \"id\" = 2");
    if (rc == SC_EDEADLOCK) {
        assert_string_equal(sc_conn_error(c)->sqlstate, "40P01");
        assert_int_equal(sc_tx_rollback(c), SC_OK); /* lets B go on */
        pthread_join(t, NULL);
        assert_int_equal(arg.rc, SC_OK);
        assert_int_equal(sc_tx_rollback(b), SC_OK);
    } else {
        /* B was the victim (its thread ends with the error) */
        pthread_join(t, NULL);
        assert_int_equal(arg.rc, SC_EDEADLOCK);
        assert_int_equal(sc_conn_error(b)->code, SC_EDEADLOCK);
        assert_int_equal(rc, SC_OK);
        assert_int_equal(sc_tx_rollback(b), SC_OK);
        assert_int_equal(sc_tx_rollback(c), SC_OK);
    }

    /* sc_conn_cancel from another thread stops a running statement */
    pthread_create(&t, NULL, cancel_later, c);
    expect_code(c, sc_conn_exec(c, "SELECT pg_sleep(5)"), SC_ECANCELED);
    pthread_join(t, NULL);
    assert_int_equal(sc_conn_ping(c), SC_OK);

    /* a terminated backend is a lost connection, and stays lost */
    sc_stmt *st;
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT pg_backend_pid()"), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t pid;
    sc_stmt_column_int64(&pid, st, 0);
    sc_stmt_release(st);
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%lld)", (long long)pid);
    assert_int_equal(sc_conn_exec(b, sql), SC_OK);
    rc = sc_conn_exec(c, "SELECT 1");
    assert_int_equal(rc, SC_ECONNECTION);
    assert_int_equal(sc_conn_error(c)->code, SC_ECONNECTION);
    assert_int_equal(sc_conn_ping(c), SC_ECONNECTION);
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT 2"), SC_ECONNECTION);
    sc_conn_close(c);

    /*
     * A backend terminated while its transaction sat idle: the COMMIT is
     * never sent and nothing was committed, so the caller gets a lost
     * connection, not an unknown outcome.
     */
    c = open_conn();
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT pg_backend_pid()"), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    sc_stmt_column_int64(&pid, st, 0);
    sc_stmt_release(st);
    snprintf(sql, sizeof sql, "SELECT pg_terminate_backend(%lld, 5000)", (long long)pid);
    assert_int_equal(sc_conn_exec(b, sql), SC_OK);
    rc = sc_tx_commit(c);
    assert_int_equal(rc, SC_ECONNECTION);
    assert_int_equal(sc_conn_error(c)->code, SC_ECONNECTION);
    sc_tx_rollback(c);
    sc_conn_close(b);
    sc_conn_close(c);
    *state = open_conn();
}

static void test_pg_types(void **state)
{
    sc_conn *c = *state;
    if (!g_pg)
        skip();
    assert_int_equal(sc_conn_exec(c, "DROP TYPE IF EXISTS \"Role\"; CREATE TYPE \"Role\" AS ENUM"
                                     " ('USER', 'ADMIN')"),
                     SC_OK);
    sc_stmt *st;
    assert_int_equal(
        sc_stmt_prepare(&st, c,
                        "SELECT DATE '2024-02-29', TIME '07:08:09.5', "
                        "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, -1234.0500::numeric(10,4), "
                        "0.000012::numeric, 'ADMIN'::\"Role\", 12345678901234567890::numeric, "
                        "'2024-02-29 12:34:56.789+02'::timestamptz, true, 3.5::real, 7::smallint, "
                        "'NaN'::numeric, '1 day'::interval"),
        SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    static const char *want[] = { "2024-02-29", "07:08:09.500000", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                                  "-1234.0500", "0.000012", "ADMIN", "12345678901234567890" };
    const char *s;
    for (int i = 0; i < 7; i++) {
        assert_int_equal(sc_stmt_column_text(&s, NULL, st, i), SC_OK);
        if (!g_binary && i == 1)
            assert_string_equal(s, "07:08:09.5");
        else
            assert_string_equal(s, want[i]);
    }
    sc_timestamp ts, expect;
    sc_timestamp_from_parts(&expect, 2024, 2, 29, 10, 34, 56, 789000);
    assert_int_equal(sc_stmt_column_timestamp(&ts, st, 7), SC_OK);
    assert_true(ts == expect);
    sc_timestamp_from_parts(&expect, 2024, 2, 29, 0, 0, 0, 0);
    assert_int_equal(sc_stmt_column_timestamp(&ts, st, 0), SC_OK);
    assert_true(ts == expect);
    bool b;
    assert_int_equal(sc_stmt_column_bool(&b, st, 8), SC_OK);
    assert_true(b);
    double d;
    assert_int_equal(sc_stmt_column_double(&d, st, 9), SC_OK);
    assert_true(d == 3.5);
    int32_t i32;
    assert_int_equal(sc_stmt_column_int32(&i32, st, 10), SC_OK);
    assert_int_equal(i32, 7);
    assert_int_equal(sc_stmt_column_text(&s, NULL, st, 11), SC_OK);
    assert_string_equal(s, "NaN");
    /* no binary decoder for interval: an error, never raw bytes */
    int rc = sc_stmt_column_text(&s, NULL, st, 12);
    if (g_binary) {
        assert_int_equal(rc, SC_ETYPE);
    } else {
        assert_int_equal(rc, SC_OK);
        assert_string_equal(s, "1 day");
    }
    sc_stmt_release(st);
}

/* The value of `SELECT <sql>` with parameter 1 bound to IN, read as int64. */
static int64_t site_run(sc_conn *c, sc_stmt_site *site, int64_t in, sc_stmt **used)
{
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare_site(&st, c, site), SC_OK);
    assert_int_equal(sc_stmt_bind_int64(st, 1, in), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t v = -1;
    assert_int_equal(sc_stmt_column_int64(&v, st, 0), SC_OK);
    if (used)
        *used = st;
    sc_stmt_release(st);
    return v;
}

static void test_sites(void **state)
{
    sc_conn *c = *state;
    static sc_stmt_site plus1 = SC_STMT_SITE("SELECT ?1 + 1", "SELECT $1::bigint + 1");
    static sc_stmt_site times2 = SC_STMT_SITE("SELECT ?1 * 2", "SELECT $1::bigint * 2");
    sc_stmt *a1, *a2, *b1;
    /* each site its own statement; the second use finds the same one (the dialect's text runs) */
    assert_int_equal(site_run(c, &plus1, 41, &a1), 42);
    assert_int_equal(site_run(c, &times2, 21, &b1), 42);
    assert_int_equal(site_run(c, &plus1, 1, &a2), 2);
    assert_ptr_equal(a1, a2);
    assert_ptr_not_equal(a1, b1);
    assert_true(plus1.id != 0 && times2.id != 0 && plus1.id != times2.id);

    /* the text cache and the site share the statement of one text */
    sc_stmt *t = NULL;
    assert_int_equal(sc_stmt_prepare(&t, c, g_pg ? plus1.pg_sql : plus1.sqlite_sql), SC_OK);
    assert_ptr_equal(t, a1);
    /* while it is in use the site gets a working second copy, freed on release */
    sc_stmt *twin = NULL;
    assert_int_equal(site_run(c, &plus1, 9, &twin), 10);
    assert_ptr_not_equal(twin, t);
    sc_stmt_release(t);
    assert_int_equal(site_run(c, &plus1, 99, &a2), 100);
    assert_ptr_equal(a2, a1);

    /* one site on a second connection: that connection's own statement */
    sc_conn *c2 = open_conn();
    sc_stmt *other = NULL;
    assert_int_equal(site_run(c2, &plus1, 5, &other), 6);
    assert_ptr_not_equal(other, a1);
    sc_conn_close(c2);
    assert_int_equal(site_run(c, &plus1, 6, NULL), 7);

    /* a later user of a site statement sees NULL for what it does not bind */
    static sc_stmt_site two = SC_STMT_SITE("SELECT ?1, ?2", "SELECT $1::int, $2::text");
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare_site(&st, c, &two), SC_OK);
    sc_stmt_bind_int32(st, 1, 7);
    sc_stmt_bind_text(st, 2, "seven", -1);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    sc_stmt_release(st);
    assert_int_equal(sc_stmt_prepare_site(&st, c, &two), SC_OK);
    sc_stmt_bind_int32(st, 1, 8);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int32_t v32 = 0;
    assert_int_equal(sc_stmt_column_int32(&v32, st, 0), SC_OK);
    assert_int_equal(v32, 8);
    assert_true(sc_stmt_column_is_null(st, 1));
    sc_stmt_release(st);

    /*
     * More sites than the cache holds (4 here) and than the first site
     * table: statements are evicted and prepared again, each site keeps
     * giving its own answer, and nothing is used after it is freed.
     */
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.stmt_cache_size = 4;
    sc_conn *small = NULL;
    assert_int_equal(sc_conn_open(&small, g_url, &o, NULL), SC_OK);
    enum { NSITES = 150 };
    sc_stmt_site *many = calloc(NSITES, sizeof *many);
    char(*texts)[2][64] = calloc(NSITES, sizeof *texts);
    assert_non_null(many);
    assert_non_null(texts);
    for (int i = 0; i < NSITES; i++) {
        snprintf(texts[i][0], sizeof texts[i][0], "SELECT ?1 + %d", i);
        snprintf(texts[i][1], sizeof texts[i][1], "SELECT $1::bigint + %d", i);
        many[i].sqlite_sql = texts[i][0];
        many[i].pg_sql = texts[i][1];
    }
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < NSITES; i++)
            assert_int_equal(site_run(small, &many[i], 1000 * round, NULL), 1000 * round + i);
    /* the most recent one is still cached: found again, not prepared again */
    sc_stmt *x1, *x2;
    site_run(small, &many[NSITES - 1], 0, &x1);
    site_run(small, &many[NSITES - 1], 0, &x2);
    assert_ptr_equal(x1, x2);
    sc_conn_close(small);
    free(many);
    free(texts);

    /* bad arguments */
    assert_int_equal(sc_stmt_prepare_site(NULL, c, &plus1), SC_EINVAL);
    assert_int_equal(sc_stmt_prepare_site(&st, NULL, &plus1), SC_EINVAL);
    assert_int_equal(sc_stmt_prepare_site(&st, c, NULL), SC_EINVAL);
}

/* What the inline paths hand to the library: conversions, type errors, rows changed, rewinds. */
static void test_inline_edges(void **state)
{
    sc_conn *c = *state;
    sc_stmt *st = NULL;
    int64_t i64 = 0;
    double d = 0;
    const char *txt = NULL;
    size_t len = 0;
    /* a REAL with a fraction is not an integer, and is not truncated */
    assert_int_equal(sc_stmt_prepare2(&st, c, "SELECT 2.5, 3.0, '12'",
                                      "SELECT 2.5::float8, 3.0::float8, '12'"),
                     SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 0), SC_ETYPE);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 1), SC_OK);
    assert_true(i64 == 3);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 2), SC_OK);
    assert_true(i64 == 12);
    /* a number read as text is converted into memory the statement frees at its next step */
    assert_int_equal(sc_stmt_column_text(&txt, &len, st, 1), SC_OK);
    assert_true(strcmp(txt, "3") == 0 || strcmp(txt, "3.0") == 0);
    assert_int_equal(sc_stmt_column_double(&d, st, 2), SC_OK);
    assert_true(d == 12.0);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 9), SC_EINVAL);
    assert_int_equal(sc_stmt_step(st), SC_DONE);
    sc_stmt_release(st);

    /* rows changed: the count once the statement has finished */
    assert_int_equal(sc_stmt_prepare2(&st, c,
                                      "INSERT INTO \"User\" (\"email\", \"name\") VALUES "
                                      "('i1@x.io', 'Ia'), ('i2@x.io', 'Ib') RETURNING \"id\"",
                                      "INSERT INTO \"User\" (\"email\", \"name\") VALUES "
                                      "('i1@x.io', 'Ia'), ('i2@x.io', 'Ib') RETURNING \"id\""),
                     SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_int_equal(sc_stmt_step(st), SC_DONE);
    assert_true(sc_stmt_changes(st) == 2);
    sc_stmt_release(st);

    /* a bind in the middle of the rows rewinds the statement first */
    assert_int_equal(
        sc_stmt_prepare2(&st, c, "SELECT \"id\" FROM \"User\" WHERE \"id\" >= ?1 ORDER BY \"id\"",
                         "SELECT \"id\" FROM \"User\" WHERE \"id\" >= $1 ORDER BY \"id\""),
        SC_OK);
    assert_int_equal(sc_stmt_bind_int64(st, 1, 0), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t first = 0;
    assert_int_equal(sc_stmt_column_int64(&first, st, 0), SC_OK);
    assert_int_equal(sc_stmt_bind_int64(st, 1, first + 1), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 0), SC_OK);
    assert_true(i64 == first + 1);
    /* a parameter out of range is an error, not a write past the bit set */
    assert_int_equal(sc_stmt_bind_int64(st, 2, 1), SC_EINVAL);
    assert_int_equal(sc_stmt_bind_int64(st, 0, 1), SC_EINVAL);
    assert_int_equal(sc_stmt_bind_text(st, 65, "x", -1), SC_EINVAL);
    sc_stmt_release(st);

    /* a finished statement takes new values and runs again without a reset */
    assert_int_equal(sc_stmt_prepare2(&st, c, "INSERT INTO \"Post\" (\"id\", \"authorId\") VALUES (?1, ?2)",
                                      "INSERT INTO \"Post\" (\"id\", \"authorId\") VALUES ($1, $2)"),
                     SC_OK);
    assert_int_equal(sc_stmt_bind_int64(st, 1, 901), SC_OK);
    assert_int_equal(sc_stmt_bind_int64(st, 2, first), SC_OK);
    assert_int_equal(sc_stmt_exec(st), SC_OK);
    assert_int_equal(sc_stmt_bind_int64(st, 1, 902), SC_OK);
    assert_int_equal(sc_stmt_exec(st), SC_OK);
    assert_true(sc_stmt_changes(st) == 1);
    sc_stmt_release(st);
    assert_int_equal(sc_stmt_prepare2(&st, c, "SELECT count(*), sum(\"id\") FROM \"Post\" WHERE \"id\" > 900",
                                      "SELECT count(*), sum(\"id\") FROM \"Post\" WHERE \"id\" > 900"),
                     SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 0), SC_OK);
    assert_true(i64 == 2);
    assert_int_equal(sc_stmt_column_int64(&i64, st, 1), SC_OK);
    assert_true(i64 == 901 + 902);
    sc_stmt_release(st);

    /*
     * A large copied value does not stay with the released statement until
     * its next user (SQLite keeps bound values until they are replaced or
     * cleared): the memory SQLite holds grows by the copy while bound and
     * falls back on release, and the next user sees NULL.
     */
    if (!g_pg) {
        enum { BIG = 1 << 20 };
        char *big = malloc(BIG + 1);
        assert_non_null(big);
        memset(big, 'x', BIG);
        big[BIG] = '\0';
        sqlite3_int64 before = sqlite3_memory_used();
        assert_int_equal(sc_stmt_prepare(&st, c, "SELECT length(?1)"), SC_OK);
        assert_int_equal(sc_stmt_bind_text(st, 1, big, -1), SC_OK);
        assert_true(sqlite3_memory_used() - before >= BIG);
        assert_int_equal(sc_stmt_step(st), SC_ROW);
        assert_int_equal(sc_stmt_column_int64(&i64, st, 0), SC_OK);
        assert_true(i64 == BIG);
        sc_stmt_release(st);
        assert_true(sqlite3_memory_used() - before < BIG / 2);
        assert_int_equal(sc_stmt_prepare(&st, c, "SELECT length(?1)"), SC_OK);
        assert_int_equal(sc_stmt_step(st), SC_ROW);
        assert_true(sc_stmt_column_is_null(st, 0));
        sc_stmt_release(st);
        /* the same for a blob */
        before = sqlite3_memory_used();
        assert_int_equal(sc_stmt_prepare(&st, c, "SELECT length(?1)"), SC_OK);
        assert_int_equal(sc_stmt_bind_blob(st, 1, big, BIG), SC_OK);
        assert_true(sqlite3_memory_used() - before >= BIG);
        sc_stmt_release(st);
        assert_true(sqlite3_memory_used() - before < BIG / 2);
        free(big);
    }

    /* an outcome the caller decided, recorded like the runtime's own */
    assert_int_equal(sc_conn_set_error(c, SC_ECONFLICT, "changed since read"), SC_ECONFLICT);
    assert_int_equal(sc_conn_error(c)->code, SC_ECONFLICT);
    assert_string_equal(sc_conn_error(c)->message, "changed since read");
    assert_string_equal(sc_conn_error(c)->sqlstate, "");
    assert_int_equal(sc_conn_set_error(NULL, SC_ENOTFOUND, "x"), SC_ENOTFOUND);

    /* NULL statements are refused, never dereferenced */
    assert_int_equal(sc_stmt_step(NULL), SC_EINVAL);
    assert_int_equal(sc_stmt_bind_int64(NULL, 1, 1), SC_EINVAL);
    assert_int_equal(sc_stmt_reset(NULL), SC_EINVAL);
    sc_stmt_release(NULL);
}

static int setup_any(void **state)
{
    return setup(state);
}

int main(int argc, char **argv)
{
    g_pg = argc > 1 && strcmp(argv[1], "pg") == 0;
    if (g_pg) {
        if (rt_pg_create_db(g_url, sizeof g_url, g_dbname, sizeof g_dbname, "rt_engine") != 0) {
            fprintf(stderr, "cannot create a test database on the fixture cluster\n");
            return 1;
        }
    } else {
        rt_sqlite_url(g_url, sizeof g_url, "engine");
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_types, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_sqlite_time_formats, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_cache, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_sites, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_inline_edges, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_constraint_errors, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_quoted_names, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_bind_failures, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_transactions, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_tx_run, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_tx_error_rule, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_tx_commit_fails, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_tx_run_cause, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_optimistic_lock, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_hook, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_sqlite_busy, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_sqlite_interrupt, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_pg_serialization_and_lock_timeout, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_pg_deadlock_cancel_lost, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_pg_types, setup_any, teardown),
        cmocka_unit_test_setup_teardown(test_pg_time_zone, setup_any, teardown),
    };
    g_binary = 0;
    int failed = cmocka_run_group_tests_name(g_pg ? "pg text results" : "sqlite", tests, NULL, NULL);
    /* SQLite again without the hook: the statements take the inline paths */
    if (!g_pg) {
        g_hooked = 0;
        failed += cmocka_run_group_tests_name("sqlite, no hook", tests, NULL, NULL);
    }
    if (g_pg) {
        g_binary = 1;
        failed += cmocka_run_group_tests_name("pg binary results", tests, NULL, NULL);
        rt_pg_drop_db(g_dbname);
    }
    return failed ? 1 : 0;
}
