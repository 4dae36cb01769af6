/*
 * ir_validate.c - what a schema model read from outside (a migration
 * snapshot, schema.json) must hold before any back end writes SQL or C from
 * it. Lowering from a checked schema gives such a model by construction;
 * JSON text can say anything, so ir_from_json runs these checks: names
 * without control characters, each table, column, enum and enum value
 * defined once, SQL text that stays one expression or type
 * (sqlscan_fragment_check), literal defaults that are literals.
 */
#include "model/ir.h"

#include <stdlib.h>
#include <string.h>

#include "base/sqlscan.h"
#include "base/strmap.h"

typedef struct irv {
    arena *a;
    sqlscan_dialect dialect;
    const char *err;
} irv;

static bool irv__fail(irv *v, const char *where, const char *what, const char *why)
{
    if (!v->err)
        v->err = arena_printf(v->a, "%s: %s %s", where, what, why);
    return false;
}

static bool irv__name(irv *v, const char *where, const char *what, const char *name)
{
    if (!name)
        return true;
    if (!*name)
        return irv__fail(v, where, what, "is empty");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return irv__fail(v, where, what, "holds a control character");
    return true;
}

static bool irv__names(irv *v, const char *where, const char *what, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!names[i] || !irv__name(v, where, what, names[i]))
            return names[i] ? false : irv__fail(v, where, what, "is missing");
    return true;
}

static bool irv__sql(irv *v, const char *where, const char *what, const char *text)
{
    if (!text)
        return true;
    size_t at = 0;
    const char *why = sqlscan_fragment_check(v->dialect, text, strlen(text), &at);
    if (!why)
        return true;
    return irv__fail(v, where, what, arena_printf(v->a, "is not one SQL expression: it holds %s at byte %zu", why, at + 1));
}

static int irv__cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * A name NAMES holds twice, or NULL: the back ends find tables, columns and
 * enums by name, so a second one would be silently taken for the first.
 * Sorts a copy, so any input takes O(n log n).
 */
static const char *irv__twice(arena *a, const char **names, size_t n)
{
    if (n < 2)
        return NULL;
    const char **sorted = ARENA_ARRAY(a, const char *, n);
    memcpy(sorted, names, n * sizeof *names);
    qsort(sorted, n, sizeof *sorted, irv__cmp);
    for (size_t i = 1; i < n; i++)
        if (strcmp(sorted[i - 1], sorted[i]) == 0)
            return sorted[i];
    return NULL;
}

/* A name unique per schema: the schema and the name, joined by a character no valid name holds. */
static const char *irv__qualified(arena *a, const char *schema, const char *name)
{
    return schema && name ? arena_printf(a, "%s\x01%s", schema, name) : name;
}

static bool irv__unique(irv *v, const char *where, const char *what, const char **names, size_t n)
{
    const char *twice = irv__twice(v->a, names, n);
    if (!twice)
        return true;
    char *shown = arena_strdup(v->a, twice); /* a schema-qualified name (irv__qualified) reads schema.name */
    for (char *p = strchr(shown, '\x01'); p; p = strchr(p, '\x01'))
        *p = '.';
    return irv__fail(v, where, arena_printf(v->a, "%s \"%s\"", what, shown), "is defined twice");
}

/* -?digits[.digits][e[+-]digits] */
static bool irv__number(const char *s)
{
    if (*s == '-')
        s++;
    size_t d = strspn(s, "0123456789");
    if (!d)
        return false;
    s += d;
    if (*s == '.') {
        s++;
        d = strspn(s, "0123456789");
        if (!d)
            return false;
        s += d;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        d = strspn(s, "0123456789");
        if (!d)
            return false;
        s += d;
    }
    return *s == '\0';
}

