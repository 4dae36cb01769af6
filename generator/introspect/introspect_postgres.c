/*
 * introspect_postgres.c - a live PostgreSQL schema back into the model,
 * from pg_catalog. Lists of names come back as JSON arrays (jansson reads
 * them), so identifiers with quotes, commas or spaces need no array-literal
 * parsing. Types map back to a scalar plus the @db.* native type that
 * renders to the same SQL (the inverse of ddl_postgres.c).
 */
#include "introspect/introspect.h"
#include "introspect/introspect_internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

typedef struct pg__ctx {
    arena *a;
    PGconn *conn;
    const char *schema;   /* $1 of every query: the schemas read, as a text[] literal */
    bool qualify;         /* objects carry their schema (multi-schema); else every schema field is NULL */
    const char *err;
} pg__ctx;

/* The schema an object of namespace NSP is given in the model. */
static const char *pg__nsp(pg__ctx *c, PGresult *r, int row, int col)
{
    return c->qualify && !PQgetisnull(r, row, col) ? arena_strdup(c->a, PQgetvalue(r, row, col)) : NULL;
}

const char *introspect_pg_schema_array(arena *a, const char *const *schemas, size_t n)
{
    strbuf b;
    strbuf_init(&b, a);
    strbuf_putc(&b, '{');
    for (size_t i = 0; i < n; i++) {
        strbuf_puts(&b, i ? ",\"" : "\"");
        for (const char *p = schemas[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                strbuf_putc(&b, '\\');
            strbuf_putc(&b, *p);
        }
        strbuf_putc(&b, '"');
    }
    strbuf_putc(&b, '}');
    return strbuf_str(&b);
}

/* Objects an extension created belong to it (postgis's spatial_ref_sys): not the schema's. */
#define PG__NOT_EXTENSION_MEMBER(catalog, oid)                                                             \
    "NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '" catalog "'::regclass AND dep.objid = " \
    oid " AND dep.deptype = 'e')"

static PGresult *pg__query(pg__ctx *c, const char *sql)
{
    const char *params[1] = {c->schema};
    PGresult *r = PQexecParams(c->conn, sql, 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        if (!c->err)
            c->err = arena_printf(c->a, "postgresql: %s", PQresultErrorMessage(r));
        PQclear(r);
        return NULL;
    }
    return r;
}

static const char *pg__val(pg__ctx *c, PGresult *r, int row, int col)
{
    if (PQgetisnull(r, row, col))
        return NULL;
    return arena_strdup(c->a, PQgetvalue(r, row, col));
}

static bool pg__bool(PGresult *r, int row, int col)
{
    return !PQgetisnull(r, row, col) && PQgetvalue(r, row, col)[0] == 't';
}

/* A JSON array of strings -> arena array. */
static const char **pg__names(pg__ctx *c, const char *text, size_t *n)
{
    *n = 0;
    json_t *j = text ? json_loads(text, 0, NULL) : NULL;
    if (!j || !json_is_array(j)) {
        json_decref(j);
        return ARENA_ARRAY(c->a, const char *, 1);
    }
    *n = json_array_size(j);
    const char **out = ARENA_ARRAY(c->a, const char *, *n ? *n : 1);
    for (size_t i = 0; i < *n; i++) {
        json_t *v = json_array_get(j, i);
        out[i] = json_is_string(v) ? arena_strdup(c->a, json_string_value(v)) : "<expression>";
    }
    json_decref(j);
    return out;
}

/* format_type() text -> scalar and native type (also used for SQL DDL: introspect_ddl_postgres.c). */
void introspect_pg_map_type(arena *a, ir_column *col, const char *type)
{
    static const struct {
        const char *prefix; /* matched whole, or followed by "(" for argument types */
        sc_scalar scalar;
        const char *native; /* NULL: Prisma's default type for the scalar */
        const char *suffix; /* text after the arguments that must follow */
    } map[] = {
        {"text", SC_SCALAR_STRING, NULL, ""},
        {"character varying", SC_SCALAR_STRING, "VarChar", ""},
        {"character", SC_SCALAR_STRING, "Char", ""},
        {"bit varying", SC_SCALAR_STRING, "VarBit", ""},
        {"bit", SC_SCALAR_STRING, "Bit", ""},
        {"uuid", SC_SCALAR_STRING, "Uuid", ""},
        {"xml", SC_SCALAR_STRING, "Xml", ""},
        {"inet", SC_SCALAR_STRING, "Inet", ""},
        {"citext", SC_SCALAR_STRING, "Citext", ""},
        {"boolean", SC_SCALAR_BOOLEAN, NULL, ""},
        {"integer", SC_SCALAR_INT, NULL, ""},
        {"smallint", SC_SCALAR_INT, "SmallInt", ""},
        {"oid", SC_SCALAR_INT, "Oid", ""},
        {"bigint", SC_SCALAR_BIGINT, NULL, ""},
        {"double precision", SC_SCALAR_FLOAT, NULL, ""},
        {"real", SC_SCALAR_FLOAT, "Real", ""},
        {"numeric", SC_SCALAR_DECIMAL, "Decimal", ""},
        {"money", SC_SCALAR_DECIMAL, "Money", ""},
        {"timestamp", SC_SCALAR_DATETIME, "Timestamp", " without time zone"},
        {"timestamp", SC_SCALAR_DATETIME, "Timestamptz", " with time zone"},
        {"date", SC_SCALAR_DATETIME, "Date", ""},
        {"time", SC_SCALAR_DATETIME, "Time", " without time zone"},
        {"time", SC_SCALAR_DATETIME, "Timetz", " with time zone"},
        {"jsonb", SC_SCALAR_JSON, NULL, ""},
        {"json", SC_SCALAR_JSON, "Json", ""},
        {"bytea", SC_SCALAR_BYTES, NULL, ""},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        size_t pl = strlen(map[i].prefix);
        if (strncmp(type, map[i].prefix, pl) != 0)
            continue;
        const char *rest = type + pl;
        const char *args = NULL;
        size_t nargs = 0;
        if (*rest == '(') {
            const char *close = strchr(rest, ')');
            if (!close)
                continue;
            args = rest + 1;
            nargs = (size_t)(close - args);
            rest = close + 1;
        }
        if (strcmp(rest, map[i].suffix) != 0)
            continue;
        col->scalar = map[i].scalar;
        col->native = map[i].native;
        if (args)
            col->native_args = arena_strndup(a, args, nargs);
        /* TIMESTAMP(3) is Prisma's DateTime: no native type needed, as the schema writes it. */
        if (col->native && strcmp(col->native, "Timestamp") == 0 && col->native_args &&
            strcmp(col->native_args, "3") == 0) {
            col->native = NULL;
            col->native_args = NULL;
        }
        if (col->native && strcmp(col->native, "Decimal") == 0 && col->native_args &&
            strcmp(col->native_args, "65,30") == 0) {
            col->native = NULL;
            col->native_args = NULL;
        }
        if (!col->native)
            col->native_args = NULL;
        return;
    }
    col->scalar = SC_SCALAR_UNSUPPORTED;
    col->unsupported = arena_strdup(a, type);
}

static void pg__enums(pg__ctx *c, ir_schema *s)
{
    PGresult *r = pg__query(c,
                            "SELECT t.typname, e.enumlabel, n.nspname FROM pg_type t "
                            "JOIN pg_namespace n ON n.oid = t.typnamespace "
                            "JOIN pg_enum e ON e.enumtypid = t.oid "
                            "WHERE n.nspname = ANY($1::text[]) AND " PG__NOT_EXTENSION_MEMBER("pg_type", "t.oid") " "
                            "ORDER BY t.typname COLLATE \"C\", n.nspname COLLATE \"C\", e.enumsortorder");
    if (!r)
        return;
    int rows = PQntuples(r);
    s->enums = ARENA_ARRAY(c->a, ir_enum, rows ? (size_t)rows : 1);
    ir_enum *e = NULL;
    for (int i = 0; i < rows; i++) {
        const char *name = pg__val(c, r, i, 0);
        const char *nsp = pg__nsp(c, r, i, 2);
        if (!e || strcmp(e->db_name, name) != 0 || !ir_same_schema(e->schema, nsp)) {
            e = &s->enums[s->nenums++];
            e->db_name = name;
            e->schema = nsp;
            e->values = ARENA_ARRAY(c->a, ir_enum_value, (size_t)rows);
        }
        ir_enum_value *v = &e->values[e->nvalues++];
        v->db_name = pg__val(c, r, i, 1);
        v->name = v->db_name;
    }
    PQclear(r);
}

/*
 * The extensions installed in the database (pg_extension is per database,
 * not per schema), with the schema and version PostgreSQL records.
 * plpgsql comes with every database and is never named in a schema.
 */
static void pg__extensions(pg__ctx *c, ir_schema *s)
{
    PGresult *r = PQexec(c->conn, "SELECT e.extname, n.nspname, e.extversion FROM pg_extension e "
                                  "JOIN pg_namespace n ON n.oid = e.extnamespace "
                                  "WHERE e.extname <> 'plpgsql' ORDER BY e.extname COLLATE \"C\"");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        if (!c->err)
            c->err = arena_printf(c->a, "postgresql: %s", PQresultErrorMessage(r));
        PQclear(r);
        return;
    }
    int rows = PQntuples(r);
    s->extensions = ARENA_ARRAY(c->a, ir_extension, rows ? (size_t)rows : 1);
    for (int i = 0; i < rows; i++) {
        ir_extension *x = &s->extensions[s->nextensions++];
        x->db_name = pg__val(c, r, i, 0);
        x->name = x->db_name;
        x->schema = pg__val(c, r, i, 1);
        x->version = pg__val(c, r, i, 2);
    }
    PQclear(r);
}

