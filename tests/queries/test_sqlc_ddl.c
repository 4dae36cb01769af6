/*
 * test_sqlc_ddl.c - SQL DDL made into the schema model (a sqlc project's
 * schema), checked against the databases themselves:
 *   - PostgreSQL: each file of tests/queries/ddl/postgresql/ read by
 *     PostgreSQL's parser into the model, and the same file applied to a
 *     fresh database of the throwaway cluster and introspected: the two
 *     models must be equal (expressions compared without whitespace,
 *     parentheses and casts);
 *   - SQLite: tests/queries/ddl/sqlite/ run in memory and introspected, the
 *     model's own DDL built again and read back: the same model;
 *   - what the model says beyond introspection (domains, views), and DDL
 *     errors located in the file on both engines.
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
#include "queries/sqlc_project.h"
#include "testutil.h"

static uint32_t add_text(sc_sources *src, arena *a, const char *path, const char *text)
{
    return source_add(src, a, path, text, strlen(text));
}

static uint32_t add_file(sc_sources *src, arena *a, const char *rel)
{
    const char *path = arena_printf(a, "%s/%s", testutil_data_dir(), rel);
    size_t len = 0;
    char *text = testutil_read_file(path, &len);
    if (!text)
        fail_msg("cannot read %s", path);
    uint32_t idx = source_add(src, a, rel, arena_strndup(a, text, len), len);
    free(text);
    return idx;
}

/* Every diagnostic as "file:line:col: message" lines. */
static const char *diag_text(arena *a, const sc_sources *src, const sc_diags *d)
{
    const char *out = "";
    for (const sc_diag *g = d->first; g; g = g->next)
        out = arena_printf(a, "%s%s:%u:%u: %s%s\n", out, g->has_span ? src->files[g->span.file].path : "-",
                           g->span.line, g->span.col, g->severity == SC_SEV_WARNING ? "warning: " : "", g->message);
    return out;
}

static void pg_exec(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
}

/* ---------------------------------------------------------------- PostgreSQL round trip */

static const char *const pg_files[] = {"01_types.sql", "02_keys.sql", "03_indexes.sql", "04_alter.sql",
                                       "05_skipped.sql"};

static void test_pg_roundtrip(void **state)
{
    (void)state;
    char url[1024];
    assert_non_null(testutil_pg_url(url, sizeof url));
    PGconn *admin = PQconnectdb(url);
    assert_int_equal(PQstatus(admin), CONNECTION_OK);
    pg_exec(admin, "SET client_min_messages TO warning");
    for (size_t i = 0; i < sizeof pg_files / sizeof pg_files[0]; i++) {
        arena a;
        arena_init(&a);
        sc_sources src;
        memset(&src, 0, sizeof src);
        sc_diags diags;
        diag_init(&diags, &a);
        uint32_t f = add_file(&src, &a, arena_printf(&a, "queries/ddl/postgresql/%s", pg_files[i]));
        introspect_ddl_file file = {f, src.files[f].len};
        ir_schema from_ddl;
        introspect_views views;
        size_t errors = introspect_ddl_postgres(&from_ddl, &views, &a, &src, &diags, &file, 1);
        if (errors || diags.nwarnings)
            fail_msg("%s: %s", pg_files[i], diag_text(&a, &src, &diags));

        const char *db = arena_printf(&a, "schemac_sqlc_ddl_%ld_%zu", (long)getpid(), i);
        pg_exec(admin, arena_printf(&a, "DROP DATABASE IF EXISTS %s", db));
        pg_exec(admin, arena_printf(&a, "CREATE DATABASE %s", db));
        const char *slash = strrchr(url, '/');
        const char *dburl = arena_printf(&a, "%.*s/%s", (int)(slash - url), url, db);
        PGconn *conn = PQconnectdb(dburl);
        assert_int_equal(PQstatus(conn), CONNECTION_OK);
        pg_exec(conn, "SET client_min_messages TO warning");
        pg_exec(conn, src.files[f].text);
        ir_schema live;
        const char *err = NULL;
        if (introspect_postgres(&live, &a, conn, NULL, &err) != 0)
            fail_msg("introspection: %s", err);
        PQfinish(conn);
        pg_exec(admin, arena_printf(&a, "DROP DATABASE %s", db));
        /* Introspection lists the installed extensions; the DDL reader reads past CREATE EXTENSION. */
        live.nextensions = 0;

        ir_compare_options opt = IR_COMPARE_OPTIONS_INIT;
        opt.normalize_exprs = true;
        char *report = NULL;
        size_t n = ir_diff_report(&report, &a, &from_ddl, &live, &opt);
        if (n)
            fail_msg("%s: the model from DDL differs from the database (%zu):\n%s", pg_files[i], n, report);
        assert_true(from_ddl.ntables > 0);
        arena_free(&a);
    }
    PQfinish(admin);
}

