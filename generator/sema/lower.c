/*
 * lower.c - the checked AST (with sema's annotations) into the schema model.
 *
 * Lowering is where everything implicit becomes explicit, the way Prisma
 * Migrate decides it: database names after @map/@@map, constraint and index
 * names (Table_pkey, Table_col_key, Table_col_idx, Table_col_fkey, cut to
 * the identifier limit), referential-action defaults, the implicit
 * many-to-many join tables (_AToB with columns A and B), and our extensions
 * (CHECK constraints, partial and covering indexes, @version DEFAULT 0).
 * It runs only on a schema sema accepted, so it reports nothing; what it
 * cannot make sense of it skips rather than crash.
 */
#include "base/sqltext.h"
#include "base/strbuf.h"
#include "model/ir.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sema/sema.h"
#include "base/strmap.h"
#include "sema/lower.h"
#include "sema/lower_src.h"

typedef struct lower_ctx {
    arena *a;
    const ast_schema *ast;
    ir_schema *out;
    ir_provider provider;
    size_t max_len;          /* identifier limit for generated names */
    const char *ds_name;     /* datasource name: the prefix of native types ("db") */
    size_t tables_cap, enums_cap, rels_cap;
    strmap model_tables;     /* model name -> 1 + index of its table in out->tables */
    lower_src *src;          /* the source-only facts (lower_src.h) */
} lower_ctx;

/* ---------------------------------------------------------------- small helpers */

static const char *lower__string_arg(const ast_attr *attr, const char *name, int pos)
{
    const ast_arg *arg = attr ? ast_find_arg(&attr->args, name, pos) : NULL;
    if (arg && arg->value && arg->value->kind == AST_EXPR_STRING)
        return arg->value->value;
    return NULL;
}

static const ast_attr *lower__block_attr(const ast_block *b, const char *name)
{
    for (const ast_member *m = b->members.first; m; m = m->next)
        if (m->kind == AST_MEMBER_BLOCK_ATTR && m->attr && strcmp(m->attr->name, name) == 0)
            return m->attr;
    return NULL;
}

static const char *lower__field_db_name(const ast_member *f)
{
    const char *map = lower__string_arg(ast_find_attr(&f->attrs, "map", false), "name", 0);
    return map && *map ? map : f->name;
}

static const char *lower__model_db_name(const ast_block *b)
{
    const sema_model *sm = sema_model_info(b);
    if (sm && sm->db_name)
        return sm->db_name;
    const char *map = lower__string_arg(lower__block_attr(b, "map"), "name", 0);
    return map && *map ? map : b->name;
}

static const char *lower__enum_db_name(const ast_block *b)
{
    const char *map = lower__string_arg(lower__block_attr(b, "map"), "name", 0);
    return map && *map ? map : b->name;
}

/*
 * The database schema of model or enum B (@@schema), NULL when the datasource
 * lists no schemas, and always on SQLite (which has none: a PostgreSQL schema
 * rendered for it is refused before lowering).
 */
static const char *lower__schema_of(const lower_ctx *c, const ast_block *b)
{
    if (c->provider != IR_PROVIDER_POSTGRESQL)
        return NULL;
    const char *name = b ? lower__string_arg(lower__block_attr(b, "schema"), "name", 0) : NULL;
    return name && *name ? name : NULL;
}

static bool lower__is_ident(const ast_expr *e, const char *name)
{
    return e && e->kind == AST_EXPR_IDENT && strcmp(e->value, name) == 0;
}

static bool lower__is_call(const ast_expr *e, const char *name)
{
    return e && e->kind == AST_EXPR_CALL && strcmp(e->value, name) == 0;
}

static ir_action lower__action(sc_ref_action a)
{
    switch (a) {
    case SC_ACTION_CASCADE: return IR_ACTION_CASCADE;
    case SC_ACTION_RESTRICT: return IR_ACTION_RESTRICT;
    case SC_ACTION_NO_ACTION: return IR_ACTION_NO_ACTION;
    case SC_ACTION_SET_NULL: return IR_ACTION_SET_NULL;
    case SC_ACTION_SET_DEFAULT: return IR_ACTION_SET_DEFAULT;
    }
    return IR_ACTION_NO_ACTION;
}

static const char *lower__name(lower_ctx *c, const char *table, const char *const *cols, size_t n,
                               const char *suffix)
{
    return ir_constraint_name(c->a, table, cols, n, suffix, c->max_len);
}

static ir_table *lower__new_table(lower_ctx *c)
{
    ir_schema *s = c->out;
    s->tables = arena_reserve(c->a, s->tables, s->ntables, &c->tables_cap, sizeof(ir_table), 8);
    return &s->tables[s->ntables++];
}

/*
 * Room for element N of an array that grows one element at a time: the
 * capacity doubles whenever N reaches a power of two, so N appends copy
 * O(N) elements in all (growing by one each time made wide tables quadratic).
 */
static void *lower__grow(lower_ctx *c, void *array, size_t n, size_t size)
{
    if (n != 0 && (n & (n - 1)) != 0)
        return array;
    size_t cap = n ? n : 1;
    return arena_grow(c->a, array, cap * size, (n ? n * 2 : 1) * size);
}