static bool irv__default(irv *v, const char *where, const ir_default *d)
{
    switch (d->kind) {
    case IR_DEFAULT_NUMBER:
        return (d->value && irv__number(d->value)) || irv__fail(v, where, "default", "is not a number");
    case IR_DEFAULT_BOOLEAN:
        return (d->value && (strcmp(d->value, "true") == 0 || strcmp(d->value, "false") == 0)) ||
               irv__fail(v, where, "default", "is not true or false");
    case IR_DEFAULT_EXPR:
        return irv__sql(v, where, "default expression", d->value);
    case IR_DEFAULT_LIST:
        for (size_t i = 0; i < d->nitems; i++)
            if (!irv__default(v, where, &d->items[i]))
                return false;
        return true;
    default:
        return true;
    }
}

static bool irv__column(irv *v, const char *table, const ir_column *c)
{
    const char *where = arena_printf(v->a, "column \"%s\".\"%s\"", table, c->name ? c->name : "");
    if (!c->name)
        return irv__fail(v, where, "name", "is missing");
    if (!irv__name(v, where, "name", c->name) || !irv__name(v, where, "field", c->field) ||
        !irv__name(v, where, "enum", c->enum_name) || !irv__name(v, where, "enum schema", c->enum_schema))
        return false;
    if (c->scalar == SC_SCALAR_NONE && !c->enum_name)
        return irv__fail(v, where, "type", "is missing (a column has a type or an enum)");
    if (c->native && strspn(c->native, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") !=
                         strlen(c->native))
        return irv__fail(v, where, "native type", "is not a type name");
    if (c->native_args && strspn(c->native_args, "0123456789, ") != strlen(c->native_args))
        return irv__fail(v, where, "native type arguments", "are not numbers");
    return irv__sql(v, where, "Unsupported type", c->unsupported) && irv__sql(v, where, "type", c->db_type) &&
           irv__default(v, where, &c->dflt);
}

static bool irv__table(irv *v, const ir_table *t)
{
    const char *where = arena_printf(v->a, "table \"%s\"", t->name ? t->name : "");
    if (!t->name)
        return irv__fail(v, where, "name", "is missing");
    if (!irv__name(v, where, "name", t->name) || !irv__name(v, where, "model", t->model) ||
        !irv__name(v, where, "schema", t->schema))
        return false;
    const char **cols = ARENA_ARRAY(v->a, const char *, t->ncolumns + 1);
    for (size_t i = 0; i < t->ncolumns; i++) {
        if (!irv__column(v, t->name, &t->columns[i]))
            return false;
        cols[i] = t->columns[i].name;
    }
    if (!irv__unique(v, where, "column", cols, t->ncolumns))
        return false;
    if (t->has_pk && (!irv__name(v, where, "primary key name", t->pk.name) ||
                      !irv__names(v, where, "primary key column", t->pk.columns, t->pk.ncolumns) ||
                      !irv__name(v, where, "primary key client name", t->pk.client_name)))
        return false;
    for (size_t i = 0; i < t->nindexes; i++) {
        const ir_index *x = &t->indexes[i];
        if (!irv__name(v, where, "index name", x->name) || !irv__names(v, where, "covering column", x->include, x->ninclude) ||
            !irv__sql(v, where, "index condition", x->where) || !irv__name(v, where, "index client name", x->client_name))
            return false;
        if (!x->name)
            return irv__fail(v, where, "index name", "is missing");
        for (size_t k = 0; k < x->ncolumns; k++)
            if (!x->columns[k].name || !irv__name(v, where, "index column", x->columns[k].name) ||
                !irv__sql(v, where, "operator class", x->columns[k].opclass))
                return x->columns[k].name ? false : irv__fail(v, where, "index column", "is missing");
    }
    for (size_t i = 0; i < t->nfks; i++) {
        const ir_foreign_key *f = &t->fks[i];
        if (!f->name || !f->ref_table)
            return irv__fail(v, where, "foreign key", "lacks a name or a table");
        if (!irv__name(v, where, "foreign key name", f->name) || !irv__name(v, where, "referenced table", f->ref_table) ||
            !irv__name(v, where, "referenced schema", f->ref_schema) ||
            !irv__names(v, where, "foreign key column", f->columns, f->ncolumns) ||
            !irv__names(v, where, "referenced column", f->ref_columns, f->ncolumns))
            return false;
    }
    for (size_t i = 0; i < t->nchecks; i++) {
        if (!t->checks[i].name || !t->checks[i].expr)
            return irv__fail(v, where, "check constraint", "lacks a name or a condition");
        if (!irv__name(v, where, "check constraint name", t->checks[i].name) ||
            !irv__sql(v, where, "check condition", t->checks[i].expr))
            return false;
    }
    return true;
}

/* Whether T has a column NAME. */
static bool irv__has_column(const ir_table *t, const char *name)
{
    for (size_t i = 0; name && i < t->ncolumns; i++)
        if (strcmp(t->columns[i].name, name) == 0)
            return true;
    return false;
}

/* Each of the N NAMES is a column of T. */
static bool irv__columns_of(irv *v, const char *where, const char *what, const ir_table *t, const char *const *names,
                            size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!irv__has_column(t, names[i]))
            return irv__fail(v, where, arena_printf(v->a, "%s \"%s\"", what, names[i] ? names[i] : ""),
                             arena_printf(v->a, "is not a column of table \"%s\"", t->name));
    return true;
}

