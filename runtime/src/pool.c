/*
 * pool.c - a bounded connection pool with FIFO-fair, time-limited acquire.
 *
 * Fairness comes from handing connections over directly: a thread that
 * cannot get a connection at once queues a waiter (with its own condition
 * variable) and a released connection, or a free slot, goes to the oldest
 * waiter, never to whoever grabs the mutex first. Slow work (connecting,
 * validating, closing, rolling back) runs outside the mutex; `total`
 * counts slots, including ones whose connection is being opened.
 *
 * Replicas (docs/scaling.md): each replica is a pool of its own (same
 * code), owned by the primary's pool and reached through it; a connection
 * remembers the pool it came from (c->pool_host), so sc_pool_release gives
 * it back there. A read-only acquire tries the replicas in turn (starting
 * from a rotating index), skipping one that is down, not in recovery,
 * lagging or behind the writes it must see, and falls back to the primary.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

typedef struct waiter {
    pthread_cond_t cond;
    sc_conn *conn;       /* a connection handed over */
    int ready;           /* conn set, or a free slot granted (conn NULL) */
    struct waiter *next;
} waiter;

struct sc_pool {
    pthread_mutex_t mu;
    char *url;
    sc_pool_options o;
    sc_conn *idle;           /* most recently used first */
    sc_conn *busy;           /* handed out (for held-too-long checks) */
    waiter *whead, *wtail;
    unsigned total;          /* slots taken: open connections and ones being opened */
    unsigned nidle;
    unsigned in_use;
    unsigned waiting;
    uint64_t acquired, timed_out, created, closed;
    int freeing;             /* sc_pool_free ran with connections still acquired */
    /* scale-out */
    sc_dialect dialect;
    char *display;           /* the URL, passwords masked */
    struct sc_pool *parent;  /* a replica: the pool it belongs to */
    struct sc_pool **replicas;
    unsigned nreplicas;
    unsigned rr;             /* the replica a read-only acquire tries first (rotates) */
    uint64_t write_lsn;      /* the latest write recorded (read-your-writes) */
    /* the host's state (replicas; the primary keeps down and failures) */
    int down;                /* taken out until retry_at_ms */
    int64_t retry_at_ms;
    int64_t checked_ms;      /* last successful check, 0: needs one */
    int in_recovery;
    int64_t lag_ms;
    uint64_t lsn;            /* replayed WAL position at the last check */
    uint64_t reads, lag_skips, behind_skips, failures;
};