static void pg__tables(pg__ctx *c, ir_schema *s)
{
    PGresult *r = pg__query(c,
                            "SELECT c.relname, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                            "WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
                            "AND " PG__NOT_EXTENSION_MEMBER("pg_class", "c.oid") " "
                            "ORDER BY c.relname COLLATE \"C\"");
    if (!r)
        return;
    int rows = PQntuples(r);
    s->tables = ARENA_ARRAY(c->a, ir_table, rows ? (size_t)rows : 1);
    for (int i = 0; i < rows; i++) {
        s->tables[s->ntables].name = pg__val(c, r, i, 0);
        s->tables[s->ntables++].schema = pg__nsp(c, r, i, 1);
    }
    PQclear(r);
}

static void pg__columns(pg__ctx *c, ir_schema *s)
{
    PGresult *r = pg__query(
        c, "SELECT c.relname, a.attname, a.attnotnull, pg_get_expr(d.adbin, d.adrelid), "
           "  format_type(CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE a.atttypid END, a.atttypmod), "
           "  t.typcategory = 'A', COALESCE(et.typtype, t.typtype) = 'e', COALESCE(et.typname, t.typname), "
           "  a.attgenerated::text, CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation "
           "    THEN a.attcollation::regcollation::text END, n.nspname, "
           "  (SELECT tn.nspname FROM pg_namespace tn WHERE tn.oid = COALESCE(et.typnamespace, t.typnamespace)) "
           "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
           "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid "
           "LEFT JOIN pg_type et ON t.typcategory = 'A' AND et.oid = t.typelem "
           "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
           "WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped "
           "ORDER BY c.relname COLLATE \"C\", n.nspname COLLATE \"C\", a.attnum");
    if (!r)
        return;
    int rows = PQntuples(r);
    for (int i = 0; i < rows; i++) {
        ir_table *t = ir_find_table_in(s, pg__nsp(c, r, i, 10), PQgetvalue(r, i, 0));
        if (!t)
            continue;
        t->columns = arena_grow(c->a, t->columns, t->ncolumns * sizeof(ir_column), (t->ncolumns + 1) * sizeof(ir_column));
        ir_column *col = &t->columns[t->ncolumns++];
        memset(col, 0, sizeof(*col));
        col->name = pg__val(c, r, i, 1);
        col->nullable = !pg__bool(r, i, 2);
        col->list = pg__bool(r, i, 5);
        bool is_enum = pg__bool(r, i, 6);
        col->db_type = arena_printf(c->a, "%s%s", PQgetvalue(r, i, 4), col->list ? "[]" : "");
        if (is_enum) {
            col->enum_name = pg__val(c, r, i, 7);
            col->enum_schema = pg__nsp(c, r, i, 11);
        } else {
            introspect_pg_map_type(c->a, col, PQgetvalue(r, i, 4));
        }
        ir_default_parse(&col->dflt, c->a, pg__val(c, r, i, 3), col->scalar, is_enum);
        if (col->dflt.kind == IR_DEFAULT_AUTOINCREMENT && col->native && strcmp(col->native, "SmallInt") != 0)
            col->native = NULL;
        /*
         * The model has no generated columns (pg_attrdef then holds the
         * generation expression, not a default) and no collations: keep them
         * as an unsupported type whose text is their DDL, so a comparison
         * with the schema reports them instead of matching a plain column.
         */
        bool generated = PQgetvalue(r, i, 8)[0] == 's';
        const char *coll = PQgetisnull(r, i, 9) ? NULL : PQgetvalue(r, i, 9);
        if (generated || coll) {
            const char *type = col->db_type;
            if (coll)
                type = arena_printf(c->a, "%s COLLATE %s", type, coll);
            if (generated)
                type = arena_printf(c->a, "%s GENERATED ALWAYS AS (%s) STORED", type, PQgetvalue(r, i, 3));
            col->scalar = SC_SCALAR_UNSUPPORTED;
            col->unsupported = type;
            col->db_type = type;
            col->native = NULL;
            col->native_args = NULL;
            col->enum_name = NULL;
            col->enum_schema = NULL;
            col->list = false;
            memset(&col->dflt, 0, sizeof col->dflt);
            col->dflt.kind = IR_DEFAULT_NONE;
        }
    }
    PQclear(r);
}

