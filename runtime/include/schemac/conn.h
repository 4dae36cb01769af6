/*
 * schemac/conn.h - database connections (SQLite and PostgreSQL) by URL.
 *
 * URLs (schemac/url.h has the parser and every rule):
 *   postgres://... or postgresql://...   libpq's URI syntax (user, password,
 *                                         hosts, dbname, ?sslmode=... and
 *                                         other parameters)
 *   host=... dbname=... ...               a libpq keyword/value string
 *   sqlite:path                           a file, relative to the working dir
 *   sqlite:///abs/path                    an absolute file path
 *   sqlite:path?mode=ro                   with SQLite URI parameters
 *   sqlite::memory:                       a private in-memory database
 *   file:...                              an SQLite URI filename
 * A NULL URL means the value of the DATABASE_URL environment variable.
 * Passwords never appear in any sc_error message or hook event.
 *
 * Sessions: SQLite without double-quoted string literals ("x" is always a
 * name); PostgreSQL in UTC unless the connection's options or PGTZ choose a
 * zone (docs/runtime.md).
 *
 * Thread safety: an sc_conn and the statements prepared on it may be used by
 * one thread at a time (hand it over between threads freely, e.g. through
 * sc_pool). The only exception is sc_conn_cancel(), which any thread may call
 * while another thread runs a statement on the connection.
 */
#ifndef SCHEMAC_CONN_H
#define SCHEMAC_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "errors.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_conn sc_conn;

typedef enum sc_dialect {
    SC_DIALECT_SQLITE = 1,
    SC_DIALECT_POSTGRES = 2,
} sc_dialect;

/*
 * How sc_stmt_bind_timestamp stores a timestamp in SQLite (which has no
 * date type). Both are read back by sc_stmt_column_timestamp, as is any
 * ISO-8601 text. ISO text is what Prisma 7 (driver adapters) writes by
 * default; integer Unix milliseconds is what Prisma's native engine
 * (Prisma <= 6) writes ("unixepoch-ms" in Prisma 7).
 */
typedef enum sc_sqlite_time_format {
    SC_SQLITE_TIME_ISO8601 = 0,      /* TEXT "2024-05-06T07:08:09.123Z" */
    SC_SQLITE_TIME_UNIXEPOCH_MS = 1, /* INTEGER milliseconds since 1970 UTC */
} sc_sqlite_time_format;

/* What an observability event reports. */
typedef enum sc_event_kind {
    SC_EVENT_STATEMENT = 1,     /* a statement finished (done, error, reset, or failed to prepare) */
    SC_EVENT_HELD_TOO_LONG = 2, /* a pooled connection was held past the warning limit */
    SC_EVENT_CONN_REPLACED = 3, /* the pool closed a broken or expired connection */
} sc_event_kind;

typedef struct sc_event {
    sc_event_kind kind;
    sc_dialect dialect;
    const char *sql;         /* SC_EVENT_STATEMENT: the SQL text ("" for a batch refused before any); else NULL */
    int64_t duration_us;     /* statement: time spent executing; held: time held */
    int64_t rows;            /* statement: rows returned, or rows affected */
    int slow;                /* statement: duration_us >= slow_threshold_us */
    int code;                /* SC_OK or the SC_E* code of the failure */
    const sc_error *error;   /* detail when code != SC_OK, else NULL */
} sc_event;

/*
 * Called synchronously on the thread that used the connection, for every
 * finished statement (and the pool events above). Must not use the
 * connection it reports about. Keep it cheap: it runs on the hot path.
 */
typedef void (*sc_hook_fn)(const sc_event *event, void *payload);

typedef struct sc_conn_options {
    unsigned version;                 /* SC_CONN_OPTIONS_VERSION */
    /* SQLite */
    int sqlite_wal;                   /* journal_mode=WAL for files (default 1) */
    int sqlite_busy_timeout_ms;       /* busy_timeout (default 5000) */
    int sqlite_foreign_keys;          /* PRAGMA foreign_keys (default 1) */
    int sqlite_extended_codes;        /* extended result codes (default 1) */
    sc_sqlite_time_format sqlite_time_format;
    /* PostgreSQL */
    /*
     * Binary result format (default 1: measured faster, see bench/README.md).
     * Binary results decode bool, integers, floats, numeric, text types,
     * json/jsonb, bytea, uuid, date, time, timestamp(tz) and enums; other
     * built-in types (interval, inet, money, arrays, ...) must be cast to
     * text in the query, or use text results (0).
     */
    int pg_binary_results;
    int pg_connect_timeout_s;         /* connect_timeout unless the URL sets it (default 10) */
    /* Both */
    unsigned stmt_cache_size;         /* prepared statements kept per connection (default 64) */
    sc_hook_fn hook;                  /* observability hook, or NULL */
    void *hook_payload;
    int64_t slow_threshold_us;        /* events at or above this are flagged slow (0 = never) */
    /*
     * Statement timeout in milliseconds (0 = none; the URL's
     * statement_timeout=MS overrides it). A statement still running after
     * it is stopped and fails with SC_ESTMTTIMEOUT; the connection stays
     * usable. sc_conn_set_statement_timeout changes it per connection.
     */
    int64_t statement_timeout_ms;
    /*
     * PostgreSQL behind PgBouncer in transaction pooling mode (the URL's
     * pgbouncer=true sets it): unnamed prepared statements only, and no
     * session state that PgBouncer does not carry (docs/scaling.md).
     */
    int pgbouncer;
} sc_conn_options;