int sc_pool_create(sc_pool **out, const char *url, const sc_pool_options *opts, sc_error *err)
{
    sc_error_clear(err);
    if (!out)
        return sc__error_set(err, SC_EINVAL, "sc_pool_create: out is NULL");
    *out = NULL;
    sc_pool_options o = SC_POOL_OPTIONS_INIT;
    if (opts) {
        if (opts->version != SC_POOL_OPTIONS_VERSION)
            return sc__error_set(err, SC_EINVAL, "sc_pool_options: unsupported version %u",
                                 opts->version);
        o = *opts;
    }
    if (o.conn.version != SC_CONN_OPTIONS_VERSION)
        return sc__error_set(err, SC_EINVAL, "sc_pool_options.conn: unsupported version %u",
                             o.conn.version);
    if (o.max_size == 0)
        return sc__error_set(err, SC_EINVAL, "sc_pool_options.max_size must be at least 1");
    /* a negative limit would silently mean "none" (lag) or "always" (check, retry) */
    const struct {
        const char *name;
        int64_t v;
    } ms[] = { { "max_replica_lag_ms", o.max_replica_lag_ms },
               { "replica_check_ms", o.replica_check_ms },
               { "replica_retry_ms", o.replica_retry_ms },
               { "conn.statement_timeout_ms", o.conn.statement_timeout_ms } };
    for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++)
        if (ms[i].v < 0)
            return sc__error_set(err, SC_EINVAL, "sc_pool_options.%s is negative (%lld)",
                                 ms[i].name, (long long)ms[i].v);
    if (!url)
        url = getenv("DATABASE_URL");
    if (!url || !*url)
        return sc__error_set(err, SC_EINVAL, "no database URL (and DATABASE_URL is not set)");
    sc_url u;
    int rc = sc_url_parse(&u, url, err);
    if (rc != SC_OK)
        return rc;
    /* Prisma's connection_limit and pool_timeout in the URL win, as statement_timeout there does */
    if (u.pool_max > 0)
        o.max_size = u.pool_max;
    if (u.pool_timeout_ms > 0)
        o.acquire_timeout_ms = u.pool_timeout_ms;
    else if (u.pool_timeout_ms == 0)
        o.acquire_timeout_ms = INT64_C(100) * 365 * 24 * 3600 * 1000; /* Prisma's 0: no limit */
    sc_pool *p = calloc(1, sizeof *p);
    if (!p) {
        sc_url_free(&u);
        return sc__error_set(err, SC_ENOMEM, "out of memory");
    }
    p->dialect = u.dialect;
    p->url = strdup(url);
    p->display = strdup(u.display);
    sc_url_free(&u);
    if (!p->url || !p->display || pthread_mutex_init(&p->mu, NULL) != 0) {
        free(p->url);
        free(p->display);
        free(p);
        return sc__error_set(err, SC_ENOMEM, "out of memory");
    }
    p->o = o;
    p->o.replicas = NULL;
    /* SQLite has no replicas: the options are accepted and everything goes to the one database */
    unsigned n = 0;
    while (o.replicas && o.replicas[n])
        n++;
    if (n && p->dialect == SC_DIALECT_POSTGRES) {
        p->replicas = calloc(n, sizeof *p->replicas);
        if (!p->replicas) {
            sc_pool_free(p);
            return sc__error_set(err, SC_ENOMEM, "out of memory");
        }
        sc_pool_options ro = p->o;
        ro.max_size = o.replica_max_size ? o.replica_max_size : o.max_size;
        ro.wait_for_server = 0;
        for (unsigned i = 0; i < n; i++) {
            rc = sc_pool_create(&p->replicas[i], o.replicas[i], &ro, err);
            if (rc != SC_OK) {
                char msg[SC_ERROR_MESSAGE_SIZE];
                snprintf(msg, sizeof msg, "%s", err ? err->message : "");
                sc_pool_free(p);
                return sc__error_set(err, rc, "replica %u: %s", i + 1, msg);
            }
            p->replicas[i]->parent = p;
            p->nreplicas++;
            if (p->replicas[i]->dialect != SC_DIALECT_POSTGRES) {
                sc_pool_free(p);
                return sc__error_set(err, SC_EINVAL,
                                     "replica %u: not a PostgreSQL URL (the primary is one)", i + 1);
            }
        }
    }
    *out = p;
    return SC_OK;
}

static void emit_pool(sc_pool *p, sc_conn *c, sc_event_kind kind, int64_t us)
{
    if (!p->o.conn.hook)
        return;
    sc_event ev = { kind, c ? c->drv->dialect : SC_DIALECT_SQLITE, NULL, us, 0, 0, SC_OK, NULL };
    ev.slow = 0;
    p->o.conn.hook(&ev, p->o.conn.hook_payload);
}

/*
 * A slot's connection is gone (lock held): the oldest waiter inherits the
 * slot and opens a connection in it; with no waiter the slot is freed.
 */
static void release_slot(sc_pool *p)
{
    waiter *w = p->whead;
    if (!w) {
        p->total--;
        return;
    }
    p->whead = w->next;
    if (!p->whead)
        p->wtail = NULL;
    w->conn = NULL;
    w->ready = 1;
    pthread_cond_signal(&w->cond);
}

static void close_conn(sc_pool *p, sc_conn *c, int replaced)
{
    if (replaced)
        emit_pool(p, c, SC_EVENT_CONN_REPLACED, (sc__mono_ms() - c->created_ms) * 1000);
    sc_conn_close(c);
}

/* Give back a slot whose connection is gone (lock not held). */
static void drop_slot(sc_pool *p, int closed)
{
    pthread_mutex_lock(&p->mu);
    if (closed)
        p->closed++;
    release_slot(p);
    pthread_mutex_unlock(&p->mu);
}

/*
 * Open a connection for a slot already counted in total. With
 * wait_for_server, a connection error is retried until DEADLINE_MS (a
 * failover: the primary gone, a standby not yet promoted).
 */
