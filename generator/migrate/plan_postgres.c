/*
 * plan_postgres.c - migration SQL for PostgreSQL.
 *
 * DDL is transactional, so the body runs in one transaction with
 * lock_timeout set, and a migration that fails leaves nothing behind. Two
 * kinds of statement cannot run in a transaction and go to the autocommit
 * sections (plan.h): enum values that later statements use (ALTER TYPE ...
 * ADD VALUE IF NOT EXISTS, before the body: since PostgreSQL 12 the
 * statement runs in a transaction, but the value cannot be used in the
 * transaction that added it; values nothing uses are added in the body, so
 * a failed migration leaves none behind) and index builds on existing
 * tables (CREATE INDEX CONCURRENTLY, after it, each preceded by DROP INDEX
 * CONCURRENTLY IF EXISTS so that a build interrupted half-way, which
 * leaves an invalid index, is redone on resume). With --low-lock, foreign
 * keys and checks on existing tables are added NOT VALID and validated
 * after the commit, and NOT NULL goes through a validated CHECK, which
 * PostgreSQL 12+ uses to skip the scan under the exclusive lock.
 */
#include "migrate/plan.h"

#include <string.h>

typedef struct pg__ctx {
    arena *a;
    const ir_schema *from;
    const ir_schema *to;
    const plan_options *opt;
    strbuf pre, tx, post;
    strbuf enum_tx; /* new enum values added inside the transaction, ahead of the body */
    const char **pre_values;
    size_t npre_values;
} pg__ctx;

static const char *q(pg__ctx *c, const char *name)
{
    return sqltext_ident(c->a, name);
}

/* NAME in STEP's schema: its table, or an index, sequence or type of that schema. */
static const char *qs(pg__ctx *c, const diff_step *s, const char *name)
{
    return ddl_qualified(c->a, s->schema, name);
}

/* The column's type without SERIAL: ALTER COLUMN TYPE takes only real types. */
static const char *pg__plain_type(pg__ctx *c, const ir_column *col)
{
    ir_column copy = *col;
    if (copy.dflt.kind == IR_DEFAULT_AUTOINCREMENT)
        copy.dflt.kind = IR_DEFAULT_NONE;
    return ddl_postgres_dialect.column_type(c->a, c->to, &copy);
}

static const char *pg__seq_name(pg__ctx *c, const char *table, const char *col)
{
    return arena_printf(c->a, "%s_%s_seq", table, col);
}

static void pg__add_column(pg__ctx *c, const diff_step *s)
{
    const ir_column *col = s->to_col;
    strbuf_printf(&c->tx, "ALTER TABLE %s ADD COLUMN %s %s", qs(c, s, s->table), q(c, col->name),
                   ddl_postgres_dialect.column_type(c->a, c->to, col));
    if (!col->nullable && !col->list)
        strbuf_puts(&c->tx, " NOT NULL");
    const char *dflt = ddl_postgres_dialect.default_sql(c->a, c->to, col);
    const char *fill = !dflt && !col->nullable && c->opt->fill_required
                           ? plan_placeholder_sql(c->a, c->to, IR_PROVIDER_POSTGRESQL, col)
                           : NULL;
    if (dflt)
        strbuf_printf(&c->tx, " DEFAULT %s", dflt);
    else if (fill)
        strbuf_printf(&c->tx, " DEFAULT %s", fill);
    strbuf_puts(&c->tx, ";\n");
    /* The placeholder fills the rows there are; the column itself keeps no default. */
    if (fill)
        strbuf_printf(&c->tx, "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT;\n", qs(c, s, s->table), q(c, col->name));
}

static void pg__set_not_null(pg__ctx *c, const diff_step *s)
{
    const char *t = qs(c, s, s->table);
    if (!c->opt->low_lock) {
        strbuf_printf(&c->tx, "ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;\n", t, q(c, s->name));
        return;
    }
    const char *chk = q(c, arena_printf(c->a, "%s_%s_not_null", s->table, s->name));
    strbuf_printf(&c->tx, "ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID;\n", t, chk, q(c, s->name));
    strbuf_printf(&c->post, "ALTER TABLE %s VALIDATE CONSTRAINT %s;\n", t, chk);
    strbuf_printf(&c->post, "ALTER TABLE %s ALTER COLUMN %s SET NOT NULL;\n", t, q(c, s->name));
    strbuf_printf(&c->post, "ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s;\n", t, chk);
}

