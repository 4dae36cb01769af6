/*
 * introspect_pull.c - what `schemac pull` reads of a database besides the
 * database-level model the drift check compares: views with their columns,
 * comments (COMMENT ON) as docs, identity columns as autoincrement.
 *
 * Kept apart from introspect_sqlite.c and introspect_postgres.c on purpose:
 * drift detection must keep seeing an identity column as a column without a
 * default (schemac's DDL writes SERIAL), and comments are no part of what it
 * compares.
 */
#include "introspect/introspect.h"
#include "introspect/introspect_internal.h"

#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- SQLite */

static int sq__fail(arena *a, sqlite3 *db, const char **err)
{
    if (err)
        *err = arena_printf(a, "sqlite: %s", sqlite3_errmsg(db));
    return -1;
}

static const char *sq__text(arena *a, sqlite3_stmt *st, int col)
{
    const unsigned char *v = sqlite3_column_text(st, col);
    return v ? arena_strdup(a, (const char *)v) : NULL;
}

int introspect_sqlite_extras(ir_schema *s, arena *a, sqlite3 *db, const char **err)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT name, sql FROM sqlite_schema WHERE type = 'view' "
                           "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                           -1, &st, NULL) != SQLITE_OK)
        return sq__fail(a, db, err);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        s->views = arena_reserve(a, s->views, s->nviews, &cap, sizeof(ir_table), 4);
        ir_table *v = &s->views[s->nviews++];
        memset(v, 0, sizeof *v);
        v->name = sq__text(a, st, 0);
        v->definition = sq__text(a, st, 1);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sq__fail(a, db, err);
    for (size_t i = 0; i < s->nviews; i++) {
        ir_table *v = &s->views[i];
        if (sqlite3_prepare_v2(db, "SELECT name, type FROM pragma_table_xinfo(?1) ORDER BY cid", -1, &st, NULL) !=
            SQLITE_OK)
            return sq__fail(a, db, err);
        sqlite3_bind_text(st, 1, v->name, -1, SQLITE_TRANSIENT);
        size_t ccap = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            v->columns = arena_reserve(a, v->columns, v->ncolumns, &ccap, sizeof(ir_column), 8);
            ir_column *c = &v->columns[v->ncolumns++];
            memset(c, 0, sizeof *c);
            c->name = sq__text(a, st, 0);
            const char *decl = sq__text(a, st, 1);
            c->db_type = decl ? decl : "";
            /* The reader of the model (pull) maps declared types; a view's are whatever its SELECT gives. */
            c->scalar = SC_SCALAR_UNSUPPORTED;
            c->unsupported = c->db_type;
            c->nullable = true;
        }
        sqlite3_finalize(st);
        /* A view over a table that is gone fails to prepare: it has no columns then. */
        if (rc != SQLITE_DONE && rc != SQLITE_ERROR)
            return sq__fail(a, db, err);
    }
    return 0;
}

/* ---------------------------------------------------------------- PostgreSQL */

static PGresult *pg__query(arena *a, PGconn *conn, const char *schema, const char *sql, const char **err)
{
    const char *params[1] = {schema};
    PGresult *r = PQexecParams(conn, sql, 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        if (err)
            *err = arena_printf(a, "postgresql: %s", PQresultErrorMessage(r));
        PQclear(r);
        return NULL;
    }
    return r;
}

/* Column COLUMN of table or view TABLE; IN: the schema it is in when S was read from several (else NULL). */
static ir_column *pg__column(const ir_schema *s, const char *in, const char *table, const char *column)
{
    ir_table *t = ir_find_table_in(s, in, table);
    if (!t)
        t = ir_find_view(s, table);
    return t ? ir_find_column(t, column) : NULL;
}

int introspect_postgres_identities(ir_schema *s, arena *a, PGconn *conn, const char *schema, const char **err)
{
    /* A model read from several schemas (introspect_postgres_in) is read in all of them. */
    bool multi = s->nschemas > 0;
    if (!schema)
        schema = multi ? NULL : introspect_pg_current_schema(a, conn);
    const char *schemas = multi ? introspect_pg_schema_array(a, s->schemas, s->nschemas)
                                : introspect_pg_schema_array(a, &schema, 1);
    PGresult *r = pg__query(a, conn, schemas,
                            "SELECT c.relname, a.attname, a.attidentity::text, n.nspname FROM pg_attribute a "
                            "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                            "WHERE n.nspname = ANY($1::text[]) AND a.attidentity IN ('a', 'd') AND a.attnum > 0 "
                            "AND NOT a.attisdropped AND c.relkind IN ('r', 'p')",
                            err);
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++) {
        ir_table *t = ir_find_table_in(s, multi ? PQgetvalue(r, i, 3) : NULL, PQgetvalue(r, i, 0));
        ir_column *c = t ? ir_find_column(t, PQgetvalue(r, i, 1)) : NULL;
        if (!c || c->dflt.kind != IR_DEFAULT_NONE)
            continue;
        if (PQgetvalue(r, i, 2)[0] == 'd') {
            c->dflt.kind = IR_DEFAULT_AUTOINCREMENT;
            /* as a serial reads: only smallserial keeps its native type */
            if (c->native && strcmp(c->native, "SmallInt") != 0)
                c->native = NULL;
        } else {
            c->dflt.kind = IR_DEFAULT_EXPR;
            c->dflt.value = "GENERATED ALWAYS AS IDENTITY";
        }
    }
    PQclear(r);
    return 0;
}

