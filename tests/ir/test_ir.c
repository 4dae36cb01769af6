/*
 * test_ir.c - the schema model without the front end: models built by
 * hand, the JSON form (write, read, errors), equality and the difference
 * report, DDL pieces (quoting, types, defaults, statement order), names cut
 * to the identifier limit, expression normalization and default parsing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>

#include "ddl/ddl.h"
#include "introspect/introspect.h"
#include "model/ir.h"

/* A small model: enum Role, table User (id, email unique, role), table Post -> User. */
static void build(ir_schema *s, arena *a)
{
    memset(s, 0, sizeof(*s));
    s->provider = IR_PROVIDER_POSTGRESQL;
    s->nenums = 1;
    s->enums = ARENA_ARRAY(a, ir_enum, 1);
    s->enums[0].name = "Role";
    s->enums[0].db_name = "Role";
    s->enums[0].nvalues = 2;
    s->enums[0].values = ARENA_ARRAY(a, ir_enum_value, 2);
    s->enums[0].values[0] = (ir_enum_value){.name = "USER", .db_name = "USER"};
    s->enums[0].values[1] = (ir_enum_value){.name = "ADMIN", .db_name = "admin", .doc = "Can do anything."};

    s->ntables = 2;
    s->tables = ARENA_ARRAY(a, ir_table, 2);
    ir_table *u = &s->tables[1]; /* deliberately out of order: canonicalize sorts */
    u->name = "User";
    u->model = "User";
    u->ncolumns = 3;
    u->columns = ARENA_ARRAY(a, ir_column, 3);
    u->columns[0] = (ir_column){.name = "id", .field = "id", .scalar = SC_SCALAR_INT,
                                .dflt = {IR_DEFAULT_AUTOINCREMENT, NULL, NULL, 0}};
    u->columns[1] = (ir_column){.name = "e mail", .field = "email", .scalar = SC_SCALAR_STRING,
                                .native = "VarChar", .native_args = "200", .doc = "Unique \"address\"."};
    u->columns[2] = (ir_column){.name = "role", .field = "role", .enum_name = "Role",
                                .dflt = {IR_DEFAULT_ENUM, "admin", NULL, 0}};
    u->has_pk = true;
    u->pk.name = "User_pkey";
    u->pk.ncolumns = 1;
    u->pk.columns = ARENA_ARRAY(a, const char *, 1);
    u->pk.columns[0] = "id";
    u->nindexes = 1;
    u->indexes = ARENA_ARRAY(a, ir_index, 1);
    u->indexes[0].name = "User_e mail_key";
    u->indexes[0].unique = true;
    u->indexes[0].ncolumns = 1;
    u->indexes[0].columns = ARENA_ARRAY(a, ir_index_column, 1);
    u->indexes[0].columns[0].name = "e mail";

    ir_table *p = &s->tables[0];
    p->name = "Po\"st";
    p->model = "Post";
    p->ncolumns = 3;
    p->columns = ARENA_ARRAY(a, ir_column, 3);
    p->columns[0] = (ir_column){.name = "id", .field = "id", .scalar = SC_SCALAR_STRING,
                                .client_default = IR_CLIENT_UUID, .client_arg = 7};
    p->columns[1] = (ir_column){.name = "authorId", .field = "authorId", .scalar = SC_SCALAR_INT, .nullable = true};
    p->columns[2] = (ir_column){.name = "title", .field = "title", .scalar = SC_SCALAR_STRING,
                                .dflt = {IR_DEFAULT_STRING, "it's", NULL, 0}};
    p->has_pk = true;
    p->pk.name = "Post_pkey";
    p->pk.ncolumns = 1;
    p->pk.columns = ARENA_ARRAY(a, const char *, 1);
    p->pk.columns[0] = "id";
    p->nfks = 1;
    p->fks = ARENA_ARRAY(a, ir_foreign_key, 1);
    p->fks[0].name = "Post_authorId_fkey";
    p->fks[0].ncolumns = 1;
    p->fks[0].columns = ARENA_ARRAY(a, const char *, 1);
    p->fks[0].columns[0] = "authorId";
    p->fks[0].ref_table = "User";
    p->fks[0].ref_columns = ARENA_ARRAY(a, const char *, 1);
    p->fks[0].ref_columns[0] = "id";
    p->fks[0].on_delete = IR_ACTION_SET_NULL;
    p->fks[0].on_update = IR_ACTION_CASCADE;
    p->nchecks = 1;
    p->checks = ARENA_ARRAY(a, ir_check, 1);
    p->checks[0] = (ir_check){.name = "Post_title_check", .expr = "length(title) > 0"};
    ir_canonicalize(s);
}

static void test_canonical_order(void **state)
{
    arena a;
    arena_init(&a);
    ir_schema s;
    build(&s, &a);
    /* Bytewise order: '"' sorts before 'U', so "Po\"st" comes first. */
    assert_string_equal(s.tables[0].name, "Po\"st");
    assert_string_equal(s.tables[1].name, "User");
    assert_true(s.tables[1].columns[0].is_id);
    assert_false(s.tables[1].columns[1].is_id);
    assert_ptr_equal(ir_find_model(&s, "User"), &s.tables[1]);
    assert_ptr_equal(ir_find_field(&s.tables[1], "email"), &s.tables[1].columns[1]);
    assert_null(ir_find_table(&s, "Nope"));
    arena_free(&a);
}

static void test_json_round_trip(void **state)
{
    arena a;
    arena_init(&a);
    ir_schema s, back;
    build(&s, &a);
    const char *json = ir_to_json(&a, &s);
    assert_non_null(strstr(json, "\"version\": 2"));
    /* Members at their defaults are left out: no null, false, 0 or []. */
    assert_null(strstr(json, ": null"));
    assert_null(strstr(json, ": false"));
    assert_null(strstr(json, ": 0"));
    assert_null(strstr(json, ": []"));
    assert_non_null(strstr(json, "\"client_default\": \"uuid\""));
    assert_non_null(strstr(json, "\"Unique \\\"address\\\".\""));
    assert_int_equal(json[strlen(json) - 1], '\n');
    const char *err = NULL;
    assert_int_equal(ir_from_json(&back, &a, json, strlen(json), &err), 0);
    assert_true(ir_equal(&s, &back));
    assert_string_equal(ir_to_json(&a, &back), json);
    assert_int_equal(back.tables[0].columns[0].client_arg, 7);
    assert_int_equal(back.tables[1].columns[2].dflt.kind, IR_DEFAULT_ENUM);
    arena_free(&a);
}