static ir_index *lower__new_index(lower_ctx *c, ir_table *t)
{
    t->indexes = lower__grow(c, t->indexes, t->nindexes, sizeof(ir_index));
    ir_index *x = &t->indexes[t->nindexes++];
    memset(x, 0, sizeof(*x));
    return x;
}

static void lower__add_check(lower_ctx *c, ir_table *t, const char *name, const char *expr)
{
    t->checks = lower__grow(c, t->checks, t->nchecks, sizeof(ir_check));
    t->checks[t->nchecks].name = name;
    t->checks[t->nchecks].expr = expr;
    t->nchecks++;
}

static ir_relation *lower__new_relation(lower_ctx *c)
{
    ir_schema *s = c->out;
    s->relations = arena_reserve(c->a, s->relations, s->nrelations, &c->rels_cap, sizeof(ir_relation), 8);
    ir_relation *r = &s->relations[s->nrelations++];
    memset(r, 0, sizeof(*r));
    return r;
}

/* ---------------------------------------------------------------- source spans */

/* Block B's source facts into SRC, and its @@map attribute's into MAP. */
static void lower__src_block(lower_ctx *c, const ast_block *b, ir_src *src, ir_src *map)
{
    *src = lower_src_block(c->src, b);
    for (const ast_member *m = b->members.first; m; m = m->next)
        if (m->kind == AST_MEMBER_BLOCK_ATTR && m->attr && strcmp(m->attr->name, "map") == 0) {
            *map = lower_src_member(c->src, m, m->attr->span);
            return;
        }
}

/* The source facts of a key, index or check made by attribute AT of member M. */
static ir_src lower__src_attr(lower_ctx *c, const ast_member *m, const ast_attr *at, sc_span *map)
{
    *map = lower_src_arg(at, "map");
    return lower_src_member(c->src, m, at->span);
}

/* ---------------------------------------------------------------- enums */

static void lower__enum(lower_ctx *c, const ast_block *b)
{
    ir_schema *s = c->out;
    s->enums = arena_reserve(c->a, s->enums, s->nenums, &c->enums_cap, sizeof(ir_enum), 4);
    ir_enum *e = &s->enums[s->nenums++];
    memset(e, 0, sizeof(*e));
    e->name = b->name;
    e->db_name = lower__enum_db_name(b);
    e->schema = lower__schema_of(c, b);
    e->doc = b->doc;
    lower__src_block(c, b, &e->src, &e->src_map);
    e->values = ARENA_ARRAY(c->a, ir_enum_value, b->members.count ? b->members.count : 1);
    for (const ast_member *m = b->members.first; m; m = m->next) {
        if (m->kind != AST_MEMBER_ENUM_VALUE)
            continue;
        ir_enum_value *v = &e->values[e->nvalues++];
        v->name = m->name;
        v->db_name = lower__field_db_name(m);
        v->doc = m->doc;
        v->src = lower_src_member(c->src, m, m->name_span);
    }
}

/* The database name of enum value NAME of enum block B. */
static const char *lower__enum_value_db(const ast_block *b, const char *name)
{
    const ast_member *m = b ? ast_find_member_kind(b, name, AST_MEMBER_ENUM_VALUE) : NULL;
    return m ? lower__field_db_name(m) : name;
}

/* ---------------------------------------------------------------- defaults */

/*
 * Prisma writes a DateTime literal default in the form PostgreSQL and SQLite
 * both read: "2020-01-01T00:00:00Z" becomes '2020-01-01 00:00:00 +00:00'.
 */
static const char *lower__datetime_literal(arena *a, const char *iso)
{
    size_t n = strlen(iso);
    if (n < 19 || iso[10] != 'T')
        return iso;
    char *out = arena_alloc(a, n + 8);
    memcpy(out, iso, n + 1);
    out[10] = ' ';
    if (out[n - 1] == 'Z') {
        memcpy(out + n - 1, " +00:00", 8);
        return out;
    }
    /* An explicit offset: separate it from the time by a space. */
    for (size_t i = 19; i < n; i++) {
        if (out[i] == '+' || out[i] == '-') {
            memmove(out + i + 1, out + i, n - i + 1);
            out[i] = ' ';
            break;
        }
    }
    return out;
}

static void lower__literal(lower_ctx *c, ir_default *d, const ast_member *f, const ast_expr *e)
{
    switch (e->kind) {
    case AST_EXPR_STRING:
        d->kind = IR_DEFAULT_STRING;
        d->value = f->scalar == SC_SCALAR_DATETIME ? lower__datetime_literal(c->a, e->value) : e->value;
        /* A Decimal may be written as a string ("1.50"): it is the number, as Prisma writes it. */
        if (f->scalar == SC_SCALAR_DECIMAL && ir_number_text(c->a, e->value, false)) {
            d->kind = IR_DEFAULT_NUMBER;
            d->value = ir_number_text(c->a, e->value, false);
        }
        break;
    case AST_EXPR_NUMBER:
        d->kind = IR_DEFAULT_NUMBER;
        /* One spelling per number, Prisma's: 007 -> 7, -0 -> 0 (the database keeps it so). */
        d->value = ir_number_text(c->a, e->value, false);
        if (!d->value)
            d->value = e->value;
        break;
    case AST_EXPR_IDENT:
        if (strcmp(e->value, "true") == 0 || strcmp(e->value, "false") == 0) {
            d->kind = IR_DEFAULT_BOOLEAN;
            d->value = e->value;
        } else if (f->type_kind == AST_FIELDTYPE_ENUM) {
            d->kind = IR_DEFAULT_ENUM;
            d->value = lower__enum_value_db(f->type_block, e->value);
        }
        break;
    default:
        break;
    }
}

