/*
 * schemac/stmt.h - prepared statements over sqlite3 and libpq.
 *
 * The life of a statement:
 *
 *     sc_stmt *st;
 *     rc = sc_stmt_prepare(&st, conn, sql);       // from the per-connection cache
 *     sc_stmt_bind_int64(st, 1, id);              // parameters are 1-based
 *     while ((rc = sc_stmt_step(st)) == SC_ROW)
 *         sc_stmt_column_text(&name, &len, st, 0); // columns are 0-based
 *     sc_stmt_release(st);                        // back to the cache
 *
 * SQL text is per dialect: SQLite placeholders are ?1, ?2 (or ?), PostgreSQL
 * placeholders $1, $2. sc_stmt_prepare2() picks the text by the connection's
 * dialect. Prepared statements are cached per connection keyed by the SQL
 * text (least recently used evicted); a statement the engine reports as
 * invalidated by a schema change is dropped from the cache and prepared
 * again. Errors are recorded in sc_conn_error() of the connection.
 *
 * Typed reads return SC_ENULL (and store 0 / NULL) when the value is SQL
 * NULL, so a NOT NULL column can be read without a separate check, and a
 * nullable one either with sc_stmt_column_is_null() first or by reading it
 * and treating SC_ENULL as "no value" (a library call without message
 * formatting; it still sets sc_conn_error() to SC_ENULL). Text and blob
 * pointers stay valid until the next step, reset or release of the statement.
 *
 * Thread safety: as for the connection that owns the statement.
 */
#ifndef SCHEMAC_STMT_H
#define SCHEMAC_STMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "errors.h"
#include "timestamp.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_stmt sc_stmt;

/*
 * The functions marked SC__STMT_FN are inline (schemac/stmt_inline.h): an
 * SQLite statement's common case compiles into the caller, the rest calls
 * the library. With SC_NO_INLINE defined they are plain library calls.
 */
#if defined(SC_NO_INLINE) || defined(SC__RUNTIME_BUILD)
#define SC__STMT_FN
#else
#define SC__STMT_FN static inline
#endif

/* Prepare SQL on CONN (or take it from the cache). */
int sc_stmt_prepare(sc_stmt **out, sc_conn *conn, const char *sql);

/* Prepare SQLITE_SQL or PG_SQL, whichever matches the connection's dialect. */
int sc_stmt_prepare2(sc_stmt **out, sc_conn *conn, const char *sqlite_sql, const char *pg_sql);

/*
 * A statement with fixed SQL at one place in the program, for the fastest
 * cache lookup (generated code declares one per query):
 *
 *     static sc_stmt_site site = SC_STMT_SITE("SELECT ... ?1", "SELECT ... $1");
 *     rc = sc_stmt_prepare_site(&st, conn, &site);
 *
 * The first use gives the site a process-wide number; after that each
 * connection finds its prepared statement by that number, without hashing
 * or comparing the text. The texts must not change while the site is in
 * use, and a site must live as long as the connections that used it (make
 * it static). Thread-safe in the same way as sc_stmt_prepare: the site may
 * be shared by threads, each using its own connection.
 */
typedef struct sc_stmt_site {
    const char *sqlite_sql;
    const char *pg_sql;
    unsigned id;            /* set at first use */
} sc_stmt_site;

#define SC_STMT_SITE(sqlite_sql, pg_sql) { (sqlite_sql), (pg_sql), 0 }

/*
 * Two more forms of a site:
 * - PG_SQL NULL: the PostgreSQL text is SQLITE_SQL with its placeholders
 *   ?N written $N (sc_sql_to_pg, schemac/sql.h), made when a
 *   PostgreSQL connection first prepares the site. Most generated
 *   statements differ only there, so they carry one text.
 * - Text longer than a C string literal may be (ISO C promises 4095
 *   characters), in NULL-terminated arrays of pieces, joined when a
 *   connection first prepares the site (PG NULL: from the SQLite pieces
 *   as above):
 *
 *       static const char *const lite[] = {"SELECT ...", "... FROM t", NULL};
 *       static const sc_stmt_parts parts = {lite, NULL};
 *       static sc_stmt_site site = SC_STMT_SITE_PARTS(&parts);
 */
typedef struct sc_stmt_parts {
    const char *const *sqlite;
    const char *const *pg;
} sc_stmt_parts;

#define SC_STMT_SITE_PARTS(parts) { NULL, (const char *)(const void *)(parts), 0 }

int sc_stmt_prepare_site(sc_stmt **out, sc_conn *conn, sc_stmt_site *site);

/*
 * Give the statement back: it is reset and returns to the cache (or is
 * finalized when not cached). Its bindings count as cleared: the next user
 * sees NULL for any parameter it does not bind. NULL is a no-op.
 */
SC__STMT_FN void sc_stmt_release(sc_stmt *st);