/* OURS is exactly what jansson writes for the same document (JSON_INDENT(2) | JSON_PRESERVE_ORDER). */
static void assert_jansson_layout(const char *ours)
{
    json_error_t jerr;
    json_t *doc = json_loads(ours, 0, &jerr);
    assert_non_null(doc);
    char *again = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    assert_non_null(again);
    size_t n = strlen(again);
    assert_int_equal(strlen(ours), n + 1);
    assert_memory_equal(ours, again, n);
    assert_int_equal(ours[n], '\n');
    free(again);
}

/* The JSON text is written directly; its layout and escapes are jansson's, and a string jansson
 * refuses (not UTF-8) leaves the text as jansson's writer made it (the key left out). */
static void test_json_text_layout(void **state)
{
    arena a;
    arena_init(&a);
    ir_schema s;
    build(&s, &a);
    assert_jansson_layout(ir_to_json(&a, &s));
    s.tables[0].doc = "tab\there \"quoted\" back\\slash\nnew line \r\b\f \x01\x1f \x7f caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 /";
    s.enums[0].doc = "";
    const char *json = ir_to_json(&a, &s);
    assert_jansson_layout(json);
    assert_non_null(strstr(json, "\"doc\": \"tab\\there \\\"quoted\\\" back\\\\slash\\nnew line \\r\\b\\f \\u0001\\u001F \x7f caf"));
    /* Not UTF-8: an overlong form, a lone continuation byte, a surrogate. */
    static const char *const bad[] = {"x\xc0\xafy", "x\x80", "x\xed\xa0\x80", "x\xf5\x80\x80\x80"};
    s.tables[0].doc = NULL;
    const char *direct = ir_to_json(&a, &s);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        s.tables[0].doc = bad[i];
        json = ir_to_json(&a, &s);
        assert_jansson_layout(json);
        assert_null(strstr(json, bad[i]));
        /* jansson's writer drops the refused string's key; everything else is as the direct writer has it. */
        assert_string_equal(json, direct);
    }
    /* List defaults nested deeper than the direct writer goes (a snapshot may hold them). */
    s.tables[0].doc = NULL;
    for (int depth = 1; depth <= 60; depth += 59) {
        ir_default *d = &s.tables[0].columns[0].dflt;
        for (int i = 0; i < depth; i++) {
            d->kind = IR_DEFAULT_LIST;
            d->value = NULL;
            d->nitems = 1;
            d->items = ARENA_NEW(&a, ir_default);
            d = d->items;
        }
        d->kind = IR_DEFAULT_STRING;
        d->value = "leaf";
        assert_jansson_layout(ir_to_json(&a, &s));
    }
    arena_free(&a);
}

/* A version 1 text (every member written, nulls and falses included) reads as the same model, and is
   written back in version 2's form with the defaults left out. */
static void test_json_version1(void **state)
{
    arena a;
    arena_init(&a);
    static const char v1[] =
        "{\n  \"version\": 1,\n  \"provider\": \"sqlite\",\n  \"enums\": [],\n  \"tables\": [\n    {\n"
        "      \"name\": \"t\",\n      \"model\": \"T\",\n      \"kind\": \"model\",\n      \"doc\": null,\n"
        "      \"columns\": [\n        {\n          \"name\": \"id\",\n          \"field\": \"id\",\n"
        "          \"type\": \"Int\",\n          \"enum\": null,\n          \"native\": null,\n"
        "          \"native_args\": null,\n          \"unsupported\": null,\n          \"db_type\": null,\n"
        "          \"list\": false,\n          \"nullable\": false,\n"
        "          \"default\": {\n            \"kind\": \"autoincrement\",\n            \"value\": null\n          },\n"
        "          \"client_default\": null,\n          \"client_arg\": 0,\n          \"version\": false,\n"
        "          \"deleted_at\": false,\n          \"doc\": null\n        }\n      ],\n"
        "      \"primary_key\": {\n        \"name\": null,\n        \"columns\": [\n          \"id\"\n        ],\n"
        "        \"client_name\": null\n      },\n      \"indexes\": [],\n      \"foreign_keys\": [],\n"
        "      \"checks\": []\n    }\n  ],\n  \"relations\": []\n}\n";
    static const char v2[] =
        "{\n  \"version\": 2,\n  \"provider\": \"sqlite\",\n  \"tables\": [\n    {\n"
        "      \"name\": \"t\",\n      \"model\": \"T\",\n      \"kind\": \"model\",\n"
        "      \"columns\": [\n        {\n          \"name\": \"id\",\n          \"field\": \"id\",\n"
        "          \"type\": \"Int\",\n"
        "          \"default\": {\n            \"kind\": \"autoincrement\"\n          }\n        }\n      ],\n"
        "      \"primary_key\": {\n        \"columns\": [\n          \"id\"\n        ]\n      }\n    }\n  ]\n}\n";
    ir_schema s1, s2;
    const char *err = NULL;
    assert_int_equal(ir_from_json(&s1, &a, v1, strlen(v1), &err), 0);
    assert_string_equal(ir_to_json(&a, &s1), v2);
    assert_int_equal(ir_from_json(&s2, &a, v2, strlen(v2), &err), 0);
    assert_true(ir_equal(&s1, &s2));
    assert_int_equal(s2.ntables, 1);
    assert_true(s2.tables[0].has_pk);
    assert_int_equal(s2.tables[0].columns[0].dflt.kind, IR_DEFAULT_AUTOINCREMENT);
    assert_false(s2.tables[0].columns[0].nullable);
    arena_free(&a);
}

