/*
 * lint.c - the lint rules: findings about a schema sema accepted that a
 * careful database reviewer would still question (see lint.h, docs/lint.md).
 *
 * Each rule reads the model (what the database will hold, with its final
 * names) and points at the AST (where the user wrote it). The model has no
 * spans, so IR objects are matched back to blocks, fields and attributes by
 * name: tables by model, columns by field, indexes by the attribute that
 * produced the same column list, foreign keys by sema's relations.
 */
#include "intel/lint.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sema/sema.h"
#include "base/strmap.h"
#include "sema/lower.h"

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

typedef struct lint_ctx {
    sc_diags *diags;
    arena *a;
    const ast_schema *ast;
    const ir_schema *ir;
    const sc_sources *src;
    const sema_schema *info;
    bool pg;
    size_t nfindings;
    /* Lookup tables, built on first use: the rules stay linear in the schema's size. */
    strmap tables;              /* model name -> its ir_table (the first) */
    strmap *fields;             /* per table of ir: field name -> its ir_column */
    struct lint_keys *keys;     /* per table of ir: its keys, NULL until computed */
    const ast_comment **own_line; /* per file and line: the own-line comment there, or NULL */
    size_t *own_line_base;      /* per file: the index of its line 0 in own_line */
    bool comments_indexed;
    strmap fk_fields;           /* every foreign key field (by address) */
    strmap one_to_one_fks;      /* the field sets of one-to-one foreign keys (by address) */
    bool relations_indexed;
} lint_ctx;

/* Where a finding belongs, for ignore comments: the model and (optionally) the member. */
typedef struct lint_at {
    const ast_block *model;
    const ast_member *member;
    const ast_block *model2; /* a second model whose ignore comment also counts (chain roots) */
} lint_at;

/* ---------------------------------------------------------------- ignore comments */

/* The codes after "schemac-lint-ignore" in comment TEXT, or NULL when it is not one. */
static const char *lint__ignore_list(const char *text)
{
    static const char key[] = "schemac-lint-ignore";
    if (strncmp(text, "//", 2) != 0)
        return NULL;
    const char *p = text + 2;
    while (*p == '/')
        p++;
    while (*p == ' ' || *p == '\t')
        p++;
    if (strncmp(p, key, sizeof key - 1) != 0)
        return NULL;
    p += sizeof key - 1;
    if (*p != '\0' && *p != ' ' && *p != '\t' && *p != ':')
        return NULL;
    return p;
}

/* True when the comment list LIST names CODE: codes separated by spaces or commas. */
static bool lint__list_has(const char *list, const char *code)
{
    size_t n = strlen(code);
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',' || *p == ':')
            p++;
        const char *s = p;
        while (*p && *p != ' ' && *p != '\t' && *p != ',')
            p++;
        if ((size_t)(p - s) == n && strncmp(s, code, n) == 0)
            return true;
    }
    return false;
}

/* True when comment C stands alone on its line (only blanks before it). */
static bool lint__own_line(const lint_ctx *c, const ast_comment *k)
{
    if (!c->src || k->span.file >= c->src->nfiles)
        return false;
    const sc_file *f = &c->src->files[k->span.file];
    size_t ls, le;
    source_line_bounds(f, k->span.start, &ls, &le);
    for (size_t i = ls; i < k->span.start; i++)
        if (f->text[i] != ' ' && f->text[i] != '\t')
            return false;
    return true;
}

/*
 * True when the run of own-line comments directly above LINE of FILE holds
 * a schemac-lint-ignore naming CODE. Comments come in source order, so the
 * run is found by walking back from the last comment before LINE.
 */
/*
 * Index the own-line line comments of every file by line, once: a comment
 * stands alone on its line only if it is the first one there, so a line
 * holds at most one.
 */
static void lint__index_comments(lint_ctx *c)
{
    c->comments_indexed = true;
    size_t nfiles = c->ast->nfiles;
    c->own_line_base = ARENA_ARRAY(c->a, size_t, nfiles + 1);
    size_t total = 0;
    for (size_t f = 0; f < nfiles; f++) {
        c->own_line_base[f] = total;
        uint32_t last = 0;
        for (const ast_comment *k = c->ast->comments[f].first; k; k = k->next)
            if (k->span.line > last)
                last = k->span.line;
        total += (size_t)last + 1;
    }
    c->own_line_base[nfiles] = total;
    c->own_line = ARENA_ARRAY(c->a, const ast_comment *, total + 1);
    for (size_t f = 0; f < nfiles; f++)
        for (const ast_comment *k = c->ast->comments[f].first; k; k = k->next)
            if (!k->block && !c->own_line[c->own_line_base[f] + k->span.line] && lint__own_line(c, k))
                c->own_line[c->own_line_base[f] + k->span.line] = k;
}

static bool lint__ignored_at(lint_ctx *c, uint32_t file, uint32_t line, const char *code)
{
    if (file >= c->ast->nfiles || line < 2)
        return false;
    if (!c->comments_indexed)
        lint__index_comments(c);
    /* The run of own-line comments directly above LINE. */
    size_t base = c->own_line_base[file], nlines = c->own_line_base[file + 1] - base;
    for (uint32_t want = line - 1; want > 0 && want < nlines; want--) {
        const ast_comment *k = c->own_line[base + want];
        if (!k)
            break;
        const char *list = lint__ignore_list(k->text);
        if (list && lint__list_has(list, code))
            return true;
    }
    return false;
}

static bool lint__ignored(lint_ctx *c, const lint_at *at, const char *code)
{
    const ast_block *models[2] = {at->model, at->model2};
    for (int i = 0; i < 2; i++)
        if (models[i] && lint__ignored_at(c, models[i]->name_span.file, models[i]->keyword_span.line, code))
            return true;
    return at->member && lint__ignored_at(c, at->member->span.file, at->member->span.line, code);
}

