/*
 * ddl_sqlite.c - the SQLite dialect, as Prisma Migrate writes it: Prisma's
 * declared type per scalar, enums as TEXT, a single-column INTEGER primary
 * key inline with AUTOINCREMENT, composite keys and foreign keys inside
 * CREATE TABLE (SQLite cannot add constraints later), unnamed primary keys.
 * SQLite has no index methods or INCLUDE; they are left out (docs/ddl.md).
 */
#include "ddl/ddl.h"

#include <string.h>
#include <strings.h>

static const char *sq__scalar_sql(sc_scalar s)
{
    switch (s) {
    case SC_SCALAR_STRING: return "TEXT";
    case SC_SCALAR_BOOLEAN: return "BOOLEAN";
    case SC_SCALAR_INT: return "INTEGER";
    case SC_SCALAR_BIGINT: return "BIGINT";
    case SC_SCALAR_FLOAT: return "REAL";
    case SC_SCALAR_DECIMAL: return "DECIMAL";
    case SC_SCALAR_DATETIME: return "DATETIME";
    case SC_SCALAR_JSON: return "JSONB";
    case SC_SCALAR_BYTES: return "BLOB";
    default: return "TEXT";
    }
}

static const char *sq_column_type(arena *a, const ir_schema *s, const ir_column *c)
{
    /* Lists have no SQLite type; they are stored as JSON text. */
    if (c->list)
        return "JSONB";
    if (c->enum_name)
        return "TEXT";
    if (c->scalar == SC_SCALAR_UNSUPPORTED && c->unsupported)
        return c->unsupported;
    return sq__scalar_sql(c->scalar);
}

/* The column that becomes `INTEGER PRIMARY KEY AUTOINCREMENT` (the rowid alias), or NULL. */
static const ir_column *sq__rowid_column(const ir_table *t)
{
    if (!t->has_pk || t->pk.ncolumns != 1)
        return NULL;
    const ir_column *c = ir_find_column(t, t->pk.columns[0]);
    if (!c || c->list || c->scalar != SC_SCALAR_INT || c->enum_name)
        return NULL;
    return c;
}

static const char *sq_default_sql(arena *a, const ir_schema *s, const ir_column *c)
{
    switch (c->dflt.kind) {
    case IR_DEFAULT_NONE:
    case IR_DEFAULT_AUTOINCREMENT:
    case IR_DEFAULT_LIST:
        return NULL;
    case IR_DEFAULT_EXPR:
        /* SQLite takes an expression default only in parentheses. */
        if (c->dflt.value && c->dflt.value[0] == '(')
            return c->dflt.value;
        return arena_printf(a, "(%s)", c->dflt.value ? c->dflt.value : "NULL");
    case IR_DEFAULT_STRING:
        /* Prisma writes a Bytes default as its hex digits in a string literal. */
        if (c->scalar == SC_SCALAR_BYTES && c->dflt.value) {
            const char *hex = ddl_bytes_hex(a, c->dflt.value);
            if (hex)
                return sqltext_string(a, hex);
        }
        return ddl_literal_sql(a, &c->dflt);
    default:
        return ddl_literal_sql(a, &c->dflt);
    }
}

static void sq_preamble(arena *a, const ir_schema *s, char **out)
{
    *out = NULL;
}

static char *sq_create_table(arena *a, const ir_schema *s, const ir_table *t)
{
    strbuf b;
    strbuf_init(&b, a);
    strbuf_printf(&b, "CREATE TABLE %s (\n", sqltext_ident(a, t->name));
    const ir_column *rowid = sq__rowid_column(t);
    /* A single-column key is written on its column, as Prisma does; composite keys after the columns. */
    const ir_column *inline_pk = rowid;
    if (!inline_pk && t->has_pk && t->pk.ncolumns == 1)
        inline_pk = ir_find_column(t, t->pk.columns[0]);
    bool table_pk = t->has_pk && !inline_pk;
    size_t nconstraints = (table_pk ? 1 : 0) + t->nfks + t->nchecks;
    for (size_t i = 0; i < t->ncolumns; i++) {
        const ir_column *c = &t->columns[i];
        strbuf_printf(&b, "    %s %s", sqltext_ident(a, c->name), sq_column_type(a, s, c));
        if (!c->nullable)
            strbuf_puts(&b, " NOT NULL");
        if (c == rowid)
            strbuf_puts(&b, " PRIMARY KEY AUTOINCREMENT");
        else if (c == inline_pk)
            strbuf_puts(&b, " PRIMARY KEY");
        const char *dflt = sq_default_sql(a, s, c);
        if (dflt)
            strbuf_printf(&b, " DEFAULT %s", dflt);
        strbuf_puts(&b, i + 1 < t->ncolumns || nconstraints ? ",\n" : "\n");
    }
    size_t k = 0;
    if (table_pk) {
        k++;
        strbuf_printf(&b, "    PRIMARY KEY (%s)%s\n", ddl_ident_list(a, t->pk.columns, t->pk.ncolumns),
                       k < nconstraints ? "," : "");
    }
    for (size_t i = 0; i < t->nfks; i++) {
        const ir_foreign_key *f = &t->fks[i];
        k++;
        /* A key read from a database or SQL file may have no name: then it gets none here either. */
        strbuf_printf(&b, "    %s%s%sFOREIGN KEY (%s) REFERENCES %s (%s) ON DELETE %s ON UPDATE %s%s\n",
                       f->name ? "CONSTRAINT " : "", f->name ? sqltext_ident(a, f->name) : "", f->name ? " " : "",
                       ddl_ident_list(a, f->columns, f->ncolumns),
                       sqltext_ident(a, f->ref_table), ddl_ident_list(a, f->ref_columns, f->ncolumns),
                       ir_action_sql(f->on_delete), ir_action_sql(f->on_update), k < nconstraints ? "," : "");
    }
    for (size_t i = 0; i < t->nchecks; i++) {
        k++;
        const char *name = t->checks[i].name;
        strbuf_printf(&b, "    %s%s%sCHECK (%s)%s\n", name ? "CONSTRAINT " : "", name ? sqltext_ident(a, name) : "",
                       name ? " " : "", t->checks[i].expr ? t->checks[i].expr : "TRUE", k < nconstraints ? "," : "");
    }
    strbuf_puts(&b, ");\n");
    return strbuf_str(&b);
}