static void lower__default(lower_ctx *c, ir_column *col, const ast_member *f)
{
    const ast_attr *attr = ast_find_attr(&f->attrs, "default", false);
    const ast_arg *arg = attr ? ast_find_arg(&attr->args, "value", 0) : NULL;
    const ast_expr *e = arg ? arg->value : NULL;
    if (!e)
        return;
    if (e->kind == AST_EXPR_CALL) {
        const char *fn = e->value;
        const ast_arg *first = e->args.first;
        if (strcmp(fn, "autoincrement") == 0) {
            col->dflt.kind = IR_DEFAULT_AUTOINCREMENT;
        } else if (strcmp(fn, "now") == 0) {
            col->dflt.kind = IR_DEFAULT_NOW;
        } else if (strcmp(fn, "dbgenerated") == 0) {
            if (first && first->value->kind == AST_EXPR_STRING && first->value->value[0]) {
                col->dflt.kind = IR_DEFAULT_EXPR;
                col->dflt.value = first->value->value;
            }
        } else {
            static const struct {
                const char *name;
                ir_client_default kind;
            } clients[] = {{"uuid", IR_CLIENT_UUID}, {"cuid", IR_CLIENT_CUID}, {"nanoid", IR_CLIENT_NANOID},
                           {"ulid", IR_CLIENT_ULID}};
            for (size_t i = 0; i < sizeof clients / sizeof clients[0]; i++) {
                if (strcmp(fn, clients[i].name) != 0)
                    continue;
                col->client_default = clients[i].kind;
                if (first && first->value->kind == AST_EXPR_NUMBER)
                    col->client_arg = (int)strtol(first->value->value, NULL, 10);
            }
        }
        return;
    }
    if (e->kind == AST_EXPR_ARRAY) {
        col->dflt.kind = IR_DEFAULT_LIST;
        col->dflt.items = ARENA_ARRAY(c->a, ir_default, e->items.count ? e->items.count : 1);
        for (const ast_expr *it = e->items.first; it; it = it->next)
            lower__literal(c, &col->dflt.items[col->dflt.nitems++], f, it);
        return;
    }
    lower__literal(c, &col->dflt, f, e);
}

/* ---------------------------------------------------------------- columns */

static void lower__native(lower_ctx *c, ir_column *col, const ast_member *f)
{
    if (!c->ds_name)
        return;
    size_t plen = strlen(c->ds_name);
    for (const ast_attr *at = f->attrs.first; at; at = at->next) {
        if (at->block || strncmp(at->name, c->ds_name, plen) != 0 || at->name[plen] != '.')
            continue;
        col->native = at->name + plen + 1;
        if (at->args.count == 0)
            return;
        char *args = arena_strdup(c->a, "");
        for (const ast_arg *arg = at->args.first; arg; arg = arg->next) {
            const char *v = arg->value && arg->value->value ? arg->value->value : "";
            args = arena_printf(c->a, "%s%s%s", args, arg == at->args.first ? "" : ",", v);
        }
        col->native_args = args;
        return;
    }
}

static void lower__column(lower_ctx *c, ir_column *col, const ast_member *f)
{
    col->name = lower__field_db_name(f);
    col->field = f->name;
    col->doc = f->doc;
    col->list = f->type_mod == AST_TYPE_LIST || f->type_mod == AST_TYPE_OPTIONAL_LIST;
    col->nullable = f->type_mod == AST_TYPE_OPTIONAL || f->type_mod == AST_TYPE_OPTIONAL_LIST;
    if (f->type_kind == AST_FIELDTYPE_ENUM && f->type_block) {
        col->scalar = SC_SCALAR_NONE;
        col->enum_name = lower__enum_db_name(f->type_block);
        col->enum_schema = lower__schema_of(c, f->type_block);
    } else {
        col->scalar = f->scalar;
        if (f->scalar == SC_SCALAR_UNSUPPORTED)
            col->unsupported = f->unsupported ? f->unsupported : "";
    }
    lower__native(c, col, f);
    lower__default(c, col, f);
    if (ast_find_attr(&f->attrs, "updatedAt", false))
        col->client_default = IR_CLIENT_UPDATED_AT;
    if (ast_find_attr(&f->attrs, "version", false)) {
        col->version = true;
        if (col->dflt.kind == IR_DEFAULT_NONE) {
            col->dflt.kind = IR_DEFAULT_NUMBER;
            col->dflt.value = "0";
        }
    }
    if (ast_find_attr(&f->attrs, "deletedAt", false))
        col->deleted_at = true;
    col->src = lower_src_member(c->src, f, f->name_span);
    col->src_type = f->type_span;
    const ast_attr *map = ast_find_attr(&f->attrs, "map", false);
    if (map)
        col->src_map = map->span;
    const ast_attr *dflt = ast_find_attr(&f->attrs, "default", false);
    const ast_arg *dv = dflt ? ast_find_arg(&dflt->args, "value", 0) : NULL;
    col->src_dbgenerated = dv && lower__is_call(dv->value, "dbgenerated");
    col->src_ignored = ast_find_attr(&f->attrs, "ignore", false) != NULL;
}

