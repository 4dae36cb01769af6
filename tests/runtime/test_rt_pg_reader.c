/*
 * test_rt_pg_reader.c - a model's own PostgreSQL reader (sc_model.read_pg,
 * what schemac generates for typed queries of plain values) and the runtime
 * around it, on both engines, under valgrind:
 *
 * - it reads a single row (sc_stmt_fetch_one) and a whole list
 *   (sc_stmt_fetch_list) when every column comes in the binary form its
 *   field reads as it is, and is not called otherwise (another form, SQLite);
 * - when it gives a value back (SC__READ_OTHER) the rows are read by the
 *   field table, with the same values and the table's errors; out of memory
 *   is reported as such;
 * - the one-function path of a PostgreSQL fetch_one gives the same results
 *   as the step, read and release it stands for: not found, a failed run, a
 *   statement taken out of the cache by a failed run (freed, nothing leaks),
 *   a failed transaction, a connection with a hook.
 *
 *   test_rt_pg_reader sqlite | pg
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "rt_test.h"
#include "schemac/fields.h"
#include "schemac/pg_rows.h"

/* the library's own view of a connection: its statements in use out of the cache (sc_conn.loose) */
#include "../../runtime/src/internal.h"

static bool g_pg;
static char g_url[640];
static char g_dbname[128];

typedef struct rrow {
    int32_t id;
    char *name;
    int64_t big;
    bool has_big;
    double score;
    bool flag;
    sc_timestamp at;
    void *sc__block;
} rrow;

typedef struct rrow_list {
    rrow *items;
    size_t count;
} rrow_list;

static const sc_field rfields[] = {
    {.type = SC_FIELD_INT32, .at = offsetof(rrow, id)},
    {.type = SC_FIELD_TEXT, .at = offsetof(rrow, name)},
    {.type = SC_FIELD_INT64, .flags = SC_FIELD_NULLABLE, .at = offsetof(rrow, big), .has_at = offsetof(rrow, has_big)},
    {.type = SC_FIELD_DOUBLE, .at = offsetof(rrow, score)},
    {.type = SC_FIELD_BOOL, .at = offsetof(rrow, flag)},
    {.type = SC_FIELD_TIMESTAMP, .at = offsetof(rrow, at)},
};

static void rrow_clear(void *p)
{
    rrow *r = p;
    sc_value_free(r->name, r->sc__block);
    memset(r, 0, sizeof *r);
}

/* What the reader does when called (and how often it was). */
enum { READ_ROWS, READ_OTHER, READ_NOMEM };
static int g_mode;
static int g_calls;
static size_t g_last_n;

/* The reader schemac would generate for these fields, counting its calls. */
static int rrow_read_pg(void **out, const void *result, int r0, size_t n, sc_stmt *st)
{
    g_calls++;
    g_last_n = n;
    if (g_mode == READ_OTHER)
        return SC__READ_OTHER;
    if (g_mode == READ_NOMEM)
        return SC_ENOMEM;
    const PGresult *res = result;
    int *lens = sc__x_pg_lens(st, n);
    if (!lens)
        return SC_ENOMEM;
    size_t text = 0;
    for (size_t i = 0; i < n; i++) {
        lens[i] = PQgetlength(res, r0 + (int)i, 1);
        text += (size_t)lens[i];
    }
    char *t;
    void *mark;
    rrow *rows = sc__pgr_block(n, sizeof *rows, text + n, &t, &mark);
    if (!rows)
        return SC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const int r = r0 + (int)i;
        rrow *row = &rows[i];
        if (PQgetlength(res, r, 0) != 4 || (lens[i] == 0 && PQgetisnull(res, r, 1)) || PQgetlength(res, r, 3) != 8 ||
            PQgetlength(res, r, 4) != 1 || PQgetlength(res, r, 5) != 8)
            goto other;
        row->id = (int32_t)sc__pgr_be32(PQgetvalue(res, r, 0));
        row->name = sc__pgr_text(&t, PQgetvalue(res, r, 1), lens[i]);
        const int lb = PQgetlength(res, r, 2);
        if (lb == 8) {
            row->big = (int64_t)sc__pgr_be64(PQgetvalue(res, r, 2));
            row->has_big = true;
        } else if (lb == 0 && PQgetisnull(res, r, 2)) {
            row->big = 0;
            row->has_big = false;
        } else {
            goto other;
        }
        row->score = sc__pgr_float8(PQgetvalue(res, r, 3));
        row->flag = *PQgetvalue(res, r, 4) != 0;
        row->at = (sc_timestamp)(sc__pgr_be64(PQgetvalue(res, r, 5)) + (uint64_t)SC__PGR_EPOCH_US);
        row->sc__block = mark;
    }
    *out = rows;
    return SC_OK;
