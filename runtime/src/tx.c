/*
 * tx.c - transactions: BEGIN/COMMIT/ROLLBACK at depth 1, savepoints below,
 * sc_tx_run, which re-runs a whole transaction function on retryable
 * failures with capped, jittered ("full jitter") exponential back-off, and
 * sc_tx_try, which runs a function under a savepoint.
 *
 * The error rule, the same on both engines (PostgreSQL aborts a transaction
 * after any error; SQLite goes on): once a statement fails inside an sc_tx
 * transaction, its level is failed. Every further statement on the
 * connection returns SC_ETXFAILED without running, until sc_tx_rollback
 * ends that level (sc_tx_commit of a failed level rolls it back and returns
 * SC_ETXFAILED). Rolling back a savepoint level heals the level around it.
 */
#include <stdio.h>

#include "internal.h"

void sc__tx_fail(sc_conn *c)
{
    if (c->depth == 0 || c->tx_failed)
        return;
    /* an engine that ended the whole transaction by itself (SQLite after some errors) failed level 1 */
    c->tx_failed = c->drv->in_tx(c) ? c->depth : 1;
    c->tx_err = c->err;
    sc__stmt_flag_in_use(c);
}

int sc__tx_refuse(sc_conn *c, const char *sql)
{
    sc__conn_fail(c, SC_ETXFAILED,
                  "transaction failed: a statement failed earlier in it (%s: %s); roll it back",
                  sc_strerror(c->tx_err.code), c->tx_err.message);
    if (c->opts.hook) {
        sc_event ev = { SC_EVENT_STATEMENT, c->drv->dialect, sql ? sql : "", 0, 0, 0, SC_ETXFAILED, &c->err };
        sc__emit(c, &ev);
    }
    return SC_ETXFAILED;
}

/* The SQL of a rollback, run even though the level failed (both engines accept it then). */
static int tx_exec_always(sc_conn *c, const char *sql)
{
    sc_error_clear(&c->err);
    return c->broken ? sc__conn_fail(c, SC_ECONNECTION, "connection lost") : c->drv->exec(c, sql);
}

/*
 * BEGIN / COMMIT at depth 1 on SQLite: through the statement cache rather
 * than sqlite3_exec, which parses the text again on every call (a few
 * thousand instructions, as much as a 100-row batch insert's binds).
 * PostgreSQL keeps the simple-query path: one round trip either way.
 */
static int tx_exec(sc_conn *c, const char *sql)
{
    if (c->drv->dialect != SC_DIALECT_SQLITE)
        return sc_conn_exec(c, sql);
    sc_stmt *st;
    int rc = sc_stmt_prepare(&st, c, sql);
    if (rc != SC_OK)
        return rc;
    rc = sc_stmt_exec(st);
    sc_stmt_release(st);
    return rc;
}

int sc_tx_depth(const sc_conn *conn)
{
    return conn->depth;
}

static const char *begin_sql(const sc_conn *c, sc_isolation iso, int read_only)
{
    if (c->drv->dialect == SC_DIALECT_SQLITE)
        return iso == SC_TX_IMMEDIATE && !read_only ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED";
    switch (iso) {
    case SC_TX_READ_COMMITTED:
        return read_only ? "BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY"
                         : "BEGIN ISOLATION LEVEL READ COMMITTED";
    case SC_TX_REPEATABLE_READ:
        return read_only ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
                         : "BEGIN ISOLATION LEVEL REPEATABLE READ";
    case SC_TX_SERIALIZABLE:
        return read_only ? "BEGIN ISOLATION LEVEL SERIALIZABLE READ ONLY"
                         : "BEGIN ISOLATION LEVEL SERIALIZABLE";
    default: return read_only ? "BEGIN READ ONLY" : "BEGIN";
    }
}

static int tx_begin(sc_conn *conn, sc_isolation isolation, int read_only);

int sc_tx_begin(sc_conn *conn, sc_isolation isolation)
{
    return tx_begin(conn, isolation, 0);
}

static int tx_begin(sc_conn *conn, sc_isolation isolation, int read_only)
{
    if (!conn || isolation < SC_TX_DEFAULT || isolation > SC_TX_IMMEDIATE)
        return conn ? sc__conn_fail(conn, SC_EINVAL, "bad isolation level") : SC_EINVAL;
    if (conn->tx_failed)
        return sc__tx_refuse(conn, NULL);
    int rc;
    if (conn->depth == 0) {
        if (conn->drv->in_tx(conn))
            return sc__conn_fail(conn, SC_EINVAL, "a transaction is already open");
        rc = tx_exec(conn, begin_sql(conn, isolation, read_only));
    } else {
        char sql[48];
        snprintf(sql, sizeof sql, "SAVEPOINT sc_sp_%d", conn->depth);
        rc = sc_conn_exec(conn, sql);
    }
    if (rc == SC_OK)
        conn->depth++;
    return rc;
}

