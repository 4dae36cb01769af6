/*
 * test_sema.c - unit tests of the semantic pass on small inline schemas:
 * the annotations sema leaves on the AST (types, owners, relations, model
 * facts, provider) and the codes and positions of its diagnostics.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "front/ast.h"
#include "base/diag.h"
#include "model/ir.h"
#include "front/parser.h"
#include "sema/sema.h"
#include "base/source.h"
#include "sema/lower.h"

typedef struct fixture {
    arena arena;
    sc_sources src;
    sc_diags diags;
    ast_schema ast;
    int rc; /* sema_check's result */
} fixture;

static void run(fixture *fx, const char *text)
{
    memset(fx, 0, sizeof *fx);
    arena_init(&fx->arena);
    diag_init(&fx->diags, &fx->arena);
    source_add(&fx->src, &fx->arena, "test.prisma", text, strlen(text));
    int prc = parse_schema(&fx->ast, &fx->arena, &fx->src, &fx->diags);
    assert_int_equal(prc, 0);
    fx->rc = sema_check(&fx->ast, &fx->arena, &fx->src, &fx->diags);
}

static void done(fixture *fx)
{
    arena_free(&fx->arena);
}

static unsigned count_code(const fixture *fx, const char *code)
{
    unsigned n = 0;
    for (const sc_diag *d = fx->diags.first; d; d = d->next)
        if (strcmp(d->code, code) == 0)
            n++;
    return n;
}

static const sc_diag *find_code(const fixture *fx, const char *code)
{
    for (const sc_diag *d = fx->diags.first; d; d = d->next)
        if (strcmp(d->code, code) == 0)
            return d;
    return NULL;
}

static ast_member *field(const fixture *fx, const char *model, const char *name)
{
    ast_block *b = ast_find_block(&fx->ast, model, (1u << AST_BLOCK_MODEL) | (1u << AST_BLOCK_VIEW));
    assert_non_null(b);
    ast_member *m = ast_find_member(b, name);
    assert_non_null(m);
    return m;
}

#define PG "datasource db {\n  provider = \"postgresql\"\n}\n"
#define SQ "datasource db {\n  provider = \"sqlite\"\n}\n"

/* ---------------------------------------------------------------- annotations */

static void test_types_and_owner(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "enum Role {\n  A\n  B\n}\n"
                "model User {\n  id Int @id\n  name String?\n  role Role\n  tags String[]\n"
                "  posts Post[]\n}\n"
                "model Post {\n  id BigInt @id\n  authorId Int\n"
                "  author User @relation(fields: [authorId], references: [id])\n}\n");
    assert_int_equal(fx.rc, 0);
    assert_int_equal(fx.diags.nerrors, 0);
    assert_int_equal(sema_provider(&fx.ast), SC_PROVIDER_POSTGRESQL);

    ast_member *name = field(&fx, "User", "name");
    assert_int_equal(name->type_kind, AST_FIELDTYPE_SCALAR);
    assert_int_equal(name->scalar, SC_SCALAR_STRING);
    assert_string_equal(name->owner->name, "User");

    ast_member *role = field(&fx, "User", "role");
    assert_int_equal(role->type_kind, AST_FIELDTYPE_ENUM);
    assert_non_null(role->type_block);
    assert_string_equal(role->type_block->name, "Role");

    ast_member *id = field(&fx, "Post", "id");
    assert_int_equal(id->scalar, SC_SCALAR_BIGINT);

    ast_member *posts = field(&fx, "User", "posts");
    assert_int_equal(posts->type_kind, AST_FIELDTYPE_MODEL);
    assert_string_equal(posts->type_block->name, "Post");
    assert_non_null(posts->relation);
    assert_ptr_equal(posts->relation, field(&fx, "Post", "author")->relation);
    done(&fx);
}

static void test_provider_alias_and_sqlite(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, "datasource db {\n  provider = \"postgres\"\n}\nmodel A {\n  id Int @id\n}\n");
    assert_int_equal(fx.rc, 0);
    assert_int_equal(sema_provider(&fx.ast), SC_PROVIDER_POSTGRESQL);
    assert_string_equal(sema_schema_info(&fx.ast)->provider_name, "postgres");
    done(&fx);

    run(&fx, SQ "model A {\n  id Int @id\n}\n");
    assert_int_equal(fx.rc, 0);
    assert_int_equal(sema_provider(&fx.ast), SC_PROVIDER_SQLITE);
    assert_string_equal(sema_provider_name(SC_PROVIDER_SQLITE), "sqlite");
    done(&fx);
}

