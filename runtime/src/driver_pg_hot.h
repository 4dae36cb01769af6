/*
 * driver_pg_hot.h - the PostgreSQL driver's per-call helpers that stmt.c
 * uses on its side of the inline paths (schemac/stmt_inline.h): the next
 * row of a result already fetched, and typed reads that cost what a
 * hand-written libpq read costs.
 *
 * Once per result with rows, driver_pg.c (pg_classify) gives each column a
 * class from its type OID and format (sc_stmt.pgcls); a typed read of a
 * column whose class it knows is then PQgetlength and PQgetvalue (plus
 * PQgetisnull for an empty value) and a switch, instead of the driver
 * vtable, five libpq calls and the engine-neutral sc__val. Everything else
 * (SQL NULL's error, conversions, text-format numbers and bytea, dates,
 * numerics, UUIDs, unknown types, no current row, a bad column) takes the
 * generic path of stmt.c and driver_pg.c (pg_column), which gives the same
 * results it always gave.
 */
#ifndef SCHEMAC_DRIVER_PG_HOT_H
#define SCHEMAC_DRIVER_PG_HOT_H

#include <libpq-fe.h>
#include <string.h>

#include "internal.h"

/*
 * A column's class for the fast reads. The integer-like classes come first
 * and in this order: SC__PGC_BOOL..SC__PGC_INT4 always fit int32.
 */
enum {
    SC__PGC_SLOW = 0,   /* the generic path decides */
    SC__PGC_BOOL,       /* binary bool */
    SC__PGC_INT2,       /* binary int2 */
    SC__PGC_INT4,       /* binary int4 */
    SC__PGC_OID,        /* binary oid (unsigned 32 bits) */
    SC__PGC_INT8,       /* binary int8 */
    SC__PGC_FLOAT4,     /* binary float4 */
    SC__PGC_FLOAT8,     /* binary float8 */
    SC__PGC_TIMESTAMP,  /* binary timestamp or timestamptz */
    SC__PGC_TEXT,       /* its bytes are its text: binary text-like types, or any text-format column but bytea */
    SC__PGC_JSONB,      /* binary jsonb: a version byte, then the text */
    SC__PGC_BYTEA,      /* binary bytea */
};

/* Microseconds from 1970-01-01 to PostgreSQL's epoch 2000-01-01. */
#define SC__PG_EPOCH_US INT64_C(946684800000000)

/* Classify the columns of ST's current result (driver_pg.c; on a failure none are). */
void sc__pg_classify(sc_stmt *st);

/* The class of column COL when the current row is known to the fast reads, else SC__PGC_SLOW. */
static inline int sc__pg_cls(const sc_stmt *st, int col)
{
    if ((unsigned)col < (unsigned)st->pgcls_n && (unsigned)st->row < (unsigned)st->nrows)
        return st->pgcls[col];
    return SC__PGC_SLOW;
}

/* Column COL of the current row (classified) and its length in *LEN; NULL for SQL NULL. */
static inline const unsigned char *sc__pg_cell(const sc_stmt *st, int col, size_t *len)
{
    /* (st->res read at each call rather than kept: one register fewer to save) */
    int n = PQgetlength((const PGresult *)st->res, st->row, col);
    /* PQgetlength says 0 for NULL: only an empty value needs the second question */
    if (n == 0 && PQgetisnull((const PGresult *)st->res, st->row, col))
        return NULL;
    *len = (size_t)n;
    return (const unsigned char *)PQgetvalue((const PGresult *)st->res, st->row, col);
}

static inline uint32_t sc__pg_be32(const unsigned char *p)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return __builtin_bswap32(v);
#else
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
#endif
}

static inline uint64_t sc__pg_be64(const unsigned char *p)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return __builtin_bswap64(v);
#else
    return (uint64_t)sc__pg_be32(p) << 32 | sc__pg_be32(p + 4);
#endif
}

/* The value of an integer-like class (SC__PGC_BOOL..SC__PGC_INT8), as driver_pg.c decodes it. */
static inline int64_t sc__pg_int(int cls, const unsigned char *p, size_t n)
{
    switch (cls) {
    case SC__PGC_BOOL:
        return n && p[0];
    case SC__PGC_INT2:
        return (int16_t)(uint16_t)((unsigned)p[0] << 8 | p[1]);
    case SC__PGC_INT4:
        return (int32_t)sc__pg_be32(p);
    case SC__PGC_OID:
        return (int64_t)sc__pg_be32(p);
    default:
        return (int64_t)sc__pg_be64(p);
    }
}

static inline int sc__pg_is_int(int cls)
{
    return cls >= SC__PGC_BOOL && cls <= SC__PGC_INT8;
}

/* A class whose value is text (SC__PGC_TEXT, SC__PGC_JSONB): *P and *N become the text. */
static inline int sc__pg_text(int cls, const unsigned char **p, size_t *n)
{
    if (cls == SC__PGC_TEXT)
        return 1;
    if (cls != SC__PGC_JSONB)
        return 0;
    /* an empty jsonb value (never sent) reads as "" as in driver_pg.c */
    if (*n) {
        ++*p;
        --*n;
    } else {
        *p = (const unsigned char *)"";
    }
    return 1;
}

/*
 * The next row of a result ST holds already, when nothing else is due (no
 * hook, nothing to free, no failed bind or transaction; not the end): 1 with
 * the row advanced, else 0 and the library's step does the work.
 */
/* How many rows from ST's current one can be read without stepping (as sc__pg_next_row allows): 0 for none. */
static inline int sc__pg_rows_left(const sc_stmt *st)
{
    if (st->res && st->row >= 0 && st->row < st->nrows && st->h.active && !st->h.slow && !st->conn->tx_failed &&
        !st->conn->opts.hook)
        return st->nrows - st->row;
    return 0;
}

static inline int sc__pg_next_row(sc_stmt *st)
{
    if (st->row + 1 < st->nrows && st->h.active && !st->h.slow && st->res &&
        !st->conn->tx_failed && !st->conn->opts.hook) {
        st->row++;
        return 1;
    }
    return 0;
}

#endif
