/*
 * lint.c - the lint rules: findings about a schema sema accepted that a
 * careful database reviewer would still question (see lint.h, docs/lint.md).
 *
 * Each rule reads the model: what the database will hold, with its final
 * names, and (in the source-only fields, ir_src) where the schema wrote each
 * object. A finding points at such a span; the ignore comments of the
 * declarations around that span decide whether it is reported.
 */
#include "intel/lint.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/strmap.h"

/* PostgreSQL's NAMEDATALEN - 1: longer identifiers are cut without an error. */
#define LINT_PG_MAX_IDENT 63
/* Cascading foreign keys in a row before a delete counts as reaching "several tables away". */
#define LINT_CASCADE_MIN_DEPTH 3

static const lint_rule lint__rules[] = {
    {"fk-without-index", SC_SEV_WARNING,
     "PostgreSQL: no index starts with a foreign key's columns"},
    {"redundant-index", SC_SEV_WARNING,
     "an @@index whose columns lead another index, unique constraint or primary key"},
    {"float-money", SC_SEV_WARNING, "a Float field named like an amount of money"},
    {"long-identifier", SC_SEV_WARNING, "a name longer than 63 bytes, which PostgreSQL cuts silently"},
    {"portable-name", SC_SEV_WARNING,
     "a name the other database refuses: cut or case-folded into another, or reserved"},
    {"cascade-delete-chain", SC_SEV_WARNING, "onDelete: Cascade chains three or more tables deep"},
    {"updated-at-missing", SC_SEV_NOTE, "a creation timestamp but no @updatedAt field"},
    {"optional-unique", SC_SEV_WARNING, "a unique constraint over optional fields admits many NULLs"},
    {"set-null-required", SC_SEV_WARNING,
     "onDelete or onUpdate: SetNull on a required foreign key: the database refuses the NULL"},
    {"unknown-lint-code", SC_SEV_WARNING, "a schemac-lint-ignore comment names no known rule"},
};

#define LINT_NRULES (sizeof lint__rules / sizeof lint__rules[0])

const lint_rule *lint_rules(size_t *count)
{
    *count = LINT_NRULES;
    return lint__rules;
}

bool lint_is_code(const char *code)
{
    for (size_t i = 0; i < LINT_NRULES; i++)
        if (strcmp(lint__rules[i].code, code) == 0)
            return true;
    return false;
}

/* A declaration with ignore comments above it: findings inside it take its codes. */
typedef struct lint_scope {
    sc_span decl;
    const char *const *codes;
    size_t ncodes;
} lint_scope;

typedef struct lint_scopes {
    lint_scope *v; /* sorted by file and start; no two overlap unless equal */
    size_t n, cap;
} lint_scopes;

typedef struct lint_ctx {
    sc_diags *diags;
    arena *a;
    const lint_input *in;
    const ir_schema *ir;        /* the model the running rule reads (in->ir, or in->ir_pg) */
    bool pg;
    size_t nfindings;
    lint_scopes blocks;         /* models and enums with ignore comments */
    lint_scopes members;        /* fields, block attributes and enum values with ignore comments */
    /* Lookup tables of ir, built on first use: the rules stay linear in the schema's size. */
    strmap tables;              /* model name -> its ir_table (the first) */
    strmap *columns;            /* per table of ir: column name -> its ir_column */
    struct lint_keys *keys;     /* per table of ir: its keys, NULL until computed */
    /* Of in->ir, in source order, built on first use. */
    bool indexed;
    const ir_table **models;    /* the model tables (not join tables) */
    size_t nmodels;
    const ir_relation **fwd;    /* the FORWARD relations: one per relation holding a foreign key */
    size_t nfwd;
    strmap fk_columns;          /* "Model\0column" of every foreign key column */
    strmap one_to_one_fks;      /* "Model\0col\0col..." (sorted) of every one-to-one foreign key */
} lint_ctx;

static bool lint__has(sc_span s)
{
    return s.end != 0;
}

/* Does span A start before position (FILE, START)? */
static bool lint__starts_before(const sc_span *a, uint32_t file, uint32_t start)
{
    return a->file < file || (a->file == file && a->start <= start);
}

static int lint__cmp_span(const sc_span *a, const sc_span *b)
{
    if (a->file != b->file)
        return a->file < b->file ? -1 : 1;
    return (a->start > b->start) - (a->start < b->start);
}

/* ---------------------------------------------------------------- ignore comments */

static int lint__cmp_scope(const void *x, const void *y)
{
    return lint__cmp_span(&((const lint_scope *)x)->decl, &((const lint_scope *)y)->decl);
}

static void lint__add_scope(lint_ctx *c, lint_scopes *s, const ir_src *src)
{
    if (src->nignore == 0 || !lint__has(src->decl))
        return;
    s->v = arena_reserve(c->a, s->v, s->n, &s->cap, sizeof *s->v, 16);
    lint_scope *x = &s->v[s->n++];
    x->decl = src->decl;
    x->codes = src->ignore;
    x->ncodes = src->nignore;
}

/* The declarations of IR with ignore comments, blocks and members apart (members lie in blocks). */
static void lint__index_scopes(lint_ctx *c, const ir_schema *ir)
{
    for (size_t i = 0; i < ir->ntables; i++) {
        const ir_table *t = &ir->tables[i];
        lint__add_scope(c, t->kind == IR_TABLE_MODEL ? &c->blocks : &c->members, &t->src);
        lint__add_scope(c, &c->members, &t->src_map);
        for (size_t k = 0; k < t->ncolumns; k++)
            lint__add_scope(c, &c->members, &t->columns[k].src);
        if (t->has_pk)
            lint__add_scope(c, &c->members, &t->pk.src);
        for (size_t k = 0; k < t->nindexes; k++)
            lint__add_scope(c, &c->members, &t->indexes[k].src);
        for (size_t k = 0; k < t->nfks; k++)
            lint__add_scope(c, &c->members, &t->fks[k].src);
        for (size_t k = 0; k < t->nchecks; k++)
            lint__add_scope(c, &c->members, &t->checks[k].src);
    }
    for (size_t i = 0; i < ir->nenums; i++) {
        const ir_enum *e = &ir->enums[i];
        lint__add_scope(c, &c->blocks, &e->src);
        lint__add_scope(c, &c->members, &e->src_map);
        for (size_t k = 0; k < e->nvalues; k++)
            lint__add_scope(c, &c->members, &e->values[k].src);
    }
    for (size_t i = 0; i < ir->nrelations; i++)
        lint__add_scope(c, &c->members, &ir->relations[i].src);
    if (c->blocks.n)
        qsort(c->blocks.v, c->blocks.n, sizeof *c->blocks.v, lint__cmp_scope);
    if (c->members.n)
        qsort(c->members.v, c->members.n, sizeof *c->members.v, lint__cmp_scope);
}

static bool lint__codes_have(const char *const *codes, size_t n, const char *code)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(codes[i], code) == 0)
            return true;
    return false;
}

/* True when the declaration of S holding SPAN names CODE in its ignore comments. */
static bool lint__scope_ignores(const lint_scopes *s, sc_span span, const char *code)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) { /* the last declaration starting at or before SPAN */
        size_t mid = lo + (hi - lo) / 2;
        if (lint__starts_before(&s->v[mid].decl, span.file, span.start))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return false;
    const lint_scope *x = &s->v[lo - 1];
    return x->decl.file == span.file && span.start < x->decl.end && lint__codes_have(x->codes, x->ncodes, code);
}