/* ---------------------------------------------------------------- what introspection cannot say */

static ir_schema pg_model(arena *a, sc_sources *src, sc_diags *diags, const char *text, introspect_views *views,
                          size_t *errors)
{
    uint32_t f = add_text(src, a, "schema.sql", text);
    introspect_ddl_file file = {f, strlen(text)};
    ir_schema s;
    *errors = introspect_ddl_postgres(&s, views, a, src, diags, &file, 1);
    return s;
}

static void test_pg_domains_and_views(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    sc_sources src;
    memset(&src, 0, sizeof src);
    sc_diags diags;
    diag_init(&diags, &a);
    introspect_views views;
    size_t errors;
    ir_schema s = pg_model(&a, &src, &diags,
                           "CREATE TYPE color AS ENUM ('red', 'blue');\n"
                           "CREATE DOMAIN posint AS integer NOT NULL CHECK (VALUE > 0);\n"
                           "CREATE DOMAIN maybe AS text;\n"
                           "CREATE DOMAIN hue AS color NOT NULL;\n"
                           "CREATE TABLE t (a posint, b maybe, c hue, d posint[], e posint NULL);\n"
                           "CREATE VIEW v (x, y) AS SELECT a, b FROM t WITH CHECK OPTION;\n"
                           "CREATE OR REPLACE VIEW v AS SELECT a, b, c FROM t;\n"
                           "CREATE MATERIALIZED VIEW mv AS SELECT count(*) FROM t WITH NO DATA;\n"
                           "CREATE VIEW gone AS SELECT 1;\n"
                           "DROP VIEW gone;\n",
                           &views, &errors);
    assert_int_equal(errors, 0);
    const ir_table *t = ir_find_table(&s, "t");
    assert_non_null(t);
    const ir_column *c = ir_find_column(t, "a");
    assert_int_equal(c->scalar, SC_SCALAR_INT);
    assert_false(c->nullable); /* the domain's NOT NULL */
    assert_string_equal(c->db_type, "posint");
    assert_true(ir_find_column(t, "b")->nullable);
    assert_int_equal(ir_find_column(t, "b")->scalar, SC_SCALAR_STRING);
    assert_string_equal(ir_find_column(t, "c")->enum_name, "color");
    assert_false(ir_find_column(t, "c")->nullable);
    assert_true(ir_find_column(t, "d")->list);
    assert_int_equal(ir_find_column(t, "d")->scalar, SC_SCALAR_INT);
    assert_false(ir_find_column(t, "e")->nullable); /* NULL on the column does not lift the domain's NOT NULL */
    assert_int_equal(views.n, 2);
    assert_string_equal(views.items[0].name, "v");
    assert_int_equal(views.items[0].naliases, 0); /* replaced */
    const sc_file *f = &src.files[views.items[0].file];
    assert_string_equal(arena_strndup(&a, f->text + views.items[0].at, views.items[0].len), "SELECT a, b, c FROM t");
    assert_string_equal(views.items[1].name, "mv");
    assert_string_equal(arena_strndup(&a, f->text + views.items[1].at, views.items[1].len), "SELECT count(*) FROM t");
    arena_free(&a);
}