static void pg__alter_column(pg__ctx *c, const diff_step *s)
{
    const ir_column *fc = s->from_col, *tc = s->to_col;
    const char *t = qs(c, s, s->table), *col = q(c, s->name);
    bool from_serial = fc->dflt.kind == IR_DEFAULT_AUTOINCREMENT, to_serial = tc->dflt.kind == IR_DEFAULT_AUTOINCREMENT;
    bool redo_default = (s->changes & (DIFF_CHANGE_TYPE | DIFF_CHANGE_DEFAULT)) != 0;
    if (redo_default && fc->dflt.kind != IR_DEFAULT_NONE && !(from_serial && to_serial))
        strbuf_printf(&c->tx, "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT;\n", t, col);
    if (s->changes & DIFF_CHANGE_TYPE) {
        const char *type = pg__plain_type(c, tc);
        /* Enum values convert through their text; everything else casts directly. */
        const char *via = fc->enum_name || tc->enum_name ? (fc->list ? "::text[]" : "::text") : "";
        strbuf_printf(&c->tx, "ALTER TABLE %s ALTER COLUMN %s SET DATA TYPE %s USING %s%s::%s;\n", t, col, type, col,
                       via, type);
    }
    if (s->changes & DIFF_CHANGE_NULLABLE) {
        const char *fill = ddl_postgres_dialect.default_sql(c->a, c->to, tc);
        if (!fill && c->opt->fill_required)
            fill = plan_placeholder_sql(c->a, c->to, IR_PROVIDER_POSTGRESQL, tc);
        if (tc->nullable || tc->list) {
            strbuf_printf(&c->tx, "ALTER TABLE %s ALTER COLUMN %s DROP NOT NULL;\n", t, col);
        } else {
            /* A column that becomes required takes its default where it was NULL (as the SQLite rebuild does). */
            if (fill)
                strbuf_printf(&c->tx, "UPDATE %s SET %s = %s WHERE %s IS NULL;\n", t, col, fill, col);
            pg__set_not_null(c, s);
        }
    }
    if (from_serial && !to_serial)
        strbuf_printf(&c->tx, "DROP SEQUENCE IF EXISTS %s;\n", qs(c, s, pg__seq_name(c, s->table, s->name)));
    if (to_serial && !from_serial) {
        const char *seq = qs(c, s, pg__seq_name(c, s->table, s->name));
        strbuf_printf(&c->tx, "CREATE SEQUENCE IF NOT EXISTS %s OWNED BY %s.%s;\n", seq, t, col);
        strbuf_printf(&c->tx, "SELECT setval(%s, coalesce(max(%s), 0) + 1, false) FROM %s;\n",
                       sqltext_string(c->a, seq), col, t);
        strbuf_printf(&c->tx, "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT nextval(%s);\n", t, col,
                       sqltext_string(c->a, seq));
    }
    const char *dflt = ddl_postgres_dialect.default_sql(c->a, c->to, tc);
    if (redo_default && dflt)
        strbuf_printf(&c->tx, "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s;\n", t, col, dflt);
}

static void pg__alter_pk(pg__ctx *c, const diff_step *s)
{
    const ir_table *ft = s->from_table, *tt = s->to_table;
    const char *t = qs(c, s, s->table);
    bool same_cols = ft->has_pk && tt->has_pk && ft->pk.ncolumns == tt->pk.ncolumns;
    for (size_t i = 0; same_cols && i < ft->pk.ncolumns; i++)
        if (strcmp(ft->pk.columns[i], tt->pk.columns[i]) != 0)
            same_cols = false;
    const char *old = ft->pk.name ? ft->pk.name : arena_printf(c->a, "%s_pkey", s->table);
    if (same_cols && tt->pk.name) {
        strbuf_printf(&c->tx, "ALTER TABLE %s RENAME CONSTRAINT %s TO %s;\n", t, q(c, old), q(c, tt->pk.name));
        return;
    }
    if (ft->has_pk)
        strbuf_printf(&c->tx, "ALTER TABLE %s DROP CONSTRAINT %s;\n", t, q(c, old));
    if (tt->has_pk) {
        if (tt->pk.name)
            strbuf_printf(&c->tx, "ALTER TABLE %s ADD CONSTRAINT %s PRIMARY KEY (%s);\n", t, q(c, tt->pk.name),
                           ddl_ident_list(c->a, tt->pk.columns, tt->pk.ncolumns));
        else
            strbuf_printf(&c->tx, "ALTER TABLE %s ADD PRIMARY KEY (%s);\n", t,
                           ddl_ident_list(c->a, tt->pk.columns, tt->pk.ncolumns));
    }
}

