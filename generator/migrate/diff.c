/*
 * diff.c - two schema models in, ordered migration steps out (diff.h).
 *
 * Objects are matched by name, after the renames the user stated: a table
 * of TO finds its counterpart in FROM under its own name or under the name
 * a rename gives it, and so do columns. FROM's names inside keys and
 * indexes are translated to TO's names before comparing, so a renamed
 * column does not look like a changed index. Steps are collected in any
 * order and then ordered by kind (stably), and the kinds are declared
 * in an order that a database can execute.
 */
#include "migrate/diff.h"

#include <stdlib.h>
#include <string.h>

typedef struct diff__ctx {
    arena *a;
    const ir_schema *from;
    const ir_schema *to;
    const diff_options *opt;
    diff_step *steps;
    size_t nsteps, cap;
    const char **questions;
    size_t nquestions, qcap;
} diff__ctx;

static bool str__eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* Two schema fields name the same schema: a model without `schemas` lives in PostgreSQL's "public". */
static bool diff__same_schema(const char *a, const char *b)
{
    if (!a || !b)
        return str__eq(a ? a : "public", b ? b : "public");
    return strcmp(a, b) == 0;
}

static const ir_table *diff__find_table(const ir_schema *s, const char *schema, const char *name)
{
    for (size_t i = 0; i < s->ntables; i++)
        if (str__eq(s->tables[i].name, name) && diff__same_schema(s->tables[i].schema, schema))
            return &s->tables[i];
    return NULL;
}

static const ir_enum *diff__find_enum(const ir_schema *s, const char *schema, const char *db_name)
{
    for (size_t i = 0; i < s->nenums; i++)
        if (str__eq(s->enums[i].db_name, db_name) && diff__same_schema(s->enums[i].schema, schema))
            return &s->enums[i];
    return NULL;
}

