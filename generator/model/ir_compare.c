/*
 * ir_compare.c - equality and an object-by-object difference report.
 *
 * ir_equal compares everything (through the canonical JSON text, which
 * holds every field). ir_diff_report matches tables, columns, indexes,
 * foreign keys, checks and enums by name and reports each difference on its
 * own line, so a failing test says exactly what differs. With
 * database_only it looks only at what a live database can tell: the
 * comparison drift detection and the introspection round trip need.
 */
#include "model/ir.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool ir_equal(const ir_schema *a, const ir_schema *b)
{
    arena tmp;
    arena_init(&tmp);
    bool eq = strcmp(ir_to_json(&tmp, a), ir_to_json(&tmp, b)) == 0;
    arena_free(&tmp);
    return eq;
}

/* ---------------------------------------------------------------- expressions */

/*
 * PostgreSQL hands CHECK constraints, index predicates and defaults back in
 * its own spelling: extra parentheses, explicit casts ("(price > (0)::numeric)"),
 * lower-case keywords. Dropping whitespace, parentheses and casts, and
 * folding case outside quotes, makes the two spellings compare equal
 * without a SQL parser.
 */
const char *ir_normalize_expr(arena *a, const char *expr)
{
    if (!expr)
        return NULL;
    size_t n = strlen(expr);
    char *out = arena_alloc(a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        char c = expr[i];
        if (c == '"') {
            /* PostgreSQL prints an identifier bare when it needs no quotes: drop them the same way. */
            size_t j = i + 1;
            bool plain = j < n && (islower((unsigned char)expr[j]) || expr[j] == '_');
            while (j < n && expr[j] != '"') {
                if (!islower((unsigned char)expr[j]) && !isdigit((unsigned char)expr[j]) && expr[j] != '_')
                    plain = false;
                j++;
            }
            if (plain && j < n && (j + 1 >= n || expr[j + 1] != '"')) {
                memcpy(out + o, expr + i + 1, j - i - 1);
                o += j - i - 1;
                i = j + 1;
                continue;
            }
        }
        if (c == '\'' || c == '"') {
            /* Copy a quoted literal or identifier whole, doubled quotes included. */
            char q = c;
            out[o++] = expr[i++];
            while (i < n) {
                out[o++] = expr[i];
                if (expr[i] == q) {
                    if (i + 1 < n && expr[i + 1] == q) {
                        out[o++] = expr[++i];
                        i++;
                        continue;
                    }
                    i++;
                    break;
                }
                i++;
            }
            continue;
        }
        if (c == ':' && i + 1 < n && expr[i + 1] == ':') {
            /* Skip the cast's type name: identifiers, quoted names, dots, (n), [] and spaces
             * inside multi-word types like "character varying". */
            i += 2;
            for (;;) {
                while (i < n && isspace((unsigned char)expr[i]))
                    i++;
                if (i < n && expr[i] == '"') {
                    i++;
                    while (i < n && expr[i] != '"')
                        i++;
                    if (i < n)
                        i++;
                } else if (i < n && (isalnum((unsigned char)expr[i]) || expr[i] == '_')) {
                    while (i < n && (isalnum((unsigned char)expr[i]) || expr[i] == '_'))
                        i++;
                } else {
                    break;
                }
                if (i < n && expr[i] == '.') {
                    i++;
                    continue;
                }
                if (i + 1 < n && expr[i] == '[' && expr[i + 1] == ']')
                    i += 2;
                /* Words that continue a multi-word type name; anything else ends the cast. */
                size_t save = i;
                while (i < n && isspace((unsigned char)expr[i]))
                    i++;
                static const char *const more[] = {"varying", "precision", "without", "with", "time", "zone"};
                bool cont = false;
                for (size_t k = 0; k < sizeof more / sizeof more[0]; k++) {
                    size_t l = strlen(more[k]);
                    if (strncmp(expr + i, more[k], l) == 0 && !isalnum((unsigned char)expr[i + l])) {
                        cont = true;
                        break;
                    }
                }
                if (!cont) {
                    i = save;
                    break;
                }
            }
            continue;
        }
        if (isspace((unsigned char)c) || c == '(' || c == ')') {
            i++;
            continue;
        }
        out[o++] = (char)tolower((unsigned char)c);
        i++;
    }
    out[o] = '\0';
    return out;
}

/* ---------------------------------------------------------------- report */