/* Prisma still takes referentialIntegrity (relationMode's former name) and a
   lone string as previewFeatures: both must take effect, not just pass. */
static void test_legacy_properties(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, "generator c {\n  provider = \"x\"\n  previewFeatures = \"views\"\n}\n"
             "datasource db {\n  provider = \"postgresql\"\n  referentialIntegrity = \"prisma\"\n}\n"
             "model A {\n  id Int @id\n}\n");
    assert_int_equal(fx.rc, 0);
    const sema_schema *info = sema_schema_info(&fx.ast);
    assert_int_equal(info->relation_mode, SC_RELMODE_PRISMA);
    assert_int_equal(info->npreview_features, 1);
    assert_string_equal(info->preview_features[0], "views");
    done(&fx);

    run(&fx, "datasource db {\n  provider = \"postgresql\"\n  referentialIntegrity = \"prisma\"\n"
             "  relationMode = \"prisma\"\n}\nmodel A {\n  id Int @id\n}\n");
    assert_int_equal(fx.rc, -1);
    assert_int_equal(count_code(&fx, "duplicate-property"), 1);
    done(&fx);
}

/* Names of models, enums, fields and enum values start with a letter. */
static void test_name_must_start_with_letter(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "model A {\n  id Int @id\n  1x Int\n  _y Int\n  z9 Int\n}\n"
                "enum E {\n  2B\n  C3\n}\n");
    assert_int_equal(fx.rc, -1);
    assert_int_equal(count_code(&fx, "invalid-name"), 3);
    const sc_diag *d = find_code(&fx, "invalid-name");
    assert_int_equal(d->span.line, 6);
    assert_int_equal(d->span.col, 3);
    done(&fx);
}

/* A foreign key name clashes with an index of its model, not with one of another model. */
static void test_fk_name_namespace(void **state)
{
    (void)state;
    fixture fx;
#define FK_SCHEMA(CMAP)                                                                  \
    PG "model B {\n  id Int @id\n  a A[]\n  c C[]\n}\n"                                 \
       "model C {\n  id Int @id\n  x Int\n  @@index([x], map: \"fk\")\n"                 \
       "  b B @relation(fields: [x], references: [id]" CMAP ")\n}\n"                    \
       "model A {\n  id Int @id\n  y Int\n"                                              \
       "  b B @relation(fields: [y], references: [id], map: \"fk\")\n}\n"
    run(&fx, FK_SCHEMA(""));
    assert_int_equal(fx.rc, 0);
    done(&fx);

    run(&fx, FK_SCHEMA(", map: \"fk\""));
    assert_int_equal(fx.rc, -1);
    assert_int_equal(count_code(&fx, "duplicate-constraint"), 1);
    assert_int_equal(find_code(&fx, "duplicate-constraint")->span.line, 13);
    done(&fx);
#undef FK_SCHEMA
}

/* A schema without a datasource is valid (Prisma validates it too), under rules every database shares. */
static void test_missing_datasource(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, "model A {\n  id Int @id\n  bs B[]\n}\nmodel B {\n  id Int @id\n  aId Int\n"
             "  a A @relation(fields: [aId], references: [id])\n}\n");
    assert_int_equal(fx.rc, 0);
    assert_int_equal(sema_provider(&fx.ast), SC_PROVIDER_NONE);
    const sema_schema *info = sema_schema_info(&fx.ast);
    assert_non_null(info);
    assert_null(info->datasource);
    assert_int_equal(info->nrelations, 1);
    done(&fx);

    run(&fx, "model A {\n  id Int @id\n  d Decimal\n  t Int[]\n  x Int @default(autoincrement())\n}\n");
    assert_int_equal(fx.rc, -1);
    assert_int_equal(count_code(&fx, "invalid-type"), 2);
    assert_int_equal(count_code(&fx, "invalid-default"), 1);
    done(&fx);
}