/* "CREATE [UNIQUE] INDEX name ..." -> "CREATE [UNIQUE] INDEX CONCURRENTLY name ...". */
static const char *pg__concurrently(pg__ctx *c, const char *create)
{
    const char *at = strstr(create, "INDEX ");
    if (!at)
        return create;
    size_t head = (size_t)(at - create) + strlen("INDEX ");
    return arena_printf(c->a, "%.*sCONCURRENTLY %s", (int)head, create, create + head);
}

static void pg__add_index(pg__ctx *c, const diff_step *s)
{
    const char *create = ddl_postgres_dialect.create_index(c->a, c->to, s->to_table, s->index);
    if (!s->from_table || c->opt->no_concurrently) {
        strbuf_puts(&c->tx, create);
        return;
    }
    strbuf_printf(&c->post, "DROP INDEX CONCURRENTLY IF EXISTS %s;\n", qs(c, s, s->name));
    strbuf_puts(&c->post, pg__concurrently(c, create));
}

/* A constraint statement ending ";\n" made NOT VALID and validated after the commit. */
static void pg__add_constraint(pg__ctx *c, const diff_step *s, const char *stmt)
{
    if (!c->opt->low_lock || !s->from_table) {
        strbuf_puts(&c->tx, stmt);
        return;
    }
    size_t n = strlen(stmt);
    while (n > 0 && (stmt[n - 1] == '\n' || stmt[n - 1] == ';'))
        n--;
    strbuf_printf(&c->tx, "%.*s NOT VALID;\n", (int)n, stmt);
    strbuf_printf(&c->post, "ALTER TABLE %s VALIDATE CONSTRAINT %s;\n", qs(c, s, s->table), q(c, s->name));
}

/* Recreate enum E with TO's values: rename the old type away, convert every column through text. */
static void pg__replace_enum(pg__ctx *c, const diff_step *s)
{
    const ir_enum *e = s->to_enum;
    const char *old = arena_printf(c->a, "%s_old", e->db_name);
    strbuf_printf(&c->tx, "ALTER TYPE %s RENAME TO %s;\n", qs(c, s, e->db_name), q(c, old));
    strbuf_printf(&c->tx, "CREATE TYPE %s AS ENUM (", qs(c, s, e->db_name));
    for (size_t v = 0; v < e->nvalues; v++)
        strbuf_printf(&c->tx, "%s%s", v ? ", " : "", sqltext_string(c->a, e->values[v].db_name));
    strbuf_puts(&c->tx, ");\n");
    for (size_t i = 0; i < c->to->ntables; i++) {
        const ir_table *t = &c->to->tables[i];
        for (size_t k = 0; k < t->ncolumns; k++) {
            const ir_column *col = &t->columns[k];
            if (!col->enum_name || strcmp(col->enum_name, e->db_name) != 0 ||
                !ir_same_schema(col->enum_schema, e->schema))
                continue;
            const char *type = ddl_postgres_dialect.column_type(c->a, c->to, col);
            const char *dflt = ddl_postgres_dialect.default_sql(c->a, c->to, col);
            const char *tq = ddl_qualified(c->a, t->schema, t->name);
            if (dflt)
                strbuf_printf(&c->tx, "ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT;\n", tq, q(c, col->name));
            strbuf_printf(&c->tx, "ALTER TABLE %s ALTER COLUMN %s SET DATA TYPE %s USING %s::%s::%s;\n", tq,
                           q(c, col->name), type, q(c, col->name), col->list ? "text[]" : "text", type);
            if (dflt)
                strbuf_printf(&c->tx, "ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s;\n", tq, q(c, col->name), dflt);
        }
    }
    strbuf_printf(&c->tx, "DROP TYPE %s;\n", qs(c, s, old));
}

static void pg__add_enum_value(pg__ctx *c, strbuf *b, const diff_step *s)
{
    const ir_enum *fe = s->from_enum, *te = s->to_enum;
    strbuf_printf(b, "ALTER TYPE %s ADD VALUE IF NOT EXISTS %s", qs(c, s, te->db_name), sqltext_string(c->a, s->name));
    /* Keep the declared order: place it before the next value that already exists. */
    bool after = false;
    for (size_t v = 0; v < te->nvalues; v++) {
        if (!after) {
            after = strcmp(te->values[v].db_name, s->name) == 0;
            continue;
        }
        for (size_t k = 0; k < fe->nvalues; k++)
            if (strcmp(fe->values[k].db_name, te->values[v].db_name) == 0) {
                strbuf_printf(b, " BEFORE %s", sqltext_string(c->a, te->values[v].db_name));
                v = te->nvalues;
                break;
            }
    }
    strbuf_puts(b, ";\n");
}

