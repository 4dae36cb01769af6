/*
 * plan_sqlite.c - migration SQL for SQLite.
 *
 * Native ALTER TABLE where SQLite allows it: create, drop and rename
 * tables, rename columns, add a column that is nullable or has a constant
 * default, indexes. Everything else (drop or alter a column, keys, checks,
 * the primary key) rebuilds the table by the procedure SQLite documents
 * (lang_altertable.html, "Making Other Kinds Of Table Schema Changes"):
 * create the new shape under a temporary name, copy the rows, drop the old
 * table, rename the new one, re-create its indexes. The runner turns
 * foreign_keys off before the transaction, runs PRAGMA foreign_key_check
 * before committing and re-creates views and triggers (migrate_db.c).
 * Enums are TEXT columns in SQLite, so enum steps write nothing, except a
 * guard that fails the migration while rows hold a value being removed.
 */
#include "migrate/plan.h"

#include <string.h>

typedef struct sq__ctx {
    arena *a;
    const ir_schema *from;
    const ir_schema *to;
    const diff_result *d;
    const plan_options *opt;
    const char **rebuilt; /* names (in TO) of tables that are rebuilt */
    size_t nrebuilt;
    strbuf tx;
} sq__ctx;

static bool sq__is_rebuilt(const sq__ctx *c, const char *table)
{
    for (size_t i = 0; i < c->nrebuilt; i++)
        if (strcmp(c->rebuilt[i], table) == 0)
            return true;
    return false;
}

/* A column ALTER TABLE ADD COLUMN can add: SQLite refuses NOT NULL without a constant default. */
static bool sq__simple_add(const ir_column *col, const ir_table *t)
{
    if (col->is_id || col->dflt.kind == IR_DEFAULT_AUTOINCREMENT || col->dflt.kind == IR_DEFAULT_NOW ||
        col->dflt.kind == IR_DEFAULT_EXPR)
        return false;
    for (size_t i = 0; i < t->nfks; i++)
        for (size_t k = 0; k < t->fks[i].ncolumns; k++)
            if (strcmp(t->fks[i].columns[k], col->name) == 0)
                return false;
    return col->nullable || col->dflt.kind != IR_DEFAULT_NONE;
}

static bool sq__needs_rebuild(const diff_step *s)
{
    if (!s->from_table || !s->to_table)
        return false;
    switch (s->kind) {
    case DIFF_ALTER_COLUMN:
    case DIFF_DROP_COLUMN:
    case DIFF_ALTER_PK:
    case DIFF_ADD_FK:
    case DIFF_DROP_FK:
    case DIFF_ADD_CHECK:
    case DIFF_DROP_CHECK:
    case DIFF_RENAME_CONSTRAINT:
        return true;
    case DIFF_ADD_COLUMN:
        return !sq__simple_add(s->to_col, s->to_table);
    default:
        return false;
    }
}

static void sq__collect_rebuilds(sq__ctx *c)
{
    c->rebuilt = ARENA_ARRAY(c->a, const char *, c->d->nsteps + 1);
    for (size_t i = 0; i < c->d->nsteps; i++) {
        const diff_step *s = &c->d->steps[i];
        if (sq__needs_rebuild(s) && !sq__is_rebuilt(c, s->to_table->name))
            c->rebuilt[c->nrebuilt++] = s->to_table->name;
    }
}

static void sq__stmt(sq__ctx *c, const char *sql)
{
    strbuf_puts(&c->tx, sql);
}

/* The FROM column a TO column is copied from in a rebuild, or NULL for a new column. */
static const ir_column *sq__source_column(const sq__ctx *c, const ir_table *tt, const ir_column *tc)
{
    for (size_t i = 0; i < c->d->nsteps; i++) {
        const diff_step *s = &c->d->steps[i];
        if (s->to_table != tt)
            continue;
        if (s->kind == DIFF_ADD_COLUMN && s->to_col == tc)
            return NULL;
        if ((s->kind == DIFF_RENAME_COLUMN || s->kind == DIFF_ALTER_COLUMN) && s->to_col == tc)
            return s->from_col;
    }
    return NULL;
}

