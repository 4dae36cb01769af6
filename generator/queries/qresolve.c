/*
 * qresolve.c - a query's meaning: its parse tree (PostgreSQL's own parser,
 * libpg_query, JSON form) resolved against the schema model. Every table
 * and column must exist (exactly as written on PostgreSQL, where unquoted
 * names fold to lower case; ignoring ASCII case on SQLite), and the resolver
 * infers what sqlc infers, more exactly where sqlc is loose
 * (docs/queries.md):
 *   - each parameter's type from what it meets: the column it is compared
 *     with, inserted into or assigned to; a cast; IN lists and = ANY (a
 *     list); LIMIT/OFFSET; LIKE; BETWEEN; arithmetic; and its name as sqlc
 *     names it (the column, "limit", "from_x"/"to_x", the function);
 *   - each result column's name, type and nullability: NOT NULL columns,
 *     the optional side of outer joins (tables, subqueries and CTEs alike),
 *     aggregates (count never NULL; sum, avg, min, max NULL over no rows),
 *     COALESCE, CASE, casts (NULL stays NULL), scalar subqueries, UNION arms
 *     merged, RETURNING.
 * A type that cannot be decided is an error that asks for a cast.
 */
#include "queries/qresolve.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <pg_query.h>

#include "base/sqltext.h"
#include "base/strbuf.h"

/* ---------------------------------------------------------------- state */

typedef struct rcol {
    const char *name;
    q_type type;
    bool nullable;
    const char *table, *column; /* the base table column it is, unchanged */
    const char *schema;         /* its table's database schema (multi-schema PostgreSQL), else NULL */
} rcol;

typedef struct rrel {
    const char *name;       /* what the query calls it: alias, else table (or CTE) name */
    const ir_table *table;  /* a base table, else NULL */
    rcol *cols;
    size_t ncols;
    bool optional;          /* on the NULL side of an outer join */
} rrel;

typedef struct rscope {
    struct rscope *outer;
    rrel **rels;
    size_t nrels, cap;
    const rcol *outputs;    /* the select list, for ORDER BY and GROUP BY by name */
    size_t noutputs;
    bool in_agg;            /* inside an aggregate's arguments */
    bool broken;            /* a FROM item failed: unknown names here are its echo, not new errors */
} rscope;

typedef struct rcte {
    const char *name;
    rrel *rel;
    struct rcte *next;
} rcte;

typedef struct rval {
    q_type t;
    bool nullable;
    const char *table, *column; /* a plain column reference */
    const char *schema;         /* its table's database schema, else NULL */
    int param;                  /* a bare parameter: its number */
    bool strlit;                /* a string literal: PostgreSQL types it by its context */
    bool nulllit;
    bool numlit;
    bool agg;                   /* holds an aggregate */
    int occ;                    /* a bare parameter: its occurrence (index + 1 in rctx.occs) */
} rval;

/*
 * One occurrence of a parameter in the query (a ParamRef), as PostgreSQL's
 * parser meets it: it gives a parameter the type of the place where it
 * first meets it, so an occurrence where nothing gives one (typed false)
 * and that it meets first leaves the parameter without a type ("could not
 * determine data type of parameter $N"), whatever comes after.
 */
typedef struct rocc {
    int loc;       /* the offset of $N in the canonical text */
    int param;
    bool typed;    /* where it stands gives it a type from something that is no parameter (a column, a cast, ...) */
    bool typeless; /* where it stands gives it none for sure: $1 IS NULL, -$1, SELECT $1, unnest($1) */
} rocc;

/* One statement's result. */
typedef struct rres {
    rcol *cols;
    size_t ncols;
    bool returns;       /* SELECT, or RETURNING */
    bool grouped;       /* GROUP BY, or an aggregate in the select list */
    bool aggregate_only; /* aggregates without GROUP BY: exactly one row */
    const ir_table *insert_table;
} rres;

typedef struct rctx {
    arena *a;
    const sc_sources *src;
    sc_diags *diags;
    const q_query *q;
    const q_text *qt;
    const ir_schema *s;
    unsigned dialect;        /* Q_SQLITE or Q_POSTGRES */
    bool report;             /* errors go to diags; else only the first is kept */
    bool failed;
    const char *why;         /* the first error's message */
    sc_span why_span;
    q_param *params;         /* nparams, from the placeholders */
    bool *explicit_name;     /* named by the query (@x, sqlc.arg) */
    bool *typed;             /* type decided by an annotation: inference may not change it */
    int *seen_loc;           /* where the type was decided (pg offset), for messages */
    bool *conflicted;        /* a type conflict was reported: once is enough */
    int *null_loc;           /* an IS NULL met the parameter untyped: there (pg offset + 1; 0: none) */
    int depth;               /* statement nesting: 1 is the query itself */
    q_edit *edits;
    size_t nedits;
    rcte *ctes;
    int in_cast;             /* inside a cast: a function schemac does not know is typed by it */
    int nerrors;
    rocc *occs;              /* every parameter occurrence met, in order */
    size_t nocc, occap;
} rctx;

static int r_loc(json_t *n)
{
    json_t *l = n ? json_object_get(n, "location") : NULL;
    return l && json_is_integer(l) ? (int)json_integer_value(l) : -1;
}

static sc_span r_span(rctx *c, int loc, int len)
{
    if (loc < 0 || (size_t)loc >= c->qt->pg_len)
        return c->q->sql_span;
    size_t at = c->qt->pg_map[loc];
    size_t end = at + (size_t)(len > 0 ? len : 1);
    if ((size_t)loc + (size_t)(len > 0 ? len : 1) <= c->qt->pg_len && len > 0)
        end = c->qt->pg_map[(size_t)loc + (size_t)len - 1] + 1;
    if (end <= at)
        end = at + 1;
    return q_sql_span(c->src, c->q, at, end);
}

/* The length of the token at LOC (a name or an operator), for carets. */
static int r_toklen(rctx *c, int loc)
{
    if (loc < 0 || (size_t)loc >= c->qt->pg_len)
        return 1;
    const char *s = c->qt->pg + loc;
    int n = 0;
    if (*s == '"') {
        n = 1;
        while (s[n] && s[n] != '"')
            n++;
        return s[n] ? n + 1 : n;
    }
    while (s[n] && (isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '$' || s[n] == '.'))
        n++;
    if (n == 0)
        while (s[n] && strchr("=<>!~*+-/%|&@#^?", s[n]))
            n++;
    return n ? n : 1;
}