/*
 * Whether the body uses a value that D adds to enum E: a literal of it in the
 * body's SQL (a default, a check, an index predicate), or a column converted
 * to E, whose existing rows may hold it. Either fails with "unsafe use of new
 * value" in the transaction that added the value. The test errs on the side
 * of the pre section: a literal that only looks like the value counts.
 */
static bool pg__enum_values_used(pg__ctx *c, const diff_result *d, const ir_enum *e)
{
    const char *body = strbuf_str(&c->tx);
    for (size_t i = 0; i < d->nsteps; i++) {
        const diff_step *s = &d->steps[i];
        if (s->kind == DIFF_ADD_ENUM_VALUE && s->to_enum == e && strstr(body, sqltext_string(c->a, s->name)))
            return true;
        if (s->kind == DIFF_ALTER_COLUMN && (s->changes & DIFF_CHANGE_TYPE) && s->to_col->enum_name &&
            strcmp(s->to_col->enum_name, e->db_name) == 0 && ir_same_schema(s->to_col->enum_schema, e->schema))
            return true;
    }
    return false;
}

/*
 * Place the new enum values: inside the transaction, ahead of the body, unless
 * the body uses one of an enum's new values; then all of that enum's new
 * values go to the pre section (all of them, so that BEFORE keeps the order).
 */
static void pg__place_enum_values(pg__ctx *c, const diff_result *d)
{
    for (size_t i = 0; i < d->nsteps; i++) {
        const diff_step *s = &d->steps[i];
        if (s->kind != DIFF_ADD_ENUM_VALUE)
            continue;
        bool first = true;
        for (size_t k = 0; k < i; k++)
            if (d->steps[k].kind == DIFF_ADD_ENUM_VALUE && d->steps[k].to_enum == s->to_enum)
                first = false;
        if (!first)
            continue;
        bool used = pg__enum_values_used(c, d, s->to_enum);
        for (size_t k = i; k < d->nsteps; k++) {
            const diff_step *v = &d->steps[k];
            if (v->kind != DIFF_ADD_ENUM_VALUE || v->to_enum != s->to_enum)
                continue;
            pg__add_enum_value(c, used ? &c->pre : &c->enum_tx, v);
            if (used) {
                c->pre_values = arena_grow(c->a, c->pre_values, c->npre_values * sizeof *c->pre_values,
                                           (c->npre_values + 1) * sizeof *c->pre_values);
                c->pre_values[c->npre_values++] = arena_printf(c->a, "%s.%s", v->to_enum->db_name, v->name);
            }
        }
    }
}

