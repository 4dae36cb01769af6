/*
 * schemac/url.h - database URLs: the one parser behind sc_conn_open() and the
 * `schemac migrate` command line, so both open the same database for the
 * same URL and neither ever shows a password.
 *
 * Accepted forms (docs/runtime.md has the full table):
 *
 *   postgresql://[user[:password]@][host][:port][,...][/dbname][?key=value&...]
 *   postgres://...                 the same (libpq's URI syntax; special
 *                                  characters in the user name, password or
 *                                  database name percent-encoded, e.g. @ as %40)
 *   host=... dbname=... ...        a libpq keyword/value connection string
 *   sqlite:PATH[?params]           a file, PATH taken literally (no %-decoding),
 *                                  relative to the working directory
 *   sqlite:///abs/path             an absolute path (sqlite:// is stripped)
 *   sqlite::memory:                a private in-memory database
 *   file:PATH[?params]             an SQLite URI filename (%-decoded by SQLite),
 *                                  e.g. file:app.db?mode=ro, file:///abs/app.db
 *
 * SQLite parameters are SQLite's URI parameters (mode=ro|rw|rwc|memory,
 * cache=shared|private, immutable=1, vfs=...); unknown ones are ignored, as
 * SQLite does. An empty URL, a URL with no file (`sqlite:`, `file:`), an
 * unknown scheme, control characters or surrounding white space, bad percent
 * escapes, an unencoded '@' outside the user info, a port that is not a
 * number and whatever libpq's own parser refuses are errors (SC_EINVAL) whose
 * message names the problem and shows the URL with every password masked.
 */
#ifndef SCHEMAC_URL_H
#define SCHEMAC_URL_H

#include <stddef.h>

#include "conn.h"
#include "errors.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_url {
    sc_dialect dialect;
    /*
     * What the driver opens. SQLite: the filename for sqlite3_open_v2()
     * (":memory:" or a "file:" URI). PostgreSQL: the connection string for
     * libpq (the URI or keyword string as given, already checked by libpq's
     * own parser).
     */
    char *target;
    int sqlite_flags;     /* SQLite: SQLITE_OPEN_* flags for sqlite3_open_v2 (no threading flags) */
    char *sqlite_path;    /* SQLite: the file on disk, decoded; NULL for an in-memory database */
    int sqlite_memory;    /* SQLite: an in-memory database (":memory:", mode=memory) */
    int sqlite_readonly;  /* SQLite: mode=ro */
    char *display;        /* the URL with every password replaced by "***", for messages and logs */
    char *sc__secrets;    /* not API: the passwords, for scrubbing driver messages */
    /*
     * libschemac's own parameters, in any URL form (taken out of what libpq
     * gets): statement_timeout=MS (-1 when absent) and pgbouncer=true|false
     * (-1 when absent). They override the sc_conn_options fields.
     */
    long long statement_timeout_ms;
    int pgbouncer;
    /*
     * Prisma's pool parameters: connection_limit=N (0 when absent) and
     * pool_timeout=SECONDS (-1 when absent; 0: wait as long as it takes).
     * They override sc_pool_options.max_size and acquire_timeout_ms for a
     * pool opened on the URL; a single connection has no use for them.
     */
    unsigned pool_max;
    long long pool_timeout_ms;
} sc_url;

#define SC_URL_INIT { (sc_dialect)0, NULL, 0, NULL, 0, 0, NULL, NULL, -1, -1, 0, -1 }

/*
 * Parse URL. On success fills OUT (release it with sc_url_free) and returns
 * SC_OK; otherwise returns SC_EINVAL (or SC_ENOMEM), leaves OUT empty and
 * fills ERR (may be NULL) with a message that never contains a password.
 */
int sc_url_parse(sc_url *out, const char *url, sc_error *err);

/* Release what sc_url_parse allocated; OUT is left empty. NULL is a no-op. */
void sc_url_free(sc_url *url);

/*
 * Replace, in MSG (a NUL-terminated buffer of SIZE bytes), every password
 * URL carries, raw and percent-decoded, by "***": for messages of a driver
 * that may echo parts of the URL.
 */
void sc_url_scrub(const sc_url *url, char *msg, size_t size);

#ifdef __cplusplus
}
#endif
#endif