static const ir_table *sq__from_table(const sq__ctx *c, const ir_table *tt)
{
    for (size_t i = 0; i < c->d->nsteps; i++)
        if (c->d->steps[i].to_table == tt && c->d->steps[i].from_table)
            return c->d->steps[i].from_table;
    return ir_find_table(c->from, tt->name);
}

/* Whether T's key is the AUTOINCREMENT rowid alias (a single Int primary key; see ddl_sqlite.c). */
static bool sq__autoincrement(const ir_table *t)
{
    if (!t || !t->has_pk || t->pk.ncolumns != 1)
        return false;
    const ir_column *col = ir_find_column(t, t->pk.columns[0]);
    return col && !col->list && !col->enum_name && col->scalar == SC_SCALAR_INT;
}

/*
 * Carry the AUTOINCREMENT high-water mark over to the new table: the copy
 * only raises it to the largest id still present, and ids of deleted rows
 * must never come back. RENAME TO moves the row in sqlite_sequence along.
 */
static void sq__keep_sequence(sq__ctx *c, const char *table, const char *tmp)
{
    arena *a = c->a;
    const char *old = sqltext_string(a, table), *neu = sqltext_string(a, tmp);
    strbuf_printf(&c->tx,
                   "INSERT INTO sqlite_sequence (name, seq) SELECT %s, 0 FROM sqlite_sequence WHERE name = %s "
                   "AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = %s);\n",
                   neu, old, neu);
    strbuf_printf(&c->tx,
                   "UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM sqlite_sequence WHERE name IN (%s, %s)) "
                   "WHERE name = %s;\n",
                   old, neu, neu);
}

static void sq__rebuild(sq__ctx *c, const ir_table *tt)
{
    arena *a = c->a;
    const ir_table *ft = sq__from_table(c, tt);
    ir_table tmp = *tt;
    tmp.name = arena_printf(a, "_schemac_new_%s", tt->name);
    strbuf_printf(&c->tx, "-- rebuild \"%s\": SQLite cannot make this change with ALTER TABLE\n",
                   sqltext_comment(a, tt->name));
    sq__stmt(c, ddl_sqlite_dialect.create_table(a, c->to, &tmp));
    strbuf cols, vals;
    strbuf_init(&cols, a);
    strbuf_init(&vals, a);
    for (size_t i = 0; i < tt->ncolumns; i++) {
        const ir_column *tc = &tt->columns[i];
        const ir_column *fc = sq__source_column(c, tt, tc);
        if (!fc)
            fc = ir_find_column(ft, tc->name);
        bool added = false;
        for (size_t k = 0; k < c->d->nsteps; k++)
            if (c->d->steps[k].kind == DIFF_ADD_COLUMN && c->d->steps[k].to_col == tc)
                added = true;
        const char *dflt = ddl_sqlite_dialect.default_sql(a, c->to, tc);
        if (!dflt && c->opt->fill_required)
            dflt = plan_placeholder_sql(a, c->to, IR_PROVIDER_SQLITE, tc);
        const char *src = NULL;
        if (fc && !added)
            src = sqltext_ident(a, fc->name);
        else if (!tc->nullable && dflt && c->opt->fill_required && !ddl_sqlite_dialect.default_sql(a, c->to, tc))
            src = dflt; /* a required column without a default comes back: every row takes the placeholder */
        if (!src)
            continue;
        /* A column that becomes required takes its default where it was NULL. */
        if (fc && !added && fc->nullable && !tc->nullable && dflt)
            src = arena_printf(a, "coalesce(%s, %s)", src, dflt);
        strbuf_printf(&cols, "%s%s", cols.len ? ", " : "", sqltext_ident(a, tc->name));
        strbuf_printf(&vals, "%s%s", vals.len ? ", " : "", src);
    }
    if (cols.len)
        strbuf_printf(&c->tx, "INSERT INTO %s (%s) SELECT %s FROM %s;\n", sqltext_ident(a, tmp.name),
                       strbuf_str(&cols), strbuf_str(&vals), sqltext_ident(a, tt->name));
    if (sq__autoincrement(ft) && sq__autoincrement(tt))
        sq__keep_sequence(c, tt->name, tmp.name);
    strbuf_printf(&c->tx, "DROP TABLE %s;\n", sqltext_ident(a, tt->name));
    strbuf_printf(&c->tx, "ALTER TABLE %s RENAME TO %s;\n", sqltext_ident(a, tmp.name), sqltext_ident(a, tt->name));
    for (size_t i = 0; i < tt->nindexes; i++)
        sq__stmt(c, ddl_sqlite_dialect.create_index(a, c->to, tt, &tt->indexes[i]));
}