typedef struct ir__cmp {
    arena *a;
    const ir_compare_options *opt;
    const ir_schema *sa, *sb;
    char *buf;
    size_t len, cap;
    size_t count;
} ir__cmp;

static void ir__add(ir__cmp *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void ir__add(ir__cmp *c, const char *fmt, ...)
{
    c->count++;
    va_list ap;
    va_start(ap, fmt);
    char *line = arena_vprintf(c->a, fmt, ap);
    va_end(ap);
    size_t l = strlen(line);
    if (c->len + l + 2 > c->cap) {
        size_t ncap = (c->cap ? c->cap * 2 : 256) + l + 2;
        c->buf = arena_grow(c->a, c->buf, c->cap, ncap);
        c->cap = ncap;
    }
    memcpy(c->buf + c->len, line, l);
    c->len += l;
    c->buf[c->len++] = '\n';
    c->buf[c->len] = '\0';
}

static const char *ir__s(const char *s)
{
    return s ? s : "(none)";
}

static bool ir__same(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static bool ir__same_expr(ir__cmp *c, const char *a, const char *b)
{
    if (c->opt->normalize_exprs)
        return ir__same(ir_normalize_expr(c->a, a), ir_normalize_expr(c->a, b));
    return ir__same(a, b);
}

static void ir__str(ir__cmp *c, const char *where, const char *what, const char *a, const char *b)
{
    if (!ir__same(a, b))
        ir__add(c, "%s: %s: %s != %s", where, what, ir__s(a), ir__s(b));
}

static void ir__bool(ir__cmp *c, const char *where, const char *what, bool a, bool b)
{
    if (a != b)
        ir__add(c, "%s: %s: %s != %s", where, what, a ? "true" : "false", b ? "true" : "false");
}

static void ir__strs(ir__cmp *c, const char *where, const char *what, const char *const *a, size_t na,
                     const char *const *b, size_t nb)
{
    bool same = na == nb;
    for (size_t i = 0; same && i < na; i++)
        same = ir__same(a[i], b[i]);
    if (same)
        return;
    char *sa = arena_strdup(c->a, ""), *sb = arena_strdup(c->a, "");
    for (size_t i = 0; i < na; i++)
        sa = arena_printf(c->a, "%s%s%s", sa, i ? "," : "", ir__s(a[i]));
    for (size_t i = 0; i < nb; i++)
        sb = arena_printf(c->a, "%s%s%s", sb, i ? "," : "", ir__s(b[i]));
    ir__add(c, "%s: %s: [%s] != [%s]", where, what, sa, sb);
}

static const char *ir__default_text(arena *a, const ir_default *d, bool db)
{
    if (d->kind == IR_DEFAULT_NONE)
        return "(none)";
    /* A database cannot tell an enum literal from a string literal. */
    ir_default_kind k = d->kind;
    if (db && k == IR_DEFAULT_ENUM)
        k = IR_DEFAULT_STRING;
    /* A database compares numbers by value: 1.50 is 1.5 (PostgreSQL may print either). */
    if (db && k == IR_DEFAULT_NUMBER && d->value && ir_number_text(a, d->value, true))
        return arena_printf(a, "number(%s)", ir_number_text(a, d->value, true));
    if (k == IR_DEFAULT_LIST) {
        char *s = arena_strdup(a, "[");
        for (size_t i = 0; i < d->nitems; i++)
            s = arena_printf(a, "%s%s%s", s, i ? "," : "", ir__default_text(a, &d->items[i], db));
        return arena_printf(a, "%s]", s);
    }
    return arena_printf(a, "%s(%s)", ir_default_kind_name(k), d->value ? d->value : "");
}

static void ir__column(ir__cmp *c, const char *where, const ir_table *ta, const ir_column *a,
                       const ir_column *b)
{
    const char *w = arena_printf(c->a, "%s: column \"%s\"", where, ir__s(a->name));
    bool db = c->opt->database_only;
    if (db && a->db_type && b->db_type) {
        /* Both read from live databases: their own spelling is the truth. */
        ir__str(c, w, "type", a->db_type, b->db_type);
        ir__bool(c, w, "list", a->list, b->list);
    } else if (db && c->opt->column_type) {
        ir__str(c, w, "type", c->opt->column_type(c->a, c->sa, a, c->opt->payload),
                c->opt->column_type(c->a, c->sb, b, c->opt->payload));
    } else {
        ir__str(c, w, "type", ir_scalar_name(a->scalar), ir_scalar_name(b->scalar));
        ir__str(c, w, "enum", a->enum_name, b->enum_name);
        ir__str(c, w, "enum_schema", a->enum_schema, b->enum_schema);
        ir__str(c, w, "native", a->native, b->native);
        ir__str(c, w, "native_args", a->native_args, b->native_args);
        ir__str(c, w, "unsupported", a->unsupported, b->unsupported);
        ir__str(c, w, "db_type", a->db_type, b->db_type);
        ir__bool(c, w, "list", a->list, b->list);
    }
    ir__bool(c, w, "nullable", a->nullable, b->nullable);
    const char *da = ir__default_text(c->a, &a->dflt, db);
    const char *dbt = ir__default_text(c->a, &b->dflt, db);
    bool same = db && c->opt->normalize_exprs ? ir__same_expr(c, da, dbt) : ir__same(da, dbt);
    if (!same)
        ir__add(c, "%s: default: %s != %s", w, da, dbt);
    if (db)
        return;
    ir__str(c, w, "field", a->field, b->field);
    ir__str(c, w, "client_default", ir_client_default_name(a->client_default),
            ir_client_default_name(b->client_default));
    if (a->client_arg != b->client_arg)
        ir__add(c, "%s: client_arg: %d != %d", w, a->client_arg, b->client_arg);
    ir__bool(c, w, "version", a->version, b->version);
    ir__bool(c, w, "deleted_at", a->deleted_at, b->deleted_at);
    ir__str(c, w, "doc", a->doc, b->doc);
    (void)ta;
}

static void ir__index(ir__cmp *c, const char *where, const ir_index *a, const ir_index *b)
{
    const char *w = arena_printf(c->a, "%s: index \"%s\"", where, ir__s(a->name));
    ir__bool(c, w, "unique", a->unique, b->unique);
    bool same = a->ncolumns == b->ncolumns;
    for (size_t i = 0; same && i < a->ncolumns; i++)
        same = ir__same(a->columns[i].name, b->columns[i].name) && a->columns[i].sort == b->columns[i].sort &&
               ir__same(a->columns[i].opclass, b->columns[i].opclass);
    if (!same) {
        char *sa = arena_strdup(c->a, ""), *sb = arena_strdup(c->a, "");
        for (size_t i = 0; i < a->ncolumns; i++)
            sa = arena_printf(c->a, "%s%s%s%s%s%s", sa, i ? "," : "", ir__s(a->columns[i].name),
                              a->columns[i].sort == IR_SORT_DESC ? " desc" : "", a->columns[i].opclass ? " " : "",
                              a->columns[i].opclass ? a->columns[i].opclass : "");
        for (size_t i = 0; i < b->ncolumns; i++)
            sb = arena_printf(c->a, "%s%s%s%s%s%s", sb, i ? "," : "", ir__s(b->columns[i].name),
                              b->columns[i].sort == IR_SORT_DESC ? " desc" : "", b->columns[i].opclass ? " " : "",
                              b->columns[i].opclass ? b->columns[i].opclass : "");
        ir__add(c, "%s: columns: [%s] != [%s]", w, sa, sb);
    }
    if (a->method != b->method)
        ir__add(c, "%s: method: %s != %s", w, ir_method_name(a->method), ir_method_name(b->method));
    if (!ir__same_expr(c, a->where, b->where))
        ir__add(c, "%s: where: %s != %s", w, ir__s(a->where), ir__s(b->where));
    ir__strs(c, w, "include", a->include, a->ninclude, b->include, b->ninclude);
    if (!c->opt->database_only)
        ir__str(c, w, "client_name", a->client_name, b->client_name);
}

static void ir__fk(ir__cmp *c, const char *where, const ir_foreign_key *a, const ir_foreign_key *b)
{
    const char *w = arena_printf(c->a, "%s: foreign key \"%s\"", where, ir__s(a->name));
    ir__strs(c, w, "columns", a->columns, a->ncolumns, b->columns, b->ncolumns);
    ir__str(c, w, "ref_table", a->ref_table, b->ref_table);
    ir__str(c, w, "ref_schema", a->ref_schema, b->ref_schema);
    ir__strs(c, w, "ref_columns", a->ref_columns, a->ncolumns, b->ref_columns, b->ncolumns);
    ir__str(c, w, "on_delete", ir_action_name(a->on_delete), ir_action_name(b->on_delete));
    ir__str(c, w, "on_update", ir_action_name(a->on_update), ir_action_name(b->on_update));
}

/*
 * Foreign keys are matched by name, or by columns when names are not
 * compared. An unnamed one (SQLite keeps a key written without CONSTRAINT
 * so) matches only an unnamed one of the same columns and referenced
 * table: two unnamed keys of a table are two keys, not one.
 */
static const ir_foreign_key *ir__match_fk(ir__cmp *c, const ir_table *t, const ir_foreign_key *f)
{
    for (size_t i = 0; i < t->nfks; i++) {
        const ir_foreign_key *g = &t->fks[i];
        if (!c->opt->ignore_fk_names && f->name) {
            if (ir__same(f->name, g->name))
                return g;
            continue;
        }
        if (!c->opt->ignore_fk_names && g->name)
            continue;
        bool same = f->ncolumns == g->ncolumns && ir__same(f->ref_table, g->ref_table) &&
                    ir_same_schema(f->ref_schema, g->ref_schema);
        for (size_t k = 0; same && k < f->ncolumns; k++)
            same = ir__same(f->columns[k], g->columns[k]);
        if (same)
            return g;
    }
    return NULL;
}

/* T's check of K's name; an unnamed check (SQLite keeps CHECK constraints without names) by its expression. */
static const ir_check *ir__match_check(ir__cmp *c, const ir_table *t, const ir_check *k)
{
    if (k->name)
        return ir_find_check(t, k->name);
    for (size_t i = 0; i < t->nchecks; i++)
        if (!t->checks[i].name && ir__same_expr(c, t->checks[i].expr, k->expr))
            return &t->checks[i];
    return NULL;
}

static void ir__table(ir__cmp *c, const ir_table *a, const ir_table *b)
{
    const char *w = arena_printf(c->a, "table \"%s\"", ir__s(ir_qualified_name(c->a, a->schema, a->name)));
    bool db = c->opt->database_only;
    if (!db) {
        ir__str(c, w, "model", a->model, b->model);
        if (a->kind != b->kind)
            ir__add(c, "%s: kind differs", w);
        ir__str(c, w, "doc", a->doc, b->doc);
    }
    for (size_t i = 0; i < a->ncolumns; i++) {
        const ir_column *cb = ir_find_column(b, a->columns[i].name);
        if (!cb)
            ir__add(c, "%s: column \"%s\" missing", w, ir__s(a->columns[i].name));
        else
            ir__column(c, w, a, &a->columns[i], cb);
    }
    for (size_t i = 0; i < b->ncolumns; i++)
        if (!ir_find_column(a, b->columns[i].name))
            ir__add(c, "%s: column \"%s\" unexpected", w, ir__s(b->columns[i].name));
    if (a->ncolumns == b->ncolumns) {
        bool order = true;
        for (size_t i = 0; order && i < a->ncolumns; i++)
            order = ir__same(a->columns[i].name, b->columns[i].name);
        if (!order)
            ir__add(c, "%s: column order differs", w);
    }
    if (a->has_pk != b->has_pk) {
        ir__add(c, "%s: primary key: %s != %s", w, a->has_pk ? "present" : "(none)", b->has_pk ? "present" : "(none)");
    } else if (a->has_pk) {
        const char *pw = arena_printf(c->a, "%s: primary key", w);
        if (!c->opt->ignore_pk_names)
            ir__str(c, pw, "name", a->pk.name, b->pk.name);
        ir__strs(c, pw, "columns", a->pk.columns, a->pk.ncolumns, b->pk.columns, b->pk.ncolumns);
        if (!db)
            ir__str(c, pw, "client_name", a->pk.client_name, b->pk.client_name);
    }
    for (size_t i = 0; i < a->nindexes; i++) {
        const ir_index *xb = ir_find_index(b, a->indexes[i].name);
        if (!xb)
            ir__add(c, "%s: index \"%s\" missing", w, ir__s(a->indexes[i].name));
        else
            ir__index(c, w, &a->indexes[i], xb);
    }
    for (size_t i = 0; i < b->nindexes; i++)
        if (!ir_find_index(a, b->indexes[i].name))
            ir__add(c, "%s: index \"%s\" unexpected", w, ir__s(b->indexes[i].name));
    for (size_t i = 0; i < a->nfks; i++) {
        const ir_foreign_key *fb = ir__match_fk(c, b, &a->fks[i]);
        if (!fb)
            ir__add(c, "%s: foreign key \"%s\" missing", w, ir__s(a->fks[i].name));
        else
            ir__fk(c, w, &a->fks[i], fb);
    }
    for (size_t i = 0; i < b->nfks; i++)
        if (!ir__match_fk(c, a, &b->fks[i]))
            ir__add(c, "%s: foreign key \"%s\" unexpected", w, ir__s(b->fks[i].name));
    for (size_t i = 0; i < a->nchecks; i++) {
        const ir_check *kb = ir__match_check(c, b, &a->checks[i]);
        if (!kb)
            ir__add(c, "%s: check \"%s\" missing", w, ir__s(a->checks[i].name));
        else if (!ir__same_expr(c, a->checks[i].expr, kb->expr))
            ir__add(c, "%s: check \"%s\": %s != %s", w, ir__s(a->checks[i].name), ir__s(a->checks[i].expr),
                    ir__s(kb->expr));
    }
    for (size_t i = 0; i < b->nchecks; i++)
        if (!ir__match_check(c, a, &b->checks[i]))
            ir__add(c, "%s: check \"%s\" unexpected", w, ir__s(b->checks[i].name));
}

static void ir__enum(ir__cmp *c, const ir_enum *a, const ir_enum *b)
{
    const char *w = arena_printf(c->a, "enum \"%s\"", ir__s(ir_qualified_name(c->a, a->schema, a->db_name)));
    size_t n = a->nvalues > b->nvalues ? a->nvalues : b->nvalues;
    for (size_t i = 0; i < n; i++) {
        const char *va = i < a->nvalues ? a->values[i].db_name : NULL;
        const char *vb = i < b->nvalues ? b->values[i].db_name : NULL;
        if (!ir__same(va, vb))
            ir__add(c, "%s: value %zu: %s != %s", w, i, ir__s(va), ir__s(vb));
        if (!c->opt->database_only && i < a->nvalues && i < b->nvalues) {
            ir__str(c, w, "value name", a->values[i].name, b->values[i].name);
            ir__str(c, w, "value doc", a->values[i].doc, b->values[i].doc);
        }
    }
    if (!c->opt->database_only) {
        ir__str(c, w, "name", a->name, b->name);
        ir__str(c, w, "doc", a->doc, b->doc);
    }
}

static const ir_relation *ir__find_relation(const ir_schema *s, const ir_relation *r)
{
    for (size_t i = 0; i < s->nrelations; i++)
        if (ir__same(s->relations[i].model, r->model) && ir__same(s->relations[i].field, r->field))
            return &s->relations[i];
    return NULL;
}

static void ir__relation(ir__cmp *c, const ir_relation *a, const ir_relation *b)
{
    const char *w = arena_printf(c->a, "relation %s.%s", ir__s(a->model), ir__s(a->field));
    ir__str(c, w, "name", a->name, b->name);
    ir__str(c, w, "target", a->target, b->target);
    ir__str(c, w, "back_field", a->back_field, b->back_field);
    if (a->kind != b->kind)
        ir__add(c, "%s: kind differs", w);
    ir__bool(c, w, "list", a->list, b->list);
    ir__bool(c, w, "optional", a->optional, b->optional);
    ir__str(c, w, "table", a->table, b->table);
    ir__str(c, w, "table_schema", a->table_schema, b->table_schema);
    ir__str(c, w, "target_table", a->target_table, b->target_table);
    ir__str(c, w, "target_schema", a->target_schema, b->target_schema);
    ir__str(c, w, "fk", a->fk, b->fk);
    ir__strs(c, w, "columns", a->columns, a->ncolumns, b->columns, b->ncolumns);
    ir__strs(c, w, "target_columns", a->target_columns, a->ncolumns, b->target_columns, b->ncolumns);
    ir__str(c, w, "join_table", a->join_table, b->join_table);
    ir__str(c, w, "join_schema", a->join_schema, b->join_schema);
    ir__str(c, w, "join_self_column", a->join_self_column, b->join_self_column);
    ir__str(c, w, "join_target_column", a->join_target_column, b->join_target_column);
}

size_t ir_diff_report(char **report, arena *a_arena, const ir_schema *a, const ir_schema *b,
                      const ir_compare_options *opt)
{
    ir_compare_options defaults = IR_COMPARE_OPTIONS_INIT;
    ir__cmp c = {a_arena, opt ? opt : &defaults, a, b, NULL, 0, 0, 0};
    if (!c.opt->database_only && a->provider != b->provider)
        ir__add(&c, "provider: %s != %s", ir_provider_name(a->provider), ir_provider_name(b->provider));
    /*
     * Extensions, by database name. At database level they compare as Prisma
     * Migrate compares them: A's must be installed in B, with A's schema and
     * version where A gives them; extensions B has beyond A's are no
     * difference (a database holds extensions the schema does not name).
     */
    for (size_t i = 0; i < a->nextensions; i++) {
        const ir_extension *xa = &a->extensions[i];
        const ir_extension *xb = ir_find_extension(b, xa->db_name);
        const char *w = arena_printf(c.a, "extension \"%s\"", ir__s(xa->db_name));
        if (!xb) {
            ir__add(&c, "%s missing", w);
            continue;
        }
        if (c.opt->database_only) {
            if (xa->schema && xb->schema && strcmp(xa->schema, xb->schema) != 0)
                ir__add(&c, "%s: schema: %s != %s", w, xa->schema, xb->schema);
            if (xa->version && xb->version && strcmp(xa->version, xb->version) != 0)
                ir__add(&c, "%s: version: %s != %s", w, xa->version, xb->version);
            continue;
        }
        ir__str(&c, w, "name", xa->name, xb->name);
        ir__str(&c, w, "schema", xa->schema, xb->schema);
        ir__str(&c, w, "version", xa->version, xb->version);
    }
    for (size_t i = 0; i < b->nextensions && !c.opt->database_only; i++)
        if (!ir_find_extension(a, b->extensions[i].db_name))
            ir__add(&c, "extension \"%s\" unexpected", ir__s(b->extensions[i].db_name));
    if (!c.opt->database_only)
        ir__strs(&c, "schema", "schemas", a->schemas, a->nschemas, b->schemas, b->nschemas);
    for (size_t i = 0; i < a->nenums; i++) {
        const ir_enum *ea = &a->enums[i];
        const ir_enum *eb = ir_find_enum_in(b, ea->schema, ea->db_name);
        if (!eb)
            ir__add(&c, "enum \"%s\" missing", ir__s(ir_qualified_name(c.a, ea->schema, ea->db_name)));
        else
            ir__enum(&c, ea, eb);
    }
    for (size_t i = 0; i < b->nenums; i++)
        if (!ir_find_enum_in(a, b->enums[i].schema, b->enums[i].db_name))
            ir__add(&c, "enum \"%s\" unexpected",
                    ir__s(ir_qualified_name(c.a, b->enums[i].schema, b->enums[i].db_name)));
    for (size_t i = 0; i < a->ntables; i++) {
        const ir_table *ta = &a->tables[i];
        const ir_table *tb = ir_find_table_in(b, ta->schema, ta->name);
        if (!tb)
            ir__add(&c, "table \"%s\" missing", ir__s(ir_qualified_name(c.a, ta->schema, ta->name)));
        else
            ir__table(&c, ta, tb);
    }
    for (size_t i = 0; i < b->ntables; i++)
        if (!ir_find_table_in(a, b->tables[i].schema, b->tables[i].name))
            ir__add(&c, "table \"%s\" unexpected",
                    ir__s(ir_qualified_name(c.a, b->tables[i].schema, b->tables[i].name)));
    if (!c.opt->database_only) {
        for (size_t i = 0; i < a->nrelations; i++) {
            const ir_relation *rb = ir__find_relation(b, &a->relations[i]);
            if (!rb)
                ir__add(&c, "relation %s.%s missing", ir__s(a->relations[i].model), ir__s(a->relations[i].field));
            else
                ir__relation(&c, &a->relations[i], rb);
        }
        for (size_t i = 0; i < b->nrelations; i++)
            if (!ir__find_relation(a, &b->relations[i]))
                ir__add(&c, "relation %s.%s unexpected", ir__s(b->relations[i].model), ir__s(b->relations[i].field));
    }
    if (report)
        *report = c.buf ? c.buf : arena_strdup(a_arena, "");
    return c.count;
}
