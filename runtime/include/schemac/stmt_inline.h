/*
 * schemac/stmt_inline.h - the SQLite fast paths of schemac/stmt.h, inline.
 * Included by stmt.h; do not include it on its own.
 *
 * A bind, step, typed read, reset or release of an SQLite statement is, in
 * the common case, a few loads and the one sqlite3 call hand-written code
 * would make, compiled into the caller. Everything else (PostgreSQL, SQL
 * NULL, type conversions, errors, the observability hook, statements that
 * are not cached) calls into the library, whose out-of-line functions do
 * the full work. A typed read still checks the value's type, so a REAL in
 * an integer column is an SC_ETYPE error rather than a silent truncation.
 *
 * sc__stmt_hot is the head of every sc_stmt. It is not API: its layout may
 * change in any release, and only the functions below and the library may
 * touch it. Compile with -DSC_NO_INLINE to call the library for everything
 * (the exported sc_stmt_* functions behave the same either way).
 */
#ifndef SCHEMAC_STMT_INLINE_H
#define SCHEMAC_STMT_INLINE_H

#include <sqlite3.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The calendar day of the last plain timestamp a statement read: its text's first ten bytes and what they are. */
typedef struct sc__tsday {
    uint64_t ymd;   /* "YYYY-MM-" (bytes 0-7), as timestamp.c reads them */
    uint32_t dd;    /* "DD" (bytes 8-9) */
    uint32_t known; /* 0: nothing read yet */
    int64_t days;   /* days since 1970-01-01 */
} sc__tsday;

typedef struct sc__stmt_hot {
    sqlite3_stmt *sq;   /* the SQLite statement; NULL on PostgreSQL */
    uint64_t bound;     /* parameters bound since the statement was taken (bit i-1: parameter i) */
    uint64_t need;      /* parameters the next step must find bound (else the library NULLs them) */
    uint64_t all;       /* a bit for every parameter */
    int64_t changes;    /* rows changed by the last finished execution */
    int ncols;          /* result columns (refreshed by the library after a re-prepare) */
    int nbind;          /* parameters the inline binds may set: all of them (SQLite), or 0 */
    int active;         /* on a row (SQLite: not rewound; a finished statement rewinds at once) */
    int slow;           /* step and release must take the library's path (SC__SLOW_*) */
    int in_use;
    int cached;
    /*
     * SQLite, a row being read into a packed row (schemac/rows.h): where its
     * next text value goes in the connection's text chunk and where that
     * chunk ends (TPOS NULL: the library's path), the row's block member
     * and what it must hold while values are there (the library's mark).
     */
    char *tpos;
    char *tend;
    void *tmark;
    const void *tmv;
    /* rows of a list are often of one day: its date read once (sc__x_timestamp_parse_day) */
    sc__tsday tday;
} sc__stmt_hot;

enum {
    SC__SLOW_HOOK = 1,       /* the connection has an observability hook */
    SC__SLOW_SCRATCH = 2,    /* converted values to free at the next step */
    SC__SLOW_MANY = 4,       /* over 64 parameters: bindings are cleared on release, the later ones not tracked */
    SC__SLOW_BIG = 8,        /* holds a large copied value: release clears the bindings */
    SC__SLOW_POISON = 16,    /* a bind failed: steps return its error (binds and release heal it) */
    SC__SLOW_TXFAIL = 32,    /* in use when its transaction failed: the next step checks it */
};

/* Text and blobs longer than this are bound by the library, so a release does not keep them. */
enum { SC__I_BIG = 16384 };

