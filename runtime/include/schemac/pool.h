/*
 * schemac/pool.h - a bounded, thread-safe connection pool.
 *
 * Acquire hands out connections first come, first served (waiters queue in
 * FIFO order and a released connection goes straight to the oldest waiter).
 * Acquire never waits forever: it gives up after the timeout with
 * SC_ETIMEOUT. Before handing out a connection that sat idle longer than
 * validate_idle_ms, or that saw a connection error, the pool checks it and
 * replaces it when it is dead; connections older than max_lifetime_ms or
 * idle longer than idle_timeout_ms are closed. On release an open
 * transaction is rolled back and a lost connection is closed (the next
 * acquire opens a new one). When the database is down, acquire fails with
 * SC_ECONNECTION instead of waiting.
 *
 * Thread safety: every sc_pool_* function may be called from any thread.
 * A connection taken from the pool belongs to the acquiring thread until
 * it is released. sc_pool_free may run while connections are still
 * acquired (see below), but no thread may be inside sc_pool_acquire*, or
 * call it, once sc_pool_free has started.
 */
#ifndef SCHEMAC_POOL_H
#define SCHEMAC_POOL_H

#include <stdint.h>

#include "conn.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sc_pool sc_pool;

typedef struct sc_pool_options {
    unsigned version;             /* SC_POOL_OPTIONS_VERSION */
    unsigned max_size;            /* connections open at most (default 10) */
    int64_t acquire_timeout_ms;   /* sc_pool_acquire's wait (default 5000; <= 0: do not wait) */
    int64_t max_lifetime_ms;      /* close connections older than this (default 30 min; 0: never) */
    int64_t idle_timeout_ms;      /* close connections idle longer than this (default 10 min; 0: never) */
    int64_t validate_idle_ms;     /* ping connections idle longer than this before use (default 1000) */
    int64_t held_warning_ms;      /* SC_EVENT_HELD_TOO_LONG past this (default 30000; 0: never) */
    sc_conn_options conn;         /* options for each connection (hook included) */
} sc_pool_options;

#define SC_POOL_OPTIONS_VERSION 1
#define SC_POOL_OPTIONS_INIT \
    { SC_POOL_OPTIONS_VERSION, 10, 5000, 1800000, 600000, 1000, 30000, SC_CONN_OPTIONS_INIT }

typedef struct sc_pool_stats {
    unsigned in_use;      /* handed out now */
    unsigned idle;        /* open and waiting in the pool */
    unsigned waiting;     /* threads blocked in acquire */
    uint64_t acquired;    /* successful acquires, ever */
    uint64_t timed_out;   /* acquires that gave up, ever */
    uint64_t created;     /* connections opened, ever */
    uint64_t closed;      /* connections closed, ever */
} sc_pool_stats;

/*
 * Create a pool for URL (NULL: $DATABASE_URL). No connection is opened yet.
 * Returns SC_OK, SC_EINVAL or SC_ENOMEM (ERR may be NULL).
 */
int sc_pool_create(sc_pool **out, const char *url, const sc_pool_options *opts, sc_error *err);

/* Take a connection, waiting at most the pool's acquire_timeout_ms. */
int sc_pool_acquire(sc_conn **out, sc_pool *pool, sc_error *err);

/* Take a connection, waiting at most TIMEOUT_MS (<= 0: do not wait). */
int sc_pool_acquire_timeout(sc_conn **out, sc_pool *pool, int64_t timeout_ms, sc_error *err);

/* Give CONN back (it must come from POOL). NULL CONN is a no-op. */
void sc_pool_release(sc_pool *pool, sc_conn *conn);

void sc_pool_stats_get(sc_pool_stats *out, sc_pool *pool);

/*
 * Close idle connections and free the pool. NULL is a no-op. Connections
 * still acquired stay usable; releasing them (sc_pool_release, required)
 * closes them, and the release of the last one frees the pool. Only
 * sc_pool_release may be called on POOL after this.
 */
void sc_pool_free(sc_pool *pool);

#ifdef __cplusplus
}
#endif
#endif