/* ---------------------------------------------------------------- field lists and indexes */

/* The column behind field reference E ("title" or title(sort: Desc, ops: X)) of model B. */
static bool lower__field_ref(lower_ctx *c, const ast_block *b, const ast_expr *e, ir_index_column *out)
{
    if (!e || (e->kind != AST_EXPR_IDENT && e->kind != AST_EXPR_CALL))
        return false;
    const ast_member *f = ast_find_member(b, e->value);
    if (!f)
        return false;
    memset(out, 0, sizeof(*out));
    out->name = lower__field_db_name(f);
    if (e->kind != AST_EXPR_CALL)
        return true;
    const ast_arg *sort = ast_find_arg(&e->args, "sort", -1);
    if (sort && lower__is_ident(sort->value, "Desc"))
        out->sort = IR_SORT_DESC;
    const ast_arg *ops = ast_find_arg(&e->args, "ops", -1);
    if (ops && lower__is_call(ops->value, "raw") && ops->value->args.first &&
        ops->value->args.first->value->kind == AST_EXPR_STRING) {
        out->opclass = ops->value->args.first->value->value;
    } else if (ops && ops->value->kind == AST_EXPR_IDENT) {
        /* Prisma's names are the operator classes in CamelCase: JsonbPathOps -> jsonb_path_ops. */
        const char *n = ops->value->value;
        size_t len = strlen(n);
        char *snake = arena_alloc(c->a, len * 2 + 1);
        size_t o = 0;
        for (size_t i = 0; i < len; i++) {
            bool upper = isupper((unsigned char)n[i]) != 0;
            bool minmax_tail = i >= 3 && strncmp(n + i - 3, "Min", 3) == 0 && strncmp(n + i, "Max", 3) == 0;
            if (upper && i > 0 && !minmax_tail)
                snake[o++] = '_';
            snake[o++] = (char)tolower((unsigned char)n[i]);
        }
        snake[o] = '\0';
        out->opclass = snake;
    }
    return true;
}

static size_t lower__field_list(lower_ctx *c, const ast_block *b, const ast_expr *list, ir_index_column **out)
{
    size_t n = list && list->kind == AST_EXPR_ARRAY ? list->items.count : 0;
    *out = ARENA_ARRAY(c->a, ir_index_column, n ? n : 1);
    size_t k = 0;
    for (const ast_expr *e = n ? list->items.first : NULL; e; e = e->next)
        if (lower__field_ref(c, b, e, &(*out)[k]))
            k++;
    return k;
}

static const char **lower__names_of(lower_ctx *c, const ir_index_column *cols, size_t n)
{
    const char **names = ARENA_ARRAY(c->a, const char *, n ? n : 1);
    for (size_t i = 0; i < n; i++)
        names[i] = cols[i].name;
    return names;
}

/* where: raw("sql") as is; where: { a: 1, b: { not: null } } as "a" = 1 AND "b" IS NOT NULL. */
static const char *lower__where(lower_ctx *c, const ast_block *b, const ast_expr *w)
{
    if (!w)
        return NULL;
    if (lower__is_call(w, "raw") && w->args.first && w->args.first->value->kind == AST_EXPR_STRING)
        return w->args.first->value->value;
    if (w->kind != AST_EXPR_OBJECT)
        return NULL;
    strbuf sql;
    strbuf_init(&sql, c->a);
    bool any = false;
    for (const ast_arg *a = w->args.first; a; a = a->next) {
        const ast_member *f = a->name ? ast_find_member(b, a->name) : NULL;
        if (!f || !a->value)
            continue;
        const ast_expr *v = a->value;
        bool negate = false;
        if (v->kind == AST_EXPR_OBJECT && v->args.first) {
            negate = true;
            v = v->args.first->value;
        }
        const char *q = sqltext_ident(c->a, lower__field_db_name(f));
        const char *cond;
        if (lower__is_ident(v, "null"))
            cond = arena_printf(c->a, "%s IS %sNULL", q, negate ? "NOT " : "");
        else
            cond = arena_printf(c->a, "%s %s %s", q, negate ? "<>" : "=",
                                v->kind == AST_EXPR_STRING ? sqltext_string(c->a, v->value) : v->value);
        strbuf_printf(&sql, "%s%s", any ? " AND " : "", cond);
        any = true;
    }
    return any ? strbuf_str(&sql) : NULL;
}

static ir_index_method lower__method(const ast_expr *type)
{
    ir_index_method m = IR_METHOD_DEFAULT;
    if (type && type->kind == AST_EXPR_IDENT && ir_method_from_name(&m, type->value) != 0)
        m = IR_METHOD_DEFAULT;
    return m;
}

