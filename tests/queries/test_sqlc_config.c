/*
 * test_sqlc_config.c - sqlc.yaml / sqlc.json read as sqlc reads it: both
 * versions, every key sqlc accepts, errors located at their line and
 * column, paths expanded as sqlc expands them, rollback parts cut, and the
 * names sqlc gives structs (jinzhu/inflection singulars, CamelCase,
 * initialisms, renames).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "queries/sqlc_project.h"
#include "testutil.h"

typedef struct fixture {
    arena a;
    sc_sources src;
    sc_diags diags;
    sqlc_project p;
    size_t errors;
} fixture;

/* TEXT read as a configuration in folder "proj", paths not looked up. */
static void parse(fixture *f, const char *name, const char *text)
{
    arena_init(&f->a);
    memset(&f->src, 0, sizeof f->src);
    diag_init(&f->diags, &f->a);
    uint32_t idx = source_add(&f->src, &f->a, name, text, strlen(text));
    f->errors = sqlc_project_parse(&f->p, &f->a, &f->src, &f->diags, idx, "proj", false);
}

/* The first diagnostic as "file:line:col: message". */
static const char *first(fixture *f)
{
    const sc_diag *d = f->diags.first;
    if (!d)
        return "";
    return arena_printf(&f->a, "%s:%u:%u: %s", d->has_span ? f->src.files[d->span.file].path : "-", d->span.line,
                        d->span.col, d->message);
}

static void expect_error(const char *text, const char *want)
{
    fixture f;
    parse(&f, "sqlc.yaml", text);
    const char *got = first(&f);
    if (f.errors == 0 || strncmp(got, want, strlen(want)) != 0)
        fail_msg("want  %s\ngot   %s (%zu errors)", want, got, f.errors);
    arena_free(&f.a);
}

/* ---------------------------------------------------------------- version 2 */

static void test_v2_every_key(void **state)
{
    (void)state;
    fixture f;
    parse(&f, "sqlc.yaml",
          "version: \"2\"\n"
          "cloud:\n  organization: o\n  project: p\n  hostname: h\n"
          "servers:\n  - name: s\n    engine: postgresql\n    uri: postgres://x\n"
          "plugins:\n  - name: py\n    env: [A]\n    process:\n      cmd: sqlc-gen-python\n      format: json\n"
          "  - name: w\n    wasm:\n      url: https://x/y.wasm\n      sha256: abc\n"
          "rules:\n  - name: no-delete\n    rule: query.cmd == 'exec'\n    message: m\n"
          "options:\n  anything: {goes: [here]}\n"
          "overrides:\n  go:\n    overrides:\n      - db_type: uuid\n        go_type: {import: a/b, type: T, pointer: true}\n"
          "    rename:\n      author: Writer\n"
          "sql:\n"
          "  - name: app\n    engine: postgresql\n    schema: [db/schema.sql, db/more]\n    queries: db/query.sql\n"
          "    database: {uri: postgres://x, managed: false}\n    analyzer: {database: false}\n"
          "    strict_function_checks: true\n    strict_order_by: false\n    rules: [no-delete]\n"
          "    codegen:\n      - out: gen/py\n        plugin: py\n        options: {package: x}\n"
          "    gen:\n      json: {out: gen/json, indent: '  ', filename: codegen.json}\n"
          "      go:\n        package: app\n        out: gen/app\n        sql_package: pgx/v5\n        sql_driver: x\n"
          "        emit_interface: true\n        emit_json_tags: yes\n        json_tags_id_uppercase: false\n"
          "        emit_db_tags: true\n        emit_prepared_queries: true\n        emit_exact_table_names: false\n"
          "        emit_empty_slices: true\n        emit_exported_queries: true\n        emit_result_struct_pointers: true\n"
          "        emit_params_struct_pointers: true\n        emit_methods_with_db_argument: false\n"
          "        emit_pointers_for_null_types: true\n        emit_enum_valid_method: true\n"
          "        emit_all_enum_values: true\n        emit_sql_as_comment: true\n        json_tags_case_style: camel\n"
          "        output_batch_file_name: b.go\n        output_db_file_name: d.go\n        output_models_file_name: m.go\n"
          "        output_querier_file_name: q.go\n        output_copyfrom_file_name: c.go\n        output_files_suffix: _gen\n"
          "        inflection_exclude_table_names: [news_items]\n        wrap_errors: true\n        query_parameter_limit: 0\n"
          "        omit_sqlc_version: true\n        omit_unused_structs: true\n        build_tags: x\n"
          "        initialisms: [id, url]\n        rename: {book: Volume}\n"
          "        overrides:\n          - column: authors.id\n            go_type: int64\n            go_struct_tag: 'a:\"b\"'\n"
          "            nullable: true\n            unsigned: false\n          - postgres_type: text\n            go_type: string\n"
          "            null: true\n            engine: postgresql\n"
          "  - engine: sqlite\n    schema: lite.sql\n    queries: lite_q.sql\n");
    if (f.errors)
        fail_msg("%s", first(&f));
    assert_int_equal(f.p.version, 2);
    assert_int_equal(f.p.npackages, 2);
    const sqlc_package *p = &f.p.packages[0];
    assert_string_equal(p->name, "app");
    assert_int_equal(p->engine, IR_PROVIDER_POSTGRESQL);
    assert_int_equal(p->nschema, 2);
    assert_string_equal(p->schema[0], "proj/db/schema.sql");
    assert_string_equal(p->schema[1], "proj/db/more");
    assert_int_equal(p->nqueries, 1);
    assert_string_equal(p->queries[0], "proj/db/query.sql");
    assert_string_equal(p->out, "gen/app");
    assert_string_equal(p->package, "app");
    assert_int_equal(p->ninitialisms, 2);
    assert_int_equal(p->ninflection_exclude, 1);
    /* gen.go's rename, then the global one (which wins on the same name). */
    assert_int_equal(p->nrenames, 2);
    assert_string_equal(sqlc_struct_name(&f.a, p, "books", true), "Volume");
    assert_string_equal(sqlc_struct_name(&f.a, p, "authors", true), "Writer");
    assert_string_equal(sqlc_struct_name(&f.a, p, "news_items", true), "NewsItems");
    assert_string_equal(sqlc_struct_name(&f.a, p, "site_urls", true), "SiteURL");
    const sqlc_package *q = &f.p.packages[1];
    assert_null(q->name);
    assert_int_equal(q->engine, IR_PROVIDER_SQLITE);
    assert_null(q->out);
    assert_int_equal(q->ninitialisms, 1); /* the default: id */
    arena_free(&f.a);
}

