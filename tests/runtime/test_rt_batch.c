/*
 * test_rt_batch.c - schemac/batch.h: create_many by COPY (values exact,
 * hostile text, the database-default fallback), inserts with their ids and
 * versioned updates in one pipeline, a pipeline whose traffic fills both
 * socket buffers, and failures in the middle of a batch: nothing
 * half-written, the row named, the connection usable afterwards.
 *
 *   test_rt_batch sqlite | pg
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <schemac/schemac.h>

#include "testutil.h"

static const char *g_engine;
static sc_conn *g_conn;
static char g_url[640]; /* PostgreSQL: the test's database */

static bool is_pg(void)
{
    return sc_conn_dialect(g_conn) == SC_DIALECT_POSTGRES;
}

/* ---------------------------------------------------------------- a row type by hand */

typedef struct thing {
    int32_t id;
    const char *name;
    const char *note; /* NULL: SQL NULL */
    int32_t qty;
    bool ok;
    double ratio;
    const uint8_t *data; /* NULL: SQL NULL */
    size_t data_len;
    sc_timestamp at;
    const char *tag;     /* NULL: the database default 'dflt' */
    int32_t version;
} thing;

enum { PER_ROW = 8 };

static int thing_bind(sc_stmt *st, const void *rows, size_t n, sc_timestamp now)
{
    (void)now;
    const thing *t = rows;
    int rc = SC_OK;
    for (size_t r = 0; rc == SC_OK && r < n; r++) {
        int b = (int)(r * PER_ROW);
        rc = sc_stmt_bind_text(st, b + 1, t[r].name, -1);
        if (rc == SC_OK)
            rc = t[r].note ? sc_stmt_bind_text(st, b + 2, t[r].note, -1) : sc_stmt_bind_null(st, b + 2);
        if (rc == SC_OK)
            rc = sc_stmt_bind_int32(st, b + 3, t[r].qty);
        if (rc == SC_OK)
            rc = sc_stmt_bind_bool(st, b + 4, t[r].ok);
        if (rc == SC_OK)
            rc = sc_stmt_bind_double(st, b + 5, t[r].ratio);
        if (rc == SC_OK)
            rc = t[r].data ? sc_stmt_bind_blob(st, b + 6, t[r].data, t[r].data_len) : sc_stmt_bind_null(st, b + 6);
        if (rc == SC_OK)
            rc = sc_stmt_bind_timestamp(st, b + 7, t[r].at);
        if (rc == SC_OK)
            rc = t[r].tag ? sc_stmt_bind_text(st, b + 8, t[r].tag, -1) : sc_stmt_bind_null(st, b + 8);
    }
    return rc;
}

#define COLS "\"name\", \"note\", \"qty\", \"ok\", \"ratio\", \"data\", \"at\", \"tag\""
static sc_stmt_site one = SC_STMT_SITE("INSERT INTO \"things\" (" COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, COALESCE(?8, 'dflt'))",
                                       "INSERT INTO \"things\" (" COLS
                                       ") VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE(CAST($8 AS TEXT), 'dflt'))");
static sc_stmt_site batch = SC_STMT_SITE(NULL, NULL);
static const sc_insert_spec spec = {&one, &batch, 3, PER_ROW, sizeof(thing), thing_bind};
static const char columns[] = "-------D";

static sc_stmt_site one_id =
    SC_STMT_SITE("INSERT INTO \"things\" (" COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, COALESCE(?8, 'dflt'))",
                 "INSERT INTO \"things\" (" COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE(CAST($8 AS TEXT), 'dflt')) RETURNING \"id\"");
static const sc_insert_spec spec_id = {&one_id, NULL, 1, PER_ROW, sizeof(thing), thing_bind};

/* ---------------------------------------------------------------- setup */

static int open_pg(void)
{
    char base[512];
    if (!testutil_pg_url(base, sizeof base))
        return -1;
    sc_conn *admin = NULL;
    if (sc_conn_open(&admin, base, NULL, NULL) != SC_OK)
        return -1;
    char name[64], sql[256];
    snprintf(name, sizeof name, "rt_batch_%ld", (long)getpid());
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\"", name);
    sc_conn_exec(admin, sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\"", name);
    int rc = sc_conn_exec(admin, sql);
    sc_conn_close(admin);
    if (rc != SC_OK)
        return rc;
    char *slash = strrchr(base, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    snprintf(g_url, sizeof g_url, "%s/%s", base, name);
    return sc_conn_open(&g_conn, g_url, NULL, NULL);
}

