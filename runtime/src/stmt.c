/*
 * stmt.c - the engine-independent statement layer: the per-connection
 * prepared-statement cache (hash of SQL text + LRU list), parameter and
 * column type conversion, and the per-statement observability event.
 *
 * Hot paths (cache hit, bind, step, typed read, release) are written for
 * a few instructions on top of the driver call: SQLite statements go
 * straight to the inline sqlite3 calls of driver_sqlite_hot.h, PostgreSQL
 * typed reads and the rows of a fetched result to driver_pg_hot.h, and
 * with no hook set the observability costs one branch per step. Public functions
 * call static helpers rather than each other, since in a shared library
 * (-fPIC) the compiler may not inline one exported function into another.
 */
/* This file compiles the exported sc_stmt_* functions (schemac/stmt_inline.h). */
#define SC__RUNTIME_BUILD 1

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver_pg_hot.h"
#include "driver_sqlite_hot.h"
#include "internal.h"

/* The inline functions of schemac/stmt_inline.h read the statement through its first member. */
_Static_assert(offsetof(struct sc_stmt, h) == 0, "sc__stmt_hot must head struct sc_stmt");

/* ---- scratch memory for converted column values ---- */

void *sc__scratch(sc_stmt *st, size_t size)
{
    sc__chunk *ch = malloc(sizeof *ch + size);
    if (!ch)
        return NULL;
    ch->next = st->scratch;
    st->scratch = ch;
    st->h.slow |= SC__SLOW_SCRATCH;
    return ch->data;
}

void sc__scratch_free(sc_stmt *st)
{
    while (st->scratch) {
        sc__chunk *n = st->scratch->next;
        free(st->scratch);
        st->scratch = n;
    }
    st->h.slow &= ~SC__SLOW_SCRATCH;
}

/* ---- observability ---- */

void sc__emit(sc_conn *c, const sc_event *ev)
{
    if (!c->opts.hook)
        return;
    sc_event e = *ev;
    e.slow = c->opts.slow_threshold_us > 0 && e.duration_us >= c->opts.slow_threshold_us;
    c->opts.hook(&e, c->opts.hook_payload);
}

static SC__NOINLINE void stmt_report(sc_stmt *st, int rc)
{
    sc_conn *c = st->conn;
    sc_event ev = { SC_EVENT_STATEMENT, c->drv->dialect, st->sql, st->exec_us,
                    st->rows > 0 ? st->rows : st->h.changes, 0, rc < 0 ? rc : SC_OK,
                    rc < 0 ? &c->err : NULL };
    sc__emit(c, &ev);
}

/* The statement finished (done, failed or was reset): report it once. */
static inline void stmt_finish(sc_stmt *st, int rc)
{
    if (!st->h.active)
        return;
    st->h.active = 0;
    if (st->conn->opts.hook)
        stmt_report(st, rc);
}

/* ---- the cache ---- */

