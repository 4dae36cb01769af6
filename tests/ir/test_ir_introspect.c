/*
 * test_ir_introspect.c - introspection of hand-written DDL, including forms
 * our own DDL never produces (column-level constraints, unnamed keys,
 * references without columns, key order unlike column order), on SQLite
 * and on a fresh database of the throwaway PostgreSQL cluster.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ddl/ddl.h"
#include "introspect/introspect.h"
#include "model/ir.h"
#include "testutil.h"

static const char *sqlite_ddl =
    "CREATE TABLE \"Pa\"\"rent\" (\n"
    "  a TEXT NOT NULL,\n"
    "  b INTEGER NOT NULL,\n"
    "  \"naïve col\" REAL DEFAULT 1.5,\n"
    "  PRIMARY KEY (b, a)\n"
    ");\n"
    "CREATE TABLE child (\n"
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  pa TEXT, pb INTEGER,\n"
    "  other INTEGER REFERENCES child ON DELETE CASCADE,\n"
    "  qty INTEGER NOT NULL DEFAULT -3 CONSTRAINT qty_positive CHECK (qty > 0),\n"
    "  note TEXT DEFAULT 'it''s' CHECK (note <> ''),\n"
    "  made DATETIME DEFAULT CURRENT_TIMESTAMP,\n"
    "  weird \"my type\",\n"
    "  CONSTRAINT child_parent_fk FOREIGN KEY (pb, pa) REFERENCES \"Pa\"\"rent\" (b, a) ON UPDATE SET NULL\n"
    ");\n"
    "CREATE INDEX child_partial ON child (qty DESC, note) WHERE note IS NOT NULL AND (qty > 1);\n"
    "CREATE UNIQUE INDEX \"child uq\" ON child (pa);\n";

static void test_sqlite(void **state)
{
    arena a;
    arena_init(&a);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sqlite_ddl, NULL, NULL, NULL), SQLITE_OK);
    ir_schema s;
    const char *err = NULL;
    assert_int_equal(introspect_sqlite(&s, &a, db, &err), 0);
    sqlite3_close(db);

    assert_int_equal(s.provider, IR_PROVIDER_SQLITE);
    assert_int_equal(s.ntables, 2); /* sqlite_sequence is SQLite's own */
    const ir_table *p = ir_find_table(&s, "Pa\"rent");
    assert_non_null(p);
    assert_true(p->has_pk);
    assert_int_equal(p->pk.ncolumns, 2);
    assert_string_equal(p->pk.columns[0], "b"); /* key order, not column order */
    assert_string_equal(p->pk.columns[1], "a");
    const ir_column *naive = ir_find_column(p, "naïve col");
    assert_non_null(naive);
    assert_int_equal(naive->scalar, SC_SCALAR_FLOAT);
    assert_true(naive->nullable);
    assert_int_equal(naive->dflt.kind, IR_DEFAULT_NUMBER);

    const ir_table *c = ir_find_table(&s, "child");
    assert_non_null(c);
    assert_int_equal(ir_find_column(c, "id")->dflt.kind, IR_DEFAULT_AUTOINCREMENT);
    assert_int_equal(ir_find_column(c, "qty")->dflt.kind, IR_DEFAULT_NUMBER);
    assert_string_equal(ir_find_column(c, "qty")->dflt.value, "-3");
    assert_int_equal(ir_find_column(c, "note")->dflt.kind, IR_DEFAULT_STRING);
    assert_string_equal(ir_find_column(c, "note")->dflt.value, "it's");
    assert_int_equal(ir_find_column(c, "made")->dflt.kind, IR_DEFAULT_NOW);
    assert_int_equal(ir_find_column(c, "weird")->scalar, SC_SCALAR_UNSUPPORTED);
    assert_string_equal(ir_find_column(c, "weird")->unsupported, "my type");

    assert_int_equal(c->nchecks, 2);
    const ir_check *named = ir_find_check(c, "qty_positive");
    assert_non_null(named);
    assert_string_equal(named->expr, "qty > 0");
    assert_int_equal(c->nfks, 2);
    const ir_foreign_key *fk = ir_find_fk(c, "child_parent_fk");
    assert_non_null(fk);
    assert_int_equal(fk->ncolumns, 2);
    assert_string_equal(fk->columns[0], "pb");
    assert_string_equal(fk->ref_columns[1], "a");
    assert_int_equal(fk->on_update, IR_ACTION_SET_NULL);
    assert_int_equal(fk->on_delete, IR_ACTION_NO_ACTION);
    /* The unnamed self reference without columns points at the primary key. */
    const ir_foreign_key *self = NULL;
    for (size_t i = 0; i < c->nfks; i++)
        if (!c->fks[i].name)
            self = &c->fks[i];
    assert_non_null(self);
    assert_string_equal(self->ref_table, "child");
    assert_string_equal(self->ref_columns[0], "id");
    assert_int_equal(self->on_delete, IR_ACTION_CASCADE);

    const ir_index *part = ir_find_index(c, "child_partial");
    assert_non_null(part);
    assert_false(part->unique);
    assert_int_equal(part->ncolumns, 2);
    assert_int_equal(part->columns[0].sort, IR_SORT_DESC);
    assert_string_equal(part->where, "note IS NOT NULL AND (qty > 1)");
    const ir_index *uq = ir_find_index(c, "child uq");
    assert_non_null(uq);
    assert_true(uq->unique);
    assert_null(uq->where);
    arena_free(&a);
}

