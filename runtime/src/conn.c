/*
 * conn.c - opening connections by URL and the engine-independent parts of
 * sc_conn. The URL (parsed by url.c) decides the driver; everything
 * engine-specific happens in driver_sqlite.c and driver_pg.c.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void sc_conn_options_init(sc_conn_options *opts)
{
    sc_conn_options d = SC_CONN_OPTIONS_INIT;
    *opts = d;
}

int sc__conn_open_url(sc_conn **out, const char *url, const sc_conn_options *opts, sc_error *err)
{
    *out = NULL;
    sc_error_clear(err);
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    if (opts) {
        if (opts->version != SC_CONN_OPTIONS_VERSION)
            return sc__error_set(err, SC_EINVAL, "sc_conn_options: unsupported version %u",
                                 opts->version);
        o = *opts;
    }
    if (o.statement_timeout_ms < 0)
        return sc__error_set(err, SC_EINVAL,
                             "sc_conn_options.statement_timeout_ms is negative (%lld); 0 means none",
                             (long long)o.statement_timeout_ms);
    if (!url) {
        url = getenv("DATABASE_URL");
        if (!url)
            return sc__error_set(err, SC_EINVAL, "no database URL (and DATABASE_URL is not set)");
        if (!*url)
            return sc__error_set(err, SC_EINVAL, "no database URL (DATABASE_URL is empty)");
    }
    sc_url u;
    int rc = sc_url_parse(&u, url, err);
    if (rc != SC_OK)
        return rc;
    const sc__driver *drv = u.dialect == SC_DIALECT_POSTGRES ? &sc__driver_pg : &sc__driver_sqlite;
    sc_conn *c = calloc(1, sizeof *c);
    if (!c) {
        sc_url_free(&u);
        return sc__error_set(err, SC_ENOMEM, "out of memory");
    }
    if (u.statement_timeout_ms >= 0)
        o.statement_timeout_ms = u.statement_timeout_ms;
    if (u.pgbouncer >= 0)
        o.pgbouncer = u.pgbouncer;
    c->drv = drv;
    c->opts = o;
    if (c->opts.stmt_cache_size == 0)
        c->opts.stmt_cache_size = 1;
    c->url = strdup(url);
    rc = c->url ? drv->open(c, &u) : sc__conn_fail(c, SC_ENOMEM, "out of memory");
    if (rc != SC_OK) {
        /* a driver may echo parts of the URL (libpq quotes the offending token) */
        sc_url_scrub(&u, c->err.message, sizeof c->err.message);
        sc_error_copy(err, &c->err);
        drv->close(c);
        free(c->url);
        free(c);
        sc_url_free(&u);
        return rc;
    }
    sc_url_free(&u);
    if (c->opts.statement_timeout_ms > 0)
        sc_conn_set_statement_timeout(c, c->opts.statement_timeout_ms);
    c->created_ms = sc__mono_ms();
    c->last_used_ms = c->created_ms;
    *out = c;
    return SC_OK;
}

int sc_conn_open(sc_conn **out, const char *url, const sc_conn_options *opts, sc_error *err)
{
    if (!out)
        return sc__error_set(err, SC_EINVAL, "sc_conn_open: out is NULL");
    return sc__conn_open_url(out, url, opts, err);
}

void sc_conn_close(sc_conn *conn)
{
    if (!conn)
        return;
    conn->closing = 1;
    sc__stmt_cache_clear(conn);
    conn->drv->close(conn);
    sc__conn_rows_free(conn);
    free(conn->url);
    free(conn);
}

int sc__conn_reconnect(sc_conn *c)
{
    sc_url u;
    sc_error err = SC_ERROR_INIT;
    int rc = sc_url_parse(&u, c->url, &err);
    if (rc != SC_OK)
        return sc__conn_fail(c, rc, "%s", err.message);
    c->closing = 1;
    sc__stmt_cache_clear(c);
    c->drv->close(c);
    c->closing = 0;
    c->broken = 0;
    c->depth = 0;
    c->tx_failed = 0;
    c->saw_conn_error = 0;
    c->wrote = 0;
    sc_error_clear(&c->err);
    rc = c->drv->open(c, &u);
    if (rc != SC_OK) {
        sc_url_scrub(&u, c->err.message, sizeof c->err.message);
        c->broken = 1;
    } else {
        c->created_ms = sc__mono_ms();
        if (c->timeout_ms > 0)
            c->drv->set_timeout(c);
    }
    sc_url_free(&u);
    return rc;
}

int sc_conn_wal_lsn(sc_conn *conn, uint64_t *out)
{
    if (!conn || !out)
        return SC_EINVAL;
    *out = 0;
    if (conn->drv->dialect != SC_DIALECT_POSTGRES)
        return SC_OK;
    sc_stmt *st;
    int rc = sc_stmt_prepare(&st, conn,
                             "SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() "
                             "ELSE pg_current_wal_lsn() END - '0/0')::bigint");
    if (rc != SC_OK)
        return rc;
    int64_t v = 0;
    rc = sc_stmt_step(st);
    if (rc == SC_ROW)
        rc = sc_stmt_column_int64(&v, st, 0);
    else if (rc == SC_DONE)
        rc = SC_ERROR;
    sc_stmt_release(st);
    if (rc == SC_OK)
        *out = (uint64_t)v;
    return rc;
}

int sc_conn_set_error(sc_conn *conn, int code, const char *message)
{
    if (!conn)
        return code;
    sc_error_clear(&conn->err);
    return sc__conn_fail(conn, code, "%s", message ? message : sc_strerror(code));
}

sc_dialect sc_conn_dialect(const sc_conn *conn)
{
    return conn->drv->dialect;
}

const sc_error *sc_conn_error(const sc_conn *conn)
{
    return &conn->err;
}

void *sc_conn_handle(sc_conn *conn)
{
    return conn->db;
}

int sc_conn_exec(sc_conn *conn, const char *sql)
{
    if (!conn || !sql)
        return SC_EINVAL;
    sc_error_clear(&conn->err);
    if (conn->tx_failed)
        return sc__tx_refuse(conn, sql);
    int64_t t0 = conn->opts.hook ? sc__mono_us() : 0;
    int rc = conn->drv->exec(conn, sql);
    if (rc < 0)
        sc__tx_fail(conn);
    if (conn->opts.hook) {
        sc_event ev = { SC_EVENT_STATEMENT, conn->drv->dialect, sql, sc__mono_us() - t0, 0, 0,
                        rc, rc < 0 ? &conn->err : NULL };
        sc__emit(conn, &ev);
    }
    return rc;
}

int sc_conn_cancel(sc_conn *conn)
{
    return conn ? conn->drv->cancel(conn) : SC_EINVAL;
}

int sc_conn_set_statement_timeout(sc_conn *conn, int64_t timeout_ms)
{
    if (!conn || timeout_ms < 0)
        return conn ? sc__conn_fail(conn, SC_EINVAL, "a negative statement timeout") : SC_EINVAL;
    conn->timeout_ms = timeout_ms;
    conn->timer_fired = 0;
    return conn->drv->set_timeout(conn);
}

int64_t sc_conn_statement_timeout(const sc_conn *conn)
{
    return conn ? conn->timeout_ms : 0;
}

int sc_conn_ping(sc_conn *conn)
{
    if (!conn)
        return SC_EINVAL;
    if (conn->broken)
        return SC_ECONNECTION;
    int rc = conn->drv->ping(conn);
    if (rc == SC_OK)
        conn->saw_conn_error = 0;
    return rc;
}

int sc_conn_in_transaction(const sc_conn *conn)
{
    return conn->drv->in_tx(conn);
}