/* Number of parameters the statement takes. */
int sc_stmt_param_count(const sc_stmt *st);

/* Bind parameter IDX (1-based). Values are copied; the caller keeps its buffers. */
SC__STMT_FN int sc_stmt_bind_null(sc_stmt *st, int idx);
SC__STMT_FN int sc_stmt_bind_bool(sc_stmt *st, int idx, bool v);
SC__STMT_FN int sc_stmt_bind_int32(sc_stmt *st, int idx, int32_t v);
SC__STMT_FN int sc_stmt_bind_int64(sc_stmt *st, int idx, int64_t v);
SC__STMT_FN int sc_stmt_bind_double(sc_stmt *st, int idx, double v);
/* LEN -1: S is NUL-terminated. */
SC__STMT_FN int sc_stmt_bind_text(sc_stmt *st, int idx, const char *s, long len);
SC__STMT_FN int sc_stmt_bind_blob(sc_stmt *st, int idx, const void *data, size_t len);
int sc_stmt_bind_timestamp(sc_stmt *st, int idx, sc_timestamp ts);
/* Decimal as its exact text ("-12.50"); JSON as its text. */
int sc_stmt_bind_decimal(sc_stmt *st, int idx, const char *text);
int sc_stmt_bind_json(sc_stmt *st, int idx, const char *text);

/*
 * Bind text without copying it (SQLite; PostgreSQL copies as
 * sc_stmt_bind_text does). S must stay valid and unchanged until the
 * statement is released or reset, or the parameter is bound again. Generated
 * code uses it for fields of the row it was handed, which outlive the call.
 */
SC__STMT_FN int sc_stmt_bind_text_ref(sc_stmt *st, int idx, const char *s, long len);

/*
 * Run the statement or move to its next row: SC_ROW when a row is ready,
 * SC_DONE (0) when finished, or a negative SC_E* code.
 */
SC__STMT_FN int sc_stmt_step(sc_stmt *st);

/* Step to the end, discarding rows. Returns SC_OK or an error. */
SC__STMT_FN int sc_stmt_exec(sc_stmt *st);

/*
 * The optimistic-locking primitive behind generated updates. ST is an
 * UPDATE ... SET ..., "version" = "version" + 1 WHERE <key> AND "version" = ?
 * (optionally with RETURNING). Steps it once: SC_ROW when it RETURNs the
 * updated row, SC_DONE when it updated a row, SC_ECONFLICT when no row
 * matched key and version (another writer won, or the row is gone).
 */
SC__STMT_FN int sc_stmt_step_versioned(sc_stmt *st);

/*
 * Step a statement that must yield exactly one row (a lookup by unique key):
 * SC_ROW, or SC_ENOTFOUND when it yields none. Further rows are not checked.
 */
SC__STMT_FN int sc_stmt_step_one(sc_stmt *st);

/* Make the statement runnable again; bindings are kept. */
SC__STMT_FN int sc_stmt_reset(sc_stmt *st);
int sc_stmt_clear_bindings(sc_stmt *st);

/* Rows changed by the last INSERT/UPDATE/DELETE run by this statement. */
int64_t sc_stmt_changes(const sc_stmt *st);

int sc_stmt_column_count(const sc_stmt *st);
/* The column's name, or NULL when COL is out of range. */
const char *sc_stmt_column_name(sc_stmt *st, int col);
/* 1 when the column of the current row is SQL NULL, else 0 (also when COL is bad). */
SC__STMT_FN int sc_stmt_column_is_null(sc_stmt *st, int col);

SC__STMT_FN int sc_stmt_column_bool(bool *out, sc_stmt *st, int col);
SC__STMT_FN int sc_stmt_column_int32(int32_t *out, sc_stmt *st, int col);
SC__STMT_FN int sc_stmt_column_int64(int64_t *out, sc_stmt *st, int col);
SC__STMT_FN int sc_stmt_column_double(double *out, sc_stmt *st, int col);
/* Text (also decimal, JSON, UUID, enum labels) as NUL-terminated UTF-8; LEN may be NULL. */
SC__STMT_FN int sc_stmt_column_text(const char **out, size_t *len, sc_stmt *st, int col);
SC__STMT_FN int sc_stmt_column_blob(const void **out, size_t *len, sc_stmt *st, int col);
SC__STMT_FN int sc_stmt_column_timestamp(sc_timestamp *out, sc_stmt *st, int col);

/* The SQL text of the statement. */
const char *sc_stmt_sql(const sc_stmt *st);

#ifdef __cplusplus
}
#endif

/* Without the inline functions (SC_NO_INLINE) sqlite3.h is not needed either. */
#if !defined(SC_NO_INLINE) || defined(SC__RUNTIME_BUILD)
#include "stmt_inline.h"
#endif

#endif