/*
 * What SQLite can hold but the model cannot say (generated columns, column
 * and index collations) is reported as unsupported text, not read as a
 * plain column or index that would then compare equal to the schema.
 */
static void test_sqlite_unmodelled(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE g (id INTEGER PRIMARY KEY, a INTEGER, "
                                  "b INTEGER GENERATED ALWAYS AS (a * 2) STORED, "
                                  "c TEXT AS (upper(name) || ',(') VIRTUAL, name TEXT COLLATE NOCASE NOT NULL, "
                                  "plain TEXT);\n"
                                  "CREATE INDEX g_coll ON g (plain COLLATE NOCASE);\n"
                                  "CREATE INDEX g_expr ON g (lower(plain));\n"
                                  "CREATE INDEX g_name ON g (name);\n",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    ir_schema s;
    const char *err = NULL;
    assert_int_equal(introspect_sqlite(&s, &a, db, &err), 0);
    const ir_table *g = ir_find_table(&s, "g");
    assert_non_null(g);
    assert_int_equal(g->ncolumns, 6);
    const ir_column *b = ir_find_column(g, "b");
    assert_int_equal(b->scalar, SC_SCALAR_UNSUPPORTED);
    assert_string_equal(b->unsupported, "INTEGER GENERATED ALWAYS AS (a * 2) STORED");
    assert_int_equal(b->dflt.kind, IR_DEFAULT_NONE);
    const ir_column *c = ir_find_column(g, "c");
    assert_int_equal(c->scalar, SC_SCALAR_UNSUPPORTED);
    assert_string_equal(c->unsupported, "TEXT GENERATED ALWAYS AS (upper(name) || ',(') VIRTUAL");
    const ir_column *name = ir_find_column(g, "name");
    assert_int_equal(name->scalar, SC_SCALAR_UNSUPPORTED);
    assert_string_equal(name->unsupported, "TEXT COLLATE NOCASE");
    assert_false(name->nullable);
    assert_int_equal(ir_find_column(g, "plain")->scalar, SC_SCALAR_STRING);
    const ir_index *coll = ir_find_index(g, "g_coll");
    assert_non_null(coll);
    assert_string_equal(coll->columns[0].name, "<plain COLLATE NOCASE>");
    assert_string_equal(ir_find_index(g, "g_expr")->columns[0].name, "<expression>");
    /* An index inherits its column's collation: that is the column's difference, not the index's. */
    assert_string_equal(ir_find_index(g, "g_name")->columns[0].name, "name");

    /* The generated column's DDL round-trips: re-created from the model, SQLite reads it back the same. */
    const char *ddl = ddl_sqlite_dialect.create_table(&a, &s, g);
    sqlite3 *db2;
    assert_int_equal(sqlite3_open(":memory:", &db2), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db2, ddl, NULL, NULL, NULL), SQLITE_OK);
    ir_schema s2;
    assert_int_equal(introspect_sqlite(&s2, &a, db2, &err), 0);
    const ir_table *g2 = ir_find_table(&s2, "g");
    assert_string_equal(ir_find_column(g2, "b")->unsupported, b->unsupported);
    assert_string_equal(ir_find_column(g2, "name")->unsupported, name->unsupported);
    sqlite3_close(db2);
    sqlite3_close(db);
    arena_free(&a);
}