static void test_json_errors(void **state)
{
    arena a;
    arena_init(&a);
    ir_schema s;
    const char *err = NULL;
    assert_int_equal(ir_from_json(&s, &a, "{", 1, &err), -1);
    assert_non_null(strstr(err, "invalid JSON"));
    const char *v3 = "{\"version\": 3}";
    assert_int_equal(ir_from_json(&s, &a, v3, strlen(v3), &err), -1);
    assert_non_null(strstr(err, "version 3 was written by a newer schemac"));
    const char *none = "{\"tables\": []}";
    assert_int_equal(ir_from_json(&s, &a, none, strlen(none), &err), -1);
    assert_non_null(strstr(err, "no \"version\""));
    const char *v0 = "{\"version\": 0}";
    assert_int_equal(ir_from_json(&s, &a, v0, strlen(v0), &err), -1);
    assert_non_null(strstr(err, "version"));
    /* An entry that is not an object is refused, not read as all defaults. */
    const char *not_obj = "{\"version\": 2, \"provider\": \"sqlite\", \"tables\": [{\"name\": \"t\", \"model\": \"T\", "
                          "\"kind\": \"model\", \"columns\": [5]}]}";
    assert_int_equal(ir_from_json(&s, &a, not_obj, strlen(not_obj), &err), -1);
    assert_non_null(strstr(err, "must be an object"));
    /* A column whose type and enum are both left out is refused, not read as a column of no type. */
    const char *untyped = "{\"version\": 2, \"provider\": \"sqlite\", \"tables\": [{\"name\": \"t\", \"model\": \"T\", "
                          "\"kind\": \"model\", \"columns\": [{\"name\": \"c\", \"field\": \"c\"}]}]}";
    assert_int_equal(ir_from_json(&s, &a, untyped, strlen(untyped), &err), -1);
    assert_non_null(strstr(err, "type is missing"));
    /* What a table names must be there: a key's column, a foreign key's table and columns, an enum. */
    static const char *const dangling[][2] = {
        {"\"primary_key\": {\"columns\": [\"nope\"]}", "primary key column \"nope\" is not a column of table \"t\""},
        {"\"indexes\": [{\"name\": \"i\", \"columns\": [{\"name\": \"nope\", \"sort\": \"asc\"}], \"method\": \"BTree\"}]",
         "index column \"nope\" is not a column"},
        {"\"foreign_keys\": [{\"name\": \"f\", \"columns\": [\"c\"], \"ref_table\": \"gone\", \"ref_columns\": [\"c\"], "
         "\"on_delete\": \"Cascade\", \"on_update\": \"Cascade\"}]",
         "references table \"gone\", which is not in the schema"},
        {"\"foreign_keys\": [{\"name\": \"f\", \"columns\": [\"c\"], \"ref_table\": \"t\", \"ref_columns\": [\"x\"], "
         "\"on_delete\": \"Cascade\", \"on_update\": \"Cascade\"}]",
         "referenced column \"x\" is not a column of table \"t\""},
    };
    for (size_t i = 0; i < sizeof dangling / sizeof dangling[0]; i++) {
        const char *text = arena_printf(&a,
                                        "{\"version\": 2, \"provider\": \"sqlite\", \"tables\": [{\"name\": \"t\", \"model\": \"T\", "
                                        "\"kind\": \"model\", \"columns\": [{\"name\": \"c\", \"field\": \"c\", \"type\": \"Int\"}], %s}]}",
                                        dangling[i][0]);
        assert_int_equal(ir_from_json(&s, &a, text, strlen(text), &err), -1);
        assert_non_null(strstr(err, dangling[i][1]));
    }
    const char *no_enum = "{\"version\": 2, \"provider\": \"sqlite\", \"tables\": [{\"name\": \"t\", \"model\": \"T\", "
                          "\"kind\": \"model\", \"columns\": [{\"name\": \"c\", \"field\": \"c\", \"enum\": \"Gone\"}]}]}";
    assert_int_equal(ir_from_json(&s, &a, no_enum, strlen(no_enum), &err), -1);
    assert_non_null(strstr(err, "enum \"Gone\" is not an enum of the schema"));
    const char *no_cols = "{\"version\": 2, \"provider\": \"sqlite\", \"tables\": [{\"name\": \"t\", \"model\": \"T\", "
                          "\"kind\": \"model\"}]}";
    assert_int_equal(ir_from_json(&s, &a, no_cols, strlen(no_cols), &err), -1);
    assert_non_null(strstr(err, "columns are missing"));
    /* A valid model with one key removed is refused, naming the key. */
    ir_schema good;
    build(&good, &a);
    char *json = arena_strdup(&a, ir_to_json(&a, &good));
    char *k = strstr(json, "\"on_delete\": \"SetNull\",");
    assert_non_null(k);
    memset(k, ' ', strlen("\"on_delete\": \"SetNull\","));
    assert_int_equal(ir_from_json(&s, &a, json, strlen(json), &err), -1);
    assert_non_null(strstr(err, "on_delete"));
    const char *bad_action = "\"on_update\": \"Cascade\"";
    json = arena_strdup(&a, ir_to_json(&a, &good));
    k = strstr(json, bad_action);
    assert_non_null(k);
    memcpy(k + strlen("\"on_update\": \""), "Cascad!", 7);
    assert_int_equal(ir_from_json(&s, &a, json, strlen(json), &err), -1);
    arena_free(&a);
}

static void test_diff_report(void **state)
{
    arena a;
    arena_init(&a);
    ir_schema x, y;
    build(&x, &a);
    build(&y, &a);
    char *report = NULL;
    assert_int_equal(ir_diff_report(&report, &a, &x, &y, NULL), 0);
    assert_string_equal(report, "");
    y.tables[1].columns[1].nullable = true;
    y.tables[0].fks[0].on_delete = IR_ACTION_CASCADE;
    y.tables[1].indexes[0].name = "other";
    y.tables[0].columns[0].client_default = IR_CLIENT_CUID;
    assert_false(ir_equal(&x, &y));
    size_t n = ir_diff_report(&report, &a, &x, &y, NULL);
    assert_int_equal(n, 5);
    assert_non_null(strstr(report, "table \"User\": column \"e mail\": nullable: false != true\n"));
    assert_non_null(strstr(report, "foreign key \"Post_authorId_fkey\": on_delete: SetNull != Cascade"));
    assert_non_null(strstr(report, "table \"User\": index \"User_e mail_key\" missing"));
    assert_non_null(strstr(report, "table \"User\": index \"other\" unexpected"));
    assert_non_null(strstr(report, "client_default: uuid != cuid"));
    /* At database level the client default is not a difference. */
    ir_compare_options opt = IR_COMPARE_OPTIONS_INIT;
    opt.database_only = true;
    assert_int_equal(ir_diff_report(&report, &a, &x, &y, &opt), 4);
    assert_null(strstr(report, "client_default"));
    arena_free(&a);
}