static int open_in_slot(sc_pool *p, sc_conn **out, sc_error *err, int64_t deadline_ms)
{
    int rc;
    for (;;) {
        rc = sc__conn_open_url(out, p->url, &p->o.conn, err);
        int64_t left = deadline_ms - sc__mono_ms();
        if (rc != SC_ECONNECTION || !p->o.wait_for_server || left <= 0)
            break;
        pthread_mutex_lock(&p->mu);
        p->failures++;
        p->down = 1;
        pthread_mutex_unlock(&p->mu);
        sc__sleep_us((left < 100 ? left : 100) * 1000);
    }
    if (rc != SC_OK) {
        pthread_mutex_lock(&p->mu);
        p->failures++;
        p->down = 1;
        pthread_mutex_unlock(&p->mu);
        drop_slot(p, 0);
        return rc;
    }
    pthread_mutex_lock(&p->mu);
    p->created++;
    p->down = 0;
    pthread_mutex_unlock(&p->mu);
    return SC_OK;
}

/*
 * Make C fit for use: close it when too old or idle too long, check it when
 * it idled past validate_idle_ms or saw a connection error, and open a
 * replacement in the same slot when needed.
 */
static int make_ready(sc_pool *p, sc_conn **cp, sc_error *err, int64_t deadline_ms)
{
    sc_conn *c = *cp;
    int64_t now = sc__mono_ms();
    int stale = (p->o.max_lifetime_ms > 0 && now - c->created_ms >= p->o.max_lifetime_ms) ||
                (p->o.idle_timeout_ms > 0 && now - c->last_used_ms >= p->o.idle_timeout_ms);
    int ok = !stale && !c->broken && c->drv->alive(c) == SC_OK;
    if (ok && (c->saw_conn_error || now - c->last_used_ms >= p->o.validate_idle_ms))
        ok = sc_conn_ping(c) == SC_OK;
    if (ok)
        return SC_OK;
    close_conn(p, c, 1);
    pthread_mutex_lock(&p->mu);
    p->closed++;
    pthread_mutex_unlock(&p->mu);
    *cp = NULL;
    return open_in_slot(p, cp, err, deadline_ms);
}

static void busy_add(sc_pool *p, sc_conn *c)
{
    c->pool_prev = NULL;
    c->pool_next = p->busy;
    if (p->busy)
        p->busy->pool_prev = c;
    p->busy = c;
}

static void busy_remove(sc_pool *p, sc_conn *c)
{
    if (c->pool_prev)
        c->pool_prev->pool_next = c->pool_next;
    else
        p->busy = c->pool_next;
    if (c->pool_next)
        c->pool_next->pool_prev = c->pool_prev;
    c->pool_next = c->pool_prev = NULL;
}

/* Report connections held past the warning limit, once each (lock not held). */
static void warn_held(sc_pool *p)
{
    if (p->o.held_warning_ms <= 0 || !p->o.conn.hook)
        return;
    enum { MAX = 32 };
    int64_t held[MAX];
    int n = 0;
    int64_t now = sc__mono_ms();
    pthread_mutex_lock(&p->mu);
    for (sc_conn *c = p->busy; c && n < MAX; c = c->pool_next) {
        if (!c->held_warned && now - c->acquired_ms >= p->o.held_warning_ms) {
            c->held_warned = 1;
            held[n++] = now - c->acquired_ms;
        }
    }
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < n; i++)
        emit_pool(p, NULL, SC_EVENT_HELD_TOO_LONG, held[i] * 1000);
}

static void waiter_remove(sc_pool *p, waiter *w)
{
    waiter *prev = NULL;
    for (waiter *it = p->whead; it; prev = it, it = it->next) {
        if (it != w)
            continue;
        if (prev)
            prev->next = w->next;
        else
            p->whead = w->next;
        if (p->wtail == w)
            p->wtail = prev;
        return;
    }
}