/* True when an ignore comment silences CODE at SPAN: above the model or the member holding
   SPAN, or above the declaration of ALSO (a second place that counts, e.g. a chain's root). */
static bool lint__ignored(const lint_ctx *c, sc_span span, const ir_src *also, const char *code)
{
    if (also && lint__codes_have(also->ignore, also->nignore, code))
        return true;
    return lint__scope_ignores(&c->blocks, span, code) || lint__scope_ignores(&c->members, span, code);
}

/* Every schemac-lint-ignore must name known codes, or a typo silently silences nothing. */
static void lint__check_ignores(lint_ctx *c)
{
    const char *names[LINT_NRULES];
    for (size_t i = 0; i < LINT_NRULES; i++)
        names[i] = lint__rules[i].code;
    for (size_t i = 0; i < c->in->ir->nsrc_comments; i++) {
        const ir_src_comment *k = &c->in->ir->src_comments[i];
        for (size_t j = 0; j < k->ncodes; j++) {
            const char *code = k->codes[j];
            if (lint_is_code(code))
                continue;
            sc_diag *d = diag_warning(c->diags, k->span, "unknown-lint-code",
                                      "schemac-lint-ignore names \"%s\", which is not a lint code", code);
            const char *hint = diag_suggest(code, names, LINT_NRULES);
            if (hint)
                diag_note(c->diags, d, NULL, "did you mean \"%s\"?", hint);
            else
                diag_note(c->diags, d, NULL, "the codes are listed in docs/lint.md");
            c->nfindings++;
        }
        if (k->ncodes == 0) {
            sc_diag *d = diag_warning(c->diags, k->span, "unknown-lint-code",
                                      "schemac-lint-ignore without a code silences nothing");
            diag_note(c->diags, d, NULL, "name the codes to silence: // schemac-lint-ignore float-money");
            c->nfindings++;
        }
    }
}

/* ---------------------------------------------------------------- reporting */

/*
 * Add a finding at SPAN unless an ignore comment silences it (lint__ignored;
 * ALSO may be NULL). Notes are added as warnings and then marked as notes:
 * diag.h has no constructor for a top-level note, and the warning count must
 * not include them.
 */
#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
static sc_diag *lint__report(lint_ctx *c, sc_severity sev, const char *code, sc_span span, const ir_src *also,
                             const char *fmt, ...)
{
    if (lint__ignored(c, span, also, code))
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    const char *msg = arena_vprintf(c->a, fmt, ap);
    va_end(ap);
    sc_diag *d = diag_warning(c->diags, span, code, "%s", msg);
    if (sev == SC_SEV_NOTE) {
        d->severity = SC_SEV_NOTE;
        c->diags->nwarnings--;
    }
    c->nfindings++;
    return d;
}

/* ---------------------------------------------------------------- lookups */

/* Read model IR from now on: the lookup tables belong to the model they were built on. */
static void lint__use(lint_ctx *c, const ir_schema *ir)
{
    c->ir = ir;
    strmap_init(&c->tables, c->a);
    c->columns = NULL;
    c->keys = NULL;
}

/* The table of MODEL (as ir_find_model), through a table built once. */
static const ir_table *lint__table(lint_ctx *c, const char *model)
{
    if (!model)
        return NULL;
    if (strmap_count(&c->tables) == 0)
        for (size_t i = 0; i < c->ir->ntables; i++)
            if (c->ir->tables[i].model)
                strmap_adds(&c->tables, c->ir->tables[i].model, (void *)&c->ir->tables[i]);
    return strmap_gets(&c->tables, model);
}

/* The column of T named NAME in the database (as ir_find_column), through a table per table. */
static const ir_column *lint__column_named(lint_ctx *c, const ir_table *t, const char *name)
{
    if (!t || !name)
        return NULL;
    size_t ti = (size_t)(t - c->ir->tables);
    if (ti >= c->ir->ntables)
        return ir_find_column(t, name);
    if (!c->columns)
        c->columns = ARENA_ARRAY(c->a, strmap, c->ir->ntables + 1);
    strmap *m = &c->columns[ti];
    if (!m->a) {
        strmap_init(m, c->a);
        for (size_t i = 0; i < t->ncolumns; i++)
            strmap_adds(m, t->columns[i].name, (void *)&t->columns[i]);
    }
    return strmap_gets(m, name);
}

/* "a, b, c": the field names of the columns NAMES (N) of T. */
static const char *lint__field_names(lint_ctx *c, const ir_table *t, const char *const *names, size_t n)
{
    char *s = arena_strdup(c->a, "");
    for (size_t i = 0; i < n; i++) {
        const ir_column *col = lint__column_named(c, t, names[i]);
        s = arena_printf(c->a, "%s%s%s", s, i ? ", " : "", col && col->field ? col->field : names[i]);
    }
    return s;
}

/* A key for strmap: "A\0B" (A and B without NULs), LEN bytes. */
static const char *lint__pair(arena *a, const char *x, const char *y, size_t *len)
{
    size_t lx = strlen(x), ly = strlen(y);
    char *k = arena_alloc(a, lx + ly + 2);
    memcpy(k, x, lx);
    memcpy(k + lx + 1, y, ly);
    *len = lx + 1 + ly;
    return k;
}

static int lint__cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* A key for the set of columns COLS (N) of MODEL: the model and the sorted names. */
static const char *lint__column_set(arena *a, const char *model, const char *const *cols, size_t n, size_t *len)
{
    const char **sorted = ARENA_ARRAY(a, const char *, n + 1);
    for (size_t i = 0; i < n; i++)
        sorted[i] = cols[i];
    qsort(sorted, n, sizeof *sorted, lint__cmp_str);
    size_t total = strlen(model) + 1;
    for (size_t i = 0; i < n; i++)
        total += strlen(sorted[i]) + 1;
    char *k = arena_alloc(a, total);
    size_t o = 0;
    for (size_t i = 0; i <= n; i++) {
        const char *s = i == 0 ? model : sorted[i - 1];
        size_t l = strlen(s);
        memcpy(k + o, s, l);
        o += l + 1;
    }
    *len = o;
    return k;
}

static int lint__cmp_table(const void *x, const void *y)
{
    const ir_table *a = *(const ir_table *const *)x, *b = *(const ir_table *const *)y;
    int r = lint__cmp_span(&a->src.decl, &b->src.decl);
    return r ? r : (a > b) - (a < b);
}

static int lint__cmp_relation(const void *x, const void *y)
{
    const ir_relation *a = *(const ir_relation *const *)x, *b = *(const ir_relation *const *)y;
    int r = lint__cmp_span(&a->src.decl, &b->src.decl);
    return r ? r : (a > b) - (a < b);
}

/*
 * The model tables and the relations holding a foreign key of in->ir, in
 * the order the schema wrote them (the order sema found the relations in),
 * the foreign key columns of every model, and the column sets of one-to-one
 * foreign keys (those whose opposite field is not a list).
 */