static diff_step *diff__add(diff__ctx *c, diff_kind kind, const char *table, const char *name)
{
    if (c->nsteps == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 16;
        c->steps = arena_grow(c->a, c->steps, c->cap * sizeof *c->steps, ncap * sizeof *c->steps);
        c->cap = ncap;
    }
    diff_step *s = &c->steps[c->nsteps++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->table = table;
    s->name = name;
    return s;
}

static void diff__question(diff__ctx *c, const char *q)
{
    if (c->nquestions == c->qcap) {
        size_t ncap = c->qcap ? c->qcap * 2 : 4;
        c->questions = arena_grow(c->a, c->questions, c->qcap * sizeof *c->questions, ncap * sizeof *c->questions);
        c->qcap = ncap;
    }
    c->questions[c->nquestions++] = q;
}

/* ---------------------------------------------------------------- renames */

/* The FROM name of TO's table NAME. */
static const char *diff__from_table_name(const diff__ctx *c, const char *name)
{
    for (size_t i = 0; i < c->opt->nrenames; i++)
        if (!c->opt->renames[i].table && strcmp(c->opt->renames[i].to, name) == 0)
            return c->opt->renames[i].from;
    return name;
}

/* The TO name of FROM's table NAME. */
static const char *diff__to_table_name(const diff__ctx *c, const char *name)
{
    for (size_t i = 0; i < c->opt->nrenames; i++)
        if (!c->opt->renames[i].table && strcmp(c->opt->renames[i].from, name) == 0)
            return c->opt->renames[i].to;
    return name;
}

/* The FROM name of column COL of TO's table TABLE. */
static const char *diff__from_col_name(const diff__ctx *c, const char *table, const char *col)
{
    for (size_t i = 0; i < c->opt->nrenames; i++) {
        const diff_rename *r = &c->opt->renames[i];
        if (r->table && strcmp(r->table, table) == 0 && strcmp(r->to, col) == 0)
            return r->from;
    }
    return col;
}

/* The TO name of column COL (a FROM name) of TO's table TABLE. */
static const char *diff__to_col_name(const diff__ctx *c, const char *table, const char *col)
{
    for (size_t i = 0; i < c->opt->nrenames; i++) {
        const diff_rename *r = &c->opt->renames[i];
        if (r->table && strcmp(r->table, table) == 0 && strcmp(r->from, col) == 0)
            return r->to;
    }
    return col;
}

static bool diff__col_renamed(const diff__ctx *c, const char *table, const char *from_col)
{
    return strcmp(diff__to_col_name(c, table, from_col), from_col) != 0;
}

static int diff__check_renames(diff__ctx *c, const char **err)
{
    for (size_t i = 0; i < c->opt->nrenames; i++) {
        const diff_rename *r = &c->opt->renames[i];
        if (!r->table) {
            if (!ir_find_table(c->from, r->from)) {
                *err = arena_printf(c->a, "rename of table \"%s\": no such table in the last snapshot", r->from);
                return -1;
            }
            if (!ir_find_table(c->to, r->to)) {
                *err = arena_printf(c->a, "rename to table \"%s\": no such table in the schema", r->to);
                return -1;
            }
            continue;
        }
        const ir_table *tt = ir_find_table(c->to, r->table);
        const ir_table *ft = ir_find_table(c->from, diff__from_table_name(c, r->table));
        if (!tt || !ft) {
            *err = arena_printf(c->a, "rename of column \"%s.%s\": table \"%s\" is not in both the snapshot and the schema",
                                r->table, r->from, r->table);
            return -1;
        }
        if (!ir_find_column(ft, r->from)) {
            *err = arena_printf(c->a, "rename of column \"%s.%s\": no such column in the last snapshot", r->table,
                                r->from);
            return -1;
        }
        if (!ir_find_column(tt, r->to)) {
            *err = arena_printf(c->a, "rename to column \"%s.%s\": no such column in the schema", r->table, r->to);
            return -1;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- comparisons */

bool diff_same_type(const ir_column *a, const ir_column *b)
{
    return a->scalar == b->scalar && str__eq(a->enum_name, b->enum_name) &&
           (!a->enum_name || diff__same_schema(a->enum_schema, b->enum_schema)) && str__eq(a->native, b->native) &&
           str__eq(a->native_args, b->native_args) && str__eq(a->unsupported, b->unsupported) && a->list == b->list;
}

bool diff_same_default(const ir_default *a, const ir_default *b)
{
    if (a->kind != b->kind)
        return false;
    if (a->kind == IR_DEFAULT_NOW || a->kind == IR_DEFAULT_AUTOINCREMENT || a->kind == IR_DEFAULT_NONE)
        return true;
    if (!str__eq(a->value, b->value) || a->nitems != b->nitems)
        return false;
    for (size_t i = 0; i < a->nitems; i++)
        if (!diff_same_default(&a->items[i], &b->items[i]))
            return false;
    return true;
}

static bool diff__same_cols(const diff__ctx *c, const char *table, const char *const *from, const char *const *to,
                            size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(diff__to_col_name(c, table, from[i]), to[i]) != 0)
            return false;
    return true;
}

static bool diff__same_expr(arena *a, const char *x, const char *y)
{
    if (!x || !y)
        return x == y;
    return strcmp(ir_normalize_expr(a, x), ir_normalize_expr(a, y)) == 0;
}

/* Same index definition, names aside; FROM's columns translated to TO's names. */
static bool diff__same_index(const diff__ctx *c, const char *table, const ir_index *f, const ir_index *t)
{
    if (f->unique != t->unique || f->ncolumns != t->ncolumns || f->method != t->method ||
        f->ninclude != t->ninclude || !diff__same_expr(c->a, f->where, t->where))
        return false;
    for (size_t i = 0; i < f->ncolumns; i++) {
        if (strcmp(diff__to_col_name(c, table, f->columns[i].name), t->columns[i].name) != 0 ||
            f->columns[i].sort != t->columns[i].sort || !str__eq(f->columns[i].opclass, t->columns[i].opclass))
            return false;
    }
    return diff__same_cols(c, table, f->include, t->include, f->ninclude);
}

static bool diff__same_fk(const diff__ctx *c, const char *table, const ir_foreign_key *f, const ir_foreign_key *t)
{
    if (f->ncolumns != t->ncolumns || f->on_delete != t->on_delete || f->on_update != t->on_update)
        return false;
    const char *ref = diff__to_table_name(c, f->ref_table);
    if (strcmp(ref, t->ref_table) != 0 || !diff__same_schema(f->ref_schema, t->ref_schema))
        return false;
    return diff__same_cols(c, table, f->columns, t->columns, f->ncolumns) &&
           diff__same_cols(c, t->ref_table, f->ref_columns, t->ref_columns, f->ncolumns);
}

/* ---------------------------------------------------------------- enums */

static size_t enum__index(const ir_enum *e, const char *db_name)
{
    for (size_t i = 0; i < e->nvalues; i++)
        if (strcmp(e->values[i].db_name, db_name) == 0)
            return i;
    return (size_t)-1;
}

static void diff__enums(diff__ctx *c)
{
    for (size_t i = 0; i < c->to->nenums; i++) {
        const ir_enum *te = &c->to->enums[i];
        const ir_enum *fe = diff__find_enum(c->from, te->schema, te->db_name);
        if (!fe) {
            diff_step *s = diff__add(c, DIFF_CREATE_ENUM, NULL, te->db_name);
            s->to_enum = te;
            continue;
        }
        /* Additions only if FROM's values all survive in the same relative order. */
        bool additive = true;
        size_t last = 0;
        for (size_t v = 0; v < fe->nvalues && additive; v++) {
            size_t at = enum__index(te, fe->values[v].db_name);
            if (at == (size_t)-1 || (v > 0 && at < last))
                additive = false;
            last = at;
        }
        if (!additive) {
            diff_step *s = diff__add(c, DIFF_REMOVE_ENUM_VALUE, NULL, te->db_name);
            s->from_enum = fe;
            s->to_enum = te;
            continue;
        }
        for (size_t v = 0; v < te->nvalues; v++) {
            if (enum__index(fe, te->values[v].db_name) != (size_t)-1)
                continue;
            diff_step *s = diff__add(c, DIFF_ADD_ENUM_VALUE, NULL, te->values[v].db_name);
            s->from_enum = fe;
            s->to_enum = te;
        }
    }
    for (size_t i = 0; i < c->from->nenums; i++) {
        const ir_enum *fe = &c->from->enums[i];
        if (!diff__find_enum(c->to, fe->schema, fe->db_name)) {
            diff_step *s = diff__add(c, DIFF_DROP_ENUM, NULL, fe->db_name);
            s->from_enum = fe;
        }
    }
}

/* ---------------------------------------------------------------- extensions */

/* Prisma's rule: a schema or version only one side gives matches anything. */
static bool diff__same_extension(const ir_extension *a, const ir_extension *b)
{
    bool version = !a->version || !b->version || strcmp(a->version, b->version) == 0;
    bool schema = !a->schema || !b->schema || strcmp(a->schema, b->schema) == 0;
    return version && schema;
}

static void diff__extensions(diff__ctx *c)
{
    for (size_t i = 0; i < c->to->nextensions; i++) {
        const ir_extension *tx = &c->to->extensions[i];
        const ir_extension *fx = ir_find_extension(c->from, tx->db_name);
        if (fx && diff__same_extension(fx, tx))
            continue;
        if (fx) {
            diff_step *s = diff__add(c, DIFF_DROP_EXTENSION, NULL, fx->db_name);
            s->extension = fx;
        }
        diff_step *s = diff__add(c, DIFF_CREATE_EXTENSION, NULL, tx->db_name);
        s->extension = tx;
    }
}

/* ---------------------------------------------------------------- tables */

static void diff__columns(diff__ctx *c, const ir_table *ft, const ir_table *tt)
{
    for (size_t i = 0; i < tt->ncolumns; i++) {
        const ir_column *tc = &tt->columns[i];
        const char *fname = diff__from_col_name(c, tt->name, tc->name);
        const ir_column *fc = ir_find_column(ft, fname);
        if (fc && strcmp(fname, tc->name) == 0 && diff__col_renamed(c, tt->name, fname))
            fc = NULL; /* the old column of this name was renamed away: this one is new */
        if (!fc) {
            diff_step *s = diff__add(c, DIFF_ADD_COLUMN, tt->name, tc->name);
            s->from_table = ft;
            s->to_table = tt;
            s->to_col = tc;
            continue;
        }
        if (strcmp(fname, tc->name) != 0) {
            diff_step *s = diff__add(c, DIFF_RENAME_COLUMN, tt->name, tc->name);
            s->old_name = fname;
            s->from_table = ft;
            s->to_table = tt;
            s->from_col = fc;
            s->to_col = tc;
        }
        unsigned changes = 0;
        if (!diff_same_type(fc, tc))
            changes |= DIFF_CHANGE_TYPE;
        if (fc->nullable != tc->nullable)
            changes |= DIFF_CHANGE_NULLABLE;
        if (!diff_same_default(&fc->dflt, &tc->dflt))
            changes |= DIFF_CHANGE_DEFAULT;
        if (changes) {
            diff_step *s = diff__add(c, DIFF_ALTER_COLUMN, tt->name, tc->name);
            s->from_table = ft;
            s->to_table = tt;
            s->from_col = fc;
            s->to_col = tc;
            s->changes = changes;
        }
    }
    for (size_t i = 0; i < ft->ncolumns; i++) {
        const ir_column *fc = &ft->columns[i];
        const char *tname = diff__to_col_name(c, tt->name, fc->name);
        if (ir_find_column(tt, tname) && strcmp(diff__from_col_name(c, tt->name, tname), fc->name) == 0)
            continue;
        diff_step *s = diff__add(c, DIFF_DROP_COLUMN, tt->name, fc->name);
        s->from_table = ft;
        s->to_table = tt;
        s->from_col = fc;
        /* A dropped column next to an added one of the same type may be a rename. */
        for (size_t k = 0; k < tt->ncolumns; k++) {
            const ir_column *tc = &tt->columns[k];
            if (ir_find_column(ft, diff__from_col_name(c, tt->name, tc->name)))
                continue;
            if (diff_same_type(fc, tc))
                diff__question(c, arena_printf(c->a,
                                               "column \"%s\".\"%s\" is dropped and \"%s\" added with the same type; "
                                               "if it is a rename, pass --rename-column %s.%s=%s",
                                               tt->name, fc->name, tc->name, tt->name, fc->name, tc->name));
        }
    }
}

static void diff__pk(diff__ctx *c, const ir_table *ft, const ir_table *tt)
{
    bool same = ft->has_pk == tt->has_pk;
    if (same && ft->has_pk)
        same = ft->pk.ncolumns == tt->pk.ncolumns &&
               diff__same_cols(c, tt->name, ft->pk.columns, tt->pk.columns, ft->pk.ncolumns) &&
               str__eq(ft->pk.name, tt->pk.name);
    if (same)
        return;
    diff_step *s = diff__add(c, DIFF_ALTER_PK, tt->name, tt->has_pk ? tt->pk.name : ft->pk.name);
    s->from_table = ft;
    s->to_table = tt;
}

static void diff__indexes(diff__ctx *c, const ir_table *ft, const ir_table *tt)
{
    bool *used = ARENA_ARRAY(c->a, bool, ft->nindexes + 1);
    /* Same name, same definition: nothing to do. */
    bool *done = ARENA_ARRAY(c->a, bool, tt->nindexes + 1);
    for (size_t i = 0; i < tt->nindexes; i++) {
        const ir_index *tx = &tt->indexes[i];
        for (size_t k = 0; k < ft->nindexes; k++)
            if (!used[k] && strcmp(ft->indexes[k].name, tx->name) == 0 &&
                diff__same_index(c, tt->name, &ft->indexes[k], tx)) {
                used[k] = done[i] = true;
                break;
            }
    }
    /* Same definition under a new name (a renamed table renames its indexes): a rename. */
    for (size_t i = 0; i < tt->nindexes; i++) {
        if (done[i] || ir_find_index(ft, tt->indexes[i].name))
            continue;
        for (size_t k = 0; k < ft->nindexes; k++)
            if (!used[k] && !ir_find_index(tt, ft->indexes[k].name) &&
                diff__same_index(c, tt->name, &ft->indexes[k], &tt->indexes[i])) {
                used[k] = done[i] = true;
                diff_step *s = diff__add(c, DIFF_RENAME_INDEX, tt->name, tt->indexes[i].name);
                s->old_name = ft->indexes[k].name;
                s->from_table = ft;
                s->to_table = tt;
                s->index = &tt->indexes[i];
                break;
            }
    }
    for (size_t k = 0; k < ft->nindexes; k++) {
        if (used[k])
            continue;
        diff_step *s = diff__add(c, DIFF_DROP_INDEX, tt->name, ft->indexes[k].name);
        s->from_table = ft;
        s->to_table = tt;
        s->index = &ft->indexes[k];
    }
    for (size_t i = 0; i < tt->nindexes; i++) {
        if (done[i])
            continue;
        diff_step *s = diff__add(c, DIFF_ADD_INDEX, tt->name, tt->indexes[i].name);
        s->from_table = ft;
        s->to_table = tt;
        s->index = &tt->indexes[i];
    }
}

static void diff__fks(diff__ctx *c, const ir_table *ft, const ir_table *tt)
{
    bool *used = ARENA_ARRAY(c->a, bool, ft->nfks + 1);
    bool *done = ARENA_ARRAY(c->a, bool, tt->nfks + 1);
    for (size_t i = 0; i < tt->nfks; i++)
        for (size_t k = 0; k < ft->nfks; k++)
            if (!used[k] && strcmp(ft->fks[k].name, tt->fks[i].name) == 0 &&
                diff__same_fk(c, tt->name, &ft->fks[k], &tt->fks[i])) {
                used[k] = done[i] = true;
                break;
            }
    for (size_t i = 0; i < tt->nfks; i++) {
        if (done[i] || ir_find_fk(ft, tt->fks[i].name))
            continue;
        for (size_t k = 0; k < ft->nfks; k++)
            if (!used[k] && !ir_find_fk(tt, ft->fks[k].name) && diff__same_fk(c, tt->name, &ft->fks[k], &tt->fks[i])) {
                used[k] = done[i] = true;
                diff_step *s = diff__add(c, DIFF_RENAME_CONSTRAINT, tt->name, tt->fks[i].name);
                s->old_name = ft->fks[k].name;
                s->from_table = ft;
                s->to_table = tt;
                s->fk = &tt->fks[i];
                break;
            }
    }
    for (size_t k = 0; k < ft->nfks; k++) {
        if (used[k])
            continue;
        diff_step *s = diff__add(c, DIFF_DROP_FK, tt->name, ft->fks[k].name);
        s->from_table = ft;
        s->to_table = tt;
        s->fk = &ft->fks[k];
    }
    for (size_t i = 0; i < tt->nfks; i++) {
        if (done[i])
            continue;
        diff_step *s = diff__add(c, DIFF_ADD_FK, tt->name, tt->fks[i].name);
        s->from_table = ft;
        s->to_table = tt;
        s->fk = &tt->fks[i];
    }
}

static void diff__checks(diff__ctx *c, const ir_table *ft, const ir_table *tt)
{
    bool *used = ARENA_ARRAY(c->a, bool, ft->nchecks + 1);
    bool *done = ARENA_ARRAY(c->a, bool, tt->nchecks + 1);
    for (size_t i = 0; i < tt->nchecks; i++)
        for (size_t k = 0; k < ft->nchecks; k++)
            if (!used[k] && strcmp(ft->checks[k].name, tt->checks[i].name) == 0 &&
                diff__same_expr(c->a, ft->checks[k].expr, tt->checks[i].expr)) {
                used[k] = done[i] = true;
                break;
            }
    for (size_t i = 0; i < tt->nchecks; i++) {
        if (done[i] || ir_find_check(ft, tt->checks[i].name))
            continue;
        for (size_t k = 0; k < ft->nchecks; k++)
            if (!used[k] && !ir_find_check(tt, ft->checks[k].name) &&
                diff__same_expr(c->a, ft->checks[k].expr, tt->checks[i].expr)) {
                used[k] = done[i] = true;
                diff_step *s = diff__add(c, DIFF_RENAME_CONSTRAINT, tt->name, tt->checks[i].name);
                s->old_name = ft->checks[k].name;
                s->from_table = ft;
                s->to_table = tt;
                s->check = &tt->checks[i];
                break;
            }
    }
    for (size_t k = 0; k < ft->nchecks; k++) {
        if (used[k])
            continue;
        diff_step *s = diff__add(c, DIFF_DROP_CHECK, tt->name, ft->checks[k].name);
        s->from_table = ft;
        s->to_table = tt;
        s->check = &ft->checks[k];
    }
    for (size_t i = 0; i < tt->nchecks; i++) {
        if (done[i])
            continue;
        diff_step *s = diff__add(c, DIFF_ADD_CHECK, tt->name, tt->checks[i].name);
        s->from_table = ft;
        s->to_table = tt;
        s->check = &tt->checks[i];
    }
}

static size_t table__shared_columns(const ir_table *a, const ir_table *b)
{
    size_t n = 0;
    for (size_t i = 0; i < a->ncolumns; i++) {
        const ir_column *o = ir_find_column(b, a->columns[i].name);
        if (o && diff_same_type(o, &a->columns[i]))
            n++;
    }
    return n;
}

static void diff__tables(diff__ctx *c)
{
    for (size_t i = 0; i < c->to->ntables; i++) {
        const ir_table *tt = &c->to->tables[i];
        const char *fname = diff__from_table_name(c, tt->name);
        const ir_table *ft = diff__find_table(c->from, tt->schema, fname);
        if (ft && strcmp(fname, tt->name) == 0 && strcmp(diff__to_table_name(c, fname), fname) != 0)
            ft = NULL; /* the old table of this name was renamed away: this one is new */
        if (!ft) {
            diff_step *s = diff__add(c, DIFF_CREATE_TABLE, tt->name, tt->name);
            s->to_table = tt;
            for (size_t k = 0; k < tt->nindexes; k++) {
                diff_step *x = diff__add(c, DIFF_ADD_INDEX, tt->name, tt->indexes[k].name);
                x->to_table = tt;
                x->index = &tt->indexes[k];
            }
            for (size_t k = 0; k < tt->nfks; k++) {
                diff_step *x = diff__add(c, DIFF_ADD_FK, tt->name, tt->fks[k].name);
                x->to_table = tt;
                x->fk = &tt->fks[k];
            }
            continue;
        }
        if (strcmp(fname, tt->name) != 0) {
            diff_step *s = diff__add(c, DIFF_RENAME_TABLE, tt->name, tt->name);
            s->old_name = fname;
            s->from_table = ft;
            s->to_table = tt;
        }
        diff__columns(c, ft, tt);
        diff__pk(c, ft, tt);
        diff__indexes(c, ft, tt);
        diff__fks(c, ft, tt);
        diff__checks(c, ft, tt);
    }
    for (size_t i = 0; i < c->from->ntables; i++) {
        const ir_table *ft = &c->from->tables[i];
        const char *tname = diff__to_table_name(c, ft->name);
        if (strcmp(tname, ft->name) != 0 || diff__find_table(c->to, ft->schema, ft->name))
            continue;
        /* Keys first, so tables that point at each other can go in any order. */
        for (size_t k = 0; k < ft->nfks; k++) {
            diff_step *x = diff__add(c, DIFF_DROP_FK, ft->name, ft->fks[k].name);
            x->from_table = ft;
            x->fk = &ft->fks[k];
        }
        diff_step *s = diff__add(c, DIFF_DROP_TABLE, ft->name, ft->name);
        s->from_table = ft;
        for (size_t k = 0; k < c->to->ntables; k++) {
            const ir_table *tt = &c->to->tables[k];
            if (diff__find_table(c->from, tt->schema, diff__from_table_name(c, tt->name)))
                continue;
            if (strcmp(tt->name, ft->name) == 0)
                continue; /* the model moved to another schema: a rename cannot say that */
            size_t shared = table__shared_columns(ft, tt);
            if (shared * 2 >= ft->ncolumns && shared > 0)
                diff__question(c, arena_printf(c->a,
                                               "table \"%s\" is dropped and \"%s\" created with %zu of its columns; "
                                               "if it is a rename, pass --rename-table %s=%s",
                                               ft->name, tt->name, shared, ft->name, tt->name));
        }
    }
}

/* Every schema TO lists that FROM does not: created before anything goes in it. */
static void diff__schemas(diff__ctx *c)
{
    for (size_t i = 0; i < c->to->nschemas; i++) {
        bool known = false;
        for (size_t k = 0; k < c->from->nschemas && !known; k++)
            known = strcmp(c->from->schemas[k], c->to->schemas[i]) == 0;
        if (!known) {
            diff_step *s = diff__add(c, DIFF_CREATE_SCHEMA, NULL, c->to->schemas[i]);
            s->schema = c->to->schemas[i];
        }
    }
}

/*
 * Each step's schema: its table's (TO's when the table is in both; a moved
 * table is two tables), or its enum's.
 */
static void diff__fill_schemas(diff__ctx *c)
{
    for (size_t i = 0; i < c->nsteps; i++) {
        diff_step *s = &c->steps[i];
        if (s->kind == DIFF_CREATE_SCHEMA)
            continue;
        s->schema = s->to_table     ? s->to_table->schema
                    : s->from_table ? s->from_table->schema
                    : s->to_enum    ? s->to_enum->schema
                    : s->from_enum  ? s->from_enum->schema
                                    : NULL;
    }
}

/* Order steps by kind, keeping the order they were found in within a kind (a stable counting sort). */
static void diff__order(diff__ctx *c)
{
    if (!c->nsteps)
        return;
    diff_step *sorted = ARENA_ARRAY(c->a, diff_step, c->nsteps);
    size_t k = 0;
    for (int kind = 0; kind < DIFF_KIND_COUNT; kind++)
        for (size_t i = 0; i < c->nsteps; i++)
            if ((int)c->steps[i].kind == kind)
                sorted[k++] = c->steps[i];
    c->steps = sorted;
}

int diff_schemas(diff_result *out, arena *a, const ir_schema *from, const ir_schema *to,
                 const diff_options *opt, const char **err)
{
    static const diff_options none = DIFF_OPTIONS_INIT;
    diff__ctx c = {0};
    c.a = a;
    c.from = from;
    c.to = to;
    c.opt = opt ? opt : &none;
    memset(out, 0, sizeof *out);
    *err = NULL;
    if (diff__check_renames(&c, err) != 0)
        return -1;
    diff__schemas(&c);
    diff__extensions(&c);
    diff__enums(&c);
    diff__tables(&c);
    diff__fill_schemas(&c);
    diff__order(&c);
    out->steps = c.steps;
    out->nsteps = c.nsteps;
    out->questions = c.questions;
    out->nquestions = c.nquestions;
    return 0;
}

const char *diff_kind_name(diff_kind kind)
{
    static const char *const names[DIFF_KIND_COUNT] = {
        "create-schema", "drop-extension", "create-extension", "create-enum", "add-enum-value", "rename-table",
        "drop-foreign-key", "drop-index",
        "drop-check", "rename-column", "create-table", "add-column", "alter-column",
        "drop-column", "alter-primary-key", "rename-index", "rename-constraint", "add-check",
        "add-index", "add-foreign-key", "drop-table", "remove-enum-value", "drop-enum",
    };
    return (unsigned)kind < DIFF_KIND_COUNT ? names[kind] : "?";
}

const char *diff_step_describe(arena *a, const diff_step *s)
{
    /* A table or enum in a named schema reads "schema"."name" once the quotes around it are added. */
    const char *table = s->schema && s->table ? arena_printf(a, "%s\".\"%s", s->schema, s->table) : s->table;
    switch (s->kind) {
    case DIFF_CREATE_SCHEMA: return arena_printf(a, "create schema \"%s\"", s->name);
    case DIFF_DROP_EXTENSION: return arena_printf(a, "drop extension \"%s\" (to create it again)", s->name);
    case DIFF_CREATE_EXTENSION: return arena_printf(a, "create extension \"%s\"", s->name);
    case DIFF_CREATE_ENUM: return arena_printf(a, "create enum \"%s\"", s->name);
    case DIFF_DROP_ENUM: return arena_printf(a, "drop enum \"%s\"", s->name);
    case DIFF_ADD_ENUM_VALUE: return arena_printf(a, "add value '%s' to enum \"%s\"", s->name, s->to_enum->db_name);
    case DIFF_REMOVE_ENUM_VALUE: return arena_printf(a, "remove or reorder values of enum \"%s\"", s->name);
    case DIFF_CREATE_TABLE: return arena_printf(a, "create table \"%s\"", table);
    case DIFF_DROP_TABLE: return arena_printf(a, "drop table \"%s\"", table);
    case DIFF_RENAME_TABLE: return arena_printf(a, "rename table \"%s\" to \"%s\"", s->old_name, table);
    case DIFF_ADD_COLUMN: return arena_printf(a, "add column \"%s\".\"%s\"", table, s->name);
    case DIFF_DROP_COLUMN: return arena_printf(a, "drop column \"%s\".\"%s\"", table, s->name);
    case DIFF_RENAME_COLUMN:
        return arena_printf(a, "rename column \"%s\".\"%s\" to \"%s\"", table, s->old_name, s->name);
    case DIFF_ALTER_COLUMN:
        return arena_printf(a, "alter column \"%s\".\"%s\" (%s%s%s)", table, s->name,
                            s->changes & DIFF_CHANGE_TYPE ? " type" : "",
                            s->changes & DIFF_CHANGE_NULLABLE ? " nullability" : "",
                            s->changes & DIFF_CHANGE_DEFAULT ? " default" : "");
    case DIFF_ALTER_PK: return arena_printf(a, "change the primary key of \"%s\"", table);
    case DIFF_ADD_INDEX: return arena_printf(a, "add index \"%s\" on \"%s\"", s->name, table);
    case DIFF_DROP_INDEX: return arena_printf(a, "drop index \"%s\" on \"%s\"", s->name, table);
    case DIFF_RENAME_INDEX: return arena_printf(a, "rename index \"%s\" to \"%s\"", s->old_name, s->name);
    case DIFF_ADD_FK: return arena_printf(a, "add foreign key \"%s\" on \"%s\"", s->name, table);
    case DIFF_DROP_FK: return arena_printf(a, "drop foreign key \"%s\" on \"%s\"", s->name, table);
    case DIFF_ADD_CHECK: return arena_printf(a, "add check \"%s\" on \"%s\"", s->name, table);
    case DIFF_DROP_CHECK: return arena_printf(a, "drop check \"%s\" on \"%s\"", s->name, table);
    case DIFF_RENAME_CONSTRAINT:
        return arena_printf(a, "rename constraint \"%s\" on \"%s\" to \"%s\"", s->old_name, table, s->name);
    case DIFF_KIND_COUNT: break;
    }
    return "?";
}