static void lower__block_index(lower_ctx *c, const ast_block *b, ir_table *t, const ast_attr *attr, bool unique)
{
    const ast_arg *fields = ast_find_arg(&attr->args, "fields", 0);
    ir_index_column *cols;
    size_t n = lower__field_list(c, b, fields ? fields->value : NULL, &cols);
    if (n == 0)
        return;
    ir_index *x = lower__new_index(c, t);
    x->unique = unique;
    x->columns = cols;
    x->ncolumns = n;
    const char *map = lower__string_arg(attr, "map", -1);
    const char *name = lower__string_arg(attr, "name", -1);
    /* @@unique(name:) names the client accessor; @@index(name:) is Prisma's
       legacy alias of map:, the index name in the database. */
    if (unique)
        x->client_name = name;
    else if (!map)
        map = name;
    x->name = map ? map : lower__name(c, t->name, lower__names_of(c, cols, n), n, unique ? "key" : "idx");
    const ast_arg *type = ast_find_arg(&attr->args, "type", -1);
    x->method = lower__method(type ? type->value : NULL);
    const ast_arg *where = ast_find_arg(&attr->args, "where", -1);
    x->where = lower__where(c, b, where ? where->value : NULL);
    const ast_arg *inc = ast_find_arg(&attr->args, "include", -1);
    if (inc) {
        ir_index_column *ic;
        size_t ni = lower__field_list(c, b, inc->value, &ic);
        x->include = lower__names_of(c, ic, ni);
        x->ninclude = ni;
    }
}

/* ---------------------------------------------------------------- models */

/* The source facts of check K, made by attribute AT of member M (MAPPED: named by its map:). */
static void lower__src_check(lower_ctx *c, ir_check *k, const ast_member *m, const ast_attr *at, bool mapped)
{
    sc_span map;
    k->src = lower__src_attr(c, m, at, &map);
    k->src_map = mapped ? map : (sc_span){0, 0, 0, 0, 0};
}

static void lower__model(lower_ctx *c, const ast_block *b)
{
    ir_table *t = lower__new_table(c);
    memset(t, 0, sizeof(*t));
    if (b->name)
        strmap_adds(&c->model_tables, b->name, (void *)(uintptr_t)c->out->ntables);
    t->name = lower__model_db_name(b);
    t->schema = lower__schema_of(c, b);
    t->model = b->name;
    t->doc = b->doc;
    t->kind = IR_TABLE_MODEL;
    lower__src_block(c, b, &t->src, &t->src_map);
    const sema_model *sm = sema_model_info(b);
    t->src_ignored = sm && sm->ignored;
    size_t nfields = 0;
    for (const ast_member *m = b->members.first; m; m = m->next)
        if (m->kind == AST_MEMBER_FIELD)
            nfields++;
    t->columns = ARENA_ARRAY(c->a, ir_column, nfields ? nfields : 1);
    for (const ast_member *m = b->members.first; m; m = m->next) {
        if (m->kind != AST_MEMBER_FIELD)
            continue;
        if (m->type_kind != AST_FIELDTYPE_SCALAR && m->type_kind != AST_FIELDTYPE_ENUM)
            continue;
        ir_column *col = &t->columns[t->ncolumns++];
        lower__column(c, col, m);
        const ast_attr *id = ast_find_attr(&m->attrs, "id", false);
        if (id) {
            t->has_pk = true;
            t->pk.columns = ARENA_ARRAY(c->a, const char *, 1);
            t->pk.columns[0] = col->name;
            t->pk.ncolumns = 1;
            t->pk.name = lower__string_arg(id, "map", -1);
            t->pk.src = lower__src_attr(c, m, id, &t->pk.src_map);
        }
        const ast_attr *uq = ast_find_attr(&m->attrs, "unique", false);
        if (uq) {
            ir_index *x = lower__new_index(c, t);
            x->unique = true;
            x->ncolumns = 1;
            x->columns = ARENA_NEW(c->a, ir_index_column);
            x->columns[0].name = col->name;
            const ast_arg *sort = ast_find_arg(&uq->args, "sort", -1);
            if (sort && lower__is_ident(sort->value, "Desc"))
                x->columns[0].sort = IR_SORT_DESC;
            const char *map = lower__string_arg(uq, "map", -1);
            x->name = map ? map : lower__name(c, t->name, &col->name, 1, "key");
            const ast_arg *where = ast_find_arg(&uq->args, "where", -1);
            x->where = lower__where(c, b, where ? where->value : NULL);
            x->src = lower__src_attr(c, m, uq, &x->src_map);
            x->src_field = true;
        }
        for (const ast_attr *at = m->attrs.first; at; at = at->next) {
            if (at->block || strcmp(at->name, "check") != 0)
                continue;
            const char *expr = lower__string_arg(at, "expr", 0);
            const char *map = lower__string_arg(at, "map", -1);
            if (expr) {
                lower__add_check(c, t, map ? map : lower__name(c, t->name, &col->name, 1, "check"), expr);
                lower__src_check(c, &t->checks[t->nchecks - 1], m, at, map != NULL);
            }
        }
    }
    unsigned model_checks = 0;
    for (const ast_member *m = b->members.first; m; m = m->next) {
        if (m->kind != AST_MEMBER_BLOCK_ATTR || !m->attr)
            continue;
        const ast_attr *at = m->attr;
        if (strcmp(at->name, "id") == 0) {
            const ast_arg *fields = ast_find_arg(&at->args, "fields", 0);
            ir_index_column *cols;
            size_t n = lower__field_list(c, b, fields ? fields->value : NULL, &cols);
            if (n) {
                t->has_pk = true;
                t->pk.columns = lower__names_of(c, cols, n);
                t->pk.ncolumns = n;
                t->pk.name = lower__string_arg(at, "map", -1);
                t->pk.client_name = lower__string_arg(at, "name", -1);
                t->pk.src = lower__src_attr(c, m, at, &t->pk.src_map);
            }
        } else if (strcmp(at->name, "unique") == 0 || strcmp(at->name, "index") == 0) {
            size_t before = t->nindexes;
            lower__block_index(c, b, t, at, strcmp(at->name, "unique") == 0);
            if (t->nindexes > before)
                t->indexes[before].src = lower__src_attr(c, m, at, &t->indexes[before].src_map);
        } else if (strcmp(at->name, "check") == 0) {
            const char *expr = lower__string_arg(at, "expr", 0);
            const char *map = lower__string_arg(at, "map", -1);
            if (!expr)
                continue;
            const char *name = map;
            if (!name) {
                const char *suffix = model_checks ? arena_printf(c->a, "check%u", model_checks) : "check";
                name = lower__name(c, t->name, NULL, 0, suffix);
            }
            model_checks += map ? 0 : 1;
            lower__add_check(c, t, name, expr);
            lower__src_check(c, &t->checks[t->nchecks - 1], m, at, map != NULL);
        }
    }
    /* Prisma names the primary key Table_pkey on databases that keep the name. */
    if (t->has_pk && !t->pk.name && c->provider == IR_PROVIDER_POSTGRESQL)
        t->pk.name = lower__name(c, t->name, NULL, 0, "pkey");
}

