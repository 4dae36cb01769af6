/*
 * stmt.c - the engine-independent statement layer: the per-connection
 * prepared-statement cache (hash of SQL text + LRU list), parameter and
 * column type conversion, and the per-statement observability event.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- scratch memory for converted column values ---- */

void *sc__scratch(sc_stmt *st, size_t size)
{
    sc__chunk *ch = malloc(sizeof *ch + size);
    if (!ch)
        return NULL;
    ch->next = st->scratch;
    st->scratch = ch;
    return ch->data;
}

void sc__scratch_free(sc_stmt *st)
{
    while (st->scratch) {
        sc__chunk *n = st->scratch->next;
        free(st->scratch);
        st->scratch = n;
    }
}

/* ---- observability ---- */

void sc__emit(sc_conn *c, const sc_event *ev)
{
    if (!c->opts.hook)
        return;
    sc_event e = *ev;
    e.slow = c->opts.slow_threshold_us > 0 && e.duration_us >= c->opts.slow_threshold_us;
    c->opts.hook(&e, c->opts.hook_payload);
}

/* The statement finished (done, failed or was reset): report it once. */
static void stmt_finish(sc_stmt *st, int rc)
{
    if (!st->active)
        return;
    st->active = 0;
    sc_conn *c = st->conn;
    if (c->opts.hook) {
        sc_event ev = { SC_EVENT_STATEMENT, c->drv->dialect, st->sql, st->exec_us,
                        st->rows > 0 ? st->rows : st->changes, 0, rc < 0 ? rc : SC_OK,
                        rc < 0 ? &c->err : NULL };
        sc__emit(c, &ev);
    }
}

/* ---- the cache ---- */