static void lint__index(lint_ctx *c)
{
    if (c->indexed)
        return;
    c->indexed = true;
    const ir_schema *ir = c->in->ir;
    c->models = ARENA_ARRAY(c->a, const ir_table *, ir->ntables + 1);
    for (size_t i = 0; i < ir->ntables; i++)
        if (ir->tables[i].kind == IR_TABLE_MODEL && ir->tables[i].model)
            c->models[c->nmodels++] = &ir->tables[i];
    qsort(c->models, c->nmodels, sizeof *c->models, lint__cmp_table);

    strmap by_field; /* "Model\0field" -> relation */
    strmap_init(&by_field, c->a);
    c->fwd = ARENA_ARRAY(c->a, const ir_relation *, ir->nrelations + 1);
    for (size_t i = 0; i < ir->nrelations; i++) {
        const ir_relation *r = &ir->relations[i];
        size_t len;
        const char *key = lint__pair(c->a, r->model, r->field, &len);
        strmap_add(&by_field, key, len, (void *)r);
        if (r->kind == IR_REL_FORWARD)
            c->fwd[c->nfwd++] = r;
    }
    qsort(c->fwd, c->nfwd, sizeof *c->fwd, lint__cmp_relation);

    for (size_t i = 0; i < c->nfwd; i++) {
        const ir_relation *r = c->fwd[i];
        for (size_t k = 0; k < r->ncolumns; k++) {
            size_t len;
            const char *key = lint__pair(c->a, r->model, r->columns[k], &len);
            strmap_add(&c->fk_columns, key, len, (void *)r);
        }
        const ir_relation *back = NULL;
        if (r->back_field) {
            size_t len;
            const char *key = lint__pair(c->a, r->target, r->back_field, &len);
            back = strmap_get(&by_field, key, len);
        }
        if (back && !back->list && r->ncolumns > 0) {
            size_t len;
            const char *key = lint__column_set(c->a, r->model, r->columns, r->ncolumns, &len);
            strmap_add(&c->one_to_one_fks, key, len, (void *)r);
        }
    }
}

/*
 * The words of an identifier, lower-cased: split at '_', '-', digits and
 * case changes, so "totalPriceUSD", "total_price" and "TotalPrice2" all give
 * "total", "price" (and "usd"). Returns the count (at most MAX).
 */
static size_t lint__words(arena *a, const char *name, const char **words, size_t max)
{
    size_t n = 0, len = strlen(name), i = 0;
    while (i < len && n < max) {
        while (i < len && !isalpha((unsigned char)name[i]))
            i++;
        size_t s = i;
        if (i < len && isupper((unsigned char)name[i])) {
            /* An acronym runs until the capital that starts the next word ("USDAmount"). */
            while (i < len && isupper((unsigned char)name[i]))
                i++;
            if (i < len && islower((unsigned char)name[i]) && i - s > 1)
                i--;
        }
        while (i < len && islower((unsigned char)name[i]))
            i++;
        if (i == s)
            continue;
        char *w = arena_strndup(a, name + s, i - s);
        for (char *p = w; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        words[n++] = w;
    }
    return n;
}

static bool lint__in(const char *word, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(word, list[i]) == 0)
            return true;
    return false;
}

/* ---------------------------------------------------------------- keys of a table */

typedef enum lint_key_kind {
    LINT_KEY_PK,
    LINT_KEY_UNIQUE,
    LINT_KEY_INDEX,
} lint_key_kind;

/* A primary key, unique constraint or index of one table. */
typedef struct lint_key {
    lint_key_kind kind;
    const char *name;         /* database name; NULL for a primary key SQLite keeps unnamed */
    const ir_index_column *cols;
    size_t ncols;
    ir_index_method method;
    const char *where;
    const char *const *include;
    size_t ninclude;
    sc_span span;             /* the attribute that made it; none in join tables */
    sc_span map;              /* its map: argument; none without */
} lint_key;

typedef struct lint_keys {
    lint_key *keys;
    size_t n;
} lint_keys;

static bool lint__same_where(arena *a, const char *x, const char *y)
{
    if (!x || !y)
        return x == y;
    return strcmp(ir_normalize_expr(a, x), ir_normalize_expr(a, y)) == 0;
}


/* Every key of table T: the primary key first, then the indexes in the model's order. */
static lint_keys lint__table_keys(lint_ctx *c, const ir_table *t)
{
    lint_keys out = {ARENA_ARRAY(c->a, lint_key, t->nindexes + 1), 0};
    if (t->has_pk) {
        lint_key *k = &out.keys[out.n++];
        k->kind = LINT_KEY_PK;
        k->name = t->pk.name;
        ir_index_column *cols = ARENA_ARRAY(c->a, ir_index_column, t->pk.ncolumns ? t->pk.ncolumns : 1);
        for (size_t i = 0; i < t->pk.ncolumns; i++)
            cols[i].name = t->pk.columns[i];
        k->cols = cols;
        k->ncols = t->pk.ncolumns;
        k->span = t->pk.src.span;
        k->map = t->pk.src_map;
    }
    for (size_t i = 0; i < t->nindexes; i++) {
        const ir_index *x = &t->indexes[i];
        lint_key *k = &out.keys[out.n++];
        k->kind = x->unique ? LINT_KEY_UNIQUE : LINT_KEY_INDEX;
        k->name = x->name;
        k->cols = x->columns;
        k->ncols = x->ncolumns;
        k->method = x->method;
        k->where = x->where;
        k->include = x->include;
        k->ninclude = x->ninclude;
        k->span = x->src.span;
        k->map = x->src_map;
    }
    return out;
}

/* The keys of table T (lint__table_keys), computed once per table. */
static lint_keys lint__keys(lint_ctx *c, const ir_table *t)
{
    size_t ti = (size_t)(t - c->ir->tables);
    if (ti >= c->ir->ntables)
        return lint__table_keys(c, t);
    if (!c->keys)
        c->keys = ARENA_ARRAY(c->a, lint_keys, c->ir->ntables + 1);
    if (!c->keys[ti].keys)
        c->keys[ti] = lint__table_keys(c, t);
    return c->keys[ti];
}

/* "the primary key", "unique constraint \"x\"", "index \"x\"". */
static const char *lint__key_label(arena *a, const lint_key *k)
{
    switch (k->kind) {
    case LINT_KEY_PK: return k->name ? arena_printf(a, "the primary key \"%s\"", k->name) : "the primary key";
    case LINT_KEY_UNIQUE: return arena_printf(a, "unique constraint \"%s\"", k->name);
    case LINT_KEY_INDEX: break;
    }
    return arena_printf(a, "index \"%s\"", k->name);
}

/* "(a, b DESC)" in database column names. */
static const char *lint__key_columns(arena *a, const lint_key *k)
{
    char *s = arena_strdup(a, "(");
    for (size_t i = 0; i < k->ncols; i++)
        s = arena_printf(a, "%s%s%s%s", s, i ? ", " : "", k->cols[i].name,
                         k->cols[i].sort == IR_SORT_DESC ? " DESC" : "");
    return arena_printf(a, "%s)", s);
}

/* ---------------------------------------------------------------- rule: fk-without-index */