/* ---------------------------------------------------------------- version 1, JSON */

static void test_v1_json(void **state)
{
    (void)state;
    fixture f;
    parse(&f, "sqlc.json",
          "{\"version\": \"1\",\n"
          " \"packages\": [\n"
          "  {\"path\": \"internal/db\", \"schema\": \"schema.sql\", \"queries\": [\"q1.sql\", \"q2.sql\"],\n"
          "   \"emit_json_tags\": true, \"query_parameter_limit\": 3, \"strict_order_by\": true,\n"
          "   \"overrides\": [{\"db_type\": \"uuid\", \"go_type\": \"string\"}]},\n"
          "  {\"name\": \"lite\", \"path\": \"x/lite\", \"engine\": \"sqlite\", \"schema\": [\"s\"], \"queries\": \"q\",\n"
          "   \"emit_exact_table_names\": true}\n"
          " ],\n"
          " \"overrides\": [{\"db_type\": \"text\", \"go_type\": \"string\", \"engine\": \"postgresql\"}],\n"
          " \"rename\": {\"person\": \"Human\"},\n"
          " \"rules\": [{\"name\": \"r\", \"rule\": \"true\"}]\n"
          "}\n");
    if (f.errors)
        fail_msg("%s", first(&f));
    assert_int_equal(f.p.version, 1);
    assert_int_equal(f.p.npackages, 2);
    const sqlc_package *p = &f.p.packages[0];
    assert_string_equal(p->name, "db"); /* the base name of path */
    assert_int_equal(p->engine, IR_PROVIDER_POSTGRESQL); /* the default engine in version 1 */
    assert_string_equal(p->out, "internal/db");
    assert_int_equal(p->nqueries, 2);
    assert_string_equal(sqlc_struct_name(&f.a, p, "people", true), "Human");
    const sqlc_package *q = &f.p.packages[1];
    assert_string_equal(q->name, "lite");
    assert_int_equal(q->engine, IR_PROVIDER_SQLITE);
    assert_string_equal(sqlc_struct_name(&f.a, q, "people", true), "People"); /* emit_exact_table_names */
    arena_free(&f.a);
}

/* ---------------------------------------------------------------- errors */

