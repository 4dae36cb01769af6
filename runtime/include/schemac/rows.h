/*
 * schemac/rows.h - rows read into structs and handed out, written from
 * structs, and related rows loaded in batches: the work every function
 * schemac generates shares, written once here. Hand-written code may use
 * it too.
 *
 * A row type is described by an sc_model: its size, a table of its
 * columns (schemac/fields.h) or two functions the program supplies, and
 * where its list type keeps the count:
 *
 *     int read(void *row, sc_stmt *st);   // the current row of ST, columns from 0, into ROW
 *     void clear(void *row);              // free what ROW owns (and zero it)
 *     typedef struct { T *items; size_t count; } T_list;   // the list type
 *
 * READ fills ROW whatever it held (it zeroes it first: the memory comes
 * from malloc) and on failure leaves nothing allocated (it clears what it
 * read). The rows handed out are malloc'd: one struct for a single row,
 * one block for a list. Rows are handed out through the caller's `T *`
 * (or list) whose address is passed as a void pointer: the runtime stores
 * a row's address there, as every object pointer has one representation
 * on the platforms libschemac runs on (POSIX).
 *
 * Many functions here end a statement: they take the result RC of what the
 * caller did with it so far (prepare and binds), do their part only when RC
 * is SC_OK, release the statement in every case (a NULL statement is
 * fine), and return the outcome. A generated function then reads:
 *
 *     sc_stmt *st = NULL;
 *     int rc = sc_stmt_prepare_site(&st, conn, &site);
 *     if (rc == SC_OK)
 *         rc = sc_stmt_bind_int32(st, 1, id);
 *     return sc_stmt_fetch_one(out, st, rc, &blog_post__model);
 *
 * Thread safety: as for the statement and connection used.
 */
#ifndef SCHEMAC_ROWS_H
#define SCHEMAC_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "array.h"
#include "conn.h"
#include "stmt.h"
#include "timestamp.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int (*sc_row_read_fn)(void *row, sc_stmt *st);
typedef void (*sc_row_clear_fn)(void *row);
/*
 * PostgreSQL rows R0 .. R0 + N - 1 of RES (a const PGresult *) into a new
 * block of N rows and their text (schemac/pg_rows.h): SC_OK with the block
 * in *OUT, SC_ENOMEM, or SC__READ_OTHER with nothing allocated when a value
 * is not one the function reads itself (the runtime then reads the rows its
 * way, with the same result and error as ever).
 */
typedef int (*sc_row_read_pg_fn)(void **out, const void *res, int r0, size_t n, sc_stmt *st);
enum { SC__READ_OTHER = 2 };

struct sc_field;

/*
 * A row type: generated code defines one per model, `const sc_model
 * blog_post__model`, and one per query row type. With a table of FIELDS
 * (schemac/fields.h: field i read from column i), the runtime can read a
 * row itself: it does on PostgreSQL (decided once per result for each
 * column, then binary values straight from the result), and on SQLite when
 * READ is NULL (with READ it calls READ, straight-line code over the inline
 * reads). CLEAR may be NULL when the fields are all a row owns: the runtime
 * frees them. Without FIELDS, READ and CLEAR do the work.
 */
typedef struct sc_model {
    size_t size;           /* sizeof one row */
    size_t list_count;     /* offsetof(T_list, count); the items pointer comes first */
    sc_row_read_fn read;
    sc_row_clear_fn clear;
    const struct sc_field *fields; /* NULL: READ reads */
    size_t nfields;
    /*
     * offsetof the row's `void *` block member, or 0 for none. With a block
     * member, a field table and a clear function, rows the runtime reads keep
     * their text and bytes in the same allocation as the row (a list: as its
     * items), the member pointing at it; CLEAR must then leave such values
     * alone (they go with the block). NULL: every value is its own malloc.
     */
    size_t block_at;
    /*
     * NULL, or straight-line code for PostgreSQL rows whose columns come in
     * the binary form each field's type reads as it is (int4 for INT32,
     * int8 for INT64, float8, bool, timestamp, text-like for TEXT): generated
     * for typed queries whose columns are all such values. The runtime
     * calls it when the result's columns are those (with a field table and
     * a block member), else reads by the table.
     */
    sc_row_read_pg_fn read_pg;
} sc_model;

/*
 * Where a row read by the runtime keeps its text and bytes (sc_model.block_at):
 * the bytes from BEGIN to END of the row's allocation. The row's block member
 * points at it; NULL for rows the program builds.
 */
typedef struct sc_block {
    uintptr_t begin, end;
} sc_block;

