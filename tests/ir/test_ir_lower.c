/*
 * test_ir_lower.c - lowering from in-memory schemas: what Prisma leaves
 * implicit and the model makes explicit (names, actions, join tables,
 * @version defaults, client-side defaults), and canonical form (the same
 * meaning written in another order gives the same model).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
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

/* Parse, check and lower TEXT into OUT (for PROVIDER, NONE: the datasource's) with its sources when
   WITH_SRC (lower_schema_src); the schema must be valid. */
static void lower_text_src(arena *a, const char *text, ir_provider provider, ir_schema *out, bool with_src)
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
    if (with_src)
        assert_int_equal(lower_schema_src(out, a, &ast, provider, &src), 0);
    else
        assert_int_equal(lower_schema(out, a, &ast, provider), 0);
}

static void lower_text(arena *a, const char *text, ir_provider provider, ir_schema *out)
{
    lower_text_src(a, text, provider, out, false);
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

/*
 * The source-only fields (ir_src): where each object was written and the
 * lint-ignore comments above it. They are not part of the model's meaning:
 * the same schema laid out otherwise, with comments, gives the same JSON and
 * compares equal, and JSON read back carries none of them.
 */
static void test_source_only(void **state)
{
    static const char *plain =
        "datasource db {\n  provider = \"postgresql\"\n}\n"
        "model Shop {\n  id Int @id\n  price Float @map(\"p\")\n  @@index([price])\n  @@map(\"shops\")\n}\n"
        "enum Kind {\n  A\n}\n";
    static const char *commented =
        "datasource db {\n  provider = \"postgresql\"\n}\n"
        "enum Kind {\n  // schemac-lint-ignore portable-name\n  A\n}\n\n"
        "// schemac-lint-ignore updated-at-missing\n/// Shops.\n"
        "model Shop {\n  id    Int   @id\n  // schemac-lint-ignore float-money, long-identifier\n"
        "  price Float @map(\"p\") // schemac-lint-ignore bogus\n"
        "  // schemac-lint-ignore redundant-index\n  @@index([price])\n  @@map(\"shops\")\n}\n";
    arena a;
    arena_init(&a);
    ir_schema x, y, bare;
    lower_text_src(&a, plain, IR_PROVIDER_NONE, &x, true);
    lower_text_src(&a, commented, IR_PROVIDER_NONE, &y, true);
    lower_text_src(&a, commented, IR_PROVIDER_NONE, &bare, false);
    /* Docs differ (/// Shops.); everything else is equal. */
    y.tables[0].doc = NULL;
    char *report = NULL;
    assert_int_equal(ir_diff_report(&report, &a, &x, &y, NULL), 0);
    assert_true(ir_equal(&x, &y));
    const char *json = ir_to_json(&a, &y);
    assert_string_equal(ir_to_json(&a, &x), json);
    assert_null(strstr(json, "schemac-lint-ignore"));

    /* Spans: the model's name, the field's name, type and @map, the @@index and @@map attributes. */
    const ir_table *t = ir_find_model(&y, "Shop");
    assert_int_equal(t->src.span.line, 11);
    assert_int_equal(t->src.span.col, 7);
    assert_int_equal(t->src.decl.line, 11);
    assert_int_equal(t->src_map.span.line, 17);
    const ir_column *price = ir_find_field(t, "price");
    assert_int_equal(price->src.span.line, 14);
    assert_int_equal(price->src.span.col, 3);
    assert_int_equal(price->src_type.col, 9);
    assert_int_equal(price->src_map.col, 15);
    assert_int_equal(t->indexes[0].src.span.line, 16);
    assert_false(t->indexes[0].src_field);
    assert_int_equal(ir_find_field(ir_find_model(&x, "Shop"), "price")->src.span.line, 6);

    /* Ignore lists: the run of own-line comments directly above the declaration. */
    assert_int_equal(t->src.nignore, 1);
    assert_string_equal(t->src.ignore[0], "updated-at-missing");
    assert_int_equal(price->src.nignore, 2);
    assert_string_equal(price->src.ignore[0], "float-money");
    assert_string_equal(price->src.ignore[1], "long-identifier");
    assert_int_equal(t->indexes[0].src.nignore, 1);
    assert_int_equal(ir_find_field(t, "id")->src.nignore, 0);
    assert_int_equal(t->src_map.nignore, 0);
    assert_int_equal(y.enums[0].values[0].src.nignore, 1);
    /* Every ignore comment, trailing ones too, in source order. */
    assert_int_equal(y.nsrc_comments, 5);
    assert_string_equal(y.src_comments[3].codes[0], "bogus");
    assert_int_equal(y.src_comments[3].span.line, 14);

    /* Without sources: spans, but no comments. */
    const ir_table *bt = ir_find_model(&bare, "Shop");
    assert_int_equal(bt->src.span.line, 11);
    assert_int_equal(bt->src.nignore, 0);
    assert_int_equal(bare.nsrc_comments, 0);

    /* JSON read back has none of it. */
    ir_schema back;
    const char *err = NULL;
    assert_int_equal(ir_from_json(&back, &a, json, strlen(json), &err), 0);
    assert_int_equal(ir_find_model(&back, "Shop")->src.decl.end, 0);
    assert_int_equal(ir_find_field(ir_find_model(&back, "Shop"), "price")->src.nignore, 0);
    assert_int_equal(back.nsrc_comments, 0);
    assert_true(ir_equal(&back, &y));
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_actions),
        cmocka_unit_test(test_columns),
        cmocka_unit_test(test_implicit_many_to_many),
        cmocka_unit_test(test_canonical),
        cmocka_unit_test(test_source_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
