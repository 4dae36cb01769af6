/*
 * schemac/tx.h - transactions, savepoints and the retry helper.
 *
 * sc_tx_begin on a connection with no open transaction starts one; inside a
 * transaction it sets a savepoint, so transactions nest. sc_tx_commit and
 * sc_tx_rollback end the innermost level.
 *
 * sc_tx_run runs the caller's whole function in a transaction and runs it
 * again, after a capped, jittered exponential back-off, when it fails with a
 * retryable error (SC_ESERIALIZATION, SC_EDEADLOCK, SC_EBUSY; optionally
 * SC_ECONFLICT). On PostgreSQL a statement prepared before a table it uses
 * was altered (a migration ran while the program was up) fails the
 * transaction; every cached statement not in use is then dropped (the
 * others may be stale too) and FN runs again at once, without back-off, so
 * one more run is enough however many of its statements were stale
 * (outside a transaction a stale statement is prepared again and rerun by
 * itself). Each run counts against max_attempts. The
 * function must therefore be safe to re-run: it should
 * only touch the database and its own payload. Called inside an open
 * transaction it runs once in a savepoint and does not retry (the outer
 * transaction must be retried as a whole), as sc_tx_try does. When FN
 * returns SC_ETXFAILED (it went on after a failed statement), the failed
 * statement's code decides whether to retry.
 *
 * One rule for errors inside a transaction, the same on SQLite and
 * PostgreSQL: once a statement fails inside a transaction opened with
 * sc_tx_begin (or sc_tx_run, sc_tx_try), that transaction level is failed.
 * Every further statement on the connection (prepare, step, sc_conn_exec,
 * sc_tx_begin) returns SC_ETXFAILED without running, its message naming the
 * first failure, until sc_tx_rollback ends the failed level. sc_tx_commit of
 * a failed level rolls it back and returns SC_ETXFAILED: nothing of it is
 * committed. Rolling back a savepoint level heals the level around it, so a
 * caught violation does not doom the outer transaction: run the statements
 * that may fail under sc_tx_try. "Fails" means the call returned a negative
 * code other than SC_ENOTFOUND and SC_ECONFLICT (which sc_stmt_step_one and
 * sc_stmt_step_versioned report for statements that ran fine) and the
 * column readers' SC_ENULL, SC_ETYPE and SC_ERANGE (nothing ran). A failed
 * COMMIT also ends its level (PostgreSQL ends the transaction; what SQLite
 * keeps open after a BUSY commit is rolled back): retry the transaction.
 * A COMMIT whose answer was lost with the connection returns
 * SC_ECOMMITUNKNOWN: it may have committed (docs/scaling.md, Failover).
 * Transactions opened with raw SQL (sc_conn_exec("BEGIN")) are left to the
 * engine.
 *
 * Thread safety: as for the connection.
 */
#ifndef SCHEMAC_TX_H
#define SCHEMAC_TX_H

#include <stdint.h>

#include "conn.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Isolation. PostgreSQL takes the level; SQLite is always serializable and
 * takes the locking mode instead: SC_TX_IMMEDIATE takes the write lock at
 * BEGIN (fewer SQLITE_BUSY_SNAPSHOT failures for read-then-write work), the
 * others are BEGIN DEFERRED. On PostgreSQL SC_TX_IMMEDIATE means the default.
 */
typedef enum sc_isolation {
    SC_TX_DEFAULT = 0,
    SC_TX_READ_COMMITTED = 1,
    SC_TX_REPEATABLE_READ = 2,
    SC_TX_SERIALIZABLE = 3,
    SC_TX_IMMEDIATE = 4,
} sc_isolation;

int sc_tx_begin(sc_conn *conn, sc_isolation isolation);
int sc_tx_commit(sc_conn *conn);
int sc_tx_rollback(sc_conn *conn);
/* Nesting depth: 0 outside a transaction, 1 in a transaction, 2+ in savepoints. */
int sc_tx_depth(const sc_conn *conn);

typedef int (*sc_tx_fn)(sc_conn *conn, void *payload);

typedef struct sc_retry_options {
    unsigned version;          /* SC_RETRY_OPTIONS_VERSION */
    sc_isolation isolation;    /* for each attempt's BEGIN */
    unsigned max_attempts;     /* total runs of FN, at least 1 (default 10) */
    int64_t base_delay_us;     /* first back-off cap (default 1000) */
    int64_t max_delay_us;      /* back-off cap (default 200000) */
    int retry_conflicts;       /* also retry SC_ECONFLICT (default 0) */
    /*
     * FN may run more than once to completion without harm (e.g. it writes
     * with fixed keys and ON CONFLICT DO NOTHING). Then a connection error
     * (SC_ECONNECTION, SC_ECOMMITUNKNOWN) is retried too: sc_tx_run
     * reconnects the connection (same URL; a multi-host URL with
     * target_session_attrs=read-write finds a promoted primary), sc_pool_run
     * takes a new one. Default 0: a connection error is returned.
     */
    int idempotent;
    /*
     * A read-only transaction (PostgreSQL BEGIN ... READ ONLY; SQLite: a
     * deferred BEGIN); sc_pool_run may run it on a replica.
     */
    int read_only;
} sc_retry_options;

#define SC_RETRY_OPTIONS_VERSION 1
#define SC_RETRY_OPTIONS_INIT \
    { SC_RETRY_OPTIONS_VERSION, SC_TX_DEFAULT, 10, 1000, 200000, 0, 0, 0 }

/*
 * BEGIN, FN(conn, payload), COMMIT; rollback and retry as described above.
 * FN returns SC_OK to commit, or a negative code to roll back (a
 * retryable code makes a retry). Returns SC_OK or the last failure.
 * OPTS NULL means SC_RETRY_OPTIONS_INIT.
 */
int sc_tx_run(sc_conn *conn, const sc_retry_options *opts, sc_tx_fn fn, void *payload);

/*
 * Run FN(conn, payload) under a savepoint (a transaction of its own when none
 * is open), so that a failure inside it can be caught and the transaction
 * goes on, identically on both engines:
 *
 *     rc = sc_tx_try(db, insert_tag, &tag);
 *     if (rc == SC_EUNIQUE)
 *         rc = SC_OK;          // already there: the outer transaction continues
 *
 * FN returns SC_OK to keep its work (the savepoint is released; a level that
 * failed anyway is rolled back and SC_ETXFAILED returned), or a negative code
 * to undo it: the savepoint is rolled back and that code returned, with
 * FN's error left in sc_conn_error. No retries (see sc_tx_run).
 */
int sc_tx_try(sc_conn *conn, sc_tx_fn fn, void *payload);

#ifdef __cplusplus
}
#endif
#endif