/* Free P, a text or bytes value of a row whose block member is BLOCK, unless it lives in that block. */
static inline void sc_value_free(void *p, const void *block)
{
    if (block) {
        const sc_block *b = (const sc_block *)block;
        if ((uintptr_t)p >= b->begin && (uintptr_t)p < b->end)
            return;
    }
    free(p);
}

/* ---- columns into owned memory ---- */

/* A malloc'd copy of text column COL (SC_ENULL and *OUT NULL for SQL NULL). */
SC__STMT_FN int sc_stmt_column_text_dup(char **out, sc_stmt *st, int col);

/* A malloc'd copy of blob column COL: never NULL on success, even when empty. */
int sc_stmt_column_blob_dup(uint8_t **out, size_t *len, sc_stmt *st, int col);

/*
 * A read of a nullable column: RC is the typed read's result. SQL NULL
 * (SC_ENULL) becomes SC_OK with *HAS false; SC_OK sets *HAS; an error stays.
 *
 *     rc = sc_nullable(sc_stmt_column_int32(&row->age, st, 3), &row->has_age);
 */
static inline int sc_nullable(int rc, bool *has)
{
    *has = rc == SC_OK;
    return rc == SC_ENULL ? SC_OK : rc;
}

/* Bind an enum value by its database name; a NULL LABEL (a C value out of range) is SC_EINVAL. */
int sc_stmt_bind_label(sc_stmt *st, int idx, const char *label);

/* ---- ending a statement ---- */

typedef enum sc_finish {
    SC_FINISH_EXEC = 0,      /* run to the end, rows discarded */
    SC_FINISH_CHANGED = 1,   /* the same, and SC_ENOTFOUND when it changed no row */
    SC_FINISH_VERSIONED = 2, /* step once with sc_stmt_step_versioned: SC_ECONFLICT when no row matched */
} sc_finish;

/* Run ST as HOW says when RC is SC_OK; release it; return the outcome (SC_OK on success). */
int sc_stmt_finish(sc_stmt *st, int rc, sc_finish how);

/*
 * The one row ST answers into a new malloc'd row of M, its address into
 * *(T **)OUT (OUT NULL: stepped, not read); SC_ENOTFOUND when it answers
 * none. Ends ST (see above). OUT is written only on success.
 */
int sc_stmt_fetch_one(void *out, sc_stmt *st, int rc, const sc_model *m);

/*
 * The same for a versioned UPDATE ... RETURNING (sc_stmt_step_versioned):
 * SC_ECONFLICT when no row matched the key and version.
 */
int sc_stmt_fetch_versioned(void *out, sc_stmt *st, int rc, const sc_model *m);

/*
 * Run the INSERT ST and put the new row's integer id into *OUT: on SQLite
 * sqlite3_last_insert_rowid (ST has no RETURNING: the id is the rowid of an
 * INTEGER PRIMARY KEY); on PostgreSQL the one column of the one row ST's
 * `RETURNING "id"` answers. Ends ST (see above); OUT is written only on
 * success.
 */
int sc_stmt_insert_id(int64_t *out, sc_stmt *st, int rc);

/*
 * Every row ST answers into one malloc'd block, set into the list LIST (a
 * T_list *: items NULL when none). EXPECTED (0: unknown) sizes the first
 * allocation, up to SC_FETCH_PREALLOC_MAX rows, so a page of LIMIT rows is
 * allocated once. On failure the rows read so far are cleared and freed,
 * and LIST is left alone. Ends ST.
 */
enum { SC_FETCH_PREALLOC_MAX = 1024 };
int sc_stmt_fetch_list(void *list, sc_stmt *st, int rc, size_t expected, const sc_model *m);

/*
 * The rows of a lookup by a list of N keys (generated find_many_by_*): ST
 * answers rows of M with, in column INDEX_COLUMN, the position of the key
 * that found them (0..N-1; each position at most once). They go into one
 * malloc'd block in key order, set into the list LIST (a T_list *); keys
 * without a row are left out, and FOUND (N flags, may be NULL) tells which
 * positions found one. On failure nothing is handed out. Ends ST.
 */
int sc_stmt_fetch_placed(void *list, bool *found, sc_stmt *st, int rc, size_t n, int index_column, const sc_model *m);

/*
 * Run ST (no parameters) and read the one int64 column of the one row it
 * answers into *OUT: a COUNT(*). No row is SC_ERROR.
 */
int sc_query_int64(int64_t *out, sc_conn *conn, sc_stmt_site *site);