static ir_action pg__action(const char *code)
{
    switch (code ? code[0] : 'a') {
    case 'r': return IR_ACTION_RESTRICT;
    case 'c': return IR_ACTION_CASCADE;
    case 'n': return IR_ACTION_SET_NULL;
    case 'd': return IR_ACTION_SET_DEFAULT;
    default: return IR_ACTION_NO_ACTION;
    }
}

static void pg__constraints(pg__ctx *c, ir_schema *s)
{
    PGresult *r = pg__query(
        c, "SELECT t.relname, con.conname, con.contype, pg_get_expr(con.conbin, con.conrelid), "
           "  array_to_json(ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(n, i) "
           "    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i))::text, "
           "  f.relname, "
           "  array_to_json(ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(n, i) "
           "    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i))::text, "
           "  con.confdeltype, con.confupdtype, n.nspname, "
           "  (SELECT fn.nspname FROM pg_namespace fn WHERE fn.oid = f.relnamespace) "
           "FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid "
           "JOIN pg_namespace n ON n.oid = t.relnamespace LEFT JOIN pg_class f ON f.oid = con.confrelid "
           "WHERE n.nspname = ANY($1::text[]) AND con.contype IN ('p', 'f', 'c') "
           "ORDER BY t.relname COLLATE \"C\", n.nspname COLLATE \"C\", con.conname COLLATE \"C\"");
    if (!r)
        return;
    int rows = PQntuples(r);
    for (int i = 0; i < rows; i++) {
        ir_table *t = ir_find_table_in(s, pg__nsp(c, r, i, 9), PQgetvalue(r, i, 0));
        if (!t)
            continue;
        char type = PQgetvalue(r, i, 2)[0];
        if (type == 'p') {
            t->has_pk = true;
            t->pk.name = pg__val(c, r, i, 1);
            t->pk.columns = pg__names(c, PQgetvalue(r, i, 4), &t->pk.ncolumns);
        } else if (type == 'f') {
            t->fks = arena_grow(c->a, t->fks, t->nfks * sizeof(ir_foreign_key), (t->nfks + 1) * sizeof(ir_foreign_key));
            ir_foreign_key *f = &t->fks[t->nfks++];
            memset(f, 0, sizeof(*f));
            size_t nref = 0;
            f->name = pg__val(c, r, i, 1);
            f->columns = pg__names(c, PQgetvalue(r, i, 4), &f->ncolumns);
            f->ref_table = pg__val(c, r, i, 5);
            f->ref_schema = pg__nsp(c, r, i, 10);
            f->ref_columns = pg__names(c, PQgetvalue(r, i, 6), &nref);
            if (nref < f->ncolumns)
                f->ncolumns = nref;
            f->on_delete = pg__action(PQgetvalue(r, i, 7));
            f->on_update = pg__action(PQgetvalue(r, i, 8));
        } else {
            t->checks = arena_grow(c->a, t->checks, t->nchecks * sizeof(ir_check), (t->nchecks + 1) * sizeof(ir_check));
            t->checks[t->nchecks].name = pg__val(c, r, i, 1);
            t->checks[t->nchecks].expr = pg__val(c, r, i, 3);
            t->nchecks++;
        }
    }
    PQclear(r);
}

