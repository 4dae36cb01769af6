/*
 * pool.c - a bounded connection pool with FIFO-fair, time-limited acquire.
 *
 * Fairness comes from handing connections over directly: a thread that
 * cannot get a connection at once queues a waiter (with its own condition
 * variable) and a released connection, or a free slot, goes to the oldest
 * waiter, never to whoever grabs the mutex first. Slow work (connecting,
 * validating, closing, rolling back) runs outside the mutex; `total`
 * counts slots, including ones whose connection is being opened.
 */
#include <errno.h>
#include <pthread.h>
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
    if (!url)
        url = getenv("DATABASE_URL");
    if (!url || !*url)
        return sc__error_set(err, SC_EINVAL, "no database URL (and DATABASE_URL is not set)");
    sc_pool *p = calloc(1, sizeof *p);
    if (!p)
        return sc__error_set(err, SC_ENOMEM, "out of memory");
    p->url = strdup(url);
    if (!p->url || pthread_mutex_init(&p->mu, NULL) != 0) {
        free(p->url);
        free(p);
        return sc__error_set(err, SC_ENOMEM, "out of memory");
    }
    p->o = o;
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

/* Open a connection for a slot already counted in total. */
static int open_in_slot(sc_pool *p, sc_conn **out, sc_error *err)
{
    int rc = sc__conn_open_url(out, p->url, &p->o.conn, err);
    if (rc != SC_OK) {
        drop_slot(p, 0);
        return rc;
    }
    pthread_mutex_lock(&p->mu);
    p->created++;
    pthread_mutex_unlock(&p->mu);
    return SC_OK;
}

/*
 * Make C fit for use: close it when too old or idle too long, check it when
 * it idled past validate_idle_ms or saw a connection error, and open a
 * replacement in the same slot when needed.
 */
static int make_ready(sc_pool *p, sc_conn **cp, sc_error *err)
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
    return open_in_slot(p, cp, err);
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

int sc_pool_acquire_timeout(sc_conn **out, sc_pool *p, int64_t timeout_ms, sc_error *err)
{
    sc_error_clear(err);
    if (!out || !p)
        return sc__error_set(err, SC_EINVAL, "sc_pool_acquire: NULL argument");
    *out = NULL;
    sc_conn *c = NULL;
    int rc;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        if (!p->whead && p->idle) {
            c = p->idle;
            p->idle = c->pool_next;
            c->pool_next = NULL;
            p->nidle--;
            pthread_mutex_unlock(&p->mu);
            rc = make_ready(p, &c, err);
            break;
        }
        if (!p->whead && p->total < p->o.max_size) {
            p->total++;
            pthread_mutex_unlock(&p->mu);
            rc = open_in_slot(p, &c, err);
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
            rc = make_ready(p, &c, err);
        } else {
            rc = open_in_slot(p, &c, err);
        }
        break;
    }
    if (rc != SC_OK)
        return rc;
    int64_t now = sc__mono_ms();
    c->acquired_ms = now;
    c->held_warned = 0;
    sc_error_clear(&c->err);
    pthread_mutex_lock(&p->mu);
    p->in_use++;
    p->acquired++;
    busy_add(p, c);
    pthread_mutex_unlock(&p->mu);
    *out = c;
    return SC_OK;
}

int sc_pool_acquire(sc_conn **out, sc_pool *p, sc_error *err)
{
    return sc_pool_acquire_timeout(out, p, p ? p->o.acquire_timeout_ms : 0, err);
}

static void pool_destroy(sc_pool *p)
{
    pthread_mutex_destroy(&p->mu);
    free(p->url);
    free(p);
}

void sc_pool_release(sc_pool *p, sc_conn *c)
{
    if (!p || !c)
        return;
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
    int expired = p->o.max_lifetime_ms > 0 && now - c->created_ms >= p->o.max_lifetime_ms;
    pthread_mutex_lock(&p->mu);
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
