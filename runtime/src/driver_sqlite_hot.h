/*
 * driver_sqlite_hot.h - the SQLite driver's per-call helpers that stmt.c
 * uses on its side of the inline paths (schemac/stmt_inline.h): bind, step,
 * reset, the lazy clearing of bindings, the column count. They call sqlite3
 * directly instead of going through the driver vtable and the
 * engine-neutral sc__val (a timestamp's text form too); everything unusual
 * (errors, type conversions) goes to driver_sqlite.c or the generic code in
 * stmt.c.
 */
#ifndef SCHEMAC_DRIVER_SQLITE_HOT_H
#define SCHEMAC_DRIVER_SQLITE_HOT_H

#include <sqlite3.h>

#include "internal.h"

/* Map the connection's current SQLite error RC to an SC_E* code (driver_sqlite.c). */
int sc__sqlite_fail(sc_conn *c, int rc);
/* The rare outcomes of sqlite3_step (driver_sqlite.c). */
int sc__sqlite_step_other(sc_stmt *st, int rc);

static inline sqlite3_stmt *sc__sq(const sc_stmt *st)
{
    return st->h.sq;
}

static inline int sc__sq_rc(sc_stmt *st, int rc)
{
    return rc == SQLITE_OK ? SC_OK : sc__sqlite_fail(st->conn, rc);
}

static inline int sc__sq_step(sc_stmt *st)
{
    sqlite3_stmt *s = sc__sq(st);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        return SC_ROW;
    return sc__sqlite_step_other(st, rc);
}

/*
 * The value of column COL of the current row and its SQLite type in *TYPE,
 * with one API call (sqlite3_column_value) plus the cheap value readers.
 * The value is "unprotected", which only matters when SQLite's connection
 * mutex is on; connections are opened SQLITE_OPEN_NOMUTEX.
 */
static inline sqlite3_value *sc__sq_value(sc_stmt *st, int col, int *type)
{
    sqlite3_value *v = sqlite3_column_value(sc__sq(st), col);
    *type = sqlite3_value_type(v);
    return v;
}

/* Parameters whose bit fits in sc_stmt.bound; statements with more clear eagerly. */
enum { SC__SQ_LAZY_PARAMS = 64 };

/* Note that parameter IDX (already range-checked) was bound by this user. */
static inline void sc__sq_mark(sc_stmt *st, int idx)
{
    if (idx <= SC__SQ_LAZY_PARAMS)
        st->h.bound |= UINT64_C(1) << (idx - 1);
}

/* Give the statement back: rewind, and leave the bindings for sc__sq_unstale. */
static inline void sc__sq_release(sc_stmt *st)
{
    sqlite3_reset(sc__sq(st));
    st->h.bound = 0;
    /* a large copied value is freed now rather than kept until the next user (SC__SLOW_BIG) */
    if (st->nparams > SC__SQ_LAZY_PARAMS || (st->h.slow & SC__SLOW_BIG)) {
        sqlite3_clear_bindings(sc__sq(st));
        st->h.need = 0;
        st->h.slow &= ~SC__SLOW_BIG;
    } else {
        st->h.need = st->h.all;
    }
}

/* Before a step: NULL what the previous user bound and this one did not. */
static inline void sc__sq_unstale(sc_stmt *st)
{
    uint64_t stale = st->h.need & ~st->h.bound;
    st->h.need = 0;
    for (int i = 1; stale; i++, stale >>= 1)
        if (stale & 1)
            sqlite3_bind_null(sc__sq(st), i);
}

static inline int sc__sq_bind_int64(sc_stmt *st, int idx, sqlite3_int64 v)
{
    sc__sq_mark(st, idx);
    return sc__sq_rc(st, sqlite3_bind_int64(sc__sq(st), idx, v));
}

static inline int sc__sq_bind_double(sc_stmt *st, int idx, double v)
{
    sc__sq_mark(st, idx);
    return sc__sq_rc(st, sqlite3_bind_double(sc__sq(st), idx, v));
}