static void test_unsupported_provider(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, "datasource db {\n  provider = \"mysql\"\n}\nmodel A {\n  id Int @id\n}\n");
    assert_int_equal(fx.rc, -1);
    const sc_diag *d = find_code(&fx, "unsupported");
    assert_non_null(d);
    assert_non_null(strstr(d->message, "\"mysql\""));
    assert_int_equal(d->span.line, 2);
    assert_int_equal(d->span.col, 14);
    done(&fx);
}

/* ---------------------------------------------------------------- relations */

static void test_one_to_many_relation(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "model User {\n  id Int @id\n  posts Post[]\n}\n"
                "model Post {\n  id Int @id\n  authorId Int?\n"
                "  author User? @relation(fields: [authorId], references: [id], onUpdate: Restrict)\n}\n");
    assert_int_equal(fx.rc, 0);
    const sema_schema *info = sema_schema_info(&fx.ast);
    assert_non_null(info);
    assert_int_equal(info->nrelations, 1);
    const sema_relation *r = info->relations;
    assert_string_equal(r->name, "PostToUser");
    assert_false(r->name_explicit);
    assert_int_equal(r->kind, SEMA_REL_ONE_TO_MANY);
    assert_int_equal(r->fk_side, 0);
    assert_ptr_equal(r->field[0], field(&fx, "Post", "author"));
    assert_ptr_equal(r->field[1], field(&fx, "User", "posts"));
    assert_string_equal(r->model[0]->name, "Post");
    assert_int_equal(r->nfields, 1);
    assert_ptr_equal(r->fields[0], field(&fx, "Post", "authorId"));
    assert_ptr_equal(r->references[0], field(&fx, "User", "id"));
    /* Optional foreign key: onDelete defaults to SetNull; onUpdate was written. */
    assert_int_equal(r->on_delete, SC_ACTION_SET_NULL);
    assert_false(r->on_delete_explicit);
    assert_int_equal(r->on_update, SC_ACTION_RESTRICT);
    assert_true(r->on_update_explicit);
    assert_null(r->map);
    done(&fx);
}

static void test_required_fk_defaults_and_map(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "model User {\n  id Int @id\n  posts Post[]\n}\n"
                "model Post {\n  id Int @id\n  authorId Int\n"
                "  author User @relation(\"Authorship\", fields: [authorId], references: [id], "
                "map: \"post_author_fk\")\n}\n"
                "model Zed {\n  id Int @id\n}\n");
    assert_int_equal(fx.rc, -1); /* User.posts is unnamed: "PostToUser" != "Authorship" */
    assert_int_equal(count_code(&fx, "missing-opposite-relation"), 2);
    done(&fx);

    run(&fx, PG "model User {\n  id Int @id\n  posts Post[] @relation(\"Authorship\")\n}\n"
                "model Post {\n  id Int @id\n  authorId Int\n"
                "  author User @relation(\"Authorship\", fields: [authorId], references: [id], "
                "map: \"post_author_fk\")\n}\n");
    assert_int_equal(fx.rc, 0);
    const sema_relation *r = sema_schema_info(&fx.ast)->relations;
    assert_string_equal(r->name, "Authorship");
    assert_true(r->name_explicit);
    assert_int_equal(r->on_delete, SC_ACTION_RESTRICT);
    assert_int_equal(r->on_update, SC_ACTION_CASCADE);
    assert_string_equal(r->map, "post_author_fk");
    assert_string_equal(sema_ref_action_name(r->on_delete), "Restrict");
    done(&fx);
}