/*
 * What the tables name is there: every key's and index's columns in the
 * table, every foreign key's table and columns, every enum column's enum.
 * A snapshot edited by hand could name one that is not, and the next diff
 * would write SQL that fails.
 */
static bool irv__references(irv *v, const ir_schema *s)
{
    strmap tables, enums;
    strmap_init(&tables, v->a);
    strmap_init(&enums, v->a);
    for (size_t i = 0; i < s->ntables; i++)
        strmap_adds(&tables, irv__qualified(v->a, s->tables[i].schema, s->tables[i].name), &s->tables[i]);
    for (size_t i = 0; i < s->nenums; i++) {
        strmap_adds(&enums, s->enums[i].db_name, &s->enums[i]);
        if (s->enums[i].name)
            strmap_adds(&enums, s->enums[i].name, &s->enums[i]);
    }
    for (size_t i = 0; i < s->ntables; i++) {
        const ir_table *t = &s->tables[i];
        const char *where = arena_printf(v->a, "table \"%s\"", t->name);
        if (t->ncolumns == 0)
            return irv__fail(v, where, "columns", "are missing (a table has at least one)");
        for (size_t k = 0; k < t->ncolumns; k++)
            if (t->columns[k].enum_name && !strmap_gets(&enums, t->columns[k].enum_name))
                return irv__fail(v, arena_printf(v->a, "column \"%s\".\"%s\"", t->name, t->columns[k].name),
                                 arena_printf(v->a, "enum \"%s\"", t->columns[k].enum_name), "is not an enum of the schema");
        if (t->has_pk && !irv__columns_of(v, where, "primary key column", t, t->pk.columns, t->pk.ncolumns))
            return false;
        for (size_t k = 0; k < t->nindexes; k++) {
            const ir_index *x = &t->indexes[k];
            for (size_t j = 0; j < x->ncolumns; j++)
                if (!irv__columns_of(v, where, "index column", t, &x->columns[j].name, 1))
                    return false;
            if (!irv__columns_of(v, where, "covering column", t, x->include, x->ninclude))
                return false;
        }
        for (size_t k = 0; k < t->nfks; k++) {
            const ir_foreign_key *f = &t->fks[k];
            if (!irv__columns_of(v, where, "foreign key column", t, f->columns, f->ncolumns))
                return false;
            const ir_table *ref = strmap_gets(&tables, irv__qualified(v->a, f->ref_schema, f->ref_table));
            /* a key written without its schema (a snapshot without "schemas" on one side): by name */
            for (size_t j = 0; !ref && j < s->ntables; j++)
                if (strcmp(s->tables[j].name, f->ref_table) == 0 && (!f->ref_schema || !s->tables[j].schema))
                    ref = &s->tables[j];
            if (!ref)
                return irv__fail(v, where, arena_printf(v->a, "foreign key \"%s\"", f->name),
                                 arena_printf(v->a, "references table \"%s\", which is not in the schema", f->ref_table));
            if (!irv__columns_of(v, where, "referenced column", ref, f->ref_columns, f->ncolumns))
                return false;
        }
    }
    return true;
}

