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
#include "tx.h"

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
    /*
     * Read replicas (PostgreSQL; docs/scaling.md). REPLICAS is a
     * NULL-terminated array of URLs (each may be a libpq multi-host URL),
     * copied at sc_pool_create; NULL for none. Read-only acquires
     * (sc_pool_acquire_with, sc_pool_run) go to a replica that is up, in
     * recovery, within MAX_REPLICA_LAG_MS and has replayed the writes it
     * must see; else to the primary. SQLite: accepted, everything goes to
     * the one database.
     */
    const char *const *replicas;
    unsigned replica_max_size;    /* connections per replica (0: max_size) */
    int64_t max_replica_lag_ms;   /* skip a replica lagging more (default 10000; 0: no limit) */
    int64_t replica_check_ms;     /* re-check a replica's state this often (default 1000) */
    int64_t replica_retry_ms;     /* a failed replica is tried again after this (default 5000) */
    /*
     * Read-your-writes across the pool (default 1): a read-only acquire
     * goes to a replica only once it replayed every write made through
     * this pool on a connection released before the acquire; 0: only the
     * caller's token (sc_acquire_options.min_lsn) is honoured.
     */
    int read_your_writes;
    /*
     * When no server accepts a connection (the primary is down, a failover
     * is under way), keep trying until the acquire's timeout instead of
     * failing at once (default 0: fail at once with SC_ECONNECTION).
     */
    int wait_for_server;
} sc_pool_options;

#define SC_POOL_OPTIONS_VERSION 1
#define SC_POOL_OPTIONS_INIT                                                                      \
    { SC_POOL_OPTIONS_VERSION, 10, 5000, 1800000, 600000, 1000, 30000, SC_CONN_OPTIONS_INIT,    \
      NULL, 0, 10000, 1000, 5000, 1, 0 }

/* How sc_pool_acquire_with takes a connection. */
typedef struct sc_acquire_options {
    unsigned version;         /* SC_ACQUIRE_OPTIONS_VERSION */
    int read_only;            /* the work only reads: a replica may serve it */
    int64_t timeout_ms;       /* how long to wait (< 0: the pool's acquire_timeout_ms) */
    uint64_t min_lsn;         /* a replica must have replayed this WAL position (sc_conn_wal_lsn) */
} sc_acquire_options;

#define SC_ACQUIRE_OPTIONS_VERSION 1
#define SC_ACQUIRE_OPTIONS_INIT { SC_ACQUIRE_OPTIONS_VERSION, 0, -1, 0 }

typedef struct sc_pool_stats {
    unsigned in_use;      /* handed out now */
    unsigned idle;        /* open and waiting in the pool */
    unsigned waiting;     /* threads blocked in acquire */
    uint64_t acquired;    /* successful acquires, ever */
    uint64_t timed_out;   /* acquires that gave up, ever */
    uint64_t created;     /* connections opened, ever */
    uint64_t closed;      /* connections closed, ever */
} sc_pool_stats;

/* One host of a pool: index 0 is the primary, 1.. the replicas in order. */
typedef struct sc_pool_host_stats {
    char url[256];            /* the URL, passwords masked */
    int primary;              /* 1 for index 0 */
    int up;                   /* 0: taken out after a failure, until it is retried */
    int in_recovery;          /* at the last check (replicas) */
    int64_t lag_ms;           /* replay lag at the last check (replicas) */
    uint64_t lsn;             /* replicas: replayed WAL position at the last check;
                                 primary: the latest write recorded for read-your-writes */
    uint64_t reads;           /* read-only acquires it served */
    uint64_t lag_skips;       /* read-only acquires that skipped it for lag (or not in recovery) */
    uint64_t behind_skips;    /* ... that skipped it because it had not replayed the writes */
    uint64_t failures;        /* failed connects and checks */
    sc_pool_stats conns;      /* its connections (as sc_pool_stats_get) */
} sc_pool_host_stats;

/*
 * Create a pool for URL (NULL: $DATABASE_URL). No connection is opened yet.
 * Returns SC_OK, SC_EINVAL or SC_ENOMEM (ERR may be NULL).
 */
int sc_pool_create(sc_pool **out, const char *url, const sc_pool_options *opts, sc_error *err);

/* Take a connection, waiting at most the pool's acquire_timeout_ms. */
int sc_pool_acquire(sc_conn **out, sc_pool *pool, sc_error *err);

/* Take a connection, waiting at most TIMEOUT_MS (<= 0: do not wait). */
int sc_pool_acquire_timeout(sc_conn **out, sc_pool *pool, int64_t timeout_ms, sc_error *err);

/*
 * Take a connection as OPTS says (NULL: as sc_pool_acquire). A read-only
 * acquire on a pool with replicas returns a replica connection when one is
 * fit (see sc_pool_options), else a primary one; write on it only when
 * sc_conn_is_replica() says 0.
 */
int sc_pool_acquire_with(sc_conn **out, sc_pool *pool, const sc_acquire_options *opts,
                         sc_error *err);

/*
 * Run FN in a transaction on a connection of POOL, retrying as sc_tx_run
 * does: acquire (a replica for a read_only run), sc_tx_run, release. With
 * OPTS->idempotent a run that fails with a connection error (the primary
 * went away, SC_ECOMMITUNKNOWN included) is run again on a new connection.
 * Returns SC_OK or the last failure; ERR (may be NULL) gets its detail.
 */
int sc_pool_run(sc_pool *pool, const sc_retry_options *opts, sc_tx_fn fn, void *payload,
                sc_error *err);

/* Whether CONN is a replica connection of a pool (read-only). */
int sc_conn_is_replica(const sc_conn *conn);

/* Number of hosts of POOL: 1 + the replicas (SQLite: 1). */
unsigned sc_pool_host_count(sc_pool *pool);

/* The state and counters of host INDEX (0: primary). SC_OK or SC_ERANGE. */
int sc_pool_host_stats_get(sc_pool_host_stats *out, sc_pool *pool, unsigned index);

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