static void test_one_to_one_and_many_to_many(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "model User {\n  id Int @id\n  profile Profile?\n  tags Tag[]\n}\n"
                "model Profile {\n  id Int @id\n  userId Int @unique\n"
                "  user User @relation(fields: [userId], references: [id], onDelete: Cascade)\n}\n"
                "model Tag {\n  id Int @id\n  users User[]\n}\n");
    assert_int_equal(fx.rc, 0);
    const sema_relation *one = field(&fx, "User", "profile")->relation;
    assert_non_null(one);
    assert_int_equal(one->kind, SEMA_REL_ONE_TO_ONE);
    assert_ptr_equal(one->field[0], field(&fx, "Profile", "user"));
    assert_int_equal(one->on_delete, SC_ACTION_CASCADE);
    assert_true(one->on_delete_explicit);

    const sema_relation *mn = field(&fx, "Tag", "users")->relation;
    assert_non_null(mn);
    assert_int_equal(mn->kind, SEMA_REL_MANY_TO_MANY_IMPLICIT);
    assert_int_equal(mn->fk_side, -1);
    assert_string_equal(mn->name, "TagToUser");
    /* Join-table column A is the model whose name sorts first. */
    assert_string_equal(mn->model[0]->name, "Tag");
    assert_string_equal(mn->model[1]->name, "User");
    assert_int_equal(mn->nfields, 0);
    assert_int_equal(sema_schema_info(&fx.ast)->nrelations, 2);
    done(&fx);
}

static void test_self_relation_named(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "model Node {\n  id Int @id\n  parentId Int?\n"
                "  parent Node? @relation(\"Tree\", fields: [parentId], references: [id])\n"
                "  children Node[] @relation(\"Tree\")\n}\n");
    assert_int_equal(fx.rc, 0);
    const sema_relation *r = field(&fx, "Node", "children")->relation;
    assert_non_null(r);
    assert_int_equal(r->kind, SEMA_REL_ONE_TO_MANY);
    assert_ptr_equal(r->field[0], field(&fx, "Node", "parent"));
    done(&fx);

    run(&fx, PG "model Node {\n  id Int @id\n  parentId Int?\n"
                "  parent Node? @relation(fields: [parentId], references: [id])\n"
                "  children Node[]\n}\n");
    assert_int_equal(fx.rc, -1);
    assert_int_equal(count_code(&fx, "ambiguous-relation"), 1);
    done(&fx);
}

static void test_relation_errors_positions(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "model User {\n  id Int @id\n  posts Post[]\n}\n"
                "model Post {\n  id Int @id\n  authorId String\n"
                "  author User @relation(fields: [authorId], references: [id], onDelete: Cascde)\n}\n");
    assert_int_equal(fx.rc, -1);
    const sc_diag *d = find_code(&fx, "invalid-relation");
    assert_non_null(d);
    assert_int_equal(d->span.line, 11); /* authorId in fields:, on the @relation line (as Prisma) */
    assert_int_equal(d->span.col, 34);
    assert_non_null(d->notes);
    assert_true(d->notes->has_span);
    /* A type mismatch stops the relation: the action is not checked on top of it. */
    assert_int_equal(fx.diags.nerrors, 1);
    done(&fx);
}

static void test_setnull_on_required(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, SQ "model User {\n  id Int @id\n  posts Post[]\n}\n"
                "model Post {\n  id Int @id\n  authorId Int\n"
                "  author User @relation(fields: [authorId], references: [id], onDelete: SetNull)\n}\n");
    assert_int_equal(fx.rc, -1);
    const sc_diag *d = find_code(&fx, "invalid-referential-action");
    assert_non_null(d);
    assert_int_equal(d->span.line, 11); /* the action, on the @relation line */
    assert_int_equal(d->span.col, 73);
    done(&fx);

    /* PostgreSQL with foreign keys takes it, as Prisma does, with a warning (and the lint rule). */
    run(&fx, PG "model User {\n  id Int @id\n  posts Post[]\n}\n"
                "model Post {\n  id Int @id\n  authorId Int\n"
                "  author User @relation(fields: [authorId], references: [id], onDelete: SetNull)\n}\n");
    assert_int_equal(fx.rc, 0);
    d = find_code(&fx, "set-null-required");
    assert_non_null(d);
    assert_int_equal(d->severity, SC_SEV_WARNING);
    assert_int_equal(d->span.line, 11);
    done(&fx);
}

static void test_relation_mode_prisma_warns(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, "datasource db {\n  provider = \"postgresql\"\n  relationMode = \"prisma\"\n}\n"
             "model User {\n  id Int @id\n  posts Post[]\n}\n"
             "model Post {\n  id Int @id\n  authorId Int\n"
             "  author User @relation(fields: [authorId], references: [id])\n}\n");
    assert_int_equal(fx.rc, 0); /* a warning does not fail the check */
    assert_int_equal(fx.diags.nwarnings, 1);
    assert_int_equal(count_code(&fx, "missing-index"), 1);
    assert_int_equal(sema_schema_info(&fx.ast)->relation_mode, SC_RELMODE_PRISMA);
    done(&fx);
}