static void sq__add_column(sq__ctx *c, const diff_step *s)
{
    arena *a = c->a;
    const ir_column *col = s->to_col;
    strbuf_printf(&c->tx, "ALTER TABLE %s ADD COLUMN %s %s", sqltext_ident(a, s->table), sqltext_ident(a, col->name),
                   ddl_sqlite_dialect.column_type(a, c->to, col));
    if (!col->nullable)
        strbuf_puts(&c->tx, " NOT NULL");
    const char *dflt = ddl_sqlite_dialect.default_sql(a, c->to, col);
    if (dflt)
        strbuf_printf(&c->tx, " DEFAULT %s", dflt);
    strbuf_puts(&c->tx, ";\n");
}

/*
 * Enums are TEXT here, so a value leaving the enum changes nothing in the
 * file: rows holding it would keep a value the schema no longer knows, and
 * the generated code could not read them. Fail the migration instead, as
 * PostgreSQL does when it converts the column: a temporary table whose
 * CHECK names the column takes the count of such rows, and must take 0.
 */
static void sq__guard_removed_enum_values(sq__ctx *c, const diff_step *s)
{
    arena *a = c->a;
    const ir_enum *fe = s->from_enum, *te = s->to_enum;
    if (!fe || !te)
        return;
    strbuf gone;
    strbuf_init(&gone, a);
    for (size_t i = 0; i < fe->nvalues; i++) {
        bool kept = false;
        for (size_t k = 0; k < te->nvalues && !kept; k++)
            kept = strcmp(fe->values[i].db_name, te->values[k].db_name) == 0;
        if (!kept)
            strbuf_printf(&gone, "%s%s", gone.len ? ", " : "", sqltext_string(a, fe->values[i].db_name));
    }
    if (!gone.len)
        return; /* only reordered: TEXT has no order */
    for (size_t t = 0; t < c->to->ntables; t++) {
        const ir_table *tt = &c->to->tables[t];
        for (size_t k = 0; k < tt->ncolumns; k++) {
            const ir_column *col = &tt->columns[k];
            if (!col->enum_name || strcmp(col->enum_name, te->db_name) != 0)
                continue;
            const char *check = sqltext_ident(
                a, arena_printf(a, "rows of \"%s\".\"%s\" hold a value removed from enum %s", tt->name, col->name,
                                te->db_name));
            const char *from = sqltext_ident(a, tt->name), *qc = sqltext_ident(a, col->name);
            strbuf_printf(&c->tx, "CREATE TEMP TABLE \"_schemac_guard\" (\"n\" INTEGER CONSTRAINT %s CHECK (\"n\" = 0));\n",
                           check);
            if (col->list)
                strbuf_printf(&c->tx,
                               "INSERT INTO temp.\"_schemac_guard\" SELECT count(*) FROM %s, json_each(%s.%s) AS \"v\" "
                               "WHERE \"v\".\"value\" IN (%s);\n",
                               from, from, qc, strbuf_str(&gone));
            else
                strbuf_printf(&c->tx, "INSERT INTO temp.\"_schemac_guard\" SELECT count(*) FROM %s WHERE %s IN (%s);\n",
                               from, qc, strbuf_str(&gone));
            strbuf_puts(&c->tx, "DROP TABLE temp.\"_schemac_guard\";\n");
        }
    }
}

