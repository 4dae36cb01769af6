/*
 * sql.c - SQL text at run time (schemac/sql.h): placeholder
 * styles, multi-row INSERTs written from one row's, and statements built
 * from pieces.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Past the quoted run that starts at P ('...' or "...", doubled quotes inside); the end when unterminated. */
static const char *skip_quoted(const char *p)
{
    char q = *p;
    for (p++; *p; p++) {
        if (*p != q)
            continue;
        if (p[1] != q)
            return p + 1;
        p++;
    }
    return p;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

char *sc_sql_to_pg(const char *sql)
{
    if (!sql)
        return NULL;
    size_t n = strlen(sql);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    memcpy(out, sql, n + 1);
    for (const char *p = sql; *p;) {
        if (*p == '\'' || *p == '"') {
            p = skip_quoted(p);
            continue;
        }
        if (*p == '?' && is_digit(p[1]))
            out[p - sql] = '$';
        p++;
    }
    return out;
}

/* ---------------------------------------------------------------- a growing text */

typedef struct text {
    char *s;
    size_t len, cap;
    int failed;
} text;

static void text_put(text *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (n > ((size_t)-1) / 4 - t->len) {
        t->failed = 1; /* no text is that long */
        return;
    }
    size_t need = t->len + n + 1;
    if (!t->s || need > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < need)
            cap *= 2;
        char *g = realloc(t->s, cap);
        if (!g) {
            t->failed = 1;
            return;
        }
        t->s = g;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

/* Where the VALUES tuple at the end of ONE starts (its '('), or NULL. */
static const char *values_tuple(const char *one)
{
    static const char kw[] = "VALUES (";
    const char *found = NULL;
    for (const char *p = one; *p;) {
        if (*p == '\'' || *p == '"') {
            p = skip_quoted(p);
            continue;
        }
        if (strncmp(p, kw, sizeof kw - 1) == 0 && (p == one || p[-1] == ' '))
            found = p + sizeof kw - 2;
        p++;
    }
    size_t n = strlen(one);
    if (!found || n == 0 || one[n - 1] != ')')
        return NULL;
    return found;
}

/* The highest placeholder number in TUPLE, or -1 when a number does not fit an int. */
static long max_placeholder(const char *tuple)
{
    long max = 0;
    for (const char *p = tuple; *p;) {
        if (*p == '\'' || *p == '"') {
            p = skip_quoted(p);
            continue;
        }
        if ((*p == '?' || *p == '$') && is_digit(p[1])) {
            long v = 0;
            for (p++; is_digit(*p); p++) {
                v = v * 10 + (*p - '0');
                if (v > 100000000L)
                    return -1;
            }
            if (v > max)
                max = v;
            continue;
        }
        p++;
    }
    return max;
}

char *sc_sql_insert_rows(const char *one, size_t rows)
{
    if (!one || rows == 0)
        return NULL;
    const char *tuple = values_tuple(one);
    if (!tuple)
        return NULL;
    long per_row = max_placeholder(tuple);
    if (per_row < 0 || (per_row > 0 && rows > (size_t)(2000000000L / per_row)))
        return NULL;
    text t = {NULL, 0, 0, 0};
    text_put(&t, one, (size_t)(tuple - one));
    /* the first row is the tuple as written */
    text_put(&t, tuple, strlen(tuple));
    for (size_t r = 1; r < rows && !t.failed; r++) {
        text_put(&t, ", ", 2);
        const char *run = tuple;
        for (const char *p = tuple; *p;) {
            if (*p == '\'' || *p == '"') {
                p = skip_quoted(p);
                continue;
            }
            if ((*p == '?' || *p == '$') && is_digit(p[1])) {
                text_put(&t, run, (size_t)(p - run) + 1);
                long v = 0;
                for (p++; is_digit(*p); p++)
                    v = v * 10 + (*p - '0');
                /* the number's digits, written by hand: a batch of 100 rows has hundreds of them */
                char num[24];
                size_t k = sizeof num;
                unsigned long u = (unsigned long)(v + (long)r * per_row);
                do {
                    num[--k] = (char)('0' + u % 10);
                    u /= 10;
                } while (u);
                text_put(&t, num + k, sizeof num - k);
                run = p;
                continue;
            }
            p++;
        }
        text_put(&t, run, strlen(run));
    }
    if (t.failed) {
        free(t.s);
        return NULL;
    }
    return t.s;
}

/* ---------------------------------------------------------------- sc_sqlbuf */

void sc_sqlbuf_init(sc_sqlbuf *q, const sc_conn *conn)
{
    q->heap = NULL;
    q->len = 0;
    q->cap = sizeof q->small;
    q->rc = SC_OK;
    q->pg = conn && sc_conn_dialect(conn) == SC_DIALECT_POSTGRES;
    q->nparams = q->nset = q->ncond = 0;
    q->small[0] = '\0';
}

const char *sc_sqlbuf_text(const sc_sqlbuf *q)
{
    return q->heap ? q->heap : q->small;
}

void sc_sqlbuf_put(sc_sqlbuf *q, const char *s)
{
    size_t n = strlen(s);
    if (q->rc != SC_OK)
        return;
    if (q->len + n + 1 > q->cap) {
        size_t cap = q->cap;
        while (cap < q->len + n + 1)
            cap *= 2;
        char *g = realloc(q->heap, cap);
        if (!g) {
            q->rc = SC_ENOMEM;
            return;
        }
        if (!q->heap)
            memcpy(g, q->small, q->len + 1);
        q->heap = g;
        q->cap = cap;
    }
    char *buf = q->heap ? q->heap : q->small;
    memcpy(buf + q->len, s, n + 1);
    q->len += n;
}

int sc_sqlbuf_param(sc_sqlbuf *q)
{
    char p[16];
    int n = ++q->nparams;
    snprintf(p, sizeof p, "%c%d", q->pg ? '$' : '?', n);
    sc_sqlbuf_put(q, p);
    return n;
}

void sc_sqlbuf_set_raw(sc_sqlbuf *q, const char *assignment)
{
    if (q->nset++)
        sc_sqlbuf_put(q, ", ");
    sc_sqlbuf_put(q, assignment);
}

void sc_sqlbuf_set(sc_sqlbuf *q, const char *column)
{
    sc_sqlbuf_set_raw(q, column);
    sc_sqlbuf_put(q, " = ");
    sc_sqlbuf_param(q);
}

void sc_sqlbuf_set_pg_expr(sc_sqlbuf *q, const char *column, const char *pre, const char *post)
{
    if (!q->pg) {
        sc_sqlbuf_set(q, column);
        return;
    }
    sc_sqlbuf_set_raw(q, column);
    sc_sqlbuf_put(q, " = ");
    sc_sqlbuf_put(q, pre);
    sc_sqlbuf_param(q);
    sc_sqlbuf_put(q, post);
}

void sc_sqlbuf_where(sc_sqlbuf *q, const char *column)
{
    sc_sqlbuf_put(q, q->ncond++ ? " AND " : " WHERE ");
    sc_sqlbuf_put(q, column);
    sc_sqlbuf_put(q, " = ");
    sc_sqlbuf_param(q);
}

void sc_sqlbuf_free(sc_sqlbuf *q)
{
    free(q->heap);
    q->heap = NULL;
    q->len = 0;
    q->cap = sizeof q->small;
    q->small[0] = '\0';
}

int sc_sqlbuf_prepare(sc_stmt **out, sc_conn *conn, sc_sqlbuf *q)
{
    int rc = q->rc;
    if (rc == SC_OK)
        rc = sc_stmt_prepare(out, conn, sc_sqlbuf_text(q));
    else {
        *out = NULL;
        if (conn)
            sc__conn_fail(conn, rc, "out of memory");
    }
    sc_sqlbuf_free(q);
    return rc;
}

int sc_stmt_prepare_update(sc_stmt **out, sc_conn *conn, const sc_update_spec *spec, uint64_t mask)
{
    sc_sqlbuf q;
    sc_sqlbuf_init(&q, conn);
    sc_sqlbuf_put(&q, spec->head);
    for (size_t i = 0; i < spec->nset; i++) {
        const sc_set_column *c = &spec->set[i];
        if (c->bit && !(mask & c->bit))
            continue;
        if (c->pg_pre)
            sc_sqlbuf_set_pg_expr(&q, c->name, c->pg_pre, c->pg_post ? c->pg_post : "");
        else
            sc_sqlbuf_set(&q, c->name);
    }
    if (spec->raw)
        sc_sqlbuf_set_raw(&q, spec->raw);
    for (size_t i = 0; spec->where && spec->where[i]; i++)
        sc_sqlbuf_where(&q, spec->where[i]);
    for (size_t i = 0; spec->tail && spec->tail[i]; i++)
        sc_sqlbuf_put(&q, spec->tail[i]);
    return sc_sqlbuf_prepare(out, conn, &q);
}