/* ---------------------------------------------------------------- attributes */

static void test_unknown_type_span_and_note(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "model User {\n  id Int @id\n  name Strng?\n}\n");
    assert_int_equal(fx.rc, -1);
    const sc_diag *d = find_code(&fx, "unknown-type");
    assert_non_null(d);
    assert_int_equal(d->span.line, 6);
    assert_int_equal(d->span.col, 8);
    assert_int_equal(d->span.end - d->span.start, 5); /* "Strng", not the "?" */
    assert_non_null(d->notes);
    assert_string_equal(d->notes->message, "did you mean \"String\"?");
    assert_int_equal(fx.diags.nerrors, 1);
    done(&fx);
}

static void test_model_facts(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "model Doc {\n  tenant Int\n  num Int\n  rev Int @version\n"
                "  gone DateTime? @deletedAt\n  @@id([tenant, num])\n  @@map(\"docs\")\n}\n"
                "generator g {\n  provider = \"x\"\n  previewFeatures = [\"views\"]\n}\n"
                "view V {\n  x Int\n}\n");
    assert_int_equal(fx.rc, 0);
    const sema_model *m = sema_model_info(ast_find_block(&fx.ast, "Doc", 1u << AST_BLOCK_MODEL));
    assert_non_null(m);
    assert_string_equal(m->db_name, "docs");
    assert_int_equal(m->nid_fields, 2);
    assert_string_equal(m->id_fields[0]->name, "tenant");
    assert_string_equal(m->id_fields[1]->name, "num");
    assert_true(m->id_attr->block);
    assert_string_equal(m->version_field->name, "rev");
    assert_string_equal(m->deleted_at_field->name, "gone");
    const sema_model *v = sema_model_info(ast_find_block(&fx.ast, "V", 1u << AST_BLOCK_VIEW));
    assert_non_null(v);
    assert_true(v->is_view);
    assert_int_equal(v->nid_fields, 0);
    done(&fx);
}

static void test_defaults(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "enum R {\n  A\n}\n"
                "model T {\n  id String @id @default(uuid(7))\n  a Int @default(-5)\n"
                "  b Boolean @default(true)\n  c R @default(A)\n  d DateTime @default(now())\n"
                "  e Int[] @default([1, 2])\n  f Json @default(\"[1]\")\n"
                "  g String @default(dbgenerated(\"md5('x')\"))\n  h BigInt @default(autoincrement())\n}\n");
    assert_int_equal(fx.rc, 0);
    done(&fx);

    run(&fx, PG "enum R {\n  A\n}\n"
                "model T {\n  id Int @id\n  a Int @default(true)\n  b R @default(B)\n"
                "  c String @default(now())\n  d Float @default(\"1\")\n}\n");
    assert_int_equal(fx.rc, -1);
    assert_int_equal(count_code(&fx, "invalid-default"), 4);
    done(&fx);
}

static void test_native_types(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, "datasource pg {\n  provider = \"postgresql\"\n}\n"
             "model T {\n  id String @id @pg.Uuid\n  n Decimal @pg.Decimal(10, 2)\n"
             "  t DateTime @pg.Timestamp(3)\n  s String @pg.VarChar(20)\n}\n");
    assert_int_equal(fx.rc, 0);
    done(&fx);

    run(&fx, "datasource pg {\n  provider = \"postgresql\"\n}\n"
             "model T {\n  id String @id @db.Uuid\n}\n");
    assert_int_equal(fx.rc, -1);
    assert_int_equal(count_code(&fx, "unknown-attribute"), 1);
    done(&fx);

    run(&fx, SQ "model T {\n  id String @id @db.Uuid\n}\n");
    assert_int_equal(fx.rc, -1);
    assert_int_equal(count_code(&fx, "invalid-native-type"), 1);
    done(&fx);
}