/* True when KEY can serve equality lookups on exactly the columns COLS (any order) as its leading columns. */
static bool lint__key_leads_with(const lint_key *k, const char *const *cols, size_t n)
{
    if (k->where || k->ncols < n || n == 0)
        return false;
    if (k->method != IR_METHOD_DEFAULT && !(k->method == IR_METHOD_HASH && k->ncols == 1))
        return false;
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        for (size_t j = 0; j < n && !found; j++)
            found = strcmp(k->cols[i].name, cols[j]) == 0;
        if (!found)
            return false;
    }
    return true;
}

static void lint__fk_without_index(lint_ctx *c)
{
    /* With relationMode = "prisma" there are no foreign keys, and sema already asks for
       indexes; a view is no table, and a relation to one has no foreign key either. */
    if (!c->pg)
        return;
    lint__index(c);
    for (size_t i = 0; i < c->nfwd; i++) {
        const ir_relation *r = c->fwd[i];
        const ir_table *t = r->fk ? lint__table(c, r->model) : NULL;
        if (!t || r->ncolumns == 0)
            continue;
        bool ok = true;
        for (size_t k = 0; k < r->ncolumns && ok; k++)
            ok = lint__column_named(c, t, r->columns[k]) != NULL;
        if (!ok)
            continue;
        lint_keys keys = lint__keys(c, t);
        bool covered = false;
        for (size_t k = 0; k < keys.n && !covered; k++)
            covered = lint__key_leads_with(&keys.keys[k], r->columns, r->ncolumns);
        if (covered)
            continue;
        const char *fields = lint__field_names(c, t, r->columns, r->ncolumns);
        sc_diag *d = lint__report(
            c, SC_SEV_WARNING, "fk-without-index", lint__has(r->src_attr) ? r->src_attr : r->src.span, NULL,
            "no index starts with the foreign key %s of \"%s\": deleting or updating a \"%s\" row, and joins "
            "from it, scan \"%s\"",
            fields, r->model, r->target, t->name);
        if (d)
            diag_note(c->diags, d, NULL, "add @@index([%s]) to model \"%s\" (PostgreSQL does not index "
                      "foreign keys by itself)", fields, r->model);
    }
}

/* ---------------------------------------------------------------- rule: redundant-index */