/* The same for a statement the caller prepared and bound (RC their result): a COUNT(*) ... WHERE. Ends ST. */
int sc_stmt_fetch_int64(int64_t *out, sc_stmt *st, int rc);

/* ---- freeing ---- */

/* Clear and free ROW of M (NULL is fine). */
void sc_row_free(void *row, const sc_model *m);
/* Clear COUNT rows of M at ITEMS, then free the block (NULL is fine). */
void sc_rows_free(void *items, size_t count, const sc_model *m);
/* Free the rows of the list LIST (a T_list *, NULL is fine) and empty it. */
void sc_list_free(void *list, const sc_model *m);

/* ---- many rows in one INSERT ---- */

/*
 * Bind the parameters of ROWS[0..N) (an array of the caller's row type), row
 * r's from r * per_row + 1 on; NOW is the clock reading the rows share.
 */
typedef int (*sc_rows_bind_fn)(sc_stmt *st, const void *rows, size_t n, sc_timestamp now);

typedef struct sc_insert_spec {
    sc_stmt_site *one;     /* the INSERT of one row, its VALUES tuple at the end */
    sc_stmt_site *batch;   /* SC_STMT_SITE(NULL, NULL): numbers the BATCH-row INSERT (written from ONE) */
    size_t batch_rows;     /* rows per multi-row INSERT; 1: row by row */
    int per_row;           /* parameters per row */
    size_t row_size;       /* sizeof one row */
    sc_rows_bind_fn bind;  /* binds the rows of one INSERT */
} sc_insert_spec;

/*
 * Insert ROWS[0..N): full batches through one multi-row INSERT (its text
 * written from the one-row INSERT by sc_sql_insert_rows, once per
 * connection), the rest row by row, all inside one transaction (a
 * savepoint when the caller has one open), so either every row is stored
 * or none. N 0 does nothing.
 */
int sc_insert_many(sc_conn *conn, const sc_insert_spec *spec, const void *rows, size_t n, sc_timestamp now);

/*
 * The same, and the number of rows the INSERTs stored into *INSERTED (may
 * be NULL; written on success): fewer than N when they skip some. TAIL
 * (NULL: none) is what SPEC's one-row INSERT ends with after its VALUES
 * tuple (" ON CONFLICT DO NOTHING"); a batch ends with it too.
 */
int sc_insert_many_count(sc_conn *conn, const sc_insert_spec *spec, const char *tail, const void *rows, size_t n, sc_timestamp now,
                         int64_t *inserted);

/* ---- batch loaders ---- */

#define SC_LOAD_ONE ((size_t)-1)

/* sc_load_spec.index_column: target rows go to the source rows whose key they hold (sc_load_by only). */
#define SC_LOAD_BY_KEY (-1)

typedef struct sc_load_spec {
    size_t row_size;        /* sizeof one source row */
    size_t member;          /* offsetof the relation member: a pointer to one target row, or to an array */
    size_t count_member;    /* offsetof the array's size_t count, or SC_LOAD_ONE for a single row */
    int index_column;       /* the result column holding the source row's index, or SC_LOAD_BY_KEY */
    const sc_model *target; /* the target rows (their columns from 0) */
    /* SC_LOAD_BY_KEY: the target model's field (an index into its field table) whose value is its source rows'
       key (one INT32 or INT64 key field; the statement answers each target row once, however many source rows
       share its key) */
    int match_field;
} sc_load_spec;

/*
 * Fill one relation of ROWS[0..N) with one query. Every row's relation is
 * emptied first (what an earlier load put there is freed). SITE's
 * statement takes KEYS (one element per row, in row order) as parameter 1
 * and answers target rows with the index of their source row in column
 * SPEC->index_column; each is appended to that row's array (or becomes
 * its single row). KEYS is freed in every case.
 */
int sc_load(sc_conn *conn, sc_stmt_site *site, sc_array *keys, void *rows, size_t n, const sc_load_spec *spec);
/* (SPEC->index_column SC_LOAD_BY_KEY needs the key fields: sc_load_by; here it is SC_EINVAL.) */

/*
 * The same for rows anywhere: ROWS[i] points at source row i (nested
 * loading: the lines of many orders, each order's lines an array of its
 * own). SPEC->row_size is not used. A NULL pointer, or a row given twice
 * for an array relation, is SC_EINVAL (KEYS freed, rows left as emptied).
 */
int sc_load_ptrs(sc_conn *conn, sc_stmt_site *site, sc_array *keys, void *const *rows, size_t n, const sc_load_spec *spec);

#ifdef __cplusplus
}
#endif
#endif
