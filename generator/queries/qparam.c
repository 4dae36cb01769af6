/*
 * qparam.c - the placeholders of a query: found among its top-level tokens
 * (never inside a literal, quoted name or comment), numbered as sqlc numbers
 * them, and written once per dialect (qinternal.h).
 *
 * Forms: $N; SQLite's ?, ?NNN, :name, @name, $name; @name on PostgreSQL
 * too; sqlc.arg(name), sqlc.narg(name) (nullable), sqlc.slice(name)
 * (inside IN (...): a list) and sqlc.embed(table) (a model row in the
 * select list). Explicit numbers stay; each new name takes the lowest
 * number still free, and a name used again is the same parameter. Numbers
 * must run from 1 without gaps, and ? cannot be mixed with numbered forms.
 */
#include "queries/qinternal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/sqlscan.h"
#include "base/strbuf.h"

sc_span q_sql_span(const sc_sources *src, const q_query *q, size_t at, size_t end)
{
    size_t s = q->sql_len ? q->sql_map[at < q->sql_len ? at : q->sql_len - 1] : q->sql_span.start;
    size_t e = q->sql_len ? q->sql_map[end > 0 && end - 1 < q->sql_len ? end - 1 : q->sql_len - 1] + 1 : s;
    if (e < s)
        e = s;
    sc_span sp = {q->source, (uint32_t)s, (uint32_t)e, 0, 0};
    source_position(&src->files[q->source], s, &sp.line, &sp.col);
    return sp;
}

const char *q_strcasestr(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return hay;
    return NULL;
}

typedef enum occ_kind { OCC_NUMBER, OCC_QMARK, OCC_NAMED, OCC_EMBED } occ_kind;

typedef struct occ {
    occ_kind kind;
    int number;         /* OCC_NUMBER: as written; after numbering: every kind but embed */
    const char *name;   /* OCC_NAMED, OCC_EMBED */
    bool narg, slice;
    bool not_in;        /* a slice after NOT IN */
    size_t at, end;     /* the placeholder itself */
    size_t from, to;    /* the text it replaces (a slice: from IN (or NOT) to the closing parenthesis) */
    const char *keep;   /* a slice: the SQLite text kept before the list ("IN" or "NOT IN") */
} occ;

typedef struct qp {
    arena *a;
    sc_diags *diags;
    const sc_sources *src;
    const q_query *q;
    sqltok *t;
    size_t n;
    occ *occ;
    size_t nocc, cap;
    bool bad;
} qp;


/* The number after a placeholder's sigil, saturated above 65536 (strtol never overflows). */
static int qp__placeholder_number(const char *digits)
{
    long v = strtol(digits, NULL, 10);
    return v > 65536 ? 65536 : (int)v;
}

static void qp__error(qp *p, size_t at, size_t end, const char *msg)
{
    diag_error(p->diags, q_sql_span(p->src, p->q, at, end), "invalid-parameter", "%s", msg);
    p->bad = true;
}

static bool qp__is(const qp *p, size_t i, sqltok_kind k, const char *text)
{
    if (i >= p->n || p->t[i].kind != k)
        return false;
    if (!text)
        return true;
    return p->t[i].len == strlen(text) && strncasecmp(p->q->sql + p->t[i].start, text, p->t[i].len) == 0;
}

/* The next token after I that is not a blank or comment (p->n when none). */
static size_t qp__next(const qp *p, size_t i)
{
    for (i++; i < p->n; i++)
        if (p->t[i].kind != SQLTOK_SPACE && p->t[i].kind != SQLTOK_LINE_COMMENT && p->t[i].kind != SQLTOK_BLOCK_COMMENT)
            return i;
    return p->n;
}

static size_t qp__prev(const qp *p, size_t i)
{
    while (i-- > 0)
        if (p->t[i].kind != SQLTOK_SPACE && p->t[i].kind != SQLTOK_LINE_COMMENT && p->t[i].kind != SQLTOK_BLOCK_COMMENT)
            return i;
    return p->n;
}