static uint64_t hash_sql(const char *s, size_t n)
{
    uint64_t h = UINT64_C(1469598103934665603);
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

static void lru_unlink(sc_conn *c, sc_stmt *st)
{
    if (st->lprev)
        st->lprev->lnext = st->lnext;
    else
        c->lru_head = st->lnext;
    if (st->lnext)
        st->lnext->lprev = st->lprev;
    else
        c->lru_tail = st->lprev;
    st->lprev = st->lnext = NULL;
}

static void lru_push_front(sc_conn *c, sc_stmt *st)
{
    st->lprev = NULL;
    st->lnext = c->lru_head;
    if (c->lru_head)
        c->lru_head->lprev = st;
    c->lru_head = st;
    if (!c->lru_tail)
        c->lru_tail = st;
}

static void stmt_destroy(sc_stmt *st)
{
    sc__scratch_free(st);
    st->conn->drv->finalize(st);
    free(st->sql);
    free(st);
}

/* Take ST out of the cache (it stays alive if in use and is freed on release). */
static void cache_remove(sc_stmt *st)
{
    sc_conn *c = st->conn;
    if (!st->cached)
        return;
    sc_stmt **pp = &c->buckets[st->hash % SC__CACHE_BUCKETS];
    while (*pp && *pp != st)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = st->hnext;
    st->hnext = NULL;
    lru_unlink(c, st);
    sc_stmt **slot = &c->by_ptr[((uintptr_t)st->sql_ptr >> 3) % SC__PTR_SLOTS];
    if (*slot == st)
        *slot = NULL;
    st->cached = 0;
    c->ncached--;
}

void sc__stmt_evict(sc_stmt *st)
{
    cache_remove(st);
    if (!st->in_use)
        stmt_destroy(st);
}

void sc__stmt_cache_clear(sc_conn *c)
{
    while (c->lru_head) {
        sc_stmt *st = c->lru_head;
        cache_remove(st);
        stmt_destroy(st);
    }
}

static void cache_trim(sc_conn *c)
{
    sc_stmt *st = c->lru_tail;
    while (c->ncached > c->opts.stmt_cache_size && st) {
        sc_stmt *prev = st->lprev;
        if (!st->in_use)
            sc__stmt_evict(st);
        st = prev;
    }
}

int sc_stmt_prepare(sc_stmt **out, sc_conn *c, const char *sql)
{
    if (!out || !c || !sql)
        return c ? sc__conn_fail(c, SC_EINVAL, "sc_stmt_prepare: NULL argument") : SC_EINVAL;
    *out = NULL;
    c->err.code = SC_OK;
    if (c->broken)
        return sc__conn_fail(c, SC_ECONNECTION, "connection lost");
    /*
     * Fast path: the same SQL address as last time. The text is still
     * compared, since a caller may reuse one buffer for different SQL.
     */
    sc_stmt **slot = &c->by_ptr[((uintptr_t)sql >> 3) % SC__PTR_SLOTS];
    sc_stmt *hit = *slot;
    if (hit && hit->sql_ptr == sql && !hit->in_use && strcmp(hit->sql, sql) == 0) {
        hit->in_use = 1;
        if (c->lru_head != hit) {
            lru_unlink(c, hit);
            lru_push_front(c, hit);
        }
        *out = hit;
        return SC_OK;
    }
    size_t n = strlen(sql);
    uint64_t h = hash_sql(sql, n);
    int busy_twin = 0;
    for (sc_stmt *st = c->buckets[h % SC__CACHE_BUCKETS]; st; st = st->hnext) {
        if (st->hash != h || st->sql_len != n || memcmp(st->sql, sql, n) != 0)
            continue;
        if (st->in_use) {
            busy_twin = 1;
            continue;
        }
        st->in_use = 1;
        st->sql_ptr = sql;
        *slot = st;
        if (c->lru_head != st) {
            lru_unlink(c, st);
            lru_push_front(c, st);
        }
        *out = st;
        return SC_OK;
    }
    sc_stmt *st = calloc(1, sizeof *st);
    if (!st)
        return sc__conn_fail(c, SC_ENOMEM, "out of memory");
    st->sql = malloc(n + 1);
    if (!st->sql) {
        free(st);
        return sc__conn_fail(c, SC_ENOMEM, "out of memory");
    }
    memcpy(st->sql, sql, n + 1);
    st->sql_len = n;
    st->hash = h;
    st->conn = c;
    int rc = c->drv->prepare(st);
    if (rc != SC_OK) {
        free(st->sql);
        free(st);
        return rc;
    }
    st->in_use = 1;
    /* a second copy of a statement already in use (re-entrant use) is not cached */
    if (!busy_twin) {
        st->cached = 1;
        st->sql_ptr = sql;
        *slot = st;
        st->hnext = c->buckets[h % SC__CACHE_BUCKETS];
        c->buckets[h % SC__CACHE_BUCKETS] = st;
        lru_push_front(c, st);
        c->ncached++;
        cache_trim(c);
    }
    *out = st;
    return SC_OK;
}

int sc_stmt_prepare2(sc_stmt **out, sc_conn *c, const char *sqlite_sql, const char *pg_sql)
{
    if (!c)
        return SC_EINVAL;
    return sc_stmt_prepare(out, c, c->drv->dialect == SC_DIALECT_POSTGRES ? pg_sql : sqlite_sql);
}

void sc_stmt_release(sc_stmt *st)
{
    if (!st)
        return;
    stmt_finish(st, SC_OK);
    sc_conn *c = st->conn;
    c->drv->reset(st);
    c->drv->clear_bindings(st);
    sc__scratch_free(st);
    st->in_use = 0;
    if (!st->cached)
        stmt_destroy(st);
}

const char *sc_stmt_sql(const sc_stmt *st)
{
    return st->sql;
}

int sc_stmt_param_count(const sc_stmt *st)
{
    return st->nparams;
}

/* ---- binding ---- */

static int bind(sc_stmt *st, int idx, const sc__val *v)
{
    if (!st)
        return SC_EINVAL;
    if (idx < 1 || idx > st->nparams)
        return sc__conn_fail(st->conn, SC_EINVAL, "parameter %d out of range (1..%d)", idx,
                             st->nparams);
    if (st->active)
        sc_stmt_reset(st);
    return st->conn->drv->bind(st, idx, v);
}

int sc_stmt_bind_null(sc_stmt *st, int idx)
{
    sc__val v = { SC__NULL, 0, 0, NULL, 0 };
    return bind(st, idx, &v);
}

int sc_stmt_bind_bool(sc_stmt *st, int idx, bool b)
{
    sc__val v = { SC__BOOL, b ? 1 : 0, 0, NULL, 0 };
    return bind(st, idx, &v);
}

int sc_stmt_bind_int32(sc_stmt *st, int idx, int32_t i)
{
    sc__val v = { SC__INT, i, 0, NULL, 0 };
    return bind(st, idx, &v);
}

int sc_stmt_bind_int64(sc_stmt *st, int idx, int64_t i)
{
    sc__val v = { SC__INT, i, 0, NULL, 0 };
    return bind(st, idx, &v);
}

int sc_stmt_bind_double(sc_stmt *st, int idx, double d)
{
    sc__val v = { SC__FLOAT, 0, d, NULL, 0 };
    return bind(st, idx, &v);
}

int sc_stmt_bind_text(sc_stmt *st, int idx, const char *s, long len)
{
    if (!s)
        return sc_stmt_bind_null(st, idx);
    sc__val v = { SC__TEXT, 0, 0, s, len < 0 ? strlen(s) : (size_t)len };
    return bind(st, idx, &v);
}

int sc_stmt_bind_blob(sc_stmt *st, int idx, const void *data, size_t len)
{
    if (!data && len)
        return sc_stmt_bind_null(st, idx);
    sc__val v = { SC__BLOB, 0, 0, data ? data : "", len };
    return bind(st, idx, &v);
}

int sc_stmt_bind_timestamp(sc_stmt *st, int idx, sc_timestamp ts)
{
    sc__val v = { SC__TIMESTAMP, ts, 0, NULL, 0 };
    return bind(st, idx, &v);
}

int sc_stmt_bind_decimal(sc_stmt *st, int idx, const char *text)
{
    return sc_stmt_bind_text(st, idx, text, -1);
}

int sc_stmt_bind_json(sc_stmt *st, int idx, const char *text)
{
    return sc_stmt_bind_text(st, idx, text, -1);
}

int sc_stmt_clear_bindings(sc_stmt *st)
{
    if (st->active)
        sc_stmt_reset(st);
    return st->conn->drv->clear_bindings(st);
}

/* ---- running ---- */

int sc_stmt_step(sc_stmt *st)
{
    if (!st)
        return SC_EINVAL;
    sc_conn *c = st->conn;
    if (st->scratch)
        sc__scratch_free(st);
    if (!st->active) {
        st->active = 1;
        st->rows = 0;
        st->changes = 0;
        st->exec_us = 0;
        c->err.code = SC_OK;
    }
    int64_t t0 = c->opts.hook ? sc__mono_us() : 0;
    int rc = c->drv->step(st);
    if (c->opts.hook)
        st->exec_us += sc__mono_us() - t0;
    if (rc == SC_ROW) {
        st->rows++;
        return rc;
    }
    stmt_finish(st, rc);
    return rc;
}

int sc_stmt_exec(sc_stmt *st)
{
    int rc;
    do {
        rc = sc_stmt_step(st);
    } while (rc == SC_ROW);
    return rc;
}

int sc_stmt_step_versioned(sc_stmt *st)
{
    int rc = sc_stmt_step(st);
    if (rc == SC_DONE && st->changes == 0) {
        return sc__conn_fail(st->conn, SC_ECONFLICT,
                             "version conflict: no row matched the key and version");
    }
    return rc;
}

int sc_stmt_step_one(sc_stmt *st)
{
    int rc = sc_stmt_step(st);
    if (rc == SC_DONE)
        return sc__conn_fail(st->conn, SC_ENOTFOUND, "no row found");
    return rc;
}

int sc_stmt_reset(sc_stmt *st)
{
    if (!st)
        return SC_EINVAL;
    stmt_finish(st, SC_OK);
    sc__scratch_free(st);
    return st->conn->drv->reset(st);
}

int64_t sc_stmt_changes(const sc_stmt *st)
{
    return st->changes;
}

/* ---- reading ---- */

int sc_stmt_column_count(const sc_stmt *st)
{
    return st->ncols;
}

const char *sc_stmt_column_name(sc_stmt *st, int col)
{
    if (!st || col < 0 || col >= st->ncols)
        return NULL;
    return st->conn->drv->column_name(st, col);
}

static int col_get(sc_stmt *st, int col, sc__kind want, sc__val *v)
{
    if (col < 0 || col >= st->ncols)
        return sc__conn_fail(st->conn, SC_EINVAL, "column %d out of range (0..%d)", col,
                             st->ncols - 1);
    int rc = st->conn->drv->column(st, col, want, v);
    if (rc != SC_OK)
        return rc;
    if (v->kind == SC__NULL)
        return sc__conn_fail(st->conn, SC_ENULL, "column %d is NULL", col);
    return SC_OK;
}

int sc_stmt_column_is_null(sc_stmt *st, int col)
{
    sc__val v;
    if (!st || col < 0 || col >= st->ncols)
        return 0;
    if (st->conn->drv->column(st, col, SC__NULL, &v) != SC_OK)
        return 0;
    return v.kind == SC__NULL;
}

static int type_error(sc_stmt *st, int col, const char *want)
{
    return sc__conn_fail(st->conn, SC_ETYPE, "column %d cannot be read as %s", col, want);
}

/* Parse all of TEXT as a decimal integer. */
static int parse_int64(const char *p, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(p, &end, 10);
    if (end == p || *end)
        return SC_ETYPE;
    if (errno == ERANGE)
        return SC_ERANGE;
    *out = v;
    return SC_OK;
}

int sc_stmt_column_int64(int64_t *out, sc_stmt *st, int col)
{
    sc__val v;
    *out = 0;
    int rc = col_get(st, col, SC__INT, &v);
    if (rc != SC_OK)
        return rc;
    switch (v.kind) {
    case SC__INT:
    case SC__BOOL:
        *out = v.i;
        return SC_OK;
    case SC__FLOAT:
        /* in range (NaN fails this too) and without a fraction */
        if (!(v.d >= -9.2233720368547758e18 && v.d < 9.2233720368547758e18) ||
            (double)(int64_t)v.d != v.d)
            return type_error(st, col, "an integer");
        *out = (int64_t)v.d;
        return SC_OK;
    case SC__TEXT:
        rc = parse_int64(v.p, out);
        if (rc == SC_ERANGE)
            return sc__conn_fail(st->conn, SC_ERANGE, "column %d: integer out of range", col);
        return rc == SC_OK ? SC_OK : type_error(st, col, "an integer");
    default:
        return type_error(st, col, "an integer");
    }
}

int sc_stmt_column_int32(int32_t *out, sc_stmt *st, int col)
{
    int64_t v;
    *out = 0;
    int rc = sc_stmt_column_int64(&v, st, col);
    if (rc != SC_OK)
        return rc;
    if (v < INT32_MIN || v > INT32_MAX)
        return sc__conn_fail(st->conn, SC_ERANGE, "column %d: %lld does not fit int32", col,
                             (long long)v);
    *out = (int32_t)v;
    return SC_OK;
}

int sc_stmt_column_bool(bool *out, sc_stmt *st, int col)
{
    sc__val v;
    *out = false;
    int rc = col_get(st, col, SC__BOOL, &v);
    if (rc != SC_OK)
        return rc;
    switch (v.kind) {
    case SC__INT:
    case SC__BOOL:
        *out = v.i != 0;
        return SC_OK;
    case SC__TEXT:
        if (!strcmp(v.p, "t") || !strcmp(v.p, "true") || !strcmp(v.p, "1")) {
            *out = true;
            return SC_OK;
        }
        if (!strcmp(v.p, "f") || !strcmp(v.p, "false") || !strcmp(v.p, "0"))
            return SC_OK;
        return type_error(st, col, "a boolean");
    default:
        return type_error(st, col, "a boolean");
    }
}

int sc_stmt_column_double(double *out, sc_stmt *st, int col)
{
    sc__val v;
    *out = 0;
    int rc = col_get(st, col, SC__FLOAT, &v);
    if (rc != SC_OK)
        return rc;
    switch (v.kind) {
    case SC__FLOAT:
        *out = v.d;
        return SC_OK;
    case SC__INT:
    case SC__BOOL:
        *out = (double)v.i;
        return SC_OK;
    case SC__TEXT: {
        char *end;
        double d = strtod(v.p, &end);
        if (end == v.p || *end)
            return type_error(st, col, "a number");
        *out = d;
        return SC_OK;
    }
    default:
        return type_error(st, col, "a number");
    }
}

int sc_stmt_column_text(const char **out, size_t *len, sc_stmt *st, int col)
{
    sc__val v;
    *out = NULL;
    if (len)
        *len = 0;
    int rc = col_get(st, col, SC__TEXT, &v);
    if (rc != SC_OK)
        return rc;
    char *buf;
    int n;
    switch (v.kind) {
    case SC__TEXT:
    case SC__PG_BYTEA:
        *out = v.p;
        if (len)
            *len = v.n;
        return SC_OK;
    case SC__BLOB:
        buf = sc__scratch(st, v.n + 1);
        if (!buf)
            return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
        if (v.n)
            memcpy(buf, v.p, v.n);
        buf[v.n] = '\0';
        *out = buf;
        if (len)
            *len = v.n;
        return SC_OK;
    default:
        break;
    }
    buf = sc__scratch(st, 48);
    if (!buf)
        return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
    switch (v.kind) {
    case SC__INT:
        n = snprintf(buf, 48, "%lld", (long long)v.i);
        break;
    case SC__FLOAT:
        n = snprintf(buf, 48, "%.17g", v.d);
        break;
    case SC__BOOL:
        n = snprintf(buf, 48, "%s", v.i ? "true" : "false");
        break;
    case SC__TIMESTAMP:
        n = sc_timestamp_format(buf, 48, v.i, SC_TIME_ISO_US);
        break;
    default:
        return type_error(st, col, "text");
    }
    if (n < 0)
        return type_error(st, col, "text");
    *out = buf;
    if (len)
        *len = (size_t)n;
    return SC_OK;
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

int sc_stmt_column_blob(const void **out, size_t *len, sc_stmt *st, int col)
{
    sc__val v;
    *out = NULL;
    *len = 0;
    int rc = col_get(st, col, SC__BLOB, &v);
    if (rc != SC_OK)
        return rc;
    if (v.kind == SC__BLOB || v.kind == SC__TEXT) {
        *out = v.p;
        *len = v.n;
        return SC_OK;
    }
    if (v.kind != SC__PG_BYTEA || v.n < 2 || v.p[0] != '\\' || v.p[1] != 'x' || v.n % 2)
        return type_error(st, col, "bytes");
    size_t n = (v.n - 2) / 2;
    unsigned char *buf = sc__scratch(st, n + 1);
    if (!buf)
        return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int hi = hexval(v.p[2 + 2 * i]), lo = hexval(v.p[3 + 2 * i]);
        if (hi < 0 || lo < 0)
            return type_error(st, col, "bytes");
        buf[i] = (unsigned char)(hi * 16 + lo);
    }
    *out = buf;
    *len = n;
    return SC_OK;
}

int sc_stmt_column_timestamp(sc_timestamp *out, sc_stmt *st, int col)
{
    sc__val v;
    *out = 0;
    int rc = col_get(st, col, SC__TIMESTAMP, &v);
    if (rc != SC_OK)
        return rc;
    switch (v.kind) {
    case SC__TIMESTAMP:
        *out = v.i;
        return SC_OK;
    case SC__INT:
        /* SQLite: integer Unix milliseconds, as Prisma's native engine writes */
        *out = sc_timestamp_from_unix_ms(v.i);
        return SC_OK;
    case SC__TEXT:
        if (sc_timestamp_parse(out, v.p, (long)v.n) == SC_OK)
            return SC_OK;
        return type_error(st, col, "a timestamp");
    default:
        return type_error(st, col, "a timestamp");
    }
}