static int setup(void **state)
{
    (void)state;
    int rc = strcmp(g_engine, "pg") == 0 ? open_pg() : sc_conn_open(&g_conn, "sqlite::memory:", NULL, NULL);
    return rc == SC_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    sc_conn_close(g_conn);
    return 0;
}

/* A fresh, empty table before each test. */
static int fresh(void **state)
{
    (void)state;
    sc_conn_exec(g_conn, "DROP TABLE IF EXISTS \"things\"");
    const char *ddl = is_pg() ? "CREATE TABLE \"things\" (\"id\" SERIAL PRIMARY KEY, \"name\" TEXT NOT NULL UNIQUE, \"note\" TEXT,"
                                " \"qty\" INTEGER NOT NULL CHECK (\"qty\" >= 0), \"ok\" BOOLEAN NOT NULL, \"ratio\" DOUBLE PRECISION NOT NULL,"
                                " \"data\" BYTEA, \"at\" TIMESTAMP(6) NOT NULL, \"tag\" TEXT NOT NULL DEFAULT 'dflt',"
                                " \"version\" INTEGER NOT NULL DEFAULT 1)"
                              : "CREATE TABLE \"things\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT, \"name\" TEXT NOT NULL UNIQUE,"
                                " \"note\" TEXT, \"qty\" INTEGER NOT NULL CHECK (\"qty\" >= 0), \"ok\" BOOLEAN NOT NULL,"
                                " \"ratio\" DOUBLE PRECISION NOT NULL, \"data\" BLOB, \"at\" TEXT NOT NULL,"
                                " \"tag\" TEXT NOT NULL DEFAULT 'dflt', \"version\" INTEGER NOT NULL DEFAULT 1)";
    return sc_conn_exec(g_conn, ddl) == SC_OK ? 0 : -1;
}

static int64_t count_rows(void)
{
    sc_stmt *st = NULL;
    int64_t n = -1;
    assert_int_equal(sc_stmt_prepare(&st, g_conn, "SELECT COUNT(*) FROM \"things\""), SC_OK);
    assert_int_equal(sc_stmt_fetch_int64(&n, st, SC_OK), SC_OK);
    return n;
}

/* The connection answers a plain query: out of pipeline and COPY mode, no failed transaction. */
static void assert_usable(void)
{
    assert_int_equal(sc_conn_exec(g_conn, "SELECT 1"), SC_OK);
    (void)count_rows();
}