static void test_extensions(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "model T {\n  id Int @id\n  price Int @check(\"price > 0\")\n"
                "  @@check(\"id > 0\")\n  @@check(\"id < 100\")\n"
                "  @@index([price], where: raw(\"price > 10\"), include: [id])\n}\n");
    assert_int_equal(fx.rc, 0);
    done(&fx);

    run(&fx, SQ "model T {\n  id Int @id\n  price Int\n  @@index([price], include: [id])\n}\n");
    assert_int_equal(fx.rc, -1);
    assert_int_equal(count_code(&fx, "invalid-index"), 1);
    done(&fx);

    run(&fx, PG "model T {\n  id Int @id\n  v Float @version\n  w DateTime @deletedAt\n}\n");
    assert_int_equal(fx.rc, -1);
    assert_int_equal(count_code(&fx, "invalid-attribute"), 2);
    done(&fx);
}

static void test_independent_errors_all_reported(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "model A {\n  id Int @id\n  x Strng\n  y Int @uniqe\n}\n"
                "model B {\n  name String\n}\n"
                "model A {\n  id Int @id\n}\n");
    assert_int_equal(fx.rc, -1);
    assert_int_equal(count_code(&fx, "unknown-type"), 1);
    assert_int_equal(count_code(&fx, "unknown-attribute"), 1);
    assert_int_equal(count_code(&fx, "missing-unique-criterion"), 1);
    assert_int_equal(count_code(&fx, "duplicate-name"), 1);
    done(&fx);
}

static void test_composite_type_unsupported_once(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "type Address {\n  street String\n}\n"
                "model U {\n  id Int @id\n  a Address\n  b Address?\n}\n");
    assert_int_equal(fx.rc, -1);
    assert_int_equal(fx.diags.nerrors, 1);
    assert_int_equal(count_code(&fx, "unsupported"), 1);
    assert_int_equal(field(&fx, "U", "a")->type_kind, AST_FIELDTYPE_COMPOSITE);
    done(&fx);
}

/* ---------------------------------------------------------------- database names */

#define LONG57 "a_column_name_that_shares_its_first_fifty_seven_bytes_wit"

/* The names sema finds colliding after Prisma's cut are the ones lowering gives. */
static void test_db_names_match_lowering(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "model T {\n  id Int @id\n  " LONG57 "_one Int @unique\n  " LONG57 "_two Int @unique\n}\n");
    assert_int_equal(fx.rc, -1);
    assert_int_equal(fx.diags.nerrors, 1);
    const sc_diag *d = find_code(&fx, "name-collision");
    assert_non_null(d);
    assert_int_equal(d->span.line, 7);
    ir_schema ir;
    lower_schema(&ir, &fx.arena, &fx.ast, IR_PROVIDER_NONE);
    assert_int_equal(ir.ntables, 1);
    assert_int_equal(ir.tables[0].nindexes, 2);
    assert_string_equal(ir.tables[0].indexes[0].name, ir.tables[0].indexes[1].name);
    assert_non_null(strstr(d->message, ir.tables[0].indexes[0].name));
    done(&fx);
}

/* The rules follow the database a command builds for: --dialect brings the other engine's. */
static void test_db_names_per_dialect(void **state)
{
    (void)state;
    fixture fx;
    const char *schema = PG "model User {\n  id Int @id\n}\nmodel Other {\n  id Int @id\n  @@map(\"user\")\n}\n";
    run(&fx, schema);
    assert_int_equal(fx.rc, 0);
    assert_int_equal(sema_check_names(&fx.ast, &fx.arena, SC_PROVIDER_POSTGRESQL, &fx.diags), 0);
    assert_int_equal(sema_check_dialect(&fx.ast, &fx.arena, &fx.src, SC_PROVIDER_SQLITE, &fx.diags), -1);
    const sc_diag *d = find_code(&fx, "name-collision");
    assert_non_null(d);
    assert_int_equal(d->span.line, 9);
    assert_non_null(strstr(d->message, "upper from lower case"));
    done(&fx);

    run(&fx, SQ "model T {\n  id Int @id\n  @@map(\"pg_class\")\n}\n");
    assert_int_equal(fx.rc, 0);
    assert_int_equal(sema_check_names(&fx.ast, &fx.arena, SC_PROVIDER_POSTGRESQL, &fx.diags), -1);
    assert_int_equal(count_code(&fx, "reserved-name"), 1);
    done(&fx);
}