/* ---------------------------------------------------------------- relations */

static const char **lower__member_columns(lower_ctx *c, ast_member *const *fields, size_t n)
{
    const char **out = ARENA_ARRAY(c->a, const char *, n ? n : 1);
    for (size_t i = 0; i < n; i++)
        out[i] = lower__field_db_name(fields[i]);
    return out;
}

static bool lower__optional(const ast_member *f)
{
    return f && (f->type_mod == AST_TYPE_OPTIONAL || f->type_mod == AST_TYPE_OPTIONAL_LIST);
}

static bool lower__list(const ast_member *f)
{
    return f && (f->type_mod == AST_TYPE_LIST || f->type_mod == AST_TYPE_OPTIONAL_LIST);
}

static void lower__navigation(lower_ctx *c, const sema_relation *r, int side, ir_relation_kind kind)
{
    const ast_member *f = r->field[side];
    if (!f)
        return;
    ir_relation *ir = lower__new_relation(c);
    ir->name = r->name;
    ir->model = r->model[side]->name;
    ir->field = f->name;
    ir->target = r->model[1 - side]->name;
    ir->back_field = r->field[1 - side] ? r->field[1 - side]->name : NULL;
    ir->kind = kind;
    ir->list = lower__list(f);
    ir->optional = lower__optional(f);
    ir->table = lower__model_db_name(r->model[side]);
    ir->table_schema = lower__schema_of(c, r->model[side]);
    ir->target_table = lower__model_db_name(r->model[1 - side]);
    ir->target_schema = lower__schema_of(c, r->model[1 - side]);
    ir->src = lower_src_member(c->src, f, f->name_span);
    ir->src_ignored = ast_find_attr(&f->attrs, "ignore", false) != NULL;
    const ast_attr *rel = ast_find_attr(&f->attrs, "relation", false);
    if (rel) {
        ir->src_attr = rel->span;
        ir->src_on_delete_arg = lower_src_arg(rel, "onDelete");
    }
    if (kind == IR_REL_FORWARD)
        ir->src_on_delete = lower__action(r->on_delete);
}

/* The table of model B, before canonical ordering (the first model of its name). */
static ir_table *lower__model_table(lower_ctx *c, const ast_block *b)
{
    uintptr_t i = b->name ? (uintptr_t)strmap_gets(&c->model_tables, b->name) : 0;
    return i ? &c->out->tables[i - 1] : NULL;
}

static void lower__fk_relation(lower_ctx *c, const sema_relation *r, bool emit_fk)
{
    if (!r->model[0] || !r->model[1] || !r->field[0])
        return;
    ir_table *t = lower__model_table(c, r->model[0]);
    if (!t)
        return;
    const char **cols = lower__member_columns(c, r->fields, r->nfields);
    const char **refs = lower__member_columns(c, r->references, r->nfields);
    const char *fk_name = r->map ? r->map : lower__name(c, t->name, cols, r->nfields, "fkey");
    /* a view is no table: nothing can reference it (Prisma Migrate writes no foreign key either) */
    emit_fk = emit_fk && r->model[1]->kind == AST_BLOCK_MODEL;
    if (emit_fk) {
        t->fks = lower__grow(c, t->fks, t->nfks, sizeof(ir_foreign_key));
        ir_foreign_key *f = &t->fks[t->nfks++];
        f->name = fk_name;
        f->columns = cols;
        f->ncolumns = r->nfields;
        f->ref_table = lower__model_db_name(r->model[1]);
        f->ref_schema = lower__schema_of(c, r->model[1]);
        f->ref_columns = refs;
        f->on_delete = lower__action(r->on_delete);
        f->on_update = lower__action(r->on_update);
        const ast_attr *rel = ast_find_attr(&r->field[0]->attrs, "relation", false);
        if (rel)
            f->src = lower__src_attr(c, r->field[0], rel, &f->src_map);
        else
            f->src = lower_src_member(c->src, r->field[0], (sc_span){0, 0, 0, 0, 0});
    }
    lower__navigation(c, r, 0, IR_REL_FORWARD);
    ir_relation *fwd = &c->out->relations[c->out->nrelations - 1];
    fwd->fk = emit_fk ? fk_name : NULL;
    fwd->columns = cols;
    fwd->target_columns = refs;
    fwd->ncolumns = r->nfields;
    if (r->field[1]) {
        lower__navigation(c, r, 1, IR_REL_BACK);
        ir_relation *back = &c->out->relations[c->out->nrelations - 1];
        back->fk = fwd->fk;
        back->columns = refs;
        back->target_columns = cols;
        back->ncolumns = r->nfields;
    }
}