static void test_constraint_names(void **state)
{
    arena a;
    arena_init(&a);
    const char *cols[] = {"a", "b"};
    assert_string_equal(ir_constraint_name(&a, "T", cols, 2, "idx", 63), "T_a_b_idx");
    assert_string_equal(ir_constraint_name(&a, "T", NULL, 0, "pkey", 63), "T_pkey");
    const char *longcol[] = {"aVeryLongColumnNameThatIsAlsoQuiteLongIndeed"};
    const char *n = ir_constraint_name(&a, "AVeryLongTableNameThatGoesOnAndOnForeverAndEver", longcol, 1, "key", 63);
    /* Prisma's cut: the stem shortened so that stem + "_key" is 63 bytes. */
    assert_string_equal(n, "AVeryLongTableNameThatGoesOnAndOnForeverAndEver_aVeryLongCo_key");
    assert_int_equal(strlen(n), 63);
    /* No limit: nothing is cut. */
    assert_int_equal(strlen(ir_constraint_name(&a, "AVeryLongTableNameThatGoesOnAndOnForeverAndEver", longcol, 1,
                                               "key", 0)),
                     47 + 1 + 44 + 4);
    /* A cut never splits a UTF-8 sequence. */
    const char *uni[] = {"ééééééééééééééééééééééééééééééééééééééééé"};
    const char *cut = ir_constraint_name(&a, "t", uni, 1, "key", 20);
    assert_true(strlen(cut) <= 20);
    assert_string_equal(cut + strlen(cut) - 4, "_key");
    assert_int_equal(((unsigned char)cut[strlen(cut) - 5] & 0xC0) != 0xC0, 1);
    arena_free(&a);
}

static void test_quoting(void **state)
{
    arena a;
    arena_init(&a);
    assert_string_equal(sqltext_ident(&a, "plain"), "\"plain\"");
    assert_string_equal(sqltext_ident(&a, "we\"ird\""), "\"we\"\"ird\"\"\"");
    assert_string_equal(sqltext_ident(&a, "naïve name"), "\"naïve name\"");
    assert_string_equal(sqltext_string(&a, "it's"), "'it''s'");
    const char *names[] = {"a", "b\"c"};
    assert_string_equal(ddl_ident_list(&a, names, 2), "\"a\", \"b\"\"c\"");
    arena_free(&a);
}

static void test_postgres_script(void **state)
{
    arena a;
    arena_init(&a);
    ir_schema s;
    build(&s, &a);
    const char *sql = ddl_create_script(&a, &ddl_postgres_dialect, &s);
    const char *type = strstr(sql, "CREATE TYPE \"Role\" AS ENUM ('USER', 'admin');");
    const char *post = strstr(sql, "CREATE TABLE \"Po\"\"st\" (");
    const char *user = strstr(sql, "CREATE TABLE \"User\" (");
    const char *idx = strstr(sql, "CREATE UNIQUE INDEX \"User_e mail_key\" ON \"User\"(\"e mail\");");
    const char *fk = strstr(sql, "ALTER TABLE \"Po\"\"st\" ADD CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY "
                                 "(\"authorId\") REFERENCES \"User\"(\"id\") ON DELETE SET NULL ON UPDATE CASCADE;");
    assert_non_null(type);
    assert_non_null(post);
    assert_non_null(user);
    assert_non_null(idx);
    assert_non_null(fk);
    /* Types first, tables next, indexes, then the keys that need every table. */
    assert_true(type < post && post < user && user < idx && idx < fk);
    assert_non_null(strstr(sql, "\"id\" SERIAL NOT NULL,"));
    assert_non_null(strstr(sql, "\"e mail\" VARCHAR(200) NOT NULL,"));
    assert_non_null(strstr(sql, "\"role\" \"Role\" NOT NULL DEFAULT 'admin',"));
    assert_non_null(strstr(sql, "\"title\" TEXT NOT NULL DEFAULT 'it''s',"));
    assert_non_null(strstr(sql, "CONSTRAINT \"Post_title_check\" CHECK (length(title) > 0)"));
    /* The client-side uuid() never reaches the database. */
    assert_non_null(strstr(sql, "    \"id\" TEXT NOT NULL,\n"));
    arena_free(&a);
}

static void test_sqlite_script(void **state)
{
    arena a;
    arena_init(&a);
    ir_schema s;
    build(&s, &a);
    const char *sql = ddl_create_script(&a, &ddl_sqlite_dialect, &s);
    assert_null(strstr(sql, "CREATE TYPE"));
    assert_null(strstr(sql, "ALTER TABLE"));
    assert_non_null(strstr(sql, "\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,"));
    assert_non_null(strstr(sql, "\"id\" TEXT NOT NULL PRIMARY KEY,"));
    assert_non_null(strstr(sql, "\"role\" TEXT NOT NULL DEFAULT 'admin'"));
    assert_non_null(strstr(sql, "CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY (\"authorId\") REFERENCES \"User\" "
                                "(\"id\") ON DELETE SET NULL ON UPDATE CASCADE,"));
    assert_non_null(strstr(sql, "CREATE UNIQUE INDEX \"User_e mail_key\" ON \"User\" (\"e mail\");"));
    arena_free(&a);
}

static void test_index_sql(void **state)
{
    arena a;
    arena_init(&a);
    ir_schema s;
    build(&s, &a);
    ir_table *t = &s.tables[1];
    ir_index x = {0};
    x.name = "i";
    x.ncolumns = 2;
    x.columns = ARENA_ARRAY(&a, ir_index_column, 2);
    x.columns[0] = (ir_index_column){"e mail", IR_SORT_DESC, NULL};
    x.columns[1] = (ir_index_column){"role", IR_SORT_ASC, "enum_ops"};
    x.method = IR_METHOD_GIST;
    x.where = "\"role\" = 'admin'";
    const char *inc[] = {"id"};
    x.include = inc;
    x.ninclude = 1;
    assert_string_equal(ddl_postgres_dialect.create_index(&a, &s, t, &x),
                        "CREATE INDEX \"i\" ON \"User\" USING GIST (\"e mail\" DESC, \"role\" enum_ops) "
                        "INCLUDE (\"id\") WHERE \"role\" = 'admin';\n");
    assert_string_equal(ddl_sqlite_dialect.create_index(&a, &s, t, &x),
                        "CREATE INDEX \"i\" ON \"User\" (\"e mail\" DESC, \"role\") WHERE \"role\" = 'admin';\n");
    arena_free(&a);
}