static ir_index_method pg__method(const char *am)
{
    ir_index_method m = IR_METHOD_DEFAULT;
    if (strcmp(am, "hash") == 0)
        m = IR_METHOD_HASH;
    else if (strcmp(am, "gin") == 0)
        m = IR_METHOD_GIN;
    else if (strcmp(am, "gist") == 0)
        m = IR_METHOD_GIST;
    else if (strcmp(am, "brin") == 0)
        m = IR_METHOD_BRIN;
    else if (strcmp(am, "spgist") == 0)
        m = IR_METHOD_SPGIST;
    return m;
}

static void pg__indexes(pg__ctx *c, ir_schema *s)
{
    PGresult *r = pg__query(
        c, "SELECT t.relname, i.relname, x.indisunique, am.amname, pg_get_expr(x.indpred, x.indrelid), "
           "  (SELECT json_agg(json_build_object('name', a.attname, "
           "     'desc', k.i <= x.indnkeyatts AND (x.indoption[k.i - 1] & 1) = 1, "
           "     'nulls_first', k.i <= x.indnkeyatts AND (x.indoption[k.i - 1] & 2) = 2, "
           "     'coll', CASE WHEN k.i <= x.indnkeyatts AND x.indcollation[k.i - 1] <> 0 "
           "       AND x.indcollation[k.i - 1] <> a.attcollation THEN x.indcollation[k.i - 1]::regcollation::text END, "
           "     'expr', CASE WHEN k.n = 0 THEN pg_get_indexdef(x.indexrelid, k.i::int, true) END, "
           "     'opclass', CASE WHEN oc.opcdefault THEN NULL ELSE oc.opcname END, "
           "     'key', k.i <= x.indnkeyatts) ORDER BY k.i) "
           "   FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(n, i) "
           "   LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n "
           "   LEFT JOIN pg_opclass oc ON k.i <= x.indnkeyatts AND oc.oid = x.indclass[k.i - 1])::text, n.nspname "
           "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
           "JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_am am ON am.oid = i.relam "
           "WHERE n.nspname = ANY($1::text[]) AND NOT x.indisprimary "
           "ORDER BY t.relname COLLATE \"C\", n.nspname COLLATE \"C\", i.relname COLLATE \"C\"");
    if (!r)
        return;
    int rows = PQntuples(r);
    for (int i = 0; i < rows; i++) {
        ir_table *t = ir_find_table_in(s, pg__nsp(c, r, i, 6), PQgetvalue(r, i, 0));
        if (!t)
            continue;
        t->indexes = arena_grow(c->a, t->indexes, t->nindexes * sizeof(ir_index), (t->nindexes + 1) * sizeof(ir_index));
        ir_index *x = &t->indexes[t->nindexes++];
        memset(x, 0, sizeof(*x));
        x->name = pg__val(c, r, i, 1);
        x->unique = pg__bool(r, i, 2);
        x->method = pg__method(PQgetvalue(r, i, 3));
        x->where = pg__val(c, r, i, 4);
        json_t *cols = json_loads(PQgetvalue(r, i, 5), 0, NULL);
        size_t n = json_is_array(cols) ? json_array_size(cols) : 0;
        x->columns = ARENA_ARRAY(c->a, ir_index_column, n ? n : 1);
        x->include = ARENA_ARRAY(c->a, const char *, n ? n : 1);
        for (size_t k = 0; k < n; k++) {
            json_t *o = json_array_get(cols, k);
            json_t *name = json_object_get(o, "name");
            const char *nm = json_is_string(name) ? arena_strdup(c->a, json_string_value(name)) : "<expression>";
            if (!json_is_true(json_object_get(o, "key"))) {
                x->include[x->ninclude++] = nm;
                continue;
            }
            ir_index_column *ic = &x->columns[x->ncolumns++];
            ic->name = nm;
            ic->sort = json_is_true(json_object_get(o, "desc")) ? IR_SORT_DESC : IR_SORT_ASC;
            /*
             * What the model cannot say about a key goes into its name, in
             * <...>, so that it never matches a column: an expression, a
             * NULLS order other than the default (LAST for ASC, FIRST for
             * DESC), a collation other than the column's.
             */
            json_t *expr = json_object_get(o, "expr");
            if (json_is_string(expr))
                ic->name = arena_printf(c->a, "<expression %s>", json_string_value(expr));
            bool nulls_first = json_is_true(json_object_get(o, "nulls_first"));
            json_t *coll = json_object_get(o, "coll");
            if (json_is_string(coll) || nulls_first != (ic->sort == IR_SORT_DESC))
                ic->name = arena_printf(c->a, "<%s%s%s%s>", ic->name, json_is_string(coll) ? " COLLATE " : "",
                                        json_is_string(coll) ? json_string_value(coll) : "",
                                        nulls_first == (ic->sort == IR_SORT_DESC) ? ""
                                        : nulls_first                             ? " NULLS FIRST"
                                                                                  : " NULLS LAST");
            json_t *oc = json_object_get(o, "opclass");
            ic->opclass = json_is_string(oc) ? arena_strdup(c->a, json_string_value(oc)) : NULL;
        }
        json_decref(cols);
    }
    PQclear(r);
}