/* The single id column of model B (implicit m:n needs exactly one), or NULL. */
static const ir_column *lower__id_column(lower_ctx *c, const ast_block *b)
{
    const ir_table *t = lower__model_table(c, b);
    if (!t || !t->has_pk || t->pk.ncolumns != 1)
        return NULL;
    return ir_find_column(t, t->pk.columns[0]);
}

static void lower__join_column(ir_column *col, const char *name, const ir_column *id)
{
    memset(col, 0, sizeof(*col));
    col->name = name;
    col->scalar = id->scalar;
    col->enum_name = id->enum_name;
    col->enum_schema = id->enum_schema;
    col->native = id->native;
    col->native_args = id->native_args;
    col->unsupported = id->unsupported;
}

static void lower__join_relation(lower_ctx *c, const sema_relation *r, bool emit_fk)
{
    if (!r->model[0] || !r->model[1])
        return;
    const ir_column *ida = lower__id_column(c, r->model[0]);
    const ir_column *idb = lower__id_column(c, r->model[1]);
    if (!ida || !idb)
        return;
    const char *ida_name = ida->name, *idb_name = idb->name;
    ir_column ca = *ida, cb = *idb; /* copies: the table array may move below */
    const char *ta = lower__model_db_name(r->model[0]);
    const char *tb = lower__model_db_name(r->model[1]);
    ir_table *t = lower__new_table(c);
    memset(t, 0, sizeof(*t));
    /* Prisma cuts the join table's name to the identifier limit, and keeps the column
       letters of its key, index and foreign key names whole (_Name_AB_pkey, _Name_B_index) */
    t->name = ir_identifier_cut(c->a, arena_printf(c->a, "_%s", r->name), c->max_len);
    t->kind = IR_TABLE_JOIN;
    t->schema = lower__schema_of(c, r->model[0]); /* Prisma: the schema of the relation's first model */
    if (r->field[0])
        t->src = lower_src_member(c->src, r->field[0], r->field[0]->span);
    t->ncolumns = 2;
    t->columns = ARENA_ARRAY(c->a, ir_column, 2);
    lower__join_column(&t->columns[0], "A", &ca);
    lower__join_column(&t->columns[1], "B", &cb);
    static const char *const b_only[] = {"B"};
    static const char *const a_only[] = {"A"};
    const char **pair = ARENA_ARRAY(c->a, const char *, 2);
    pair[0] = "A";
    pair[1] = "B";
    /* Prisma keys the join table by (A, B): a primary key on PostgreSQL, a unique index on SQLite. */
    if (c->provider == IR_PROVIDER_SQLITE) {
        ir_index *u = lower__new_index(c, t);
        u->unique = true;
        u->name = lower__name(c, t->name, NULL, 0, "AB_unique");
        u->ncolumns = 2;
        u->columns = ARENA_ARRAY(c->a, ir_index_column, 2);
        u->columns[0].name = "A";
        u->columns[1].name = "B";
    } else {
        t->has_pk = true;
        t->pk.name = lower__name(c, t->name, NULL, 0, "AB_pkey");
        t->pk.columns = pair;
        t->pk.ncolumns = 2;
    }
    ir_index *x = lower__new_index(c, t);
    x->name = lower__name(c, t->name, NULL, 0, "B_index");
    x->ncolumns = 1;
    x->columns = ARENA_NEW(c->a, ir_index_column);
    x->columns[0].name = "B";
    const char **ref_a = ARENA_ARRAY(c->a, const char *, 1);
    const char **ref_b = ARENA_ARRAY(c->a, const char *, 1);
    ref_a[0] = ida_name;
    ref_b[0] = idb_name;
    if (emit_fk) {
        t->nfks = 2;
        t->fks = ARENA_ARRAY(c->a, ir_foreign_key, 2);
        const char *const *cols[2] = {a_only, b_only};
        const char *refs_t[2] = {ta, tb};
        const char *refs_s[2] = {lower__schema_of(c, r->model[0]), lower__schema_of(c, r->model[1])};
        const char **refs_c[2] = {ref_a, ref_b};
        for (int i = 0; i < 2; i++) {
            ir_foreign_key *f = &t->fks[i];
            f->name = lower__name(c, t->name, NULL, 0, i == 0 ? "A_fkey" : "B_fkey");
            f->columns = ARENA_ARRAY(c->a, const char *, 1);
            f->columns[0] = cols[i][0];
            f->ncolumns = 1;
            f->ref_table = refs_t[i];
            f->ref_schema = refs_s[i];
            f->ref_columns = refs_c[i];
            f->on_delete = IR_ACTION_CASCADE;
            f->on_update = IR_ACTION_CASCADE;
        }
    }
    const char *join_name = t->name, *join_schema = t->schema;
    for (int side = 0; side < 2; side++) {
        if (!r->field[side])
            continue;
        lower__navigation(c, r, side, IR_REL_JOIN);
        ir_relation *nav = &c->out->relations[c->out->nrelations - 1];
        nav->join_table = join_name;
        nav->join_schema = join_schema;
        nav->join_self_column = side == 0 ? "A" : "B";
        nav->join_target_column = side == 0 ? "B" : "A";
        nav->columns = side == 0 ? ref_a : ref_b;
        nav->target_columns = side == 0 ? ref_b : ref_a;
        nav->ncolumns = 1;
    }
}

