/*
 * batch.c - many writes in one call (schemac/batch.h): COPY for
 * create_many, pipelines for create_many_ids and update_many. The
 * PostgreSQL wire parts are driver_pg.c's (sc__pg_copy_*,
 * sc__pg_pipeline_run); this file holds the rest and SQLite's side.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Put "row I: " before the connection's message (the error that RC is). */
static int name_row(sc_conn *conn, int rc, size_t i, size_t rows)
{
    char pre[64];
    int k = rows > 1 ? snprintf(pre, sizeof pre, "rows %zu-%zu: ", i, i + rows - 1) : snprintf(pre, sizeof pre, "row %zu: ", i);
    char *msg = conn->err.message;
    size_t size = sizeof conn->err.message, len = strnlen(msg, size - 1), pl = (size_t)k;
    if (pl + len >= size)
        len = size - 1 - pl;
    memmove(msg + pl, msg, len);
    memcpy(msg, pre, pl);
    msg[pl + len] = '\0';
    if (conn->err.code == SC_OK)
        conn->err.code = rc;
    return rc;
}

/* Roll the level sc_tx_begin opened back; the error that ended it (RC) stays the connection's. */
static int undo(sc_conn *conn, int rc)
{
    sc__tx_undo(conn);
    return rc;
}

/* ---------------------------------------------------------------- the pipeline */

int sc_pipeline_run(sc_conn *conn, size_t n, sc_pipe_send_fn send, sc_pipe_result_fn result, void *ctx, size_t *failed)
{
    if (!conn || !send || !result)
        return SC_EINVAL;
    if (sc_conn_dialect(conn) == SC_DIALECT_POSTGRES)
        return sc__pg_pipeline_run(conn, n, send, result, ctx, failed);
    for (size_t i = 0; i < n; i++) {
        sc_stmt *st = NULL;
        int rc = send(ctx, i, &st);
        if (rc == SC_OK && !st)
            rc = sc__conn_fail(conn, SC_EINVAL, "pipeline: item %zu has no statement", i);
        if (rc == SC_OK)
            rc = result(ctx, i, st);
        if (rc != SC_OK) {
            if (failed)
                *failed = i;
            return rc;
        }
    }
    return SC_OK;
}

/* ---------------------------------------------------------------- COPY through the rows' binder */

/*
 * A statement that writes COPY text instead of holding parameters: the
 * rows' binder (sc_rows_bind_fn) binds into it as into the INSERT, its
 * connection's driver being the one below, so every value is the text the
 * INSERT's parameter would carry.
 */
typedef struct capture {
    sc_stmt st;           /* first: the driver's bind gets &cap->st */
    sc_conn conn;         /* the capture driver; a bind's error lands in its err */
    char *text;           /* COPY text of whole rows, not yet sent */
    size_t len, cap;
    int next;             /* the parameter the next bind must be */
    const char *columns;  /* one character per parameter (schemac/batch.h) */
    int defaulted;        /* the row leaves a 'D' column NULL */
} capture;

static int cap_grow(capture *c, size_t more)
{
    if (c->len + more <= c->cap)
        return SC_OK;
    size_t cap = c->cap ? c->cap : 96 * 1024;
    while (cap < c->len + more)
        cap *= 2;
    char *grown = realloc(c->text, cap);
    if (!grown)
        return sc__conn_fail(&c->conn, SC_ENOMEM, "out of memory");
    c->text = grown;
    c->cap = cap;
    return SC_OK;
}

/* The bytes a COPY text value cannot carry as they are (NUL: none at all). */
static const unsigned char cap_special[256] = {[0] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, ['\\'] = 1};

/*
 * N bytes of S with COPY's escapes: backslash, LF, CR and tab; every other
 * byte as it is (runs between them copied whole). A NUL is SC_EINVAL.
 */
static int cap_escaped(capture *c, const char *s, size_t n, int idx)
{
    if (cap_grow(c, 2 * n) != SC_OK)
        return SC_ENOMEM;
    char *o = c->text + c->len;
    size_t i = 0;
    for (;;) {
        size_t run = i;
        while (i < n && !cap_special[(unsigned char)s[i]])
            i++;
        memcpy(o, s + run, i - run);
        o += i - run;
        if (i == n)
            break;
        char ch = s[i++];
        if (ch == '\0')
            return sc__conn_fail(&c->conn, SC_EINVAL, "text parameter %d contains NUL", idx);
        *o++ = '\\';
        *o++ = ch == '\\' ? '\\' : ch == '\n' ? 'n' : ch == '\r' ? 'r' : 't';
    }
    c->len = (size_t)(o - c->text);
    return SC_OK;
}

