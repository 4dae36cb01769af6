/*
 * test_ir_lower.c - lowering from in-memory schemas: what Prisma leaves
 * implicit and the model makes explicit (names, actions, join tables,
 * @version defaults, client-side defaults), and canonical form (the same
 * meaning written in another order gives the same model).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ddl/ddl.h"
#include "model/ir.h"
#include "front/parser.h"
#include "sema/sema.h"
#include "sema/lower.h"

/* Parse, check and lower TEXT into OUT (for PROVIDER, NONE: the datasource's); the schema must be valid. */
static void lower_text(arena *a, const char *text, ir_provider provider, ir_schema *out)
{
    sc_sources src = {0};
    sc_diags diags;
    ast_schema ast;
    diag_init(&diags, a);
    source_add(&src, a, "test.prisma", text, strlen(text));
    int prc = parse_schema(&ast, a, &src, &diags);
    int src_rc = prc == 0 ? sema_check(&ast, a, &src, &diags) : -1;
    for (const sc_diag *d = diags.first; d; d = d->next)
        fprintf(stderr, "%u:%u: %s\n", d->span.line, d->span.col, d->message);
    assert_int_equal(src_rc, 0);
    assert_int_equal(lower_schema(out, a, &ast, provider), 0);
}

static const char *blog =
    "datasource db {\n  provider = \"postgresql\"\n}\n"
    "model User {\n"
    "  id    Int    @id @default(autoincrement())\n"
    "  email String @unique\n"
    "  posts Post[]\n"
    "  tags  Tag[]\n"
    "}\n"
    "model Post {\n"
    "  id       String @id @default(uuid(7))\n"
    "  authorId Int\n"
    "  author   User   @relation(fields: [authorId], references: [id])\n"
    "  editorId Int?\n"
    "  editor   Editor? @relation(fields: [editorId], references: [id])\n"
    "  updated  DateTime @updatedAt\n"
    "  version  Int    @version\n"
    "  title    String @check(\"length(title) > 0\")\n"
    "  @@check(\"editorId IS NULL OR editorId > 0\")\n"
    "  @@check(\"authorId > 0\", map: \"author_positive\")\n"
    "  @@check(\"version >= 0\")\n"
    "  @@index([title], where: { editorId: null, title: { not: \"x'y\" } })\n"
    "}\n"
    "model Editor {\n  id Int @id\n  posts Post[]\n}\n"
    "model Tag {\n  id Int @id\n  users User[]\n}\n";

static void test_names_and_actions(void **state)
{
    arena a;
    arena_init(&a);
    ir_schema s;
    lower_text(&a, blog, IR_PROVIDER_NONE, &s);
    assert_int_equal(s.provider, IR_PROVIDER_POSTGRESQL);
    const ir_table *post = ir_find_model(&s, "Post");
    assert_non_null(post);
    assert_string_equal(post->pk.name, "Post_pkey");
    const ir_foreign_key *author = ir_find_fk(post, "Post_authorId_fkey");
    assert_non_null(author);
    /* Required relation: Restrict / Cascade; optional: SetNull / Cascade. */
    assert_int_equal(author->on_delete, IR_ACTION_RESTRICT);
    assert_int_equal(author->on_update, IR_ACTION_CASCADE);
    const ir_foreign_key *editor = ir_find_fk(post, "Post_editorId_fkey");
    assert_non_null(editor);
    assert_int_equal(editor->on_delete, IR_ACTION_SET_NULL);
    assert_int_equal(editor->on_update, IR_ACTION_CASCADE);
    assert_non_null(ir_find_index(ir_find_model(&s, "User"), "User_email_key"));
    /* Field check, then model checks numbered in written order, map: taking no number. */
    assert_string_equal(ir_find_check(post, "Post_title_check")->expr, "length(title) > 0");
    assert_string_equal(ir_find_check(post, "Post_check")->expr, "editorId IS NULL OR editorId > 0");
    assert_string_equal(ir_find_check(post, "Post_check1")->expr, "version >= 0");
    assert_string_equal(ir_find_check(post, "author_positive")->expr, "authorId > 0");
    const ir_index *partial = ir_find_index(post, "Post_title_idx");
    assert_non_null(partial);
    assert_string_equal(partial->where, "\"editorId\" IS NULL AND \"title\" <> 'x''y'");
    arena_free(&a);
}