/* Every schemac-lint-ignore must name known codes, or a typo silently silences nothing. */
static void lint__check_ignores(lint_ctx *c)
{
    const char *names[LINT_NRULES];
    for (size_t i = 0; i < LINT_NRULES; i++)
        names[i] = lint__rules[i].code;
    for (size_t f = 0; f < c->ast->nfiles; f++) {
        for (const ast_comment *k = c->ast->comments[f].first; k; k = k->next) {
            const char *list = k->block ? NULL : lint__ignore_list(k->text);
            if (!list)
                continue;
            const char *p = list;
            bool any = false;
            while (*p) {
                while (*p == ' ' || *p == '\t' || *p == ',' || *p == ':')
                    p++;
                const char *s = p;
                while (*p && *p != ' ' && *p != '\t' && *p != ',')
                    p++;
                if (p == s)
                    continue;
                any = true;
                char *code = arena_strndup(c->a, s, (size_t)(p - s));
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
            if (!any) {
                sc_diag *d = diag_warning(c->diags, k->span, "unknown-lint-code",
                                          "schemac-lint-ignore without a code silences nothing");
                diag_note(c->diags, d, NULL, "name the codes to silence: // schemac-lint-ignore float-money");
                c->nfindings++;
            }
        }
    }
}

/* ---------------------------------------------------------------- reporting */

/*
 * Add a finding unless an ignore comment silences it. Notes are added as
 * warnings and then marked as notes: diag.h has no constructor for a
 * top-level note, and the warning count must not include them.
 */
#if defined(__GNUC__)
__attribute__((format(printf, 6, 7)))
#endif
static sc_diag *lint__report(lint_ctx *c, sc_severity sev, const char *code, sc_span span, const lint_at *at,
                             const char *fmt, ...)
{
    if (lint__ignored(c, at, code))
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

/* ---------------------------------------------------------------- small helpers */

static const ast_attr *lint__block_attr(const ast_block *b, const char *name, const ast_member **member)
{
    for (const ast_member *m = b->members.first; m; m = m->next) {
        if (m->kind == AST_MEMBER_BLOCK_ATTR && m->attr && strcmp(m->attr->name, name) == 0) {
            if (member)
                *member = m;
            return m->attr;
        }
    }
    return NULL;
}

static const ast_block *lint__model(const lint_ctx *c, const char *name)
{
    return name ? ast_find_block(c->ast, name, 1u << AST_BLOCK_MODEL) : NULL;
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

/* The column of field FIELD of table T (as ir_find_field), through a table per table. */
static const ir_column *lint__column(lint_ctx *c, const ir_table *t, const char *field)
{
    if (!t || !field)
        return NULL;
    size_t ti = (size_t)(t - c->ir->tables);
    if (ti >= c->ir->ntables)
        return ir_find_field(t, field);
    if (!c->fields)
        c->fields = ARENA_ARRAY(c->a, strmap, c->ir->ntables + 1);
    strmap *m = &c->fields[ti];
    if (!m->a) {
        strmap_init(m, c->a);
        for (size_t i = 0; i < t->ncolumns; i++)
            if (t->columns[i].field)
                strmap_adds(m, t->columns[i].field, (void *)&t->columns[i]);
    }
    return strmap_gets(m, field);
}

static bool lint__optional(const ast_member *f)
{
    return f->type_mod == AST_TYPE_OPTIONAL || f->type_mod == AST_TYPE_OPTIONAL_LIST;
}

static bool lint__is_view(const ast_block *b)
{
    const sema_model *sm = sema_model_info(b);
    return b->kind == AST_BLOCK_VIEW || (sm && sm->is_view);
}

static bool lint__ignored_model(const ast_block *b)
{
    const sema_model *sm = sema_model_info(b);
    return !sm || sm->ignored || sm->is_view;
}

/* The span of argument NAME of ATTR, else of ATTR. */
static sc_span lint__arg_span(const ast_attr *attr, const char *name)
{
    const ast_arg *arg = ast_find_arg(&attr->args, name, -1);
    return arg ? arg->span : attr->span;
}

/* "a, b, c" of the field names of FIELDS. */
static const char *lint__field_names(arena *a, ast_member *const *fields, size_t n)
{
    char *s = arena_strdup(a, "");
    for (size_t i = 0; i < n; i++)
        s = arena_printf(a, "%s%s%s", s, i ? ", " : "", fields[i]->name);
    return s;
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

/* A primary key, unique constraint or index of one table, with the attribute that wrote it. */
typedef struct lint_key {
    lint_key_kind kind;
    const char *name;         /* database name; NULL for a primary key SQLite keeps unnamed */
    const ir_index_column *cols;
    size_t ncols;
    ir_index_method method;
    const char *where;
    const char *const *include;
    size_t ninclude;
    const ast_attr *attr;     /* NULL when no attribute matched (join tables) */
    const ast_member *member; /* the field or block-attribute member holding attr */
} lint_key;

typedef struct lint_keys {
    lint_key *keys;
    size_t n;
} lint_keys;

/* The database column names a field list (`[a, b(sort: Desc)]`) names, or false if one is unknown. */
static bool lint__attr_columns(lint_ctx *c, const ir_table *t, const ast_attr *attr, const char ***out,
                               size_t *n)
{
    const ast_arg *fields = ast_find_arg(&attr->args, "fields", 0);
    const ast_expr *list = fields ? fields->value : NULL;
    if (!list || list->kind != AST_EXPR_ARRAY)
        return false;
    *n = 0;
    for (const ast_expr *e = list->items.first; e; e = e->next) {
        const ir_column *col = e->value ? lint__column(c, t, e->value) : NULL;
        if (!col)
            return false;
        (*out)[(*n)++] = col->name;
    }
    return true;
}

static bool lint__same_where(arena *a, const char *x, const char *y)
{
    if (!x || !y)
        return x == y;
    return strcmp(ir_normalize_expr(a, x), ir_normalize_expr(a, y)) == 0;
}

/* The kind letter and column names of a key, as the key of its bucket in lint__table_keys. */
static const char *lint__key_sig(arena *a, char kind, const char *const *cols, size_t n, size_t *len)
{
    size_t total = 1;
    for (size_t i = 0; i < n; i++)
        total += strlen(cols[i]) + 1;
    char *sig = arena_alloc(a, total);
    size_t o = 0;
    sig[o++] = kind;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(cols[i]);
        memcpy(sig + o, cols[i], l);
        o += l;
        sig[o++] = '\0';
    }
    *len = o;
    return sig;
}

/* An attribute that makes a key, in a bucket of attributes with the same kind and columns. */
typedef struct lint_attr_ref {
    struct lint_attr_ref *next; /* source order */
    const ast_attr *attr;
    const ast_member *member;
    bool taken;
} lint_attr_ref;

static char lint__kind_letter(lint_key_kind k)
{
    return k == LINT_KEY_PK ? 'p' : k == LINT_KEY_UNIQUE ? 'u' : 'i';
}

/* The attribute (of BUCKETS, from the model of T) that produced KEY (same kind and column list),
   not yet taken: the first in source order. */
static void lint__match_attr(lint_ctx *c, lint_key *key, const strmap *buckets)
{
    const char **cols = ARENA_ARRAY(c->a, const char *, key->ncols + 1);
    for (size_t i = 0; i < key->ncols; i++)
        cols[i] = key->cols[i].name;
    size_t len;
    const char *sig = lint__key_sig(c->a, lint__kind_letter(key->kind), cols, key->ncols, &len);
    for (lint_attr_ref *r = strmap_get(buckets, sig, len); r; r = r->next) {
        if (r->taken)
            continue;
        const ast_attr *at = r->attr;
        if ((key->where != NULL) != (ast_find_arg(&at->args, "where", -1) != NULL))
            continue;
        /* Two keys over the same columns differ by name: an explicit map: must be this key's. */
        const ast_arg *map = ast_find_arg(&at->args, "map", -1);
        if (key->name && map && map->value && map->value->kind == AST_EXPR_STRING &&
            strcmp(map->value->value, key->name) != 0)
            continue;
        r->taken = true;
        key->attr = at;
        key->member = r->member;
        return;
    }
}

/* File attribute AT of member M under its kind and columns in BUCKETS (appended: source order). */
static void lint__bucket_attr(lint_ctx *c, const ir_table *t, strmap *buckets, strmap *tails,
                              const ast_attr *at, const ast_member *m)
{
    lint_key_kind kind = strcmp(at->name, "id") == 0       ? LINT_KEY_PK
                         : strcmp(at->name, "unique") == 0 ? LINT_KEY_UNIQUE
                                                           : LINT_KEY_INDEX;
    const char *one[1];
    const char **cols = one;
    size_t n = 0;
    if (!at->block) {
        const ir_column *col = lint__column(c, t, m->name);
        if (!col)
            return;
        one[0] = col->name;
        n = 1;
    } else {
        const ast_arg *fields = ast_find_arg(&at->args, "fields", 0);
        size_t count = fields && fields->value ? fields->value->items.count : 0;
        if (count == 0 || count > 64)
            return;
        cols = ARENA_ARRAY(c->a, const char *, count);
        if (!lint__attr_columns(c, t, at, &cols, &n))
            return;
    }
    size_t len;
    const char *sig = lint__key_sig(c->a, lint__kind_letter(kind), cols, n, &len);
    lint_attr_ref *r = ARENA_NEW(c->a, lint_attr_ref);
    r->attr = at;
    r->member = m;
    lint_attr_ref *tail = strmap_get(tails, sig, len);
    if (tail)
        tail->next = r;
    else
        strmap_add(buckets, sig, len, r);
    strmap_set(tails, sig, len, r);
}

/* Every key of table T (model block B, or NULL for join tables), attributes matched. */
static lint_keys lint__table_keys(lint_ctx *c, const ir_table *t, const ast_block *b)
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
    }
    if (!b)
        return out;
    /* The attributes that make keys, by kind and columns, each bucket in source order. */
    strmap buckets, tails;
    strmap_init(&buckets, c->a);
    strmap_init(&tails, c->a);
    for (const ast_member *m = b->members.first; m; m = m->next) {
        if (m->kind == AST_MEMBER_FIELD) {
            for (const ast_attr *at = m->attrs.first; at; at = at->next)
                if (strcmp(at->name, "id") == 0 || strcmp(at->name, "unique") == 0)
                    lint__bucket_attr(c, t, &buckets, &tails, at, m);
        } else if (m->kind == AST_MEMBER_BLOCK_ATTR && m->attr &&
                   (strcmp(m->attr->name, "id") == 0 || strcmp(m->attr->name, "unique") == 0 ||
                    strcmp(m->attr->name, "index") == 0)) {
            lint__bucket_attr(c, t, &buckets, &tails, m->attr, m);
        }
    }
    for (size_t i = 0; i < out.n; i++)
        lint__match_attr(c, &out.keys[i], &buckets);
    return out;
}

/* The keys of table T with their attributes (lint__table_keys), computed once per table. */
static lint_keys lint__keys(lint_ctx *c, const ir_table *t)
{
    size_t ti = (size_t)(t - c->ir->tables);
    if (ti >= c->ir->ntables)
        return lint__table_keys(c, t, lint__model(c, t->model));
    if (!c->keys)
        c->keys = ARENA_ARRAY(c->a, lint_keys, c->ir->ntables + 1);
    if (!c->keys[ti].keys)
        c->keys[ti] = lint__table_keys(c, t, lint__model(c, t->model));
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
    /* With relationMode = "prisma" there are no foreign keys, and sema already asks for indexes. */
    if (!c->pg || !c->info || c->info->relation_mode != SC_RELMODE_FOREIGN_KEYS)
        return;
    for (const sema_relation *r = c->info->relations; r; r = r->next) {
        if (r->kind == SEMA_REL_MANY_TO_MANY_IMPLICIT || !r->field[0] || !r->model[0] || !r->model[1] ||
            r->nfields == 0)
            continue;
        /* A view is no table: a relation to or from one has no foreign key to serve. */
        const ir_table *t = lint__table(c, r->model[0]->name);
        if (!t || lint__is_view(r->model[1]))
            continue;
        const char **cols = ARENA_ARRAY(c->a, const char *, r->nfields);
        bool ok = true;
        for (size_t i = 0; i < r->nfields && ok; i++) {
            const ir_column *col = lint__column(c, t, r->fields[i]->name);
            ok = col != NULL;
            if (col)
                cols[i] = col->name;
        }
        if (!ok)
            continue;
        lint_keys keys = lint__keys(c, t);
        bool covered = false;
        for (size_t i = 0; i < keys.n && !covered; i++)
            covered = lint__key_leads_with(&keys.keys[i], cols, r->nfields);
        if (covered)
            continue;
        const ast_attr *rel = ast_find_attr(&r->field[0]->attrs, "relation", false);
        lint_at at = {r->model[0], r->field[0], NULL};
        const char *fields = lint__field_names(c->a, r->fields, r->nfields);
        sc_diag *d = lint__report(
            c, SC_SEV_WARNING, "fk-without-index", rel ? rel->span : r->field[0]->name_span, &at,
            "no index starts with the foreign key %s of \"%s\": deleting or updating a \"%s\" row, and joins "
            "from it, scan \"%s\"",
            fields, r->model[0]->name, r->model[1]->name, t->name);
        if (d)
            diag_note(c->diags, d, NULL, "add @@index([%s]) to model \"%s\" (PostgreSQL does not index "
                      "foreign keys by itself)", fields, r->model[0]->name);
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
        const ast_block *b = lint__model(c, t->model);
        if (!b)
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
            if (x->kind != LINT_KEY_INDEX || !x->attr || x->ncols == 0)
                continue;
            const lint_key *best = NULL;
            uintptr_t head = (uintptr_t)strmap_gets(&first_of, x->cols[0].name);
            for (size_t j = head ? (size_t)(head - 1) : (size_t)-1; j != (size_t)-1; j = next_same[j]) {
                const lint_key *y = &keys.keys[j];
                if (j == i || !lint__covers(c->a, y, x))
                    continue;
                /* Two identical indexes: only the second one written is the redundant one. */
                if (y->kind == LINT_KEY_INDEX && y->ncols == x->ncols && lint__covers(c->a, x, y) &&
                    (!y->attr || y->attr->span.start > x->attr->span.start))
                    continue;
                /* Prefer the key the database must keep anyway: primary key, then unique, then longest. */
                if (!best || y->kind < best->kind || (y->kind == best->kind && y->ncols > best->ncols))
                    best = y;
            }
            if (!best)
                continue;
            lint_at at = {b, x->member, NULL};
            const char *why = best->ncols == x->ncols ? "has the same columns" : "starts with the same columns";
            sc_diag *d = lint__report(c, SC_SEV_WARNING, "redundant-index", x->attr->span, &at,
                                      "index \"%s\" %s is redundant: %s %s %s", x->name,
                                      lint__key_columns(c->a, x), lint__key_label(c->a, best),
                                      lint__key_columns(c->a, best), why);
            if (!d)
                continue;
            if (best->attr)
                diag_note(c->diags, d, &best->attr->span, "%s is declared here", lint__key_label(c->a, best));
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
    for (const ast_block *b = c->ast->blocks.first; b; b = b->next) {
        if (b->kind != AST_BLOCK_MODEL || lint__ignored_model(b))
            continue;
        for (const ast_member *m = b->members.first; m; m = m->next) {
            if (m->kind != AST_MEMBER_FIELD || m->type_kind != AST_FIELDTYPE_SCALAR || m->scalar != SC_SCALAR_FLOAT)
                continue;
            const char *words[16];
            size_t n = lint__words(c->a, m->name, words, 16);
            const char *money = NULL;
            bool other = false;
            for (size_t i = 0; i < n; i++) {
                if (!money && lint__in(words[i], lint__money_words))
                    money = words[i];
                if (lint__in(words[i], lint__not_money_words))
                    other = true;
            }
            if (!money || other)
                continue;
            lint_at at = {b, m, NULL};
            sc_diag *d = lint__report(c, SC_SEV_WARNING, "float-money", m->type_span, &at,
                                      "\"%s.%s\" looks like an amount of money (\"%s\") but is a Float: binary "
                                      "floating point cannot hold 0.10 exactly, and sums drift",
                                      b->name, m->name, money);
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
static void lint__long_name(lint_ctx *c, const char *name, const char *what, sc_span span, const lint_at *at,
                            const char *how)
{
    size_t len = name ? strlen(name) : 0;
    if (len <= LINT_PG_MAX_IDENT)
        return;
    sc_diag *d = lint__report(c, SC_SEV_WARNING, "long-identifier", span, at,
                              "%s name \"%s\" is %zu bytes: PostgreSQL silently cuts it to 63 bytes, \"%s\"", what,
                              name, len, lint__pg_cut(c->a, name));
    if (d)
        diag_note(c->diags, d, NULL, "%s; migrations and drift checks compare the name as written with the cut one",
                  how);
}

/* A written name of B: map: (or name:) of an attribute ATTR_NAME, as a table of name -> lint_mapped. */
typedef struct lint_mapped {
    const ast_attr *attr;
    const ast_member *member;
} lint_mapped;

/* The map:/name: strings of B's attributes, keyed by attribute name, NUL, value (first wins). */
static strmap *lint__mapped_names(lint_ctx *c, const ast_block *b)
{
    strmap *names = ARENA_NEW(c->a, strmap);
    strmap_init(names, c->a);
    for (const ast_member *m = b->members.first; m; m = m->next) {
        const ast_attr *first = m->kind == AST_MEMBER_FIELD ? m->attrs.first : NULL;
        const ast_attr *single = m->kind == AST_MEMBER_BLOCK_ATTR ? m->attr : NULL;
        for (const ast_attr *at = single ? single : first; at; at = single ? NULL : at->next) {
            for (const ast_arg *g = at->args.first; g; g = g->next) {
                if (!g->name || (strcmp(g->name, "map") != 0 && strcmp(g->name, "name") != 0) || !g->value ||
                    g->value->kind != AST_EXPR_STRING)
                    continue;
                lint_mapped *x = ARENA_NEW(c->a, lint_mapped);
                x->attr = at;
                x->member = m;
                const char *key = arena_printf(c->a, "%s%c%s", at->name, 0, g->value->value);
                strmap_add(names, key, strlen(at->name) + 1 + strlen(g->value->value), x);
            }
        }
    }
    return names;
}

/* The attribute of B named ATTR_NAME with map: (or name:) equal to NAME, from MAPPED. */
static const ast_attr *lint__attr_mapped(lint_ctx *c, const strmap *mapped, const char *attr_name,
                                         const char *name, const ast_member **member)
{
    const char *key = arena_printf(c->a, "%s%c%s", attr_name, 0, name);
    const lint_mapped *x = strmap_get(mapped, key, strlen(attr_name) + 1 + strlen(name));
    if (!x)
        return NULL;
    *member = x->member;
    return x->attr;
}

/* The relation whose foreign key on model B's table has FK's columns, from BY_COLS
   (lint__fk_relations: every foreign key by model and columns, the first of each). */
static const sema_relation *lint__fk_relation(lint_ctx *c, strmap *by_cols, const ast_block *b,
                                              const ir_foreign_key *fk)
{
    const char **cols = ARENA_ARRAY(c->a, const char *, fk->ncolumns + 1);
    for (size_t k = 0; k < fk->ncolumns; k++)
        cols[k] = fk->columns[k];
    size_t len;
    const char *sig = lint__key_sig(c->a, 'f', cols, fk->ncolumns, &len);
    char *key = arena_alloc(c->a, len + sizeof b);
    memcpy(key, &b, sizeof b);
    memcpy(key + sizeof b, sig, len);
    return strmap_get(by_cols, key, len + sizeof b);
}

static strmap *lint__fk_relations(lint_ctx *c)
{
    strmap *by_cols = ARENA_NEW(c->a, strmap);
    strmap_init(by_cols, c->a);
    for (const sema_relation *r = c->info ? c->info->relations : NULL; r; r = r->next) {
        if (!r->field[0] || !r->model[0])
            continue;
        const ir_table *t = lint__table(c, r->model[0]->name);
        const char **cols = ARENA_ARRAY(c->a, const char *, r->nfields + 1);
        bool ok = t != NULL;
        for (size_t k = 0; k < r->nfields && ok; k++) {
            const ir_column *col = lint__column(c, t, r->fields[k]->name);
            ok = col != NULL;
            cols[k] = col ? col->name : NULL;
        }
        if (!ok)
            continue;
        size_t len;
        const char *sig = lint__key_sig(c->a, 'f', cols, r->nfields, &len);
        const ast_block *b = r->model[0];
        char *key = arena_alloc(c->a, len + sizeof b);
        memcpy(key, &b, sizeof b);
        memcpy(key + sizeof b, sig, len);
        strmap_add(by_cols, key, len + sizeof b, (void *)r);
    }
    return by_cols;
}

static void lint__long_table(lint_ctx *c, const ir_table *t, strmap *fk_rels)
{
    const ast_block *b = lint__model(c, t->model);
    if (!b) {
        /* An implicit many-to-many join table "_Name": point at the relation field. */
        for (const sema_relation *r = c->info ? c->info->relations : NULL; r; r = r->next) {
            if (r->kind != SEMA_REL_MANY_TO_MANY_IMPLICIT || !r->field[0] || t->name[0] != '_' ||
                strcmp(t->name + 1, r->name) != 0)
                continue;
            lint_at at = {r->model[0], r->field[0], NULL};
            lint__long_name(c, t->name, "join table", r->field[0]->span, &at,
                            "name the relation shorter with @relation(\"Name\") on both fields");
        }
        return;
    }
    lint_at at = {b, NULL, NULL};
    const ast_member *mapm = NULL;
    const ast_attr *map = lint__block_attr(b, "map", &mapm);
    at.member = mapm;
    lint__long_name(c, t->name, "table", map ? map->span : b->name_span, &at,
                    "give the table a shorter name with @@map(\"...\")");

    for (size_t i = 0; i < t->ncolumns; i++) {
        const ast_member *f = t->columns[i].field ? ast_find_member(b, t->columns[i].field) : NULL;
        if (!f)
            continue;
        const ast_attr *fmap = ast_find_attr(&f->attrs, "map", false);
        lint_at fat = {b, f, NULL};
        lint__long_name(c, t->columns[i].name, "column", fmap ? fmap->span : f->name_span, &fat,
                        "give the column a shorter name with @map(\"...\")");
    }

    lint_keys keys = lint__keys(c, t);
    for (size_t i = 0; i < keys.n; i++) {
        const lint_key *k = &keys.keys[i];
        if (!k->name || strlen(k->name) <= LINT_PG_MAX_IDENT)
            continue;
        lint_at kat = {b, k->member, NULL};
        const char *what = k->kind == LINT_KEY_PK ? "primary key" : k->kind == LINT_KEY_UNIQUE ? "unique constraint" : "index";
        lint__long_name(c, k->name, what, k->attr ? lint__arg_span(k->attr, "map") : b->name_span, &kat,
                        "shorten it with map: \"...\"");
    }
    strmap *mapped = NULL;
    for (size_t i = 0; i < t->nfks; i++) {
        const ir_foreign_key *fk = &t->fks[i];
        if (!fk->name || strlen(fk->name) <= LINT_PG_MAX_IDENT)
            continue;
        if (!mapped)
            mapped = lint__mapped_names(c, b);
        const ast_member *m = NULL;
        const ast_attr *at_rel = lint__attr_mapped(c, mapped, "relation", fk->name, &m);
        lint_at kat = {b, m, NULL};
        if (!at_rel) {
            /* A default name: find the relation by its columns. */
            const sema_relation *r = lint__fk_relation(c, fk_rels, b, fk);
            if (r) {
                at_rel = ast_find_attr(&r->field[0]->attrs, "relation", false);
                kat.member = r->field[0];
            }
        }
        lint__long_name(c, fk->name, "foreign key", at_rel ? lint__arg_span(at_rel, "map") : b->name_span, &kat,
                        "shorten it with map: \"...\" in @relation");
    }
    for (size_t i = 0; i < t->nchecks; i++) {
        if (!t->checks[i].name || strlen(t->checks[i].name) <= LINT_PG_MAX_IDENT)
            continue;
        if (!mapped)
            mapped = lint__mapped_names(c, b);
        const ast_member *m = NULL;
        const ast_attr *chk = lint__attr_mapped(c, mapped, "check", t->checks[i].name, &m);
        lint_at kat = {b, m, NULL};
        lint__long_name(c, t->checks[i].name, "check constraint", chk ? lint__arg_span(chk, "map") : b->name_span,
                        &kat, "shorten it with map: \"...\"");
    }
}

/*
 * Names longer than PostgreSQL keeps, in the model PostgreSQL would get: a
 * schema for SQLite is lowered again for PostgreSQL, where the default
 * names are cut the way Prisma cuts them (those are fine: the database holds
 * what the schema's model says).
 */
static void lint__long_identifier(lint_ctx *c)
{
    const ir_schema *own = c->ir;
    if (!c->pg) {
        ir_schema *pg = ARENA_NEW(c->a, ir_schema);
        lower_schema(pg, c->a, c->ast, IR_PROVIDER_POSTGRESQL);
        c->ir = pg;
        /* The lookup tables belong to the model they were built on. */
        strmap_init(&c->tables, c->a);
        c->fields = NULL;
        c->keys = NULL;
    }
    strmap *fk_rels = lint__fk_relations(c);
    for (size_t i = 0; i < c->ir->ntables; i++)
        lint__long_table(c, &c->ir->tables[i], fk_rels);
    for (size_t i = 0; i < c->ir->nenums; i++) {
        const ir_enum *e = &c->ir->enums[i];
        const ast_block *b = e->name ? ast_find_block(c->ast, e->name, 1u << AST_BLOCK_ENUM) : NULL;
        if (!b)
            continue;
        const ast_member *mapm = NULL;
        const ast_attr *map = lint__block_attr(b, "map", &mapm);
        lint_at at = {b, mapm, NULL};
        lint__long_name(c, e->db_name, "enum type", map ? map->span : b->name_span, &at,
                        "give the enum a shorter name with @@map(\"...\")");
    }
    if (c->ir != own) {
        c->ir = own;
        strmap_init(&c->tables, c->a);
        c->fields = NULL;
        c->keys = NULL;
    }
}

/* ---------------------------------------------------------------- rule: portable-name */

/* Does span A start before position (FILE, START)? Blocks and members come in that order. */
static bool lint__starts_before(const sc_span *a, uint32_t file, uint32_t start)
{
    return a->file < file || (a->file == file && a->start <= start);
}

/* Where a finding at SPAN belongs, for ignore comments: the block and member holding it.
   BLOCKS (N of them) are the schema's blocks in order; MEMBERS[i] block i's members. */
static lint_at lint__locate(const ast_block *const *blocks, size_t n, const ast_member ***members,
                            size_t *nmembers, const sc_span *span)
{
    lint_at at = {NULL, NULL, NULL};
    size_t lo = 0, hi = n;
    while (lo < hi) { /* the last block starting at or before SPAN */
        size_t mid = lo + (hi - lo) / 2;
        if (lint__starts_before(&blocks[mid]->span, span->file, span->start))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return at;
    size_t bi = lo - 1;
    at.model = blocks[bi];
    const ast_member **ms = members[bi];
    lo = 0;
    hi = nmembers[bi];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lint__starts_before(&ms[mid]->span, span->file, span->start))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0 && span->start < ms[lo - 1]->span.end)
        at.member = ms[lo - 1];
    return at;
}

/*
 * What `check` would refuse if the schema were built for the other database:
 * sema's own rules for database names (sema_check_names), asked for the other
 * provider, each error a warning here, so a schema meant for both finds out
 * before the second database refuses it.
 */
static void lint__portable_name(lint_ctx *c)
{
    sc_provider other = c->pg ? SC_PROVIDER_SQLITE : SC_PROVIDER_POSTGRESQL;
    if (c->ir->provider == IR_PROVIDER_NONE)
        return;
    sc_diags scratch;
    diag_init(&scratch, c->a);
    scratch.limit = ~0u;
    sema_check_names(c->ast, c->a, other, &scratch);
    if (!scratch.first)
        return;
    /* The blocks and their members in order, to find where each finding belongs. */
    size_t nblocks = c->ast->blocks.count, k = 0;
    const ast_block **blocks = ARENA_ARRAY(c->a, const ast_block *, nblocks + 1);
    const ast_member ***members = ARENA_ARRAY(c->a, const ast_member **, nblocks + 1);
    size_t *nmembers = ARENA_ARRAY(c->a, size_t, nblocks + 1);
    for (const ast_block *b = c->ast->blocks.first; b && k < nblocks; b = b->next, k++) {
        blocks[k] = b;
        members[k] = ARENA_ARRAY(c->a, const ast_member *, b->members.count + 1);
        for (const ast_member *m = b->members.first; m; m = m->next)
            members[k][nmembers[k]++] = m;
    }
    for (const sc_diag *x = scratch.first; x; x = x->next) {
        lint_at at = lint__locate(blocks, k, members, nmembers, &x->span);
        sc_diag *d = lint__report(c, SC_SEV_WARNING, "portable-name", x->span, &at, "%s", x->message);
        if (!d)
            continue;
        for (const sc_note *n = x->notes; n; n = n->next)
            diag_note(c->diags, d, n->has_span ? &n->span : NULL, "%s", n->message);
        diag_note(c->diags, d, NULL, "with provider = \"%s\", check refuses this schema",
                  other == SC_PROVIDER_SQLITE ? "sqlite" : "postgresql");
    }
}

/* ---------------------------------------------------------------- rule: cascade-delete-chain */

/* A cascading foreign key: deleting a row of parent deletes the rows of child that point at it. */
typedef struct lint_edge {
    size_t parent, child;       /* indexes into the model array */
    const sema_relation *rel;
} lint_edge;

typedef struct lint_graph {
    const ast_block **models;
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
    strmap index;               /* model block (by address) -> 1 + its index */
} lint_graph;

static size_t lint__model_index(const lint_graph *g, const ast_block *b)
{
    uintptr_t i = (uintptr_t)strmap_get(&g->index, (const char *)&b, sizeof b);
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

static void lint__cascade_chain(lint_ctx *c)
{
    if (!c->info)
        return;
    lint_graph g;
    memset(&g, 0, sizeof g);
    for (const ast_block *b = c->ast->blocks.first; b; b = b->next)
        if (b->kind == AST_BLOCK_MODEL)
            g.nmodels++;
    g.models = ARENA_ARRAY(c->a, const ast_block *, g.nmodels + 1);
    g.nmodels = 0;
    strmap_init(&g.index, c->a);
    for (const ast_block *b = c->ast->blocks.first; b; b = b->next) {
        if (b->kind != AST_BLOCK_MODEL)
            continue;
        g.models[g.nmodels++] = b;
        const ast_block **key = ARENA_NEW(c->a, const ast_block *);
        *key = b;
        strmap_add(&g.index, (const char *)key, sizeof b, (void *)(uintptr_t)g.nmodels);
    }
    g.edges = ARENA_ARRAY(c->a, lint_edge, c->info->nrelations + 1);
    for (const sema_relation *r = c->info->relations; r; r = r->next) {
        /* Join rows of an implicit many-to-many go with either side: expected, not a chain. */
        if (r->kind == SEMA_REL_MANY_TO_MANY_IMPLICIT || r->on_delete != SC_ACTION_CASCADE || !r->field[0] ||
            r->model[0] == r->model[1])
            continue;
        size_t parent = lint__model_index(&g, r->model[1]), child = lint__model_index(&g, r->model[0]);
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
            char *chain = arena_strdup(c->a, g.models[root]->name);
            size_t m = g.edges[first].child, e = first;
            for (int k = 0; k < depth; k++) {
                chain = arena_printf(c->a, "%s -> %s", chain, g.models[m]->name);
                if (k + 1 < depth) {
                    e = g.next[m];
                    m = g.edges[e].child;
                }
            }
            const sema_relation *r0 = g.edges[first].rel;
            const ast_attr *rel = ast_find_attr(&r0->field[0]->attrs, "relation", false);
            lint_at at = {r0->model[0], r0->field[0], g.models[root]};
            sc_diag *d = lint__report(c, SC_SEV_WARNING, "cascade-delete-chain",
                                      rel ? lint__arg_span(rel, "onDelete") : r0->field[0]->span, &at,
                                      "onDelete: Cascade chains %d foreign keys deep (%s): deleting one \"%s\" "
                                      "row silently deletes rows %d tables away",
                                      depth, chain, g.models[root]->name, depth);
            if (!d)
                continue;
            m = g.edges[first].child;
            for (int k = 1; k < depth; k++) {
                e = g.next[m];
                const sema_relation *r = g.edges[e].rel;
                const ast_attr *ra = ast_find_attr(&r->field[0]->attrs, "relation", false);
                sc_span sp = ra ? lint__arg_span(ra, "onDelete") : r->field[0]->span;
                diag_note(c->diags, d, &sp, "\"%s.%s\" cascades from \"%s\"", r->model[0]->name,
                          r->field[0]->name, r->model[1]->name);
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

static bool lint__default_call(const ast_member *f, const char *fn)
{
    const ast_attr *d = ast_find_attr(&f->attrs, "default", false);
    const ast_arg *arg = d ? ast_find_arg(&d->args, "value", 0) : NULL;
    return arg && arg->value && arg->value->kind == AST_EXPR_CALL && strcmp(arg->value->value, fn) == 0;
}

static int lint__cmp_ptr(const void *x, const void *y)
{
    uintptr_t a = (uintptr_t)(*(void *const *)x);
    uintptr_t b = (uintptr_t)(*(void *const *)y);
    return (a > b) - (a < b);
}

/* A key for the set of fields FIELDS (N): their addresses, sorted. */
static const char *lint__field_set(arena *a, const ast_member *const *fields, size_t n, size_t *len)
{
    const ast_member **sorted = ARENA_ARRAY(a, const ast_member *, n + 1);
    for (size_t i = 0; i < n; i++)
        sorted[i] = fields[i];
    qsort(sorted, n, sizeof *sorted, lint__cmp_ptr);
    *len = n * sizeof *sorted;
    return (const char *)sorted;
}

/* The foreign key fields of every relation, and the field sets of one-to-one foreign keys. */
static void lint__index_relations(lint_ctx *c)
{
    c->relations_indexed = true;
    for (const sema_relation *r = c->info ? c->info->relations : NULL; r; r = r->next) {
        for (size_t i = 0; i < r->nfields; i++) {
            const ast_member **key = ARENA_NEW(c->a, const ast_member *);
            *key = r->fields[i];
            strmap_add(&c->fk_fields, (const char *)key, sizeof *key, (void *)r);
        }
        if (r->kind == SEMA_REL_ONE_TO_ONE && r->nfields > 0) {
            size_t len;
            const char *key = lint__field_set(c->a, (const ast_member *const *)r->fields, r->nfields, &len);
            strmap_add(&c->one_to_one_fks, key, len, (void *)r);
        }
    }
}

/* True when F is part of the primary key or of a foreign key of its model. */
static bool lint__key_field(lint_ctx *c, const ast_block *b, const ast_member *f)
{
    const sema_model *sm = sema_model_info(b);
    for (size_t i = 0; sm && i < sm->nid_fields; i++)
        if (sm->id_fields[i] == f)
            return true;
    if (!c->relations_indexed)
        lint__index_relations(c);
    const sema_relation *r = strmap_get(&c->fk_fields, (const char *)&f, sizeof f);
    return r && r->model[0] == b;
}

/*
 * True when rows of B look append-only, so a missing updatedAt is by design:
 * the model is named as a log ("AuditLog", "PageRevision"), or it has no
 * column to change besides its keys and the creation time (a link row such
 * as a follow or a membership).
 */
static bool lint__append_only(lint_ctx *c, const ast_block *b, const ast_member *created_f)
{
    static const char *const log_words[] = {"log", "logs", "event", "events", "history", "audit", "audits",
                                            "revision", "revisions", "snapshot", "snapshots", NULL};
    if (lint__has_word(c, b->name, log_words))
        return true;
    for (const ast_member *m = b->members.first; m; m = m->next) {
        if (m->kind != AST_MEMBER_FIELD || m == created_f ||
            (m->type_kind != AST_FIELDTYPE_SCALAR && m->type_kind != AST_FIELDTYPE_ENUM))
            continue;
        if (!lint__key_field(c, b, m))
            return false;
    }
    return true;
}

static void lint__updated_at(lint_ctx *c)
{
    static const char *const created[] = {"created", "creation", "inserted", NULL};
    static const char *const updated[] = {"updated", "modified", "changed", NULL};
    for (const ast_block *b = c->ast->blocks.first; b; b = b->next) {
        if (b->kind != AST_BLOCK_MODEL || lint__ignored_model(b))
            continue;
        const ast_member *created_f = NULL, *updated_f = NULL;
        bool has_updated_at = false;
        for (const ast_member *m = b->members.first; m; m = m->next) {
            if (m->kind != AST_MEMBER_FIELD || m->type_kind != AST_FIELDTYPE_SCALAR || m->scalar != SC_SCALAR_DATETIME)
                continue;
            if (ast_find_attr(&m->attrs, "updatedAt", false)) {
                has_updated_at = true;
                break;
            }
            if (!created_f && lint__default_call(m, "now") && lint__has_word(c, m->name, created))
                created_f = m;
            /* A trigger-maintained column (dbgenerated) is updated by the database itself. */
            if (!updated_f && lint__has_word(c, m->name, updated) && !lint__default_call(m, "dbgenerated"))
                updated_f = m;
        }
        if (has_updated_at)
            continue;
        if (updated_f) {
            lint_at at = {b, updated_f, NULL};
            sc_diag *d = lint__report(c, SC_SEV_WARNING, "updated-at-missing", updated_f->name_span, &at,
                                      "\"%s.%s\" is not marked @updatedAt: nothing sets it when a row changes",
                                      b->name, updated_f->name);
            if (d)
                diag_note(c->diags, d, NULL, "add @updatedAt so every generated update sets it");
        } else if (created_f && !lint__append_only(c, b, created_f)) {
            lint_at at = {b, created_f, NULL};
            sc_diag *d = lint__report(c, SC_SEV_NOTE, "updated-at-missing", created_f->name_span, &at,
                                      "model \"%s\" records when a row was created (\"%s\") but not when it last "
                                      "changed",
                                      b->name, created_f->name);
            if (d)
                diag_note(c->diags, d, NULL,
                          "add `updatedAt DateTime @updatedAt`; if rows are never updated (a log), silence this "
                          "with // schemac-lint-ignore updated-at-missing above the model");
        }
    }
}

/* ---------------------------------------------------------------- rule: optional-unique */

/* True when FIELDS (N of them) are exactly the foreign key of a one-to-one relation: optional by design. */
static bool lint__one_to_one_fk(lint_ctx *c, const ast_member *const *fields, size_t n)
{
    if (n == 0)
        return false;
    if (!c->relations_indexed)
        lint__index_relations(c);
    size_t len;
    const char *key = lint__field_set(c->a, fields, n, &len);
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
 * gap: unique over exactly the required fields REQ (K of them, any order),
 * for the rows where OPT IS NULL - the fix the finding suggests.
 */
static bool lint__null_rows_unique(const ir_table *t, const ast_member *const *fs, size_t k, const ast_member *opt)
{
    const ir_column *oc = t ? ir_find_field(t, opt->name) : NULL;
    if (!oc)
        return false;
    for (size_t i = 0; i < t->nindexes; i++) {
        const ir_index *x = &t->indexes[i];
        if (!x->unique || !x->where || !strstr(x->where, oc->name) || !lint__strcasestr(x->where, "is null"))
            continue;
        size_t nreq = 0, matched = 0;
        for (size_t f = 0; f < k; f++) {
            if (fs[f] == opt)
                continue;
            nreq++;
            const ir_column *col = ir_find_field(t, fs[f]->name);
            for (size_t j = 0; col && j < x->ncolumns; j++)
                if (strcmp(x->columns[j].name, col->name) == 0)
                    matched++;
        }
        if (nreq == x->ncolumns && matched == nreq)
            return true;
    }
    return false;
}

static void lint__optional_unique(lint_ctx *c)
{
    for (const ast_block *b = c->ast->blocks.first; b; b = b->next) {
        if (b->kind != AST_BLOCK_MODEL || lint__ignored_model(b))
            continue;
        for (const ast_member *m = b->members.first; m; m = m->next) {
            if (m->kind == AST_MEMBER_FIELD) {
                const ast_attr *uq = ast_find_attr(&m->attrs, "unique", false);
                if (!uq || !lint__optional(m) || lint__one_to_one_fk(c, &m, 1))
                    continue;
                lint_at at = {b, m, NULL};
                sc_diag *d = lint__report(c, SC_SEV_NOTE, "optional-unique", uq->span, &at,
                                          "\"%s.%s\" is optional and unique: rows where it is NULL never conflict, "
                                          "so any number of them may exist",
                                          b->name, m->name);
                if (d)
                    diag_note(c->diags, d, NULL, "if every row must have a distinct value, make the field required");
                continue;
            }
            if (m->kind != AST_MEMBER_BLOCK_ATTR || !m->attr || strcmp(m->attr->name, "unique") != 0)
                continue;
            const ast_arg *fields = ast_find_arg(&m->attr->args, "fields", 0);
            if (!fields || !fields->value || fields->value->kind != AST_EXPR_ARRAY)
                continue;
            size_t n = fields->value->items.count;
            const ast_member **fs = ARENA_ARRAY(c->a, const ast_member *, n + 1);
            size_t k = 0, nopt = 0;
            const ast_member *opt = NULL;
            for (const ast_expr *e = fields->value->items.first; e; e = e->next) {
                const ast_member *f = e->value ? ast_find_member(b, e->value) : NULL;
                if (!f)
                    continue;
                fs[k++] = f;
                if (lint__optional(f)) {
                    nopt++;
                    if (!opt)
                        opt = f;
                }
            }
            if (!opt || lint__one_to_one_fk(c, (const ast_member *const *)fs, k))
                continue;
            if (nopt == 1 && lint__null_rows_unique(ir_find_model(c->ir, b->name), fs, k, opt))
                continue;
            char *req = arena_strdup(c->a, "");
            for (size_t i = 0; i < k; i++)
                if (!lint__optional(fs[i]))
                    req = arena_printf(c->a, "%s%s%s", req, *req ? ", " : "", fs[i]->name);
            lint_at at = {b, m, NULL};
            const char *what = !*req            ? "combination"
                               : strchr(req, ',') ? arena_printf(c->a, "(%s)", req)
                                                  : arena_printf(c->a, "%s", req);
            sc_diag *d = lint__report(c, SC_SEV_WARNING, "optional-unique", m->attr->span, &at,
                                      "@@unique over optional field \"%s\"%s: rows where it is NULL never conflict, "
                                      "so the same %s may appear in any number of them",
                                      opt->name, nopt > 1 ? " (and others)" : "", what);
            if (d) {
                if (*req && nopt == 1)
                    diag_note(c->diags, d, NULL,
                              "make \"%s\" required, or also add @@unique([%s], where: { %s: null }) for the rows "
                              "without it",
                              opt->name, req, opt->name);
                else
                    diag_note(c->diags, d, NULL, "make the optional fields required if the combination must be "
                              "unique in every row");
            }
        }
    }
}

/* ---------------------------------------------------------------- driver */

size_t lint_schema(sc_diags *diags, const ast_schema *ast, const ir_schema *ir, const sc_sources *src)
{
    lint_ctx c;
    memset(&c, 0, sizeof c);
    c.diags = diags;
    c.a = diags->arena;
    c.ast = ast;
    c.ir = ir;
    c.src = src;
    c.info = sema_schema_info(ast);
    c.pg = ir->provider == IR_PROVIDER_POSTGRESQL;
    strmap_init(&c.tables, c.a);
    strmap_init(&c.fk_fields, c.a);
    strmap_init(&c.one_to_one_fks, c.a);
    lint__check_ignores(&c);
    lint__fk_without_index(&c);
    lint__redundant_index(&c);
    lint__float_money(&c);
    lint__long_identifier(&c);
    lint__portable_name(&c);
    lint__cascade_chain(&c);
    lint__updated_at(&c);
    lint__optional_unique(&c);
    return c.nfindings;
}