static bool lint__same_opclass(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* True when every query index X serves, Y serves as well (Y starts with X's columns). */
static bool lint__covers(arena *a, const lint_key *y, const lint_key *x)
{
    if (y->method != x->method || !lint__same_where(a, x->where, y->where) || y->ncols < x->ncols)
        return false;
    /* Only a B-tree answers for a prefix of its columns; other methods must match exactly. */
    if (x->method != IR_METHOD_DEFAULT && y->ncols != x->ncols)
        return false;
    bool same_dir = true, flipped = true;
    for (size_t i = 0; i < x->ncols; i++) {
        if (strcmp(x->cols[i].name, y->cols[i].name) != 0 || !lint__same_opclass(x->cols[i].opclass, y->cols[i].opclass))
            return false;
        if (x->cols[i].sort == y->cols[i].sort)
            flipped = false;
        else
            same_dir = false;
    }
    /* A B-tree scans backwards too: (a DESC, b DESC) serves what (a, b) does. */
    if (!same_dir && !flipped && x->method == IR_METHOD_DEFAULT)
        return false;
    for (size_t i = 0; i < x->ninclude; i++) {
        bool found = false;
        for (size_t j = 0; j < y->ncols && !found; j++)
            found = strcmp(x->include[i], y->cols[j].name) == 0;
        for (size_t j = 0; j < y->ninclude && !found; j++)
            found = strcmp(x->include[i], y->include[j]) == 0;
        if (!found)
            return false;
    }
    return true;
}

static void lint__redundant_index(lint_ctx *c)
{
    for (size_t ti = 0; ti < c->ir->ntables; ti++) {
        const ir_table *t = &c->ir->tables[ti];
        if (t->kind != IR_TABLE_MODEL || !t->model)
            continue;
        lint_keys keys = lint__keys(c, t);
        /* A key covers an index only if it starts with the same column: compare within the
           keys of one first column, in key order. */
        size_t *next_same = ARENA_ARRAY(c->a, size_t, keys.n + 1);
        strmap first_of, last_of;
        strmap_init(&first_of, c->a);
        strmap_init(&last_of, c->a);
        for (size_t j = 0; j < keys.n; j++) {
            next_same[j] = (size_t)-1;
            if (keys.keys[j].ncols == 0)
                continue;
            const char *col = keys.keys[j].cols[0].name;
            uintptr_t last = (uintptr_t)strmap_gets(&last_of, col);
            if (last)
                next_same[last - 1] = j;
            else
                strmap_adds(&first_of, col, (void *)(uintptr_t)(j + 1));
            strmap_set(&last_of, col, strlen(col), (void *)(uintptr_t)(j + 1));
        }
        for (size_t i = 0; i < keys.n; i++) {
            const lint_key *x = &keys.keys[i];
            if (x->kind != LINT_KEY_INDEX || !lint__has(x->span) || x->ncols == 0)
                continue;
            const lint_key *best = NULL;
            uintptr_t head = (uintptr_t)strmap_gets(&first_of, x->cols[0].name);
            for (size_t j = head ? (size_t)(head - 1) : (size_t)-1; j != (size_t)-1; j = next_same[j]) {
                const lint_key *y = &keys.keys[j];
                if (j == i || !lint__covers(c->a, y, x))
                    continue;
                /* Two identical indexes: only the second one written is the redundant one. */
                if (y->kind == LINT_KEY_INDEX && y->ncols == x->ncols && lint__covers(c->a, x, y) &&
                    (!lint__has(y->span) || y->span.start > x->span.start))
                    continue;
                /* Prefer the key the database must keep anyway: primary key, then unique, then longest. */
                if (!best || y->kind < best->kind || (y->kind == best->kind && y->ncols > best->ncols))
                    best = y;
            }
            if (!best)
                continue;
            const char *why = best->ncols == x->ncols ? "has the same columns" : "starts with the same columns";
            sc_diag *d = lint__report(c, SC_SEV_WARNING, "redundant-index", x->span, NULL,
                                      "index \"%s\" %s is redundant: %s %s %s", x->name,
                                      lint__key_columns(c->a, x), lint__key_label(c->a, best),
                                      lint__key_columns(c->a, best), why);
            if (!d)
                continue;
            if (lint__has(best->span))
                diag_note(c->diags, d, &best->span, "%s is declared here", lint__key_label(c->a, best));
            diag_note(c->diags, d, NULL,
                      "remove this @@index: queries on its columns can use %s, and every index slows "
                      "writes and takes space", lint__key_label(c->a, best));
        }
    }
}

/* ---------------------------------------------------------------- rule: float-money */

static const char *const lint__money_words[] = {
    "price", "prices", "amount", "amounts", "cost", "costs", "balance", "balances", "total", "subtotal",
    "fee", "fees", "salary", "salaries", "wage", "wages", "payment", "payments", "payout", "tax", "vat",
    "discount", "revenue", "income", "charge", "refund", "credit", "debit", "budget", "money", "cash",
    "fare", "rent", "tip", "tips", "bonus", "commission", "expense", "expenses", "profit", "earnings",
    "deposit", "withdrawal", "premium", "spend", "paid", "owed", "msrp", "cents", "usd", "eur", "gbp",
    "dollars", "euros", "currency", "invoice", "payable", "receivable", "shipping", "postage", NULL,
};

/* Words that make a money-sounding name something else: "totalWeight", "taxRate", "balanceRatio". */
static const char *const lint__not_money_words[] = {
    "rate", "rates", "ratio", "percent", "percentage", "pct", "weight", "score", "distance", "duration",
    "count", "hours", "minutes", "seconds", "time", "rating", "probability", "factor", "multiplier", "lat",
    "latitude", "lng", "lon", "longitude", "temperature", "height", "width", "length", "size", "progress",
    "accuracy", "confidence", "speed", "km", "miles", "kg", "grams", "volume", "days", NULL,
};

static void lint__float_money(lint_ctx *c)
{
    lint__index(c);
    for (size_t ti = 0; ti < c->nmodels; ti++) {
        const ir_table *t = c->models[ti];
        if (t->src_ignored)
            continue;
        for (size_t i = 0; i < t->ncolumns; i++) {
            const ir_column *col = &t->columns[i];
            if (!col->field || col->scalar != SC_SCALAR_FLOAT)
                continue;
            const char *words[16];
            size_t n = lint__words(c->a, col->field, words, 16);
            const char *money = NULL;
            bool other = false;
            for (size_t k = 0; k < n; k++) {
                if (!money && lint__in(words[k], lint__money_words))
                    money = words[k];
                if (lint__in(words[k], lint__not_money_words))
                    other = true;
            }
            if (!money || other)
                continue;
            sc_diag *d = lint__report(c, SC_SEV_WARNING, "float-money", col->src_type, NULL,
                                      "\"%s.%s\" looks like an amount of money (\"%s\") but is a Float: binary "
                                      "floating point cannot hold 0.10 exactly, and sums drift",
                                      t->model, col->field, money);
            if (d)
                diag_note(c->diags, d, NULL,
                          "use Decimal (e.g. Decimal @db.Decimal(12, 2) on PostgreSQL), or an Int/BigInt count "
                          "of the smallest unit (cents)");
        }
    }
}

/* ---------------------------------------------------------------- rule: long-identifier */

/* The first 63 bytes of NAME, cut on a UTF-8 character boundary as PostgreSQL does. */
static const char *lint__pg_cut(arena *a, const char *name)
{
    size_t n = LINT_PG_MAX_IDENT;
    while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
        n--;
    return arena_strndup(a, name, n);
}

/* Report NAME when it is longer than PostgreSQL keeps. */
static void lint__long_name(lint_ctx *c, const char *name, const char *what, sc_span span, const char *how)
{
    size_t len = name ? strlen(name) : 0;
    if (len <= LINT_PG_MAX_IDENT)
        return;
    sc_diag *d = lint__report(c, SC_SEV_WARNING, "long-identifier", span, NULL,
                              "%s name \"%s\" is %zu bytes: PostgreSQL silently cuts it to 63 bytes, \"%s\"", what,
                              name, len, lint__pg_cut(c->a, name));
    if (d)
        diag_note(c->diags, d, NULL, "%s; migrations and drift checks compare the name as written with the cut one",
                  how);
}

/* SPAN if it is one, else OR. */
static sc_span lint__or(sc_span span, sc_span or)
{
    return lint__has(span) ? span : or;
}

static void lint__long_table(lint_ctx *c, const ir_table *t)
{
    if (t->kind != IR_TABLE_MODEL || !t->model) {
        /* An implicit many-to-many join table "_Name": point at the relation field. */
        if (lint__has(t->src.span))
            lint__long_name(c, t->name, "join table", t->src.span,
                            "name the relation shorter with @relation(\"Name\") on both fields");
        return;
    }
    lint__long_name(c, t->name, "table", lint__or(t->src_map.span, t->src.span),
                    "give the table a shorter name with @@map(\"...\")");

    for (size_t i = 0; i < t->ncolumns; i++) {
        const ir_column *col = &t->columns[i];
        if (!col->field)
            continue;
        lint__long_name(c, col->name, "column", lint__or(col->src_map, col->src.span),
                        "give the column a shorter name with @map(\"...\")");
    }

    lint_keys keys = lint__keys(c, t);
    for (size_t i = 0; i < keys.n; i++) {
        const lint_key *k = &keys.keys[i];
        if (!k->name || strlen(k->name) <= LINT_PG_MAX_IDENT)
            continue;
        const char *what = k->kind == LINT_KEY_PK ? "primary key" : k->kind == LINT_KEY_UNIQUE ? "unique constraint" : "index";
        lint__long_name(c, k->name, what, lint__has(k->span) ? lint__or(k->map, k->span) : t->src.span,
                        "shorten it with map: \"...\"");
    }
    for (size_t i = 0; i < t->nfks; i++) {
        const ir_foreign_key *fk = &t->fks[i];
        if (!fk->name || strlen(fk->name) <= LINT_PG_MAX_IDENT)
            continue;
        lint__long_name(c, fk->name, "foreign key",
                        lint__has(fk->src.span) ? lint__or(fk->src_map, fk->src.span) : t->src.span,
                        "shorten it with map: \"...\" in @relation");
    }
    for (size_t i = 0; i < t->nchecks; i++) {
        const ir_check *k = &t->checks[i];
        if (!k->name || strlen(k->name) <= LINT_PG_MAX_IDENT)
            continue;
        lint__long_name(c, k->name, "check constraint", lint__or(k->src_map, t->src.span),
                        "shorten it with map: \"...\"");
    }
}

/*
 * Names longer than PostgreSQL keeps, in the model PostgreSQL would get: a
 * schema for SQLite is read in its PostgreSQL model (in->ir_pg), where the
 * default names are cut the way Prisma cuts them (those are fine: the
 * database holds what the schema's model says).
 */
static void lint__long_identifier(lint_ctx *c)
{
    const ir_schema *own = c->ir;
    if (c->in->ir_pg)
        lint__use(c, c->in->ir_pg);
    for (size_t i = 0; i < c->ir->ntables; i++)
        lint__long_table(c, &c->ir->tables[i]);
    for (size_t i = 0; i < c->ir->nenums; i++) {
        const ir_enum *e = &c->ir->enums[i];
        if (!e->name)
            continue;
        lint__long_name(c, e->db_name, "enum type", lint__or(e->src_map.span, e->src.span),
                        "give the enum a shorter name with @@map(\"...\")");
    }
    if (c->ir != own)
        lint__use(c, own);
}

/* ---------------------------------------------------------------- rule: portable-name */

/*
 * What `check` would refuse if the schema were built for the other database:
 * sema's own rules for database names (sema_check_names), asked for the other
 * provider by the caller (in->other_names), each error a warning here, so a
 * schema meant for both finds out before the second database refuses it.
 */
static void lint__portable_name(lint_ctx *c)
{
    if (c->ir->provider == IR_PROVIDER_NONE)
        return;
    for (const sc_diag *x = c->in->other_names; x; x = x->next) {
        sc_diag *d = lint__report(c, SC_SEV_WARNING, "portable-name", x->span, NULL, "%s", x->message);
        if (!d)
            continue;
        for (const sc_note *n = x->notes; n; n = n->next)
            diag_note(c->diags, d, n->has_span ? &n->span : NULL, "%s", n->message);
        diag_note(c->diags, d, NULL, "with provider = \"%s\", check refuses this schema",
                  c->pg ? "sqlite" : "postgresql");
    }
}

/* ---------------------------------------------------------------- rule: cascade-delete-chain */

/* A cascading foreign key: deleting a row of parent deletes the rows of child that point at it. */
typedef struct lint_edge {
    size_t parent, child;       /* indexes into the model array */
    const ir_relation *rel;     /* the FORWARD relation of the child */
} lint_edge;

typedef struct lint_graph {
    const ir_table **models;
    size_t nmodels;
    lint_edge *edges;
    size_t nedges;
    int *depth;                 /* longest cascade path from a model, in edges; -1 = not computed */
    size_t *next;               /* the edge that starts it (SIZE_MAX: none) */
    bool *on_path;
    size_t *first_out;          /* per model: its first outgoing edge (SIZE_MAX: none) */
    size_t *next_out;           /* per edge: the next edge of the same parent, in edge order */
    size_t *touched;            /* the models lint__depth computed since the last reset */
    size_t ntouched;
    strmap index;               /* model name -> 1 + its index */
} lint_graph;

static size_t lint__model_index(const lint_graph *g, const char *model)
{
    uintptr_t i = (uintptr_t)strmap_gets(&g->index, model);
    return i ? (size_t)(i - 1) : (size_t)-1;
}

/* The longest chain of cascading edges from model M, following no model twice. */
static int lint__depth(lint_graph *g, size_t m)
{
    if (g->depth[m] >= 0)
        return g->depth[m];
    g->on_path[m] = true;
    g->touched[g->ntouched++] = m;
    int best = 0;
    size_t best_edge = (size_t)-1;
    for (size_t e = g->first_out[m]; e != (size_t)-1; e = g->next_out[e]) {
        if (g->on_path[g->edges[e].child])
            continue;
        int d = 1 + lint__depth(g, g->edges[e].child);
        if (d > best) {
            best = d;
            best_edge = e;
        }
    }
    g->on_path[m] = false;
    g->depth[m] = best;
    g->next[m] = best_edge;
    return best;
}

/*
 * The strongly connected component of every model (Tarjan's algorithm,
 * without recursion): a cascade from model A reaches model B and back only
 * when both are in one component.
 */
static size_t *lint__components(lint_ctx *c, const lint_graph *g)
{
    size_t n = g->nmodels, none = (size_t)-1;
    size_t *comp = ARENA_ARRAY(c->a, size_t, n + 1);
    size_t *index = ARENA_ARRAY(c->a, size_t, n + 1);
    size_t *low = ARENA_ARRAY(c->a, size_t, n + 1);
    bool *on_stack = ARENA_ARRAY(c->a, bool, n + 1);
    size_t *stack = ARENA_ARRAY(c->a, size_t, n + 1);
    size_t *call = ARENA_ARRAY(c->a, size_t, n + 1);   /* the models being visited */
    size_t *edge = ARENA_ARRAY(c->a, size_t, n + 1);   /* the next edge of each of them */
    for (size_t i = 0; i < n; i++) {
        index[i] = none;
        comp[i] = none;
    }
    size_t counter = 0, sp = 0, ncomp = 0;
    for (size_t root = 0; root < n; root++) {
        if (index[root] != none)
            continue;
        size_t depth = 0;
        call[depth] = root;
        edge[depth] = g->first_out[root];
        index[root] = low[root] = counter++;
        stack[sp++] = root;
        on_stack[root] = true;
        while (true) {
            size_t v = call[depth];
            size_t e = edge[depth];
            if (e != none) {
                edge[depth] = g->next_out[e];
                size_t w = g->edges[e].child;
                if (index[w] == none) {
                    index[w] = low[w] = counter++;
                    stack[sp++] = w;
                    on_stack[w] = true;
                    depth++;
                    call[depth] = w;
                    edge[depth] = g->first_out[w];
                } else if (on_stack[w] && index[w] < low[v]) {
                    low[v] = index[w];
                }
                continue;
            }
            if (low[v] == index[v]) {
                size_t w;
                do {
                    w = stack[--sp];
                    on_stack[w] = false;
                    comp[w] = ncomp;
                } while (w != v);
                ncomp++;
            }
            if (depth == 0)
                break;
            depth--;
            size_t u = call[depth];
            if (low[v] < low[u])
                low[u] = low[v];
        }
    }
    return comp;
}

/* Where a cascade link points: the onDelete: argument, else its @relation, else the field. */
static sc_span lint__link_span(const ir_relation *r)
{
    return lint__has(r->src_attr) ? lint__or(r->src_on_delete_arg, r->src_attr) : r->src.decl;
}

static void lint__cascade_chain(lint_ctx *c)
{
    lint__index(c);
    lint_graph g;
    memset(&g, 0, sizeof g);
    g.models = c->models;
    g.nmodels = c->nmodels;
    strmap_init(&g.index, c->a);
    for (size_t i = 0; i < g.nmodels; i++)
        strmap_adds(&g.index, g.models[i]->model, (void *)(uintptr_t)(i + 1));
    g.edges = ARENA_ARRAY(c->a, lint_edge, c->nfwd + 1);
    for (size_t i = 0; i < c->nfwd; i++) {
        const ir_relation *r = c->fwd[i];
        /* Self-relations (trees) are no chain; join rows of an implicit many-to-many are
           no FORWARD relation. */
        if (r->src_on_delete != IR_ACTION_CASCADE || strcmp(r->model, r->target) == 0)
            continue;
        size_t parent = lint__model_index(&g, r->target), child = lint__model_index(&g, r->model);
        if (parent == (size_t)-1 || child == (size_t)-1)
            continue;
        g.edges[g.nedges].parent = parent;
        g.edges[g.nedges].child = child;
        g.edges[g.nedges].rel = r;
        g.nedges++;
    }
    g.depth = ARENA_ARRAY(c->a, int, g.nmodels + 1);
    g.next = ARENA_ARRAY(c->a, size_t, g.nmodels + 1);
    g.on_path = ARENA_ARRAY(c->a, bool, g.nmodels + 1);
    g.touched = ARENA_ARRAY(c->a, size_t, g.nmodels + 1);
    /* Each model's outgoing edges, in edge order. */
    g.first_out = ARENA_ARRAY(c->a, size_t, g.nmodels + 1);
    g.next_out = ARENA_ARRAY(c->a, size_t, g.nedges + 1);
    size_t *last_out = ARENA_ARRAY(c->a, size_t, g.nmodels + 1);
    for (size_t i = 0; i < g.nmodels; i++) {
        g.first_out[i] = (size_t)-1;
        last_out[i] = (size_t)-1;
        g.depth[i] = -1;
    }
    for (size_t e = 0; e < g.nedges; e++) {
        size_t p = g.edges[e].parent;
        g.next_out[e] = (size_t)-1;
        if (last_out[p] == (size_t)-1)
            g.first_out[p] = e;
        else
            g.next_out[last_out[p]] = e;
        last_out[p] = e;
    }
    /*
     * A chain starts at a model no cascade reaches from outside: one without
     * a cascading parent, or whose parents it reaches itself (a cycle such as
     * User <-> Team, which would otherwise leave no root at all).
     */
    bool *entered = ARENA_ARRAY(c->a, bool, g.nmodels + 1);
    const size_t *comp = lint__components(c, &g);
    for (size_t e = 0; e < g.nedges; e++)
        if (comp[g.edges[e].child] != comp[g.edges[e].parent])
            entered[g.edges[e].child] = true;

    /* One finding per root and first link: every longer chain starts at a root. */
    for (size_t root = 0; root < g.nmodels; root++) {
        if (entered[root])
            continue;
        for (size_t first = 0; first < g.nedges; first++) {
            if (g.edges[first].parent != root)
                continue;
            /* Forget what the last chain computed (only the models it touched). */
            for (size_t i = 0; i < g.ntouched; i++) {
                g.depth[g.touched[i]] = -1;
                g.on_path[g.touched[i]] = false;
            }
            g.ntouched = 0;
            g.on_path[root] = true;
            g.touched[g.ntouched++] = root;
            int depth = 1 + lint__depth(&g, g.edges[first].child);
            if (depth < LINT_CASCADE_MIN_DEPTH)
                continue;
            /* Name the chain, root first. */
            char *chain = arena_strdup(c->a, g.models[root]->model);
            size_t m = g.edges[first].child, e = first;
            for (int k = 0; k < depth; k++) {
                chain = arena_printf(c->a, "%s -> %s", chain, g.models[m]->model);
                if (k + 1 < depth) {
                    e = g.next[m];
                    m = g.edges[e].child;
                }
            }
            const ir_relation *r0 = g.edges[first].rel;
            sc_diag *d = lint__report(c, SC_SEV_WARNING, "cascade-delete-chain", lint__link_span(r0),
                                      &g.models[root]->src,
                                      "onDelete: Cascade chains %d foreign keys deep (%s): deleting one \"%s\" "
                                      "row silently deletes rows %d tables away",
                                      depth, chain, g.models[root]->model, depth);
            if (!d)
                continue;
            m = g.edges[first].child;
            for (int k = 1; k < depth; k++) {
                e = g.next[m];
                const ir_relation *r = g.edges[e].rel;
                sc_span sp = lint__link_span(r);
                diag_note(c->diags, d, &sp, "\"%s.%s\" cascades from \"%s\"", r->model, r->field, r->target);
                m = g.edges[e].child;
            }
            diag_note(c->diags, d, NULL,
                      "use onDelete: Restrict (or SetNull) on one link so such a delete needs an explicit "
                      "decision, or soft-delete the root (@deletedAt)");
        }
    }
}

/* ---------------------------------------------------------------- rule: updated-at-missing */

static bool lint__has_word(lint_ctx *c, const char *name, const char *const *list)
{
    const char *words[16];
    size_t n = lint__words(c->a, name, words, 16);
    for (size_t i = 0; i < n; i++)
        if (lint__in(words[i], list))
            return true;
    return false;
}

/* True when COL is part of the primary key or of a foreign key of its model T. */
static bool lint__key_column(lint_ctx *c, const ir_table *t, const ir_column *col)
{
    if (col->is_id)
        return true;
    size_t len;
    const char *key = lint__pair(c->a, t->model, col->name, &len);
    return strmap_get(&c->fk_columns, key, len) != NULL;
}

/*
 * True when rows of T look append-only, so a missing updatedAt is by design:
 * the model is named as a log ("AuditLog", "PageRevision"), or it has no
 * column to change besides its keys and the creation time (a link row such
 * as a follow or a membership).
 */
static bool lint__append_only(lint_ctx *c, const ir_table *t, const ir_column *created_f)
{
    static const char *const log_words[] = {"log", "logs", "event", "events", "history", "audit", "audits",
                                            "revision", "revisions", "snapshot", "snapshots", NULL};
    if (lint__has_word(c, t->model, log_words))
        return true;
    for (size_t i = 0; i < t->ncolumns; i++) {
        const ir_column *col = &t->columns[i];
        if (col == created_f || !col->field)
            continue;
        if (!lint__key_column(c, t, col))
            return false;
    }
    return true;
}

static void lint__updated_at(lint_ctx *c)
{
    static const char *const created[] = {"created", "creation", "inserted", NULL};
    static const char *const updated[] = {"updated", "modified", "changed", NULL};
    lint__index(c);
    for (size_t ti = 0; ti < c->nmodels; ti++) {
        const ir_table *t = c->models[ti];
        if (t->src_ignored)
            continue;
        const ir_column *created_f = NULL, *updated_f = NULL;
        bool has_updated_at = false;
        for (size_t i = 0; i < t->ncolumns; i++) {
            const ir_column *col = &t->columns[i];
            if (!col->field || col->scalar != SC_SCALAR_DATETIME)
                continue;
            if (col->client_default == IR_CLIENT_UPDATED_AT) {
                has_updated_at = true;
                break;
            }
            if (!created_f && col->dflt.kind == IR_DEFAULT_NOW && lint__has_word(c, col->field, created))
                created_f = col;
            /* A trigger-maintained column (dbgenerated) is updated by the database itself. */
            if (!updated_f && lint__has_word(c, col->field, updated) && !col->src_dbgenerated)
                updated_f = col;
        }
        if (has_updated_at)
            continue;
        if (updated_f) {
            sc_diag *d = lint__report(c, SC_SEV_WARNING, "updated-at-missing", updated_f->src.span, NULL,
                                      "\"%s.%s\" is not marked @updatedAt: nothing sets it when a row changes",
                                      t->model, updated_f->field);
            if (d)
                diag_note(c->diags, d, NULL, "add @updatedAt so every generated update sets it");
        } else if (created_f && !lint__append_only(c, t, created_f)) {
            sc_diag *d = lint__report(c, SC_SEV_NOTE, "updated-at-missing", created_f->src.span, NULL,
                                      "model \"%s\" records when a row was created (\"%s\") but not when it last "
                                      "changed",
                                      t->model, created_f->field);
            if (d)
                diag_note(c->diags, d, NULL,
                          "add `updatedAt DateTime @updatedAt`; if rows are never updated (a log), silence this "
                          "with // schemac-lint-ignore updated-at-missing above the model");
        }
    }
}

/* ---------------------------------------------------------------- rule: optional-unique */

/* True when COLS (N of them) of T are exactly the foreign key of a one-to-one relation: optional by design. */
static bool lint__one_to_one_fk(lint_ctx *c, const ir_table *t, const ir_column *const *cols, size_t n)
{
    if (n == 0)
        return false;
    const char **names = ARENA_ARRAY(c->a, const char *, n);
    for (size_t i = 0; i < n; i++)
        names[i] = cols[i]->name;
    size_t len;
    const char *key = lint__column_set(c->a, t->model, names, n, &len);
    return strmap_get(&c->one_to_one_fks, key, len) != NULL;
}

/* Case-insensitive strstr for ASCII. */
static const char *lint__strcasestr(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == n)
            return hay;
    }
    return NULL;
}