static void test_types_and_defaults(void **state)
{
    arena a;
    arena_init(&a);
    ir_schema s = {0};
    ir_column c = {.name = "x", .scalar = SC_SCALAR_DECIMAL};
    assert_string_equal(ddl_postgres_dialect.column_type(&a, &s, &c), "DECIMAL(65,30)");
    assert_string_equal(ddl_sqlite_dialect.column_type(&a, &s, &c), "DECIMAL");
    c.scalar = SC_SCALAR_DATETIME;
    assert_string_equal(ddl_postgres_dialect.column_type(&a, &s, &c), "TIMESTAMP(3)");
    c.native = "Timestamptz";
    c.native_args = "6";
    assert_string_equal(ddl_postgres_dialect.column_type(&a, &s, &c), "TIMESTAMPTZ(6)");
    assert_string_equal(ddl_sqlite_dialect.column_type(&a, &s, &c), "DATETIME");
    c = (ir_column){.name = "x", .scalar = SC_SCALAR_STRING, .native = "Char"};
    assert_string_equal(ddl_postgres_dialect.column_type(&a, &s, &c), "CHAR(1)");
    c = (ir_column){.name = "x", .scalar = SC_SCALAR_BIGINT, .dflt = {IR_DEFAULT_AUTOINCREMENT, NULL, NULL, 0}};
    assert_string_equal(ddl_postgres_dialect.column_type(&a, &s, &c), "BIGSERIAL");
    assert_null(ddl_postgres_dialect.default_sql(&a, &s, &c));
    ir_default items[2] = {{IR_DEFAULT_STRING, "a'b", NULL, 0}, {IR_DEFAULT_STRING, "c", NULL, 0}};
    c = (ir_column){.name = "x", .scalar = SC_SCALAR_STRING, .list = true,
                    .dflt = {IR_DEFAULT_LIST, NULL, items, 2}};
    assert_string_equal(ddl_postgres_dialect.column_type(&a, &s, &c), "TEXT[]");
    assert_string_equal(ddl_postgres_dialect.default_sql(&a, &s, &c), "ARRAY['a''b', 'c']::TEXT[]");
    c = (ir_column){.name = "x", .scalar = SC_SCALAR_STRING, .dflt = {IR_DEFAULT_EXPR, "lower('X')", NULL, 0}};
    assert_string_equal(ddl_sqlite_dialect.default_sql(&a, &s, &c), "(lower('X'))");
    assert_string_equal(ddl_postgres_dialect.default_sql(&a, &s, &c), "lower('X')");
    c.dflt = (ir_default){IR_DEFAULT_NOW, NULL, NULL, 0};
    assert_string_equal(ddl_sqlite_dialect.default_sql(&a, &s, &c), "CURRENT_TIMESTAMP");
    arena_free(&a);
}

static void test_normalize_expr(void **state)
{
    arena a;
    arena_init(&a);
    assert_string_equal(ir_normalize_expr(&a, "(price > (0)::numeric)"), ir_normalize_expr(&a, "price > 0"));
    assert_string_equal(ir_normalize_expr(&a, "(name <> ''::text)"), ir_normalize_expr(&a, "name <> ''"));
    assert_string_equal(ir_normalize_expr(&a, "x::character varying AND y"), "xandy");
    assert_string_equal(ir_normalize_expr(&a, "'A B' = \"Col\""), "'A B'=\"Col\"");
    assert_string_equal(ir_normalize_expr(&a, "'it''s'::text"), "'it''s'");
    assert_string_not_equal(ir_normalize_expr(&a, "a > 1"), ir_normalize_expr(&a, "a > 2"));
    arena_free(&a);
}

static void test_parse_default(void **state)
{
    arena a;
    arena_init(&a);
    ir_default d;
    ir_default_parse(&d, &a, "nextval('\"User_id_seq\"'::regclass)", SC_SCALAR_INT, false);
    assert_int_equal(d.kind, IR_DEFAULT_AUTOINCREMENT);
    ir_default_parse(&d, &a, "CURRENT_TIMESTAMP", SC_SCALAR_DATETIME, false);
    assert_int_equal(d.kind, IR_DEFAULT_NOW);
    ir_default_parse(&d, &a, "'it''s'::text", SC_SCALAR_STRING, false);
    assert_int_equal(d.kind, IR_DEFAULT_STRING);
    assert_string_equal(d.value, "it's");
    ir_default_parse(&d, &a, "'-1'::integer", SC_SCALAR_INT, false);
    assert_int_equal(d.kind, IR_DEFAULT_NUMBER);
    assert_string_equal(d.value, "-1");
    ir_default_parse(&d, &a, "'ADMIN'::\"Role\"", SC_SCALAR_NONE, true);
    assert_int_equal(d.kind, IR_DEFAULT_ENUM);
    assert_string_equal(d.value, "ADMIN");
    ir_default_parse(&d, &a, "true", SC_SCALAR_BOOLEAN, false);
    assert_int_equal(d.kind, IR_DEFAULT_BOOLEAN);
    ir_default_parse(&d, &a, "1.50", SC_SCALAR_DECIMAL, false);
    assert_int_equal(d.kind, IR_DEFAULT_NUMBER);
    assert_string_equal(d.value, "1.50");
    ir_default_parse(&d, &a, "ARRAY['a'::text, 'b,c'::text]", SC_SCALAR_STRING, false);
    assert_int_equal(d.kind, IR_DEFAULT_LIST);
    assert_int_equal(d.nitems, 2);
    assert_string_equal(d.items[1].value, "b,c");
    ir_default_parse(&d, &a, "gen_random_uuid()", SC_SCALAR_STRING, false);
    assert_int_equal(d.kind, IR_DEFAULT_EXPR);
    assert_string_equal(d.value, "gen_random_uuid()");
    ir_default_parse(&d, &a, NULL, SC_SCALAR_STRING, false);
    assert_int_equal(d.kind, IR_DEFAULT_NONE);
    /* Array elements PostgreSQL had to cast come back wrapped: (1.5)::double precision. */
    ir_default_parse(&d, &a, "ARRAY[(1.5)::double precision, ('-2'::integer)::double precision]",
                             SC_SCALAR_FLOAT, false);
    assert_int_equal(d.kind, IR_DEFAULT_LIST);
    assert_int_equal(d.nitems, 2);
    assert_int_equal(d.items[0].kind, IR_DEFAULT_NUMBER);
    assert_string_equal(d.items[0].value, "1.5");
    assert_int_equal(d.items[1].kind, IR_DEFAULT_NUMBER);
    assert_string_equal(d.items[1].value, "-2");
    ir_default_parse(&d, &a, "(a + b)::integer", SC_SCALAR_INT, false);
    assert_int_equal(d.kind, IR_DEFAULT_EXPR);
    assert_string_equal(d.value, "(a + b)::integer");
    /* Bytes defaults: hex in the database (either spelling), base64 in the model. */
    ir_default_parse(&d, &a, "'\\x68656c6c6f'::bytea", SC_SCALAR_BYTES, false);
    assert_int_equal(d.kind, IR_DEFAULT_STRING);
    assert_string_equal(d.value, "aGVsbG8=");
    ir_default_parse(&d, &a, "'6869'", SC_SCALAR_BYTES, false);
    assert_string_equal(d.value, "aGk=");
    ir_default_parse(&d, &a, "'not hex'", SC_SCALAR_BYTES, false);
    assert_string_equal(d.value, "not hex");
    arena_free(&a);
}