/* The engine's name rules run on a schema without other errors, so an exact duplicate the
   other checks report is not reported twice. */
static void test_db_names_after_other_errors(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "model A {\n  id Int @id\n  @@map(\"t\")\n}\nmodel B {\n  id Int @id\n  @@map(\"t\")\n}\n"
                "model C {\n  id Int @id\n  @@map(\"pg_c\")\n}\n");
    assert_int_equal(fx.rc, -1);
    assert_int_equal(fx.diags.nerrors, 1);
    assert_int_equal(count_code(&fx, "duplicate-table"), 1);
    done(&fx);
}

/* Control characters in names, and the position of the escape that holds one. */
static void test_name_control_characters(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "model T {\n  id Int @id\n  a String @map(\"ok\\u00e9\\n\")\n  b String @default(\"x\\ny\")\n}\n");
    assert_int_equal(fx.rc, -1);
    assert_int_equal(fx.diags.nerrors, 1);
    const sc_diag *d = find_code(&fx, "invalid-name");
    assert_non_null(d);
    assert_int_equal(d->span.line, 6);
    assert_int_equal(d->span.col, 26); /* the \n after "ok\u00e9" */
    assert_int_equal(d->span.end - d->span.start, 2);
    assert_non_null(strstr(d->message, "line feed"));
    done(&fx);
}

/* A hundred thousand fields and as many enum values check in linear time; this only proves
   the duplicate reports stay right at that size (timings are in bench/sema_scale.sh). */
static void test_many_names(void **state)
{
    (void)state;
    enum { N = 100000 };
    size_t cap = (size_t)N * 64 + 4096;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t o = (size_t)snprintf(text, cap, PG "model Wide {\n  id Int @id\n");
    for (int i = 0; i < N; i++)
        o += (size_t)snprintf(text + o, cap - o, "  f%d Int @map(\"c%d\")\n", i, i);
    o += (size_t)snprintf(text + o, cap - o, "  dup Int @map(\"c99999\")\n  f5 Int\n}\nenum E {\n");
    for (int i = 0; i < N; i++)
        o += (size_t)snprintf(text + o, cap - o, "  V%d\n", i);
    snprintf(text + o, cap - o, "  V7\n}\n");
    fixture fx;
    run(&fx, text);
    free(text);
    assert_int_equal(fx.rc, -1);
    assert_int_equal(count_code(&fx, "duplicate-column"), 1);
    assert_int_equal(count_code(&fx, "duplicate-field"), 1);
    assert_int_equal(count_code(&fx, "duplicate-enum-value"), 1);
    assert_int_equal(fx.diags.nerrors, 3);
    done(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_types_and_owner),
        cmocka_unit_test(test_provider_alias_and_sqlite),
        cmocka_unit_test(test_missing_datasource),
        cmocka_unit_test(test_legacy_properties),
        cmocka_unit_test(test_name_must_start_with_letter),
        cmocka_unit_test(test_fk_name_namespace),
        cmocka_unit_test(test_unsupported_provider),
        cmocka_unit_test(test_one_to_many_relation),
        cmocka_unit_test(test_required_fk_defaults_and_map),
        cmocka_unit_test(test_one_to_one_and_many_to_many),
        cmocka_unit_test(test_self_relation_named),
        cmocka_unit_test(test_relation_errors_positions),
        cmocka_unit_test(test_setnull_on_required),
        cmocka_unit_test(test_relation_mode_prisma_warns),
        cmocka_unit_test(test_unknown_type_span_and_note),
        cmocka_unit_test(test_model_facts),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_native_types),
        cmocka_unit_test(test_extensions),
        cmocka_unit_test(test_independent_errors_all_reported),
        cmocka_unit_test(test_composite_type_unsupported_once),
        cmocka_unit_test(test_db_names_match_lowering),
        cmocka_unit_test(test_db_names_per_dialect),
        cmocka_unit_test(test_db_names_after_other_errors),
        cmocka_unit_test(test_name_control_characters),
        cmocka_unit_test(test_many_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