#define SC_CONN_OPTIONS_VERSION 1
#define SC_CONN_OPTIONS_INIT \
    { SC_CONN_OPTIONS_VERSION, 1, 5000, 1, 1, SC_SQLITE_TIME_ISO8601, 1, 10, 64, 0, 0, 0, 0, 0 }

/* Fill OPTS with the defaults (same as SC_CONN_OPTIONS_INIT). */
void sc_conn_options_init(sc_conn_options *opts);

/*
 * Open a connection to URL (NULL: $DATABASE_URL) with OPTS (NULL: defaults).
 * On failure returns SC_EINVAL (bad URL/options), SC_ECONNECTION (cannot
 * connect) or SC_ENOMEM, fills ERR (may be NULL) and sets *OUT to NULL.
 */
int sc_conn_open(sc_conn **out, const char *url, const sc_conn_options *opts, sc_error *err);

/* Close the connection and every statement prepared on it. NULL is a no-op. */
void sc_conn_close(sc_conn *conn);

sc_dialect sc_conn_dialect(const sc_conn *conn);

/*
 * The error of the last failed call on CONN. sc_conn_exec clears it
 * whole; preparing a statement sets its code to SC_OK and leaves the rest
 * of an earlier error as it was (the message, SQLSTATE: one field written
 * on the hot path). After a bind, step or read it is meaningful only when
 * that call returned an error (a success need not clear an earlier one),
 * so go by the return codes and read this for the detail.
 */
const sc_error *sc_conn_error(const sc_conn *conn);

/*
 * Record an outcome the caller decided itself as CONN's error (code CODE,
 * MESSAGE; no driver detail) and return CODE, as the runtime does for its
 * own failures. Generated code uses it to report a version conflict it
 * told apart from a missing row.
 */
int sc_conn_set_error(sc_conn *conn, int code, const char *message);

/*
 * Run SQL text that takes no parameters (may hold several statements on
 * SQLite; simple query protocol on PostgreSQL). Rows are discarded.
 */
int sc_conn_exec(sc_conn *conn, const char *sql);

/*
 * Ask the statement running on CONN to stop. Any thread may call it while
 * another thread runs a statement on CONN (CONN must stay open meanwhile).
 * The statement fails with SC_ECANCELED and the connection stays usable;
 * inside a transaction the transaction level is failed (roll it back, see
 * schemac/tx.h). When nothing runs, nothing happens: a later statement is
 * not affected. A statement that was just finishing may complete anyway.
 */
int sc_conn_cancel(sc_conn *conn);

/*
 * Set CONN's statement timeout in milliseconds for the statements that
 * follow (0 = none), e.g. around one call of a generated function:
 *
 *     int64_t before = sc_conn_statement_timeout(db);
 *     sc_conn_set_statement_timeout(db, 200);
 *     rc = blog_post_list_recent(db, &posts);   // SC_ESTMTTIMEOUT after 200 ms
 *     sc_conn_set_statement_timeout(db, before);
 *
 * It counts from a statement's first step (PostgreSQL: the round trip
 * that runs it; SQLite: the first sqlite3_step, and it includes the time
 * the caller spends between rows). No server round trip, and it works
 * through PgBouncer. A pooled connection goes back to the pool's default
 * on release. Returns SC_OK, or SC_EINVAL for a negative value.
 */
int sc_conn_set_statement_timeout(sc_conn *conn, int64_t timeout_ms);

/* CONN's statement timeout in milliseconds (0 = none). */
int64_t sc_conn_statement_timeout(const sc_conn *conn);

/*
 * Whether the connection is usable: 0 yes, SC_ECONNECTION when it has been
 * lost (it then stays lost: close it). Does a round trip on PostgreSQL.
 */
int sc_conn_ping(sc_conn *conn);

/*
 * Read-your-writes token: the server's current WAL position (PostgreSQL
 * pg_current_wal_lsn(), or pg_last_wal_replay_lsn() on a replica) into
 * *OUT. Called after a commit on the primary, it covers that commit: pass
 * it as sc_acquire_options.min_lsn for a read that must see the write.
 * SQLite: *OUT = 0 and SC_OK (one database: every read sees every write).
 */
int sc_conn_wal_lsn(sc_conn *conn, uint64_t *out);

/* Whether a transaction (sc_tx_begin or raw BEGIN) is open on CONN. */
int sc_conn_in_transaction(const sc_conn *conn);

/* The driver handle (sqlite3 * or PGconn *), for what the API does not cover. */
void *sc_conn_handle(sc_conn *conn);

/*
 * Write URL into BUF with any password replaced by "***" (for logs).
 * Returns SC_OK, or SC_ERANGE when BUF is too small (BUF still terminated).
 */
int sc_url_redact(char *buf, size_t size, const char *url);

#ifdef __cplusplus
}
#endif
#endif
