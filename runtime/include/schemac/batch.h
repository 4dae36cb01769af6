/*
 * schemac/batch.h - many writes in one call: COPY for bulk inserts and
 * pipelines of statements on PostgreSQL (libpq pipeline mode), the same
 * calls one after another on SQLite. Generated create_many,
 * create_many_ids and update_many are one call each to the functions
 * below; hand-written code may use them too.
 *
 * Every batch function here is all or nothing in the same way as
 * sc_insert_many: it runs inside a transaction of its own, or a savepoint
 * when the caller has one open, and a failure rolls that back. A failure
 * names the row it happened at, by its index in the array, in the
 * connection's error message ("row 17: duplicate key value ...", or "rows
 * 100-199: ..." for a multi-row INSERT), and the connection is usable afterwards (out
 * of pipeline mode, its transaction level healed by the rollback).
 *
 * Thread safety: as for the connection used.
 */
#ifndef SCHEMAC_BATCH_H
#define SCHEMAC_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "fields.h"
#include "rows.h"
#include "sql.h"
#include "stmt.h"
#include "timestamp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the pipeline ---- */

/*
 * Item I's statement, prepared and bound, into *ST (owned by the caller:
 * the same statement may serve every item, as its values are copied when
 * it is sent). Item 0's call comes before the pipeline starts: prepare
 * there every statement the items use, since PostgreSQL cannot prepare one
 * inside a pipeline (the later calls find them in the statement cache).
 */
typedef int (*sc_pipe_send_fn)(void *ctx, size_t i, sc_stmt **st);

/*
 * Item I's outcome: ST is the statement SEND gave for it. Step it (or
 * sc_stmt_exec) for its rows; sc_stmt_changes tells the rows it changed.
 * On PostgreSQL the result is already in hand; on SQLite the step runs it.
 * Returning an error stops the run at item I.
 */
typedef int (*sc_pipe_result_fn)(void *ctx, size_t i, sc_stmt *st);

/*
 * Run N items: on PostgreSQL in one pipeline (PQenterPipelineMode, every
 * item sent with PQsendQueryPrepared, results read while sending so
 * neither side's socket buffer fills, one PQpipelineSync at the end); on
 * SQLite each item sent and its result read before the next. RESULT sees
 * the items in order. The first failure (SEND's, RESULT's or the
 * server's) stops sending and is returned, *FAILED (may be NULL) getting
 * its item; items after it have no effect on the server (PostgreSQL
 * aborts the rest of the pipeline) and are not given to RESULT, but items
 * before it did run: call it inside a transaction (sc_tx_begin) and roll
 * that back for all or nothing, as the functions below do. The
 * connection's statement timeout holds for each item from the result of
 * the one before it: past it the running item is canceled (SC_ESTMTTIMEOUT,
 * *FAILED that item) and the rest aborted. The statement hook gets an
 * event for each item RESULT steps to its end and for the item that fails
 * (not for the items aborted after it), each timed by the wait for its
 * result since the result before it (the first: since the pipeline began),
 * which is the server's time for it once the items queue up there.
 */
int sc_pipeline_run(sc_conn *conn, size_t n, sc_pipe_send_fn send, sc_pipe_result_fn result, void *ctx, size_t *failed);

/* ---- inserts ---- */

/*
 * Rows per call from which create_many goes by COPY on PostgreSQL (fewer:
 * the INSERTs of sc_insert_many).
 */
enum { SC_COPY_MIN_ROWS = 4 };

/*
 * sc_insert_many_count (no tail) with COPY on PostgreSQL: from
 * SC_COPY_MIN_ROWS rows on, `COPY "t" ("a", ...) FROM STDIN` over the
 * columns of SPEC's one-row INSERT, in text format, sent in ~64 KB
 * messages. Each row is bound with SPEC's binder into a statement that
 * writes COPY text instead of parameters (escapes for backslash, LF, CR
 * and tab; \N for NULL; bytea as \\x hex), so values reach the server as
 * the INSERT's parameters would. COLUMNS (NULL: all '-') has one character
 * per parameter of a row: '-' the value as bound; 'D' the INSERT gives the
 * column its database default when the value is NULL (COALESCE); 'L' a
 * list (JSON text), which COPY cannot take. COPY carries the rows up to
 * the first that leaves a 'D' column NULL; that row and the rest go by the
 * multi-row INSERTs, in order. With an 'L' column, SQLite, or fewer rows,
 * it is sc_insert_many_count. *INSERTED (may be NULL) gets the rows stored.
 */
int sc_insert_many_copy(sc_conn *conn, const sc_insert_spec *spec, const char *columns, const void *rows, size_t n, sc_timestamp now,
                        int64_t *inserted);

/*
 * Insert ROWS[0..N) one statement per row, each row's new integer id into
 * IDS[i] (may be NULL), in the rows' order: SPEC->one is the INSERT (on
 * PostgreSQL ending with `RETURNING "id"`, on SQLite without: the id is
 * last_insert_rowid), bound by SPEC->bind one row at a time. On PostgreSQL
 * the rows go in one pipeline. ID_SIZE is sizeof one element of IDS: 4
 * (int32_t) or 8 (int64_t).
 */
int sc_insert_many_ids(void *ids, size_t id_size, sc_conn *conn, const sc_insert_spec *spec, const void *rows, size_t n,
                       sc_timestamp now);

/* ---- updates ---- */

typedef struct sc_update_many_spec {
    const sc_update_spec *update; /* the UPDATE without RETURNING, by mask (sc_stmt_prepare_update) */
    const sc_field *fields;       /* the row type's fields: the SET values bound as sc_fields_bind_set does */
    size_t nfields;
    const sc_field *where;        /* the key fields, then the version field of a versioned model, */
    size_t nwhere;                /* bound from the row after the SET values */
    /*
     * A versioned model's lookup of a row by its key (the first NWHERE - 1
     * WHERE fields, parameters 1..): a row that missed and is found there
     * had another version (SC_ECONFLICT), else it is gone (SC_ENOTFOUND).
     * NULL: every miss is SC_ENOTFOUND.
     */
    sc_stmt_site *stale;
    size_t row_size;
} sc_update_many_spec;

/*
 * Update ROWS[0..N) as update_fields does, each row by its key (and
 * version), writing the fields in MASK; no row is read back. On PostgreSQL
 * the UPDATEs go in one pipeline.
 *
 * A row whose UPDATE matched nothing (version conflict, or no such row) is
 * an outcome, not an error, when OUTCOME is given: OUTCOME[i] gets SC_OK,
 * SC_ECONFLICT or SC_ENOTFOUND for each row, the rows that matched are
 * updated and kept, and the call returns SC_OK. With OUTCOME NULL the
 * call is all or nothing: the first row that missed fails it with its
 * code, naming the row, and nothing is written. Any other failure
 * (constraint, connection) always rolls the whole call back.
 */
int sc_update_many(sc_conn *conn, const sc_update_many_spec *spec, const void *rows, size_t n, uint64_t mask, int *outcome);

#ifdef __cplusplus
}
#endif
#endif