/* A sqlc package's schema: views typed by their query, structs named as sqlc names them. */
static void test_package_schema(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    sc_sources src;
    memset(&src, 0, sizeof src);
    sc_diags diags;
    diag_init(&diags, &a);
    const char *dir = arena_printf(&a, "%s/sqlc_schema_%ld", testutil_tmp_dir(), (long)getpid());
    assert_int_equal(source_mkdirs(&a, dir), 0);
    const char *path = arena_printf(&a, "%s/schema.sql", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("-- +goose Up\n"
          "CREATE TYPE book_type AS ENUM ('FICTION', 'NONFICTION');\n"
          "CREATE TABLE categories (id int PRIMARY KEY, name text NOT NULL);\n"
          "CREATE TABLE books (book_id int PRIMARY KEY, category_id int REFERENCES categories, kind book_type,\n"
          "                    title text NOT NULL);\n"
          "CREATE VIEW book_titles (id, label) AS\n"
          "  SELECT b.book_id, c.name FROM books b LEFT JOIN categories c ON c.id = b.category_id;\n"
          "CREATE VIEW named_books AS SELECT id, label FROM book_titles WHERE label IS NOT NULL;\n"
          "-- +goose Down\n"
          "this is not SQL;\n",
          fp);
    fclose(fp);
    sqlc_package pkg;
    memset(&pkg, 0, sizeof pkg);
    pkg.engine = IR_PROVIDER_POSTGRESQL;
    pkg.schema = &path;
    pkg.nschema = 1;
    const char *init = "id";
    pkg.initialisms = &init;
    pkg.ninitialisms = 1;
    ir_schema s;
    size_t errors = sqlc_package_schema(&s, &a, &src, &diags, &pkg);
    if (errors)
        fail_msg("%s", diag_text(&a, &src, &diags));
    assert_string_equal(ir_find_table(&s, "categories")->model, "Category");
    assert_string_equal(ir_find_table(&s, "books")->model, "Book");
    assert_string_equal(s.enums[0].name, "BookType");
    assert_int_equal(s.nviews, 2);
    const ir_table *v = ir_find_view(&s, "book_titles");
    assert_non_null(v);
    assert_string_equal(v->model, "BookTitle");
    assert_int_equal(v->ncolumns, 2);
    assert_string_equal(v->columns[0].name, "id");
    assert_int_equal(v->columns[0].scalar, SC_SCALAR_INT);
    assert_false(v->columns[0].nullable);
    assert_string_equal(v->columns[1].name, "label");
    assert_true(v->columns[1].nullable); /* the optional side of the LEFT JOIN */
    const ir_table *v2 = ir_find_view(&s, "named_books");
    assert_non_null(v2); /* a view reading a view */
    assert_int_equal(v2->ncolumns, 2);
    unlink(path);
    rmdir(dir);
    arena_free(&a);
}

/* A view whose query is wrong is located in the schema file; two tables with one struct name are refused. */
static void test_package_errors(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *dir = arena_printf(&a, "%s/sqlc_schema_err_%ld", testutil_tmp_dir(), (long)getpid());
    assert_int_equal(source_mkdirs(&a, dir), 0);
    const char *path = arena_printf(&a, "%s/schema.sql", dir);
    const char *texts[] = {
        "CREATE TABLE books (id int PRIMARY KEY, title text);\nCREATE VIEW v AS\n  SELECT id, titel FROM books;\n",
        "CREATE TABLE author (id int);\nCREATE TABLE authors (id int);\n",
    };
    const char *want[] = {"/schema.sql:3:14: column \"titel\" does not exist",
                          "table author and table authors both get the name Author (as sqlc names structs)"};
    for (int i = 0; i < 2; i++) {
        FILE *fp = fopen(path, "w");
        assert_non_null(fp);
        fputs(texts[i], fp);
        fclose(fp);
        sc_sources src;
        memset(&src, 0, sizeof src);
        sc_diags diags;
        diag_init(&diags, &a);
        sqlc_package pkg;
        memset(&pkg, 0, sizeof pkg);
        pkg.engine = IR_PROVIDER_POSTGRESQL;
        pkg.schema = &path;
        pkg.nschema = 1;
        ir_schema s;
        assert_int_equal(sqlc_package_schema(&s, &a, &src, &diags, &pkg), 1);
        const char *got = diag_text(&a, &src, &diags);
        if (!strstr(got, want[i]))
            fail_msg("want %s\ngot %s", want[i], got);
    }
    unlink(path);
    rmdir(dir);
    arena_free(&a);
}

/* ---------------------------------------------------------------- SQLite */

static void test_sqlite_roundtrip(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    sc_sources src;
    memset(&src, 0, sizeof src);
    sc_diags diags;
    diag_init(&diags, &a);
    uint32_t f = add_file(&src, &a, "queries/ddl/sqlite/01_schema.sql");
    introspect_ddl_file file = {f, src.files[f].len};
    ir_schema s;
    introspect_views views;
    if (introspect_ddl_sqlite(&s, &views, &a, &src, &diags, &file, 1) || diags.nwarnings)
        fail_msg("%s", diag_text(&a, &src, &diags));
    /* sqlc's types. */
    const ir_table *t = ir_find_table(&s, "kinds");
    assert_non_null(t);
    assert_int_equal(ir_find_column(t, "id")->scalar, SC_SCALAR_BIGINT);
    assert_false(ir_find_column(t, "id")->nullable); /* a rowid alias */
    assert_int_equal(ir_find_column(t, "small")->scalar, SC_SCALAR_BIGINT);
    assert_int_equal(ir_find_column(t, "name")->scalar, SC_SCALAR_STRING);
    assert_string_equal(ir_find_column(t, "name")->db_type, "VARCHAR(40)");
    assert_int_equal(ir_find_column(t, "flag")->scalar, SC_SCALAR_BOOLEAN);
    assert_int_equal(ir_find_column(t, "at")->scalar, SC_SCALAR_DATETIME);
    assert_int_equal(ir_find_column(t, "day")->scalar, SC_SCALAR_DATETIME);
    assert_int_equal(ir_find_column(t, "price")->scalar, SC_SCALAR_DECIMAL);
    assert_int_equal(ir_find_column(t, "ratio")->scalar, SC_SCALAR_FLOAT);
    assert_int_equal(ir_find_column(t, "data")->scalar, SC_SCALAR_BYTES);
    assert_int_equal(ir_find_column(t, "doc")->scalar, SC_SCALAR_JSON);
    assert_int_equal(ir_find_column(t, "nchar_col")->scalar, SC_SCALAR_STRING);
    assert_int_equal(ir_find_column(t, "anything")->scalar, SC_SCALAR_UNSUPPORTED);
    assert_int_equal(ir_find_column(t, "qty")->dflt.kind, IR_DEFAULT_NUMBER);
    const ir_table *pairs = ir_find_table(&s, "pairs");
    assert_true(ir_find_column(pairs, "a")->nullable); /* SQLite lets a key column be NULL */
    const ir_table *wr = ir_find_table(&s, "strict_pairs");
    assert_false(ir_find_column(wr, "a")->nullable); /* not in a WITHOUT ROWID table */
    /* The UNIQUE constraint's index gets a name CREATE INDEX may use. */
    assert_non_null(ir_find_index(t, "kinds_name_key"));
    assert_int_equal(views.n, 1);
    assert_string_equal(views.items[0].name, "kind_names");
    assert_int_equal(views.items[0].ncolumns, 2);
    assert_string_equal(arena_strndup(&a, src.files[f].text + views.items[0].at, views.items[0].len),
                        "SELECT id, name FROM kinds WHERE flag");

    /* The model's own DDL builds the same database. */
    const char *ddl = ddl_create_script(&a, &ddl_sqlite_dialect, &s);
    uint32_t g = add_text(&src, &a, "rebuilt.sql", ddl);
    introspect_ddl_file again = {g, strlen(ddl)};
    ir_schema s2;
    introspect_views views2;
    if (introspect_ddl_sqlite(&s2, &views2, &a, &src, &diags, &again, 1))
        fail_msg("%s\n%s", ddl, diag_text(&a, &src, &diags));
    /* The DDL writes the model's types (INTEGER for a BIGINT column): compare those, not the
       declared spellings each file holds. */
    for (size_t i = 0; i < s.ntables; i++)
        for (size_t k = 0; k < s.tables[i].ncolumns; k++)
            s.tables[i].columns[k].db_type = NULL;
    for (size_t i = 0; i < s2.ntables; i++)
        for (size_t k = 0; k < s2.tables[i].ncolumns; k++)
            s2.tables[i].columns[k].db_type = NULL;
    char *report = NULL;
    size_t n = ddl_db_diff(&report, &a, &ddl_sqlite_dialect, &s, &s2);
    if (n)
        fail_msg("the rebuilt schema differs (%zu):\n%s\n%s", n, report, ddl);
    arena_free(&a);
}

/* ---------------------------------------------------------------- errors, located */

static void test_errors_located(void **state)
{
    (void)state;
    struct {
        ir_provider engine;
        const char *text;
        const char *want; /* the first diagnostic */
    } cases[] = {
        {IR_PROVIDER_POSTGRESQL, "CREATE TABLE a (id int);\nCREATE TABLE b (id int REFERENCES nope);\n",
         "schema.sql:2:35: relation \"nope\" does not exist"},
        {IR_PROVIDER_POSTGRESQL, "CREATE TABLE a (id int);\nCREATE TABEL b (id int);\n",
         "schema.sql:2:8: syntax error at or near \"TABEL\""},
        {IR_PROVIDER_POSTGRESQL, "CREATE TABLE a (id int);\nCREATE TABLE a (id int);\n",
         "schema.sql:2:14: relation \"a\" already exists"},
        {IR_PROVIDER_POSTGRESQL, "CREATE TABLE a (id int, id text);\n",
         "schema.sql:1:25: column \"id\" specified more than once"},
        {IR_PROVIDER_POSTGRESQL, "CREATE TABLE a (id int);\n\n  ALTER TABLE a DROP COLUMN nope;\n",
         "schema.sql:3:3: column \"nope\" of relation \"a\" does not exist"},
        {IR_PROVIDER_POSTGRESQL, "CREATE TABLE other.a (id int);\n",
         "schema.sql:1:14: schema \"other\": schemac reads one schema, public"},
        {IR_PROVIDER_POSTGRESQL, "ALTER TYPE nope ADD VALUE 'x';\n", "schema.sql:1:1: type \"nope\" does not exist"},
        {IR_PROVIDER_POSTGRESQL, "CREATE TABLE a (id int);\nALTER TABLE a ADD PRIMARY KEY (nope);\n",
         "schema.sql:2:19: column \"nope\" named in key does not exist"},
        {IR_PROVIDER_POSTGRESQL, "CREATE TABLE a (id int);\nCREATE AGGREGATE x (int) (sfunc = int4pl, stype = int);\n"
                                 "CREATE PUBLICATION p FOR ALL TABLES;\nREINDEX TABLE a;\nCREATE RULE r AS ON INSERT TO a DO NOTHING;\n"
                                 "ALTER SYSTEM SET work_mem = '1MB';\n",
         "schema.sql:6:1: warning: statement skipped: schemac does not read AlterSystemStmt in a schema"},
        {IR_PROVIDER_SQLITE, "CREATE TABLE a (id INTEGER);\nCREATE TABLE b (id INTEGER, x REFERENCES);\n",
         "schema.sql:2:41: SQLite: near \")\": syntax error"},
        {IR_PROVIDER_SQLITE, "CREATE TABLE a (id INTEGER);\n\nCREATE TABLE a (id INTEGER);\n",
         "schema.sql:3:14: SQLite: table a already exists"},
        {IR_PROVIDER_SQLITE, "CREATE TABLE a (id INTEGER);\nCREATE INDEX i ON a (nope);\n",
         "schema.sql:2:22: SQLite: no such column: nope"},
        {IR_PROVIDER_SQLITE, "INSERT INTO nowhere VALUES (1, 2);\nSELECT * FROM nowhere WHERE x = ?;\n"
                             "CREATE TABLE a (id INTEGER);\nCREATE TABLE a (id INTEGER);\n",
         "schema.sql:4:14: SQLite: table a already exists"},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        arena a;
        arena_init(&a);
        sc_sources src;
        memset(&src, 0, sizeof src);
        sc_diags diags;
        diag_init(&diags, &a);
        uint32_t f = add_text(&src, &a, "schema.sql", cases[i].text);
        introspect_ddl_file file = {f, strlen(cases[i].text)};
        ir_schema s;
        introspect_views views;
        size_t errors = cases[i].engine == IR_PROVIDER_POSTGRESQL
                            ? introspect_ddl_postgres(&s, &views, &a, &src, &diags, &file, 1)
                            : introspect_ddl_sqlite(&s, &views, &a, &src, &diags, &file, 1);
        const char *got = diag_text(&a, &src, &diags);
        if (strncmp(got, cases[i].want, strlen(cases[i].want)) != 0) {
            print_error("case %zu: want\n  %s\ngot\n  %s", i, cases[i].want, got);
            bad++;
        }
        assert_int_equal(errors, strstr(cases[i].want, "warning:") ? 0 : (size_t)diags.nerrors);
        arena_free(&a);
    }
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pg_roundtrip),       cmocka_unit_test(test_pg_domains_and_views),
        cmocka_unit_test(test_package_schema),     cmocka_unit_test(test_package_errors),
        cmocka_unit_test(test_sqlite_roundtrip),
        cmocka_unit_test(test_errors_located),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