int introspect_postgres_extras(ir_schema *s, arena *a, PGconn *conn, const char *schema, const char **err)
{
    if (!schema)
        schema = introspect_pg_current_schema(a, conn); /* once, for every query below */
    /* a model read from several schemas (introspect_postgres_in) names each object's: these are SCHEMA's */
    const char *in = s->nschemas ? schema : NULL;
    /* Views (plain and materialized) and their columns, in name order. */
    PGresult *r = pg__query(
        a, conn, schema,
        "SELECT c.relname, pg_get_viewdef(c.oid, true), a.attname, "
        "  format_type(CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE a.atttypid END, a.atttypmod), "
        "  t.typcategory = 'A', COALESCE(et.typtype, t.typtype) = 'e', COALESCE(et.typname, t.typname), "
        "  (SELECT tn.nspname FROM pg_namespace tn WHERE tn.oid = COALESCE(et.typnamespace, t.typnamespace)) "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
        "LEFT JOIN pg_type t ON t.oid = a.atttypid "
        "LEFT JOIN pg_type et ON t.typcategory = 'A' AND et.oid = t.typelem "
        "WHERE n.nspname = $1 AND c.relkind IN ('v', 'm') "
        "ORDER BY c.relname COLLATE \"C\", a.attnum",
        err);
    if (!r)
        return -1;
    size_t vcap = s->nviews, first_view = s->nviews; /* views an earlier call read (another schema) stay */
    for (int i = 0; i < PQntuples(r); i++) {
        const char *name = PQgetvalue(r, i, 0);
        ir_table *v = s->nviews > first_view ? &s->views[s->nviews - 1] : NULL;
        if (!v || strcmp(v->name, name) != 0) {
            s->views = arena_reserve(a, s->views, s->nviews, &vcap, sizeof(ir_table), 4);
            v = &s->views[s->nviews++];
            memset(v, 0, sizeof *v);
            v->name = arena_strdup(a, name);
            v->schema = in ? arena_strdup(a, in) : NULL;
            v->definition = PQgetisnull(r, i, 1) ? NULL : arena_strdup(a, PQgetvalue(r, i, 1));
        }
        if (PQgetisnull(r, i, 2))
            continue;
        v->columns = arena_grow(a, v->columns, v->ncolumns * sizeof(ir_column), (v->ncolumns + 1) * sizeof(ir_column));
        ir_column *c = &v->columns[v->ncolumns++];
        memset(c, 0, sizeof *c);
        c->name = arena_strdup(a, PQgetvalue(r, i, 2));
        c->nullable = true;
        c->list = PQgetvalue(r, i, 4)[0] == 't';
        c->db_type = arena_printf(a, "%s%s", PQgetvalue(r, i, 3), c->list ? "[]" : "");
        if (PQgetvalue(r, i, 5)[0] == 't') {
            c->enum_name = arena_strdup(a, PQgetvalue(r, i, 6));
            c->enum_schema = in ? arena_strdup(a, PQgetvalue(r, i, 7)) : NULL;
        } else {
            introspect_pg_map_type(a, c, PQgetvalue(r, i, 3));
        }
    }
    PQclear(r);

    /* Identity columns: the database numbers them, as it does a serial. */
    r = pg__query(a, conn, schema,
                  "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                  "JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE n.nspname = $1 AND a.attidentity IN ('a', 'd') AND a.attnum > 0 AND NOT a.attisdropped",
                  err);
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++) {
        ir_column *c = pg__column(s, in, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1));
        if (c && c->dflt.kind == IR_DEFAULT_NONE)
            c->dflt.kind = IR_DEFAULT_AUTOINCREMENT;
    }
    PQclear(r);

    /* Comments: tables and views, their columns, enum types. */
    r = pg__query(a, conn, schema,
                  "SELECT 'r', c.relname, NULL, d.description FROM pg_description d "
                  "JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid "
                  "JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "WHERE n.nspname = $1 AND d.objsubid = 0 AND c.relkind IN ('r', 'p', 'v', 'm') "
                  "UNION ALL "
                  "SELECT 'c', c.relname, a.attname, d.description FROM pg_description d "
                  "JOIN pg_class c ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid "
                  "JOIN pg_namespace n ON n.oid = c.relnamespace "
                  "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.objsubid "
                  "WHERE n.nspname = $1 AND d.objsubid > 0 AND c.relkind IN ('r', 'p', 'v', 'm') "
                  "UNION ALL "
                  "SELECT 'e', t.typname, NULL, d.description FROM pg_description d "
                  "JOIN pg_type t ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid "
                  "JOIN pg_namespace n ON n.oid = t.typnamespace "
                  "WHERE n.nspname = $1 AND t.typtype = 'e'",
                  err);
    if (!r)
        return -1;
    for (int i = 0; i < PQntuples(r); i++) {
        char kind = PQgetvalue(r, i, 0)[0];
        const char *name = PQgetvalue(r, i, 1);
        const char *doc = arena_strdup(a, PQgetvalue(r, i, 3));
        if (kind == 'r') {
            ir_table *t = ir_find_table_in(s, in, name);
            if (!t)
                t = ir_find_view(s, name);
            if (t)
                t->doc = doc;
        } else if (kind == 'c') {
            ir_column *c = pg__column(s, in, name, PQgetvalue(r, i, 2));
            if (c)
                c->doc = doc;
        } else {
            ir_enum *e = ir_find_enum_in(s, in, name);
            if (e)
                e->doc = doc;
        }
    }
    PQclear(r);
    return 0;
}