other:
    free(rows);
    return SC__READ_OTHER;
}

static const sc_model rmodel = {sizeof(rrow), offsetof(rrow_list, count), NULL, rrow_clear, rfields, 6, offsetof(rrow, sc__block),
                                rrow_read_pg};

/* 2026-12-07 10:00:00 UTC plus I seconds */
static sc_timestamp at_of(int i)
{
    return (sc_timestamp)(INT64_C(1796637600) + i) * 1000000;
}

static sc_conn *open_conn(const sc_conn_options *opts)
{
    sc_conn *c = NULL;
    assert_int_equal(sc_conn_open(&c, g_url, opts, NULL), SC_OK);
    return c;
}

/* N rows: id i, name "row i", big i * 1000 (NULL for every third), score i / 4, flag odd, at at_of(i). */
static void fill(sc_conn *c, int n)
{
    assert_int_equal(sc_conn_exec(c, g_pg ? "DROP TABLE IF EXISTS r; CREATE TABLE r (id INT4 PRIMARY KEY, name TEXT, big INT8,"
                                            " score FLOAT8 NOT NULL, flag BOOL NOT NULL, at TIMESTAMPTZ NOT NULL)"
                                          : "DROP TABLE IF EXISTS r; CREATE TABLE r (id INTEGER PRIMARY KEY, name TEXT, big INTEGER,"
                                            " score REAL NOT NULL, flag INTEGER NOT NULL, at TEXT NOT NULL)"),
                     SC_OK);
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    static sc_stmt_site ins = SC_STMT_SITE("INSERT INTO r (id, name, big, score, flag, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", NULL);
    for (int i = 1; i <= n; i++) {
        sc_stmt *st = NULL;
        char name[32];
        snprintf(name, sizeof name, "row %d", i);
        int rc = sc_stmt_prepare_site(&st, c, &ins);
        if (rc == SC_OK)
            rc = sc_stmt_bind_int32(st, 1, i);
        if (rc == SC_OK)
            rc = sc_stmt_bind_text(st, 2, name, -1);
        if (rc == SC_OK)
            rc = i % 3 == 0 ? sc_stmt_bind_null(st, 3) : sc_stmt_bind_int64(st, 3, (int64_t)i * 1000);
        if (rc == SC_OK)
            rc = sc_stmt_bind_double(st, 4, i / 4.0);
        if (rc == SC_OK)
            rc = sc_stmt_bind_bool(st, 5, i % 2 == 1);
        if (rc == SC_OK)
            rc = sc_stmt_bind_timestamp(st, 6, at_of(i));
        assert_int_equal(sc_stmt_finish(st, rc, SC_FINISH_EXEC), SC_OK);
    }
    assert_int_equal(sc_tx_commit(c), SC_OK);
}

static void check_row(const rrow *r, int i)
{
    char name[32];
    snprintf(name, sizeof name, "row %d", i);
    assert_int_equal(r->id, i);
    assert_string_equal(r->name, name);
    assert_int_equal(r->has_big, i % 3 != 0);
    assert_int_equal(r->big, i % 3 == 0 ? 0 : (int64_t)i * 1000);
    assert_true(r->score == i / 4.0);
    assert_int_equal(r->flag, i % 2 == 1);
    assert_int_equal(r->at, at_of(i));
}