static occ *qp__add(qp *p, occ_kind kind, size_t at, size_t end)
{
    if (p->nocc == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 8;
        p->occ = arena_grow(p->a, p->occ, p->cap * sizeof *p->occ, ncap * sizeof *p->occ);
        p->cap = ncap;
    }
    occ *o = &p->occ[p->nocc++];
    memset(o, 0, sizeof *o);
    o->kind = kind;
    o->at = o->from = at;
    o->end = o->to = end;
    return o;
}

static bool qp__name_ok(const char *s, size_t n)
{
    if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
            return false;
    return true;
}

/* sqlc.fn(arg) starting at token I ("sqlc"). Returns the index of its closing parenthesis, or p->n. */
static size_t qp__macro(qp *p, size_t i)
{
    const char *sql = p->q->sql;
    size_t dot = qp__next(p, i), fn = qp__next(p, dot), lp = qp__next(p, fn);
    if (!qp__is(p, dot, SQLTOK_OTHER, ".") || !qp__is(p, fn, SQLTOK_WORD, NULL) || !qp__is(p, lp, SQLTOK_LPAREN, NULL))
        return p->n;
    const char *fname = sql + p->t[fn].start;
    size_t flen = p->t[fn].len;
    size_t arg = qp__next(p, lp), rp = qp__next(p, arg);
    size_t at = p->t[i].start;
    if (!qp__is(p, rp, SQLTOK_RPAREN, NULL) ||
        !(qp__is(p, arg, SQLTOK_WORD, NULL) || qp__is(p, arg, SQLTOK_QUOTED_IDENT, NULL) ||
          qp__is(p, arg, SQLTOK_STRING, NULL))) {
        size_t end = rp < p->n ? p->t[rp].start + p->t[rp].len : p->t[lp].start + 1;
        qp__error(p, at, end,
                  arena_printf(p->a, "sqlc.%.*s() takes one name: sqlc.%.*s(name)", (int)flen, fname, (int)flen, fname));
        return rp < p->n ? rp : p->n;
    }
    size_t end = p->t[rp].start + 1;
    const char *name = sql + p->t[arg].start;
    size_t nlen = p->t[arg].len;
    if (p->t[arg].kind != SQLTOK_WORD) {
        name++;
        nlen -= 2;
    }
    bool embed = flen == 5 && strncasecmp(fname, "embed", 5) == 0;
    if (!embed && !qp__name_ok(name, nlen)) {
        qp__error(p, p->t[arg].start, p->t[arg].start + p->t[arg].len,
                  arena_printf(p->a, "parameter name \"%.*s\" is not a C identifier", (int)nlen, name));
        return rp;
    }
    if (embed) {
        occ *o = qp__add(p, OCC_EMBED, at, end);
        o->name = arena_strndup(p->a, name, nlen);
        return rp;
    }
    bool narg = flen == 4 && strncasecmp(fname, "narg", 4) == 0;
    bool slice = flen == 5 && strncasecmp(fname, "slice", 5) == 0;
    if (!narg && !slice && !(flen == 3 && strncasecmp(fname, "arg", 3) == 0)) {
        qp__error(p, at, end,
                  arena_printf(p->a, "sqlc.%.*s() is not a sqlc macro (arg, narg, slice, embed)", (int)flen, fname));
        return rp;
    }
    occ *o = qp__add(p, OCC_NAMED, at, end);
    o->name = arena_strndup(p->a, name, nlen);
    o->narg = narg;
    o->slice = slice;
    if (slice) {
        /* IN ( sqlc.slice(x) ) or NOT IN ( ... ): the whole list is replaced. */
        size_t open = qp__prev(p, i), in = open < p->n ? qp__prev(p, open) : p->n, close = qp__next(p, rp);
        if (!qp__is(p, open, SQLTOK_LPAREN, NULL) || !qp__is(p, in, SQLTOK_WORD, "IN") ||
            !qp__is(p, close, SQLTOK_RPAREN, NULL)) {
            qp__error(p, at, end,
                      arena_printf(p->a, "sqlc.slice(%s) goes alone inside IN (...): WHERE id IN (sqlc.slice(%s))",
                                   o->name, o->name));
            return rp;
        }
        size_t not = qp__prev(p, in);
        o->not_in = qp__is(p, not, SQLTOK_WORD, "NOT");
        o->from = p->t[o->not_in ? not : in].start;
        o->to = p->t[close].start + 1;
        return close;
    }
    return rp;
}