static void test_sqlite_file_errors(void **state)
{
    arena a;
    arena_init(&a);
    ir_schema s;
    const char *err = NULL;
    assert_int_equal(introspect_sqlite_file(&s, &a, "/nonexistent/dir/x.db", &err), -1);
    assert_non_null(err);
    assert_non_null(strstr(err, "cannot open"));
    arena_free(&a);
}

static const char *pg_ddl =
    "CREATE TYPE \"Mo\"\"od\" AS ENUM ('ok', 'très bien');\n"
    "CREATE TABLE parent (id BIGSERIAL PRIMARY KEY, code VARCHAR(10) NOT NULL UNIQUE, tags TEXT[] DEFAULT "
    "'{a,b}', price NUMERIC(8,2) DEFAULT -1.25 CHECK (price > 0), mood \"Mo\"\"od\" NOT NULL DEFAULT 'très bien', "
    "at TIMESTAMPTZ(0) DEFAULT now(), doc JSONB, ip INET);\n"
    "CREATE TABLE \"child table\" (a INT, b INT REFERENCES parent ON DELETE SET DEFAULT, "
    "CONSTRAINT ck CHECK (a IS NULL OR a < b), PRIMARY KEY (b));\n"
    "CREATE INDEX p_partial ON parent USING btree (code DESC, price) INCLUDE (mood) WHERE price > 10;\n"
    "CREATE INDEX p_gin ON parent USING gin (doc jsonb_path_ops);\n"
    "CREATE INDEX p_gist ON parent USING gist (ip inet_ops);\n";

static void pg_exec(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
}

