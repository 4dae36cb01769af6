/*
 * query.c - what typed queries need beyond rows.c (schemac/query.h): the
 * :exec results, COPY text for :copyfrom, and batches of one statement. The
 * PostgreSQL wire parts (COPY FROM STDIN, pipeline mode) are driver_pg.c's
 * (sc__pg_copy, sc__pg_pipeline); this file holds the rest and SQLite's side.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---------------------------------------------------------------- :exec results */

static int finish(sc_stmt *st, int rc, int64_t *changes, int64_t *lastid)
{
    if (rc == SC_OK && lastid && sc_conn_dialect(st->conn) != SC_DIALECT_SQLITE)
        rc = sc__conn_fail(st->conn, SC_EINVAL, "the last insert id is SQLite's: on PostgreSQL use RETURNING");
    if (rc == SC_OK)
        rc = sc_stmt_exec(st);
    if (rc == SC_OK) {
        if (changes)
            *changes = sc_stmt_changes(st);
        if (lastid)
            *lastid = sqlite3_last_insert_rowid((sqlite3 *)st->conn->db);
    }
    sc_stmt_release(st);
    return rc;
}

int sc_stmt_finish_rows(int64_t *out, sc_stmt *st, int rc)
{
    int64_t n = 0;
    rc = finish(st, rc, &n, NULL);
    if (rc == SC_OK && out)
        *out = n;
    return rc;
}

int sc_stmt_finish_lastid(int64_t *out, sc_stmt *st, int rc)
{
    int64_t id = 0;
    rc = finish(st, rc, NULL, &id);
    if (rc == SC_OK && out)
        *out = id;
    return rc;
}

int sc_stmt_finish_result(sc_exec_result *out, sc_stmt *st, int rc)
{
    int64_t n = 0, id = 0;
    bool lite = st && sc_conn_dialect(st->conn) == SC_DIALECT_SQLITE;
    rc = finish(st, rc, &n, lite ? &id : NULL);
    if (rc == SC_OK && out) {
        out->rows_affected = n;
        out->last_insert_id = id;
    }
    return rc;
}

sc_array_style sc_stmt_array_style(const sc_stmt *st)
{
    return st ? sc_array_style_for(st->conn) : SC_ARRAY_JSON;
}

/* ---------------------------------------------------------------- COPY text */

static void cb_put(sc_copybuf *b, const char *s, size_t n)
{
    if (b->rc != SC_OK)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = realloc(b->text, cap);
        if (!grown) {
            b->rc = SC_ENOMEM;
            return;
        }
        b->text = grown;
        b->cap = cap;
    }
    memcpy(b->text + b->len, s, n);
    b->len += n;
    b->text[b->len] = '\0';
}

/* The separator before a value: a tab after the row's first. */
static void cb_next(sc_copybuf *b)
{
    if (b->col++ > 0)
        cb_put(b, "\t", 1);
}

/* N bytes of S with COPY's escapes: \\ \t \n \r and the other control characters as \ooo octal. */
static void cb_escaped(sc_copybuf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x20 && ch != '\\' && ch != 0x7f)
            continue;
        cb_put(b, s + run, i - run);
        run = i + 1;
        char esc[8];
        switch (ch) {
        case '\\': cb_put(b, "\\\\", 2); break;
        case '\t': cb_put(b, "\\t", 2); break;
        case '\n': cb_put(b, "\\n", 2); break;
        case '\r': cb_put(b, "\\r", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\%03o", ch);
            cb_put(b, esc, 4);
            break;
        }
    }
    cb_put(b, s + run, n - run);
}

void sc_copy_null(sc_copybuf *b)
{
    cb_next(b);
    cb_put(b, "\\N", 2);
}

void sc_copy_int(sc_copybuf *b, int64_t v)
{
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
    cb_next(b);
    cb_put(b, buf, (size_t)n);
}