static int cap_put(capture *c, const char *s, size_t n)
{
    if (cap_grow(c, n) != SC_OK)
        return SC_ENOMEM;
    memcpy(c->text + c->len, s, n);
    c->len += n;
    return SC_OK;
}

static int cap_bind(sc_stmt *st, int idx, const sc__val *v)
{
    capture *c = (capture *)(void *)st;
    if (idx != c->next)
        return sc__conn_fail(st->conn, SC_EINVAL, "COPY: parameter %d bound where parameter %d was due", idx, c->next);
    if (idx > 1 && cap_put(c, "\t", 1) != SC_OK)
        return SC_ENOMEM;
    char buf[SC_TIMESTAMP_BUFSIZE + 8];
    int n, rc;
    switch (v->kind) {
    case SC__NULL:
        if (c->columns && c->columns[idx - 1] == 'D')
            c->defaulted = 1;
        rc = cap_put(c, "\\N", 2);
        break;
    case SC__BOOL:
        rc = cap_put(c, v->i ? "t" : "f", 1);
        break;
    case SC__INT: {
        char *start = sc__i64_text(buf + sizeof buf, v->i);
        rc = cap_put(c, start, (size_t)(buf + sizeof buf - start));
        break;
    }
    case SC__FLOAT:
        if (v->d != v->d)
            n = snprintf(buf, sizeof buf, "NaN");
        else if (v->d > 1.7976931348623157e308)
            n = snprintf(buf, sizeof buf, "Infinity");
        else if (v->d < -1.7976931348623157e308)
            n = snprintf(buf, sizeof buf, "-Infinity");
        else
            n = snprintf(buf, sizeof buf, "%.17g", v->d);
        rc = cap_put(c, buf, (size_t)n);
        break;
    case SC__TEXT:
        rc = cap_escaped(c, v->p, v->n, idx);
        break;
    case SC__BLOB: {
        /* bytea's hex input, its backslash doubled for COPY */
        static const char hex[] = "0123456789abcdef";
        rc = cap_grow(c, 3 + 2 * v->n);
        if (rc != SC_OK)
            break;
        char *o = c->text + c->len;
        *o++ = '\\';
        *o++ = '\\';
        *o++ = 'x';
        const unsigned char *b = (const unsigned char *)v->p;
        for (size_t i = 0; i < v->n; i++) {
            *o++ = hex[b[i] >> 4];
            *o++ = hex[b[i] & 15];
        }
        c->len = (size_t)(o - c->text);
        break;
    }
    case SC__TIMESTAMP:
        n = sc_timestamp_format(buf, sizeof buf, v->i, SC_TIME_SQL_US);
        if (n < 0)
            return sc__conn_fail(st->conn, SC_ERANGE, "timestamp out of range");
        rc = cap_put(c, buf, (size_t)n);
        break;
    default:
        return sc__conn_fail(st->conn, SC_EINVAL, "unsupported parameter type");
    }
    if (rc == SC_OK)
        c->next++;
    return rc;
}

static int cap_none(sc_stmt *st)
{
    (void)st;
    return SC_OK;
}

static const sc__driver capture_driver = {
    .dialect = SC_DIALECT_POSTGRES,
    .bind = cap_bind,
    .clear_bindings = cap_none,
    .reset = cap_none,
};

/* COPY "t" ("a", "b") FROM STDIN from the one-row INSERT INTO "t" ("a", "b") VALUES (...); NULL when it is not that. */
static char *copy_sql(const char *insert)
{
    static const char head[] = "INSERT INTO ";
    if (strncmp(insert, head, sizeof head - 1) != 0)
        return NULL;
    const char *p = insert + sizeof head - 1, *open = NULL, *close = NULL;
    int quoted = 0;
    for (; *p && !close; p++) {
        if (*p == '"')
            quoted = !quoted; /* "" inside a name toggles twice */
        else if (!quoted && *p == '(' && !open)
            open = p;
        else if (!quoted && *p == ')' && open)
            close = p;
    }
    if (!close || strncmp(close, ") VALUES (", 10) != 0)
        return NULL;
    size_t n = (size_t)(close + 1 - (insert + sizeof head - 1));
    char *sql = malloc(n + 32);
    if (sql) {
        memcpy(sql, "COPY ", 5);
        memcpy(sql + 5, insert + sizeof head - 1, n);
        memcpy(sql + 5 + n, " FROM STDIN", 12);
    }
    return sql;
}