static void test_columns(void **state)
{
    arena a;
    arena_init(&a);
    ir_schema s;
    lower_text(&a, blog, IR_PROVIDER_NONE, &s);
    const ir_table *post = ir_find_model(&s, "Post");
    const ir_column *id = ir_find_field(post, "id");
    assert_int_equal(id->client_default, IR_CLIENT_UUID);
    assert_int_equal(id->client_arg, 7);
    assert_int_equal(id->dflt.kind, IR_DEFAULT_NONE);
    assert_true(id->is_id);
    assert_int_equal(ir_find_field(post, "updated")->client_default, IR_CLIENT_UPDATED_AT);
    const ir_column *version = ir_find_field(post, "version");
    assert_true(version->version);
    assert_int_equal(version->dflt.kind, IR_DEFAULT_NUMBER);
    assert_string_equal(version->dflt.value, "0");
    /* Client-side defaults never reach the DDL; @version's DEFAULT 0 does. */
    const char *sql = ddl_create_script(&a, &ddl_postgres_dialect, &s);
    assert_non_null(strstr(sql, "    \"id\" TEXT NOT NULL,\n"));
    assert_non_null(strstr(sql, "    \"updated\" TIMESTAMP(3) NOT NULL,\n"));
    assert_non_null(strstr(sql, "    \"version\" INTEGER NOT NULL DEFAULT 0,\n"));
    arena_free(&a);
}

static void test_implicit_many_to_many(void **state)
{
    arena a;
    arena_init(&a);
    ir_schema pg, lite;
    lower_text(&a, blog, IR_PROVIDER_NONE, &pg);
    lower_text(&a, blog, IR_PROVIDER_SQLITE, &lite);
    /* Default relation name: model names sorted, joined by "To"; A is the first model (Tag). */
    const ir_table *jt = ir_find_table(&pg, "_TagToUser");
    assert_non_null(jt);
    assert_int_equal(jt->kind, IR_TABLE_JOIN);
    assert_null(jt->model);
    assert_string_equal(jt->pk.name, "_TagToUser_AB_pkey");
    assert_non_null(ir_find_index(jt, "_TagToUser_B_index"));
    const ir_foreign_key *fa = ir_find_fk(jt, "_TagToUser_A_fkey");
    assert_non_null(fa);
    assert_string_equal(fa->ref_table, "Tag");
    assert_int_equal(fa->on_delete, IR_ACTION_CASCADE);
    assert_int_equal(fa->on_update, IR_ACTION_CASCADE);
    assert_string_equal(ir_find_fk(jt, "_TagToUser_B_fkey")->ref_table, "User");
    /* SQLite keys the join table with a unique index instead of a primary key. */
    const ir_table *jl = ir_find_table(&lite, "_TagToUser");
    assert_false(jl->has_pk);
    assert_true(ir_find_index(jl, "_TagToUser_AB_unique")->unique);
    /* Navigation for loaders. */
    size_t n;
    const ir_relation *r = ir_model_relations(&pg, "User", &n);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].field, "posts");
    assert_int_equal(r[0].kind, IR_REL_BACK);
    assert_string_equal(r[0].target_columns[0], "authorId");
    assert_string_equal(r[1].field, "tags");
    assert_int_equal(r[1].kind, IR_REL_JOIN);
    assert_string_equal(r[1].join_table, "_TagToUser");
    assert_string_equal(r[1].join_self_column, "B");
    assert_string_equal(r[1].join_target_column, "A");
    arena_free(&a);
}

static void test_canonical(void **state)
{
    /* The same schema with models, enums and block attributes in another order. */
    static const char *one =
        "datasource db {\n  provider = \"postgresql\"\n}\n"
        "enum B {\n  X\n}\nenum A {\n  Y\n}\n"
        "model M {\n  id Int @id\n  a Int\n  b Int\n  @@index([a])\n  @@unique([b])\n}\n"
        "model K {\n  id Int @id\n}\n";
    static const char *two =
        "model K {\n  id Int @id\n}\n"
        "enum A {\n  Y\n}\n"
        "model M {\n  id Int @id\n  a Int\n  b Int\n  @@unique([b])\n  @@index([a])\n}\n"
        "datasource db {\n  provider = \"postgresql\"\n}\n"
        "enum B {\n  X\n}\n";
    arena a;
    arena_init(&a);
    ir_schema x, y;
    lower_text(&a, one, IR_PROVIDER_NONE, &x);
    lower_text(&a, two, IR_PROVIDER_NONE, &y);
    char *report = NULL;
    assert_int_equal(ir_diff_report(&report, &a, &x, &y, NULL), 0);
    assert_true(ir_equal(&x, &y));
    assert_string_equal(ir_to_json(&a, &x), ir_to_json(&a, &y));
    assert_string_equal(x.tables[0].name, "K");
    assert_string_equal(x.enums[0].db_name, "A");
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_actions),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_implicit_many_to_many),
        cmocka_unit_test(test_canonical),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