int sc__double_text(char *buf, size_t size, double d)
{
    if (d != d)
        return snprintf(buf, size, "NaN");
    if (d > 1.7976931348623157e308)
        return snprintf(buf, size, "Infinity");
    if (d < -1.7976931348623157e308)
        return snprintf(buf, size, "-Infinity");
    return snprintf(buf, size, "%.17g", d);
}

void sc_copy_double(sc_copybuf *b, double v)
{
    char buf[40];
    int n = sc__double_text(buf, sizeof buf, v);
    cb_next(b);
    cb_put(b, buf, (size_t)n);
}

void sc_copy_bool(sc_copybuf *b, bool v)
{
    cb_next(b);
    cb_put(b, v ? "t" : "f", 1);
}

void sc_copy_text(sc_copybuf *b, const char *s)
{
    if (!s) {
        sc_copy_null(b);
        return;
    }
    cb_next(b);
    cb_escaped(b, s, strlen(s));
}

void sc_copy_label(sc_copybuf *b, const char *label)
{
    if (!label) {
        cb_next(b);
        if (b->rc == SC_OK)
            b->rc = SC_EINVAL;
        return;
    }
    sc_copy_text(b, label);
}

void sc_copy_bytes(sc_copybuf *b, const uint8_t *data, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    if (!data) {
        sc_copy_null(b);
        return;
    }
    cb_next(b);
    cb_put(b, "\\\\x", 3); /* bytea's \x, its backslash escaped for COPY */
    char chunk[128];
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        chunk[k++] = hex[data[i] >> 4];
        chunk[k++] = hex[data[i] & 15];
        if (k == sizeof chunk) {
            cb_put(b, chunk, k);
            k = 0;
        }
    }
    cb_put(b, chunk, k);
}

void sc_copy_time(sc_copybuf *b, sc_timestamp ts)
{
    char buf[SC_TIMESTAMP_BUFSIZE];
    int n = sc_timestamp_format(buf, sizeof buf, ts, SC_TIME_SQL_US);
    cb_next(b);
    if (n < 0) {
        if (b->rc == SC_OK)
            b->rc = SC_ERANGE;
        return;
    }
    cb_put(b, buf, (size_t)n);
}

void sc_copy_array(sc_copybuf *b, sc_array *a)
{
    cb_next(b);
    if (a->rc != SC_OK || a->depth != 0 || a->style != SC_ARRAY_PG) {
        if (b->rc == SC_OK)
            b->rc = a->rc != SC_OK ? a->rc : SC_EINVAL;
    } else {
        cb_escaped(b, a->text, a->len);
        cb_put(b, "}", 1);
    }
    sc_array_free(a);
}

int sc_copy_end_row(sc_copybuf *b)
{
    cb_put(b, "\n", 1);
    b->col = 0;
    return b->rc;
}

int sc_copy_from(int64_t *out, sc_conn *conn, const sc_copy_spec *spec, const void *rows, size_t n)
{
    if (!conn || !spec)
        return SC_EINVAL;
    if (n && !rows)
        return sc__conn_fail(conn, SC_EINVAL, "a :copyfrom of %zu rows has no rows (NULL)", n);
    if (n == 0) {
        if (out)
            *out = 0;
        return SC_OK;
    }
    int rc;
    if (sc_conn_dialect(conn) == SC_DIALECT_POSTGRES && spec->copy_sql && spec->write) {
        /* one statement, all or nothing; inside the caller's transaction a savepoint keeps a failure to itself, as on SQLite */
        rc = conn->depth > 0 ? sc_tx_begin(conn, SC_TX_DEFAULT) : SC_OK;
        const bool savepoint = rc == SC_OK && conn->depth > 1;
        if (rc == SC_OK)
            rc = sc__pg_copy(conn, spec->copy_sql, spec->write, rows, n, spec->row_size);
        if (savepoint && rc == SC_OK)
            rc = sc_tx_commit(conn);
        else if (savepoint)
            sc__tx_undo(conn); /* the savepoint alone: the failure stays what sc_conn_error says */
    } else
        rc = sc_insert_many(conn, spec->insert, rows, n, sc_timestamp_now());
    if (rc == SC_OK && out)
        *out = (int64_t)n;
    return rc;
}

