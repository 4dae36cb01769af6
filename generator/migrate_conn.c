/*
 * migrate_conn.c - picking the connection operations for a URL.
 */
#include "migrate_conn.h"

#include <string.h>

#include "migrate.h"

int mconn_open(mconn *c, arena *a, const char *url, int wait_timeout_ms, mconn_create create)
{
    memset(c, 0, sizeof *c);
    c->a = a;
    c->create = create;
    c->wait_timeout_ms = wait_timeout_ms >= 0 ? wait_timeout_ms : MIGRATE_DEFAULT_WAIT_TIMEOUT_MS;
    if (!url || !*url) {
        c->err = "no database URL: pass --url or set DATABASE_URL";
        return -1;
    }
    if (strncmp(url, "sqlite:", 7) == 0) {
        const char *path = url + 7;
        if (strncmp(path, "//", 2) == 0)
            path += 2;
        c->ops = &mconn_sqlite_ops;
        return c->ops->open(c, path);
    }
    if (strncmp(url, "file:", 5) == 0) {
        c->ops = &mconn_sqlite_ops;
        return c->ops->open(c, url + 5);
    }
    if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0) {
        c->ops = &mconn_postgres_ops;
        return c->ops->open(c, url);
    }
    c->err = arena_printf(a, "unknown database URL '%s' (expected sqlite:PATH or postgresql://...)", url);
    return -1;
}

void mconn_close(mconn *c)
{
    if (c->ops && c->handle)
        c->ops->close(c);
    c->handle = NULL;
}