/* The out-of-line implementations (exported for the functions below; not API). */
int sc__x_bind_bool(sc_stmt *st, int idx, bool v);
int sc__x_bind_int64(sc_stmt *st, int idx, int64_t v);
int sc__x_bind_double(sc_stmt *st, int idx, double v);
int sc__x_bind_null(sc_stmt *st, int idx);
int sc__x_bind_text(sc_stmt *st, int idx, const char *s, long len, int copy);
int sc__x_bind_blob(sc_stmt *st, int idx, const void *data, size_t len);
int sc__x_bind_fail(sc_stmt *st, int idx, int rc);
int sc__x_step(sc_stmt *st);
int sc__x_step_end(sc_stmt *st, int rc);
int sc__x_not_found(sc_stmt *st);
int sc__x_conflict(sc_stmt *st);
int sc__x_reset(sc_stmt *st);
void sc__x_release(sc_stmt *st);
int sc__x_column_is_null(sc_stmt *st, int col);
int sc__x_column_bool(bool *out, sc_stmt *st, int col);
int sc__x_column_int32(int32_t *out, sc_stmt *st, int col);
int sc__x_column_int64(int64_t *out, sc_stmt *st, int col);
int sc__x_column_double(double *out, sc_stmt *st, int col);
int sc__x_column_text(const char **out, size_t *len, sc_stmt *st, int col);
int sc__x_column_blob(const void **out, size_t *len, sc_stmt *st, int col);
int sc__x_column_text_dup(char **out, sc_stmt *st, int col);
int sc__x_column_timestamp(sc_timestamp *out, sc_stmt *st, int col);
/* sc_timestamp_parse, the date of a plain timestamp taken from DAY when it is DAY's (and kept there). */
int sc__x_timestamp_parse_day(sc_timestamp *out, const char *text, long len, sc__tsday *day);

#if defined(__GNUC__)
#define SC__I_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define SC__I_LIKELY(x) (x)
#endif

/* The head of ST (C11 6.7.2.1: a struct's address is its first member's). */
static inline sc__stmt_hot *sc__hot(sc_stmt *st)
{
    return (sc__stmt_hot *)(void *)st;
}

/* ---- binding: an SQLite statement that is not mid-execution ---- */

static inline int sc__i_bindable(sc_stmt *st, int idx)
{
    sc__stmt_hot *h = sc__hot(st);
    if (st && !h->active && (unsigned)idx - 1u < (unsigned)h->nbind) {
        /* parameters past the 64th are not tracked: such a statement's bindings are cleared on release */
        if (idx <= 64)
            h->bound |= (uint64_t)1 << (idx - 1);
        return 1;
    }
    return 0;
}

static inline int sc__i_bound(sc_stmt *st, int idx, int rc)
{
    return SC__I_LIKELY(rc == SQLITE_OK) ? SC_OK : sc__x_bind_fail(st, idx, rc);
}

static inline int sc__i_bind_int64(sc_stmt *st, int idx, int64_t v)
{
    if (SC__I_LIKELY(sc__i_bindable(st, idx)))
        return sc__i_bound(st, idx, sqlite3_bind_int64(sc__hot(st)->sq, idx, (sqlite3_int64)v));
    return sc__x_bind_int64(st, idx, v);
}

static inline int sc__i_bind_bool(sc_stmt *st, int idx, bool v)
{
    if (SC__I_LIKELY(sc__i_bindable(st, idx)))
        return sc__i_bound(st, idx, sqlite3_bind_int64(sc__hot(st)->sq, idx, v ? 1 : 0));
    return sc__x_bind_bool(st, idx, v);
}

static inline int sc__i_bind_double(sc_stmt *st, int idx, double v)
{
    if (SC__I_LIKELY(sc__i_bindable(st, idx)))
        return sc__i_bound(st, idx, sqlite3_bind_double(sc__hot(st)->sq, idx, v));
    return sc__x_bind_double(st, idx, v);
}

static inline int sc__i_bind_null(sc_stmt *st, int idx)
{
    if (SC__I_LIKELY(sc__i_bindable(st, idx)))
        return sc__i_bound(st, idx, sqlite3_bind_null(sc__hot(st)->sq, idx));
    return sc__x_bind_null(st, idx);
}

/*
 * COPY 0: S outlives the statement's use (sc_stmt_bind_text_ref). Text with a
 * NUL byte in it (LEN counts one) is the library's to refuse.
 */
