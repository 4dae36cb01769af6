/*
 * migrate_conn.c - opening the connection migrations run on: the URL is
 * parsed and opened by libschemac (schemac/url.h, sc_conn_open), then the
 * operations of its database are picked.
 */
#include "migrate/migrate_conn.h"

#include <string.h>
#include <unistd.h>

#include <schemac/conn.h>
#include <schemac/url.h>

#include "migrate/migrate.h"

int mconn_open(mconn *c, arena *a, const char *url, int wait_timeout_ms, mconn_create create)
{
    memset(c, 0, sizeof *c);
    c->a = a;
    c->create = create;
    c->wait_timeout_ms = wait_timeout_ms >= 0 ? wait_timeout_ms : MIGRATE_DEFAULT_WAIT_TIMEOUT_MS;
    if (!url) {
        c->err = "no database URL: pass --url or set DATABASE_URL";
        return -1;
    }
    sc_url u;
    sc_error err = SC_ERROR_INIT;
    if (sc_url_parse(&u, url, &err) != SC_OK) {
        c->err = arena_printf(a, "%s%s", err.message, *url ? "" : " (pass --url or set DATABASE_URL)");
        return -1;
    }
    const char *open_url = url;
    if (u.dialect == SC_DIALECT_SQLITE) {
        if (u.sqlite_memory) {
            c->err = arena_printf(a,
                                  "the database URL \"%s\" is an in-memory database, which is gone when "
                                  "migrate exits: use sqlite:PATH",
                                  u.display);
            sc_url_free(&u);
            return -1;
        }
        c->path = arena_strdup(a, u.sqlite_path);
        bool missing = create != MCONN_CREATE && access(c->path, F_OK) != 0;
        if (missing && create == MCONN_MUST_EXIST) {
            c->err = arena_printf(a,
                                  "sqlite: no database at %s: check the URL (`schemac migrate apply` creates "
                                  "the file)",
                                  c->path);
            sc_url_free(&u);
            return -1;
        }
        /* a file that is not there yet reads as an empty database, and stays not there */
        if (missing)
            open_url = "sqlite::memory:";
        c->ops = &mconn_sqlite_ops;
    } else {
        c->ops = &mconn_postgres_ops;
    }
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.sqlite_wal = 0;          /* the journal mode is the database owner's choice */
    o.sqlite_foreign_keys = 0; /* the runner sets it around each migration */
    /* The deployer lock is the write lock on SQLite: the busy timeout is how long taking it may wait. */
    o.sqlite_busy_timeout_ms = c->wait_timeout_ms;
    o.stmt_cache_size = 1;
    if (sc_conn_open(&c->conn, open_url, &o, &err) != SC_OK) {
        c->err = arena_printf(a, "cannot open %s: %s", u.display, err.message);
        sc_url_free(&u);
        return -1;
    }
    sc_url_free(&u);
    c->handle = sc_conn_handle(c->conn);
    return 0;
}

void mconn_close(mconn *c)
{
    sc_conn_close(c->conn);
    c->conn = NULL;
    c->handle = NULL;
}