/* The rows of a COPY in flight: FIRST the index of its first row (line 1). */
typedef struct copy_run {
    sc_conn *conn;
    capture *cap;
    const char *sql;
    int open;
    size_t first;
} copy_run;

enum { COPY_CHUNK = 64 * 1024 };

/* End the open COPY (ROWS: the rows it stored), sending what is left; on failure the row the server names. */
static int copy_close(copy_run *r, int64_t *rows)
{
    capture *c = r->cap;
    r->open = 0;
    int rc = sc__pg_copy_data(r->conn, c->text, c->len);
    c->len = 0;
    long line = 0;
    int end = sc__pg_copy_end(r->conn, rc == SC_OK ? NULL : "the client could not send the rows", rows, &line);
    if (rc != SC_OK)
        return rc;
    if (end != SC_OK && line > 0)
        return name_row(r->conn, end, r->first + (size_t)line - 1, 1);
    return end;
}

/* The rows by COPY up to the first that needs a database default, the rest by INSERT; inside the caller's transaction. */
static int copy_rows(sc_conn *conn, const sc_insert_spec *spec, const char *columns, const char *sql, const void *rows, size_t n,
                     sc_timestamp now, int64_t *stored)
{
    capture *c = calloc(1, sizeof *c);
    if (!c)
        return sc__conn_fail(conn, SC_ENOMEM, "out of memory");
    c->conn.drv = &capture_driver;
    c->st.conn = &c->conn;
    c->st.nparams = spec->per_row;
    c->columns = columns;
    copy_run r = {conn, c, sql, 0, 0};
    int rc = SC_OK;
    size_t i = 0;
    for (; i < n; i++) {
        size_t mark = c->len;
        c->next = 1;
        c->defaulted = 0;
        c->conn.err.code = SC_OK;
        rc = spec->bind(&c->st, (const unsigned char *)rows + i * spec->row_size, 1, now);
        if (rc == SC_OK && c->next != spec->per_row + 1)
            rc = sc__conn_fail(&c->conn, SC_EINVAL, "COPY: the binder bound %d of %d parameters", c->next - 1, spec->per_row);
        /* a failed bind poisons a statement until its next use: this one is used again at once */
        free(c->st.bind_err);
        c->st.bind_err = NULL;
        c->st.bad = 0;
        c->st.bad_other = 0;
        c->st.h.slow = 0;
        if (rc != SC_OK) {
            sc_error_copy(&conn->err, &c->conn.err);
            if (conn->err.code == SC_OK)
                conn->err.code = rc;
            rc = name_row(conn, rc, i, 1);
            break;
        }
        if (c->defaulted) {
            c->len = mark;
            break; /* this row and the rest by INSERT */
        }
        if (cap_put(c, "\n", 1) != SC_OK) {
            sc_error_copy(&conn->err, &c->conn.err);
            rc = SC_ENOMEM;
            break;
        }
        if (!r.open) {
            rc = sc__pg_copy_begin(conn, sql);
            if (rc != SC_OK)
                break;
            r.open = 1;
            r.first = i;
        }
        if (c->len >= COPY_CHUNK) {
            rc = sc__pg_copy_data(conn, c->text, c->len);
            c->len = 0;
            if (rc != SC_OK)
                break;
        }
    }
    if (r.open) {
        if (rc == SC_OK) {
            int64_t k = 0;
            rc = copy_close(&r, &k);
            *stored += k;
        } else {
            long line = 0;
            sc__pg_copy_end(conn, "a row could not be written", NULL, &line);
        }
    }
    free(c->st.bind_err);
    free(c->text);
    free(c);
    if (rc == SC_OK && i < n) {
        size_t bad = 0, bad_rows = 1;
        rc = sc__insert_rows(conn, spec, NULL, (const unsigned char *)rows + i * spec->row_size, n - i, now, stored, &bad, &bad_rows);
        if (rc != SC_OK)
            rc = name_row(conn, rc, i + bad, bad_rows);
    }
    return rc;
}