static inline int sc__i_bind_text(sc_stmt *st, int idx, const char *s, long len, int copy)
{
    if (SC__I_LIKELY(s != NULL)) {
        size_t n = len < 0 ? strlen(s) : (size_t)len;
        if (SC__I_LIKELY((n <= SC__I_BIG || !copy) && (len < 0 || !memchr(s, '\0', n)) &&
                         sc__i_bindable(st, idx)))
            return sc__i_bound(st, idx, sqlite3_bind_text64(sc__hot(st)->sq, idx, s, (sqlite3_uint64)n,
                                                       copy ? SQLITE_TRANSIENT : SQLITE_STATIC,
                                                       SQLITE_UTF8));
    }
    return sc__x_bind_text(st, idx, s, len, copy);
}

static inline int sc__i_bind_blob(sc_stmt *st, int idx, const void *data, size_t len)
{
    if (SC__I_LIKELY(data && len <= SC__I_BIG && sc__i_bindable(st, idx)))
        return sc__i_bound(st, idx, sqlite3_bind_blob64(sc__hot(st)->sq, idx, data,
                                                   (sqlite3_uint64)len, SQLITE_TRANSIENT));
    return sc__x_bind_blob(st, idx, data, len);
}

/* ---- running ---- */

static inline int sc__i_step(sc_stmt *st)
{
    sc__stmt_hot *h = sc__hot(st);
    if (SC__I_LIKELY(st && h->sq && !h->slow && !(h->need & ~h->bound))) {
        int rc = sqlite3_step(h->sq);
        if (SC__I_LIKELY(rc == SQLITE_ROW)) {
            h->active = 1;
            return SC_ROW;
        }
        return sc__x_step_end(st, rc);
    }
    return sc__x_step(st);
}

static inline int sc__i_step_one(sc_stmt *st)
{
    int rc = sc__i_step(st);
    return SC__I_LIKELY(rc != SC_DONE) ? rc : sc__x_not_found(st);
}

static inline int sc__i_step_versioned(sc_stmt *st)
{
    int rc = sc__i_step(st);
    return SC__I_LIKELY(rc != SC_DONE || sc__hot(st)->changes != 0) ? rc : sc__x_conflict(st);
}

static inline int sc__i_exec(sc_stmt *st)
{
    int rc;
    do {
        rc = sc__i_step(st);
    } while (rc == SC_ROW);
    return rc;
}

static inline int sc__i_reset(sc_stmt *st)
{
    sc__stmt_hot *h = sc__hot(st);
    if (SC__I_LIKELY(st && h->sq && !h->slow)) {
        if (h->active) /* a finished or failed statement was rewound already */
            sqlite3_reset(h->sq);
        h->active = 0;
        return SC_OK;
    }
    return sc__x_reset(st);
}

static inline void sc__i_release(sc_stmt *st)
{
    sc__stmt_hot *h = sc__hot(st);
    if (SC__I_LIKELY(st && h->sq && !h->slow && h->cached)) {
        /* the next user's first step NULLs what it does not bind (see need) */
        if (h->active)
            sqlite3_reset(h->sq);
        h->active = 0;
        h->bound = 0;
        h->need = h->all;
        h->in_use = 0;
        return;
    }
    sc__x_release(st);
}

/* ---- reading: the value's SQLite type decides, NULL goes to the library ---- */

static inline sqlite3_value *sc__i_value(sc_stmt *st, int col)
{
    sc__stmt_hot *h = sc__hot(st);
    if (SC__I_LIKELY(h->sq && (unsigned)col < (unsigned)h->ncols))
        return sqlite3_column_value(h->sq, col);
    return NULL;
}

static inline int sc__i_column_is_null(sc_stmt *st, int col)
{
    sqlite3_value *v = st ? sc__i_value(st, col) : NULL;
    if (SC__I_LIKELY(v && sqlite3_value_type(v) != SQLITE_NULL))
        return 0;
    return sc__x_column_is_null(st, col);
}