static void test_errors(void **state)
{
    (void)state;
    expect_error("version: \"2\"\nsql:\n  - engine: sqlite\n    schema: s.sql\n    queries: q.sql\n    gen:\n"
                 "      go:\n        out: x\n        emit_pointers_for_nul_types: true\n",
                 "sqlc.yaml:9:9: unknown key \"emit_pointers_for_nul_types\" in sql[0].gen.go");
    expect_error("version: \"2\"\nsqll: []\n", "sqlc.yaml:2:1: unknown key \"sqll\" in the configuration (version 2)");
    expect_error("version: \"1\"\npackages:\n  - path: a\n    schema: s\n    queries: q\n    inflection_exclude_table_names: []\n",
                 "sqlc.yaml:6:5: unknown key \"inflection_exclude_table_names\" in packages[0]");
    expect_error("version: \"2\"\nsql:\n  - schema: s.sql\n    queries: q.sql\n",
                 "sqlc.yaml:3:5: sql[0]: engine is required");
    expect_error("version: \"2\"\nsql:\n  - engine: mysql\n    schema: s.sql\n    queries: q.sql\n",
                 "sqlc.yaml:3:13: sql[0]: engine mysql is not supported by schemac");
    expect_error("version: \"2\"\nsql:\n  - engine: oracle\n    schema: s.sql\n    queries: q.sql\n",
                 "sqlc.yaml:3:13: sql[0]: invalid engine \"oracle\"");
    expect_error("sql: []\n", "sqlc.yaml:1:1: the configuration has no version number");
    expect_error("version: \"3\"\n", "sqlc.yaml:1:10: invalid version number \"3\"");
    expect_error("version: \"2\"\nsql: []\n", "sqlc.yaml:2:6: no packages");
    expect_error("version: \"1\"\npackages:\n  - \n", "sqlc.yaml:3:4: packages[0]: expected a mapping (key: value), found nothing");
    expect_error("version: \"1\"\npackages:\n  - schema: s\n    queries: q\n",
                 "sqlc.yaml:3:5: packages[0]: path is required");
    expect_error("version: \"2\"\nsql:\n  - engine: sqlite\n    schema: s.sql\n    queries: q.sql\n    gen:\n      go:\n"
                 "        package: x\n",
                 "sqlc.yaml:8:9: sql[0].gen.go: out is required");
    expect_error("version: \"2\"\nsql:\n  - engine: sqlite\n    schema: s.sql\n", "sqlc.yaml:3:5: sql[0]: queries is required");
    expect_error("version: \"2\"\nsql:\n  - engine: sqlite\n    schema: s.sql\n    queries: q.sql\n    strict_order_by: maybe\n",
                 "sqlc.yaml:6:22: sql[0].strict_order_by: expected true or false");
    expect_error("version: \"2\"\nsql:\n  - engine: sqlite\n    schema: {a: b}\n    queries: q.sql\n",
                 "sqlc.yaml:4:13: sql[0].schema: expected a path or a list of paths");
    expect_error("version: \"2\"\nsql:\n  - engine: sqlite\n    queries: q.sql\n    engine: postgresql\n",
                 "sqlc.yaml:5:5: key \"engine\" already set in sql[0]");
    expect_error("version: \"2\"\nsql:\n  - engine: sqlite\n   queries: q.sql\n", "sqlc.yaml:4:4: YAML: ");
    expect_error("{\"version\": \"2\", \"sql\": [{\"engine\": \"sqlite\", \"queries\": \"q\", \"gne\": {}}]}\n",
                 "sqlc.yaml:1:63: unknown key \"gne\" in sql[0]");
    expect_error("version: \"2\"\nsql:\n  - engine: sqlite\n    queries: q.sql\n    gen:\n      go:\n        out: o\n"
                 "        emit_methods_with_db_argument: true\n        emit_prepared_queries: true\n",
                 "sqlc.yaml:7:9: sql[0].gen.go: emit_methods_with_db_argument and emit_prepared_queries");
    /* A rename becomes a C type name as written: an empty one, or one that is not an identifier, is refused. */
    expect_error("{\"version\": \"1\", \"packages\": [{\"path\": \"p\", \"schema\": \"s\", \"queries\": \"q\"}],\n"
                 " \"rename\": {\"person\": \"\"}}\n",
                 "sqlc.yaml:2:23: rename: \"\" is not a C name");
    expect_error("version: \"2\"\nsql:\n  - engine: sqlite\n    schema: s.sql\n    queries: q.sql\n    gen:\n      go:\n"
                 "        out: o\n        rename: {book: \"Vol; int x\"}\n",
                 "sqlc.yaml:9:24: rename: \"Vol; int x\" is not a C name");
    /* A did-you-mean note on unknown keys. */
    fixture f;
    parse(&f, "sqlc.yaml", "version: \"2\"\nsql:\n  - engine: sqlite\n    queries: q\n    schemas: s\n");
    assert_int_equal(f.errors, 1);
    assert_non_null(f.diags.first->notes);
    assert_string_equal(f.diags.first->notes->message, "did you mean \"schema\"?");
    arena_free(&f.a);
}