/* Take a connection of P itself (the primary's, or a replica's). */
static int acquire(sc_conn **out, sc_pool *p, int64_t timeout_ms, sc_error *err)
{
    *out = NULL;
    sc_conn *c = NULL;
    int rc;
    int64_t deadline = sc__mono_ms() + (timeout_ms > 0 ? timeout_ms : 0);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        if (!p->whead && p->idle) {
            c = p->idle;
            p->idle = c->pool_next;
            c->pool_next = NULL;
            p->nidle--;
            pthread_mutex_unlock(&p->mu);
            rc = make_ready(p, &c, err, deadline);
            break;
        }
        if (!p->whead && p->total < p->o.max_size) {
            p->total++;
            pthread_mutex_unlock(&p->mu);
            rc = open_in_slot(p, &c, err, deadline);
            break;
        }
        if (timeout_ms <= 0) {
            p->timed_out++;
            pthread_mutex_unlock(&p->mu);
            warn_held(p);
            return sc__error_set(err, SC_ETIMEOUT, "no connection available in the pool");
        }
        waiter w;
        memset(&w, 0, sizeof w);
        pthread_condattr_t ca;
        pthread_condattr_init(&ca);
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        pthread_cond_init(&w.cond, &ca);
        pthread_condattr_destroy(&ca);
        if (p->wtail)
            p->wtail->next = &w;
        else
            p->whead = &w;
        p->wtail = &w;
        p->waiting++;
        struct timespec dl;
        clock_gettime(CLOCK_MONOTONIC, &dl);
        dl.tv_sec += (time_t)(timeout_ms / 1000);
        dl.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (dl.tv_nsec >= 1000000000L) {
            dl.tv_sec++;
            dl.tv_nsec -= 1000000000L;
        }
        while (!w.ready) {
            if (pthread_cond_timedwait(&w.cond, &p->mu, &dl) == ETIMEDOUT && !w.ready) {
                waiter_remove(p, &w);
                break;
            }
        }
        p->waiting--;
        pthread_cond_destroy(&w.cond);
        if (!w.ready) {
            p->timed_out++;
            pthread_mutex_unlock(&p->mu);
            warn_held(p);
            return sc__error_set(err, SC_ETIMEOUT,
                                 "no connection available in the pool after %lld ms",
                                 (long long)timeout_ms);
        }
        pthread_mutex_unlock(&p->mu);
        if (w.conn) {
            c = w.conn;
            rc = make_ready(p, &c, err, deadline);
        } else {
            rc = open_in_slot(p, &c, err, deadline);
        }
        break;
    }
    if (rc != SC_OK)
        return rc;
    int64_t now = sc__mono_ms();
    c->acquired_ms = now;
    c->held_warned = 0;
    c->pool_host = p;
    c->wrote = 0;
    sc_error_clear(&c->err);
    pthread_mutex_lock(&p->mu);
    p->in_use++;
    p->acquired++;
    busy_add(p, c);
    pthread_mutex_unlock(&p->mu);
    *out = c;
    return SC_OK;
}

int sc_pool_acquire_timeout(sc_conn **out, sc_pool *p, int64_t timeout_ms, sc_error *err)
{
    sc_error_clear(err);
    if (!out || !p)
        return sc__error_set(err, SC_EINVAL, "sc_pool_acquire: NULL argument");
    return acquire(out, p, timeout_ms, err);
}

int sc_pool_acquire(sc_conn **out, sc_pool *p, sc_error *err)
{
    return sc_pool_acquire_timeout(out, p, p ? p->o.acquire_timeout_ms : 0, err);
}

static void release_to(sc_pool *p, sc_conn *c);

/*
 * Take replica R out after a failure, until replica_retry_ms from now.
 * COUNTED: the failure is in r->failures already (a failed connect counts
 * itself in open_in_slot).
 */
static void replica_down(sc_pool *r, int64_t retry_ms, int counted)
{
    pthread_mutex_lock(&r->mu);
    r->down = 1;
    if (!counted)
        r->failures++;
    r->checked_ms = 0;
    r->retry_at_ms = sc__mono_ms() + retry_ms;
    pthread_mutex_unlock(&r->mu);
}

/*
 * A replica's state in one round trip: in recovery, replayed position, and
 * lag: 0 when it replayed all it received, else the age of the last
 * transaction it replayed (replay paused or slow while WAL keeps coming).
 */
