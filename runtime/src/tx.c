/*
 * tx.c - transactions: BEGIN/COMMIT/ROLLBACK at depth 1, savepoints below,
 * and sc_tx_run, which re-runs a whole transaction function on retryable
 * failures with capped, jittered ("full jitter") exponential back-off.
 */
#include <stdio.h>

#include "internal.h"

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

static const char *begin_sql(const sc_conn *c, sc_isolation iso)
{
    if (c->drv->dialect == SC_DIALECT_SQLITE)
        return iso == SC_TX_IMMEDIATE ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED";
    switch (iso) {
    case SC_TX_READ_COMMITTED: return "BEGIN ISOLATION LEVEL READ COMMITTED";
    case SC_TX_REPEATABLE_READ: return "BEGIN ISOLATION LEVEL REPEATABLE READ";
    case SC_TX_SERIALIZABLE: return "BEGIN ISOLATION LEVEL SERIALIZABLE";
    default: return "BEGIN";
    }
}

int sc_tx_begin(sc_conn *conn, sc_isolation isolation)
{
    if (!conn || isolation < SC_TX_DEFAULT || isolation > SC_TX_IMMEDIATE)
        return conn ? sc__conn_fail(conn, SC_EINVAL, "bad isolation level") : SC_EINVAL;
    int rc;
    if (conn->depth == 0) {
        if (conn->drv->in_tx(conn))
            return sc__conn_fail(conn, SC_EINVAL, "a transaction is already open");
        rc = tx_exec(conn, begin_sql(conn, isolation));
    } else {
        char sql[48];
        snprintf(sql, sizeof sql, "SAVEPOINT sc_sp_%d", conn->depth);
        rc = sc_conn_exec(conn, sql);
    }
    if (rc == SC_OK)
        conn->depth++;
    return rc;
}

int sc_tx_commit(sc_conn *conn)
{
    if (!conn || conn->depth == 0)
        return conn ? sc__conn_fail(conn, SC_EINVAL, "no transaction to commit") : SC_EINVAL;
    if (conn->depth > 1) {
        char sql[48];
        snprintf(sql, sizeof sql, "RELEASE SAVEPOINT sc_sp_%d", conn->depth - 1);
        int rc = sc_conn_exec(conn, sql);
        if (rc == SC_OK)
            conn->depth--;
        return rc;
    }
    int rc = tx_exec(conn, "COMMIT");
    /*
     * PostgreSQL ends the transaction whatever COMMIT says; SQLite keeps it
     * open after a BUSY commit (the caller may retry or roll back).
     */
    if (rc == SC_OK || !conn->drv->in_tx(conn))
        conn->depth = 0;
    return rc;
}

int sc_tx_rollback(sc_conn *conn)
{
    if (!conn || conn->depth == 0)
        return conn ? sc__conn_fail(conn, SC_EINVAL, "no transaction to roll back") : SC_EINVAL;
    if (conn->depth > 1) {
        char sql[96];
        snprintf(sql, sizeof sql, "ROLLBACK TO SAVEPOINT sc_sp_%d; RELEASE SAVEPOINT sc_sp_%d",
                 conn->depth - 1, conn->depth - 1);
        int rc = sc_conn_exec(conn, sql);
        if (rc == SC_OK)
            conn->depth--;
        return rc;
    }
    conn->depth = 0;
    if (!conn->drv->in_tx(conn))
        return SC_OK; /* SQLite may have rolled back by itself after an error */
    return conn->broken ? SC_ECONNECTION : sc_conn_exec(conn, "ROLLBACK");
}

static int retryable(const sc_retry_options *o, int rc)
{
    return sc_code_is_retryable(rc) || (o->retry_conflicts && rc == SC_ECONFLICT);
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
    if (conn->depth > 0) {
        /* nested: one run in a savepoint; the outer transaction owns retries */
        int rc = sc_tx_begin(conn, o.isolation);
        if (rc != SC_OK)
            return rc;
        rc = fn(conn, payload);
        if (rc == SC_OK)
            return sc_tx_commit(conn);
        sc_error saved = conn->err;
        sc_tx_rollback(conn);
        conn->err = saved;
        return rc;
    }
    uint64_t seed = sc__random_u64() | 1;
    int rc = SC_OK;
    for (unsigned attempt = 0; attempt < o.max_attempts; attempt++) {
        if (attempt > 0) {
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
        rc = sc_tx_begin(conn, o.isolation);
        if (rc == SC_OK) {
            rc = fn(conn, payload);
            if (rc == SC_OK) {
                rc = sc_tx_commit(conn);
                if (rc == SC_OK)
                    return SC_OK;
            }
        }
        if (conn->depth > 0) {
            sc_error saved = conn->err;
            sc_tx_rollback(conn);
            conn->err = saved;
        }
        if (!retryable(&o, rc) || conn->broken)
            return rc;
    }
    return rc;
}