/*
 * True when table T already has the partial unique index that closes the
 * gap: unique over exactly the required columns of FS (K of them, any
 * order), for the rows where OPT IS NULL - the fix the finding suggests.
 */
static bool lint__null_rows_unique(const ir_table *t, const ir_column *const *fs, size_t k, const ir_column *opt)
{
    for (size_t i = 0; i < t->nindexes; i++) {
        const ir_index *x = &t->indexes[i];
        if (!x->unique || !x->where || !strstr(x->where, opt->name) || !lint__strcasestr(x->where, "is null"))
            continue;
        size_t nreq = 0, matched = 0;
        for (size_t f = 0; f < k; f++) {
            if (fs[f] == opt)
                continue;
            nreq++;
            for (size_t j = 0; j < x->ncolumns; j++)
                if (strcmp(x->columns[j].name, fs[f]->name) == 0)
                    matched++;
        }
        if (nreq == x->ncolumns && matched == nreq)
            return true;
    }
    return false;
}

static int lint__cmp_index(const void *x, const void *y)
{
    const ir_index *a = *(const ir_index *const *)x, *b = *(const ir_index *const *)y;
    int r = lint__cmp_span(&a->src.span, &b->src.span);
    return r ? r : (a > b) - (a < b);
}

static void lint__optional_unique(lint_ctx *c)
{
    lint__index(c);
    for (size_t ti = 0; ti < c->nmodels; ti++) {
        const ir_table *t = c->models[ti];
        if (t->src_ignored)
            continue;
        /* The unique constraints the schema wrote, in its order. */
        const ir_index **uniques = ARENA_ARRAY(c->a, const ir_index *, t->nindexes + 1);
        size_t nuniques = 0;
        for (size_t i = 0; i < t->nindexes; i++)
            if (t->indexes[i].unique && lint__has(t->indexes[i].src.span))
                uniques[nuniques++] = &t->indexes[i];
        qsort(uniques, nuniques, sizeof *uniques, lint__cmp_index);
        for (size_t u = 0; u < nuniques; u++) {
            const ir_index *x = uniques[u];
            if (x->src_field) {
                const ir_column *col = x->ncolumns == 1 ? lint__column_named(c, t, x->columns[0].name) : NULL;
                if (!col || !col->nullable || lint__one_to_one_fk(c, t, &col, 1))
                    continue;
                sc_diag *d = lint__report(c, SC_SEV_NOTE, "optional-unique", x->src.span, NULL,
                                          "\"%s.%s\" is optional and unique: rows where it is NULL never conflict, "
                                          "so any number of them may exist",
                                          t->model, col->field);
                if (d)
                    diag_note(c->diags, d, NULL, "if every row must have a distinct value, make the field required");
                continue;
            }
            const ir_column **fs = ARENA_ARRAY(c->a, const ir_column *, x->ncolumns + 1);
            size_t k = 0, nopt = 0;
            const ir_column *opt = NULL;
            for (size_t i = 0; i < x->ncolumns; i++) {
                const ir_column *f = lint__column_named(c, t, x->columns[i].name);
                if (!f || !f->field)
                    continue;
                fs[k++] = f;
                if (f->nullable) {
                    nopt++;
                    if (!opt)
                        opt = f;
                }
            }
            if (!opt || lint__one_to_one_fk(c, t, (const ir_column *const *)fs, k))
                continue;
            if (nopt == 1 && lint__null_rows_unique(t, (const ir_column *const *)fs, k, opt))
                continue;
            char *req = arena_strdup(c->a, "");
            for (size_t i = 0; i < k; i++)
                if (!fs[i]->nullable)
                    req = arena_printf(c->a, "%s%s%s", req, *req ? ", " : "", fs[i]->field);
            const char *what = !*req            ? "combination"
                               : strchr(req, ',') ? arena_printf(c->a, "(%s)", req)
                                                  : arena_printf(c->a, "%s", req);
            sc_diag *d = lint__report(c, SC_SEV_WARNING, "optional-unique", x->src.span, NULL,
                                      "@@unique over optional field \"%s\"%s: rows where it is NULL never conflict, "
                                      "so the same %s may appear in any number of them",
                                      opt->field, nopt > 1 ? " (and others)" : "", what);
            if (d) {
                if (*req && nopt == 1)
                    diag_note(c->diags, d, NULL,
                              "make \"%s\" required, or also add @@unique([%s], where: { %s: null }) for the rows "
                              "without it",
                              opt->field, req, opt->field);
                else
                    diag_note(c->diags, d, NULL, "make the optional fields required if the combination must be "
                              "unique in every row");
            }
        }
    }
}