static const char replica_check_sql[] =
    "SELECT pg_is_in_recovery(), COALESCE((pg_last_wal_replay_lsn() - '0/0')::bigint, 0), "
    "CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() IS NOT DISTINCT FROM "
    "pg_last_wal_replay_lsn() THEN 0 ELSE COALESCE((EXTRACT(EPOCH FROM clock_timestamp() - "
    "pg_last_xact_replay_timestamp()) * 1000)::bigint, 0) END";

static int replica_check(sc_pool *r, sc_conn *c)
{
    sc_stmt *st;
    int rc = sc_stmt_prepare(&st, c, replica_check_sql);
    if (rc != SC_OK)
        return rc;
    bool rec = false;
    int64_t lsn = 0, lag = 0;
    rc = sc_stmt_step(st);
    if (rc == SC_ROW) {
        rc = sc_stmt_column_bool(&rec, st, 0);
        if (rc == SC_OK)
            rc = sc_stmt_column_int64(&lsn, st, 1);
        if (rc == SC_OK)
            rc = sc_stmt_column_int64(&lag, st, 2);
    } else if (rc == SC_DONE) {
        rc = SC_ERROR;
    }
    sc_stmt_release(st);
    if (rc != SC_OK)
        return rc;
    pthread_mutex_lock(&r->mu);
    r->checked_ms = sc__mono_ms();
    r->in_recovery = rec;
    r->lsn = (uint64_t)lsn;
    r->lag_ms = lag;
    r->down = 0;
    pthread_mutex_unlock(&r->mu);
    return SC_OK;
}

/* A replica fit for a read that must see NEED, or the primary. */
static int acquire_read(sc_conn **out, sc_pool *p, int64_t timeout_ms, uint64_t need,
                        sc_error *err)
{
    pthread_mutex_lock(&p->mu);
    if (p->o.read_your_writes && p->write_lsn > need)
        need = p->write_lsn;
    unsigned start = p->rr++;
    pthread_mutex_unlock(&p->mu);
    int64_t max_lag = p->o.max_replica_lag_ms;
    for (unsigned k = 0; k < p->nreplicas; k++) {
        sc_pool *r = p->replicas[(start + k) % p->nreplicas];
        int64_t now = sc__mono_ms();
        pthread_mutex_lock(&r->mu);
        int skip = r->down && now < r->retry_at_ms;
        int fresh = r->checked_ms && now - r->checked_ms < p->o.replica_check_ms;
        if (!skip && fresh && (!r->in_recovery || (max_lag > 0 && r->lag_ms > max_lag))) {
            r->lag_skips++;
            skip = 1;
        }
        pthread_mutex_unlock(&r->mu);
        if (skip)
            continue;
        sc_conn *c;
        int rc = acquire(&c, r, 0, NULL);
        if (rc == SC_ETIMEOUT)
            continue; /* all its connections busy: the next host */
        if (rc != SC_OK) {
            replica_down(r, p->o.replica_retry_ms, 1);
            continue;
        }
        pthread_mutex_lock(&r->mu);
        int recheck = !fresh || r->lsn < need || !r->checked_ms;
        pthread_mutex_unlock(&r->mu);
        if (recheck && replica_check(r, c) != SC_OK) {
            release_to(r, c);
            replica_down(r, p->o.replica_retry_ms, 0);
            continue;
        }
        pthread_mutex_lock(&r->mu);
        int unfit = !r->in_recovery || (max_lag > 0 && r->lag_ms > max_lag);
        int behind = !unfit && r->lsn < need;
        if (unfit)
            r->lag_skips++;
        else if (behind)
            r->behind_skips++;
        else
            r->reads++;
        pthread_mutex_unlock(&r->mu);
        if (unfit || behind) {
            release_to(r, c);
            continue;
        }
        *out = c;
        return SC_OK;
    }
    int rc = acquire(out, p, timeout_ms, err);
    if (rc == SC_OK) {
        pthread_mutex_lock(&p->mu);
        p->reads++;
        pthread_mutex_unlock(&p->mu);
    }
    return rc;
}