const char *introspect_pg_current_schema(arena *a, PGconn *conn)
{
    PGresult *r = PQexec(conn, "SELECT current_schema()");
    const char *name = "public";
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
        name = arena_strdup(a, PQgetvalue(r, 0, 0));
    PQclear(r);
    return name;
}

static int pg__introspect(ir_schema *out, arena *a, PGconn *conn, const char *schemas, bool qualify, const char **err)
{
    pg__ctx c = {a, conn, schemas, qualify, NULL};
    pg__extensions(&c, out);
    if (!c.err)
        pg__enums(&c, out);
    if (!c.err)
        pg__tables(&c, out);
    if (!c.err)
        pg__columns(&c, out);
    if (!c.err)
        pg__constraints(&c, out);
    if (!c.err)
        pg__indexes(&c, out);
    if (c.err) {
        if (err)
            *err = c.err;
        memset(out, 0, sizeof(*out));
        return -1;
    }
    ir_canonicalize(out);
    return 0;
}

int introspect_postgres(ir_schema *out, arena *a, PGconn *conn, const char *schema, const char **err)
{
    memset(out, 0, sizeof(*out));
    out->provider = IR_PROVIDER_POSTGRESQL;
    const char *one = schema ? schema : introspect_pg_current_schema(a, conn);
    return pg__introspect(out, a, conn, introspect_pg_schema_array(a, &one, 1), false, err);
}

int introspect_postgres_in(ir_schema *out, arena *a, PGconn *conn, const char *const *schemas, size_t nschemas,
                           const char **err)
{
    memset(out, 0, sizeof(*out));
    out->provider = IR_PROVIDER_POSTGRESQL;
    out->schemas = ARENA_ARRAY(a, const char *, nschemas ? nschemas : 1);
    for (size_t i = 0; i < nschemas; i++)
        out->schemas[i] = arena_strdup(a, schemas[i]);
    out->nschemas = nschemas;
    return pg__introspect(out, a, conn, introspect_pg_schema_array(a, schemas, nschemas), true, err);
}

int introspect_postgres_url(ir_schema *out, arena *a, const char *url, const char *schema, const char **err)
{
    PGconn *conn = PQconnectdb(url);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        if (err)
            *err = arena_printf(a, "postgresql: cannot connect: %s", conn ? PQerrorMessage(conn) : "out of memory");
        PQfinish(conn);
        return -1;
    }
    int rc = introspect_postgres(out, a, conn, schema, err);
    PQfinish(conn);
    return rc;
}