/* One spelling per number (Prisma's), and the value a database compares. */
static void test_number_text(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    static const char *const cases[][3] = {
        {"1.50", "1.50", "1.5"},   {"2.00", "2.00", "2"},       {"007", "7", "7"},
        {"-0", "0", "0"},          {"-0.0", "0.0", "0"},        {"+2", "2", "2"},
        {"-.5", "-0.5", "-0.5"},   {"1.", "1", "1"},            {"1e3", "1000", "1000"},
        {"1E2", "100", "100"},     {"1.50e1", "15.0", "15"},    {"2.5e+2", "250", "250"},
        {"1.5e-3", "0.0015", "0.0015"}, {"1e-10", "0.0000000001", "0.0000000001"},
        {"0.000", "0.000", "0"},   {"-0.10", "-0.10", "-0.1"},  {"123.456e2", "12345.6", "12345.6"},
        {"9007199254740993", "9007199254740993", "9007199254740993"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_string_equal(ir_number_text(&a, cases[i][0], false), cases[i][1]);
        assert_string_equal(ir_number_text(&a, cases[i][0], true), cases[i][2]);
    }
    static const char *const bad[] = {"", ".", "-", " 1.5", "0x10", "inf", "NaN", "1e", "1e+", "1.5.2", "1e99999", "--1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_null(ir_number_text(&a, bad[i], false));
    /* Introspection keeps numbers in that spelling too (a value the JSON form accepts). */
    ir_default d;
    ir_default_parse(&d, &a, "'-.5'::numeric", SC_SCALAR_DECIMAL, false);
    assert_int_equal(d.kind, IR_DEFAULT_NUMBER);
    assert_string_equal(d.value, "-0.5");
    ir_default_parse(&d, &a, "1e-10", SC_SCALAR_FLOAT, false);
    assert_int_equal(d.kind, IR_DEFAULT_NUMBER);
    assert_string_equal(d.value, "0.0000000001");
    arena_free(&a);
}

/*
 * A model read from a database is compared as it is: an unnamed CHECK (SQLite
 * keeps them so) does not make it vanish from the comparison (which then
 * reported every table missing), and unnamed checks match by expression.
 */
static void test_db_view_keeps_read_models(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ir_schema s, live;
    build(&s, &a);
    build(&live, &a);
    s.provider = live.provider = IR_PROVIDER_SQLITE;
    live.tables[0].checks[0].name = NULL;
    ir_schema *v = ddl_db_view(&a, &ddl_sqlite_dialect, &live);
    assert_int_equal(v->ntables, 2);
    char *report = NULL;
    assert_int_equal(ddl_db_diff(&report, &a, &ddl_sqlite_dialect, &live, &live), 0);
    assert_int_equal(ddl_db_diff(&report, &a, &ddl_sqlite_dialect, &s, &live), 2);
    assert_non_null(strstr(report, "check \"Post_title_check\" missing"));
    assert_non_null(strstr(report, "check \"(none)\" unexpected"));
    arena_free(&a);
}

static void test_bytes_hex(void **state)
{
    arena a;
    arena_init(&a);
    assert_string_equal(ddl_bytes_hex(&a, "aGVsbG8="), "68656c6c6f");
    assert_string_equal(ddl_bytes_hex(&a, "aGk="), "6869");
    assert_string_equal(ddl_bytes_hex(&a, "aGk"), "6869");
    assert_string_equal(ddl_bytes_hex(&a, "/w=="), "ff");
    assert_string_equal(ddl_bytes_hex(&a, ""), "");
    assert_null(ddl_bytes_hex(&a, "a*b="));
    assert_null(ddl_bytes_hex(&a, "a"));
    /* Both dialects write the bytes, as Prisma does. */
    ir_column c;
    memset(&c, 0, sizeof(c));
    c.name = "b";
    c.scalar = SC_SCALAR_BYTES;
    c.dflt.kind = IR_DEFAULT_STRING;
    c.dflt.value = "aGk=";
    assert_string_equal(ddl_postgres_dialect.default_sql(&a, NULL, &c), "'\\x6869'");
    assert_string_equal(ddl_sqlite_dialect.default_sql(&a, NULL, &c), "'6869'");
    arena_free(&a);
}

/* What PostgreSQL keeps: cut identifiers, DateTime defaults in the column type's form, no NULL default. */
static void test_pg_db_view(void **state)
{
    arena a;
    arena_init(&a);
    ir_schema s;
    memset(&s, 0, sizeof(s));
    ir_table t;
    memset(&t, 0, sizeof(t));
    t.name = "T_23456789012345678901234567890123456789012345678901234567890123";
    ir_column cols[5];
    memset(cols, 0, sizeof(cols));
    const char *natives[] = {NULL, "Timestamptz", "Date", "Time"};
    const char *values[] = {"2020-01-02 03:04:05.6780 +02:00", "2020-01-02 01:30:00 +02:00",
                            "2020-01-02 00:00:00 +00:00", "1970-01-01 10:11:12 +00:00"};
    const char *kept[] = {"2020-01-02 03:04:05.678", "2020-01-01 23:30:00 UTC", "2020-01-02", "10:11:12"};
    for (size_t i = 0; i < 4; i++) {
        cols[i].name = arena_printf(&a, "c%zu", i);
        cols[i].scalar = SC_SCALAR_DATETIME;
        cols[i].native = natives[i];
        cols[i].dflt.kind = IR_DEFAULT_STRING;
        cols[i].dflt.value = values[i];
    }
    cols[4].name = "n";
    cols[4].scalar = SC_SCALAR_STRING;
    cols[4].nullable = true;
    cols[4].dflt.kind = IR_DEFAULT_EXPR;
    cols[4].dflt.value = "NULL";
    t.columns = cols;
    t.ncolumns = 5;
    s.tables = &t;
    s.ntables = 1;
    ir_schema *v = ddl_db_view(&a, &ddl_postgres_dialect, &s);
    assert_int_equal(strlen(v->tables[0].name), 63);
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(v->tables[0].columns[i].dflt.value, kept[i]);
    assert_int_equal(v->tables[0].columns[4].dflt.kind, IR_DEFAULT_NONE);
    /* The same value as PostgreSQL gives it back compares equal. */
    cols[0].dflt.value = "2020-01-02 03:04:05.678";
    cols[1].dflt.value = "2020-01-01 23:30:00+00";
    v = ddl_db_view(&a, &ddl_postgres_dialect, &s);
    assert_string_equal(v->tables[0].columns[0].dflt.value, kept[0]);
    assert_string_equal(v->tables[0].columns[1].dflt.value, kept[1]);
    arena_free(&a);
}

static void test_db_view(void **state)
{
    arena a;
    arena_init(&a);
    ir_schema s;
    build(&s, &a);
    ir_schema *v = ddl_db_view(&a, &ddl_sqlite_dialect, &s);
    assert_int_equal(v->nenums, 0);
    const ir_table *u = ir_find_table(v, "User");
    assert_non_null(u);
    assert_null(u->pk.name);
    assert_null(u->model);
    assert_null(ir_find_column(u, "role")->enum_name);
    assert_int_equal(ir_find_column(u, "role")->dflt.kind, IR_DEFAULT_STRING);
    /* The original is untouched. */
    assert_string_equal(s.tables[1].pk.name, "User_pkey");
    /* Equal models have no database-level difference; a changed type is one. */
    ir_schema t;
    build(&t, &a);
    char *report;
    assert_int_equal(ddl_db_diff(&report, &a, &ddl_postgres_dialect, &s, &t), 0);
    t.tables[1].columns[1].native_args = "100";
    assert_int_equal(ddl_db_diff(&report, &a, &ddl_postgres_dialect, &s, &t), 1);
    assert_non_null(strstr(report, "type: VARCHAR(200) != VARCHAR(100)"));
    arena_free(&a);
}

/*
 * Extensions: in the JSON form only when there are any (a snapshot written
 * before them loads with none), compared by database name, at database level
 * as Prisma compares them, and created first in the PostgreSQL script.
 */
static void test_extensions(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ir_schema s, back;
    const char *err = NULL;
    build(&s, &a);
    const char *plain = ir_to_json(&a, &s);
    assert_null(strstr(plain, "extensions"));
    assert_int_equal(ir_from_json(&back, &a, plain, strlen(plain), &err), 0);
    assert_int_equal(back.nextensions, 0);

    s.nextensions = 2;
    s.extensions = ARENA_ARRAY(&a, ir_extension, 2);
    s.extensions[0] = (ir_extension){.name = "uuid_ossp", .db_name = "uuid-ossp", .schema = "ext", .version = NULL};
    s.extensions[1] = (ir_extension){.name = "citext", .db_name = "citext", .schema = NULL, .version = "1.6"};
    ir_canonicalize(&s);
    assert_string_equal(s.extensions[0].name, "citext");
    const char *json = ir_to_json(&a, &s);
    assert_non_null(strstr(json, "\"extensions\": ["));
    assert_int_equal(ir_from_json(&back, &a, json, strlen(json), &err), 0);
    assert_true(ir_equal(&s, &back));
    assert_string_equal(ir_to_json(&a, &back), json);
    assert_string_equal(ir_find_extension(&back, "uuid-ossp")->schema, "ext");

    char *script = ddl_create_script(&a, &ddl_postgres_dialect, &s);
    assert_true(strncmp(script, "CREATE EXTENSION IF NOT EXISTS \"citext\" WITH VERSION \"1.6\";\n\n"
                                "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA \"ext\";\n\n"
                                "CREATE TYPE",
                        strlen("CREATE EXTENSION IF NOT EXISTS \"citext\" WITH VERSION \"1.6\";\n\n"
                               "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\" WITH SCHEMA \"ext\";\n\n"
                               "CREATE TYPE")) == 0);

    /* At database level: installed with more (schema, version, other extensions) is no difference. */
    ir_schema live;
    build(&live, &a);
    live.nextensions = 3;
    live.extensions = ARENA_ARRAY(&a, ir_extension, 3);
    live.extensions[0] = (ir_extension){"citext", "citext", "public", "1.6"};
    live.extensions[1] = (ir_extension){"pg_trgm", "pg_trgm", "public", "1.6"};
    live.extensions[2] = (ir_extension){"uuid-ossp", "uuid-ossp", "ext", "1.1"};
    ir_canonicalize(&live);
    char *report = NULL;
    assert_int_equal(ddl_db_diff(&report, &a, &ddl_postgres_dialect, &s, &live), 0);
    live.extensions[0].version = "1.5";
    live.extensions[2].schema = "public";
    assert_int_equal(ddl_db_diff(&report, &a, &ddl_postgres_dialect, &s, &live), 2);
    assert_non_null(strstr(report, "extension \"citext\": version: 1.6 != 1.5"));
    assert_non_null(strstr(report, "extension \"uuid-ossp\": schema: ext != public"));
    live.nextensions = 1; /* citext only */
    assert_int_equal(ddl_db_diff(&report, &a, &ddl_postgres_dialect, &s, &live), 2);
    assert_non_null(strstr(report, "extension \"uuid-ossp\" missing"));
    /* Model level: everything counts. */
    assert_int_equal(ir_diff_report(&report, &a, &s, &back, NULL), 0);
    back.extensions[1].schema = NULL;
    assert_int_equal(ir_diff_report(&report, &a, &s, &back, NULL), 1);

    /* Read from outside: PostgreSQL only, one per database name, names without control characters. */
    const char *bad[] = {
        "{\"version\": 1, \"provider\": \"sqlite\", \"extensions\": [{\"name\": \"a\", \"db_name\": \"a\", "
        "\"schema\": null, \"version\": null}], \"enums\": [], \"tables\": [], \"relations\": []}",
        "{\"version\": 1, \"provider\": \"postgresql\", \"extensions\": [{\"name\": \"a\", \"db_name\": \"x\", "
        "\"schema\": null, \"version\": null}, {\"name\": \"b\", \"db_name\": \"x\", \"schema\": null, "
        "\"version\": null}], \"enums\": [], \"tables\": [], \"relations\": []}",
        "{\"version\": 1, \"provider\": \"postgresql\", \"extensions\": [{\"name\": \"a\", \"db_name\": \"a\", "
        "\"schema\": \"x\\ny\", \"version\": null}], \"enums\": [], \"tables\": [], \"relations\": []}",
        "{\"version\": 1, \"provider\": \"postgresql\", \"extensions\": {}, \"enums\": [], \"tables\": [], "
        "\"relations\": []}",
        "{\"version\": 1, \"provider\": \"postgresql\", \"extensions\": [{\"name\": \"a\"}], \"enums\": [], "
        "\"tables\": [], \"relations\": []}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err = NULL;
        assert_int_equal(ir_from_json(&back, &a, bad[i], strlen(bad[i]), &err), -1);
        assert_non_null(err);
    }
    arena_free(&a);
}

/* Multi-schema: tables and enums carry their schema through JSON, DDL and comparison. */
static void test_schemas(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ir_schema s, back;
    const char *err = NULL;
    build(&s, &a);
    const char *plain = ir_to_json(&a, &s);
    assert_null(strstr(plain, "schema"));

    s.nschemas = 3;
    s.schemas = ARENA_ARRAY(&a, const char *, 3);
    s.schemas[0] = "shop";
    s.schemas[1] = "auth";
    s.schemas[2] = "shop";
    s.enums[0].schema = "auth";
    ir_table *post = ir_find_table(&s, "Po\"st"), *user = ir_find_table(&s, "User");
    post->schema = "shop";
    user->schema = "auth";
    user->columns[2].enum_schema = "auth";
    post->fks[0].ref_schema = "auth";
    ir_canonicalize(&s);
    assert_int_equal(s.nschemas, 2); /* sorted, one of each */
    assert_string_equal(s.schemas[0], "auth");
    const char *json = ir_to_json(&a, &s);
    assert_non_null(strstr(json, "\"schemas\": [\n    \"auth\",\n    \"shop\"\n  ]"));
    assert_non_null(strstr(json, "\"ref_schema\": \"auth\""));
    assert_int_equal(ir_from_json(&back, &a, json, strlen(json), &err), 0);
    assert_true(ir_equal(&s, &back));
    assert_string_equal(ir_to_json(&a, &back), json);

    char *script = ddl_create_script(&a, &ddl_postgres_dialect, &s);
    assert_true(strncmp(script, "CREATE SCHEMA IF NOT EXISTS \"auth\";\n\nCREATE SCHEMA IF NOT EXISTS \"shop\";\n\n",
                        strlen("CREATE SCHEMA IF NOT EXISTS \"auth\";\n\nCREATE SCHEMA IF NOT EXISTS \"shop\";\n\n")) == 0);
    assert_non_null(strstr(script, "CREATE TYPE \"auth\".\"Role\" AS ENUM"));
    assert_non_null(strstr(script, "CREATE TABLE \"auth\".\"User\" ("));
    assert_non_null(strstr(script, "\"role\" \"auth\".\"Role\" NOT NULL"));
    assert_non_null(strstr(script, "CREATE UNIQUE INDEX \"User_e mail_key\" ON \"auth\".\"User\"(\"e mail\");"));
    assert_non_null(strstr(script, "ALTER TABLE \"shop\".\"Po\"\"st\" ADD CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY "
                                   "(\"authorId\") REFERENCES \"auth\".\"User\"(\"id\")"));

    /* Tables and enums match by schema and name: the same name elsewhere is another object. */
    char *report = NULL;
    back.tables[1].schema = "shop";
    ir_canonicalize(&back);
    assert_int_equal(ddl_db_diff(&report, &a, &ddl_postgres_dialect, &s, &back), 2);
    assert_non_null(strstr(report, "table \"auth.User\" missing"));
    assert_non_null(strstr(report, "table \"shop.User\" unexpected"));
    /* one name in two schemas is two tables; twice in one schema is refused */
    const char *two = "{\"version\": 1, \"provider\": \"postgresql\", \"schemas\": [\"a\", \"b\"], \"enums\": [], "
                      "\"tables\": [{\"name\": \"t\", \"schema\": \"a\", \"model\": null, \"kind\": \"model\", "
                      "\"doc\": null, \"columns\": [{\"name\": \"c\", \"field\": \"c\", \"type\": \"Int\"}], \"primary_key\": null, \"indexes\": [], \"foreign_keys\": [], "
                      "\"checks\": []}, {\"name\": \"t\", \"schema\": \"b\", \"model\": null, \"kind\": \"model\", "
                      "\"doc\": null, \"columns\": [{\"name\": \"c\", \"field\": \"c\", \"type\": \"Int\"}], \"primary_key\": null, \"indexes\": [], \"foreign_keys\": [], "
                      "\"checks\": []}], \"relations\": []}";
    assert_int_equal(ir_from_json(&back, &a, two, strlen(two), &err), 0);
    assert_int_equal(back.ntables, 2);
    assert_non_null(ir_find_table_in(&back, "b", "t"));
    assert_null(ir_find_table_in(&back, NULL, "t"));
    char *same = arena_strdup(&a, two);
    char *b = strstr(same, "\"schema\": \"b\"");
    b[11] = 'a';
    err = NULL;
    assert_int_equal(ir_from_json(&back, &a, same, strlen(same), &err), -1);
    assert_non_null(strstr(err, "table \"a.t\" is defined twice"));
    /* schemas are PostgreSQL's */
    const char *lite = "{\"version\": 1, \"provider\": \"sqlite\", \"schemas\": [\"a\"], \"enums\": [], \"tables\": [], "
                       "\"relations\": []}";
    assert_int_equal(ir_from_json(&back, &a, lite, strlen(lite), &err), -1);
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canonical_order), cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_json_errors),     cmocka_unit_test(test_json_version1),     cmocka_unit_test(test_diff_report),
        cmocka_unit_test(test_json_text_layout),
        cmocka_unit_test(test_constraint_names), cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_postgres_script), cmocka_unit_test(test_sqlite_script),
        cmocka_unit_test(test_index_sql),       cmocka_unit_test(test_types_and_defaults),
        cmocka_unit_test(test_normalize_expr),  cmocka_unit_test(test_parse_default),
        cmocka_unit_test(test_db_view),         cmocka_unit_test(test_bytes_hex),
        cmocka_unit_test(test_pg_db_view),      cmocka_unit_test(test_extensions),
        cmocka_unit_test(test_number_text),     cmocka_unit_test(test_db_view_keeps_read_models),
        cmocka_unit_test(test_schemas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