int sc_insert_many_copy(sc_conn *conn, const sc_insert_spec *spec, const char *columns, const void *rows, size_t n, sc_timestamp now,
                        int64_t *inserted)
{
    if (!conn || !spec)
        return SC_EINVAL;
    if (n == 0) {
        if (inserted)
            *inserted = 0;
        return SC_OK;
    }
    char *sql = NULL;
    if (n >= SC_COPY_MIN_ROWS && sc_conn_dialect(conn) == SC_DIALECT_POSTGRES && !(columns && strchr(columns, 'L'))) {
        char *owned = NULL;
        const char *one = sc__site_text(conn, spec->one, &owned);
        sql = one ? copy_sql(one) : NULL;
        free(owned);
    }
    int64_t stored = 0;
    int rc = sc_tx_begin(conn, SC_TX_DEFAULT);
    if (rc == SC_OK) {
        if (sql) {
            rc = copy_rows(conn, spec, columns, sql, rows, n, now, &stored);
        } else {
            /* sc_insert_many's INSERTs, the failing statement's rows named */
            size_t bad = 0, bad_rows = 1;
            rc = sc__insert_rows(conn, spec, NULL, rows, n, now, &stored, &bad, &bad_rows);
            if (rc != SC_OK)
                rc = name_row(conn, rc, bad, bad_rows);
        }
        rc = rc == SC_OK ? sc_tx_commit(conn) : undo(conn, rc);
    }
    free(sql);
    if (rc == SC_OK && inserted)
        *inserted = stored;
    return rc;
}

/* ---------------------------------------------------------------- many inserts with their ids */

typedef struct ids_run {
    sc_conn *conn;
    const sc_insert_spec *spec;
    const unsigned char *rows;
    sc_timestamp now;
    sc_stmt *st;
    unsigned char *ids;
    size_t id_size;
} ids_run;

static int ids_send(void *ctx, size_t i, sc_stmt **out)
{
    ids_run *r = ctx;
    int rc = SC_OK;
    if (!r->st)
        rc = sc_stmt_prepare_site(&r->st, r->conn, r->spec->one);
    if (rc == SC_OK)
        rc = r->spec->bind(r->st, r->rows + i * r->spec->row_size, 1, r->now);
    *out = r->st;
    return rc;
}

static int ids_result(void *ctx, size_t i, sc_stmt *st)
{
    ids_run *r = ctx;
    int64_t id = 0;
    int rc;
    if (st->h.sq) {
        rc = sc_stmt_exec(st);
        if (rc == SC_OK)
            id = sqlite3_last_insert_rowid(sqlite3_db_handle(st->h.sq));
    } else {
        rc = sc_stmt_step(st);
        if (rc == SC_ROW)
            rc = sc_stmt_column_int64(&id, st, 0);
        else if (rc == SC_DONE)
            rc = sc__conn_fail(st->conn, SC_ERROR, "the INSERT answered no id");
    }
    if (rc != SC_OK || !r->ids)
        return rc;
    if (r->id_size == sizeof(int32_t)) {
        int32_t v = (int32_t)id;
        memcpy(r->ids + i * sizeof v, &v, sizeof v);
    } else {
        memcpy(r->ids + i * sizeof id, &id, sizeof id);
    }
    return SC_OK;
}

int sc_insert_many_ids(void *ids, size_t id_size, sc_conn *conn, const sc_insert_spec *spec, const void *rows, size_t n,
                       sc_timestamp now)
{
    if (!conn || !spec || (ids && id_size != sizeof(int32_t) && id_size != sizeof(int64_t)))
        return conn ? sc__conn_fail(conn, SC_EINVAL, "create_many_ids: ids of %zu bytes", id_size) : SC_EINVAL;
    if (n == 0)
        return SC_OK;
    int rc = sc_tx_begin(conn, SC_TX_DEFAULT);
    if (rc != SC_OK)
        return rc;
    ids_run r = {conn, spec, rows, now, NULL, ids, id_size};
    size_t bad = 0;
    rc = sc_pipeline_run(conn, n, ids_send, ids_result, &r, &bad);
    sc_stmt_release(r.st);
    if (rc != SC_OK)
        return undo(conn, name_row(conn, rc, bad, 1));
    return sc_tx_commit(conn);
}

/* ---------------------------------------------------------------- many updates */