static void qp__collect(qp *p, ir_provider provider)
{
    const char *sql = p->q->sql;
    bool pg = provider == IR_PROVIDER_POSTGRESQL;
    for (size_t i = 0; i < p->n; i++) {
        const sqltok *t = &p->t[i];
        const char *s = sql + t->start;
        if (t->kind == SQLTOK_WORD && t->len == 4 && strncasecmp(s, "sqlc", 4) == 0 && qp__is(p, i + 1, SQLTOK_OTHER, ".")) {
            size_t r = qp__macro(p, i);
            if (r < p->n)
                i = r;
            continue;
        }
        if (t->kind == SQLTOK_PARAM) {
            if (s[0] == '$' && isdigit((unsigned char)s[1])) {
                occ *o = qp__add(p, OCC_NUMBER, t->start, t->start + t->len);
                o->number = qp__placeholder_number(s + 1);
                bool digits = strspn(s + 1, "0123456789") == t->len - 1;
                if (!digits || o->number < 1 || o->number > 65535)
                    qp__error(p, t->start, t->start + t->len, "a numbered parameter is $1 to $65535");
            } else if (s[0] == '?') {
                occ *o = qp__add(p, t->len == 1 ? OCC_QMARK : OCC_NUMBER, t->start, t->start + t->len);
                if (t->len > 1) {
                    o->number = qp__placeholder_number(s + 1);
                    if (o->number < 1 || o->number > 65535)
                        qp__error(p, t->start, t->start + t->len, "a numbered parameter is ?1 to ?65535");
                }
            } else {
                occ *o = qp__add(p, OCC_NAMED, t->start, t->start + t->len);
                o->name = arena_strndup(p->a, s + 1, t->len - 1);
                if (!qp__name_ok(o->name, t->len - 1))
                    qp__error(p, t->start, t->start + t->len,
                              arena_printf(p->a, "parameter name \"%s\" is not a C identifier", o->name));
            }
            continue;
        }
        /* PostgreSQL: @name (sqlc's form; PostgreSQL itself would read the prefix operator @). */
        if (pg && t->kind == SQLTOK_OTHER && s[t->len - 1] == '@' && qp__is(p, i + 1, SQLTOK_WORD, NULL) &&
            p->t[i + 1].start == t->start + t->len && strspn(s, "=<>!") == t->len - 1) {
            const sqltok *w = &p->t[i + 1];
            occ *o = qp__add(p, OCC_NAMED, t->start + t->len - 1, w->start + w->len);
            o->name = arena_strndup(p->a, sql + w->start, w->len);
            i++;
            continue;
        }
    }
}