#define ONE_SQL "SELECT id, name, big, score, flag, at FROM r WHERE id = ?1"

static int fetch_one(rrow **out, sc_conn *c, sc_stmt_site *site, int id)
{
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, c, site);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(st, 1, id);
    return sc_stmt_fetch_one(out, st, rc, &rmodel);
}

static int fetch_all(rrow_list *out, sc_conn *c, sc_stmt_site *site)
{
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, c, site);
    return sc_stmt_fetch_list(out, st, rc, 0, &rmodel);
}

/* Rows whose columns are the fields' own forms: the reader reads them (on PostgreSQL), one call a result. */
static void test_reads_rows(void **state)
{
    (void)state;
    sc_conn *c = open_conn(NULL);
    fill(c, 300);
    static sc_stmt_site one = SC_STMT_SITE(ONE_SQL, NULL);
    g_mode = READ_ROWS;
    g_calls = 0;
    for (int i = 1; i <= 6; i++) {
        rrow *r = NULL;
        assert_int_equal(fetch_one(&r, c, &one, i), SC_OK);
        check_row(r, i);
        sc_row_free(r, &rmodel);
    }
    assert_int_equal(g_calls, g_pg ? 6 : 0);
    rrow *none = NULL;
    assert_int_equal(fetch_one(&none, c, &one, 999), SC_ENOTFOUND);
    assert_null(none);

    static sc_stmt_site all = SC_STMT_SITE("SELECT id, name, big, score, flag, at FROM r ORDER BY id", NULL);
    g_calls = 0;
    rrow_list list = {0};
    assert_int_equal(fetch_all(&list, c, &all), SC_OK);
    assert_int_equal(list.count, 300);
    for (size_t i = 0; i < list.count; i++)
        check_row(&list.items[i], (int)i + 1);
    /* a value the program puts in a row read in one block is its own, and freed with the list */
    list.items[7].name = strdup("mine");
    sc_list_free(&list, &rmodel);
    assert_int_equal(g_calls, g_pg ? 1 : 0);
    if (g_pg)
        assert_int_equal(g_last_n, 300);

    static sc_stmt_site empty = SC_STMT_SITE("SELECT id, name, big, score, flag, at FROM r WHERE id < 0", NULL);
    assert_int_equal(fetch_all(&list, c, &empty), SC_OK);
    assert_int_equal(list.count, 0);
    sc_list_free(&list, &rmodel);
    sc_conn_close(c);
}

/* A column in another form than its field's own (int4 for an INT64): the table reads the rows, the same values. */
static void test_other_forms(void **state)
{
    (void)state;
    if (!g_pg)
        skip();
    sc_conn *c = open_conn(NULL);
    fill(c, 20);
    static sc_stmt_site one = SC_STMT_SITE("SELECT id, name, CAST(big AS INT4), score, flag, at FROM r WHERE id = $1", NULL);
    static sc_stmt_site all = SC_STMT_SITE("SELECT id, name, CAST(big AS INT4), score, flag, at FROM r ORDER BY id", NULL);
    g_mode = READ_ROWS;
    g_calls = 0;
    rrow *r = NULL;
    assert_int_equal(fetch_one(&r, c, &one, 4), SC_OK);
    check_row(r, 4);
    sc_row_free(r, &rmodel);
    rrow_list list = {0};
    assert_int_equal(fetch_all(&list, c, &all), SC_OK);
    assert_int_equal(list.count, 20);
    for (size_t i = 0; i < list.count; i++)
        check_row(&list.items[i], (int)i + 1);
    sc_list_free(&list, &rmodel);
    assert_int_equal(g_calls, 0);
    /* text results: no column in a binary form, the table reads them */
    sc_conn_options o;
    sc_conn_options_init(&o);
    o.pg_binary_results = 0;
    sc_conn *t = open_conn(&o);
    static sc_stmt_site tone = SC_STMT_SITE("SELECT id, name, big, score, flag, at FROM r WHERE id = $1", NULL);
    assert_int_equal(fetch_one(&r, t, &tone, 5), SC_OK);
    check_row(r, 5);
    sc_row_free(r, &rmodel);
    assert_int_equal(g_calls, 0);
    sc_conn_close(t);
    sc_conn_close(c);
}