/* RC must be WANT; else the connection's message tells why. */
#define assert_rc(call, want)                                                                                          \
    do {                                                                                                               \
        int rc_ = (call);                                                                                              \
        if (rc_ != (want))                                                                                             \
            fail_msg("%s: %d, want %d: %s", #call, rc_, (int)(want), sc_conn_error(g_conn)->message);                  \
    } while (0)

static void assert_message(const char *want)
{
    const char *msg = sc_conn_error(g_conn)->message;
    if (!strstr(msg, want))
        fail_msg("message \"%s\" does not contain \"%s\"", msg, want);
}

/* Text that COPY's format must carry: every escape, and its own markers as data. */
static const char *const hostile[] = {
    "back\\slash", "tab\there", "line\nfeed", "carriage\rreturn", "\\N", "\\.", "\\.\n", "end\\", "crlf\r\n",
    "quote'\"", "caf\xc3\xa9 \xf0\x9f\x98\x80", "", " lead and trail ", "\x01\x1f control", "\\\\x00",
};
enum { NHOSTILE = sizeof hostile / sizeof hostile[0] };

/* Row I of a test set: every field varied, hostile text included. */
static void make(thing *t, size_t i, char *name, size_t name_size, char *note, size_t note_size, uint8_t *data)
{
    memset(t, 0, sizeof *t);
    snprintf(name, name_size, "n%zu-%s", i, hostile[i % NHOSTILE]);
    t->name = name;
    if (i % 5 != 3) {
        /* long enough that the rows span several 64 KB messages */
        int k = snprintf(note, note_size, "%s|", hostile[(i * 7) % NHOSTILE]);
        for (size_t j = (size_t)k; j + 1 < note_size; j++)
            note[j] = (char)('a' + (i + j) % 26);
        note[note_size - 1] = '\0';
        t->note = note;
    }
    t->qty = (int32_t)(i * 3);
    t->ok = i % 2 == 0;
    t->ratio = i % 4 == 0 ? 0.1 * (double)i : -1.0 / (double)(i + 3);
    if (i % 3 != 1) {
        for (size_t j = 0; j < 8; j++)
            data[j] = (uint8_t)(i * 31 + j * 97);
        data[3] = '\\';
        data[4] = 0;
        t->data = data;
        t->data_len = i % 3 == 0 ? 8 : 0; /* empty bytes are not NULL */
    }
    t->at = (sc_timestamp)INT64_C(1700000000000000) + (sc_timestamp)i * 1003000; /* whole milliseconds: SQLite keeps those */
    t->tag = i % 4 == 2 ? hostile[i % NHOSTILE] : "t";
    t->version = 1;
}

typedef struct set {
    size_t n;
    thing *rows;
    char (*names)[64];
    char (*notes)[200];
    uint8_t (*data)[8];
} set;

static set set_make(size_t n)
{
    set s = {n, calloc(n, sizeof(thing)), calloc(n, 64), calloc(n, 200), calloc(n, 8)};
    assert_non_null(s.rows);
    for (size_t i = 0; i < n; i++)
        make(&s.rows[i], i, s.names[i], 64, s.notes[i], 200, s.data[i]);
    return s;
}

static void set_free(set *s)
{
    free(s->rows);
    free(s->names);
    free(s->notes);
    free(s->data);
}

/* The table holds exactly S's rows in id order (ids FIRST_ID on), each value as written. */
static void assert_stored(const set *s)
{
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare(&st, g_conn,
                                     "SELECT \"id\", \"name\", \"note\", \"qty\", \"ok\", \"ratio\", \"data\", \"at\", \"tag\" FROM \"things\" ORDER BY \"id\""),
                     SC_OK);
    size_t i = 0;
    int rc;
    int32_t last = 0;
    while ((rc = sc_stmt_step(st)) == SC_ROW) {
        assert_true(i < s->n);
        const thing *t = &s->rows[i];
        int32_t id = 0, qty = 0;
        const char *text = NULL;
        size_t len = 0;
        assert_int_equal(sc_stmt_column_int32(&id, st, 0), SC_OK);
        assert_true(id > last);
        last = id;
        assert_int_equal(sc_stmt_column_text(&text, &len, st, 1), SC_OK);
        assert_string_equal(text, t->name);
        if (t->note) {
            assert_int_equal(sc_stmt_column_text(&text, &len, st, 2), SC_OK);
            assert_string_equal(text, t->note);
        } else {
            assert_int_equal(sc_stmt_column_is_null(st, 2), 1);
        }
        assert_int_equal(sc_stmt_column_int32(&qty, st, 3), SC_OK);
        assert_int_equal(qty, t->qty);
        bool ok = !t->ok;
        assert_int_equal(sc_stmt_column_bool(&ok, st, 4), SC_OK);
        assert_int_equal(ok, t->ok);
        double ratio = 0;
        assert_int_equal(sc_stmt_column_double(&ratio, st, 5), SC_OK);
        assert_true(ratio == t->ratio);
        if (t->data) {
            const void *p = NULL;
            assert_int_equal(sc_stmt_column_blob(&p, &len, st, 6), SC_OK);
            assert_int_equal(len, t->data_len);
            assert_true(len == 0 || memcmp(p, t->data, len) == 0);
        } else {
            assert_int_equal(sc_stmt_column_is_null(st, 6), 1);
        }
        sc_timestamp at = 0;
        assert_int_equal(sc_stmt_column_timestamp(&at, st, 7), SC_OK);
        assert_true(at == t->at);
        assert_int_equal(sc_stmt_column_text(&text, &len, st, 8), SC_OK);
        assert_string_equal(text, t->tag ? t->tag : "dflt");
        i++;
    }
    assert_int_equal(rc, SC_DONE);
    assert_int_equal(i, s->n);
    sc_stmt_release(st);
}

/* ---------------------------------------------------------------- create_many by COPY */