static void test_postgres(void **state)
{
    char url[1024];
    assert_non_null(testutil_pg_url(url, sizeof url));
    arena a;
    arena_init(&a);
    PGconn *admin = PQconnectdb(url);
    assert_int_equal(PQstatus(admin), CONNECTION_OK);
    const char *dbname = arena_printf(&a, "schemac_ir_introspect_%ld", (long)getpid());
    pg_exec(admin, arena_printf(&a, "DROP DATABASE IF EXISTS %s", dbname));
    pg_exec(admin, arena_printf(&a, "CREATE DATABASE %s", dbname));
    const char *slash = strrchr(url, '/');
    const char *dburl = arena_printf(&a, "%.*s/%s", (int)(slash - url), url, dbname);
    PGconn *conn = PQconnectdb(dburl);
    assert_int_equal(PQstatus(conn), CONNECTION_OK);
    pg_exec(conn, pg_ddl);
    /* Another schema's tables are not reported. */
    pg_exec(conn, "CREATE SCHEMA other; CREATE TABLE other.hidden (x int);");
    PQfinish(conn);

    ir_schema s;
    const char *err = NULL;
    int rc = introspect_postgres_url(&s, &a, dburl, NULL, &err);
    if (rc != 0)
        fail_msg("introspection: %s", err);
    assert_int_equal(s.ntables, 2);
    assert_int_equal(s.nenums, 1);
    assert_string_equal(s.enums[0].db_name, "Mo\"od");
    assert_int_equal(s.enums[0].nvalues, 2);
    assert_string_equal(s.enums[0].values[1].db_name, "très bien");

    const ir_table *p = ir_find_table(&s, "parent");
    assert_non_null(p);
    assert_string_equal(p->pk.name, "parent_pkey");
    const ir_column *id = ir_find_column(p, "id");
    assert_int_equal(id->scalar, SC_SCALAR_BIGINT);
    assert_int_equal(id->dflt.kind, IR_DEFAULT_AUTOINCREMENT);
    assert_string_equal(ddl_postgres_dialect.column_type(&a, &s, id), "BIGSERIAL");
    const ir_column *code = ir_find_column(p, "code");
    assert_string_equal(code->native, "VarChar");
    assert_string_equal(code->native_args, "10");
    const ir_column *tags = ir_find_column(p, "tags");
    assert_true(tags->list);
    assert_int_equal(tags->scalar, SC_SCALAR_STRING);
    const ir_column *price = ir_find_column(p, "price");
    assert_string_equal(ddl_postgres_dialect.column_type(&a, &s, price), "DECIMAL(8,2)");
    assert_int_equal(price->dflt.kind, IR_DEFAULT_NUMBER);
    assert_string_equal(price->dflt.value, "-1.25");
    const ir_column *mood = ir_find_column(p, "mood");
    assert_string_equal(mood->enum_name, "Mo\"od");
    assert_int_equal(mood->dflt.kind, IR_DEFAULT_ENUM);
    assert_string_equal(mood->dflt.value, "très bien");
    const ir_column *at = ir_find_column(p, "at");
    assert_string_equal(at->native, "Timestamptz");
    assert_string_equal(at->native_args, "0");
    assert_int_equal(at->dflt.kind, IR_DEFAULT_NOW);
    assert_string_equal(ir_find_column(p, "ip")->native, "Inet");
    assert_null(ir_find_column(p, "doc")->native); /* jsonb is Json's default */

    assert_int_equal(p->nchecks, 1);
    assert_string_equal(p->checks[0].name, "parent_price_check");
    const ir_index *uq = ir_find_index(p, "parent_code_key");
    assert_non_null(uq);
    assert_true(uq->unique);
    const ir_index *part = ir_find_index(p, "p_partial");
    assert_non_null(part);
    assert_int_equal(part->ncolumns, 2);
    assert_int_equal(part->columns[0].sort, IR_SORT_DESC);
    assert_int_equal(part->ninclude, 1);
    assert_string_equal(part->include[0], "mood");
    assert_non_null(part->where);
    assert_string_equal(ir_normalize_expr(&a, part->where), ir_normalize_expr(&a, "price > 10"));
    const ir_index *gin = ir_find_index(p, "p_gin");
    assert_int_equal(gin->method, IR_METHOD_GIN);
    assert_string_equal(gin->columns[0].opclass, "jsonb_path_ops");
    const ir_index *gist = ir_find_index(p, "p_gist");
    assert_int_equal(gist->method, IR_METHOD_GIST);
    assert_string_equal(gist->columns[0].opclass, "inet_ops");

    const ir_table *c = ir_find_table(&s, "child table");
    assert_non_null(c);
    assert_false(ir_find_column(c, "b")->nullable); /* primary key columns are NOT NULL */
    assert_int_equal(c->nfks, 1);
    assert_string_equal(c->fks[0].name, "child table_b_fkey");
    assert_string_equal(c->fks[0].ref_columns[0], "id");
    assert_int_equal(c->fks[0].on_delete, IR_ACTION_SET_DEFAULT);
    assert_int_equal(c->fks[0].on_update, IR_ACTION_NO_ACTION);
    assert_non_null(ir_find_check(c, "ck"));

    /* The same database compared with itself has no difference. */
    char *report;
    assert_int_equal(ddl_db_diff(&report, &a, &ddl_postgres_dialect, &s, &s), 0);

    pg_exec(admin, arena_printf(&a, "DROP DATABASE %s", dbname));
    PQfinish(admin);
    /* A database that does not exist is an error, not a crash. */
    assert_int_equal(introspect_postgres_url(&s, &a, dburl, NULL, &err), -1);
    assert_non_null(strstr(err, "cannot connect"));
    arena_free(&a);
}

/*
 * PostgreSQL forms the model cannot say - generated columns, collations,
 * a NULLS order other than the default, expression keys - come back as
 * unsupported column types or as index keys in <...>, never as plain ones.
 */