static void pg__step(pg__ctx *c, const diff_step *s)
{
    arena *a = c->a;
    switch (s->kind) {
    case DIFF_CREATE_SCHEMA: strbuf_puts(&c->tx, ddl_create_schema(a, s->name)); break;
    case DIFF_DROP_EXTENSION: strbuf_printf(&c->tx, "DROP EXTENSION %s;\n", q(c, s->name)); break;
    case DIFF_CREATE_EXTENSION: strbuf_puts(&c->tx, ddl_postgres_dialect.create_extension(a, s->extension)); break;
    case DIFF_CREATE_ENUM: {
        ir_schema one = {0};
        one.enums = (ir_enum *)s->to_enum;
        one.nenums = 1;
        char *sql = NULL;
        ddl_postgres_dialect.preamble(a, &one, &sql);
        strbuf_puts(&c->tx, sql);
        break;
    }
    case DIFF_ADD_ENUM_VALUE: break; /* placed after the body is known: pg__place_enum_values */
    case DIFF_REMOVE_ENUM_VALUE: pg__replace_enum(c, s); break;
    case DIFF_DROP_ENUM: strbuf_printf(&c->tx, "DROP TYPE %s;\n", qs(c, s, s->name)); break;
    case DIFF_RENAME_TABLE:
        strbuf_printf(&c->tx, "ALTER TABLE %s RENAME TO %s;\n", qs(c, s, s->old_name), q(c, s->table));
        break;
    case DIFF_DROP_FK:
    case DIFF_DROP_CHECK:
        strbuf_printf(&c->tx, "ALTER TABLE %s DROP CONSTRAINT %s;\n", qs(c, s, s->table), q(c, s->name));
        break;
    case DIFF_DROP_INDEX: strbuf_printf(&c->tx, "DROP INDEX %s;\n", qs(c, s, s->name)); break;
    case DIFF_RENAME_COLUMN:
        strbuf_printf(&c->tx, "ALTER TABLE %s RENAME COLUMN %s TO %s;\n", qs(c, s, s->table), q(c, s->old_name),
                       q(c, s->name));
        break;
    case DIFF_CREATE_TABLE: strbuf_puts(&c->tx, ddl_postgres_dialect.create_table(a, c->to, s->to_table)); break;
    case DIFF_ADD_COLUMN: pg__add_column(c, s); break;
    case DIFF_ALTER_COLUMN: pg__alter_column(c, s); break;
    case DIFF_DROP_COLUMN:
        strbuf_printf(&c->tx, "ALTER TABLE %s DROP COLUMN %s;\n", qs(c, s, s->table), q(c, s->name));
        break;
    case DIFF_ALTER_PK: pg__alter_pk(c, s); break;
    case DIFF_RENAME_INDEX:
        strbuf_printf(&c->tx, "ALTER INDEX %s RENAME TO %s;\n", qs(c, s, s->old_name), q(c, s->name));
        break;
    case DIFF_RENAME_CONSTRAINT:
        strbuf_printf(&c->tx, "ALTER TABLE %s RENAME CONSTRAINT %s TO %s;\n", qs(c, s, s->table), q(c, s->old_name),
                       q(c, s->name));
        break;
    case DIFF_ADD_CHECK:
        pg__add_constraint(c, s,
                           arena_printf(a, "ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s);\n", qs(c, s, s->table),
                                        q(c, s->name), s->check->expr));
        break;
    case DIFF_ADD_INDEX: pg__add_index(c, s); break;
    case DIFF_ADD_FK:
        pg__add_constraint(c, s, ddl_postgres_dialect.add_foreign_key(a, c->to, s->to_table, s->fk));
        break;
    case DIFF_DROP_TABLE: strbuf_printf(&c->tx, "DROP TABLE %s;\n", qs(c, s, s->table)); break;
    case DIFF_KIND_COUNT: break;
    }
}

static void pg_plan(plan_script *out, arena *a, const diff_result *d, const ir_schema *from, const ir_schema *to,
                    const plan_options *opt)
{
    static const plan_options none = PLAN_OPTIONS_INIT;
    pg__ctx c = {0};
    c.a = a;
    c.from = from;
    c.to = to;
    c.opt = opt ? opt : &none;
    strbuf_init(&c.pre, a);
    strbuf_init(&c.tx, a);
    strbuf_init(&c.post, a);
    strbuf_init(&c.enum_tx, a);
    for (size_t i = 0; i < d->nsteps; i++)
        pg__step(&c, &d->steps[i]);
    pg__place_enum_values(&c, d);
    if (c.enum_tx.len) {
        const char *body = arena_printf(a, "%s%s", strbuf_str(&c.enum_tx), strbuf_str(&c.tx));
        strbuf_init(&c.tx, a);
        strbuf_puts(&c.tx, body);
    }
    const char *timeout = c.opt->lock_timeout ? c.opt->lock_timeout : PLAN_DEFAULT_LOCK_TIMEOUT;
    const char *set = arena_printf(a, "SET lock_timeout = %s;\n", sqltext_string(a, timeout));
    out->pre = c.pre.len ? arena_printf(a, "%s%s", set, strbuf_str(&c.pre)) : arena_strdup(a, "");
    out->tx = c.tx.len ? arena_printf(a, "%s%s", set, strbuf_str(&c.tx)) : arena_strdup(a, "");
    out->post = c.post.len ? arena_printf(a, "%s%s", set, strbuf_str(&c.post)) : arena_strdup(a, "");
    out->rebuild = false;
    out->pre_enum_values = c.pre_values;
    out->npre_enum_values = c.npre_values;
}

static bool pg_concurrent_index(const plan_options *opt)
{
    return !opt || !opt->no_concurrently;
}

const plan_dialect plan_postgres_dialect = {
    .name = "postgresql",
    .provider = IR_PROVIDER_POSTGRESQL,
    .ddl = &ddl_postgres_dialect,
    .plan = pg_plan,
    .concurrent_index = pg_concurrent_index,
};