static inline int sc__i_column_int64(int64_t *out, sc_stmt *st, int col)
{
    sqlite3_value *v = sc__i_value(st, col);
    if (SC__I_LIKELY(v && sqlite3_value_type(v) == SQLITE_INTEGER)) {
        *out = (int64_t)sqlite3_value_int64(v);
        return SC_OK;
    }
    return sc__x_column_int64(out, st, col);
}

static inline int sc__i_column_int32(int32_t *out, sc_stmt *st, int col)
{
    sqlite3_value *v = sc__i_value(st, col);
    if (SC__I_LIKELY(v && sqlite3_value_type(v) == SQLITE_INTEGER)) {
        sqlite3_int64 i = sqlite3_value_int64(v);
        if (SC__I_LIKELY(i >= INT32_MIN && i <= INT32_MAX)) {
            *out = (int32_t)i;
            return SC_OK;
        }
    }
    return sc__x_column_int32(out, st, col);
}

static inline int sc__i_column_bool(bool *out, sc_stmt *st, int col)
{
    sqlite3_value *v = sc__i_value(st, col);
    if (SC__I_LIKELY(v && sqlite3_value_type(v) == SQLITE_INTEGER)) {
        *out = sqlite3_value_int64(v) != 0;
        return SC_OK;
    }
    return sc__x_column_bool(out, st, col);
}

static inline int sc__i_column_double(double *out, sc_stmt *st, int col)
{
    sqlite3_value *v = sc__i_value(st, col);
    if (SC__I_LIKELY(v != NULL)) {
        int t = sqlite3_value_type(v);
        if (SC__I_LIKELY(t == SQLITE_FLOAT)) {
            *out = sqlite3_value_double(v);
            return SC_OK;
        }
        if (t == SQLITE_INTEGER) {
            *out = (double)sqlite3_value_int64(v);
            return SC_OK;
        }
    }
    return sc__x_column_double(out, st, col);
}

static inline int sc__i_column_text(const char **out, size_t *len, sc_stmt *st, int col)
{
    sqlite3_value *v = sc__i_value(st, col);
    if (SC__I_LIKELY(v && sqlite3_value_type(v) == SQLITE_TEXT)) {
        const char *p = (const char *)sqlite3_value_text(v);
        if (SC__I_LIKELY(p != NULL)) {
            *out = p;
            if (len)
                *len = (size_t)sqlite3_value_bytes(v);
            return SC_OK;
        }
    }
    return sc__x_column_text(out, len, st, col);
}

static inline int sc__i_column_blob(const void **out, size_t *len, sc_stmt *st, int col)
{
    sqlite3_value *v = sc__i_value(st, col);
    if (SC__I_LIKELY(v && sqlite3_value_type(v) == SQLITE_BLOB)) {
        const void *p = sqlite3_value_blob(v);
        size_t n = (size_t)sqlite3_value_bytes(v);
        if (SC__I_LIKELY(p || !n)) {
            *out = p ? p : "";
            *len = n;
            return SC_OK;
        }
    }
    return sc__x_column_blob(out, len, st, col);
}

/* A timestamp stored as SQLite text (the runtime's form) parsed where it lies; anything else is the library's. */
static inline int sc__i_column_timestamp(sc_timestamp *out, sc_stmt *st, int col)
{
    sqlite3_value *v = st ? sc__i_value(st, col) : NULL;
    if (SC__I_LIKELY(v && sqlite3_value_type(v) == SQLITE_TEXT)) {
        const char *p = (const char *)sqlite3_value_text(v);
        if (SC__I_LIKELY(p != NULL) && sc__x_timestamp_parse_day(out, p, sqlite3_value_bytes(v), &sc__hot(st)->tday) == SC_OK)
            return SC_OK;
    }
    return sc__x_column_timestamp(out, st, col);
}

/*
 * A copy of text column COL for a row being packed: SQLite's text (which
 * ends in a NUL) copied into the connection's chunk while it has room, the
 * row's block member marked; anything else is the library's.
 */