int ir_validate(const ir_schema *s, arena *a, const char **err)
{
    irv v = {a, s->provider == IR_PROVIDER_POSTGRESQL ? SQLSCAN_POSTGRES : SQLSCAN_SQLITE, NULL};
    bool ok = true;
    const char **defined = ARENA_ARRAY(a, const char *, s->ntables + s->nenums + 1);
    for (size_t i = 0; ok && i < s->ntables; i++) {
        ok = irv__table(&v, &s->tables[i]);
        defined[i] = irv__qualified(a, s->tables[i].schema, s->tables[i].name);
    }
    ok = ok && irv__unique(&v, "schema", "table", defined, s->ntables);
    for (size_t i = 0; ok && i < s->nenums; i++) {
        const ir_enum *e = &s->enums[i];
        const char *where = arena_printf(a, "enum \"%s\"", e->db_name ? e->db_name : "");
        ok = e->db_name ? irv__name(&v, where, "name", e->db_name) && irv__name(&v, where, "schema name", e->name) &&
                              irv__name(&v, where, "schema", e->schema)
                        : irv__fail(&v, where, "name", "is missing");
        const char **values = ARENA_ARRAY(a, const char *, e->nvalues + 1);
        for (size_t k = 0; ok && k < e->nvalues; k++) {
            ok = e->values[k].db_name ? irv__name(&v, where, "value", e->values[k].db_name) &&
                                            irv__name(&v, where, "value", e->values[k].name)
                                      : irv__fail(&v, where, "value", "is missing");
            values[k] = e->values[k].db_name;
        }
        ok = ok && irv__unique(&v, where, "value", values, e->nvalues);
        defined[i] = irv__qualified(a, e->schema, e->db_name);
    }
    ok = ok && irv__unique(&v, "schema", "enum", defined, s->nenums);
    if (ok && s->nextensions && s->provider != IR_PROVIDER_POSTGRESQL)
        ok = irv__fail(&v, "schema", "extensions", "are PostgreSQL only");
    const char **exts = ARENA_ARRAY(a, const char *, s->nextensions + 1);
    for (size_t i = 0; ok && i < s->nextensions; i++) {
        const ir_extension *x = &s->extensions[i];
        const char *where = arena_printf(a, "extension \"%s\"", x->db_name ? x->db_name : "");
        ok = x->db_name && x->name ? irv__name(&v, where, "name", x->db_name) && irv__name(&v, where, "name", x->name) &&
                                         irv__name(&v, where, "schema", x->schema) &&
                                         irv__name(&v, where, "version", x->version)
                                   : irv__fail(&v, where, "name", "is missing");
        exts[i] = x->db_name;
    }
    ok = ok && irv__unique(&v, "schema", "extension", exts, s->nextensions);
    if (ok && s->nschemas && s->provider != IR_PROVIDER_POSTGRESQL)
        ok = irv__fail(&v, "schema", "schemas", "are PostgreSQL only");
    for (size_t i = 0; ok && i < s->nschemas; i++)
        ok = s->schemas[i] ? irv__name(&v, "schema", "schemas", s->schemas[i])
                           : irv__fail(&v, "schema", "schemas", "holds null");
    for (size_t i = 0; ok && i < s->nrelations; i++) {
        const ir_relation *r = &s->relations[i];
        const char *where = arena_printf(a, "relation \"%s\"", r->name ? r->name : "");
        const char *const names[] = {r->name, r->model, r->field, r->target, r->back_field, r->table,
                                     r->target_table, r->fk, r->join_table, r->join_self_column,
                                     r->join_target_column, r->table_schema, r->target_schema, r->join_schema};
        for (size_t k = 0; ok && k < sizeof names / sizeof names[0]; k++)
            ok = irv__name(&v, where, "name", names[k]);
        ok = ok && irv__names(&v, where, "column", r->columns, r->ncolumns) &&
             irv__names(&v, where, "target column", r->target_columns, r->ncolumns);
    }
    ok = ok && irv__references(&v, s);
    if (!ok)
        *err = v.err;
    return ok ? 0 : -1;
}