int sc_pool_acquire_with(sc_conn **out, sc_pool *p, const sc_acquire_options *opts, sc_error *err)
{
    sc_error_clear(err);
    if (!out || !p)
        return sc__error_set(err, SC_EINVAL, "sc_pool_acquire_with: NULL argument");
    *out = NULL;
    sc_acquire_options o = SC_ACQUIRE_OPTIONS_INIT;
    if (opts) {
        if (opts->version != SC_ACQUIRE_OPTIONS_VERSION)
            return sc__error_set(err, SC_EINVAL, "sc_acquire_options: unsupported version %u",
                                 opts->version);
        o = *opts;
    }
    int64_t timeout = o.timeout_ms < 0 ? p->o.acquire_timeout_ms : o.timeout_ms;
    if (!o.read_only || p->nreplicas == 0) {
        int rc = acquire(out, p, timeout, err);
        if (rc == SC_OK && o.read_only) {
            pthread_mutex_lock(&p->mu);
            p->reads++;
            pthread_mutex_unlock(&p->mu);
        }
        return rc;
    }
    return acquire_read(out, p, timeout, o.min_lsn, err);
}

int sc_conn_is_replica(const sc_conn *conn)
{
    return conn && conn->pool_host && ((const sc_pool *)conn->pool_host)->parent != NULL;
}

static void pool_destroy(sc_pool *p)
{
    pthread_mutex_destroy(&p->mu);
    free(p->url);
    free(p->display);
    free(p->replicas);
    free(p);
}

void sc_pool_release(sc_pool *p, sc_conn *c)
{
    if (!p || !c)
        return;
    /* a replica's connection goes back to its replica (P itself may be freed by now) */
    release_to(c->pool_host ? (sc_pool *)c->pool_host : p, c);
}

static void release_to(sc_pool *p, sc_conn *c)
{
    int64_t now = sc__mono_ms();
    int64_t held = now - c->acquired_ms;
    if (p->o.held_warning_ms > 0 && held >= p->o.held_warning_ms && !c->held_warned) {
        c->held_warned = 1;
        emit_pool(p, c, SC_EVENT_HELD_TOO_LONG, held * 1000);
    }
    /* reset: the pool's statement timeout, and whatever the user left open is rolled back */
    if (c->timeout_ms != c->opts.statement_timeout_ms)
        sc_conn_set_statement_timeout(c, c->opts.statement_timeout_ms);
    c->tx_failed = 0; /* the rollback below ends any failed level */
    if (!c->broken && (c->depth > 0 || c->drv->in_tx(c))) {
        c->depth = 0;
        if (sc_conn_exec(c, "ROLLBACK") != SC_OK && c->drv->in_tx(c))
            c->broken = 1;
    }
    c->depth = 0;
    /* read-your-writes: where the WAL stood after this connection's writes */
    if (c->wrote && p->nreplicas && !c->broken) {
        uint64_t lsn = 0;
        if (sc_conn_wal_lsn(c, &lsn) == SC_OK) {
            pthread_mutex_lock(&p->mu);
            if (lsn > p->write_lsn)
                p->write_lsn = lsn;
            pthread_mutex_unlock(&p->mu);
        }
    }
    c->wrote = 0;
    int expired = p->o.max_lifetime_ms > 0 && now - c->created_ms >= p->o.max_lifetime_ms;
    pthread_mutex_lock(&p->mu);
    if (c->broken && p->parent)
        p->checked_ms = 0; /* a replica that lost a connection is checked again before use */
    p->in_use--;
    busy_remove(p, c);
    if (p->freeing) {
        /* sc_pool_free already ran: close, and free the pool with its last connection */
        int last = p->in_use == 0;
        pthread_mutex_unlock(&p->mu);
        sc_conn_close(c);
        if (last)
            pool_destroy(p);
        return;
    }
    if (c->broken || expired) {
        pthread_mutex_unlock(&p->mu);
        close_conn(p, c, 1);
        drop_slot(p, 1);
        return;
    }
    c->last_used_ms = now;
    if (p->whead) {
        waiter *w = p->whead;
        p->whead = w->next;
        if (!p->whead)
            p->wtail = NULL;
        w->conn = c;
        w->ready = 1;
        pthread_cond_signal(&w->cond);
    } else {
        c->pool_next = p->idle;
        p->idle = c;
        p->nidle++;
    }
    pthread_mutex_unlock(&p->mu);
}