static inline int sc__i_column_text_dup(char **out, sc_stmt *st, int col)
{
    sc__stmt_hot *h = sc__hot(st);
    if (SC__I_LIKELY(h->tpos != NULL)) {
        sqlite3_value *v = sc__i_value(st, col);
        if (SC__I_LIKELY(v && sqlite3_value_type(v) == SQLITE_TEXT)) {
            const char *p = (const char *)sqlite3_value_text(v);
            size_t n = (size_t)sqlite3_value_bytes(v);
            char *d = h->tpos;
            if (SC__I_LIKELY(p != NULL && n < (size_t)(h->tend - d))) {
                memcpy(d, p, n + 1);
                h->tpos = d + n + 1;
                memcpy(h->tmark, &h->tmv, sizeof h->tmv);
                *out = d;
                return SC_OK;
            }
        }
    }
    return sc__x_column_text_dup(out, st, col);
}

/*
 * The public names. The library compiles them as exported functions with
 * the same bodies (stmt.c), for callers that cannot use inline functions.
 */
#if !defined(SC_NO_INLINE) && !defined(SC__RUNTIME_BUILD)
/* clang-format off */
static inline int sc_stmt_bind_null(sc_stmt *st, int idx) { return sc__i_bind_null(st, idx); }
static inline int sc_stmt_bind_bool(sc_stmt *st, int idx, bool v) { return sc__i_bind_bool(st, idx, v); }
static inline int sc_stmt_bind_int32(sc_stmt *st, int idx, int32_t v) { return sc__i_bind_int64(st, idx, v); }
static inline int sc_stmt_bind_int64(sc_stmt *st, int idx, int64_t v) { return sc__i_bind_int64(st, idx, v); }
static inline int sc_stmt_bind_double(sc_stmt *st, int idx, double v) { return sc__i_bind_double(st, idx, v); }
static inline int sc_stmt_bind_text(sc_stmt *st, int idx, const char *s, long len) { return sc__i_bind_text(st, idx, s, len, 1); }
static inline int sc_stmt_bind_text_ref(sc_stmt *st, int idx, const char *s, long len) { return sc__i_bind_text(st, idx, s, len, 0); }
static inline int sc_stmt_bind_blob(sc_stmt *st, int idx, const void *data, size_t len) { return sc__i_bind_blob(st, idx, data, len); }
static inline int sc_stmt_step(sc_stmt *st) { return sc__i_step(st); }
static inline int sc_stmt_step_one(sc_stmt *st) { return sc__i_step_one(st); }
static inline int sc_stmt_step_versioned(sc_stmt *st) { return sc__i_step_versioned(st); }
static inline int sc_stmt_exec(sc_stmt *st) { return sc__i_exec(st); }
static inline int sc_stmt_reset(sc_stmt *st) { return sc__i_reset(st); }
static inline void sc_stmt_release(sc_stmt *st) { sc__i_release(st); }
static inline int sc_stmt_column_is_null(sc_stmt *st, int col) { return sc__i_column_is_null(st, col); }
static inline int sc_stmt_column_bool(bool *out, sc_stmt *st, int col) { return sc__i_column_bool(out, st, col); }
static inline int sc_stmt_column_int32(int32_t *out, sc_stmt *st, int col) { return sc__i_column_int32(out, st, col); }
static inline int sc_stmt_column_int64(int64_t *out, sc_stmt *st, int col) { return sc__i_column_int64(out, st, col); }
static inline int sc_stmt_column_double(double *out, sc_stmt *st, int col) { return sc__i_column_double(out, st, col); }
static inline int sc_stmt_column_text(const char **out, size_t *len, sc_stmt *st, int col) { return sc__i_column_text(out, len, st, col); }
static inline int sc_stmt_column_blob(const void **out, size_t *len, sc_stmt *st, int col) { return sc__i_column_blob(out, len, st, col); }
static inline int sc_stmt_column_text_dup(char **out, sc_stmt *st, int col) { return sc__i_column_text_dup(out, st, col); }
static inline int sc_stmt_column_timestamp(sc_timestamp *out, sc_stmt *st, int col) { return sc__i_column_timestamp(out, st, col); }
/* clang-format on */
#endif

#ifdef __cplusplus
}
#endif
#endif