/* The reader gives the rows back: the table reads them, with the same values, or with its own error. */
static void test_given_back(void **state)
{
    (void)state;
    sc_conn *c = open_conn(NULL);
    fill(c, 50);
    static sc_stmt_site one = SC_STMT_SITE(ONE_SQL, NULL);
    static sc_stmt_site all = SC_STMT_SITE("SELECT id, name, big, score, flag, at FROM r ORDER BY id", NULL);
    g_mode = READ_OTHER;
    g_calls = 0;
    rrow *r = NULL;
    assert_int_equal(fetch_one(&r, c, &one, 9), SC_OK);
    check_row(r, 9);
    sc_row_free(r, &rmodel);
    rrow_list list = {0};
    assert_int_equal(fetch_all(&list, c, &all), SC_OK);
    assert_int_equal(list.count, 50);
    for (size_t i = 0; i < list.count; i++)
        check_row(&list.items[i], (int)i + 1);
    sc_list_free(&list, &rmodel);
    assert_int_equal(g_calls, g_pg ? 2 : 0);

    /* SQL NULL where the field holds none: the reader gives it back, the table says SC_ENULL; nothing is left */
    g_mode = READ_ROWS;
    assert_int_equal(sc_conn_exec(c, "UPDATE r SET name = NULL WHERE id = 30"), SC_OK);
    r = NULL;
    assert_int_equal(fetch_one(&r, c, &one, 30), SC_ENULL);
    assert_null(r);
    list = (rrow_list){0};
    assert_int_equal(fetch_all(&list, c, &all), SC_ENULL);
    assert_null(list.items);
    assert_int_equal(list.count, 0);
    /* and the statements go on working */
    assert_int_equal(fetch_one(&r, c, &one, 31), SC_OK);
    check_row(r, 31);
    sc_row_free(r, &rmodel);
    sc_conn_close(c);
}

/* The reader out of memory: SC_ENOMEM with the connection's error said, and the next call reads again. */
static void test_out_of_memory(void **state)
{
    (void)state;
    if (!g_pg)
        skip();
    sc_conn *c = open_conn(NULL);
    fill(c, 10);
    static sc_stmt_site one = SC_STMT_SITE(ONE_SQL, NULL);
    static sc_stmt_site all = SC_STMT_SITE("SELECT id, name, big, score, flag, at FROM r ORDER BY id", NULL);
    g_mode = READ_NOMEM;
    rrow *r = NULL;
    assert_int_equal(fetch_one(&r, c, &one, 2), SC_ENOMEM);
    assert_null(r);
    assert_int_equal(sc_conn_error(c)->code, SC_ENOMEM);
    assert_string_equal(sc_conn_error(c)->message, "out of memory");
    rrow_list list = {0};
    assert_int_equal(fetch_all(&list, c, &all), SC_ENOMEM);
    assert_int_equal(list.count, 0);
    g_mode = READ_ROWS;
    assert_int_equal(fetch_one(&r, c, &one, 2), SC_OK);
    check_row(r, 2);
    sc_row_free(r, &rmodel);
    assert_int_equal(fetch_all(&list, c, &all), SC_OK);
    assert_int_equal(list.count, 10);
    sc_list_free(&list, &rmodel);
    sc_conn_close(c);
}

/*
 * fetch_one's one-function path against the step, read and release it
 * stands for: a failed run (the transaction fails with it), a statement
 * that a changed table took out of the cache (freed at its release: under
 * valgrind nothing leaks), a failed transaction refused without a run, and
 * a connection with a hook (every statement reported).
 */