/* ---------------------------------------------------------------- batches */

/* Rows read into one block. */
typedef struct batch_ctx {
    const sc_batch_spec *spec;
    sc_batch_kind kind;
    unsigned char *items;
    size_t n, cap;
    size_t *counts;
} batch_ctx;

static int batch_row(batch_ctx *b, sc_stmt *st)
{
    const sc_model *m = b->spec->model;
    if (b->n == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 16;
        unsigned char *grown = cap <= ((size_t)-1) / m->size ? realloc(b->items, cap * m->size) : NULL;
        if (!grown)
            return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
        b->items = grown;
        b->cap = cap;
    }
    int rc = sc__model_read(m, b->items + b->n * m->size, st);
    if (rc == SC_OK)
        b->n++;
    return rc;
}

/* The rows of item I: ST is running (SQLite) or holds the item's result (PostgreSQL). */
int sc__batch_result(void *ctx, sc_stmt *st, size_t i)
{
    batch_ctx *b = ctx;
    int rc;
    if (b->kind == SC_BATCH_EXEC)
        return sc_stmt_exec(st);
    size_t before = b->n;
    if (b->kind == SC_BATCH_ONE) {
        rc = sc_stmt_step(st);
        if (rc == SC_ROW)
            rc = batch_row(b, st);
        else if (rc == SC_DONE)
            rc = sc__conn_fail(st->conn, SC_ENOTFOUND, "batch item %zu: no row found", i);
        sc_stmt_reset(st);
        return rc;
    }
    while ((rc = sc_stmt_step(st)) == SC_ROW)
        if ((rc = batch_row(b, st)) != SC_OK)
            break;
    if (rc != SC_OK)
        sc_stmt_reset(st);
    if (rc == SC_OK && b->counts)
        b->counts[i] = b->n - before;
    return rc;
}

int sc_batch_run(void *list, size_t *counts, sc_conn *conn, const sc_batch_spec *spec, const void *args, size_t n,
                 sc_batch_kind kind)
{
    if (!conn || !spec)
        return SC_EINVAL;
    if (kind != SC_BATCH_EXEC && (!spec->model || !list))
        return sc__conn_fail(conn, SC_EINVAL, "a batch's out pointer is NULL");
    if (n && !args)
        return sc__conn_fail(conn, SC_EINVAL, "a batch of %zu items has no items (NULL)", n);
    batch_ctx b = {spec, kind, NULL, 0, 0, counts};
    if (n == 0)
        goto done;
    int rc = sc_tx_begin(conn, SC_TX_DEFAULT);
    if (rc != SC_OK)
        return rc;
    sc_stmt *st = NULL;
    rc = sc_stmt_prepare_site(&st, conn, spec->site);
    if (rc == SC_OK && sc_conn_dialect(conn) == SC_DIALECT_POSTGRES) {
        rc = sc__pg_pipeline(st, args, n, spec->arg_size, spec->bind, sc__batch_result, &b);
    } else {
        for (size_t i = 0; rc == SC_OK && i < n; i++) {
            rc = spec->bind(st, (const unsigned char *)args + i * spec->arg_size);
            if (rc == SC_OK)
                rc = sc__batch_result(&b, st, i);
        }
    }
    sc_stmt_release(st);
    if (rc == SC_OK)
        rc = sc_tx_commit(conn);
    else
        sc__tx_undo(conn); /* the failure stays what sc_conn_error says */
    if (rc != SC_OK) {
        if (spec->model)
            sc_rows_free(b.items, b.n, spec->model);
        return rc;
    }
done:
    if (kind != SC_BATCH_EXEC) {
        void *items = b.n ? b.items : NULL;
        if (!b.n)
            free(b.items);
        memcpy(list, &items, sizeof items);
        memcpy((unsigned char *)list + spec->model->list_count, &b.n, sizeof b.n);
    }
    return SC_OK;
}