static void test_copy_values(void **state)
{
    (void)state;
    set s = set_make(700);
    int64_t n = -1;
    assert_int_equal(sc_insert_many_copy(g_conn, &spec, columns, s.rows, s.n, 0, &n), SC_OK);
    assert_int_equal(n, 700);
    assert_stored(&s);
    /* below SC_COPY_MIN_ROWS, and none at all */
    assert_int_equal(fresh(NULL), 0);
    assert_int_equal(sc_insert_many_copy(g_conn, &spec, columns, s.rows, 2, 0, &n), SC_OK);
    assert_int_equal(n, 2);
    assert_int_equal(sc_insert_many_copy(g_conn, &spec, columns, s.rows, 0, 0, &n), SC_OK);
    assert_int_equal(n, 0);
    s.n = 2;
    assert_stored(&s);
    set_free(&s);
}

/* A row that leaves a defaulted column NULL: from it on the INSERTs, in order, the default applied. */
static void test_copy_defaults(void **state)
{
    (void)state;
    set s = set_make(12);
    s.rows[5].tag = NULL;
    s.rows[9].tag = NULL;
    int64_t n = -1;
    assert_int_equal(sc_insert_many_copy(g_conn, &spec, columns, s.rows, s.n, 0, &n), SC_OK);
    assert_int_equal(n, 12);
    assert_stored(&s);
    /* a list column ('L'): never COPY, same rows */
    assert_int_equal(fresh(NULL), 0);
    assert_int_equal(sc_insert_many_copy(g_conn, &spec, "------L-", s.rows, s.n, 0, &n), SC_OK);
    assert_stored(&s);
    set_free(&s);
}