static void test_fetch_one_paths(void **state)
{
    (void)state;
    rt_events ev;
    memset(&ev, 0, sizeof ev);
    pthread_mutex_init(&ev.mu, NULL);
    sc_conn_options o;
    sc_conn_options_init(&o);
    o.hook = rt_hook;
    o.hook_payload = &ev;
    sc_conn *h = open_conn(&o);
    fill(h, 5);
    static sc_stmt_site hone = SC_STMT_SITE(ONE_SQL, NULL);
    g_mode = READ_ROWS;
    g_calls = 0;
    int before = ev.statements;
    rrow *r = NULL;
    assert_int_equal(fetch_one(&r, h, &hone, 3), SC_OK);
    check_row(r, 3);
    sc_row_free(r, &rmodel);
    assert_int_equal(fetch_one(&r, h, &hone, 99), SC_ENOTFOUND);
    assert_int_equal(ev.statements - before, 2);
    assert_int_equal(g_calls, g_pg ? 1 : 0);
    sc_conn_close(h);
    pthread_mutex_destroy(&ev.mu);

    sc_conn *c = open_conn(NULL);
    static sc_stmt_site one = SC_STMT_SITE(ONE_SQL, NULL);
    static sc_stmt_site bad = SC_STMT_SITE("SELECT id, name, big, score, flag, at FROM r WHERE id = CAST(?1 AS INT4) / 0", NULL);
    /* a failed run fails the transaction; the next statement is refused without running */
    assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(fetch_one(&r, c, &one, 1), SC_OK);
    check_row(r, 1);
    sc_row_free(r, &rmodel);
    r = NULL;
    int rc = fetch_one(&r, c, &bad, 1);
    if (g_pg) {
        assert_int_not_equal(rc, SC_OK);
        assert_null(r);
        assert_int_equal(fetch_one(&r, c, &one, 2), SC_ETXFAILED);
        assert_null(r);
    } else {
        /* SQLite divides by zero into NULL: no row */
        assert_int_equal(rc, SC_ENOTFOUND);
    }
    assert_int_equal(sc_tx_rollback(c), SC_OK);
    assert_int_equal(fetch_one(&r, c, &one, 2), SC_OK);
    check_row(r, 2);
    sc_row_free(r, &rmodel);
    if (g_pg) {
        /* in a transaction a changed result type fails the run and takes the statement out of the cache */
        assert_int_equal(sc_tx_begin(c, SC_TX_DEFAULT), SC_OK);
        assert_int_equal(sc_conn_exec(c, "ALTER TABLE r ALTER COLUMN big TYPE INT4"), SC_OK);
        r = NULL;
        assert_int_not_equal(fetch_one(&r, c, &one, 2), SC_OK);
        assert_null(r);
        /* and freed at its release, not kept with the statements in use until the connection closes */
        assert_null(c->loose);
        assert_int_equal(sc_tx_rollback(c), SC_OK);
        /* prepared again at the next call */
        assert_int_equal(fetch_one(&r, c, &one, 2), SC_OK);
        check_row(r, 2);
        sc_row_free(r, &rmodel);
    }
    sc_conn_close(c);
}

/* A pipeline whose result callback runs another statement on its own (the misuse), items 100, 101, 102. */
typedef struct nested {
    sc_conn *c;
    sc_stmt_site *item, *other;
    sc_stmt *st; /* every item's statement (one in flight per item: the same one serves them all) */
    int other_rc;
    int32_t other_value;
    int32_t seen[3];
} nested;

static int nested_send(void *ctx, size_t i, sc_stmt **st)
{
    nested *x = ctx;
    int rc = x->st ? SC_OK : sc_stmt_prepare_site(&x->st, x->c, x->item);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int32(x->st, 1, 100 + (int32_t)i);
    *st = x->st;
    if (i == 0 && rc == SC_OK) {
        /* every statement the items use is prepared before the pipeline starts */
        sc_stmt *o = NULL;
        rc = sc_stmt_prepare_site(&o, x->c, x->other);
        sc_stmt_release(o);
    }
    return rc;
}