static char *sq_create_index(arena *a, const ir_schema *s, const ir_table *t, const ir_index *x)
{
    strbuf b;
    strbuf_init(&b, a);
    strbuf_printf(&b, "CREATE %sINDEX %s ON %s (", x->unique ? "UNIQUE " : "", sqltext_ident(a, x->name),
                   sqltext_ident(a, t->name));
    for (size_t i = 0; i < x->ncolumns; i++)
        strbuf_printf(&b, "%s%s%s", i ? ", " : "", sqltext_ident(a, x->columns[i].name),
                       x->columns[i].sort == IR_SORT_DESC ? " DESC" : "");
    strbuf_puts(&b, ")");
    if (x->where)
        strbuf_printf(&b, " WHERE %s", x->where);
    strbuf_puts(&b, ";\n");
    return strbuf_str(&b);
}

static char *sq_add_foreign_key(arena *a, const ir_schema *s, const ir_table *t, const ir_foreign_key *f)
{
    return NULL;
}

/*
 * An Unsupported("...") type spelt (in any case) as the type of a scalar is
 * that scalar to the database and to introspection (Unsupported("integer")
 * is an INTEGER column).
 */
static void sq__unsupported_as_scalar(ir_column *col)
{
    static const sc_scalar scalars[] = {SC_SCALAR_STRING, SC_SCALAR_BOOLEAN, SC_SCALAR_INT,
                                        SC_SCALAR_BIGINT, SC_SCALAR_FLOAT,   SC_SCALAR_DECIMAL,
                                        SC_SCALAR_DATETIME, SC_SCALAR_JSON,  SC_SCALAR_BYTES};
    if (col->scalar != SC_SCALAR_UNSUPPORTED || !col->unsupported)
        return;
    for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++)
        if (strcasecmp(col->unsupported, sq__scalar_sql(scalars[i])) == 0) {
            col->scalar = scalars[i];
            col->unsupported = NULL;
            return;
        }
}

/*
 * What an SQLite file keeps: no enum types (enum columns are TEXT), no
 * primary-key names, no index methods, operator classes or INCLUDE, no
 * native types; the rowid column is AUTOINCREMENT whatever the schema said
 * and no other column autoincrements.
 */
static void sq_db_view(arena *a, ir_schema *s)
{
    s->nenums = 0;
    for (size_t i = 0; i < s->ntables; i++) {
        ir_table *t = &s->tables[i];
        t->pk.name = NULL;
        const ir_column *rowid = sq__rowid_column(t);
        for (size_t c = 0; c < t->ncolumns; c++) {
            ir_column *col = &t->columns[c];
            col->native = NULL;
            col->native_args = NULL;
            sq__unsupported_as_scalar(col);
            if (col->enum_name) {
                col->enum_name = NULL;
                col->scalar = SC_SCALAR_STRING;
            }
            if (col->dflt.kind == IR_DEFAULT_ENUM)
                col->dflt.kind = IR_DEFAULT_STRING;
            if (col->dflt.kind == IR_DEFAULT_LIST)
                col->dflt.kind = IR_DEFAULT_NONE;
            if (col == rowid || col->dflt.kind == IR_DEFAULT_AUTOINCREMENT) {
                col->dflt.kind = col == rowid ? IR_DEFAULT_AUTOINCREMENT : IR_DEFAULT_NONE;
                col->dflt.value = NULL;
            }
            if (col->list) {
                col->list = false;
                col->scalar = SC_SCALAR_JSON;
            }
        }
        for (size_t k = 0; k < t->nindexes; k++) {
            ir_index *x = &t->indexes[k];
            x->method = IR_METHOD_DEFAULT;
            x->ninclude = 0;
            for (size_t c = 0; c < x->ncolumns; c++)
                x->columns[c].opclass = NULL;
        }
    }
}

const ddl_dialect ddl_sqlite_dialect = {
    .name = "sqlite",
    .provider = IR_PROVIDER_SQLITE,
    .max_ident_len = 0,
    .names_pk = false,
    .names_fk = true,
    .column_type = sq_column_type,
    .default_sql = sq_default_sql,
    .preamble = sq_preamble,
    .create_table = sq_create_table,
    .create_index = sq_create_index,
    .add_foreign_key = sq_add_foreign_key,
    .db_view = sq_db_view,
};