/* Number every occurrence; false after an error. */
static bool qp__number(qp *p, q_text *out)
{
    bool qmark = false, numbered = false;
    for (size_t i = 0; i < p->nocc; i++) {
        qmark |= p->occ[i].kind == OCC_QMARK;
        numbered |= p->occ[i].kind == OCC_NUMBER;
    }
    if (qmark && numbered) {
        for (size_t i = 0; i < p->nocc; i++)
            if (p->occ[i].kind == OCC_QMARK) {
                qp__error(p, p->occ[i].at, p->occ[i].end,
                          "can not mix $1 format with ? format: number every parameter (?1, ?2) or none");
                break;
            }
        return false;
    }
    int max = 0;
    int counter = 0;
    for (size_t i = 0; i < p->nocc; i++) {
        occ *o = &p->occ[i];
        if (o->kind == OCC_QMARK)
            o->number = ++counter;
        if ((o->kind == OCC_QMARK || o->kind == OCC_NUMBER) && o->number > max)
            max = o->number;
    }
    /* Numbers taken by positional forms. */
    bool *used = arena_alloc(p->a, (size_t)(max + (int)p->nocc + 2) * sizeof *used);
    for (size_t i = 0; i < p->nocc; i++)
        if (p->occ[i].kind == OCC_QMARK || p->occ[i].kind == OCC_NUMBER)
            used[p->occ[i].number] = true;
    int next = 1;
    for (size_t i = 0; i < p->nocc; i++) {
        occ *o = &p->occ[i];
        if (o->kind != OCC_NAMED)
            continue;
        for (size_t k = 0; k < i; k++)
            if (p->occ[k].kind == OCC_NAMED && strcmp(p->occ[k].name, o->name) == 0) {
                o->number = p->occ[k].number;
                break;
            }
        if (o->number)
            continue;
        while (used[next])
            next++;
        o->number = next;
        used[next] = true;
        if (next > max)
            max = next;
    }
    out->nparams = max;
    out->ph = arena_alloc(p->a, (size_t)(max + 1) * sizeof *out->ph);
    for (size_t i = 0; i < p->nocc; i++) {
        const occ *o = &p->occ[i];
        if (o->kind == OCC_EMBED)
            continue;
        q_placeholder *ph = &out->ph[o->number - 1];
        if (ph->number) {
            /* Seen before: a name and a number form may not meet, nor a slice and a plain use. */
            if (o->name && ph->name && strcmp(o->name, ph->name) != 0)
                qp__error(p, o->at, o->end, arena_printf(p->a, "parameter %d is named both %s and %s", o->number,
                                                         ph->name, o->name));
            if (o->slice != ph->slice)
                qp__error(p, o->at, o->end,
                          arena_printf(p->a, "parameter %s is used both as a list (sqlc.slice) and as one value",
                                       ph->name ? ph->name : "?"));
            ph->narg |= o->narg;
            continue;
        }
        ph->number = o->number;
        ph->name = o->name;
        ph->narg = o->narg;
        ph->slice = o->slice;
        ph->at = o->at;
        ph->end = o->end;
    }
    for (int n = 1; n <= max; n++)
        if (!out->ph[n - 1].number) {
            /* Point at the highest numbered use: it is the one that jumps. */
            const occ *hi = NULL;
            for (size_t i = 0; i < p->nocc; i++)
                if (p->occ[i].kind != OCC_EMBED && p->occ[i].number > n && (!hi || p->occ[i].number > hi->number))
                    hi = &p->occ[i];
            qp__error(p, hi ? hi->at : 0, hi ? hi->end : 0,
                      arena_printf(p->a, "could not determine data type of parameter $%d: it is never used (numbers "
                                         "run from 1 without gaps)",
                                   n));
            return false;
        }
    return !p->bad;
}

static void qp__emit(strbuf *b, uint32_t **map, size_t *nmap, size_t *cap, arena *a, const char *s, size_t n,
                     size_t origin, bool same)
{
    if (*nmap + n + 1 > *cap) {
        size_t ncap = (*cap + n + 1) * 2;
        *map = arena_grow(a, *map, *cap * sizeof **map, ncap * sizeof **map);
        *cap = ncap;
    }
    for (size_t i = 0; i < n; i++)
        (*map)[(*nmap)++] = (uint32_t)(same ? origin + i : origin);
    strbuf_putn(b, s, n);
}