/*
 * End the innermost level by rolling it back. A failed level (or one whose
 * transaction the engine ended) is healed; the failure of a savepoint level
 * does not reach the level around it.
 */
static int rollback_level(sc_conn *conn)
{
    int rc = SC_OK;
    if (conn->depth > 1) {
        /* the whole transaction is gone (SQLite rolled it back): nothing to roll back here */
        if (conn->tx_failed < conn->depth && conn->tx_failed) {
            conn->depth--;
            return SC_OK;
        }
        char sql[96];
        snprintf(sql, sizeof sql, "ROLLBACK TO SAVEPOINT sc_sp_%d; RELEASE SAVEPOINT sc_sp_%d",
                 conn->depth - 1, conn->depth - 1);
        rc = tx_exec_always(conn, sql);
        if (rc == SC_OK) {
            if (conn->tx_failed == conn->depth)
                conn->tx_failed = 0;
            conn->depth--;
        }
        return rc;
    }
    conn->depth = 0;
    conn->tx_failed = 0;
    if (!conn->drv->in_tx(conn))
        return SC_OK; /* SQLite may have rolled back by itself after an error */
    return tx_exec_always(conn, "ROLLBACK");
}

/* Commit of a failed level: roll it back, and say why nothing was committed. */
static int commit_failed(sc_conn *conn)
{
    sc_error cause = conn->tx_err;
    int rc = rollback_level(conn);
    conn->tx_err = cause;
    if (rc != SC_OK)
        return rc;
    return sc__conn_fail(conn, SC_ETXFAILED,
                         "transaction failed: a statement failed earlier in it (%s: %s); "
                         "rolled back, nothing committed",
                         sc_strerror(cause.code), cause.message);
}

int sc_tx_commit(sc_conn *conn)
{
    if (!conn || conn->depth == 0)
        return conn ? sc__conn_fail(conn, SC_EINVAL, "no transaction to commit") : SC_EINVAL;
    if (conn->tx_failed)
        return commit_failed(conn);
    int rc;
    if (conn->depth > 1) {
        char sql[48];
        snprintf(sql, sizeof sql, "RELEASE SAVEPOINT sc_sp_%d", conn->depth - 1);
        rc = sc_conn_exec(conn, sql);
        if (rc == SC_OK)
            conn->depth--;
    } else {
        /*
         * A server that ended the connection while the transaction sat idle
         * (a FATAL message waiting to be read: shutdown, termination) rolled
         * it back: look before sending COMMIT, so that case is a plain lost
         * connection and not an unknown outcome. One poll, no round trip.
         */
        if (!conn->broken && conn->drv->dialect == SC_DIALECT_POSTGRES)
            (void)conn->drv->alive(conn);
        int was_lost = conn->broken;
        rc = tx_exec(conn, "COMMIT");
        if (rc == SC_ECONNECTION && was_lost)
            rc = sc__conn_fail(conn, SC_ECONNECTION,
                               "connection lost before COMMIT was sent: the transaction was rolled back");
        if (rc == SC_OK)
            conn->depth = 0;
        /*
         * The connection went away with the COMMIT sent and no answer read:
         * the server may have committed before it went (never report that
         * as a failure, nor as a success). A COMMIT never sent (the
         * connection was lost before) committed nothing: SC_ECONNECTION.
         */
        if (rc == SC_ECONNECTION && !was_lost) {
            char why[SC_ERROR_MESSAGE_SIZE];
            snprintf(why, sizeof why, "%s", conn->err.message);
            rc = sc__conn_fail(conn, SC_ECOMMITUNKNOWN,
                               "connection lost during COMMIT: the transaction may or may not "
                               "have committed (%s)",
                               why);
        }
    }
    if (rc == SC_OK)
        return SC_OK;
    /*
     * A commit that fails leaves nothing of its level, on both engines:
     * PostgreSQL ends the transaction whatever COMMIT says, and what SQLite
     * keeps open (after a BUSY commit) is rolled back here. Retry the whole
     * transaction (sc_tx_run does, for SC_EBUSY).
     */
    sc_error saved = conn->err;
    sc__tx_fail(conn);
    rollback_level(conn);
    conn->err = saved;
    return rc;
}

