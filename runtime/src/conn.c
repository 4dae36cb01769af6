/*
 * conn.c - opening connections by URL and the engine-independent parts of
 * sc_conn. The URL decides the driver; everything engine-specific happens in
 * driver_sqlite.c and driver_pg.c.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void sc_conn_options_init(sc_conn_options *opts)
{
    sc_conn_options d = SC_CONN_OPTIONS_INIT;
    *opts = d;
}

static int has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

int sc_url_redact(char *buf, size_t size, const char *url)
{
    if (!buf || size == 0)
        return SC_EINVAL;
    buf[0] = '\0';
    if (!url)
        return SC_OK;
    const char *scheme = strstr(url, "://");
    const char *at = NULL;
    const char *colon = NULL;
    /*
     * Without "//" ("user:pw@host/db", a mistyped URL) the user info starts
     * at the beginning: masking from the first ':' may hide more than the
     * password, never less.
     */
    const char *auth = scheme ? scheme + 3 : url;
    size_t authlen = strcspn(auth, "/?#");
    /* the last '@' of the authority ends the user info */
    for (size_t i = 0; i < authlen; i++)
        if (auth[i] == '@')
            at = auth + i;
    if (at)
        colon = memchr(auth, ':', (size_t)(at - auth));
    size_t o = 0;
    int trunc = 0;
    for (const char *p = url; *p; p++) {
        if (colon && p == colon + 1) {
            const char *mask = "***";
            for (const char *m = mask; *m; m++) {
                if (o + 1 < size)
                    buf[o++] = *m;
                else
                    trunc = 1;
            }
            p = at - 1;
            continue;
        }
        if (o + 1 < size)
            buf[o++] = *p;
        else
            trunc = 1;
    }
    buf[o] = '\0';
    /* a password given as a query parameter is masked too */
    char *pw = strstr(buf, "password=");
    if (pw) {
        char *v = pw + strlen("password=");
        size_t vl = strcspn(v, "&#");
        size_t rest = strlen(v + vl);
        size_t keep = (size_t)(v - buf);
        if (keep + 3 + rest + 1 > size) {
            /* no room for the mask: cut the text at the parameter */
            *v = '\0';
            return SC_ERANGE;
        }
        memmove(v + 3, v + vl, rest + 1);
        memcpy(v, "***", 3);
    }
    return trunc ? SC_ERANGE : SC_OK;
}

/*
 * Decide the driver and the target it opens: a libpq URI, or an SQLite
 * filename (":memory:", a path, or a file: URI). Returns the driver or NULL.
 */
static const sc__driver *url_target(const char *url, char **target)
{
    *target = NULL;
    if (has_prefix(url, "postgres://") || has_prefix(url, "postgresql://")) {
        *target = strdup(url);
        return &sc__driver_pg;
    }
    const char *path = NULL;
    if (strcmp(url, "sqlite::memory:") == 0 || strcmp(url, "sqlite://:memory:") == 0)
        path = ":memory:";
    else if (has_prefix(url, "sqlite:///"))
        path = url + strlen("sqlite://");
    else if (has_prefix(url, "sqlite://"))
        path = url + strlen("sqlite://");
    else if (has_prefix(url, "sqlite:"))
        path = url + strlen("sqlite:");
    else if (has_prefix(url, "file:"))
        path = url;
    if (!path || !*path)
        return NULL;
    if (strchr(path, '?') && !has_prefix(path, "file:")) {
        /* parameters (mode=ro, cache=shared) need SQLite's URI form */
        size_t n = strlen(path) + 6;
        *target = malloc(n);
        if (*target) {
            memcpy(*target, "file:", 5);
            memcpy(*target + 5, path, n - 5);
        }
    } else {
        *target = strdup(path);
    }
    return &sc__driver_sqlite;
}

/* Replace every occurrence of SECRET (N bytes) in MSG (SIZE bytes) with "***". */
static void scrub_one(char *msg, size_t size, const char *secret, size_t n)
{
    if (n == 0)
        return;
    char *p = msg;
    while (*p) {
        if (strncmp(p, secret, n) != 0) {
            p++;
            continue;
        }
        size_t rest = strlen(p + n);
        size_t keep = (size_t)(p - msg);
        if (keep + 3 + rest + 1 > size)
            rest = size - keep - 4; /* the mask wins over the message's tail */
        memmove(p + 3, p + n, rest);
        p[3 + rest] = '\0';
        memcpy(p, "***", 3);
        p += 3;
    }
}

static int hex_digit(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Scrub SECRET (N bytes) and its percent-decoded form from MSG. */
static void scrub_secret(char *msg, size_t size, const char *secret, size_t n)
{
    scrub_one(msg, size, secret, n);
    char dec[256];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < sizeof dec; i++) {
        int hi = -1, lo = -1;
        if (secret[i] == '%' && i + 2 < n) {
            hi = hex_digit(secret[i + 1]);
            lo = hex_digit(secret[i + 2]);
        }
        if (hi >= 0 && lo >= 0 && hi * 16 + lo > 0) {
            dec[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            dec[o++] = secret[i];
        }
    }
    if (o != n)
        scrub_one(msg, size, dec, o);
}

/*
 * libpq echoes parts of a URL it cannot parse ("invalid percent-encoded
 * token: ..."), which may be the password: remove every password the URL
 * carries (user info and ?password=) from MSG.
 */
static void scrub_url_secrets(char *msg, size_t size, const char *url)
{
    const char *scheme = strstr(url, "://");
    if (scheme) {
        const char *auth = scheme + 3;
        size_t authlen = strcspn(auth, "/?#");
        const char *at = NULL;
        for (size_t i = 0; i < authlen; i++)
            if (auth[i] == '@')
                at = auth + i;
        const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
        if (colon)
            scrub_secret(msg, size, colon + 1, (size_t)(at - colon - 1));
    }
    for (const char *p = url; (p = strstr(p, "password=")); p++) {
        const char *v = p + strlen("password=");
        scrub_secret(msg, size, v, strcspn(v, "&#"));
    }
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
    if (!url)
        url = getenv("DATABASE_URL");
    if (!url || !*url)
        return sc__error_set(err, SC_EINVAL, "no database URL (and DATABASE_URL is not set)");
    char *target = NULL;
    const sc__driver *drv = url_target(url, &target);
    if (!drv) {
        char shown[256];
        sc_url_redact(shown, sizeof shown, url);
        return sc__error_set(err, SC_EINVAL,
                             "unsupported database URL \"%s\" (use postgresql://, sqlite:)",
                             shown);
    }
    if (!target)
        return sc__error_set(err, SC_ENOMEM, "out of memory");
    sc_conn *c = calloc(1, sizeof *c);
    if (!c) {
        free(target);
        return sc__error_set(err, SC_ENOMEM, "out of memory");
    }
    c->drv = drv;
    c->opts = o;
    if (c->opts.stmt_cache_size == 0)
        c->opts.stmt_cache_size = 1;
    int rc = drv->open(c, target);
    free(target);
    if (rc != SC_OK) {
        scrub_url_secrets(c->err.message, sizeof c->err.message, url);
        sc_error_copy(err, &c->err);
        drv->close(c);
        free(c);
        return rc;
    }
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
    free(conn);
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
    int64_t t0 = conn->opts.hook ? sc__mono_us() : 0;
    int rc = conn->drv->exec(conn, sql);
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