bool q_text_build(q_text *out, arena *a, sc_diags *diags, const sc_sources *src, const q_query *q,
                  ir_provider provider)
{
    memset(out, 0, sizeof *out);
    qp p = {a, diags, src, q, NULL, 0, NULL, 0, 0, false};
    sqlscan s;
    sqlscan_init(&s, provider == IR_PROVIDER_POSTGRESQL ? SQLSCAN_POSTGRES : SQLSCAN_SQLITE, q->sql, q->sql_len);
    size_t cap = 64;
    p.t = arena_alloc(a, cap * sizeof *p.t);
    for (;;) {
        sqltok t = sqlscan_next(&s);
        if (t.kind == SQLTOK_END)
            break;
        if (t.kind == SQLTOK_ERROR) {
            qp__error(&p, t.start, t.start + 1, s.error);
            return false;
        }
        if (p.n == cap) {
            p.t = arena_grow(a, p.t, cap * sizeof *p.t, cap * 2 * sizeof *p.t);
            cap *= 2;
        }
        p.t[p.n++] = t;
    }
    qp__collect(&p, provider);
    if (p.bad || !qp__number(&p, out))
        return false;

    strbuf pg, lite;
    strbuf_init(&pg, a);
    strbuf_init(&lite, a);
    uint32_t *map = NULL, *lmap = NULL;
    size_t nmap = 0, mcap = 0, nlmap = 0, lcap = 0;
    size_t at = 0;
    for (size_t i = 0; i <= p.nocc; i++) {
        const occ *o = i < p.nocc ? &p.occ[i] : NULL;
        size_t upto = o ? o->from : q->sql_len;
        qp__emit(&pg, &map, &nmap, &mcap, a, q->sql + at, upto - at, at, true);
        qp__emit(&lite, &lmap, &nlmap, &lcap, a, q->sql + at, upto - at, at, true);
        if (!o)
            break;
        const char *rep_pg, *rep_lite;
        if (o->kind == OCC_EMBED) {
            rep_pg = rep_lite = arena_printf(a, "%s.*", o->name);
            out->embeds = arena_grow(a, out->embeds, out->nembeds * sizeof *out->embeds,
                                     (out->nembeds + 1) * sizeof *out->embeds);
            q_embed *e = &out->embeds[out->nembeds++];
            e->pg_at = pg.len;
            e->table = o->name;
            e->at = o->at;
            e->end = o->end;
        } else if (o->slice) {
            rep_pg = arena_printf(a, "%s($%d)", o->not_in ? "<> ALL" : "= ANY", o->number);
            rep_lite = arena_printf(a, "%s (SELECT value FROM json_each(?%d))", o->not_in ? "NOT IN" : "IN", o->number);
        } else {
            rep_pg = arena_printf(a, "$%d", o->number);
            rep_lite = arena_printf(a, "?%d", o->number);
        }
        qp__emit(&pg, &map, &nmap, &mcap, a, rep_pg, strlen(rep_pg), o->at, false);
        qp__emit(&lite, &lmap, &nlmap, &lcap, a, rep_lite, strlen(rep_lite), o->at, false);
        at = o->to;
    }
    out->pg = strbuf_str(&pg);
    out->pg_len = pg.len;
    out->pg_map = map ? map : arena_alloc(a, sizeof *map);
    out->sqlite = strbuf_str(&lite);
    out->sqlite_len = lite.len;
    out->sqlite_map = lmap ? lmap : arena_alloc(a, sizeof *lmap);
    return true;
}

q_text q_text_edit_pg(arena *a, const q_text *qt, const q_edit *edits, size_t nedits)
{
    q_text out = *qt;
    if (!nedits)
        return out;
    strbuf b;
    strbuf_init(&b, a);
    uint32_t *map = NULL;
    size_t nmap = 0, cap = 0;
    size_t i = 0;
    while (i < qt->pg_len) {
        const q_edit *e = NULL;
        for (size_t k = 0; k < nedits && !e; k++)
            if (edits[k].at == i && edits[k].end > i && edits[k].end <= qt->pg_len)
                e = &edits[k];
        if (!e) {
            qp__emit(&b, &map, &nmap, &cap, a, qt->pg + i, 1, qt->pg_map[i], false);
            i++;
            continue;
        }
        qp__emit(&b, &map, &nmap, &cap, a, e->text, strlen(e->text), qt->pg_map[i], false);
        i = e->end;
    }
    out.pg = strbuf_str(&b);
    out.pg_len = b.len;
    out.pg_map = map;
    return out;
}

char *q_apply_edits(arena *a, const char *text, size_t len, const uint32_t *map, const q_edit *edits, size_t nedits)
{
    if (!nedits)
        return arena_strndup(a, text, len);
    strbuf b;
    strbuf_init(&b, a);
    size_t i = 0;
    while (i < len) {
        const q_edit *e = NULL;
        for (size_t k = 0; k < nedits && !e; k++)
            if (map[i] == edits[k].at)
                e = &edits[k];
        if (!e) {
            strbuf_putn(&b, text + i, 1);
            i++;
            continue;
        }
        strbuf_puts(&b, e->text);
        while (i < len && map[i] >= e->at && map[i] < e->end)
            i++;
    }
    return strbuf_str(&b);
}