static int nested_result(void *ctx, size_t i, sc_stmt *st)
{
    nested *x = ctx;
    int rc = sc_stmt_step(st);
    if (rc == SC_ROW)
        rc = sc_stmt_column_int32(&x->seen[i], st, 0);
    if (rc == SC_OK)
        rc = sc_stmt_step(st) == SC_DONE ? SC_OK : SC_ERROR;
    if (i == 0) {
        sc_stmt *o = NULL;
        x->other_rc = sc_stmt_prepare_site(&o, x->c, x->other);
        if (x->other_rc == SC_OK) {
            x->other_rc = sc_stmt_step(o);
            if (x->other_rc == SC_ROW)
                sc_stmt_column_int32(&x->other_value, o, 0);
        }
        sc_stmt_release(o);
    }
    return rc;
}

/*
 * What a run must not mistake for its own result (PostgreSQL): inside a
 * pipeline a statement run on its own is refused (sent, it would join the
 * pipeline and take the next item's result), and a statement that leaves
 * the connection copying ends its run with an error instead of waiting for
 * an end of results that never comes.
 */
static void test_run_states(void **state)
{
    (void)state;
    if (!g_pg)
        skip();
    sc_conn *c = open_conn(NULL);
    static sc_stmt_site item = SC_STMT_SITE("SELECT CAST(?1 AS INT4)", NULL);
    static sc_stmt_site other = SC_STMT_SITE("SELECT CAST(42 AS INT4)", NULL);
    for (size_t n = 1; n <= 3; n += 2) {
        nested x = {c, &item, &other, NULL, SC_OK, 0, {0, 0, 0}};
        size_t failed = 99;
        assert_int_equal(sc_pipeline_run(c, n, nested_send, nested_result, &x, &failed), SC_OK);
        sc_stmt_release(x.st);
        assert_int_equal(x.other_rc, SC_EINVAL);
        assert_int_equal(x.other_value, 0);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(x.seen[i], 100 + (int32_t)i);
    }
    /* the connection goes on */
    sc_stmt *st = NULL;
    int32_t v = 0;
    assert_int_equal(sc_stmt_prepare_site(&st, c, &other), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_int_equal(sc_stmt_column_int32(&v, st, 0), SC_OK);
    assert_int_equal(v, 42);
    sc_stmt_release(st);
    sc_conn_close(c);

    /* a COPY run as a statement: an error, not an endless wait */
    c = open_conn(NULL);
    st = NULL;
    assert_int_equal(sc_stmt_prepare(&st, c, "COPY (SELECT 1) TO STDOUT"), SC_OK);
    assert_true(sc_stmt_step(st) < 0);
    sc_stmt_release(st);
    sc_conn_close(c);
}

/* SQL's sum and count of the keys sc__bind_int_keys binds as $1 (SQLite: ?1, a JSON array); RC its answer. */
static int key_sum(sc_conn *c, const char *pg_sql, const int64_t *v, size_t n, int64_t *sum, int64_t *count)
{
    sc_stmt *st = NULL;
    const char *sql = g_pg ? pg_sql : "SELECT CAST(COALESCE(SUM(value), 0) AS INTEGER), COUNT(*) FROM json_each(?1)";
    int rc = sc_stmt_prepare(&st, c, sql);
    if (rc == SC_OK)
        rc = sc__bind_int_keys(st, 1, v, n);
    if (rc == SC_OK)
        rc = sc_stmt_step(st);
    if (rc == SC_ROW) {
        assert_int_equal(sc_stmt_column_int64(sum, st, 0), SC_OK);
        assert_int_equal(sc_stmt_column_int64(count, st, 1), SC_OK);
        rc = SC_OK;
    }
    sc_stmt_release(st);
    return rc;
}

/*
 * Integer keys as one array parameter: binary for int4[] and int8[] on
 * PostgreSQL (every element's sign and width), an array literal for
 * another type (int2[]) or a value out of int4's range (the server's own
 * error), a JSON array on SQLite; none at all too.
 */
static void test_int_keys(void **state)
{
    (void)state;
    sc_conn *c = open_conn(NULL);
    const int64_t four[] = {1, -2, INT32_MAX, INT32_MIN, 70000};
    const int64_t eight[] = {INT64_C(5000000000), -INT64_C(5000000000), 7, INT64_MAX - 1};
    const int64_t small[] = {3, -4, 300};
    int64_t sum = 0, count = 0;
    const char *s4 = "SELECT COALESCE(SUM(x), 0)::int8, COUNT(*) FROM unnest($1::int4[]) AS t(x)";
    const char *s8 = "SELECT COALESCE(SUM(x / 1000), 0)::int8, COUNT(*) FROM unnest($1::int8[]) AS t(x)";
    const char *s2 = "SELECT COALESCE(SUM(x), 0)::int8, COUNT(*) FROM unnest($1::int2[]) AS t(x)";
    assert_int_equal(key_sum(c, s4, four, 5, &sum, &count), SC_OK);
    assert_int_equal(count, 5);
    assert_int_equal(sum, 1 - 2 + (int64_t)INT32_MAX + (int64_t)INT32_MIN + 70000);
    if (g_pg) {
        /* each element's own value, in order */
        sc_stmt *st = NULL;
        assert_int_equal(sc_stmt_prepare(&st, c, "SELECT x FROM unnest($1::int4[]) WITH ORDINALITY AS t(x, i) ORDER BY i"), SC_OK);
        assert_int_equal(sc__bind_int_keys(st, 1, four, 5), SC_OK);
        for (int i = 0; i < 5; i++) {
            int64_t x = 0;
            assert_int_equal(sc_stmt_step(st), SC_ROW);
            assert_int_equal(sc_stmt_column_int64(&x, st, 0), SC_OK);
            assert_int_equal(x, four[i]);
        }
        assert_int_equal(sc_stmt_step(st), SC_DONE);
        sc_stmt_release(st);
        assert_int_equal(key_sum(c, s8, eight, 4, &sum, &count), SC_OK);
        assert_int_equal(count, 4);
        assert_int_equal(sum, 5000000 - 5000000 + 0 + (INT64_MAX - 1) / 1000);
        assert_int_equal(key_sum(c, s2, small, 3, &sum, &count), SC_OK);
        assert_int_equal(sum, 299);
        assert_int_equal(count, 3);
        /* past int4: the text form, refused by the server */
        const int64_t big[] = {1, INT64_C(3000000000)};
        assert_true(key_sum(c, s4, big, 2, &sum, &count) < 0);
        assert_non_null(strstr(sc_conn_error(c)->message, "out of range"));
    }
    assert_int_equal(key_sum(c, s4, NULL, 0, &sum, &count), SC_OK);
    assert_int_equal(count, 0);
    assert_int_equal(sum, 0);
    sc_conn_close(c);
}

int main(int argc, char **argv)
{
    g_pg = argc > 1 && strcmp(argv[1], "pg") == 0;
    if (g_pg) {
        if (rt_pg_create_db(g_url, sizeof g_url, g_dbname, sizeof g_dbname, "rt_pg_reader") != 0) {
            fprintf(stderr, "cannot create a test database on the fixture cluster\n");
            return 1;
        }
    } else {
        rt_sqlite_url(g_url, sizeof g_url, "pg_reader");
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_rows),
        cmocka_unit_test(test_other_forms),
        cmocka_unit_test(test_given_back),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_fetch_one_paths),
        cmocka_unit_test(test_run_states),
        cmocka_unit_test(test_int_keys),
    };
    int rc = cmocka_run_group_tests_name(g_pg ? "pg reader pg" : "pg reader sqlite", tests, NULL, NULL);
    if (g_pg)
        rt_pg_drop_db(g_dbname);
    return rc;
}