/* A unique violation in the middle: nothing stored, the row named, the connection usable, the caller's level intact. */
static void test_copy_error(void **state)
{
    (void)state;
    set s = set_make(10);
    s.rows[6].name = s.rows[2].name;
    int64_t n = -1;
    assert_int_equal(sc_insert_many_copy(g_conn, &spec, columns, s.rows, s.n, 0, &n), SC_EUNIQUE);
    assert_int_equal(n, -1);
    assert_message(is_pg() ? "row 6: " : "rows 6-8: ");
    if (is_pg())
        assert_string_equal(sc_conn_error(g_conn)->constraint, "things_name_key");
    assert_usable();
    assert_int_equal(count_rows(), 0);

    /* inside the caller's transaction: its own row stays, the batch's are gone */
    assert_int_equal(sc_tx_begin(g_conn, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(sc_insert_many_copy(g_conn, &spec, columns, &s.rows[9], 1, 0, NULL), SC_OK);
    assert_int_equal(sc_insert_many_copy(g_conn, &spec, columns, s.rows, 9, 0, NULL), SC_EUNIQUE);
    assert_int_equal(sc_tx_commit(g_conn), SC_OK);
    assert_int_equal(count_rows(), 1);

    /* a value the client cannot write (a timestamp past year 9999): nothing sent, the row named */
    assert_int_equal(fresh(NULL), 0);
    s.rows[6].name = "fresh name";
    s.rows[7].at = INT64_C(400000000000000000);
    assert_int_equal(sc_insert_many_copy(g_conn, &spec, columns, s.rows, s.n, 0, NULL), SC_ERANGE);
    assert_message(is_pg() ? "row 7: " : "rows 6-8: ");
    assert_usable();
    assert_int_equal(count_rows(), 0);

    /* after the failures, the same rows go in */
    s.rows[7].at = 1000;
    assert_int_equal(sc_insert_many_copy(g_conn, &spec, columns, s.rows, s.n, 0, &n), SC_OK);
    assert_int_equal(n, 10);
    assert_stored(&s);
    set_free(&s);
}

/* ---------------------------------------------------------------- create_many_ids */

static void test_ids(void **state)
{
    (void)state;
    enum { N = 2500 };
    set s = set_make(N);
    int32_t *ids = calloc(N, sizeof *ids);
    assert_rc(sc_insert_many_ids(ids, sizeof *ids, g_conn, &spec_id, s.rows, N, 0), SC_OK);
    assert_stored(&s);
    /* ids in the rows' order: each row's id finds its name */
    sc_stmt *st = NULL;
    for (size_t i = 0; i < N; i += 97) {
        const char *name = NULL;
        size_t len = 0;
        assert_int_equal(sc_stmt_prepare2(&st, g_conn, "SELECT \"name\" FROM \"things\" WHERE \"id\" = ?1",
                                          "SELECT \"name\" FROM \"things\" WHERE \"id\" = $1"),
                         SC_OK);
        assert_int_equal(sc_stmt_bind_int32(st, 1, ids[i]), SC_OK);
        assert_int_equal(sc_stmt_step(st), SC_ROW);
        assert_int_equal(sc_stmt_column_text(&name, &len, st, 0), SC_OK);
        assert_string_equal(name, s.rows[i].name);
        sc_stmt_release(st);
    }
    for (size_t i = 1; i < N; i++)
        assert_true(ids[i] > ids[i - 1]);

    /* 64-bit ids, and a duplicate in the middle: nothing stored, the row named, usable after */
    assert_int_equal(fresh(NULL), 0);
    int64_t big[4] = {0};
    assert_int_equal(sc_insert_many_ids(big, sizeof *big, g_conn, &spec_id, s.rows, 4, 0), SC_OK);
    assert_true(big[0] > 0 && big[1] == big[0] + 1 && big[3] == big[0] + 3);
    assert_int_equal(fresh(NULL), 0);
    s.rows[1500].name = s.rows[3].name;
    assert_int_equal(sc_insert_many_ids(ids, sizeof *ids, g_conn, &spec_id, s.rows, N, 0), SC_EUNIQUE);
    assert_message("row 1500: ");
    assert_usable();
    assert_int_equal(count_rows(), 0);
    /* a CHECK violation at the first row, inside the caller's transaction */
    assert_int_equal(sc_tx_begin(g_conn, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(sc_insert_many_ids(NULL, 0, g_conn, &spec_id, &s.rows[4], 1, 0), SC_OK);
    s.rows[0].qty = -1;
    assert_int_equal(sc_insert_many_ids(ids, sizeof *ids, g_conn, &spec_id, s.rows, 3, 0), SC_ECHECK);
    assert_message("row 0: ");
    assert_int_equal(sc_tx_commit(g_conn), SC_OK);
    assert_int_equal(count_rows(), 1);
    assert_int_equal(sc_insert_many_ids(ids, 2, g_conn, &spec_id, s.rows, 3, 0), SC_EINVAL);
    free(ids);
    set_free(&s);
}

/* ---------------------------------------------------------------- update_many */

enum { F_QTY = 1, F_NOTE = 2 };
static const sc_set_column set_cols[] = {{"\"qty\"", F_QTY, NULL, NULL}, {"\"note\"", F_NOTE, NULL, NULL}};
static const char *const where_cols[] = {"\"id\"", "\"version\"", NULL};
static sc_update_cache upd_cache;
static const sc_update_spec upd = {"UPDATE \"things\" SET ", set_cols, 2, "\"version\" = \"version\" + 1", where_cols, NULL, &upd_cache};
static const sc_field fields[] = {
    {.type = SC_FIELD_INT32, .flags = SC_FIELD_SET, .at = offsetof(thing, qty), .mask = F_QTY},
    {.type = SC_FIELD_TEXT, .flags = SC_FIELD_SET, .at = offsetof(thing, note), .mask = F_NOTE},
};
static const sc_field where[] = {{.type = SC_FIELD_INT32, .at = offsetof(thing, id)},
                                 {.type = SC_FIELD_INT32, .at = offsetof(thing, version)}};
static sc_stmt_site stale = SC_STMT_SITE("SELECT 1 FROM \"things\" WHERE \"id\" = ?1", NULL);
static const sc_update_many_spec upd_many = {&upd, fields, 2, where, 2, &stale, sizeof(thing)};

/* The qty and version of row ID. */
static void stored_qty(int32_t id, int32_t *qty, int32_t *version)
{
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare2(&st, g_conn, "SELECT \"qty\", \"version\" FROM \"things\" WHERE \"id\" = ?1",
                                      "SELECT \"qty\", \"version\" FROM \"things\" WHERE \"id\" = $1"),
                     SC_OK);
    assert_int_equal(sc_stmt_bind_int32(st, 1, id), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    assert_int_equal(sc_stmt_column_int32(qty, st, 0), SC_OK);
    assert_int_equal(sc_stmt_column_int32(version, st, 1), SC_OK);
    sc_stmt_release(st);
}

static void test_updates(void **state)
{
    (void)state;
    enum { N = 1200 };
    set s = set_make(N);
    int32_t *ids = calloc(N, sizeof *ids);
    assert_rc(sc_insert_many_ids(ids, sizeof *ids, g_conn, &spec_id, s.rows, N, 0), SC_OK);
    for (size_t i = 0; i < N; i++) {
        s.rows[i].id = ids[i];
        s.rows[i].qty = (int32_t)(i + 1000);
    }
    int *outcome = calloc(N, sizeof *outcome);

    /* all or nothing: a stale row fails the call, naming it */
    s.rows[3].version = 5;
    assert_int_equal(sc_update_many(g_conn, &upd_many, s.rows, N, F_QTY, NULL), SC_ECONFLICT);
    assert_message("row 3: ");
    assert_usable();
    int32_t qty = 0, version = 0;
    stored_qty(ids[0], &qty, &version);
    assert_int_equal(qty, 0);
    assert_int_equal(version, 1);
    /* a row that is gone, the same */
    s.rows[3].version = 1;
    s.rows[8].id = 999999;
    assert_int_equal(sc_update_many(g_conn, &upd_many, s.rows, N, F_QTY, NULL), SC_ENOTFOUND);
    assert_message("row 8: ");

    /* outcomes: the stale and the gone row reported, the rest written */
    s.rows[3].version = 5;
    assert_int_equal(sc_update_many(g_conn, &upd_many, s.rows, N, F_QTY, outcome), SC_OK);
    for (size_t i = 0; i < N; i++) {
        int want = i == 3 ? SC_ECONFLICT : i == 8 ? SC_ENOTFOUND : SC_OK;
        if (outcome[i] != want)
            fail_msg("row %zu: outcome %d, want %d", i, outcome[i], want);
    }
    stored_qty(ids[0], &qty, &version);
    assert_int_equal(qty, 1000);
    assert_int_equal(version, 2);
    stored_qty(ids[N - 1], &qty, &version);
    assert_int_equal(qty, N - 1 + 1000);
    assert_int_equal(version, 2);
    stored_qty(ids[3], &qty, &version);
    assert_int_equal(qty, 9);
    assert_int_equal(version, 1);

    /* a CHECK violation in the middle: every row rolled back, the row named */
    for (size_t i = 0; i < N; i++) {
        s.rows[i].version = i == 3 ? 1 : 2;
        s.rows[i].qty = 7;
    }
    s.rows[8].id = ids[8];
    s.rows[8].version = 1;
    s.rows[600].qty = -1;
    assert_int_equal(sc_update_many(g_conn, &upd_many, s.rows, N, F_QTY | F_NOTE, outcome), SC_ECHECK);
    assert_message("row 600: ");
    assert_usable();
    stored_qty(ids[0], &qty, &version);
    assert_int_equal(qty, 1000);
    assert_int_equal(version, 2);
    /* and then it goes through: notes too */
    s.rows[600].qty = 6;
    assert_int_equal(sc_update_many(g_conn, &upd_many, s.rows, N, F_QTY | F_NOTE, NULL), SC_OK);
    stored_qty(ids[600], &qty, &version);
    assert_int_equal(qty, 6);
    assert_int_equal(version, 3);
    assert_int_equal(sc_update_many(g_conn, &upd_many, s.rows, 0, F_QTY, NULL), SC_OK);
    free(outcome);
    free(ids);
    set_free(&s);
}

/* ---------------------------------------------------------------- the pipeline itself */

typedef struct echo {
    sc_stmt *st;
    char *text;
    size_t len;
    size_t seen;
} echo;

static sc_stmt_site echo_site = SC_STMT_SITE("SELECT ?1", "SELECT CAST($1 AS TEXT)");

static int echo_send(void *ctx, size_t i, sc_stmt **out)
{
    echo *e = ctx;
    int rc = e->st ? SC_OK : sc_stmt_prepare_site(&e->st, g_conn, &echo_site);
    e->text[0] = (char)('a' + i % 26);
    if (rc == SC_OK)
        rc = sc_stmt_bind_text(e->st, 1, e->text, (long)e->len);
    *out = e->st;
    return rc;
}

static int echo_result(void *ctx, size_t i, sc_stmt *st)
{
    echo *e = ctx;
    const char *got = NULL;
    size_t len = 0;
    int rc = sc_stmt_step(st);
    if (rc != SC_ROW)
        return rc;
    rc = sc_stmt_column_text(&got, &len, st, 0);
    if (rc == SC_OK && (len != e->len || got[0] != (char)('a' + i % 26) || got[len - 1] != 'z'))
        return sc_conn_set_error(g_conn, SC_ERROR, "an item came back wrong");
    if (rc == SC_OK && i != e->seen++)
        return sc_conn_set_error(g_conn, SC_ERROR, "an item out of order");
    return rc;
}

/* 60 items of 256 KB each way: far more than both socket buffers hold, so the results must be read while sending. */
static void test_pipeline_big(void **state)
{
    (void)state;
    echo e = {NULL, malloc(256 * 1024), 256 * 1024, 0};
    memset(e.text, 'z', e.len);
    size_t bad = 99;
    assert_rc(sc_pipeline_run(g_conn, 60, echo_send, echo_result, &e, &bad), SC_OK);
    assert_int_equal(e.seen, 60);
    /* a result callback's failure stops the run at its item */
    e.seen = 1;
    assert_int_equal(sc_pipeline_run(g_conn, 5, echo_send, echo_result, &e, &bad), SC_ERROR);
    assert_int_equal(bad, 0);
    assert_message("out of order");
    sc_stmt_release(e.st);
    assert_usable();
    free(e.text);
    assert_int_equal(sc_pipeline_run(g_conn, 0, echo_send, echo_result, &e, NULL), SC_OK);
    assert_int_equal(sc_pipeline_run(NULL, 1, echo_send, echo_result, &e, NULL), SC_EINVAL);
}

/* A pipeline of pg_sleep(secs[i]). */
typedef struct naps {
    sc_stmt *st;
    const double *secs;
} naps;

static sc_stmt_site nap_site = SC_STMT_SITE("SELECT ?1", "SELECT pg_sleep(CAST($1 AS FLOAT8))");

static int nap_send(void *ctx, size_t i, sc_stmt **out)
{
    naps *z = ctx;
    int rc = z->st ? SC_OK : sc_stmt_prepare_site(&z->st, g_conn, &nap_site);
    if (rc == SC_OK)
        rc = sc_stmt_bind_double(z->st, 1, z->secs[i]);
    *out = z->st;
    return rc;
}

static int nap_result(void *ctx, size_t i, sc_stmt *st)
{
    (void)ctx;
    (void)i;
    int rc = sc_stmt_step(st);
    return rc == SC_ROW ? SC_OK : rc;
}

/* The statement timeout holds inside a pipeline: the item that runs too long is stopped, the rest aborted, the connection usable. */
static void test_pipeline_timeout(void **state)
{
    (void)state;
    if (!is_pg())
        skip();
    static const double secs[] = {0, 0.01, 0, 30, 0, 0};
    naps z = {NULL, secs};
    size_t bad = 99;
    assert_int_equal(sc_conn_set_statement_timeout(g_conn, 300), SC_OK);
    assert_int_equal(sc_pipeline_run(g_conn, 3, nap_send, nap_result, &z, &bad), SC_OK);
    assert_int_equal(sc_pipeline_run(g_conn, 6, nap_send, nap_result, &z, &bad), SC_ESTMTTIMEOUT);
    assert_int_equal(bad, 3);
    assert_message("statement timeout");
    sc_stmt_release(z.st);
    assert_int_equal(sc_conn_set_statement_timeout(g_conn, 0), SC_OK);
    assert_usable();
}

/* Without named statements (as behind PgBouncer): the pipeline sends each item with its text (PQsendQueryParams). */
static void test_unnamed(void **state)
{
    (void)state;
    if (!is_pg())
        skip();
    sc_conn_options opts = SC_CONN_OPTIONS_INIT;
    opts.pgbouncer = 1;
    sc_conn *main_conn = g_conn;
    assert_int_equal(sc_conn_open(&g_conn, g_url, &opts, NULL), SC_OK);
    enum { N = 300 };
    set s = set_make(N);
    int32_t ids[N];
    assert_rc(sc_insert_many_ids(ids, sizeof *ids, g_conn, &spec_id, s.rows, N, 0), SC_OK);
    assert_stored(&s);
    for (size_t i = 0; i < N; i++) {
        s.rows[i].id = ids[i];
        s.rows[i].qty = 5;
    }
    s.rows[7].version = 3;
    int outcome[N];
    assert_rc(sc_update_many(g_conn, &upd_many, s.rows, N, F_QTY, outcome), SC_OK);
    assert_int_equal(outcome[7], SC_ECONFLICT);
    assert_int_equal(outcome[8], SC_OK);
    int32_t qty = 0, version = 0;
    stored_qty(ids[8], &qty, &version);
    assert_int_equal(qty, 5);
    assert_int_equal(version, 2);
    s.rows[200].name = s.rows[100].name;
    assert_int_equal(fresh(NULL), 0);
    assert_rc(sc_insert_many_ids(ids, sizeof *ids, g_conn, &spec_id, s.rows, N, 0), SC_EUNIQUE);
    assert_message("row 200: ");
    assert_usable();
    assert_int_equal(count_rows(), 0);
    sc_conn_close(g_conn);
    g_conn = main_conn;
    set_free(&s);
}

/* Statement events of a pipeline's items: what a hook sees. */
typedef struct seen {
    int n, failed;
    int64_t slowest_us;
    char sql[8][80];
    int rc[8];
} seen;

static void seen_hook(const sc_event *ev, void *payload)
{
    seen *s = payload;
    if (ev->kind != SC_EVENT_STATEMENT)
        return;
    assert_non_null(ev->sql); /* every statement event carries its SQL */
    if (strncmp(ev->sql, "SELECT pg_sleep", 15) != 0 && strncmp(ev->sql, "SELECT 1/", 9) != 0)
        return;
    if (s->n < 8) {
        snprintf(s->sql[s->n], sizeof s->sql[s->n], "%s", ev->sql);
        s->rc[s->n] = ev->code;
    }
    s->n++;
    s->failed += ev->code != SC_OK;
    if (ev->duration_us > s->slowest_us)
        s->slowest_us = ev->duration_us;
}

typedef struct hook_items {
    sc_conn *conn;
    const char *sql[3];
    sc_stmt *st[3];
} hook_items;

static int hook_send(void *ctx, size_t i, sc_stmt **out)
{
    hook_items *h = ctx;
    for (size_t k = 0; i == 0 && k < 3; k++) {
        int rc = sc_stmt_prepare2(&h->st[k], h->conn, h->sql[k], h->sql[k]);
        if (rc != SC_OK)
            return rc;
    }
    *out = h->st[i];
    return SC_OK;
}

static int hook_result(void *ctx, size_t i, sc_stmt *st)
{
    (void)ctx;
    (void)i;
    return sc_stmt_exec(st);
}

/* With a hook on PostgreSQL, each item of a pipeline is an event timed by its own wait, a failed one too. */
static void test_pipeline_events(void **state)
{
    (void)state;
    if (!is_pg())
        skip();
    seen s;
    memset(&s, 0, sizeof s);
    sc_conn_options opts;
    sc_conn_options_init(&opts);
    opts.hook = seen_hook;
    opts.hook_payload = &s;
    sc_conn *c = NULL;
    assert_int_equal(sc_conn_open(&c, g_url, &opts, NULL), SC_OK);
    hook_items h = {c, {"SELECT 1/1", "SELECT pg_sleep(0.05)", "SELECT 1/2"}, {NULL, NULL, NULL}};
    assert_int_equal(sc_pipeline_run(c, 3, hook_send, hook_result, &h, NULL), SC_OK);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.sql[1], "SELECT pg_sleep(0.05)");
    assert_int_equal(s.failed, 0);
    assert_true(s.slowest_us >= 40000); /* the sleeping item's wait, not the client's reading */
    /* a failing item is an event too, with its error */
    memset(&s, 0, sizeof s);
    h.sql[2] = "SELECT 1/0";
    for (int k = 0; k < 3; k++) {
        sc_stmt_release(h.st[k]);
        h.st[k] = NULL;
    }
    size_t bad = 9;
    assert_int_not_equal(sc_pipeline_run(c, 3, hook_send, hook_result, &h, &bad), SC_OK);
    assert_int_equal(bad, 2);
    assert_int_equal(s.n, 3);
    assert_int_equal(s.failed, 1);
    assert_string_equal(s.sql[2], "SELECT 1/0");
    assert_int_not_equal(s.rc[2], SC_OK);
    for (int k = 0; k < 3; k++)
        sc_stmt_release(h.st[k]);
    sc_conn_close(c);
}

int main(int argc, char **argv)
{
    g_engine = argc > 1 ? argv[1] : "sqlite";
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_copy_values, fresh),
        cmocka_unit_test_setup(test_copy_defaults, fresh),
        cmocka_unit_test_setup(test_copy_error, fresh),
        cmocka_unit_test_setup(test_ids, fresh),
        cmocka_unit_test_setup(test_updates, fresh),
        cmocka_unit_test(test_pipeline_big),
        cmocka_unit_test_setup(test_unnamed, fresh),
        cmocka_unit_test(test_pipeline_timeout),
        cmocka_unit_test(test_pipeline_events),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