/* ---------------------------------------------------------------- rule: set-null-required */

/*
 * SetNull on a foreign key with a NOT NULL column (PostgreSQL accepts the
 * schema, as Prisma does with a warning): when the referenced row goes
 * (onDelete) or its key changes (onUpdate), the database sets the column
 * to NULL, the NOT NULL constraint refuses it, and the statement fails. It
 * behaves like Restrict with a confusing error.
 */
static void lint__set_null_required(lint_ctx *c)
{
    for (size_t i = 0; i < c->ir->ntables; i++) {
        const ir_table *t = &c->ir->tables[i];
        for (size_t k = 0; k < t->nfks; k++) {
            const ir_foreign_key *fk = &t->fks[k];
            if (!lint__has(fk->src.span) ||
                (fk->on_delete != IR_ACTION_SET_NULL && fk->on_update != IR_ACTION_SET_NULL))
                continue;
            const ir_column *required = NULL;
            for (size_t j = 0; j < fk->ncolumns && !required; j++) {
                const ir_column *col = lint__column_named(c, t, fk->columns[j]);
                if (col && !col->nullable)
                    required = col;
            }
            if (!required)
                continue;
            const char *field = required->field ? required->field : required->name;
            for (int which = 0; which < 2; which++) {
                if ((which == 0 ? fk->on_delete : fk->on_update) != IR_ACTION_SET_NULL)
                    continue;
                sc_diag *d = lint__report(
                    c, SC_SEV_WARNING, "set-null-required", fk->src.span, NULL,
                    "%s: SetNull, but \"%s\" of model \"%s\" is required: %s a referenced \"%s\" row fails in "
                    "the database, which cannot set the NOT NULL column \"%s\" to NULL",
                    which == 0 ? "onDelete" : "onUpdate", field, t->model ? t->model : t->name,
                    which == 0 ? "deleting" : "changing the key of", fk->ref_table, required->name);
                if (d)
                    diag_note(c->diags, d, lint__has(required->src_type) ? &required->src_type : NULL,
                              "make \"%s\" optional, or choose Cascade, Restrict or NoAction", field);
            }
        }
    }
}

/* ---------------------------------------------------------------- driver */

size_t lint_schema(sc_diags *diags, const lint_input *in)
{
    lint_ctx c;
    memset(&c, 0, sizeof c);
    c.diags = diags;
    c.a = diags->arena;
    c.in = in;
    c.pg = in->ir->provider == IR_PROVIDER_POSTGRESQL;
    lint__use(&c, in->ir);
    strmap_init(&c.fk_columns, c.a);
    strmap_init(&c.one_to_one_fks, c.a);
    lint__index_scopes(&c, in->ir);
    lint__check_ignores(&c);
    lint__fk_without_index(&c);
    lint__redundant_index(&c);
    lint__float_money(&c);
    lint__long_identifier(&c);
    lint__portable_name(&c);
    lint__cascade_chain(&c);
    lint__updated_at(&c);
    lint__optional_unique(&c);
    lint__set_null_required(&c);
    return c.nfindings;
}