static sc_diag *r_error(rctx *c, int loc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static sc_diag *r_error(rctx *c, int loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = arena_vprintf(c->a, fmt, ap);
    va_end(ap);
    sc_span sp = r_span(c, loc, r_toklen(c, loc));
    if (!c->failed) {
        c->why = msg;
        c->why_span = sp;
    }
    c->failed = true;
    c->nerrors++;
    if (!c->report)
        return NULL;
    return diag_error(c->diags, sp, "invalid-query", "%s", msg);
}

/* ---------------------------------------------------------------- JSON helpers */

static json_t *jget(json_t *o, const char *k)
{
    return o && json_is_object(o) ? json_object_get(o, k) : NULL;
}

/* A node {"Kind": {...}}: its kind and body. */
static const char *jkind(json_t *node, json_t **body)
{
    *body = NULL;
    if (!node || !json_is_object(node) || json_object_size(node) != 1)
        return "";
    const char *k = json_object_iter_key(json_object_iter(node));
    *body = json_object_iter_value(json_object_iter(node));
    return k;
}

static const char *jstr(json_t *o, const char *k)
{
    json_t *v = jget(o, k);
    return v && json_is_string(v) ? json_string_value(v) : NULL;
}

static bool jbool(json_t *o, const char *k)
{
    json_t *v = jget(o, k);
    return v && json_is_true(v);
}

/* [{"String":{"sval":"x"}}, ...] element I, or NULL. */
static const char *jsval(json_t *list, size_t i)
{
    json_t *body;
    const char *k = jkind(json_array_get(list, i), &body);
    if (strcmp(k, "String") == 0)
        return jstr(body, "sval");
    return NULL;
}

/* ---------------------------------------------------------------- types */

static q_type r_scalar(sc_scalar s)
{
    q_type t = {s, NULL, NULL, false};
    return t;
}

static q_type r_unknown(void)
{
    q_type t = {SC_SCALAR_NONE, NULL, NULL, false};
    return t;
}

static bool r_numeric(const q_type *t)
{
    return !t->list && !t->enum_name &&
           (t->scalar == SC_SCALAR_INT || t->scalar == SC_SCALAR_BIGINT || t->scalar == SC_SCALAR_FLOAT ||
            t->scalar == SC_SCALAR_DECIMAL);
}

static int r_rank(sc_scalar s)
{
    switch (s) {
    case SC_SCALAR_INT: return 1;
    case SC_SCALAR_BIGINT: return 2;
    case SC_SCALAR_DECIMAL: return 3;
    case SC_SCALAR_FLOAT: return 4;
    default: return 0;
    }
}

/* The common type of two numbers: the wider one (PostgreSQL's numeric promotion; Float wins on SQLite). */
static q_type r_promote(rctx *c, const q_type *a, const q_type *b)
{
    int ra = r_rank(a->scalar), rb = r_rank(b->scalar);
    if (c->dialect == Q_POSTGRES && ((a->scalar == SC_SCALAR_DECIMAL && b->scalar == SC_SCALAR_FLOAT) ||
                                     (b->scalar == SC_SCALAR_DECIMAL && a->scalar == SC_SCALAR_FLOAT)))
        return r_scalar(SC_SCALAR_FLOAT);
    return ra >= rb ? *a : *b;
}

static q_type r_column_type(rctx *c, const ir_column *col)
{
    q_type t = {col->scalar, NULL, NULL, col->list};
    if (col->enum_name) {
        t.scalar = SC_SCALAR_NONE;
        t.enum_db = col->enum_name;
        const ir_enum *e = ir_find_enum_in(c->s, col->enum_schema, col->enum_name);
        t.enum_name = e && e->name ? e->name : col->enum_name;
    }
    return t;
}

/* The type a cast names: "pg_catalog.int4", "text", "\"Role\"", "integer"[]. */
static bool r_type_name(rctx *c, json_t *tn, q_type *out)
{
    json_t *names = jget(tn, "names");
    size_t n = names ? json_array_size(names) : 0;
    const char *name = n ? jsval(names, n - 1) : NULL;
    if (!name)
        return false;
    *out = r_unknown();
    out->list = jget(tn, "arrayBounds") != NULL;
    static const struct {
        const char *name;
        sc_scalar s;
    } map[] = {
        {"int2", SC_SCALAR_INT},        {"int4", SC_SCALAR_INT},          {"int", SC_SCALAR_INT},
        {"integer", SC_SCALAR_INT},     {"smallint", SC_SCALAR_INT},      {"int8", SC_SCALAR_BIGINT},
        {"bigint", SC_SCALAR_BIGINT},   {"float4", SC_SCALAR_FLOAT},      {"float8", SC_SCALAR_FLOAT},
        {"real", SC_SCALAR_FLOAT},      {"double", SC_SCALAR_FLOAT},      {"numeric", SC_SCALAR_DECIMAL},
        {"decimal", SC_SCALAR_DECIMAL}, {"bool", SC_SCALAR_BOOLEAN},      {"boolean", SC_SCALAR_BOOLEAN},
        {"text", SC_SCALAR_STRING},     {"varchar", SC_SCALAR_STRING},    {"bpchar", SC_SCALAR_STRING},
        {"char", SC_SCALAR_STRING},     {"name", SC_SCALAR_STRING},       {"citext", SC_SCALAR_STRING},
        {"uuid", SC_SCALAR_STRING},     {"xml", SC_SCALAR_STRING},        {"inet", SC_SCALAR_STRING},
        {"cidr", SC_SCALAR_STRING},     {"time", SC_SCALAR_STRING},       {"timetz", SC_SCALAR_STRING},
        {"interval", SC_SCALAR_STRING}, {"timestamp", SC_SCALAR_DATETIME}, {"timestamptz", SC_SCALAR_DATETIME},
        {"date", SC_SCALAR_DATETIME},   {"datetime", SC_SCALAR_DATETIME}, {"json", SC_SCALAR_JSON},
        {"jsonb", SC_SCALAR_JSON},      {"bytea", SC_SCALAR_BYTES},       {"blob", SC_SCALAR_BYTES},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(map[i].name, name) == 0) {
            out->scalar = map[i].s;
            return true;
        }
    /* SQLite's affinity names in CAST(x AS ...). */
    if (c->dialect == Q_SQLITE) {
        if (q_strcasestr(name, "int")) {
            out->scalar = SC_SCALAR_BIGINT;
            return true;
        }
        if (q_strcasestr(name, "char") || q_strcasestr(name, "clob") || q_strcasestr(name, "text")) {
            out->scalar = SC_SCALAR_STRING;
            return true;
        }
    }
    for (size_t i = 0; i < c->s->nenums; i++) {
        const ir_enum *e = &c->s->enums[i];
        bool same = c->dialect == Q_SQLITE ? strcasecmp(e->db_name, name) == 0 : strcmp(e->db_name, name) == 0;
        if (same) {
            out->enum_db = e->db_name;
            out->enum_name = e->name ? e->name : e->db_name;
            return true;
        }
    }
    return false;
}

bool q_type_known(const q_type *t)
{
    return t->scalar != SC_SCALAR_NONE || t->enum_name != NULL;
}

bool q_type_equal(const q_type *a, const q_type *b)
{
    if (a->list != b->list || a->scalar != b->scalar)
        return false;
    if (!a->enum_name || !b->enum_name)
        return a->enum_name == b->enum_name;
    return strcmp(a->enum_db, b->enum_db) == 0;
}

const char *q_type_name(arena *a, const q_type *t)
{
    const char *base = t->enum_name ? t->enum_name : t->scalar != SC_SCALAR_NONE ? sc_scalar_name(t->scalar) : "unknown";
    return t->list ? arena_printf(a, "%s[]", base) : base;
}

/* Whether values of A and B may meet in a comparison (string literals take their context's type). */
static bool r_compatible(const rval *a, const rval *b)
{
    if (!q_type_known(&a->t) || !q_type_known(&b->t) || a->strlit || b->strlit || a->nulllit || b->nulllit)
        return true;
    if (a->t.list != b->t.list)
        return false;
    if (r_numeric(&a->t) && r_numeric(&b->t))
        return true;
    return q_type_equal(&a->t, &b->t);
}

/* ---------------------------------------------------------------- parameters */

static const char *r_param_label(rctx *c, int n)
{
    const q_param *p = &c->params[n - 1];
    return p->name && *p->name ? arena_printf(c->a, "%s ($%d)", p->name, n) : arena_printf(c->a, "$%d", n);
}

/* How parameter N is written in the query ($1, sqlc.narg(min_q), @name), for messages. */
static const char *r_param_written(rctx *c, int n)
{
    if (n < 1 || n > c->qt->nparams || !c->qt->ph[n - 1].number)
        return arena_printf(c->a, "$%d", n);
    const q_placeholder *ph = &c->qt->ph[n - 1];
    if (!ph->name || ph->end <= ph->at || ph->end > c->q->sql_len)
        return arena_printf(c->a, "$%d", n);
    return arena_strndup(c->a, c->q->sql + ph->at, ph->end - ph->at);
}

/*
 * Parameter N meets type T (at LOC); NAME is what sqlc would call it there
 * (NULL: no name from here). The first type found decides; another one
 * later is an error, except numbers of different widths (the wider wins).
 */
static void r_param_type(rctx *c, int n, const q_type *t, const char *name, int loc)
{
    if (n < 1 || n > c->qt->nparams || !c->params)
        return;
    q_param *p = &c->params[n - 1];
    if (name && !c->explicit_name[n - 1] && (!p->name || !*p->name))
        p->name = name;
    if (!t || !q_type_known(t))
        return;
    if (!q_type_known(&p->type)) {
        p->type = *t;
        c->seen_loc[n - 1] = loc;
        return;
    }
    if (q_type_equal(&p->type, t))
        return;
    if (!c->typed[n - 1] && r_numeric(&p->type) && r_numeric(t) && p->type.list == t->list) {
        p->type = r_promote(c, &p->type, t);
        return;
    }
    if (c->typed[n - 1] || c->conflicted[n - 1])
        return; /* the annotation decides (the database converts); or it was said already */
    c->conflicted[n - 1] = true;
    sc_diag *d = r_error(c, loc, "parameter %s is used as %s here, but as %s before", r_param_label(c, n),
                         q_type_name(c->a, t), q_type_name(c->a, &p->type));
    if (d && c->seen_loc[n - 1] >= 0) {
        sc_span sp = r_span(c, c->seen_loc[n - 1], 1);
        diag_note(c->diags, d, &sp, "here it is %s", q_type_name(c->a, &p->type));
    }
    if (d)
        diag_note(c->diags, d, NULL, "give it one type, or cast one use: CAST(%s AS type)", r_param_written(c, n));
}

static void r_param_nullable(rctx *c, int n, bool nullable)
{
    if (n >= 1 && n <= c->qt->nparams && nullable)
        c->params[n - 1].nullable = true;
}

/* The occurrence of parameter N at LOC (the offset of its $N), recorded once: its index + 1. */
static int r_occ(rctx *c, int n, int loc)
{
    for (size_t i = 0; i < c->nocc && loc >= 0; i++)
        if (c->occs[i].loc == loc)
            return (int)i + 1;
    if (c->nocc == c->occap) {
        size_t ncap = c->occap ? c->occap * 2 : 8;
        c->occs = arena_grow(c->a, c->occs, c->occap * sizeof *c->occs, ncap * sizeof *c->occs);
        c->occap = ncap;
    }
    rocc *o = &c->occs[c->nocc++];
    memset(o, 0, sizeof *o);
    o->loc = loc;
    o->param = n;
    return (int)c->nocc;
}

/*
 * V, when a bare parameter, is given a type by where it stands, as
 * PostgreSQL's parser gives it one: from SRC (the other side of an operator,
 * the common type of COALESCE's arguments, ...), or a fixed type when SRC is
 * NULL (a cast, boolean, a column). A SRC that is itself a parameter, a
 * string literal or NULL gives none (PostgreSQL's "unknown").
 */
static void r_typed_here(rctx *c, const rval *v, const rval *src)
{
    if (!v->occ)
        return;
    if (src && (src->param || src->strlit || src->nulllit || !q_type_known(&src->t)))
        return;
    c->occs[v->occ - 1].typed = true;
}

/* V, when a bare parameter, stands where PostgreSQL gives it no type ($1 IS NULL, -$1, SELECT $1). */
static void r_typeless_here(rctx *c, const rval *v)
{
    if (v->occ)
        c->occs[v->occ - 1].typeless = true;
}

/* VALS[0..N) take their common type (COALESCE, GREATEST, CASE's results) when one of them, no parameter, has one. */
static void r_typed_common(rctx *c, const rval *vals, size_t n)
{
    const rval *src = NULL;
    for (size_t i = 0; i < n && !src; i++)
        if (!vals[i].param && !vals[i].strlit && !vals[i].nulllit && q_type_known(&vals[i].t))
            src = &vals[i];
    for (size_t i = 0; i < n && src; i++)
        r_typed_here(c, &vals[i], src);
}

/* The first column name in NODE, depth first (how sqlc names a parameter compared with an expression). */
static const char *r_first_column(json_t *node)
{
    if (!node)
        return NULL;
    if (json_is_array(node)) {
        for (size_t i = 0; i < json_array_size(node); i++) {
            const char *r = r_first_column(json_array_get(node, i));
            if (r)
                return r;
        }
        return NULL;
    }
    if (!json_is_object(node))
        return NULL;
    json_t *body;
    const char *k = jkind(node, &body);
    if (strcmp(k, "ColumnRef") == 0) {
        json_t *f = jget(body, "fields");
        size_t n = f ? json_array_size(f) : 0;
        return n ? jsval(f, n - 1) : NULL;
    }
    if (strcmp(k, "SubLink") == 0)
        return NULL;
    const char *key;
    json_t *v;
    json_object_foreach(node, key, v)
    {
        if (json_is_object(v) || json_is_array(v)) {
            const char *r = r_first_column(v);
            if (r)
                return r;
        }
    }
    return NULL;
}

/* ---------------------------------------------------------------- relations */

static rrel *r_table_rel(rctx *c, const ir_table *t, const char *alias)
{
    rrel *r = ARENA_NEW(c->a, rrel);
    memset(r, 0, sizeof *r);
    r->name = alias ? alias : t->name;
    r->table = t;
    r->ncols = t->ncolumns;
    r->cols = ARENA_ARRAY(c->a, rcol, t->ncolumns + 1);
    for (size_t i = 0; i < t->ncolumns; i++) {
        const ir_column *col = &t->columns[i];
        rcol *rc = &r->cols[i];
        rc->name = col->name;
        rc->type = r_column_type(c, col);
        rc->nullable = col->nullable;
        rc->table = t->name;
        rc->schema = t->schema;
        rc->column = col->name;
    }
    return r;
}

static bool r_name_eq(rctx *c, const char *a, const char *b)
{
    return c->dialect == Q_SQLITE ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

/*
 * Whether SCHEMA (NULL: not written) may hold table T. Multi-schema
 * PostgreSQL (the datasource's `schemas`): a written schema must be T's; an
 * unwritten one is the connection's search_path, "public".
 */
static bool r_schema_holds(const char *schema, const ir_table *t)
{
    if (!t->schema)
        return true;
    return strcmp(t->schema, schema ? schema : "public") == 0;
}

/* Whether SCHEMA, written before a table or column name, is one of the schema's (multi-schema). */
static bool r_schema_listed(const rctx *c, const char *schema)
{
    for (size_t i = 0; c->dialect == Q_POSTGRES && i < c->s->nschemas; i++)
        if (strcmp(c->s->schemas[i], schema) == 0)
            return true;
    return false;
}

static const ir_table *r_find_table_in(rctx *c, const char *schema, const char *name)
{
    for (size_t i = 0; i < c->s->ntables; i++)
        if (r_name_eq(c, c->s->tables[i].name, name) && r_schema_holds(schema, &c->s->tables[i]))
            return &c->s->tables[i];
    for (size_t i = 0; i < c->s->nviews; i++) /* views (SQL DDL schemas): read-only relations */
        if (r_name_eq(c, c->s->views[i].name, name))
            return &c->s->views[i];
    return NULL;
}


static void r_scope_add(rctx *c, rscope *sc, rrel *r)
{
    if (sc->nrels == sc->cap) {
        size_t ncap = sc->cap ? sc->cap * 2 : 4;
        sc->rels = arena_grow(c->a, sc->rels, sc->cap * sizeof *sc->rels, ncap * sizeof *sc->rels);
        sc->cap = ncap;
    }
    sc->rels[sc->nrels++] = r;
}

/* Report an unknown relation NAME with a suggestion. */
static void r_no_relation(rctx *c, const char *name, int loc)
{
    sc_diag *d = r_error(c, loc, "relation \"%s\" does not exist", name);
    if (!d)
        return;
    const char **cands = ARENA_ARRAY(c->a, const char *, c->s->ntables + 1);
    for (size_t i = 0; i < c->s->ntables; i++) {
        cands[i] = c->s->tables[i].name;
        if (c->dialect == Q_POSTGRES && strcasecmp(cands[i], name) == 0 && strcmp(cands[i], name) != 0) {
            diag_note(c->diags, d, NULL,
                      "PostgreSQL folds unquoted names to lower case: write \"%s\" in double quotes", cands[i]);
            return;
        }
    }
    const char *s = diag_suggest(name, cands, c->s->ntables);
    if (s)
        diag_note(c->diags, d, NULL, "did you mean \"%s\"?", s);
}

/* ---------------------------------------------------------------- forward */

static rval r_expr(rctx *c, rscope *sc, json_t *node, const rval *hint);
static bool r_stmt(rctx *c, rscope *outer, json_t *node, rres *out);
static bool r_select(rctx *c, rscope *outer, json_t *b, rres *out);
static void r_from_item(rctx *c, rscope *sc, json_t *item, rrel ***added, size_t *nadded);

static rval r_val(q_type t, bool nullable)
{
    rval v;
    memset(&v, 0, sizeof v);
    v.t = t;
    v.nullable = nullable;
    return v;
}

/* ---------------------------------------------------------------- column references */

static bool r_col_find(rctx *c, const rrel *r, const char *name, const rcol **out)
{
    for (size_t i = 0; i < r->ncols; i++)
        if (r->cols[i].name && r_name_eq(c, r->cols[i].name, name)) {
            *out = &r->cols[i];
            return true;
        }
    return false;
}

static rval r_from_col(const rrel *r, const rcol *col)
{
    rval v = r_val(col->type, col->nullable || r->optional);
    v.table = col->table;
    v.schema = col->schema;
    v.column = col->column;
    return v;
}

static void r_no_column(rctx *c, rscope *sc, const char *rel, const char *name, int loc)
{
    for (rscope *b = sc; b; b = b->outer)
        if (b->broken) {
            c->failed = true; /* the FROM item's error says it */
            return;
        }
    sc_diag *d = rel ? r_error(c, loc, "column %s.%s does not exist", rel, name)
                     : r_error(c, loc, "column \"%s\" does not exist", name);
    if (!d)
        return;
    size_t n = 0, cap = 16;
    const char **cands = ARENA_ARRAY(c->a, const char *, cap);
    for (rscope *s = sc; s; s = s->outer)
        for (size_t i = 0; i < s->nrels; i++) {
            if (rel && !r_name_eq(c, s->rels[i]->name, rel))
                continue;
            for (size_t k = 0; k < s->rels[i]->ncols; k++) {
                if (n == cap) {
                    cands = arena_grow(c->a, cands, cap * sizeof *cands, cap * 2 * sizeof *cands);
                    cap *= 2;
                }
                cands[n++] = s->rels[i]->cols[k].name;
                if (c->dialect == Q_POSTGRES && s->rels[i]->cols[k].name &&
                    strcasecmp(s->rels[i]->cols[k].name, name) == 0) {
                    diag_note(c->diags, d, NULL,
                              "PostgreSQL folds unquoted names to lower case: write \"%s\" in double quotes",
                              s->rels[i]->cols[k].name);
                    return;
                }
            }
        }
    const char *s = diag_suggest(name, cands, n);
    if (s)
        diag_note(c->diags, d, NULL, "did you mean \"%s\"?", s);
}

static rval r_column_ref(rctx *c, rscope *sc, json_t *body, bool order_by)
{
    json_t *fields = jget(body, "fields");
    size_t n = fields ? json_array_size(fields) : 0;
    int loc = r_loc(body);
    json_t *last_body;
    if (n && strcmp(jkind(json_array_get(fields, n - 1), &last_body), "A_Star") == 0) {
        r_error(c, loc, "* is only allowed in the select list, RETURNING, and count(*)");
        return r_val(r_unknown(), true);
    }
    const char *name = n ? jsval(fields, n - 1) : NULL;
    if (!name) {
        r_error(c, loc, "unsupported column reference");
        return r_val(r_unknown(), true);
    }
    const char *rel = n >= 2 ? jsval(fields, n - 2) : NULL;
    if (n >= 3) {
        const char *schema = jsval(fields, n - 3);
        if (schema && strcmp(schema, c->dialect == Q_POSTGRES ? "public" : "main") != 0 &&
            !r_schema_listed(c, schema)) {
            r_error(c, loc, "schema \"%s\" is not the schema's (%s)", schema,
                    c->dialect == Q_POSTGRES ? "public" : "main");
            return r_val(r_unknown(), true);
        }
    }
    if (!rel && order_by && sc->outputs) {
        /* ORDER BY and GROUP BY see the select list's names first. */
        for (size_t i = 0; i < sc->noutputs; i++)
            if (sc->outputs[i].name && r_name_eq(c, sc->outputs[i].name, name)) {
                rval v = r_val(sc->outputs[i].type, sc->outputs[i].nullable);
                return v;
            }
    }
    for (rscope *s = sc; s; s = s->outer) {
        const rrel *found_rel = NULL;
        const rcol *found = NULL;
        bool rel_seen = false;
        for (size_t i = 0; i < s->nrels; i++) {
            const rrel *r = s->rels[i];
            if (rel && !r_name_eq(c, r->name, rel))
                continue;
            rel_seen = true;
            const rcol *col;
            if (!r_col_find(c, r, name, &col))
                continue;
            if (found && !rel) {
                r_error(c, loc, "column reference \"%s\" is ambiguous", name);
                return r_val(col->type, true);
            }
            found = col;
            found_rel = r;
        }
        if (found)
            return r_from_col(found_rel, found);
        if (rel && rel_seen) {
            r_no_column(c, sc, rel, name, loc);
            return r_val(r_unknown(), true);
        }
    }
    bool broken = false;
    for (rscope *b = sc; b; b = b->outer)
        broken |= b->broken;
    if (broken) {
        c->failed = true;
    } else if (rel) {
        r_error(c, loc, "missing FROM-clause entry for table \"%s\"", rel);
    } else {
        r_no_column(c, sc, NULL, name, loc);
    }
    return r_val(r_unknown(), true);
}

/* ---------------------------------------------------------------- expressions */

static rval r_const(rctx *c, json_t *body)
{
    if (jbool(body, "isnull")) {
        rval v = r_val(r_unknown(), true);
        v.nulllit = true;
        return v;
    }
    if (jget(body, "ival")) {
        rval v = r_val(r_scalar(SC_SCALAR_INT), false);
        v.numlit = true;
        /* a literal too large for Int is a BigInt (libpg_query prints those as fval) */
        return v;
    }
    if (jget(body, "fval")) {
        const char *f = jstr(jget(body, "fval"), "fval");
        bool integral = f && strspn(f, "-0123456789") == strlen(f);
        rval v = r_val(r_scalar(integral ? SC_SCALAR_BIGINT : c->dialect == Q_POSTGRES ? SC_SCALAR_DECIMAL : SC_SCALAR_FLOAT),
                       false);
        v.numlit = true;
        return v;
    }
    if (jget(body, "boolval"))
        return r_val(r_scalar(SC_SCALAR_BOOLEAN), false);
    if (jget(body, "sval")) {
        rval v = r_val(r_scalar(SC_SCALAR_STRING), false);
        v.strlit = true;
        return v;
    }
    if (jget(body, "bsval"))
        return r_val(r_scalar(SC_SCALAR_STRING), false);
    return r_val(r_unknown(), true);
}

/* Evaluate LEFT op RIGHT where each side may give the other its type (parameters, string literals). */
static void r_pair(rctx *c, rscope *sc, json_t *l, json_t *r, rval *lv, rval *rv)
{
    *lv = r_expr(c, sc, l, NULL);
    *rv = r_expr(c, sc, r, lv);
    if (lv->param && q_type_known(&rv->t))
        r_param_type(c, lv->param, &rv->t, r_first_column(r), r_loc(NULL));
    if (lv->param && !q_type_known(&lv->t) && q_type_known(&rv->t))
        lv->t = rv->t;
    if (rv->param && !q_type_known(&rv->t) && q_type_known(&lv->t))
        rv->t = lv->t;
    r_typed_here(c, lv, rv);
    r_typed_here(c, rv, lv);
}

static bool r_is_param(json_t *node, int *n)
{
    json_t *b;
    if (strcmp(jkind(node, &b), "ParamRef") != 0)
        return false;
    json_t *num = jget(b, "number");
    *n = num && json_is_integer(num) ? (int)json_integer_value(num) : 0;
    return true;
}

/* The function name of a FuncCall: its last part, lower case. */
static const char *r_func_name(rctx *c, json_t *body)
{
    json_t *names = jget(body, "funcname");
    size_t n = names ? json_array_size(names) : 0;
    const char *name = n ? jsval(names, n - 1) : NULL;
    if (!name)
        return "";
    char *low = arena_strdup(c->a, name);
    for (char *p = low; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return low;
}

static q_type r_common(rctx *c, const rval *vals, size_t n, int loc, const char *what)
{
    q_type t = r_unknown();
    bool lit_only = true;
    for (size_t i = 0; i < n; i++) {
        if (!q_type_known(&vals[i].t) || vals[i].nulllit)
            continue;
        if (vals[i].strlit && !lit_only)
            continue;
        if (!q_type_known(&t) || (lit_only && !vals[i].strlit)) {
            t = vals[i].t;
            lit_only = vals[i].strlit;
            continue;
        }
        if (q_type_equal(&t, &vals[i].t))
            continue;
        if (r_numeric(&t) && r_numeric(&vals[i].t)) {
            t = r_promote(c, &t, &vals[i].t);
            continue;
        }
        if (vals[i].strlit)
            continue;
        r_error(c, loc, "%s types %s and %s cannot be matched", what, q_type_name(c->a, &t),
                q_type_name(c->a, &vals[i].t));
        break;
    }
    return t;
}

static rval r_func(rctx *c, rscope *sc, json_t *body)
{
    const char *name = r_func_name(c, body);
    int loc = r_loc(body);
    json_t *args = jget(body, "args");
    size_t nargs = args ? json_array_size(args) : 0;
    bool star = jbool(body, "agg_star");
    json_t *over = jget(body, "over");
    const q_func *f = q_func_find(name, c->dialect);
    if (!f) {
        /* Inside a cast the type is known, so an unknown function passes, but only for the database the query is
           written for: emitted for the other one, it might not exist there. */
        if (!c->in_cast || !c->report) {
            size_t nn = 0;
            const char *const *names = q_func_names(c->a, c->dialect, &nn);
            sc_diag *d = r_error(c, loc, "function %s(%s) does not exist, or schemac does not know what it returns",
                                 name, nargs ? "..." : "");
            const char *s = d ? diag_suggest(name, names, nn) : NULL;
            if (s)
                diag_note(c->diags, d, NULL, "did you mean %s()?", s);
            if (d)
                diag_note(c->diags, d, NULL, "a function schemac does not know can still be used inside a cast: "
                                            "CAST(f(...) AS type)");
        }
        for (size_t i = 0; i < nargs; i++)
            r_expr(c, sc, json_array_get(args, i), NULL);
        return r_val(r_unknown(), true);
    }
    if ((int)nargs < f->min_args || (f->max_args >= 0 && (int)nargs > f->max_args)) {
        if (!(star && strcmp(f->name, "count") == 0))
            r_error(c, loc, "%s() takes %d%s argument%s, not %zu", f->name, f->min_args,
                    f->max_args < 0 ? " or more" : f->max_args != f->min_args ? arena_printf(c->a, " to %d", f->max_args) : "",
                    f->max_args == 1 && f->min_args == 1 ? "" : "s", nargs);
    }
    if (f->window && !over)
        r_error(c, loc, "window function %s() requires an OVER clause", f->name);
    if (f->agg && sc->in_agg && !over)
        r_error(c, loc, "aggregate function calls cannot be nested");
    bool was = sc->in_agg;
    if (f->agg && !over)
        sc->in_agg = true;
    rval vals[16];
    size_t nv = nargs < 16 ? nargs : 16;
    bool any_null = false, all_null = nargs > 0, any_agg = false;
    /* Text functions type their parameters as text. */
    bool text_args = f->ret == QR_FIXED && f->type == SC_SCALAR_STRING && strcmp(f->name, "format") != 0 &&
                     strcmp(f->name, "printf") != 0 && strcmp(f->name, "to_char") != 0;
    for (size_t i = 0; i < nargs; i++) {
        rval v = r_expr(c, sc, json_array_get(args, i), i ? &vals[0] : NULL);
        if (v.param && !q_type_known(&v.t)) {
            q_type st = r_scalar(SC_SCALAR_STRING);
            if (text_args || (i > 0 && f->ret == QR_COMMON && q_type_known(&vals[0].t)))
                r_param_type(c, v.param, text_args ? &st : &vals[0].t, name, loc);
            else
                r_param_type(c, v.param, NULL, name, loc);
            v.t = c->params[v.param - 1].type;
        }
        if (i < nv)
            vals[i] = v;
        any_null |= v.nullable;
        all_null &= v.nullable;
        any_agg |= v.agg;
    }
    sc->in_agg = was;
    /* Parameters of coalesce/nullif/greatest take the common type. */
    q_type t = r_unknown();
    switch (f->ret) {
    case QR_FIXED: t = r_scalar(f->type); break;
    case QR_ARG1: t = nv ? vals[0].t : r_unknown(); break;
    case QR_SUM:
        if (nv && vals[0].t.scalar == SC_SCALAR_FLOAT)
            t = vals[0].t;
        else if (nv && c->dialect == Q_POSTGRES)
            t = r_scalar(vals[0].t.scalar == SC_SCALAR_INT ? SC_SCALAR_BIGINT : SC_SCALAR_DECIMAL);
        else if (nv && vals[0].t.scalar == SC_SCALAR_DECIMAL)
            t = r_scalar(SC_SCALAR_FLOAT);
        else
            t = r_scalar(SC_SCALAR_BIGINT);
        if (nv && !r_numeric(&vals[0].t) && q_type_known(&vals[0].t))
            r_error(c, loc, "sum() of %s: it takes numbers", q_type_name(c->a, &vals[0].t));
        break;
    case QR_AVG:
        t = r_scalar(c->dialect == Q_POSTGRES && !(nv && vals[0].t.scalar == SC_SCALAR_FLOAT) ? SC_SCALAR_DECIMAL
                                                                                               : SC_SCALAR_FLOAT);
        break;
    case QR_COMMON:
        t = r_common(c, f->ret == QR_COMMON && strcmp(f->name, "iif") == 0 && nv > 1 ? vals + 1 : vals,
                     strcmp(f->name, "iif") == 0 && nv > 1 ? nv - 1 : nv, loc, f->name);
        for (size_t i = 0; i < nv; i++)
            if (vals[i].param && q_type_known(&t))
                r_param_type(c, vals[i].param, &t, NULL, loc);
        break;
    case QR_ELEM:
        t = nv ? vals[0].t : r_unknown();
        t.list = false;
        break;
    case QR_ARRAY:
        t = nv ? vals[0].t : r_unknown();
        t.list = true;
        break;
    }
    bool nullable = true;
    switch (f->null) {
    case QN_STRICT: nullable = any_null; break;
    case QN_NEVER: nullable = false; break;
    case QN_ALWAYS: nullable = true; break;
    case QN_ALL: nullable = all_null; break;
    case QN_AGG: nullable = true; break; /* refined by the statement: GROUP BY and NOT NULL arguments */
    }
    if (jget(body, "agg_filter") && f->null == QN_AGG)
        nullable = true;
    rval v = r_val(t, nullable);
    v.agg = (f->agg && !over) || any_agg;
    if (f->null == QN_AGG && !over && !any_null && !jget(body, "agg_filter"))
        v.numlit = true; /* marker: NULL only over no rows (see r_select) */
    return v;
}

static rval r_sublink(rctx *c, rscope *sc, json_t *body)
{
    const char *kind = jstr(body, "subLinkType");
    int loc = r_loc(body);
    rres res;
    memset(&res, 0, sizeof res);
    if (!r_stmt(c, sc, jget(body, "subselect"), &res))
        return r_val(r_unknown(), true);
    if (kind && strcmp(kind, "EXISTS_SUBLINK") == 0)
        return r_val(r_scalar(SC_SCALAR_BOOLEAN), false);
    if (res.ncols != 1) {
        r_error(c, loc, "subquery must return only one column (it returns %zu)", res.ncols);
        return r_val(r_unknown(), true);
    }
    const rcol *col = &res.cols[0];
    if (kind && (strcmp(kind, "ANY_SUBLINK") == 0 || strcmp(kind, "ALL_SUBLINK") == 0)) {
        json_t *test = jget(body, "testexpr");
        rval hint = r_val(col->type, col->nullable);
        rval tv = r_expr(c, sc, test, &hint);
        if (tv.param) {
            r_param_type(c, tv.param, &col->type, col->name, r_loc(NULL));
            r_typed_here(c, &tv, NULL);
        }
        return r_val(r_scalar(SC_SCALAR_BOOLEAN), tv.nullable || col->nullable);
    }
    if (kind && strcmp(kind, "ARRAY_SUBLINK") == 0) {
        q_type t = col->type;
        t.list = true;
        return r_val(t, false);
    }
    /* A scalar subquery is NULL when it finds no row, unless it is an aggregate without GROUP BY (one row). */
    bool nullable = col->nullable || !res.aggregate_only;
    rval v = r_val(col->type, nullable);
    return v;
}

static rval r_aexpr(rctx *c, rscope *sc, json_t *body)
{
    const char *kind = jstr(body, "kind");
    json_t *names = jget(body, "name");
    const char *op = names ? jsval(names, json_array_size(names) - 1) : "";
    if (!op)
        op = "";
    json_t *l = jget(body, "lexpr"), *r = jget(body, "rexpr");
    int loc = r_loc(body);
    rval lv, rv;
    if (!kind)
        kind = "";
    if (strcmp(kind, "AEXPR_IN") == 0) {
        lv = r_expr(c, sc, l, NULL);
        bool nullable = lv.nullable;
        json_t *lb;
        json_t *items = strcmp(jkind(r, &lb), "List") == 0 ? jget(lb, "items") : NULL;
        for (size_t i = 0; items && i < json_array_size(items); i++) {
            rval iv = r_expr(c, sc, json_array_get(items, i), &lv);
            if (iv.param) {
                r_param_type(c, iv.param, &lv.t, r_first_column(l), loc);
                r_typed_here(c, &iv, &lv);
            } else if (lv.param) {
                r_param_type(c, lv.param, &iv.t, r_first_column(json_array_get(items, i)), loc);
                r_typed_here(c, &lv, &iv);
            } else if (!r_compatible(&lv, &iv))
                r_error(c, loc, "operator does not exist: %s = %s", q_type_name(c->a, &lv.t), q_type_name(c->a, &iv.t));
            nullable |= iv.nullable;
        }
        return r_val(r_scalar(SC_SCALAR_BOOLEAN), nullable);
    }
    if (strcmp(kind, "AEXPR_BETWEEN") == 0 || strcmp(kind, "AEXPR_NOT_BETWEEN") == 0 ||
        strcmp(kind, "AEXPR_BETWEEN_SYM") == 0 || strcmp(kind, "AEXPR_NOT_BETWEEN_SYM") == 0) {
        lv = r_expr(c, sc, l, NULL);
        json_t *lb;
        json_t *items = strcmp(jkind(r, &lb), "List") == 0 ? jget(lb, "items") : NULL;
        bool nullable = lv.nullable;
        const char *col = r_first_column(l);
        for (size_t i = 0; items && i < json_array_size(items) && i < 2; i++) {
            rval iv = r_expr(c, sc, json_array_get(items, i), &lv);
            if (iv.param) {
                r_param_type(c, iv.param, &lv.t, col ? arena_printf(c->a, "%s_%s", i ? "to" : "from", col) : NULL, loc);
                r_typed_here(c, &iv, &lv);
            } else if (!r_compatible(&lv, &iv))
                r_error(c, loc, "BETWEEN of %s and %s", q_type_name(c->a, &lv.t), q_type_name(c->a, &iv.t));
            nullable |= iv.nullable;
        }
        return r_val(r_scalar(SC_SCALAR_BOOLEAN), nullable);
    }
    if (strcmp(kind, "AEXPR_OP_ANY") == 0 || strcmp(kind, "AEXPR_OP_ALL") == 0) {
        lv = r_expr(c, sc, l, NULL);
        q_type want = lv.t;
        want.list = true;
        rval hint = r_val(want, false);
        rv = r_expr(c, sc, r, &hint);
        if (rv.param) {
            r_param_type(c, rv.param, q_type_known(&lv.t) ? &want : NULL, r_first_column(l), loc);
            r_typed_here(c, &rv, &lv);
        } else if (lv.param && q_type_known(&rv.t)) {
            q_type el = rv.t;
            el.list = false;
            r_param_type(c, lv.param, &el, r_first_column(r), loc);
            r_typed_here(c, &lv, &rv);
        } else if (q_type_known(&rv.t) && !rv.t.list)
            r_error(c, loc, "op ANY/ALL (array) requires an array on the right, found %s", q_type_name(c->a, &rv.t));
        return r_val(r_scalar(SC_SCALAR_BOOLEAN), lv.nullable || rv.nullable);
    }
    if (strcmp(kind, "AEXPR_NULLIF") == 0) {
        r_pair(c, sc, l, r, &lv, &rv);
        rval v = r_val(lv.t, true);
        return v;
    }
    bool like = strcmp(kind, "AEXPR_LIKE") == 0 || strcmp(kind, "AEXPR_ILIKE") == 0 ||
                strcmp(kind, "AEXPR_SIMILAR") == 0;
    bool distinct = strcmp(kind, "AEXPR_DISTINCT") == 0 || strcmp(kind, "AEXPR_NOT_DISTINCT") == 0;
    if (!l) {
        /* prefix operator: -x, +x, ~x */
        rv = r_expr(c, sc, r, NULL);
        r_typeless_here(c, &rv);
        if (rv.param && !q_type_known(&rv.t))
            r_error(c, loc, "could not determine data type of parameter %s: cast it (CAST(%s AS type))",
                    r_param_label(c, rv.param), r_param_written(c, rv.param));
        rval v = r_val(rv.t, rv.nullable);
        v.agg = rv.agg;
        return v;
    }
    r_pair(c, sc, l, r, &lv, &rv);
    if (rv.param && q_type_known(&lv.t) && !like)
        r_param_type(c, rv.param, &lv.t, r_first_column(l), loc);
    bool agg = lv.agg || rv.agg;
    bool nullable = lv.nullable || rv.nullable;
    if (like) {
        q_type s = r_scalar(SC_SCALAR_STRING);
        if (lv.param)
            r_param_type(c, lv.param, &s, r_first_column(r), loc);
        if (rv.param)
            r_param_type(c, rv.param, &s, r_first_column(l), loc);
        rval v = r_val(r_scalar(SC_SCALAR_BOOLEAN), nullable);
        v.agg = agg;
        return v;
    }
    static const char *const cmp[] = {"=", "<>", "!=", "<", ">", "<=", ">="};
    bool is_cmp = distinct;
    for (size_t i = 0; i < sizeof cmp / sizeof cmp[0]; i++)
        is_cmp |= strcmp(op, cmp[i]) == 0;
    if (is_cmp) {
        if (!lv.param && !rv.param && !r_compatible(&lv, &rv))
            r_error(c, loc, "operator does not exist: %s %s %s", q_type_name(c->a, &lv.t), op, q_type_name(c->a, &rv.t));
        rval v = r_val(r_scalar(SC_SCALAR_BOOLEAN), distinct ? false : nullable);
        v.agg = agg;
        return v;
    }
    q_type t = r_unknown();
    bool always_null = false;
    if (strcmp(op, "||") == 0) {
        if (lv.t.list || rv.t.list)
            t = lv.t.list ? lv.t : rv.t;
        else if (lv.t.scalar == SC_SCALAR_JSON && rv.t.scalar == SC_SCALAR_JSON)
            t = lv.t;
        else {
            t = r_scalar(SC_SCALAR_STRING);
            q_type s = t;
            if (lv.param && !q_type_known(&lv.t))
                r_param_type(c, lv.param, &s, NULL, loc);
            if (rv.param && !q_type_known(&rv.t))
                r_param_type(c, rv.param, &s, NULL, loc);
        }
    } else if (strcmp(op, "->") == 0 || strcmp(op, "#>") == 0) {
        t = c->dialect == Q_SQLITE ? r_scalar(SC_SCALAR_JSON) : r_scalar(SC_SCALAR_JSON);
        always_null = true;
    } else if (strcmp(op, "->>") == 0 || strcmp(op, "#>>") == 0) {
        t = r_scalar(SC_SCALAR_STRING);
        always_null = true;
    } else if (strcmp(op, "@>") == 0 || strcmp(op, "<@") == 0 || strcmp(op, "?") == 0 || strcmp(op, "?|") == 0 ||
               strcmp(op, "?&") == 0 || strcmp(op, "&&") == 0 || strcmp(op, "~") == 0 || strcmp(op, "~*") == 0 ||
               strcmp(op, "!~") == 0 || strcmp(op, "!~*") == 0) {
        t = r_scalar(SC_SCALAR_BOOLEAN);
        if (rv.param && !q_type_known(&rv.t)) {
            q_type s = (op[0] == '?') ? r_scalar(SC_SCALAR_STRING) : lv.t;
            r_param_type(c, rv.param, &s, r_first_column(l), loc);
        }
    } else if (strchr("+-*/%", op[0]) && op[1] == '\0') {
        if (lv.t.scalar == SC_SCALAR_DATETIME || rv.t.scalar == SC_SCALAR_DATETIME) {
            bool both = lv.t.scalar == SC_SCALAR_DATETIME && rv.t.scalar == SC_SCALAR_DATETIME && op[0] == '-';
            t = r_scalar(both ? SC_SCALAR_STRING : SC_SCALAR_DATETIME); /* timestamp - timestamp is an interval */
        } else if (r_numeric(&lv.t) && r_numeric(&rv.t)) {
            t = r_promote(c, &lv.t, &rv.t);
            if (c->dialect == Q_SQLITE && lv.numlit && rv.numlit)
                t = r_scalar(SC_SCALAR_BIGINT);
        } else if (r_numeric(&lv.t) && (rv.strlit || !q_type_known(&rv.t))) {
            t = lv.t;
        } else if (r_numeric(&rv.t) && (lv.strlit || !q_type_known(&lv.t))) {
            t = rv.t;
        } else if (q_type_known(&lv.t) && q_type_known(&rv.t)) {
            r_error(c, loc, "operator does not exist: %s %s %s", q_type_name(c->a, &lv.t), op,
                    q_type_name(c->a, &rv.t));
        }
        if (lv.param && !q_type_known(&lv.t) && q_type_known(&rv.t))
            r_param_type(c, lv.param, &rv.t, r_first_column(r), loc);
    } else {
        r_error(c, loc, "operator %s is not known to schemac: cast its result (CAST(... AS type))", op);
    }
    rval v = r_val(t, nullable || always_null);
    v.agg = agg;
    return v;
}

static rval r_case(rctx *c, rscope *sc, json_t *body)
{
    json_t *arg = jget(body, "arg");
    rval av = arg ? r_expr(c, sc, arg, NULL) : r_val(r_unknown(), false);
    json_t *whens = jget(body, "args");
    size_t n = whens ? json_array_size(whens) : 0;
    rval *res = ARENA_ARRAY(c->a, rval, n + 2);
    bool nullable = false, agg = false;
    rval boolhint = r_val(r_scalar(SC_SCALAR_BOOLEAN), false);
    for (size_t i = 0; i < n; i++) {
        json_t *wb;
        jkind(json_array_get(whens, i), &wb);
        rval cond = r_expr(c, sc, jget(wb, "expr"), arg ? &av : &boolhint);
        if (cond.param) {
            r_param_type(c, cond.param, arg ? &av.t : &boolhint.t, NULL, r_loc(wb));
            r_typed_here(c, &cond, arg ? &av : NULL);
        }
        res[i] = r_expr(c, sc, jget(wb, "result"), NULL);
        nullable |= res[i].nullable;
        agg |= res[i].agg || cond.agg;
    }
    json_t *def = jget(body, "defresult");
    size_t nr = n;
    if (def) {
        res[nr++] = r_expr(c, sc, def, NULL);
        nullable |= res[nr - 1].nullable;
    } else {
        nullable = true;
    }
    q_type t = r_common(c, res, nr, r_loc(body), "CASE");
    r_typed_common(c, res, nr);
    for (size_t i = 0; i < nr; i++)
        if (res[i].param && q_type_known(&t))
            r_param_type(c, res[i].param, &t, NULL, r_loc(body));
    rval v = r_val(t, nullable);
    v.agg = agg;
    return v;
}

static rval r_expr(rctx *c, rscope *sc, json_t *node, const rval *hint)
{
    json_t *b;
    const char *k = jkind(node, &b);
    if (!node)
        return r_val(r_unknown(), true);
    if (strcmp(k, "ColumnRef") == 0)
        return r_column_ref(c, sc, b, false);
    if (strcmp(k, "ParamRef") == 0) {
        int n = 0;
        r_is_param(node, &n);
        rval v = r_val(r_unknown(), false);
        if (n >= 1 && n <= c->qt->nparams) {
            v.param = n;
            v.occ = r_occ(c, n, r_loc(b));
            if (hint && q_type_known(&hint->t) && !hint->strlit && !hint->nulllit)
                r_param_type(c, n, &hint->t, NULL, r_loc(b));
            v.t = c->params[n - 1].type;
            v.nullable = c->params[n - 1].nullable;
        } else {
            r_error(c, r_loc(b), "there is no parameter $%d", n);
        }
        return v;
    }
    if (strcmp(k, "A_Const") == 0)
        return r_const(c, b);
    if (strcmp(k, "TypeCast") == 0) {
        q_type t;
        json_t *tn = jget(b, "typeName");
        bool ok = r_type_name(c, tn, &t);
        if (!ok) {
            json_t *names = jget(tn, "names");
            const char *nm = names ? jsval(names, json_array_size(names) - 1) : "?";
            r_error(c, r_loc(tn), "type \"%s\" is not one schemac maps to a C type", nm ? nm : "?");
            t = r_unknown();
        }
        rval hint2 = r_val(t, false);
        c->in_cast++;
        rval av = r_expr(c, sc, jget(b, "arg"), &hint2);
        c->in_cast--;
        if (av.param) {
            r_param_type(c, av.param, &t, NULL, r_loc(b));
            r_typed_here(c, &av, NULL);
            return r_val(t, av.nullable);
        }
        rval v = r_val(t, av.nullable);
        v.agg = av.agg;
        return v;
    }
    if (strcmp(k, "A_Expr") == 0)
        return r_aexpr(c, sc, b);
    if (strcmp(k, "BoolExpr") == 0) {
        json_t *args = jget(b, "args");
        bool nullable = false, agg = false;
        rval hint2 = r_val(r_scalar(SC_SCALAR_BOOLEAN), false);
        for (size_t i = 0; args && i < json_array_size(args); i++) {
            rval v = r_expr(c, sc, json_array_get(args, i), &hint2);
            if (v.param) {
                r_param_type(c, v.param, &hint2.t, NULL, r_loc(b));
                r_typed_here(c, &v, NULL);
            } else if (q_type_known(&v.t) && v.t.scalar != SC_SCALAR_BOOLEAN && !(c->dialect == Q_SQLITE && r_numeric(&v.t)))
                r_error(c, r_loc(b), "argument of %s must be Boolean, not %s",
                        strcmp(jstr(b, "boolop") ? jstr(b, "boolop") : "", "OR_EXPR") == 0 ? "OR" : strcmp(jstr(b, "boolop") ? jstr(b, "boolop") : "", "NOT_EXPR") == 0 ? "NOT" : "AND",
                        q_type_name(c->a, &v.t));
            nullable |= v.nullable;
            agg |= v.agg;
        }
        rval v = r_val(r_scalar(SC_SCALAR_BOOLEAN), nullable);
        v.agg = agg;
        return v;
    }
    if (strcmp(k, "NullTest") == 0 || strcmp(k, "BooleanTest") == 0) {
        rval av = r_expr(c, sc, jget(b, "arg"), NULL);
        bool null_test = strcmp(k, "NullTest") == 0;
        if (null_test)
            r_typeless_here(c, &av); /* IS NULL takes any type: PostgreSQL gives the parameter none here */
        else
            r_typed_here(c, &av, NULL); /* IS TRUE: boolean */
        /* IS NULL before the parameter's typed use (x IS NULL OR col = x): an error only if nothing types it */
        if (av.param && !q_type_known(&av.t) && null_test && !c->null_loc[av.param - 1])
            c->null_loc[av.param - 1] = r_loc(b) + 1;
        else if (av.param && !q_type_known(&av.t) && !null_test)
            r_error(c, r_loc(b), "could not determine data type of parameter %s: cast it (CAST(%s AS type))",
                    r_param_label(c, av.param), r_param_written(c, av.param));
        rval v = r_val(r_scalar(SC_SCALAR_BOOLEAN), false);
        v.agg = av.agg;
        return v;
    }
    if (strcmp(k, "FuncCall") == 0)
        return r_func(c, sc, b);
    if (strcmp(k, "CoalesceExpr") == 0 || strcmp(k, "MinMaxExpr") == 0) {
        json_t *args = jget(b, "args");
        size_t n = args ? json_array_size(args) : 0;
        rval *vals = ARENA_ARRAY(c->a, rval, n + 1);
        bool all_null = n > 0, agg = false;
        for (size_t i = 0; i < n; i++) {
            vals[i] = r_expr(c, sc, json_array_get(args, i), i ? &vals[0] : hint);
            all_null &= vals[i].nullable;
            agg |= vals[i].agg;
        }
        q_type t = r_common(c, vals, n, r_loc(b), strcmp(k, "CoalesceExpr") == 0 ? "COALESCE" : "GREATEST/LEAST");
        r_typed_common(c, vals, n);
        for (size_t i = 0; i < n; i++)
            if (vals[i].param && q_type_known(&t))
                r_param_type(c, vals[i].param, &t, NULL, r_loc(b));
        rval v = r_val(t, strcmp(k, "CoalesceExpr") == 0 ? all_null : all_null);
        v.agg = agg;
        return v;
    }
    if (strcmp(k, "CaseExpr") == 0)
        return r_case(c, sc, b);
    if (strcmp(k, "SubLink") == 0)
        return r_sublink(c, sc, b);
    if (strcmp(k, "A_ArrayExpr") == 0) {
        json_t *els = jget(b, "elements");
        size_t n = els ? json_array_size(els) : 0;
        rval *vals = ARENA_ARRAY(c->a, rval, n + 1);
        for (size_t i = 0; i < n; i++)
            vals[i] = r_expr(c, sc, json_array_get(els, i), NULL);
        q_type t = r_common(c, vals, n, r_loc(b), "ARRAY");
        t.list = true;
        return r_val(t, false);
    }
    if (strcmp(k, "SQLValueFunction") == 0) {
        const char *op = jstr(b, "op");
        if (op && (strstr(op, "TIMESTAMP") || strstr(op, "DATE")))
            return r_val(r_scalar(SC_SCALAR_DATETIME), false);
        return r_val(r_scalar(SC_SCALAR_STRING), false);
    }
    if (strcmp(k, "CollateClause") == 0)
        return r_expr(c, sc, jget(b, "arg"), hint);
    if (strcmp(k, "A_Indirection") == 0) {
        rval av = r_expr(c, sc, jget(b, "arg"), NULL);
        q_type t = av.t;
        t.list = false;
        return r_val(t, true);
    }
    if (strcmp(k, "GroupingFunc") == 0)
        return r_val(r_scalar(SC_SCALAR_INT), false);
    if (strcmp(k, "SetToDefault") == 0)
        return r_val(hint ? hint->t : r_unknown(), false);
    r_error(c, r_loc(b), "%s is not supported in typed queries", *k ? k : "this expression");
    return r_val(r_unknown(), true);
}

/* ---------------------------------------------------------------- FROM */

static rrel *r_rel_from_result(rctx *c, const char *name, const rres *res, json_t *alias)
{
    rrel *r = ARENA_NEW(c->a, rrel);
    memset(r, 0, sizeof *r);
    r->name = name;
    r->ncols = res->ncols;
    r->cols = ARENA_ARRAY(c->a, rcol, res->ncols + 1);
    json_t *colnames = alias ? jget(alias, "colnames") : NULL;
    for (size_t i = 0; i < res->ncols; i++) {
        r->cols[i] = res->cols[i];
        const char *cn = colnames && i < json_array_size(colnames) ? jsval(colnames, i) : NULL;
        if (cn)
            r->cols[i].name = cn;
    }
    return r;
}

static void r_add_rel(rctx *c, rscope *sc, rrel *r, rrel ***added, size_t *nadded)
{
    for (size_t i = 0; i < sc->nrels; i++)
        if (r_name_eq(c, sc->rels[i]->name, r->name)) {
            r_error(c, -1, "table name \"%s\" specified more than once", r->name);
            break;
        }
    r_scope_add(c, sc, r);
    *added = arena_grow(c->a, *added, *nadded * sizeof **added, (*nadded + 1) * sizeof **added);
    (*added)[(*nadded)++] = r;
}

static void r_from_item(rctx *c, rscope *sc, json_t *item, rrel ***added, size_t *nadded)
{
    json_t *b;
    const char *k = jkind(item, &b);
    if (strcmp(k, "RangeVar") == 0) {
        const char *rel = jstr(b, "relname");
        const char *schema = jstr(b, "schemaname");
        json_t *alias = jget(b, "alias");
        const char *aname = alias ? jstr(alias, "aliasname") : NULL;
        if (!schema) {
            for (rcte *ct = c->ctes; ct; ct = ct->next)
                if (r_name_eq(c, ct->name, rel)) {
                    rrel *r = ARENA_NEW(c->a, rrel);
                    *r = *ct->rel;
                    r->name = aname ? aname : rel;
                    r->optional = false;
                    r_add_rel(c, sc, r, added, nadded);
                    return;
                }
        } else if (strcmp(schema, c->dialect == Q_POSTGRES ? "public" : "main") != 0 && !r_schema_listed(c, schema)) {
            r_error(c, r_loc(b), "schema \"%s\" is not the schema's", schema);
            return;
        }
        const ir_table *t = r_find_table_in(c, schema, rel);
        if (!t) {
            r_no_relation(c, rel, r_loc(b));
            return;
        }
        r_add_rel(c, sc, r_table_rel(c, t, aname), added, nadded);
        return;
    }
    if (strcmp(k, "RangeSubselect") == 0) {
        json_t *alias = jget(b, "alias");
        const char *aname = alias ? jstr(alias, "aliasname") : NULL;
        rres res;
        memset(&res, 0, sizeof res);
        /* A subquery in FROM sees the outer query only when LATERAL. */
        rscope lat = {jbool(b, "lateral") ? sc : sc->outer, NULL, 0, 0, NULL, 0, false, false};
        if (!r_stmt(c, &lat, jget(b, "subquery"), &res))
            return;
        if (!aname) {
            if (c->dialect == Q_POSTGRES) {
                r_error(c, -1, "subquery in FROM must have an alias");
                return;
            }
            aname = "";
        }
        r_add_rel(c, sc, r_rel_from_result(c, aname, &res, alias), added, nadded);
        return;
    }
    if (strcmp(k, "JoinExpr") == 0) {
        rrel **left = NULL, **right = NULL;
        size_t nl = 0, nr = 0;
        r_from_item(c, sc, jget(b, "larg"), &left, &nl);
        r_from_item(c, sc, jget(b, "rarg"), &right, &nr);
        const char *jt = jstr(b, "jointype");
        bool lopt = false, ropt = false;
        if (jt && strcmp(jt, "JOIN_LEFT") == 0)
            ropt = true;
        else if (jt && strcmp(jt, "JOIN_RIGHT") == 0)
            lopt = true;
        else if (jt && strcmp(jt, "JOIN_FULL") == 0)
            lopt = ropt = true;
        json_t *quals = jget(b, "quals");
        if (quals) {
            rval hint = r_val(r_scalar(SC_SCALAR_BOOLEAN), false);
            rval v = r_expr(c, sc, quals, &hint);
            if (v.param) {
                r_param_type(c, v.param, &hint.t, NULL, -1);
                r_typed_here(c, &v, NULL);
            }
        }
        json_t *using = jget(b, "usingClause");
        for (size_t i = 0; using && i < json_array_size(using); i++) {
            const char *col = jsval(using, i);
            const rcol *x = NULL;
            bool inl = false, inr = false;
            for (size_t k2 = 0; k2 < nl && col; k2++)
                inl |= r_col_find(c, left[k2], col, &x);
            for (size_t k2 = 0; k2 < nr && col; k2++)
                inr |= r_col_find(c, right[k2], col, &x);
            if (!inl || !inr)
                r_error(c, -1, "column \"%s\" specified in USING clause does not exist in %s table", col ? col : "?",
                        inl ? "right" : "left");
        }
        for (size_t i = 0; i < nl; i++)
            left[i]->optional |= lopt;
        for (size_t i = 0; i < nr; i++)
            right[i]->optional |= ropt;
        for (size_t i = 0; i < nl; i++) {
            *added = arena_grow(c->a, *added, *nadded * sizeof **added, (*nadded + 1) * sizeof **added);
            (*added)[(*nadded)++] = left[i];
        }
        for (size_t i = 0; i < nr; i++) {
            *added = arena_grow(c->a, *added, *nadded * sizeof **added, (*nadded + 1) * sizeof **added);
            (*added)[(*nadded)++] = right[i];
        }
        return;
    }
    if (strcmp(k, "RangeFunction") == 0) {
        /* unnest($1) / unnest(array) and generate_series(a, b): one column named after the alias or the function. */
        json_t *fns = jget(b, "functions");
        json_t *lb;
        json_t *first = fns ? json_array_get(fns, 0) : NULL;
        json_t *items = first && strcmp(jkind(first, &lb), "List") == 0 ? jget(lb, "items") : NULL;
        json_t *fb;
        const char *fk = jkind(items ? json_array_get(items, 0) : NULL, &fb);
        json_t *alias = jget(b, "alias");
        const char *aname = alias ? jstr(alias, "aliasname") : NULL;
        if (strcmp(fk, "FuncCall") != 0) {
            r_error(c, -1, "this table function is not supported in typed queries");
            return;
        }
        const char *fname = r_func_name(c, fb);
        rval v;
        if (strcmp(fname, "generate_series") == 0) {
            json_t *args = jget(fb, "args");
            rval a0 = r_expr(c, sc, json_array_get(args, 0), NULL);
            for (size_t i = 1; args && i < json_array_size(args); i++) {
                rval ai = r_expr(c, sc, json_array_get(args, i), &a0);
                if (ai.param) {
                    r_param_type(c, ai.param, &a0.t, fname, r_loc(fb));
                    r_typed_here(c, &ai, &a0);
                }
            }
            v = r_val(q_type_known(&a0.t) ? a0.t : r_scalar(SC_SCALAR_INT), false);
        } else if (strcmp(fname, "unnest") == 0) {
            rval a0 = r_expr(c, sc, json_array_get(jget(fb, "args"), 0), NULL);
            r_typeless_here(c, &a0); /* unnest(anyarray) */
            if (a0.param && !q_type_known(&a0.t))
                r_error(c, r_loc(fb), "could not determine data type of parameter %s: cast it (CAST(%s AS integer[]))",
                        r_param_label(c, a0.param), r_param_written(c, a0.param));
            v = r_val(a0.t, true);
            v.t.list = false;
        } else {
            r_error(c, r_loc(fb), "table function %s() is not supported in typed queries (unnest and "
                                  "generate_series are)",
                    fname);
            return;
        }
        rrel *r = ARENA_NEW(c->a, rrel);
        memset(r, 0, sizeof *r);
        r->name = aname ? aname : fname;
        r->ncols = 1;
        r->cols = ARENA_ARRAY(c->a, rcol, 1);
        json_t *cn = alias ? jget(alias, "colnames") : NULL;
        r->cols[0].name = cn && json_array_size(cn) ? jsval(cn, 0) : r->name;
        r->cols[0].type = v.t;
        r->cols[0].nullable = v.nullable;
        r_add_rel(c, sc, r, added, nadded);
        return;
    }
    r_error(c, -1, "%s in FROM is not supported in typed queries", *k ? k : "this item");
}

/* ---------------------------------------------------------------- statements */

/* sqlc's name for an unaliased select-list expression. */
static const char *r_out_name(rctx *c, json_t *val)
{
    json_t *b;
    const char *k = jkind(val, &b);
    if (strcmp(k, "ColumnRef") == 0) {
        json_t *f = jget(b, "fields");
        size_t n = f ? json_array_size(f) : 0;
        const char *s = n ? jsval(f, n - 1) : NULL;
        return s ? s : "";
    }
    if (strcmp(k, "FuncCall") == 0)
        return r_func_name(c, b);
    if (strcmp(k, "CoalesceExpr") == 0) {
        const char *col = NULL;
        json_t *args = jget(b, "args");
        for (size_t i = 0; args && i < json_array_size(args) && !col; i++) {
            json_t *ab;
            if (strcmp(jkind(json_array_get(args, i), &ab), "ColumnRef") == 0)
                col = r_out_name(c, json_array_get(args, i));
        }
        return col ? col : "coalesce";
    }
    if (strcmp(k, "TypeCast") == 0) {
        json_t *ab;
        json_t *arg = jget(b, "arg");
        if (strcmp(jkind(arg, &ab), "ColumnRef") == 0) {
            json_t *f = jget(ab, "fields");
            strbuf s;
            strbuf_init(&s, c->a);
            for (size_t i = 0; f && i < json_array_size(f); i++) {
                const char *p = jsval(f, i);
                if (p)
                    strbuf_printf(&s, "%s%s", s.len ? "_" : "", p);
            }
            return strbuf_str(&s);
        }
        return "";
    }
    if (strcmp(k, "SubLink") == 0) {
        const char *t = jstr(b, "subLinkType");
        if (t && strcmp(t, "EXISTS_SUBLINK") == 0)
            return "exists";
        json_t *sb;
        jkind(jget(b, "subselect"), &sb);
        json_t *tl = jget(sb, "targetList");
        json_t *rb;
        if (tl && json_array_size(tl) && strcmp(jkind(json_array_get(tl, 0), &rb), "ResTarget") == 0) {
            const char *n = jstr(rb, "name");
            return n ? n : r_out_name(c, jget(rb, "val"));
        }
        return "";
    }
    if (strcmp(k, "BoolExpr") == 0) {
        const char *op = jstr(b, "boolop");
        json_t *args = jget(b, "args");
        json_t *ab;
        if (op && strcmp(op, "NOT_EXPR") == 0 && args && strcmp(jkind(json_array_get(args, 0), &ab), "SubLink") == 0 &&
            jstr(ab, "subLinkType") && strcmp(jstr(ab, "subLinkType"), "EXISTS_SUBLINK") == 0)
            return "not_exists";
    }
    return "";
}

/* An output column whose alias carries an annotation: "name?" (nullable), "name!" (not NULL), "name: Type". */
static void r_alias_annotation(rctx *c, const char *alias, rcol *col, int loc)
{
    size_t n = strlen(alias);
    const char *colon = strchr(alias, ':');
    size_t base = colon ? (size_t)(colon - alias) : n;
    if (colon) {
        const char *tn = colon + 1;
        while (*tn == ' ')
            tn++;
        size_t tl = strlen(tn);
        bool q = tl && (tn[tl - 1] == '?' || tn[tl - 1] == '!');
        char *tname = arena_strndup(c->a, tn, q ? tl - 1 : tl);
        bool list = strlen(tname) > 2 && strcmp(tname + strlen(tname) - 2, "[]") == 0;
        if (list)
            tname[strlen(tname) - 2] = '\0';
        q_type t = r_unknown();
        t.scalar = sc_scalar_from_name(tname);
        if (t.scalar == SC_SCALAR_NONE) {
            for (size_t i = 0; i < c->s->nenums; i++)
                if (c->s->enums[i].name && strcmp(c->s->enums[i].name, tname) == 0) {
                    t.enum_name = c->s->enums[i].name;
                    t.enum_db = c->s->enums[i].db_name;
                }
        }
        if (!q_type_known(&t))
            r_error(c, loc, "unknown type \"%s\" in the column annotation \"%s\" (a scalar type of the schema "
                            "language, or an enum of the schema)",
                    tname, alias);
        else {
            t.list = list;
            col->type = t;
            col->table = col->column = NULL;
        }
        if (q)
            col->nullable = tn[tl - 1] == '?';
    } else if (n > 1 && (alias[n - 1] == '?' || alias[n - 1] == '!')) {
        col->nullable = alias[n - 1] == '?';
        base = n - 1;
    } else {
        return;
    }
    while (base && alias[base - 1] == ' ')
        base--;
    col->name = arena_strndup(c->a, alias, base);
}

static void r_push_col(rctx *c, rres *res, const rcol *col)
{
    res->cols = arena_grow(c->a, res->cols, res->ncols * sizeof *res->cols, (res->ncols + 1) * sizeof *res->cols);
    res->cols[res->ncols++] = *col;
}

/* Is the ResTarget at LOC a sqlc.embed() of the canonical text? */
static const q_embed *r_embed_at(rctx *c, int loc)
{
    for (size_t i = 0; i < c->qt->nembeds; i++)
        if ((int)c->qt->embeds[i].pg_at == loc)
            return &c->qt->embeds[i];
    return NULL;
}

static void r_target_list(rctx *c, rscope *sc, json_t *list, rres *res, bool returning)
{
    for (size_t i = 0; list && i < json_array_size(list); i++) {
        json_t *rb;
        if (strcmp(jkind(json_array_get(list, i), &rb), "ResTarget") != 0)
            continue;
        json_t *val = jget(rb, "val");
        const char *alias = jstr(rb, "name");
        json_t *vb;
        const char *vk = jkind(val, &vb);
        if (strcmp(vk, "ColumnRef") == 0) {
            json_t *f = jget(vb, "fields");
            size_t n = f ? json_array_size(f) : 0;
            json_t *sb;
            if (n && strcmp(jkind(json_array_get(f, n - 1), &sb), "A_Star") == 0) {
                const char *rel = n >= 2 ? jsval(f, n - 2) : NULL;
                const q_embed *emb = rel ? r_embed_at(c, r_loc(vb)) : NULL;
                bool any = false;
                strbuf cols;
                strbuf_init(&cols, c->a);
                bool qualify = rel != NULL || sc->nrels > 1;
                for (size_t k = 0; k < sc->nrels; k++) {
                    const rrel *r = sc->rels[k];
                    if (rel && !r_name_eq(c, r->name, rel))
                        continue;
                    any = true;
                    if (emb) {
                        if (!r->table) {
                            r_error(c, r_loc(vb), "sqlc.embed(%s): %s is not a table of the schema", rel, rel);
                            break;
                        }
                        rcol col;
                        memset(&col, 0, sizeof col);
                        col.name = r->table->model ? r->table->model : r->table->name;
                        col.table = r->table->name;
                        col.schema = r->table->schema;
                        col.nullable = r->optional;
                        col.type = r_unknown();
                        res->cols = arena_grow(c->a, res->cols, res->ncols * sizeof *res->cols,
                                               (res->ncols + 1) * sizeof *res->cols);
                        res->cols[res->ncols++] = col;
                        /* mark: embed columns carry the relation in column==NULL and table set, type unknown */
                        res->cols[res->ncols - 1].column = "*";
                        for (size_t m = 0; m < r->ncols; m++)
                            strbuf_printf(&cols, "%s%s.%s", m ? ", " : "", sqltext_ident(c->a, r->name),
                                          sqltext_ident(c->a, r->cols[m].name));
                        break;
                    }
                    for (size_t m = 0; m < r->ncols; m++) {
                        rcol col = r->cols[m];
                        col.nullable = col.nullable || r->optional;
                        r_push_col(c, res, &col);
                        if (!col.name || !*col.name)
                            r_error(c, r_loc(vb), "* over %s, whose column %zu has no name: name it with AS",
                                    *r->name ? r->name : "a subquery", m + 1);
                        else if (qualify)
                            strbuf_printf(&cols, "%s%s.%s", cols.len ? ", " : "", sqltext_ident(c->a, r->name),
                                          sqltext_ident(c->a, col.name));
                        else
                            strbuf_printf(&cols, "%s%s", cols.len ? ", " : "", sqltext_ident(c->a, col.name));
                    }
                }
                if (any && c->depth == 1 && cols.len) {
                    /* The star in the query's own select list is spelt out, as sqlc does. */
                    size_t at, end;
                    if (emb) {
                        at = emb->at;
                        end = emb->end;
                    } else {
                        int loc = r_loc(vb);
                        size_t star = (size_t)(loc >= 0 ? loc : 0);
                        while (star < c->qt->pg_len && c->qt->pg[star] != '*')
                            star++;
                        at = c->qt->pg_map[loc >= 0 ? loc : 0];
                        end = star < c->qt->pg_len ? c->qt->pg_map[star] + 1 : at + 1;
                    }
                    c->edits = arena_grow(c->a, c->edits, c->nedits * sizeof *c->edits,
                                          (c->nedits + 1) * sizeof *c->edits);
                    c->edits[c->nedits].at = at;
                    c->edits[c->nedits].end = end;
                    c->edits[c->nedits++].text = strbuf_str(&cols);
                }
                if (!any) {
                    if (rel)
                        r_error(c, r_loc(vb), emb ? "unable to resolve table with \"sqlc.embed(%s)\""
                                                  : "missing FROM-clause entry for table \"%s\"",
                                rel);
                    else if (!returning)
                        r_error(c, r_loc(vb), "SELECT * with no tables specified is not valid");
                }
                continue;
            }
        }
        int errors_before = c->nerrors;
        rval v = r_expr(c, sc, val, NULL);
        bool reported = c->nerrors != errors_before;
        for (rscope *bs = sc; bs && !reported; bs = bs->outer)
            reported = bs->broken; /* a FROM item failed: its error covers this */
        rcol col;
        memset(&col, 0, sizeof col);
        col.name = alias ? alias : r_out_name(c, val);
        col.type = v.t;
        col.nullable = v.nullable;
        col.table = v.table;
        col.schema = v.schema;
        col.column = v.column;
        if (v.agg)
            res->grouped = true;
        if (v.numlit && !v.table && strcmp(vk, "FuncCall") == 0)
            col.column = "\x01agg"; /* an aggregate NULL only over no rows: decided once GROUP BY is known */
        if (alias)
            r_alias_annotation(c, alias, &col, r_loc(rb));
        r_typeless_here(c, &v); /* PostgreSQL makes it text */
        if (reported)
            ; /* the expression's own error says it */
        else if (v.param && !q_type_known(&v.t) && !q_type_known(&col.type))
            r_error(c, r_loc(rb), "could not determine data type of parameter %s: cast it (CAST(%s AS type))",
                    r_param_label(c, v.param), r_param_written(c, v.param));
        else if (!q_type_known(&col.type))
            r_error(c, r_loc(rb) >= 0 ? r_loc(rb) : r_loc(vb),
                    "cannot tell the type of %s: cast it (CAST(... AS type)), or annotate the alias "
                    "(AS \"name: Type\")",
                    *col.name ? arena_printf(c->a, "column \"%s\"", col.name) : "this column");
        r_push_col(c, res, &col);
    }
}

static void r_with(rctx *c, rscope *outer, json_t *with)
{
    json_t *ctes = jget(with, "ctes");
    bool recursive = jbool(with, "recursive");
    for (size_t i = 0; ctes && i < json_array_size(ctes); i++) {
        json_t *cb;
        if (strcmp(jkind(json_array_get(ctes, i), &cb), "CommonTableExpr") != 0)
            continue;
        const char *name = jstr(cb, "ctename");
        json_t *query = jget(cb, "ctequery");
        json_t *colnames = jget(cb, "aliascolnames");
        rres res;
        memset(&res, 0, sizeof res);
        json_t *qb;
        const char *qk = jkind(query, &qb);
        if (recursive && strcmp(qk, "SelectStmt") == 0 && jstr(qb, "op") && strcmp(jstr(qb, "op"), "SETOP_NONE") != 0) {
            /* WITH RECURSIVE: the first arm gives the columns; the CTE is then visible to the second. */
            rres left;
            memset(&left, 0, sizeof left);
            if (!r_select(c, outer, jget(qb, "larg"), &left))
                continue;
            rcte *ct = ARENA_NEW(c->a, rcte);
            json_t *fake = json_object();
            if (colnames)
                json_object_set(fake, "colnames", colnames);
            ct->name = name;
            ct->rel = r_rel_from_result(c, name, &left, fake);
            json_decref(fake);
            ct->next = c->ctes;
            c->ctes = ct;
            rres right;
            memset(&right, 0, sizeof right);
            if (!r_select(c, outer, jget(qb, "rarg"), &right))
                continue;
            if (right.ncols != left.ncols) {
                r_error(c, -1, "each UNION query must have the same number of columns");
                continue;
            }
            for (size_t k = 0; k < left.ncols; k++)
                ct->rel->cols[k].nullable |= right.cols[k].nullable;
            continue;
        }
        if (!r_stmt(c, outer, query, &res))
            continue;
        rcte *ct = ARENA_NEW(c->a, rcte);
        json_t *fake = json_object();
        if (colnames)
            json_object_set(fake, "colnames", colnames);
        ct->name = name;
        ct->rel = r_rel_from_result(c, name, &res, fake);
        json_decref(fake);
        ct->next = c->ctes;
        c->ctes = ct;
    }
}

static void r_limit(rctx *c, rscope *sc, json_t *node, const char *name)
{
    if (!node)
        return;
    int n = 0;
    if (r_is_param(node, &n)) {
        q_type t = r_scalar(SC_SCALAR_BIGINT); /* PostgreSQL's LIMIT and OFFSET take bigint */
        r_param_type(c, n, &t, name, -1);
        return;
    }
    rval hint = r_val(r_scalar(SC_SCALAR_BIGINT), false);
    rval v = r_expr(c, sc, node, &hint);
    if (q_type_known(&v.t) && !r_numeric(&v.t) && !v.nulllit)
        r_error(c, -1, "%s must be a number, not %s", strcmp(name, "limit") == 0 ? "LIMIT" : "OFFSET",
                q_type_name(c->a, &v.t));
}

static bool r_select(rctx *c, rscope *outer, json_t *b, rres *out)
{
    const char *op = jstr(b, "op");
    rcte *saved = c->ctes;
    if (jget(b, "withClause"))
        r_with(c, outer, jget(b, "withClause"));
    if (op && strcmp(op, "SETOP_NONE") != 0) {
        rres l, r;
        memset(&l, 0, sizeof l);
        memset(&r, 0, sizeof r);
        /* larg and rarg are SelectStmt bodies (typed fields: not wrapped in their kind). */
        bool ok = r_select(c, outer, jget(b, "larg"), &l) && r_select(c, outer, jget(b, "rarg"), &r);
        if (ok && l.ncols != r.ncols) {
            r_error(c, -1, "each %s query must have the same number of columns (%zu and %zu)",
                    strstr(op, "UNION") ? "UNION" : strstr(op, "INTERSECT") ? "INTERSECT" : "EXCEPT", l.ncols, r.ncols);
            ok = false;
        }
        if (ok) {
            out->cols = l.cols;
            out->ncols = l.ncols;
            out->returns = true;
            for (size_t i = 0; i < l.ncols; i++) {
                rval pair[2] = {r_val(l.cols[i].type, false), r_val(r.cols[i].type, false)};
                q_type t = r_common(c, pair, 2, -1, "UNION");
                out->cols[i].type = q_type_known(&t) ? t : l.cols[i].type;
                /* EXCEPT keeps the left rows; UNION and INTERSECT can hold either side's. */
                if (!strstr(op, "EXCEPT"))
                    out->cols[i].nullable |= r.cols[i].nullable;
                if (!q_type_equal(&l.cols[i].type, &r.cols[i].type) ||
                    strcmp(l.cols[i].table ? l.cols[i].table : "", r.cols[i].table ? r.cols[i].table : "") != 0 ||
                    !ir_same_schema(l.cols[i].schema, r.cols[i].schema))
                    out->cols[i].table = out->cols[i].column = NULL;
            }
        }
        /* ORDER BY / LIMIT of the whole set operation. */
        rscope os = {outer, NULL, 0, 0, out->cols, out->ncols, false, false};
        json_t *sort = jget(b, "sortClause");
        for (size_t i = 0; sort && i < json_array_size(sort); i++) {
            json_t *sb;
            jkind(json_array_get(sort, i), &sb);
            json_t *nb;
            json_t *node = jget(sb, "node");
            if (strcmp(jkind(node, &nb), "ColumnRef") == 0)
                r_column_ref(c, &os, nb, true);
        }
        r_limit(c, &os, jget(b, "limitCount"), "limit");
        r_limit(c, &os, jget(b, "limitOffset"), "offset");
        c->ctes = saved;
        return ok && !c->failed;
    }
    json_t *values = jget(b, "valuesLists");
    if (values) {
        /* VALUES (...), (...): columns column1, column2, ... */
        size_t nrows = json_array_size(values);
        for (size_t i = 0; i < nrows; i++) {
            json_t *lb;
            jkind(json_array_get(values, i), &lb);
            json_t *items = jget(lb, "items");
            for (size_t k = 0; items && k < json_array_size(items); k++) {
                rval hint = i && k < out->ncols ? r_val(out->cols[k].type, false) : r_val(r_unknown(), false);
                rval v = r_expr(c, outer ? outer : NULL, json_array_get(items, k), &hint);
                if (i == 0) {
                    rcol col;
                    memset(&col, 0, sizeof col);
                    col.name = arena_printf(c->a, "column%zu", k + 1);
                    col.type = v.t;
                    col.nullable = v.nullable;
                    r_push_col(c, out, &col);
                } else if (k < out->ncols) {
                    out->cols[k].nullable |= v.nullable;
                }
            }
        }
        out->returns = true;
        c->ctes = saved;
        return !c->failed;
    }
    rscope sc = {outer, NULL, 0, 0, NULL, 0, false, false};
    json_t *from = jget(b, "fromClause");
    int before = c->nerrors;
    for (size_t i = 0; from && i < json_array_size(from); i++) {
        rrel **added = NULL;
        size_t n = 0;
        r_from_item(c, &sc, json_array_get(from, i), &added, &n);
    }
    sc.broken = c->nerrors != before;
    json_t *where = jget(b, "whereClause");
    if (where) {
        rval hint = r_val(r_scalar(SC_SCALAR_BOOLEAN), false);
        rval v = r_expr(c, &sc, where, &hint);
        if (v.param) {
            r_param_type(c, v.param, &hint.t, NULL, -1);
            r_typed_here(c, &v, NULL);
        }
        if (v.agg)
            r_error(c, -1, "aggregate functions are not allowed in WHERE (use HAVING)");
    }
    r_target_list(c, &sc, jget(b, "targetList"), out, false);
    out->returns = true;
    sc.outputs = out->cols;
    sc.noutputs = out->ncols;
    json_t *group = jget(b, "groupClause");
    for (size_t i = 0; group && i < json_array_size(group); i++) {
        json_t *gb;
        json_t *g = json_array_get(group, i);
        if (strcmp(jkind(g, &gb), "ColumnRef") == 0)
            r_column_ref(c, &sc, gb, true);
        else if (strcmp(jkind(g, &gb), "A_Const") != 0)
            r_expr(c, &sc, g, NULL);
    }
    json_t *having = jget(b, "havingClause");
    if (having)
        r_expr(c, &sc, having, NULL);
    json_t *sort = jget(b, "sortClause");
    for (size_t i = 0; sort && i < json_array_size(sort); i++) {
        json_t *sb;
        jkind(json_array_get(sort, i), &sb);
        json_t *nb;
        json_t *node = jget(sb, "node");
        const char *nk = jkind(node, &nb);
        if (strcmp(nk, "ColumnRef") == 0)
            r_column_ref(c, &sc, nb, true);
        else if (strcmp(nk, "A_Const") != 0)
            r_expr(c, &sc, node, NULL);
    }
    json_t *distinct_on = jget(b, "distinctClause");
    for (size_t i = 0; distinct_on && i < json_array_size(distinct_on); i++) {
        json_t *db;
        json_t *d = json_array_get(distinct_on, i);
        if (strcmp(jkind(d, &db), "ColumnRef") == 0)
            r_column_ref(c, &sc, db, true);
    }
    r_limit(c, &sc, jget(b, "limitCount"), "limit");
    r_limit(c, &sc, jget(b, "limitOffset"), "offset");
    bool grouped = group && json_array_size(group) > 0;
    out->grouped = grouped || out->grouped;
    out->aggregate_only = !grouped && out->grouped && !having;
    /* Aggregates over NOT NULL arguments are NULL only over no rows: never with GROUP BY (each group has a row). */
    for (size_t i = 0; i < out->ncols; i++) {
        if (out->cols[i].column && strcmp(out->cols[i].column, "\x01agg") == 0) {
            out->cols[i].nullable = !grouped;
            out->cols[i].column = NULL;
        }
    }
    c->ctes = saved;
    return !c->failed;
}

/* The target table of INSERT / UPDATE / DELETE. */
static rrel *r_target(rctx *c, rscope *sc, json_t *relation)
{
    const char *rel = jstr(relation, "relname");
    json_t *alias = jget(relation, "alias");
    const ir_table *t = rel ? r_find_table_in(c, jstr(relation, "schemaname"), rel) : NULL;
    if (!t) {
        r_no_relation(c, rel ? rel : "?", r_loc(relation));
        return NULL;
    }
    rrel *r = r_table_rel(c, t, alias ? jstr(alias, "aliasname") : NULL);
    r_scope_add(c, sc, r);
    return r;
}

static void r_returning(rctx *c, rscope *sc, json_t *b, rres *out)
{
    json_t *ret = jget(b, "returningList");
    if (ret && json_array_size(ret)) {
        r_target_list(c, sc, ret, out, true);
        out->returns = true;
    }
}

/* VALUE assigned to column COL of TABLE: a parameter takes the column's type, name and nullability. */
static void r_assign(rctx *c, rscope *sc, const rcol *col, json_t *value)
{
    int n = 0;
    if (r_is_param(value, &n)) {
        r_param_type(c, n, &col->type, col->name, r_loc(value));
        r_param_nullable(c, n, col->nullable);
        return;
    }
    rval hint = r_val(col->type, col->nullable);
    rval v = r_expr(c, sc, value, &hint);
    json_t *vb;
    if (strcmp(jkind(value, &vb), "SetToDefault") == 0)
        return;
    if (!r_compatible(&hint, &v))
        r_error(c, r_loc(vb), "column \"%s\" is of type %s but expression is of type %s", col->name,
                q_type_name(c->a, &col->type), q_type_name(c->a, &v.t));
    else if (v.nulllit && !col->nullable)
        r_error(c, r_loc(vb), "column \"%s\" is NOT NULL: NULL cannot be stored in it", col->name);
}

static const rcol *r_target_col(rctx *c, const rrel *r, const char *name, int loc)
{
    const rcol *col = NULL;
    if (!name || !r_col_find(c, r, name, &col)) {
        sc_diag *d = r_error(c, loc, "column \"%s\" of relation \"%s\" does not exist", name ? name : "?", r->name);
        if (d) {
            const char **cands = ARENA_ARRAY(c->a, const char *, r->ncols + 1);
            for (size_t i = 0; i < r->ncols; i++)
                cands[i] = r->cols[i].name;
            const char *s = name ? diag_suggest(name, cands, r->ncols) : NULL;
            if (s)
                diag_note(c->diags, d, NULL, "did you mean \"%s\"?", s);
        }
        return NULL;
    }
    return col;
}

static bool r_insert(rctx *c, rscope *outer, json_t *b, rres *out)
{
    rcte *saved = c->ctes;
    if (jget(b, "withClause"))
        r_with(c, outer, jget(b, "withClause"));
    rscope sc = {outer, NULL, 0, 0, NULL, 0, false, false};
    rrel *t = r_target(c, &sc, jget(b, "relation"));
    if (!t) {
        c->ctes = saved;
        return false;
    }
    json_t *cols = jget(b, "cols");
    size_t ncols = cols ? json_array_size(cols) : t->ncols;
    const rcol **targets = ARENA_ARRAY(c->a, const rcol *, ncols + 1);
    for (size_t i = 0; i < ncols; i++) {
        if (!cols) {
            targets[i] = &t->cols[i];
            continue;
        }
        json_t *rb;
        jkind(json_array_get(cols, i), &rb);
        targets[i] = r_target_col(c, t, jstr(rb, "name"), r_loc(rb));
    }
    json_t *sel = jget(b, "selectStmt");
    json_t *sb;
    if (sel && strcmp(jkind(sel, &sb), "SelectStmt") == 0) {
        json_t *values = jget(sb, "valuesLists");
        if (values) {
            rscope vs = {outer, NULL, 0, 0, NULL, 0, false, false};
            for (size_t i = 0; i < json_array_size(values); i++) {
                json_t *lb;
                jkind(json_array_get(values, i), &lb);
                json_t *items = jget(lb, "items");
                size_t n = items ? json_array_size(items) : 0;
                if (n != ncols) {
                    r_error(c, -1, "INSERT has %s expressions than target columns (%zu and %zu)",
                            n > ncols ? "more" : "fewer", n, ncols);
                    break;
                }
                for (size_t k = 0; k < n; k++)
                    if (targets[k])
                        r_assign(c, &vs, targets[k], json_array_get(items, k));
            }
        } else {
            rres src;
            memset(&src, 0, sizeof src);
            if (r_stmt(c, outer, sel, &src)) {
                if (src.ncols != ncols)
                    r_error(c, -1, "INSERT has %s expressions than target columns (%zu and %zu)",
                            src.ncols > ncols ? "more" : "fewer", src.ncols, ncols);
            }
        }
    }
    json_t *oc = jget(b, "onConflictClause");
    if (oc) {
        rrel *ex = r_table_rel(c, t->table, "excluded");
        r_scope_add(c, &sc, ex);
        json_t *infer = jget(oc, "infer");
        json_t *elems = infer ? jget(infer, "indexElems") : NULL;
        for (size_t i = 0; elems && i < json_array_size(elems); i++) {
            json_t *eb;
            jkind(json_array_get(elems, i), &eb);
            const char *name = jstr(eb, "name");
            if (name)
                r_target_col(c, t, name, -1);
        }
        json_t *tl = jget(oc, "targetList");
        for (size_t i = 0; tl && i < json_array_size(tl); i++) {
            json_t *rb;
            jkind(json_array_get(tl, i), &rb);
            const rcol *col = r_target_col(c, t, jstr(rb, "name"), r_loc(rb));
            if (col)
                r_assign(c, &sc, col, jget(rb, "val"));
        }
        if (jget(oc, "whereClause"))
            r_expr(c, &sc, jget(oc, "whereClause"), NULL);
        sc.nrels--; /* excluded is gone for RETURNING */
    }
    r_returning(c, &sc, b, out);
    out->insert_table = t->table;
    c->ctes = saved;
    return !c->failed;
}

static bool r_update(rctx *c, rscope *outer, json_t *b, rres *out)
{
    rcte *saved = c->ctes;
    if (jget(b, "withClause"))
        r_with(c, outer, jget(b, "withClause"));
    rscope sc = {outer, NULL, 0, 0, NULL, 0, false, false};
    rrel *t = r_target(c, &sc, jget(b, "relation"));
    if (!t) {
        c->ctes = saved;
        return false;
    }
    json_t *from = jget(b, "fromClause");
    for (size_t i = 0; from && i < json_array_size(from); i++) {
        rrel **added = NULL;
        size_t n = 0;
        r_from_item(c, &sc, json_array_get(from, i), &added, &n);
    }
    json_t *tl = jget(b, "targetList");
    for (size_t i = 0; tl && i < json_array_size(tl); i++) {
        json_t *rb;
        jkind(json_array_get(tl, i), &rb);
        const rcol *col = r_target_col(c, t, jstr(rb, "name"), r_loc(rb));
        json_t *val = jget(rb, "val");
        json_t *vb;
        if (col && strcmp(jkind(val, &vb), "MultiAssignRef") == 0) {
            r_error(c, r_loc(rb), "SET (a, b) = (...) is not supported in typed queries: set each column");
            continue;
        }
        if (col)
            r_assign(c, &sc, col, val);
    }
    json_t *where = jget(b, "whereClause");
    if (where) {
        rval hint = r_val(r_scalar(SC_SCALAR_BOOLEAN), false);
        r_expr(c, &sc, where, &hint);
    }
    r_returning(c, &sc, b, out);
    c->ctes = saved;
    return !c->failed;
}

static bool r_delete(rctx *c, rscope *outer, json_t *b, rres *out)
{
    rcte *saved = c->ctes;
    if (jget(b, "withClause"))
        r_with(c, outer, jget(b, "withClause"));
    rscope sc = {outer, NULL, 0, 0, NULL, 0, false, false};
    if (!r_target(c, &sc, jget(b, "relation"))) {
        c->ctes = saved;
        return false;
    }
    json_t *using = jget(b, "usingClause");
    for (size_t i = 0; using && i < json_array_size(using); i++) {
        rrel **added = NULL;
        size_t n = 0;
        r_from_item(c, &sc, json_array_get(using, i), &added, &n);
    }
    json_t *where = jget(b, "whereClause");
    if (where) {
        rval hint = r_val(r_scalar(SC_SCALAR_BOOLEAN), false);
        r_expr(c, &sc, where, &hint);
    }
    r_returning(c, &sc, b, out);
    c->ctes = saved;
    return !c->failed;
}

static bool r_stmt(rctx *c, rscope *outer, json_t *node, rres *out)
{
    json_t *b;
    const char *k = jkind(node, &b);
    bool ok = false;
    bool known = true;
    c->depth++;
    if (strcmp(k, "SelectStmt") == 0)
        ok = r_select(c, outer, b, out);
    else if (strcmp(k, "InsertStmt") == 0)
        ok = r_insert(c, outer, b, out);
    else if (strcmp(k, "UpdateStmt") == 0)
        ok = r_update(c, outer, b, out);
    else if (strcmp(k, "DeleteStmt") == 0)
        ok = r_delete(c, outer, b, out);
    else
        known = false;
    c->depth--;
    if (known)
        return ok;
    r_error(c, -1, "a typed query is one SELECT, INSERT, UPDATE or DELETE (with WITH if needed), not %s",
            *k ? k : "this statement");
    return false;
}

/* ---------------------------------------------------------------- casts for PostgreSQL */

/* PostgreSQL's name of type T: integer, text, "Role", shop."Status"[] (enums qualified by their schema). */
static const char *r_pg_type(rctx *c, const q_type *t)
{
    const char *base = "text";
    if (t->enum_name) {
        const ir_enum *e = NULL;
        for (size_t i = 0; i < c->s->nenums && !e; i++) {
            const ir_enum *x = &c->s->enums[i];
            if (strcmp(x->db_name, t->enum_db) == 0 && (!x->name || strcmp(x->name, t->enum_name) == 0))
                e = x;
        }
        base = sqltext_ident(c->a, t->enum_db);
        if (e && e->schema)
            base = arena_printf(c->a, "%s.%s", sqltext_ident(c->a, e->schema), base);
    } else {
        switch (t->scalar) {
        case SC_SCALAR_BOOLEAN: base = "boolean"; break;
        case SC_SCALAR_INT: base = "integer"; break;
        case SC_SCALAR_BIGINT: base = "bigint"; break;
        case SC_SCALAR_FLOAT: base = "double precision"; break;
        case SC_SCALAR_DECIMAL: base = "numeric"; break;
        case SC_SCALAR_DATETIME: base = "timestamp"; break; /* Prisma's DateTime: without time zone (sessions run in UTC) */
        case SC_SCALAR_JSON: base = "jsonb"; break;
        case SC_SCALAR_BYTES: base = "bytea"; break;
        default: base = "text"; break;
        }
    }
    return t->list ? arena_printf(c->a, "%s[]", base) : base;
}

/*
 * The occurrences of parameters that PostgreSQL's text writes as
 * CAST($N AS type). PostgreSQL types a parameter where it first meets it
 * and nowhere else, so a type schemac knows from elsewhere must be said at
 * every place that does not give it:
 *   - a parameter typed by its annotation (-- @param {Int} $2): wherever
 *     nothing but a parameter stands beside it ($2 IS NULL, $1 || '%',
 *     $1 + $2, a function's argument);
 *   - any other parameter where PostgreSQL gives it no type for sure
 *     (sqlc.narg(x) IS NULL, SELECT $1): its type is then the one the rest
 *     of the query gives it, which PostgreSQL may meet only later (it reads
 *     the select list before WHERE).
 * SQLite needs no types: its text is left as written.
 */
static void r_casts(rctx *c, q_resolution *out)
{
    for (size_t i = 0; i < c->nocc; i++) {
        const rocc *o = &c->occs[i];
        int n = o->param;
        if (n < 1 || n > c->qt->nparams || o->loc < 0 || (size_t)o->loc >= c->qt->pg_len)
            continue;
        const q_param *p = &c->params[n - 1];
        bool cast = c->typed[n - 1] ? !o->typed : o->typeless;
        if (!cast || !q_type_known(&p->type) || c->qt->pg[o->loc] != '$')
            continue;
        size_t end = (size_t)o->loc + 1;
        while (end < c->qt->pg_len && isdigit((unsigned char)c->qt->pg[end]))
            end++;
        q_type t = p->type;
        if (p->slice)
            t.list = true;
        out->casts = arena_grow(c->a, out->casts, out->ncasts * sizeof *out->casts,
                                (out->ncasts + 1) * sizeof *out->casts);
        q_edit *e = &out->casts[out->ncasts++];
        e->at = (size_t)o->loc;
        e->end = end;
        /* $1[2] stays a subscript of the value: CAST(...) takes none without parentheses. */
        size_t next = end;
        while (next < c->qt->pg_len && isspace((unsigned char)c->qt->pg[next]))
            next++;
        bool sub = next < c->qt->pg_len && (c->qt->pg[next] == '[' || c->qt->pg[next] == '.');
        e->text = arena_printf(c->a, "%sCAST($%d AS %s)%s", sub ? "(" : "", n, r_pg_type(c, &t), sub ? ")" : "");
    }
}

/* ---------------------------------------------------------------- entry */

int q_resolve(q_resolution *out, arena *a, const sc_sources *src, sc_diags *diags, const q_query *q, const q_text *qt,
              const ir_schema *s, unsigned dialect, bool report)
{
    memset(out, 0, sizeof *out);
    PgQueryParseResult pr = pg_query_parse(qt->pg);
    if (pr.error) {
        int pos = pr.error->cursorpos > 0 ? pr.error->cursorpos - 1 : (int)qt->pg_len;
        size_t at = (size_t)pos < qt->pg_len ? qt->pg_map[pos] : q->sql_len;
        out->syntax_error = arena_strdup(a, pr.error->message);
        out->syntax_span = q_sql_span(src, q, at < q->sql_len ? at : q->sql_len ? q->sql_len - 1 : 0,
                                      at < q->sql_len ? at + 1 : q->sql_len);
        pg_query_free_parse_result(pr);
        return -2;
    }
    json_error_t je;
    json_t *root = json_loads(pr.parse_tree, 0, &je);
    pg_query_free_parse_result(pr);
    if (!root) {
        out->syntax_error = "the parser's output could not be read";
        out->syntax_span = q->sql_span;
        return -2;
    }
    json_t *stmts = jget(root, "stmts");
    rctx c;
    memset(&c, 0, sizeof c);
    c.a = a;
    c.src = src;
    c.diags = diags;
    c.q = q;
    c.qt = qt;
    c.s = s;
    c.dialect = dialect;
    c.report = report;
    c.params = ARENA_ARRAY(a, q_param, (size_t)qt->nparams + 1);
    c.explicit_name = ARENA_ARRAY(a, bool, (size_t)qt->nparams + 1);
    c.typed = ARENA_ARRAY(a, bool, (size_t)qt->nparams + 1);
    c.seen_loc = ARENA_ARRAY(a, int, (size_t)qt->nparams + 1);
    c.conflicted = ARENA_ARRAY(a, bool, (size_t)qt->nparams + 1);
    c.null_loc = ARENA_ARRAY(a, int, (size_t)qt->nparams + 1);
    memset(c.null_loc, 0, ((size_t)qt->nparams + 1) * sizeof *c.null_loc);
    for (int i = 0; i < qt->nparams; i++) {
        q_param *p = &c.params[i];
        memset(p, 0, sizeof *p);
        p->number = i + 1;
        p->name = qt->ph[i].name ? qt->ph[i].name : "";
        p->nullable = qt->ph[i].narg;
        p->slice = qt->ph[i].slice;
        p->span = q_sql_span(src, q, qt->ph[i].at, qt->ph[i].end);
        c.explicit_name[i] = qt->ph[i].name != NULL;
        c.seen_loc[i] = -1;
    }
    /* Annotations: -- @param {Type} $N:name? doc */
    for (size_t i = 0; i < q->nannots; i++) {
        const q_annot *an = &q->annots[i];
        int n = an->position;
        if (!n && an->alias)
            for (int k = 0; k < qt->nparams; k++)
                if (c.params[k].name && strcmp(c.params[k].name, an->alias) == 0)
                    n = k + 1;
        if (n < 1 || n > qt->nparams) {
            if (report)
                diag_error(diags, an->span, "invalid-annotation", "@param: the query has no parameter %s",
                           an->position ? arena_printf(a, "$%d", an->position) : an->alias);
            c.failed = true;
            continue;
        }
        q_param *p = &c.params[n - 1];
        if (an->alias) {
            p->name = an->alias;
            c.explicit_name[n - 1] = true;
        }
        p->nullable |= an->nullable;
        p->doc = an->doc && *an->doc ? an->doc : NULL;
        if (an->type) {
            q_type t = r_unknown();
            size_t tl = strlen(an->type);
            char *tn = arena_strdup(a, an->type);
            if (tl > 2 && strcmp(tn + tl - 2, "[]") == 0) {
                tn[tl - 2] = '\0';
                t.list = true;
            }
            t.scalar = sc_scalar_from_name(tn);
            if (t.scalar == SC_SCALAR_UNSUPPORTED)
                t.scalar = SC_SCALAR_NONE;
            for (size_t e = 0; t.scalar == SC_SCALAR_NONE && e < s->nenums; e++)
                if (s->enums[e].name && strcmp(s->enums[e].name, tn) == 0) {
                    t.enum_name = s->enums[e].name;
                    t.enum_db = s->enums[e].db_name;
                }
            if (!q_type_known(&t)) {
                if (report) {
                    sc_diag *d = diag_error(diags, an->span, "invalid-annotation",
                                            "@param: invalid type: '%s' (accepted types are: 'Int', 'BigInt', 'Float', "
                                            "'Boolean', 'String', 'DateTime', 'Json', 'Bytes', 'Decimal', or an enum of the "
                                            "schema)",
                                            an->type);
                    /* the nearest type name or enum, as for a misspelt column */
                    const char **cands = ARENA_ARRAY(a, const char *, s->nenums + 9);
                    static const char *const names[9] = {"Int", "BigInt", "Float", "Boolean", "String",
                                                         "DateTime", "Json", "Bytes", "Decimal"};
                    size_t nc = 0;
                    for (size_t k = 0; k < 9; k++)
                        cands[nc++] = names[k];
                    for (size_t e = 0; e < s->nenums; e++)
                        if (s->enums[e].name)
                            cands[nc++] = s->enums[e].name;
                    const char *near = diag_suggest(tn, cands, nc);
                    if (near)
                        diag_note(diags, d, NULL, "did you mean \"%s%s\"?", near, t.list ? "[]" : "");
                }
                c.failed = true;
            } else {
                p->type = t;
                c.typed[n - 1] = true;
            }
        }
    }
    size_t nst = stmts ? json_array_size(stmts) : 0;
    if (nst != 1) {
        r_error(&c, -1, nst ? "a query is one statement; end it with ';' and start the next query with its own "
                              "\"-- name:\" line"
                            : "the query holds no statement");
        json_decref(root);
        out->why = c.why;
        return -1;
    }
    rres res;
    memset(&res, 0, sizeof res);
    json_t *stmt = jget(json_array_get(stmts, 0), "stmt");
    r_stmt(&c, NULL, stmt, &res);
    for (int i = 0; i < qt->nparams; i++)
        if (c.null_loc[i] && !q_type_known(&c.params[i].type))
            r_error(&c, c.null_loc[i] - 1, "could not determine data type of parameter %s: cast it (CAST(%s AS type) IS NULL)",
                    r_param_label(&c, i + 1), r_param_written(&c, i + 1));
    for (int i = 0; i < qt->nparams && !c.failed; i++) {
        if (!q_type_known(&c.params[i].type)) {
            sc_span sp = c.params[i].span;
            if (report) {
                sc_diag *d = diag_error(diags, sp, "unknown-parameter-type",
                                        "could not determine data type of parameter %s", r_param_label(&c, i + 1));
                diag_note(diags, d, NULL, "cast it where it is used (CAST(%s AS integer)), or annotate it: "
                                          "-- @param {Int} $%d:%s",
                          r_param_written(&c, i + 1), i + 1,
                          c.params[i].name && *c.params[i].name ? c.params[i].name : "name");
            }
            c.failed = true;
            c.why = arena_printf(a, "could not determine data type of parameter $%d", i + 1);
            c.why_span = sp;
        }
        if (c.params[i].slice && !c.params[i].type.list)
            c.params[i].type.list = true;
    }
    json_t *kb;
    out->stmt_kind = arena_strdup(a, jkind(stmt, &kb));
    out->why = c.why;
    out->why_span = c.why_span;
    if (c.failed) {
        json_decref(root);
        return -1;
    }
    /* Names point into the parse tree until copied. */
    for (int i = 0; i < qt->nparams; i++)
        c.params[i].name = arena_strdup(a, c.params[i].name ? c.params[i].name : "");
    out->params = c.params;
    out->nparams = (size_t)qt->nparams;
    out->columns = ARENA_ARRAY(a, q_column, res.ncols + 1);
    out->ncolumns = res.ncols;
    for (size_t i = 0; i < res.ncols; i++) {
        q_column *col = &out->columns[i];
        const rcol *rc = &res.cols[i];
        memset(col, 0, sizeof *col);
        col->name = rc->name ? rc->name : "";
        col->type = rc->type;
        col->nullable = rc->nullable;
        if (rc->column && strcmp(rc->column, "*") == 0) {
            const ir_table *t = ir_find_table_in(s, rc->schema, rc->table);
            col->embed = t && t->model ? t->model : rc->table;
            col->embed_optional = rc->nullable;
            col->nullable = rc->nullable;
            col->table = rc->table;
            col->schema = rc->schema;
        } else {
            col->table = rc->table;
            col->schema = rc->table ? rc->schema : NULL;
            col->column = rc->column;
        }
    }
    for (size_t i = 0; i < res.ncols; i++) {
        q_column *col = &out->columns[i];
        col->name = arena_strdup(a, col->name);
        col->table = col->table ? arena_strdup(a, col->table) : NULL;
        col->column = col->column ? arena_strdup(a, col->column) : NULL;
    }
    out->returns = res.returns;
    out->insert_table = res.insert_table ? res.insert_table->name : NULL;
    out->edits = c.edits;
    out->nedits = c.nedits;
    r_casts(&c, out);
    json_decref(root);
    return 0;
}