unsigned sc_pool_host_count(sc_pool *p)
{
    return p ? 1 + p->nreplicas : 0;
}

int sc_pool_host_stats_get(sc_pool_host_stats *out, sc_pool *p, unsigned index)
{
    if (!out || !p || index > p->nreplicas)
        return SC_ERANGE;
    sc_pool *h = index == 0 ? p : p->replicas[index - 1];
    memset(out, 0, sizeof *out);
    sc_pool_stats_get(&out->conns, h);
    pthread_mutex_lock(&h->mu);
    snprintf(out->url, sizeof out->url, "%s", h->display);
    out->primary = index == 0;
    out->up = !h->down;
    out->in_recovery = h->in_recovery;
    out->lag_ms = h->lag_ms;
    out->lsn = index == 0 ? h->write_lsn : h->lsn;
    out->reads = h->reads;
    out->lag_skips = h->lag_skips;
    out->behind_skips = h->behind_skips;
    out->failures = h->failures;
    pthread_mutex_unlock(&h->mu);
    return SC_OK;
}

static int conn_error(int rc)
{
    return rc == SC_ECONNECTION || rc == SC_ECOMMITUNKNOWN;
}

int sc_pool_run(sc_pool *p, const sc_retry_options *opts, sc_tx_fn fn, void *payload,
                sc_error *err)
{
    sc_error_clear(err);
    if (!p || !fn)
        return sc__error_set(err, SC_EINVAL, "sc_pool_run: NULL argument");
    sc_retry_options o = SC_RETRY_OPTIONS_INIT;
    if (opts) {
        if (opts->version != SC_RETRY_OPTIONS_VERSION)
            return sc__error_set(err, SC_EINVAL, "sc_retry_options: unsupported version %u",
                                 opts->version);
        o = *opts;
    }
    unsigned attempts = o.max_attempts ? o.max_attempts : 1;
    sc_acquire_options ao = SC_ACQUIRE_OPTIONS_INIT;
    ao.read_only = o.read_only;
    /* connection errors are retried here, on a new connection; the rest by sc_tx_run */
    sc_retry_options inner = o;
    inner.idempotent = 0;
    int rc = SC_OK;
    int64_t delay = o.base_delay_us > 0 ? o.base_delay_us : 1000;
    for (unsigned a = 0; a < attempts; a++) {
        if (a > 0) {
            sc__sleep_us((int64_t)(sc__random_u64() % (uint64_t)(delay + 1)));
            if (delay < o.max_delay_us)
                delay *= 2;
        }
        sc_conn *c;
        rc = sc_pool_acquire_with(&c, p, &ao, err);
        if (rc != SC_OK) {
            if (o.idempotent && rc == SC_ECONNECTION)
                continue;
            return rc;
        }
        rc = sc_tx_run(c, &inner, fn, payload);
        if (rc != SC_OK)
            sc_error_copy(err, sc_conn_error(c));
        sc_pool_release(p, c);
        if (rc == SC_OK || !o.idempotent || !conn_error(rc))
            return rc;
    }
    return rc;
}

void sc_pool_stats_get(sc_pool_stats *out, sc_pool *p)
{
    pthread_mutex_lock(&p->mu);
    out->in_use = p->in_use;
    out->idle = p->nidle;
    out->waiting = p->waiting;
    out->acquired = p->acquired;
    out->timed_out = p->timed_out;
    out->created = p->created;
    out->closed = p->closed;
    pthread_mutex_unlock(&p->mu);
}

void sc_pool_free(sc_pool *p)
{
    if (!p)
        return;
    /* each replica's pool goes its own way: its last release frees it */
    for (unsigned i = 0; i < p->nreplicas; i++)
        sc_pool_free(p->replicas[i]);
    p->nreplicas = 0;
    pthread_mutex_lock(&p->mu);
    p->freeing = 1;
    while (p->idle) {
        sc_conn *c = p->idle;
        p->idle = c->pool_next;
        p->nidle--;
        sc_conn_close(c);
    }
    /* connections still acquired: the last sc_pool_release frees the pool */
    int busy = p->in_use > 0;
    pthread_mutex_unlock(&p->mu);
    if (!busy)
        pool_destroy(p);
}