void sc__tx_undo(sc_conn *conn)
{
    sc_error saved = conn->err;
    sc_tx_rollback(conn);
    conn->err = saved;
}

int sc_tx_rollback(sc_conn *conn)
{
    if (!conn || conn->depth == 0)
        return conn ? sc__conn_fail(conn, SC_EINVAL, "no transaction to roll back") : SC_EINVAL;
    return rollback_level(conn);
}

int sc_tx_try(sc_conn *conn, sc_tx_fn fn, void *payload)
{
    if (!conn || !fn)
        return conn ? sc__conn_fail(conn, SC_EINVAL, "sc_tx_try: NULL function") : SC_EINVAL;
    int rc = sc_tx_begin(conn, SC_TX_DEFAULT);
    if (rc != SC_OK)
        return rc;
    rc = fn(conn, payload);
    if (rc == SC_OK)
        return sc_tx_commit(conn);
    /* FN's failure is the answer: its error stays the connection's */
    sc_error saved = conn->err;
    sc_error cause = conn->tx_err;
    rollback_level(conn);
    conn->err = saved;
    conn->tx_err = cause;
    return rc;
}

static int retryable(const sc_retry_options *o, int rc)
{
    return sc_code_is_retryable(rc) || (o->retry_conflicts && rc == SC_ECONFLICT);
}

static int conn_lost(int rc)
{
    return rc == SC_ECONNECTION || rc == SC_ECOMMITUNKNOWN;
}

int sc_tx_run(sc_conn *conn, const sc_retry_options *opts, sc_tx_fn fn, void *payload)
{
    sc_retry_options o = SC_RETRY_OPTIONS_INIT;
    if (!conn || !fn)
        return SC_EINVAL;
    if (opts) {
        if (opts->version != SC_RETRY_OPTIONS_VERSION)
            return sc__conn_fail(conn, SC_EINVAL, "sc_retry_options: unsupported version %u",
                                 opts->version);
        o = *opts;
    }
    if (o.max_attempts == 0)
        o.max_attempts = 1;
    /* nested: one run in a savepoint; the outer transaction owns retries */
    if (conn->depth > 0)
        return sc_tx_try(conn, fn, payload);
    uint64_t seed = sc__random_u64() | 1;
    int rc = SC_OK;
    int stale = 0;
    for (unsigned attempt = 0; attempt < o.max_attempts; attempt++) {
        if (attempt > 0 && !stale) {
            int64_t cap = o.base_delay_us;
            for (unsigned i = 1; i < attempt && cap < o.max_delay_us; i++)
                cap *= 2;
            if (cap > o.max_delay_us)
                cap = o.max_delay_us;
            /* xorshift64: cheap jitter; the CSPRNG only seeds it */
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            if (cap > 0)
                sc__sleep_us((int64_t)(seed % (uint64_t)(cap + 1)));
        }
        if (conn->broken && o.idempotent) {
            rc = sc__conn_reconnect(conn);
            if (rc != SC_OK)
                continue;
        }
        rc = tx_begin(conn, o.isolation, o.read_only);
        if (rc == SC_OK) {
            rc = fn(conn, payload);
            if (rc == SC_OK) {
                rc = sc_tx_commit(conn);
                if (rc == SC_OK)
                    return SC_OK;
            }
        }
        /* a statement refused after a failure: the failure decides about the retry */
        int cause = rc == SC_ETXFAILED ? conn->tx_err.code : rc;
        /* A statement prepared before a table it uses was altered (a migration ran while the program was up): it
           failed the transaction and was evicted, so the next run prepares it again: at once, no back-off. */
        stale = rc != SC_OK && sc__error_stale(rc == SC_ETXFAILED ? &conn->tx_err : &conn->err);
        if (conn->depth > 0) {
            /* the whole transaction, with any savepoint FN left open */
            sc_error saved = conn->err;
            conn->depth = 1;
            rollback_level(conn);
            conn->err = saved;
        }
        /* One stale statement means a table changed (a migration ran): the connection's other statements may be
           stale too, and each would fail a run of its own. All of them go, now that nothing is failed. */
        if (stale && !conn->broken)
            sc__stmt_cache_evict_idle(conn);
        /* a lost connection: retried (after reconnecting) only for an idempotent FN */
        if (o.idempotent && (conn_lost(cause) || conn->broken))
            continue;
        if ((!retryable(&o, cause) && !stale) || conn->broken)
            return rc;
    }
    return rc;
}