/* ---------------------------------------------------------------- paths on disk */

static void write_file(arena *a, const char *dir, const char *name, const char *text)
{
    const char *path = arena_printf(a, "%s/%s", dir, name);
    const char *slash = strrchr(path, '/');
    assert_int_equal(source_mkdirs(a, arena_strndup(a, path, (size_t)(slash - path))), 0);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void test_paths(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *dir = arena_printf(&a, "%s/sqlc_paths_%ld", testutil_tmp_dir(), (long)getpid());
    write_file(&a, dir, "db/migrations/002_b.sql", "");
    write_file(&a, dir, "db/migrations/001_a.sql", "");
    write_file(&a, dir, "db/migrations/001_a.down.sql", "");
    write_file(&a, dir, "db/migrations/.hidden.sql", "");
    write_file(&a, dir, "db/migrations/notes.txt", "");
    write_file(&a, dir, "db/migrations/sub/003_c.sql", "");
    write_file(&a, dir, "q/b.sql", "");
    write_file(&a, dir, "q/a.sql", "");
    write_file(&a, dir, "q/a.psql", "");
    write_file(&a, dir, "sqlc.yaml",
               "version: \"2\"\nsql:\n  - engine: postgresql\n    schema: db/migrations\n    queries: [\"q/*.sql\", q/a.psql]\n");
    sc_sources src;
    memset(&src, 0, sizeof src);
    sc_diags diags;
    diag_init(&diags, &a);
    sqlc_project p;
    /* The folder finds its sqlc.yaml. */
    assert_int_equal(sqlc_project_read(&p, &a, &src, &diags, dir), 0);
    assert_int_equal(p.npackages, 1);
    const sqlc_package *pkg = &p.packages[0];
    assert_int_equal(pkg->nschema, 2); /* sorted, not recursive, no .down.sql, no dot files, no other suffix */
    assert_string_equal(pkg->schema[0], arena_printf(&a, "%s/db/migrations/001_a.sql", dir));
    assert_string_equal(pkg->schema[1], arena_printf(&a, "%s/db/migrations/002_b.sql", dir));
    assert_int_equal(pkg->nqueries, 2);
    assert_string_equal(pkg->queries[0], arena_printf(&a, "%s/q/a.sql", dir));
    assert_string_equal(pkg->queries[1], arena_printf(&a, "%s/q/b.sql", dir));
    assert_int_equal(diags.nwarnings, 1); /* q/a.psql named, and skipped as sqlc skips it */

    /* A path that is not there: located at its value. */
    write_file(&a, dir, "sqlc.yaml", "version: \"2\"\nsql:\n  - engine: sqlite\n    schema: nowhere/\n    queries: q\n");
    diag_init(&diags, &a);
    assert_int_equal(sqlc_project_read(&p, &a, &src, &diags, arena_printf(&a, "%s/sqlc.yaml", dir)), 1);
    assert_int_equal(diags.first->span.line, 4);
    assert_int_equal(diags.first->span.col, 13);
    assert_non_null(strstr(diags.first->message, "sql[0].schema: path error: stat "));
    assert_non_null(strstr(diags.first->message, "nowhere/: No such file or directory"));

    /* A glob that matches nothing is no error; no query file at all is one. */
    write_file(&a, dir, "sqlc.yaml", "version: \"2\"\nsql:\n  - engine: sqlite\n    schema: \"none/*.sql\"\n    queries: db/migrations/notes.txt\n");
    diag_init(&diags, &a);
    assert_int_equal(sqlc_project_read(&p, &a, &src, &diags, dir), 1);
    assert_non_null(strstr(diags.last->message, "no queries contained in paths"));

    /* Both sqlc.json and sqlc.yaml: refused. */
    write_file(&a, dir, "sqlc.json", "{}");
    diag_init(&diags, &a);
    assert_int_equal(sqlc_project_read(&p, &a, &src, &diags, dir), 1);
    assert_non_null(strstr(diags.first->message, "both present"));
    arena_free(&a);
}

/* ---------------------------------------------------------------- rollback parts */

static void test_up_length(void **state)
{
    (void)state;
    struct {
        const char *text;
        const char *up;
    } cases[] = {
        {"-- +goose Up\nCREATE TABLE a (x int);\n-- +goose Down\nDROP TABLE a;\n", "-- +goose Up\nCREATE TABLE a (x int);\n"},
        {"-- +goose up\nA;\n-- +GOOSE DOWN\nB;\n", "-- +goose up\nA;\n"},
        {"-- +migrate Up\nA;\n-- +migrate Down\nB;\n", "-- +migrate Up\nA;\n"},
        {"-- migrate:up\nA;\n-- migrate:down\nB;\n", "-- migrate:up\nA;\n"},
        {"A;\n---- create above / drop below ----\nB;\n", "A;\n"},
        {"A;\r\n-- +goose Down\r\nB;\r\n", "A;\r\n"},
        {"A;\n  -- +goose Down\nB;\n", "A;\n  -- +goose Down\nB;\n"}, /* only at the start of a line */
        {"A; -- +goose Down\nB;\n", "A; -- +goose Down\nB;\n"},
        {"-- +goose Down", ""},
        {"A;", "A;"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = sqlc_up_length(cases[i].text, strlen(cases[i].text));
        if (n != strlen(cases[i].up) || strncmp(cases[i].text, cases[i].up, n) != 0)
            fail_msg("case %zu: up part is %zu bytes, want %zu", i, n, strlen(cases[i].up));
    }
}

/* ---------------------------------------------------------------- names */

static void test_singular(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    static const char *const cases[][2] = {
        {"authors", "author"},       {"categories", "category"}, {"people", "person"},     {"statuses", "status"},
        {"status", "status"},        {"addresses", "address"},   {"boxes", "box"},          {"churches", "church"},
        {"wishes", "wish"},          {"data", "datum"},          {"media", "medium"},       {"news", "news"},
        {"campus", "campus"},        {"meta", "meta"},           {"metadata", "metadata"}, {"calories", "calorie"},
        {"waves", "wave"},           {"knives", "knife"},        {"wolves", "wolf"},        {"halves", "half"},
        {"buses", "bus"},            {"bus", "bus"},             {"mice", "mouse"},         {"series", "series"},
        {"movies", "movie"},         {"cookies", "cookie"},      {"indices", "index"},      {"vertices", "vertex"},
        {"matrices", "matrix"},      {"quizzes", "quiz"},        {"databases", "database"}, {"oxen", "ox"},
        {"axes", "axis"},            {"crises", "crisis"},       {"shoes", "shoe"},         {"heroes", "hero"},
        {"analyses", "analysis"},    {"theses", "thesis"},       {"diagnoses", "diagnosis"}, {"user_roles", "user_role"},
        {"AUTHORS", "AUTHOR"},       {"Women", "Woman"},         {"children", "child"},     {"archives", "archive"},
        {"fish", "fish"},            {"sheep", "sheep"},         {"equipment", "equipment"}, {"class", "class"},
        {"octopi", "octopus"},       {"viruses", "viruse"} /* as jinzhu/inflection has it */,       {"aliases", "alias"},      {"moves", "move"},
        {"sexes", "sex"},            {"queries", "query"},       {"soliloquies", "soliloquy"}, {"keys", "key"},
        {"days", "day"},             {"relatives", "relative"},  {"hives", "hive"},         {"user", "user"},
        {"CATEGORIES", "CATEGORY"},  {"Categories", "Category"}, {"FancyPeople", "FancyPerson"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = sqlc_singular(&a, cases[i][0]);
        if (strcmp(got, cases[i][1]) != 0)
            fail_msg("singular(%s) = %s, want %s", cases[i][0], got, cases[i][1]);
    }
    arena_free(&a);
}

static void test_struct_names(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *init = "id";
    sqlc_package pkg;
    memset(&pkg, 0, sizeof pkg);
    pkg.initialisms = &init;
    pkg.ninitialisms = 1;
    static const char *const cases[][3] = {
        /* name, as a table, as an enum */
        {"authors", "Author", "Authors"},
        {"book_authors", "BookAuthor", "BookAuthors"},
        {"user_ids", "UserID", "UserIds"},
        {"order-items", "OrderItem", "OrderItems"},
        {"2fa_codes", "_2faCode", "_2faCodes"},
        {"book_type", "BookType", "BookType"},
        {"id", "ID", "ID"},
        {"Users", "User", "Users"},
        {"a__b", "AB", "AB"},
        {"{}", "_", "_"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_string_equal(sqlc_struct_name(&a, &pkg, cases[i][0], true), cases[i][1]);
        assert_string_equal(sqlc_struct_name(&a, &pkg, cases[i][0], false), cases[i][2]);
    }
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v2_every_key), cmocka_unit_test(test_v1_json),   cmocka_unit_test(test_errors),
        cmocka_unit_test(test_paths),        cmocka_unit_test(test_up_length), cmocka_unit_test(test_singular),
        cmocka_unit_test(test_struct_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