static void test_postgres_unmodelled(void **state)
{
    (void)state;
    char url[1024];
    assert_non_null(testutil_pg_url(url, sizeof url));
    arena a;
    arena_init(&a);
    PGconn *admin = PQconnectdb(url);
    assert_int_equal(PQstatus(admin), CONNECTION_OK);
    const char *dbname = arena_printf(&a, "schemac_ir_unmodelled_%ld", (long)getpid());
    pg_exec(admin, arena_printf(&a, "DROP DATABASE IF EXISTS %s", dbname));
    pg_exec(admin, arena_printf(&a, "CREATE DATABASE %s", dbname));
    const char *slash = strrchr(url, '/');
    const char *dburl = arena_printf(&a, "%.*s/%s", (int)(slash - url), url, dbname);
    PGconn *conn = PQconnectdb(dburl);
    assert_int_equal(PQstatus(conn), CONNECTION_OK);
    pg_exec(conn, "CREATE TABLE g (id INT PRIMARY KEY, a INT, b INT GENERATED ALWAYS AS (a * 2) STORED, "
                  "code TEXT COLLATE \"C\" NOT NULL, plain TEXT, tags TEXT[]);\n"
                  "CREATE INDEX g_desc_nl ON g (a DESC NULLS LAST);\n"
                  "CREATE INDEX g_asc_nf ON g (a NULLS FIRST);\n"
                  "CREATE INDEX g_desc ON g (a DESC, plain);\n"
                  "CREATE INDEX g_coll ON g (plain COLLATE \"C\");\n"
                  "CREATE INDEX g_code ON g (code);\n"
                  "CREATE INDEX g_expr ON g (lower(plain));\n");
    PQfinish(conn);

    ir_schema s;
    const char *err = NULL;
    if (introspect_postgres_url(&s, &a, dburl, NULL, &err) != 0)
        fail_msg("introspection: %s", err);
    const ir_table *g = ir_find_table(&s, "g");
    assert_non_null(g);
    const ir_column *b = ir_find_column(g, "b");
    assert_int_equal(b->scalar, SC_SCALAR_UNSUPPORTED);
    assert_string_equal(b->unsupported, "integer GENERATED ALWAYS AS ((a * 2)) STORED");
    assert_int_equal(b->dflt.kind, IR_DEFAULT_NONE);
    const ir_column *code = ir_find_column(g, "code");
    assert_int_equal(code->scalar, SC_SCALAR_UNSUPPORTED);
    assert_string_equal(code->unsupported, "text COLLATE \"C\"");
    assert_false(code->nullable);
    assert_int_equal(ir_find_column(g, "plain")->scalar, SC_SCALAR_STRING);
    assert_true(ir_find_column(g, "tags")->list);

    assert_string_equal(ir_find_index(g, "g_desc_nl")->columns[0].name, "<a NULLS LAST>");
    assert_string_equal(ir_find_index(g, "g_asc_nf")->columns[0].name, "<a NULLS FIRST>");
    const ir_index *d = ir_find_index(g, "g_desc");
    assert_string_equal(d->columns[0].name, "a");
    assert_int_equal(d->columns[0].sort, IR_SORT_DESC);
    assert_string_equal(d->columns[1].name, "plain");
    assert_string_equal(ir_find_index(g, "g_coll")->columns[0].name, "<plain COLLATE \"C\">");
    assert_string_equal(ir_find_index(g, "g_code")->columns[0].name, "code");
    assert_string_equal(ir_find_index(g, "g_expr")->columns[0].name, "<expression lower(plain)>");

    /* The generated column's DDL re-creates it. */
    conn = PQconnectdb(dburl);
    assert_int_equal(PQstatus(conn), CONNECTION_OK);
    ir_table copy = *g;
    copy.name = "g_copy";
    copy.nindexes = 0;
    copy.has_pk = false;
    pg_exec(conn, ddl_postgres_dialect.create_table(&a, &s, &copy));
    PQfinish(conn);
    ir_schema s2;
    if (introspect_postgres_url(&s2, &a, dburl, NULL, &err) != 0)
        fail_msg("introspection: %s", err);
    const ir_table *g2 = ir_find_table(&s2, "g_copy");
    assert_non_null(g2);
    assert_string_equal(ir_find_column(g2, "b")->unsupported, b->unsupported);
    assert_string_equal(ir_find_column(g2, "code")->unsupported, code->unsupported);

    pg_exec(admin, arena_printf(&a, "DROP DATABASE %s", dbname));
    PQfinish(admin);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sqlite),
        cmocka_unit_test(test_sqlite_file_errors),
        cmocka_unit_test(test_sqlite_unmodelled),
        cmocka_unit_test(test_postgres),
        cmocka_unit_test(test_postgres_unmodelled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
