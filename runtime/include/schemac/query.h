/*
 * schemac/query.h - what typed queries (`schemac generate --queries`,
 * docs/queries.md) need beyond schemac/rows.h: the results of the :exec
 * commands, COPY and multi-row INSERTs for :copyfrom, and batches of one
 * statement for :batchexec, :batchone and :batchmany (libpq's pipeline mode
 * on PostgreSQL, a prepared loop on SQLite). Hand-written code may use it
 * too.
 *
 * As in rows.h, the functions that end a statement take the result RC of
 * what the caller did with it so far, do their part only when RC is SC_OK,
 * release the statement in every case and return the outcome.
 *
 * Thread safety: as for the connection and statement used.
 */
#ifndef SCHEMAC_QUERY_H
#define SCHEMAC_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "array.h"
#include "conn.h"
#include "rows.h"
#include "stmt.h"
#include "timestamp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the :exec commands ---- */

/* What :execresult reports. */
typedef struct sc_exec_result {
    int64_t rows_affected;  /* rows the statement changed */
    int64_t last_insert_id; /* SQLite: the rowid of the connection's last INSERT; PostgreSQL: 0 */
} sc_exec_result;

/* Run ST to the end (rows discarded) when RC is SC_OK; *OUT (may be NULL) gets the rows it changed. Ends ST. */
int sc_stmt_finish_rows(int64_t *out, sc_stmt *st, int rc);
/* The same; *OUT gets SQLite's last insert rowid. On PostgreSQL: SC_EINVAL (use RETURNING), nothing run. */
int sc_stmt_finish_lastid(int64_t *out, sc_stmt *st, int rc);
/* The same; *OUT gets both. */
int sc_stmt_finish_result(sc_exec_result *out, sc_stmt *st, int rc);

/* The array style a list parameter of ST takes: SC_ARRAY_PG on PostgreSQL, else SC_ARRAY_JSON. */
sc_array_style sc_stmt_array_style(const sc_stmt *st);

/* ---- :copyfrom ---- */

/*
 * Rows in PostgreSQL's COPY text format, value by value: each value is
 * written with the escapes the format needs (backslash, tab, newline,
 * carriage return), NULL as \N. The first failure is remembered (rc) and
 * returned by sc_copy_end_row.
 */
typedef struct sc_copybuf {
    char *text;  /* malloc'd */
    size_t len;
    size_t cap;
    int rc;      /* SC_OK, or the first failure */
    int col;     /* values written in the current row */
} sc_copybuf;

void sc_copy_null(sc_copybuf *b);
void sc_copy_int(sc_copybuf *b, int64_t v);
void sc_copy_double(sc_copybuf *b, double v);
void sc_copy_bool(sc_copybuf *b, bool v);
/* NULL text is NULL. */
void sc_copy_text(sc_copybuf *b, const char *s);
/* An enum value's database name; NULL (a C value out of range) fails the row with SC_EINVAL. */
void sc_copy_label(sc_copybuf *b, const char *label);
/* bytea hex input (\x0102); NULL data is NULL. */
void sc_copy_bytes(sc_copybuf *b, const uint8_t *data, size_t len);
void sc_copy_time(sc_copybuf *b, sc_timestamp ts);
/* A PostgreSQL array literal built with sc_array (SC_ARRAY_PG), closed and freed here. */
void sc_copy_array(sc_copybuf *b, sc_array *a);
/* End the row: SC_OK, or the first failure of its values. */
int sc_copy_end_row(sc_copybuf *b);

/* Write one row (a struct of the caller's) with the sc_copy_* functions; return sc_copy_end_row(B). */
typedef int (*sc_copy_row_fn)(sc_copybuf *b, const void *row);

typedef struct sc_copy_spec {
    const char *copy_sql;          /* COPY "t" ("a", "b") FROM STDIN; NULL: PostgreSQL uses INSERT too */
    sc_copy_row_fn write;          /* one row of COPY text */
    const sc_insert_spec *insert;  /* the multi-row INSERT (SQLite, and PostgreSQL without COPY) */
    size_t row_size;               /* sizeof one row */
} sc_copy_spec;

/*
 * Insert ROWS[0..N), all or nothing: on PostgreSQL with COPY FROM STDIN
 * (text format, sent in chunks; one statement, so atomic by itself), on
 * SQLite through sc_insert_many (multi-row INSERTs in one transaction, a
 * savepoint inside the caller's). *OUT (may be NULL) gets the rows
 * inserted. N 0 does nothing.
 */
int sc_copy_from(int64_t *out, sc_conn *conn, const sc_copy_spec *spec, const void *rows, size_t n);

/* ---- :batchexec, :batchone, :batchmany ---- */

/* Bind the parameters of one item (a struct of the caller's) to ST. */
typedef int (*sc_batch_bind_fn)(sc_stmt *st, const void *arg);

typedef struct sc_batch_spec {
    sc_stmt_site *site;     /* the statement */
    size_t arg_size;        /* sizeof one item */
    sc_batch_bind_fn bind;
    const sc_model *model;  /* the rows it answers (NULL for SC_BATCH_EXEC) */
} sc_batch_spec;

typedef enum sc_batch_kind {
    SC_BATCH_EXEC = 0, /* rows discarded */
    SC_BATCH_ONE = 1,  /* exactly the first row of each item: LIST gets N rows; SC_ENOTFOUND when an item has none */
    SC_BATCH_MANY = 2, /* every row of every item, in order; COUNTS[i] (may be NULL) gets item i's number */
} sc_batch_kind;

/*
 * Run SPEC's statement once per item of ARGS[0..N), all or nothing. On
 * PostgreSQL the items go out in one pipeline (libpq pipeline mode: one
 * round trip; outside a transaction its implicit transaction makes it
 * atomic, inside one a failure fails the caller's level as any statement
 * does). On SQLite the statement is prepared once and run in a loop inside
 * a transaction (a savepoint inside the caller's). Rows come into LIST (a
 * T_list * of SPEC's model; untouched on failure) in one block. Returns
 * SC_OK or the first failure.
 */
int sc_batch_run(void *list, size_t *counts, sc_conn *conn, const sc_batch_spec *spec, const void *args, size_t n,
                 sc_batch_kind kind);

#ifdef __cplusplus
}
#endif
#endif