typedef struct upd_run {
    sc_conn *conn;
    const sc_update_many_spec *spec;
    const unsigned char *rows;
    uint64_t mask;
    sc_stmt *st;
    unsigned char *missed; /* the rows whose UPDATE matched nothing */
    int all;               /* OUTCOME NULL: a miss fails the call */
    sc__bindplan plan;     /* a row's SET values for MASK, then its key and version (N -1: the tables walked) */
} upd_run;

static int upd_send(void *ctx, size_t i, sc_stmt **out)
{
    upd_run *r = ctx;
    const sc_update_many_spec *s = r->spec;
    const unsigned char *row = r->rows + i * s->row_size;
    int rc = SC_OK, k = 0;
    if (!r->st)
        rc = sc_stmt_prepare_update(&r->st, r->conn, s->update, r->mask);
    if (rc == SC_OK && r->plan.n >= 0) {
        /* the clock read for each row, as sc_fields_bind_set reads it */
        rc = sc__bindplan_bind(&r->plan, r->st, 0, row, r->plan.clock ? sc_timestamp_now() : 0);
    } else {
        if (rc == SC_OK)
            rc = sc_fields_bind_set(r->st, row, s->fields, s->nfields, r->mask, &k);
        if (rc == SC_OK)
            rc = sc_fields_bind_row(r->st, k, row, s->where, s->nwhere);
    }
    *out = r->st;
    return rc;
}

/* A row that missed: SC_ECONFLICT when its key still finds a row (another version), else SC_ENOTFOUND. */
static int upd_stale(upd_run *r, size_t i)
{
    const sc_update_many_spec *s = r->spec;
    if (!s->stale)
        return SC_ENOTFOUND;
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, r->conn, s->stale);
    if (rc == SC_OK)
        rc = sc_fields_bind_row(st, 0, r->rows + i * s->row_size, s->where, s->nwhere - 1);
    if (rc == SC_OK)
        rc = sc_stmt_step(st);
    sc_stmt_release(st);
    return rc == SC_ROW ? SC_ECONFLICT : rc == SC_DONE ? SC_ENOTFOUND : rc;
}

static int upd_result(void *ctx, size_t i, sc_stmt *st)
{
    upd_run *r = ctx;
    int rc = sc_stmt_exec(st);
    if (rc != SC_OK)
        return rc;
    if (sc_stmt_changes(st) == 0) {
        r->missed[i] = 1;
        if (r->all)
            return sc__conn_fail(r->conn, SC_ENOTFOUND, "no row matched the key%s", r->spec->stale ? " and version" : "");
    }
    return SC_OK;
}

int sc_update_many(sc_conn *conn, const sc_update_many_spec *spec, const void *rows, size_t n, uint64_t mask, int *outcome)
{
    if (!conn || !spec)
        return SC_EINVAL;
    if (n == 0)
        return SC_OK;
    upd_run r = {conn, spec, rows, mask, NULL, calloc(n, 1), outcome == NULL, {0, false, {{0, 0, 0, 0, NULL}}}};
    if (!r.missed)
        return sc__conn_fail(conn, SC_ENOMEM, "out of memory");
    sc__bindplan_set(&r.plan, spec->fields, spec->nfields, mask);
    sc__bindplan_row(&r.plan, spec->where, spec->nwhere);
    int rc = sc_tx_begin(conn, SC_TX_DEFAULT);
    if (rc != SC_OK) {
        free(r.missed);
        return rc;
    }
    size_t bad = 0;
    rc = sc_pipeline_run(conn, n, upd_send, upd_result, &r, &bad);
    sc_stmt_release(r.st);
    if (rc == SC_ENOTFOUND && r.all && r.missed[bad]) {
        /* the first row that missed: stale or gone, told apart before the rollback */
        int why = upd_stale(&r, bad);
        rc = why == SC_ECONFLICT ? sc__conn_fail(conn, SC_ECONFLICT, "version conflict: the row changed since it was read")
             : why == SC_ENOTFOUND ? sc__conn_fail(conn, SC_ENOTFOUND, "no row found")
                                   : why;
    }
    for (size_t i = 0; rc == SC_OK && outcome && i < n; i++) {
        outcome[i] = SC_OK;
        if (r.missed[i]) {
            int why = upd_stale(&r, i);
            if (why == SC_ECONFLICT || why == SC_ENOTFOUND)
                outcome[i] = why;
            else
                rc = why, bad = i;
        }
    }
    free(r.missed);
    if (rc != SC_OK)
        return undo(conn, name_row(conn, rc, bad, 1));
    return sc_tx_commit(conn);
}