static uint64_t hash_sql(const char *s, size_t n)
{
    uint64_t h = UINT64_C(1469598103934665603);
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

/* The by_ptr slot of an SQL address: a multiplicative hash, since literals sit close together. */
static inline unsigned ptr_slot(const char *sql)
{
    return (unsigned)(((uint64_t)(uintptr_t)sql * UINT64_C(0x9E3779B97F4A7C15)) >> 58) %
           SC__PTR_SLOTS;
}

static void lru_unlink(sc_conn *c, sc_stmt *st)
{
    if (st->lprev)
        st->lprev->lnext = st->lnext;
    else
        c->lru_head = st->lnext;
    if (st->lnext)
        st->lnext->lprev = st->lprev;
    else
        c->lru_tail = st->lprev;
    st->lprev = st->lnext = NULL;
}

static void lru_push_front(sc_conn *c, sc_stmt *st)
{
    st->lprev = NULL;
    st->lnext = c->lru_head;
    if (c->lru_head)
        c->lru_head->lprev = st;
    c->lru_head = st;
    if (!c->lru_tail)
        c->lru_tail = st;
}

/*
 * Statements in use outside the cache (a second copy of a busy statement, or
 * one evicted while in use) are kept on c->loose, so that a failed
 * transaction can reach every statement in use (sc__stmt_flag_in_use).
 */
static void loose_add(sc_conn *c, sc_stmt *st)
{
    st->lprev = NULL;
    st->lnext = c->loose;
    if (c->loose)
        c->loose->lprev = st;
    c->loose = st;
}

static void loose_remove(sc_conn *c, sc_stmt *st)
{
    if (st->lprev)
        st->lprev->lnext = st->lnext;
    else if (c->loose == st)
        c->loose = st->lnext;
    if (st->lnext)
        st->lnext->lprev = st->lprev;
    st->lprev = st->lnext = NULL;
}

void sc__stmt_flag_in_use(sc_conn *c)
{
    for (sc_stmt *st = c->lru_head; st; st = st->lnext)
        if (st->h.in_use)
            st->h.slow |= SC__SLOW_TXFAIL;
    for (sc_stmt *st = c->loose; st; st = st->lnext)
        st->h.slow |= SC__SLOW_TXFAIL;
}

static void stmt_destroy(sc_stmt *st)
{
    if (!st->h.cached)
        loose_remove(st->conn, st);
    free(st->bind_err);
    sc__scratch_free(st);
    st->conn->drv->finalize(st);
    free(st->sql);
    free(st);
}

/* Take ST out of the cache (it stays alive if in use and is freed on release). */
static void cache_remove(sc_stmt *st)
{
    sc_conn *c = st->conn;
    if (!st->h.cached)
        return;
    sc_stmt **pp = &c->buckets[st->hash % SC__CACHE_BUCKETS];
    while (*pp && *pp != st)
        pp = &(*pp)->hnext;
    if (*pp)
        *pp = st->hnext;
    st->hnext = NULL;
    lru_unlink(c, st);
    /* every address it was found under (one text may come from several), not just the last */
    for (unsigned i = 0; i < SC__PTR_SLOTS; i++)
        if (c->by_ptr[i] == st)
            c->by_ptr[i] = NULL;
    if (st->site && st->site < c->nsites && c->sites[st->site] == st)
        c->sites[st->site] = NULL;
    st->site = 0;
    st->site_ptr = NULL;
    st->h.cached = 0;
    c->ncached--;
    if (st->h.in_use)
        loose_add(c, st);
}

void sc__stmt_evict(sc_stmt *st)
{
    cache_remove(st);
    if (!st->h.in_use)
        stmt_destroy(st);
}

void sc__stmt_cache_clear(sc_conn *c)
{
    while (c->lru_head) {
        sc_stmt *st = c->lru_head;
        cache_remove(st);
        stmt_destroy(st);
    }
    free(c->sites);
    c->sites = NULL;
    c->nsites = 0;
}

void sc__stmt_cache_evict_idle(sc_conn *c)
{
    for (sc_stmt *st = c->lru_head, *next; st; st = next) {
        next = st->lnext;
        if (!st->h.in_use)
            sc__stmt_evict(st);
    }
}

static void cache_trim(sc_conn *c)
{
    sc_stmt *st = c->lru_tail;
    while (c->ncached > c->opts.stmt_cache_size && st) {
        sc_stmt *prev = st->lprev;
        if (!st->h.in_use)
            sc__stmt_evict(st);
        st = prev;
    }
}

/* Not in the cache under this address, or in use: find by text or prepare. */
static SC__NOINLINE int prepare_slow(sc_stmt **out, sc_conn *c, const char *sql, sc_stmt **slot)
{
    size_t n = strlen(sql);
    uint64_t h = hash_sql(sql, n);
    int busy_twin = 0;
    for (sc_stmt *st = c->buckets[h % SC__CACHE_BUCKETS]; st; st = st->hnext) {
        if (st->hash != h || st->sql_len != n || memcmp(st->sql, sql, n) != 0)
            continue;
        if (st->h.in_use) {
            busy_twin = 1;
            continue;
        }
        st->h.in_use = 1;
        st->sql_ptr = sql;
        *slot = st;
        if (c->lru_head != st) {
            lru_unlink(c, st);
            lru_push_front(c, st);
        }
        *out = st;
        return SC_OK;
    }
    sc_stmt *st = calloc(1, sizeof *st);
    if (!st)
        return sc__conn_fail(c, SC_ENOMEM, "out of memory");
    st->sql = malloc(n + 1);
    if (!st->sql) {
        free(st);
        return sc__conn_fail(c, SC_ENOMEM, "out of memory");
    }
    memcpy(st->sql, sql, n + 1);
    st->sql_len = n;
    st->hash = h;
    st->conn = c;
    int64_t t0 = c->opts.hook ? sc__mono_us() : 0;
    int rc = c->drv->prepare(st);
    if (rc != SC_OK) {
        /* a statement that fails to prepare is a failed statement for the hook too */
        if (c->opts.hook) {
            sc_event ev = { SC_EVENT_STATEMENT, c->drv->dialect, sql, sc__mono_us() - t0, 0, 0,
                            rc, &c->err };
            sc__emit(c, &ev);
        }
        free(st->sql);
        free(st);
        sc__tx_fail(c);
        return rc;
    }
    st->h.in_use = 1;
    if (c->opts.hook)
        st->h.slow |= SC__SLOW_HOOK;
    /* a second copy of a statement already in use (re-entrant use) is not cached */
    if (!busy_twin) {
        st->h.cached = 1;
        st->sql_ptr = sql;
        *slot = st;
        st->hnext = c->buckets[h % SC__CACHE_BUCKETS];
        c->buckets[h % SC__CACHE_BUCKETS] = st;
        lru_push_front(c, st);
        c->ncached++;
        cache_trim(c);
    } else {
        loose_add(c, st);
    }
    *out = st;
    return SC_OK;
}

static inline int prepare_impl(sc_stmt **out, sc_conn *c, const char *sql)
{
    if (!out || !c || !sql)
        return c ? sc__conn_fail(c, SC_EINVAL, "sc_stmt_prepare: NULL argument") : SC_EINVAL;
    *out = NULL;
    c->err.code = SC_OK;
    if (c->broken)
        return sc__conn_fail(c, SC_ECONNECTION, "connection lost");
    if (c->tx_failed)
        return sc__tx_refuse(c, sql);
    /*
     * Fast path: generated code passes string literals, so the SQL address
     * finds the statement without hashing. The text is still compared,
     * since a caller may reuse one buffer for different SQL; on a mismatch
     * the lookup falls back to the hash of the text.
     */
    sc_stmt **slot = &c->by_ptr[ptr_slot(sql)];
    sc_stmt *hit = *slot;
    if (hit && hit->sql_ptr == sql && !hit->h.in_use && strcmp(hit->sql, sql) == 0) {
        hit->h.in_use = 1;
        if (c->lru_head != hit) {
            lru_unlink(c, hit);
            lru_push_front(c, hit);
        }
        *out = hit;
        return SC_OK;
    }
    return prepare_slow(out, c, sql, slot);
}

int sc_stmt_prepare(sc_stmt **out, sc_conn *c, const char *sql)
{
    return prepare_impl(out, c, sql);
}

int sc_stmt_prepare2(sc_stmt **out, sc_conn *c, const char *sqlite_sql, const char *pg_sql)
{
    if (!c)
        return SC_EINVAL;
    return prepare_impl(out, c, c->drv->dialect == SC_DIALECT_POSTGRES ? pg_sql : sqlite_sql);
}

/* ---- call sites (sc_stmt_site) ---- */

/* Process-wide site numbers; 0 means "not numbered yet". */
static unsigned g_site_next;

/* Sites past this number are served by the text cache alone (a program making sites at run time). */
enum { SC__MAX_SITES = 1 << 16 };

static unsigned site_id(sc_stmt_site *site)
{
    unsigned id = __atomic_load_n(&site->id, __ATOMIC_RELAXED);
    if (id)
        return id;
    unsigned fresh = __atomic_add_fetch(&g_site_next, 1, __ATOMIC_RELAXED);
    unsigned expected = 0;
    /* two threads numbering one site at once: the first number wins, the other is never used */
    if (__atomic_compare_exchange_n(&site->id, &expected, fresh, 0, __ATOMIC_RELAXED,
                                    __ATOMIC_RELAXED))
        return fresh;
    return expected;
}

/* Prepare TEXT (the text cache) and file the statement under SITE's number. */
static int prepare_site_text(sc_stmt **out, sc_conn *c, sc_stmt_site *site, const char *text)
{
    unsigned id = site_id(site);
    int rc = prepare_impl(out, c, text);
    if (rc != SC_OK)
        return rc;
    sc_stmt *st = *out;
    /* a second copy of a busy statement is not cached; one statement serves one site */
    if (!st->h.cached || id >= SC__MAX_SITES || (st->site && st->site_ptr != site))
        return SC_OK;
    if (id >= c->nsites) {
        unsigned n = c->nsites ? c->nsites : 64;
        while (n <= id)
            n *= 2;
        sc_stmt **grown = realloc(c->sites, n * sizeof *grown);
        if (!grown)
            return SC_OK; /* the text cache still serves this site */
        memset(grown + c->nsites, 0, (n - c->nsites) * sizeof *grown);
        c->sites = grown;
        c->nsites = n;
    }
    c->sites[id] = st;
    st->site = id;
    st->site_ptr = site;
    return SC_OK;
}

/* PARTS (NULL-terminated) joined into one malloc'd text, or NULL. */
static char *join_parts(const char *const *parts)
{
    size_t len = 0;
    for (size_t i = 0; parts[i]; i++)
        len += strlen(parts[i]);
    char *text = malloc(len + 1);
    if (!text)
        return NULL;
    size_t off = 0;
    for (size_t i = 0; parts[i]; i++) {
        size_t n = strlen(parts[i]);
        memcpy(text + off, parts[i], n);
        off += n;
    }
    text[off] = '\0';
    return text;
}

/*
 * The text of SITE for C's dialect: as written, or made (joined from
 * pieces, placeholders written for PostgreSQL) into *OWNED, which the
 * caller frees. NULL when out of memory or the site has no text.
 */
const char *sc__site_text(const sc_conn *c, const sc_stmt_site *site, char **owned)
{
    bool pg = c->drv->dialect == SC_DIALECT_POSTGRES;
    *owned = NULL;
    if (site->sqlite_sql)
        return pg && site->pg_sql ? site->pg_sql : pg ? (*owned = sc_sql_to_pg(site->sqlite_sql)) : site->sqlite_sql;
    if (!site->pg_sql)
        return NULL;
    const sc_stmt_parts *parts = (const sc_stmt_parts *)(const void *)site->pg_sql;
    if (pg && parts->pg)
        return *owned = join_parts(parts->pg);
    char *lite = join_parts(parts->sqlite);
    if (!pg || !lite)
        return *owned = lite;
    *owned = sc_sql_to_pg(lite);
    free(lite);
    return *owned;
}

/* Not found by number: take the statement from the text cache and file it under the site. */
static SC__NOINLINE int prepare_site_slow(sc_stmt **out, sc_conn *c, sc_stmt_site *site)
{
    if (!out || !c || !site)
        return c ? sc__conn_fail(c, SC_EINVAL, "sc_stmt_prepare_site: NULL argument") : SC_EINVAL;
    if (!site->sqlite_sql && !site->pg_sql) {
        *out = NULL;
        return sc__conn_fail(c, SC_EINVAL, "sc_stmt_prepare_site: a site without text");
    }
    char *owned = NULL;
    const char *text = sc__site_text(c, site, &owned);
    if (!text) {
        *out = NULL;
        return sc__conn_fail(c, SC_ENOMEM, "out of memory");
    }
    int rc = prepare_site_text(out, c, site, text);
    free(owned);
    return rc;
}

/* The statement filed under SITE on C, when it is there and free: SC_OK, else SC_ENOTFOUND. */
static inline int site_lookup(sc_stmt **out, sc_conn *c, sc_stmt_site *site)
{
    if (SC__LIKELY(out && c && site && !(c->broken | c->tx_failed))) {
        unsigned id = __atomic_load_n(&site->id, __ATOMIC_RELAXED);
        sc_stmt *st = id < c->nsites ? c->sites[id] : NULL;
        /* the address too: a copy of a site carries its number but not its SQL */
        if (SC__LIKELY(st && st->site_ptr == site && !st->h.in_use)) {
            st->h.in_use = 1;
            c->err.code = SC_OK;
            if (c->lru_head != st) {
                lru_unlink(c, st);
                lru_push_front(c, st);
            }
            *out = st;
            return SC_OK;
        }
    }
    return SC_ENOTFOUND;
}

int sc__stmt_prepare_site_cached(sc_stmt **out, sc_conn *c, sc_stmt_site *site)
{
    return site_lookup(out, c, site);
}

int sc__stmt_prepare_site_text(sc_stmt **out, sc_conn *c, sc_stmt_site *site, const char *text)
{
    return prepare_site_text(out, c, site, text);
}

int sc_stmt_prepare_site(sc_stmt **out, sc_conn *c, sc_stmt_site *site)
{
    if (SC__LIKELY(site_lookup(out, c, site) == SC_OK))
        return SC_OK;
    return prepare_site_slow(out, c, site);
}

/* ---- failed binds ---- */

/*
 * A bind that fails leaves its parameter without the value the caller meant,
 * so the statement must not run: it is "poisoned" (SC__SLOW_POISON sends
 * its steps and binds to the library) and every step returns the bind's
 * error until that parameter is bound again successfully, or the bindings
 * are cleared (sc_stmt_clear_bindings, sc_stmt_release). A bind out of range
 * names no parameter, so only a clear heals it. The same on both engines.
 */
static void unpoison(sc_stmt *st)
{
    st->bad = 0;
    st->bad_other = 0;
    free(st->bind_err);
    st->bind_err = NULL;
    st->h.slow &= ~SC__SLOW_POISON;
    /* the inline binds may set every parameter again (SQLite) */
    st->h.nbind = st->h.sq ? st->nparams : 0;
}

/* A bind of IDX ended with RC (the error already in the connection): record or heal. */
static SC__NOINLINE int bind_settle(sc_stmt *st, int idx, int rc)
{
    uint64_t bit = (unsigned)idx - 1u < 64u ? UINT64_C(1) << (idx - 1) : 0;
    if (rc == SC_OK) {
        st->bad &= ~bit;
        if (!st->bad && !st->bad_other)
            unpoison(st);
        return SC_OK;
    }
    if (bit && idx <= st->nparams)
        st->bad |= bit;
    else
        st->bad_other = 1;
    if (!st->bind_err) {
        st->bind_err = malloc(sizeof *st->bind_err);
        if (st->bind_err)
            sc_error_copy(st->bind_err, &st->conn->err);
    }
    st->h.slow |= SC__SLOW_POISON;
    st->h.nbind = 0; /* binds go through the library, which heals */
    return rc;
}

/* Every bind's end: the common case (success, nothing poisoned) is one test. */
static inline int bind_done(sc_stmt *st, int idx, int rc)
{
    if (SC__LIKELY(rc == SC_OK && !(st->h.slow & SC__SLOW_POISON)))
        return SC_OK;
    return bind_settle(st, idx, rc);
}

/* ---- release ---- */

static SC__NOINLINE void release_generic(sc_stmt *st)
{
    st->conn->drv->reset(st);
    st->conn->drv->clear_bindings(st);
}

void sc__x_release(sc_stmt *st)
{
    if (!st)
        return;
    if (st->h.active)
        stmt_finish(st, SC_OK);
    if (st->h.slow & SC__SLOW_POISON)
        unpoison(st);
    if (st->h.sq) {
        sc__sq_release(st);
    } else {
        release_generic(st);
    }
    if (st->scratch)
        sc__scratch_free(st);
    st->h.in_use = 0;
    if (!st->h.cached)
        stmt_destroy(st);
}

void sc_stmt_release(sc_stmt *st)
{
    sc__i_release(st);
}

const char *sc_stmt_sql(const sc_stmt *st)
{
    return st->sql;
}

int sc_stmt_param_count(const sc_stmt *st)
{
    return st->nparams;
}

/* ---- binding ---- */

static int reset_impl(sc_stmt *st);

static SC__NOINLINE int bind_range(sc_stmt *st, int idx)
{
    return bind_settle(st, idx,
                       sc__conn_fail(st->conn, SC_EINVAL, "parameter %d out of range (1..%d)", idx,
                                     st->nparams));
}

/*
 * Text never holds a NUL byte, on either engine: PostgreSQL cannot store
 * one, so SQLite refuses it too and the same program behaves the same on
 * both (bind such data as bytes).
 */
static SC__NOINLINE int bind_nul(sc_stmt *st, int idx)
{
    return bind_settle(st, idx,
                       sc__conn_fail(st->conn, SC_EINVAL,
                                     "text parameter %d contains a NUL byte (text cannot hold one; "
                                     "bind bytes instead)",
                                     idx));
}

/* The checks every bind makes: SC_OK to go on, else the code to return. */
static inline int bind_check(sc_stmt *st, int idx)
{
    if (!st)
        return SC_EINVAL;
    if ((unsigned)idx - 1u >= (unsigned)st->nparams)
        return bind_range(st, idx);
    if (st->h.active)
        reset_impl(st);
    return SC_OK;
}

int sc__bind_int_keys(sc_stmt *st, int idx, const int64_t *v, size_t n)
{
    int rc = bind_check(st, idx);
    if (rc != SC_OK)
        return rc;
    if (!st->h.sq) {
        rc = sc__pg_bind_int_array(st, idx - 1, v, n);
        if (rc != SC__READ_OTHER)
            return bind_done(st, idx, rc);
    }
    sc_array a;
    sc_array_init(&a, sc_array_style_for(st->conn));
    for (size_t i = 0; i < n; i++)
        sc_array_int(&a, v[i]);
    return sc_stmt_bind_array(st, idx, &a);
}

/* The driver's bind, for PostgreSQL and the conversions (out of the hot path). */
static SC__NOINLINE int bind_generic(sc_stmt *st, int idx, sc__kind kind, int64_t i, double d,
                                     const void *p, size_t n)
{
    sc__val v = { kind, i, d, p, n };
    return st->conn->drv->bind(st, idx, &v);
}

static int bind_val(sc_stmt *st, int idx, const sc__val *v)
{
    int rc = bind_check(st, idx);
    if (rc != SC_OK)
        return rc;
    return bind_done(st, idx, st->conn->drv->bind(st, idx, v));
}

static inline int bind_null(sc_stmt *st, int idx)
{
    int rc = bind_check(st, idx);
    if (rc != SC_OK)
        return rc;
    if (SC__LIKELY(st->h.sq))
        return bind_done(st, idx, sc__sq_bind_null(st, idx));
    return bind_done(st, idx, bind_generic(st, idx, SC__NULL, 0, 0, NULL, 0));
}

static inline int bind_int(sc_stmt *st, int idx, sc__kind kind, int64_t i)
{
    int rc = bind_check(st, idx);
    if (rc != SC_OK)
        return rc;
    if (SC__LIKELY(st->h.sq))
        return bind_done(st, idx, sc__sq_bind_int64(st, idx, i));
    /* PostgreSQL: an integer parameter in binary, written where the driver keeps it */
    if (kind == SC__INT && st->params && sc__pg_set_int(st, idx - 1, i))
        return bind_done(st, idx, SC_OK);
    return bind_done(st, idx, bind_generic(st, idx, kind, i, 0, NULL, 0));
}

static inline int bind_text(sc_stmt *st, int idx, const char *s, long len)
{
    if (!s)
        return bind_null(st, idx);
    size_t n = len < 0 ? strlen(s) : (size_t)len;
    int rc = bind_check(st, idx);
    if (rc != SC_OK)
        return rc;
    if (len >= 0 && memchr(s, '\0', n))
        return bind_nul(st, idx);
    if (SC__LIKELY(st->h.sq))
        return bind_done(st, idx, sc__sq_bind_text(st, idx, s, n));
    return bind_done(st, idx, bind_generic(st, idx, SC__TEXT, 0, 0, s, n));
}

/* The library's side of the inline binds: PostgreSQL, errors, a statement mid-execution. */
int sc__x_bind_null(sc_stmt *st, int idx)
{
    return bind_null(st, idx);
}

int sc__x_bind_bool(sc_stmt *st, int idx, bool b)
{
    return bind_int(st, idx, SC__BOOL, b ? 1 : 0);
}

static SC__NOINLINE int bind_int64_full(sc_stmt *st, int idx, int64_t i)
{
    return bind_int(st, idx, SC__INT, i);
}

int sc__x_bind_int64(sc_stmt *st, int idx, int64_t i)
{
    /* PostgreSQL's common case first (no call: nothing to save): a statement not on a row and not poisoned, an
       integer parameter in binary */
    if (SC__LIKELY(st && !st->h.sq && !st->h.active && !(st->h.slow & SC__SLOW_POISON) &&
                   (unsigned)idx - 1u < (unsigned)st->nparams && st->params && sc__pg_set_int(st, idx - 1, i)))
        return SC_OK;
    return bind_int64_full(st, idx, i);
}

int sc__x_bind_double(sc_stmt *st, int idx, double d)
{
    int rc = bind_check(st, idx);
    if (rc != SC_OK)
        return rc;
    if (SC__LIKELY(st->h.sq))
        return bind_done(st, idx, sc__sq_bind_double(st, idx, d));
    return bind_done(st, idx, bind_generic(st, idx, SC__FLOAT, 0, d, NULL, 0));
}

int sc__x_bind_text(sc_stmt *st, int idx, const char *s, long len, int copy)
{
    if (!s)
        return bind_null(st, idx);
    size_t n = len < 0 ? strlen(s) : (size_t)len;
    int rc = bind_check(st, idx);
    if (rc != SC_OK)
        return rc;
    if (len >= 0 && memchr(s, '\0', n))
        return bind_nul(st, idx);
    if (SC__LIKELY(st->h.sq)) {
        /* SQLITE_STATIC without COPY: the caller keeps S alive (sc_stmt_bind_text_ref) */
        sc__sq_mark(st, idx);
        if (copy && n > SC__I_BIG)
            st->h.slow |= SC__SLOW_BIG;
        return bind_done(st, idx,
                         sc__sq_rc(st, sqlite3_bind_text64(sc__sq(st), idx, s, n,
                                                           copy ? SQLITE_TRANSIENT : SQLITE_STATIC,
                                                           SQLITE_UTF8)));
    }
    return bind_done(st, idx, bind_generic(st, idx, SC__TEXT, 0, 0, s, n));
}

int sc__x_bind_blob(sc_stmt *st, int idx, const void *data, size_t len)
{
    if (!data && len)
        return bind_null(st, idx);
    int rc = bind_check(st, idx);
    if (rc != SC_OK)
        return rc;
    if (SC__LIKELY(st->h.sq)) {
        if (len > SC__I_BIG)
            st->h.slow |= SC__SLOW_BIG;
        return bind_done(st, idx, sc__sq_bind_blob(st, idx, data ? data : "", len));
    }
    return bind_done(st, idx, bind_generic(st, idx, SC__BLOB, 0, 0, data ? data : "", len));
}

/* An inline bind's sqlite3_bind_* of IDX failed with RC. */
int sc__x_bind_fail(sc_stmt *st, int idx, int rc)
{
    return bind_settle(st, idx, sc__sqlite_fail(st->conn, rc));
}

int sc_stmt_bind_null(sc_stmt *st, int idx)
{
    return sc__i_bind_null(st, idx);
}

int sc_stmt_bind_bool(sc_stmt *st, int idx, bool b)
{
    return sc__i_bind_bool(st, idx, b);
}

int sc_stmt_bind_int32(sc_stmt *st, int idx, int32_t i)
{
    return sc__i_bind_int64(st, idx, i);
}

int sc_stmt_bind_int64(sc_stmt *st, int idx, int64_t i)
{
    return sc__i_bind_int64(st, idx, i);
}

int sc_stmt_bind_double(sc_stmt *st, int idx, double d)
{
    return sc__i_bind_double(st, idx, d);
}

int sc_stmt_bind_text(sc_stmt *st, int idx, const char *s, long len)
{
    return sc__i_bind_text(st, idx, s, len, 1);
}

int sc_stmt_bind_text_ref(sc_stmt *st, int idx, const char *s, long len)
{
    return sc__i_bind_text(st, idx, s, len, 0);
}

int sc_stmt_bind_blob(sc_stmt *st, int idx, const void *data, size_t len)
{
    return sc__i_bind_blob(st, idx, data, len);
}

int sc_stmt_bind_timestamp(sc_stmt *st, int idx, sc_timestamp ts)
{
    /* SQLite storing Unix milliseconds: an integer bind, inline like the others */
    if (st && st->h.sq && st->conn->opts.sqlite_time_format == SC_SQLITE_TIME_UNIXEPOCH_MS) {
        int rc = bind_check(st, idx);
        if (rc != SC_OK)
            return rc;
        return bind_done(st, idx, sc__sq_bind_int64(st, idx, sc_timestamp_to_unix_ms(ts)));
    }
    if (st && st->h.sq) {
        /* SQLite's text form, written here and bound as a copy (the driver's bind without its dispatch) */
        int rc = bind_check(st, idx);
        return rc == SC_OK ? bind_done(st, idx, sc__sq_bind_time_text(st, idx, ts)) : rc;
    }
    sc__val v = { SC__TIMESTAMP, ts, 0, NULL, 0 };
    return bind_val(st, idx, &v);
}

int sc_stmt_bind_decimal(sc_stmt *st, int idx, const char *text)
{
    return bind_text(st, idx, text, -1);
}

int sc_stmt_bind_json(sc_stmt *st, int idx, const char *text)
{
    return bind_text(st, idx, text, -1);
}

int sc_stmt_clear_bindings(sc_stmt *st)
{
    if (!st)
        return SC_EINVAL;
    if (st->h.active)
        reset_impl(st);
    if (st->h.slow & SC__SLOW_POISON)
        unpoison(st);
    return st->conn->drv->clear_bindings(st);
}

/* ---- running ---- */

/*
 * Step with the hook's bookkeeping (duration, rows, the event at the end);
 * without a hook none of it is kept, so the plain path stays short.
 */
static SC__NOINLINE int step_hooked(sc_stmt *st, int first)
{
    if (first) {
        st->rows = 0;
        st->exec_us = 0;
    }
    int64_t t0 = sc__mono_us();
    int rc = st->h.sq ? sc__sq_step(st) : st->conn->drv->step(st);
    st->exec_us += sc__mono_us() - t0;
    if (rc == SC_ROW) {
        st->rows++;
        return rc;
    }
    stmt_finish(st, rc);
    if (rc < 0)
        sc__tx_fail(st->conn);
    return rc;
}


/* A poisoned statement (a failed bind) is stepped: it does not run; the bind's error. */
static SC__NOINLINE int step_poisoned(sc_stmt *st)
{
    sc_conn *c = st->conn;
    if (st->h.active)
        reset_impl(st);
    const sc_error *e = st->bind_err;
    int code = e ? e->code : SC_EINVAL;
    sc__conn_fail(c, code, "not run: a parameter failed to bind (%s)",
                  e ? e->message : "out of memory");
    if (c->opts.hook) {
        sc_event ev = { SC_EVENT_STATEMENT, c->drv->dialect, st->sql, 0, 0, 0, code, &c->err };
        sc__emit(c, &ev);
    }
    sc__tx_fail(c);
    return code;
}

/*
 * Before a step, the rare cases: a failed bind (the statement does not run)
 * or a failed transaction (no statement runs). SC_OK: go on.
 */
static SC__NOINLINE int step_blocked(sc_stmt *st)
{
    sc_conn *c = st->conn;
    if (c->tx_failed) {
        /* the flag stays (the inline step must keep coming here) until the level is rolled back */
        st->h.slow |= SC__SLOW_TXFAIL;
        if (st->h.active)
            reset_impl(st);
        return sc__tx_refuse(c, st->sql);
    }
    st->h.slow &= ~SC__SLOW_TXFAIL;
    if (st->h.slow & SC__SLOW_POISON)
        return step_poisoned(st);
    return SC_OK;
}

static inline int step_impl(sc_stmt *st)
{
    if (!st)
        return SC_EINVAL;
    sc_conn *c = st->conn;
    if (SC__UNLIKELY((st->h.slow & (SC__SLOW_POISON | SC__SLOW_TXFAIL)) | c->tx_failed)) {
        int rc = step_blocked(st);
        if (rc != SC_OK)
            return rc;
    }
    if (st->scratch)
        sc__scratch_free(st);
    int first = !st->h.active;
    if (first) {
        if (st->h.need & ~st->h.bound)
            sc__sq_unstale(st);
        st->h.active = 1;
        st->h.changes = 0;
        c->err.code = SC_OK;
    }
    if (c->opts.hook)
        return step_hooked(st, first);
    int rc = SC__LIKELY(st->h.sq) ? sc__sq_step(st) : c->drv->step(st);
    if (rc != SC_ROW) {
        st->h.active = 0; /* finished: nothing to report without a hook */
        if (rc < 0)
            sc__tx_fail(c);
    }
    return rc;
}

static SC__NOINLINE int step_full(sc_stmt *st)
{
    return step_impl(st);
}


/* The library's side of the inline step: the first step after an acquire, hooks, PostgreSQL. */
int sc__x_step(sc_stmt *st)
{
    /* PostgreSQL: the rows of a result in hand need no more than a count (no registers to save) */
    if (SC__LIKELY(st && sc__pg_next_row(st)))
        return SC_ROW;
    return step_full(st);
}

/* An inline SQLite step ended with RC other than SQLITE_ROW. */
int sc__x_step_end(sc_stmt *st, int rc)
{
    st->h.active = 0;
    if (SC__LIKELY(rc == SQLITE_DONE))
        return sc__sqlite_step_other(st, rc);
    st->h.changes = 0;
    int code = sc__sqlite_step_other(st, rc);
    if (code < 0)
        sc__tx_fail(st->conn);
    return code;
}

int sc__x_not_found(sc_stmt *st)
{
    return sc__conn_fail(st->conn, SC_ENOTFOUND, "no row found");
}

int sc__x_conflict(sc_stmt *st)
{
    return sc__conn_fail(st->conn, SC_ECONFLICT,
                         "version conflict: no row matched the key and version");
}

int sc_stmt_step(sc_stmt *st)
{
    return sc__i_step(st);
}

int sc_stmt_exec(sc_stmt *st)
{
    return sc__i_exec(st);
}

int sc_stmt_step_versioned(sc_stmt *st)
{
    return sc__i_step_versioned(st);
}

int sc_stmt_step_one(sc_stmt *st)
{
    return sc__i_step_one(st);
}

static int reset_impl(sc_stmt *st)
{
    if (st->h.active)
        stmt_finish(st, SC_OK);
    if (st->scratch)
        sc__scratch_free(st);
    if (st->h.sq) {
        sc__sq_reset(st);
        return SC_OK;
    }
    return st->conn->drv->reset(st);
}

int sc__x_reset(sc_stmt *st)
{
    if (!st)
        return SC_EINVAL;
    return reset_impl(st);
}

int sc_stmt_reset(sc_stmt *st)
{
    return sc__i_reset(st);
}

int64_t sc_stmt_changes(const sc_stmt *st)
{
    /* during the rows of an SQLite statement: none yet (SQLite counts at the end) */
    return st->h.sq && st->h.active ? 0 : st->h.changes;
}

/* ---- reading ---- */

int sc_stmt_column_count(const sc_stmt *st)
{
    return st->h.sq ? sc__sq_ncols(st) : st->h.ncols;
}

const char *sc_stmt_column_name(sc_stmt *st, int col)
{
    if (!st)
        return NULL;
    if (st->h.sq)
        sc__sq_sync_ncols(st);
    if (col < 0 || col >= st->h.ncols)
        return NULL;
    return st->conn->drv->column_name(st, col);
}

/*
 * Record that column COL is NULL. Reading a nullable column and getting
 * SC_ENULL is an ordinary outcome (it spares a separate is_null call), so
 * this writes the error without printf formatting.
 */
static SC__NOINLINE int null_read(sc_stmt *st, int col)
{
    sc_error *e = &st->conn->err;
    e->code = SC_ENULL;
    e->sqlite_code = 0;
    e->sqlstate[0] = e->constraint[0] = e->table[0] = e->column[0] = '\0';
    char digits[12];
    int nd = 0;
    unsigned u = (unsigned)col;
    do {
        digits[nd++] = (char)('0' + u % 10);
        u /= 10;
    } while (u && nd < (int)sizeof digits);
    static const char head[] = "column ", tail[] = " is NULL";
    size_t o = sizeof head - 1;
    memcpy(e->message, head, o);
    while (nd)
        e->message[o++] = digits[--nd];
    memcpy(e->message + o, tail, sizeof tail);
    return SC_ENULL;
}

/* Whether COL is a column of the current statement (an unsigned compare covers col < 0). */
static inline int col_ok(const sc_stmt *st, int col)
{
    return (unsigned)col < (unsigned)st->h.ncols;
}

/* COL of the current row; an SQLite column count is refreshed first (a re-prepare may move it). */
static int col_get(sc_stmt *st, int col, sc__kind want, sc__val *v)
{
    if (st->h.sq)
        sc__sq_sync_ncols(st);
    if (!col_ok(st, col))
        return sc__conn_fail(st->conn, SC_EINVAL, "column %d out of range (0..%d)", col,
                             st->h.ncols - 1);
    int rc = st->conn->drv->column(st, col, want, v);
    if (rc != SC_OK)
        return rc;
    if (v->kind == SC__NULL)
        return null_read(st, col);
    return SC_OK;
}

int sc__x_column_is_null(sc_stmt *st, int col)
{
    sc__val v;
    if (!st)
        return 0;
    if (sc__pg_cls(st, col) != SC__PGC_SLOW)
        return PQgetisnull((const PGresult *)st->res, st->row, col);
    if (st->h.sq && !col_ok(st, col))
        sc__sq_sync_ncols(st);
    if (!col_ok(st, col))
        return 0;
    if (st->h.sq) {
        if (!sc__sq_col_is_null(st, col))
            return 0;
        sc__sq_sync_ncols(st);
        return col_ok(st, col);
    }
    if (st->conn->drv->column(st, col, SC__NULL, &v) != SC_OK)
        return 0;
    return v.kind == SC__NULL;
}

/*
 * A value of column COL that cannot be read: the message names the column
 * by number and by its name in the result (`column 3 ("version"): ...`),
 * which also goes into the error's column. Only failures come here.
 */
static int col_fail(sc_stmt *st, int col, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static SC__NOINLINE int col_fail(sc_stmt *st, int col, int code, const char *fmt, ...)
{
    char what[SC_ERROR_MESSAGE_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    const char *name = col_ok(st, col) ? st->conn->drv->column_name(st, col) : NULL;
    sc_conn *c = st->conn;
    if (!name || !*name)
        return sc__conn_fail(c, code, "column %d: %s", col, what);
    sc__conn_fail(c, code, "column %d (\"%.60s\"): %s", col, name, what);
    snprintf(c->err.column, sizeof c->err.column, "%s", name);
    return code;
}

static int type_error(sc_stmt *st, int col, const char *want)
{
    return col_fail(st, col, SC_ETYPE, "cannot be read as %s", want);
}

/* Parse all of TEXT as a decimal integer. */
static int parse_int64(const char *p, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(p, &end, 10);
    if (end == p || *end)
        return SC_ETYPE;
    if (errno == ERANGE)
        return SC_ERANGE;
    *out = v;
    return SC_OK;
}

static SC__NOINLINE int column_int64_slow(int64_t *out, sc_stmt *st, int col)
{
    sc__val v;
    *out = 0;
    int rc = col_get(st, col, SC__INT, &v);
    if (rc != SC_OK)
        return rc;
    switch (v.kind) {
    case SC__INT:
    case SC__BOOL:
        *out = v.i;
        return SC_OK;
    case SC__FLOAT:
        /* in range (NaN fails this too) and without a fraction */
        if (!(v.d >= -9.2233720368547758e18 && v.d < 9.2233720368547758e18) ||
            (double)(int64_t)v.d != v.d)
            return type_error(st, col, "an integer");
        *out = (int64_t)v.d;
        return SC_OK;
    case SC__TEXT:
        rc = parse_int64(v.p, out);
        if (rc == SC_ERANGE)
            return col_fail(st, col, SC_ERANGE, "integer out of range");
        return rc == SC_OK ? SC_OK : type_error(st, col, "an integer");
    default:
        return type_error(st, col, "an integer");
    }
}

/*
 * The library's side of the typed readers (stmt_inline.h reads the SQLite
 * common case): NULL, PostgreSQL and everything needing a conversion.
 * PostgreSQL columns of the classes driver_pg_hot.h knows are read here
 * directly; the rest, and SQL NULL's zeroed outputs, as the generic path
 * reads them.
 */
int sc__x_column_int64(int64_t *out, sc_stmt *st, int col)
{
    int cls = sc__pg_cls(st, col);
    if (sc__pg_is_int(cls)) {
        size_t n;
        const unsigned char *p = sc__pg_cell(st, col, &n);
        if (SC__UNLIKELY(!p)) {
            *out = 0;
            return null_read(st, col);
        }
        *out = sc__pg_int(cls, p, n);
        return SC_OK;
    }
    return column_int64_slow(out, st, col);
}

int sc__x_column_int32(int32_t *out, sc_stmt *st, int col)
{
    int64_t v;
    int cls = sc__pg_cls(st, col);
    if (sc__pg_is_int(cls)) {
        size_t n;
        const unsigned char *p = sc__pg_cell(st, col, &n);
        if (SC__UNLIKELY(!p)) {
            *out = 0;
            return null_read(st, col);
        }
        v = sc__pg_int(cls, p, n);
        if (SC__LIKELY(v >= INT32_MIN && v <= INT32_MAX)) {
            *out = (int32_t)v;
            return SC_OK;
        }
        /* out of range: the generic path words the error */
    }
    *out = 0;
    int rc = column_int64_slow(&v, st, col);
    if (rc != SC_OK)
        return rc;
    if (v < INT32_MIN || v > INT32_MAX)
        return col_fail(st, col, SC_ERANGE, "%lld does not fit int32", (long long)v);
    *out = (int32_t)v;
    return SC_OK;
}

static SC__NOINLINE int column_bool_slow(bool *out, sc_stmt *st, int col)
{
    sc__val v;
    *out = false;
    int rc = col_get(st, col, SC__BOOL, &v);
    if (rc != SC_OK)
        return rc;
    switch (v.kind) {
    case SC__INT:
    case SC__BOOL:
        *out = v.i != 0;
        return SC_OK;
    case SC__TEXT:
        if (!strcmp(v.p, "t") || !strcmp(v.p, "true") || !strcmp(v.p, "1")) {
            *out = true;
            return SC_OK;
        }
        if (!strcmp(v.p, "f") || !strcmp(v.p, "false") || !strcmp(v.p, "0"))
            return SC_OK;
        return type_error(st, col, "a boolean");
    default:
        return type_error(st, col, "a boolean");
    }
}

static SC__NOINLINE int column_double_slow(double *out, sc_stmt *st, int col)
{
    sc__val v;
    *out = 0;
    int rc = col_get(st, col, SC__FLOAT, &v);
    if (rc != SC_OK)
        return rc;
    switch (v.kind) {
    case SC__FLOAT:
        *out = v.d;
        return SC_OK;
    case SC__INT:
    case SC__BOOL:
        *out = (double)v.i;
        return SC_OK;
    case SC__TEXT: {
        char *end;
        double d = strtod(v.p, &end);
        if (end == v.p || *end)
            return type_error(st, col, "a number");
        *out = d;
        return SC_OK;
    }
    default:
        return type_error(st, col, "a number");
    }
}

static SC__NOINLINE int column_text_slow(const char **out, size_t *len, sc_stmt *st, int col)
{
    sc__val v;
    *out = NULL;
    if (len)
        *len = 0;
    int rc = col_get(st, col, SC__TEXT, &v);
    if (rc != SC_OK)
        return rc;
    char *buf;
    int n;
    switch (v.kind) {
    case SC__TEXT:
    case SC__PG_BYTEA:
        *out = v.p;
        if (len)
            *len = v.n;
        return SC_OK;
    case SC__BLOB:
        buf = sc__scratch(st, v.n + 1);
        if (!buf)
            return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
        if (v.n)
            memcpy(buf, v.p, v.n);
        buf[v.n] = '\0';
        *out = buf;
        if (len)
            *len = v.n;
        return SC_OK;
    default:
        break;
    }
    buf = sc__scratch(st, 48);
    if (!buf)
        return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
    switch (v.kind) {
    case SC__INT:
        n = snprintf(buf, 48, "%lld", (long long)v.i);
        break;
    case SC__FLOAT:
        n = snprintf(buf, 48, "%.17g", v.d);
        break;
    case SC__BOOL:
        n = snprintf(buf, 48, "%s", v.i ? "true" : "false");
        break;
    case SC__TIMESTAMP:
        n = sc_timestamp_format(buf, 48, v.i, SC_TIME_ISO_US);
        break;
    default:
        return type_error(st, col, "text");
    }
    if (n < 0)
        return type_error(st, col, "text");
    *out = buf;
    if (len)
        *len = (size_t)n;
    return SC_OK;
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

static SC__NOINLINE int column_blob_slow(const void **out, size_t *len, sc_stmt *st, int col)
{
    sc__val v;
    *out = NULL;
    *len = 0;
    int rc = col_get(st, col, SC__BLOB, &v);
    if (rc != SC_OK)
        return rc;
    if (v.kind == SC__BLOB || v.kind == SC__TEXT) {
        *out = v.p;
        *len = v.n;
        return SC_OK;
    }
    if (v.kind != SC__PG_BYTEA || v.n < 2 || v.p[0] != '\\' || v.p[1] != 'x' || v.n % 2)
        return type_error(st, col, "bytes");
    size_t n = (v.n - 2) / 2;
    unsigned char *buf = sc__scratch(st, n + 1);
    if (!buf)
        return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        int hi = hexval(v.p[2 + 2 * i]), lo = hexval(v.p[3 + 2 * i]);
        if (hi < 0 || lo < 0)
            return type_error(st, col, "bytes");
        buf[i] = (unsigned char)(hi * 16 + lo);
    }
    *out = buf;
    *len = n;
    return SC_OK;
}

int sc__x_column_bool(bool *out, sc_stmt *st, int col)
{
    int cls = sc__pg_cls(st, col);
    if (sc__pg_is_int(cls)) {
        size_t n;
        const unsigned char *p = sc__pg_cell(st, col, &n);
        if (SC__UNLIKELY(!p)) {
            *out = false;
            return null_read(st, col);
        }
        *out = sc__pg_int(cls, p, n) != 0;
        return SC_OK;
    }
    return column_bool_slow(out, st, col);
}

int sc__x_column_double(double *out, sc_stmt *st, int col)
{
    int cls = sc__pg_cls(st, col);
    if (cls != SC__PGC_SLOW && cls <= SC__PGC_FLOAT8) {
        size_t n;
        const unsigned char *p = sc__pg_cell(st, col, &n);
        if (SC__UNLIKELY(!p)) {
            *out = 0;
            return null_read(st, col);
        }
        if (cls == SC__PGC_FLOAT8) {
            uint64_t u = sc__pg_be64(p);
            memcpy(out, &u, sizeof *out);
        } else if (cls == SC__PGC_FLOAT4) {
            uint32_t u = sc__pg_be32(p);
            float f;
            memcpy(&f, &u, sizeof f);
            *out = f;
        } else {
            *out = (double)sc__pg_int(cls, p, n);
        }
        return SC_OK;
    }
    return column_double_slow(out, st, col);
}

int sc__x_column_text(const char **out, size_t *len, sc_stmt *st, int col)
{
    int cls = sc__pg_cls(st, col);
    if (cls == SC__PGC_TEXT || cls == SC__PGC_JSONB) {
        size_t n;
        const unsigned char *p = sc__pg_cell(st, col, &n);
        if (SC__UNLIKELY(!p)) {
            *out = NULL;
            if (len)
                *len = 0;
            return null_read(st, col);
        }
        sc__pg_text(cls, &p, &n);
        *out = (const char *)p;
        if (len)
            *len = n;
        return SC_OK;
    }
    if (st && st->h.sq)
        sc__sq_sync_ncols(st); /* the column count as it is now (a cached statement's table may have changed) */
    sqlite3_value *v = st && st->h.sq && col_ok(st, col) ? sqlite3_column_value(sc__sq(st), col) : NULL;
    if (v && sqlite3_value_type(v) == SQLITE_NULL) {
        /* SQLite's NULL (a nullable column's, the usual way here): said at once, not through the generic read */
        *out = NULL;
        if (len)
            *len = 0;
        return null_read(st, col);
    }
    return column_text_slow(out, len, st, col);
}

int sc__x_column_blob(const void **out, size_t *len, sc_stmt *st, int col)
{
    int cls = sc__pg_cls(st, col);
    if (cls == SC__PGC_TEXT || cls == SC__PGC_JSONB || cls == SC__PGC_BYTEA) {
        size_t n;
        const unsigned char *p = sc__pg_cell(st, col, &n);
        if (SC__UNLIKELY(!p)) {
            *out = NULL;
            *len = 0;
            return null_read(st, col);
        }
        sc__pg_text(cls, &p, &n);
        *out = p;
        *len = n;
        return SC_OK;
    }
    return column_blob_slow(out, len, st, col);
}

int sc__x_column_timestamp(sc_timestamp *out, sc_stmt *st, int col)
{
    /* SQLite's usual case (text parsed where it lies) was tried inline (sc__i_column_timestamp) */
    sc__val v;
    if (sc__pg_cls(st, col) == SC__PGC_TIMESTAMP) {
        size_t n;
        const unsigned char *p = sc__pg_cell(st, col, &n);
        if (SC__UNLIKELY(!p)) {
            *out = 0;
            return null_read(st, col);
        }
        *out = (int64_t)sc__pg_be64(p) + SC__PG_EPOCH_US;
        return SC_OK;
    }
    *out = 0;
    int rc = col_get(st, col, SC__TIMESTAMP, &v);
    if (rc != SC_OK)
        return rc;
    switch (v.kind) {
    case SC__TIMESTAMP:
        *out = v.i;
        return SC_OK;
    case SC__INT:
        /* SQLite: integer Unix milliseconds, as Prisma's native engine writes */
        *out = sc_timestamp_from_unix_ms(v.i);
        return SC_OK;
    case SC__TEXT:
        if (sc_timestamp_parse(out, v.p, (long)v.n) == SC_OK)
            return SC_OK;
        return type_error(st, col, "a timestamp");
    default:
        return type_error(st, col, "a timestamp");
    }
}


int sc_stmt_column_is_null(sc_stmt *st, int col)
{
    return sc__i_column_is_null(st, col);
}

int sc_stmt_column_int64(int64_t *out, sc_stmt *st, int col)
{
    return sc__i_column_int64(out, st, col);
}

int sc_stmt_column_int32(int32_t *out, sc_stmt *st, int col)
{
    return sc__i_column_int32(out, st, col);
}

int sc_stmt_column_bool(bool *out, sc_stmt *st, int col)
{
    return sc__i_column_bool(out, st, col);
}

int sc_stmt_column_double(double *out, sc_stmt *st, int col)
{
    return sc__i_column_double(out, st, col);
}

int sc_stmt_column_text(const char **out, size_t *len, sc_stmt *st, int col)
{
    return sc__i_column_text(out, len, st, col);
}

int sc_stmt_column_blob(const void **out, size_t *len, sc_stmt *st, int col)
{
    return sc__i_column_blob(out, len, st, col);
}

int sc_stmt_column_text_dup(char **out, sc_stmt *st, int col)
{
    return sc__i_column_text_dup(out, st, col);
}

int sc_stmt_column_timestamp(sc_timestamp *out, sc_stmt *st, int col)
{
    return sc__i_column_timestamp(out, st, col);
}