/* ---------------------------------------------------------------- extensions */

/*
 * The datasource's extensions, PostgreSQL only. Prisma sorts them by the
 * name the schema gives (stably) and keeps one per database name: the last
 * in that order. The model keeps the same one.
 */
static void lower__extensions(lower_ctx *c, const sema_schema *info)
{
    if (!info || c->provider != IR_PROVIDER_POSTGRESQL || info->nextensions == 0)
        return;
    size_t n = info->nextensions;
    const sema_extension **order = ARENA_ARRAY(c->a, const sema_extension *, n);
    for (size_t i = 0; i < n; i++) {
        /* Insertion sort: stable, and the list is short. */
        size_t k = i;
        while (k > 0 && strcmp(order[k - 1]->name, info->extensions[i].name) > 0) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = &info->extensions[i];
    }
    ir_extension *out = ARENA_ARRAY(c->a, ir_extension, n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const sema_extension *x = order[i];
        const char *db = x->map ? x->map : x->name;
        bool later = false;
        for (size_t j = i + 1; j < n && !later; j++)
            later = strcmp(order[j]->map ? order[j]->map : order[j]->name, db) == 0;
        if (later)
            continue;
        out[k].name = x->name;
        out[k].db_name = db;
        out[k].schema = x->schema;
        out[k].version = x->version;
        k++;
    }
    c->out->extensions = out;
    c->out->nextensions = k;
}

/* ---------------------------------------------------------------- driver */

static ir_provider lower__provider(const ast_schema *ast)
{
    switch (sema_provider(ast)) {
    case SC_PROVIDER_SQLITE: return IR_PROVIDER_SQLITE;
    case SC_PROVIDER_POSTGRESQL: return IR_PROVIDER_POSTGRESQL;
    case SC_PROVIDER_NONE: break;
    }
    return IR_PROVIDER_NONE;
}

int lower_schema(ir_schema *out, arena *a, const ast_schema *ast, ir_provider provider)
{
    return lower_schema_src(out, a, ast, provider, NULL);
}

int lower_schema_src(ir_schema *out, arena *a, const ast_schema *ast, ir_provider provider, const sc_sources *src)
{
    memset(out, 0, sizeof(*out));
    lower_ctx c;
    memset(&c, 0, sizeof(c));
    c.src = lower_src_new(a, ast, src);
    c.a = a;
    c.ast = ast;
    c.out = out;
    c.provider = provider != IR_PROVIDER_NONE ? provider : lower__provider(ast);
    c.max_len = c.provider == IR_PROVIDER_POSTGRESQL ? 63 : 0;
    strmap_init(&c.model_tables, a);
    out->provider = c.provider;
    const sema_schema *info = sema_schema_info(ast);
    c.ds_name = info && info->datasource ? info->datasource->name : NULL;
    if (!c.ds_name)
        for (const ast_block *b = ast->blocks.first; b && !c.ds_name; b = b->next)
            if (b->kind == AST_BLOCK_DATASOURCE)
                c.ds_name = b->name;

    lower__extensions(&c, info);
    if (info && info->nschemas && c.provider == IR_PROVIDER_POSTGRESQL) {
        out->schemas = ARENA_ARRAY(a, const char *, info->nschemas);
        for (size_t i = 0; i < info->nschemas; i++)
            out->schemas[i] = info->schemas[i];
        out->nschemas = info->nschemas;
    }
    for (const ast_block *b = ast->blocks.first; b; b = b->next)
        if (b->kind == AST_BLOCK_ENUM)
            lower__enum(&c, b);
    for (const ast_block *b = ast->blocks.first; b; b = b->next)
        if (b->kind == AST_BLOCK_MODEL)
            lower__model(&c, b);
    bool emit_fk = !info || info->relation_mode == SC_RELMODE_FOREIGN_KEYS;
    for (const sema_relation *r = info ? info->relations : NULL; r; r = r->next) {
        if (r->kind == SEMA_REL_MANY_TO_MANY_IMPLICIT)
            lower__join_relation(&c, r, emit_fk);
        else
            lower__fk_relation(&c, r, emit_fk);
    }
    lower_src_comments(c.src, out);
    ir_canonicalize(out);
    return 0;
}