/* Timestamp parameters whose text the statement keeps (sc_stmt.tsbuf); later ones are bound as copies. */
enum { SC__TS_SLOTS = 64 };

/* Where parameter IDX's timestamp text is kept, or NULL (past the slots, or out of memory: bind a copy). */
static inline char *sc__sq_ts_slot(sc_stmt *st, int idx)
{
    if (idx < 1 || idx > SC__TS_SLOTS || idx > st->nparams)
        return NULL;
    if (!st->tsbuf) {
        int n = st->nparams < SC__TS_SLOTS ? st->nparams : SC__TS_SLOTS;
        st->tsbuf = malloc((size_t)n * SC_TIMESTAMP_BUFSIZE);
        if (!st->tsbuf)
            return NULL;
    }
    return st->tsbuf + (size_t)(idx - 1) * SC_TIMESTAMP_BUFSIZE;
}

/*
 * A timestamp in SQLite's text form (the connection's default): written
 * where the statement keeps it and bound without a copy (SQLite reads it
 * at the step; a released statement's unbound parameters are bound again
 * before its next step), else bound as a copy.
 */
static inline int sc__sq_bind_time_text(sc_stmt *st, int idx, sc_timestamp ts)
{
    char local[SC_TIMESTAMP_BUFSIZE];
    char *slot = sc__sq_ts_slot(st, idx);
    char *buf = slot ? slot : local;
    int n = sc_timestamp_format(buf, SC_TIMESTAMP_BUFSIZE, ts, SC_TIME_ISO_MS);
    if (n < 0)
        return sc__conn_fail(st->conn, SC_ERANGE, "timestamp out of range");
    sc__sq_mark(st, idx);
    return sc__sq_rc(st, sqlite3_bind_text(sc__sq(st), idx, buf, n, slot ? SQLITE_STATIC : SQLITE_TRANSIENT));
}

static inline int sc__sq_bind_null(sc_stmt *st, int idx)
{
    sc__sq_mark(st, idx);
    return sc__sq_rc(st, sqlite3_bind_null(sc__sq(st), idx));
}

static inline int sc__sq_bind_text(sc_stmt *st, int idx, const char *p, size_t n)
{
    sc__sq_mark(st, idx);
    return sc__sq_rc(st, sqlite3_bind_text64(sc__sq(st), idx, p, n, SQLITE_TRANSIENT, SQLITE_UTF8));
}

static inline int sc__sq_bind_blob(sc_stmt *st, int idx, const void *p, size_t n)
{
    sc__sq_mark(st, idx);
    return sc__sq_rc(st, sqlite3_bind_blob64(sc__sq(st), idx, p, n, SQLITE_TRANSIENT));
}

/*
 * SQLite re-prepares a statement after a schema change, so the column count
 * may move. Rather than asking on every step, st->h.ncols is refreshed where
 * a stale value would show: reads past it, NULL reads (an index past the
 * real count reads as NULL) and the column count and name functions.
 */
static inline void sc__sq_sync_ncols(sc_stmt *st)
{
    st->h.ncols = sqlite3_column_count(sc__sq(st));
}

static inline int sc__sq_ncols(const sc_stmt *st)
{
    return sqlite3_column_count(sc__sq(st));
}

/* Rewind; the error of a failed step was already reported. */
static inline void sc__sq_reset(sc_stmt *st)
{
    sqlite3_reset(sc__sq(st));
}

static inline void sc__sq_clear_bindings(sc_stmt *st)
{
    sqlite3_clear_bindings(sc__sq(st));
    st->h.need = 0;
    st->h.slow &= ~SC__SLOW_BIG;
}

static inline int sc__sq_col_is_null(sc_stmt *st, int col)
{
    return sqlite3_column_type(sc__sq(st), col) == SQLITE_NULL;
}

#endif