static void sq__step(sq__ctx *c, const diff_step *s)
{
    arena *a = c->a;
    bool rebuilt = s->to_table && s->from_table && sq__is_rebuilt(c, s->to_table->name);
    switch (s->kind) {
    case DIFF_CREATE_SCHEMA: /* PostgreSQL only: a SQLite model has none */
    case DIFF_DROP_EXTENSION:
    case DIFF_CREATE_EXTENSION:
    case DIFF_CREATE_ENUM:
    case DIFF_ADD_ENUM_VALUE:
    case DIFF_DROP_ENUM:
        break; /* enums are TEXT columns here */
    case DIFF_REMOVE_ENUM_VALUE:
        sq__guard_removed_enum_values(c, s);
        break;
    case DIFF_RENAME_TABLE:
        strbuf_printf(&c->tx, "ALTER TABLE %s RENAME TO %s;\n", sqltext_ident(a, s->old_name),
                       sqltext_ident(a, s->table));
        break;
    case DIFF_DROP_INDEX:
        if (!rebuilt)
            strbuf_printf(&c->tx, "DROP INDEX %s;\n", sqltext_ident(a, s->name));
        break;
    case DIFF_RENAME_INDEX:
        if (!rebuilt) {
            strbuf_printf(&c->tx, "DROP INDEX %s;\n", sqltext_ident(a, s->old_name));
            sq__stmt(c, ddl_sqlite_dialect.create_index(a, c->to, s->to_table, s->index));
        }
        break;
    case DIFF_RENAME_COLUMN:
        if (!rebuilt)
            strbuf_printf(&c->tx, "ALTER TABLE %s RENAME COLUMN %s TO %s;\n", sqltext_ident(a, s->table),
                           sqltext_ident(a, s->old_name), sqltext_ident(a, s->name));
        break;
    case DIFF_CREATE_TABLE:
        sq__stmt(c, ddl_sqlite_dialect.create_table(a, c->to, s->to_table));
        break;
    case DIFF_ADD_COLUMN:
        if (!rebuilt)
            sq__add_column(c, s);
        break;
    case DIFF_ADD_INDEX:
        if (!rebuilt)
            sq__stmt(c, ddl_sqlite_dialect.create_index(a, c->to, s->to_table, s->index));
        break;
    case DIFF_DROP_TABLE:
        strbuf_printf(&c->tx, "DROP TABLE %s;\n", sqltext_ident(a, s->table));
        break;
    case DIFF_DROP_FK: /* inside CREATE TABLE: gone with the table or the rebuild */
    case DIFF_DROP_CHECK:
    case DIFF_ALTER_COLUMN:
    case DIFF_DROP_COLUMN:
    case DIFF_ALTER_PK:
    case DIFF_RENAME_CONSTRAINT:
    case DIFF_ADD_CHECK:
    case DIFF_ADD_FK:
    case DIFF_KIND_COUNT:
        break; /* rebuilds, or part of CREATE TABLE */
    }
}

static void sq_plan(plan_script *out, arena *a, const diff_result *d, const ir_schema *from, const ir_schema *to,
                    const plan_options *opt)
{
    static const plan_options defaults = PLAN_OPTIONS_INIT;
    sq__ctx c = {0};
    c.a = a;
    c.opt = opt ? opt : &defaults;
    c.from = from;
    c.to = to;
    c.d = d;
    strbuf_init(&c.tx, a);
    sq__collect_rebuilds(&c);
    bool rebuilt = false;
    for (size_t i = 0; i < d->nsteps; i++) {
        const diff_step *s = &d->steps[i];
        /* Rebuilds go after new tables exist (their keys may point there) and before adds. */
        if (!rebuilt && s->kind > DIFF_CREATE_TABLE) {
            for (size_t k = 0; k < c.nrebuilt; k++)
                sq__rebuild(&c, ir_find_table(to, c.rebuilt[k]));
            rebuilt = true;
        }
        sq__step(&c, s);
    }
    if (!rebuilt)
        for (size_t k = 0; k < c.nrebuilt; k++)
            sq__rebuild(&c, ir_find_table(to, c.rebuilt[k]));
    out->pre = arena_strdup(a, "");
    out->tx = strbuf_str(&c.tx);
    out->post = arena_strdup(a, "");
    out->rebuild = c.nrebuilt > 0;
    out->pre_enum_values = NULL;
    out->npre_enum_values = 0;
}

static bool sq_concurrent_index(const plan_options *opt)
{
    (void)opt;
    return false;
}

const plan_dialect plan_sqlite_dialect = {
    .name = "sqlite",
    .provider = IR_PROVIDER_SQLITE,
    .ddl = &ddl_sqlite_dialect,
    .plan = sq_plan,
    .concurrent_index = sq_concurrent_index,
};
