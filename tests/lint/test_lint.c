/*
 * test_lint.c - unit tests of the lint rules (generator/intel/lint.c) on small
 * inline schemas: for every rule a schema that triggers it (code, severity,
 * position) and a close variant that must not, plus ignore comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/diag.h"
#include "base/source.h"
#include "cli/cli_lint.h"
#include "front/ast.h"
#include "front/parser.h"
#include "intel/lint.h"
#include "model/ir.h"
#include "sema/sema.h"

typedef struct fixture {
    arena arena;
    sc_sources src;
    sc_diags diags;
    ast_schema ast;
    ir_schema ir;
    size_t nfindings;
} fixture;

/* Parse, check, lower for PROVIDER (NONE: the datasource's) and lint TEXT as `schemac lint` does;
   the schema must be valid. */
static void run_for(fixture *fx, const char *text, ir_provider provider)
{
    memset(fx, 0, sizeof *fx);
    arena_init(&fx->arena);
    diag_init(&fx->diags, &fx->arena);
    source_add(&fx->src, &fx->arena, "test.prisma", text, strlen(text));
    assert_int_equal(parse_schema(&fx->ast, &fx->arena, &fx->src, &fx->diags), 0);
    assert_int_equal(sema_check(&fx->ast, &fx->arena, &fx->src, &fx->diags), 0);
    assert_int_equal(fx->diags.nerrors, 0);
    fx->nfindings = cli_lint_schema(&fx->diags, &fx->arena, &fx->ast, &fx->src, provider, &fx->ir);
}

static void run(fixture *fx, const char *text)
{
    run_for(fx, text, IR_PROVIDER_NONE);
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

/* The source text under a diagnostic's span. */
static char *span_text(fixture *fx, const sc_diag *d)
{
    const sc_file *f = &fx->src.files[d->span.file];
    return arena_strndup(&fx->arena, f->text + d->span.start, d->span.end - d->span.start);
}

static bool has_note(const sc_diag *d, const char *needle)
{
    for (const sc_note *n = d->notes; n; n = n->next)
        if (strstr(n->message, needle))
            return true;
    return false;
}

#define PG "datasource db {\n  provider = \"postgresql\"\n}\n"
#define SQ "datasource db {\n  provider = \"sqlite\"\n}\n"

#define USER_POST(post_extra)                                                                                \
    "model User {\n  id Int @id\n  posts Post[]\n}\n"                                                        \
    "model Post {\n  id Int @id\n  authorId Int\n  author User @relation(fields: [authorId], references: [id])\n" \
    post_extra "}\n"

/* ---------------------------------------------------------------- fk-without-index */

static void test_fk_without_index(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG USER_POST(""));
    assert_int_equal(count_code(&fx, "fk-without-index"), 1);
    const sc_diag *d = find_code(&fx, "fk-without-index");
    assert_int_equal(d->severity, SC_SEV_WARNING);
    assert_int_equal(d->span.line, 11);
    assert_string_equal(span_text(&fx, d), "@relation(fields: [authorId], references: [id])");
    assert_non_null(strstr(d->message, "authorId"));
    assert_true(has_note(d, "@@index([authorId])"));
    assert_int_equal(fx.nfindings, 1);
    done(&fx);
}

static void test_fk_with_index(void **state)
{
    (void)state;
    fixture fx;
    /* An index led by the FK, a compound index starting with it, a unique, the primary key. */
    run(&fx, PG USER_POST("  @@index([authorId])\n"));
    assert_int_equal(count_code(&fx, "fk-without-index"), 0);
    done(&fx);
    run(&fx, PG USER_POST("  title String\n  @@index([authorId, title])\n"));
    assert_int_equal(count_code(&fx, "fk-without-index"), 0);
    done(&fx);
    run(&fx, PG "model User {\n  id Int @id\n  posts Post[]\n}\n"
                "model Post {\n  authorId Int\n  slug String\n"
                "  author User @relation(fields: [authorId], references: [id])\n  @@id([authorId, slug])\n}\n");
    assert_int_equal(count_code(&fx, "fk-without-index"), 0);
    done(&fx);
    /* An index where the FK is not the leading column does not count, nor a partial one. */
    run(&fx, PG USER_POST("  title String\n  @@index([title, authorId])\n"));
    assert_int_equal(count_code(&fx, "fk-without-index"), 1);
    done(&fx);
    run(&fx, PG USER_POST("  title String\n  @@index([authorId], where: raw(\"title <> ''\"))\n"));
    assert_int_equal(count_code(&fx, "fk-without-index"), 1);
    done(&fx);
}

static void test_fk_without_index_sqlite_and_prisma_mode(void **state)
{
    (void)state;
    fixture fx;
    /* A PostgreSQL rule: quiet on SQLite, but applies when lowering for PostgreSQL. */
    run(&fx, SQ USER_POST(""));
    assert_int_equal(count_code(&fx, "fk-without-index"), 0);
    done(&fx);
    run_for(&fx, SQ USER_POST(""), IR_PROVIDER_POSTGRESQL);
    assert_int_equal(count_code(&fx, "fk-without-index"), 1);
    done(&fx);
    /* relationMode = "prisma": no foreign keys; sema's missing-index warning covers it. */
    run(&fx, "datasource db {\n  provider = \"postgresql\"\n  relationMode = \"prisma\"\n}\n" USER_POST(""));
    assert_int_equal(count_code(&fx, "fk-without-index"), 0);
    assert_int_equal(count_code(&fx, "missing-index"), 1);
    done(&fx);
}

static void test_fk_to_view(void **state)
{
    (void)state;
    fixture fx;
    /* A view is no table: no foreign key points at it, so there is none to index. */
    run(&fx, PG "generator client {\n  provider = \"prisma-client-js\"\n  previewFeatures = [\"views\"]\n}\n"
                "model Post {\n  id Int @id\n  infoId Int\n"
                "  info UserInfo @relation(fields: [infoId], references: [id])\n}\n"
                "view UserInfo {\n  id Int @unique\n  posts Post[]\n}\n");
    assert_int_equal(count_code(&fx, "fk-without-index"), 0);
    done(&fx);
}

/* ---------------------------------------------------------------- redundant-index */

static void test_redundant_index_prefix(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "model Post {\n  id Int @id\n  authorId Int\n  createdAt DateTime\n"
                "  @@index([authorId])\n  @@index([authorId, createdAt])\n}\n");
    assert_int_equal(count_code(&fx, "redundant-index"), 1);
    const sc_diag *d = find_code(&fx, "redundant-index");
    assert_int_equal(d->span.line, 8);
    assert_string_equal(span_text(&fx, d), "@@index([authorId])");
    assert_non_null(strstr(d->message, "\"Post_authorId_idx\""));
    assert_non_null(strstr(d->message, "\"Post_authorId_createdAt_idx\""));
    assert_non_null(d->notes);
    assert_true(d->notes->has_span);
    assert_int_equal(d->notes->span.line, 9);
    done(&fx);
}

static void test_redundant_index_unique_pk_duplicate(void **state)
{
    (void)state;
    fixture fx;
    /* Covered by a unique constraint, by the primary key, and an exact duplicate (the second is named). */
    run(&fx, SQ "model A {\n  id Int @id\n  email String @unique\n  @@index([email])\n  @@index([id])\n}\n");
    assert_int_equal(count_code(&fx, "redundant-index"), 2);
    done(&fx);
    run(&fx, SQ "model A {\n  id Int @id\n  x Int\n  @@index([x], map: \"first\")\n  @@index([x], map: \"second\")\n}\n");
    assert_int_equal(count_code(&fx, "redundant-index"), 1);
    const sc_diag *d = find_code(&fx, "redundant-index");
    assert_non_null(strstr(d->message, "\"second\""));
    assert_int_equal(d->span.line, 8);
    done(&fx);
}

static void test_redundant_index_not(void **state)
{
    (void)state;
    fixture fx;
    /* Different leading column, different where:, different type:, a reversed mixed order, an index
       with INCLUDE columns the longer one lacks: all earn their keep. */
    run(&fx, PG "model P {\n  id Int @id\n  a Int\n  b Int\n  c Json\n"
                "  @@index([a, b])\n"
                "  @@index([a], where: raw(\"b > 0\"), map: \"p_a_partial\")\n"
                "  @@index([c], type: Gin)\n  @@index([c, a])\n"
                "  @@index([b(sort: Desc), a])\n  @@index([b, a], map: \"p_b_a_plain\")\n"
                "  @@index([a], include: [c], map: \"p_a_cover\")\n}\n");
    assert_int_equal(count_code(&fx, "redundant-index"), 0);
    done(&fx);
    /* A uniformly reversed prefix is served by a backward scan. */
    run(&fx, PG "model P {\n  id Int @id\n  a Int\n  b Int\n  @@index([a(sort: Desc)])\n  @@index([a, b])\n}\n");
    assert_int_equal(count_code(&fx, "redundant-index"), 1);
    done(&fx);
}

static void test_redundant_index_same_columns_by_name(void **state)
{
    (void)state;
    fixture fx;
    /*
     * Two indexes over the same columns, whose names sort against source
     * order: the second one written is reported, at its own line, and the
     * note points at the first. An ignore comment above the first one does
     * not silence the finding about the second.
     */
    const char *schema = SQ "model P {\n  id Int @id\n  c Int\n  d Int\n"
                            "  @@index([c], map: \"a_other\")\n"
                            "  // schemac-lint-ignore redundant-index\n"
                            "  @@index([d], map: \"z_first\")\n"
                            "  @@index([d], map: \"b_second\")\n}\n";
    run(&fx, schema);
    assert_int_equal(count_code(&fx, "redundant-index"), 1);
    const sc_diag *d = find_code(&fx, "redundant-index");
    assert_non_null(strstr(d->message, "index \"b_second\" (d) is redundant: index \"z_first\" (d)"));
    assert_int_equal(d->span.line, 11);
    assert_string_equal(span_text(&fx, d), "@@index([d], map: \"b_second\")");
    assert_non_null(d->notes);
    assert_true(d->notes->has_span);
    assert_int_equal(d->notes->span.line, 10);
    done(&fx);
}

/* ---------------------------------------------------------------- float-money */

static void test_float_money(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, SQ "model Order {\n  id Int @id\n  totalPrice Float\n  shipping_fee Float?\n  unitCostUSD Float\n"
                "  balance Float\n}\n");
    assert_int_equal(count_code(&fx, "float-money"), 4);
    const sc_diag *d = find_code(&fx, "float-money");
    assert_int_equal(d->span.line, 6);
    assert_string_equal(span_text(&fx, d), "Float");
    assert_true(has_note(d, "Decimal"));
    done(&fx);
}

static void test_float_money_not(void **state)
{
    (void)state;
    fixture fx;
    /* Money as Decimal or Int; floats that are not money, even with a money word in them. */
    run(&fx, SQ "model Order {\n  id Int @id\n  totalPrice Decimal\n  priceCents Int\n  weight Float\n"
                "  taxRate Float\n  totalDistance Float\n  priced Float\n  costume Float\n  latitude Float\n}\n");
    assert_int_equal(count_code(&fx, "float-money"), 0);
    done(&fx);
}

/* ---------------------------------------------------------------- long-identifier */

#define LONG64 "a_very_long_table_name_that_goes_on_and_on_past_the_postgres_lim"

static void test_long_identifier(void **state)
{
    (void)state;
    fixture fx;
    assert_int_equal(strlen(LONG64), 64);
    /*
     * The table and the column. The default constraint names (T_pkey...) are
     * cut by the naming already, and a map: constraint name over 63 bytes is
     * an error from check itself, as in Prisma.
     */
    run(&fx, PG "model T {\n  id Int @id\n  x Int @map(\"" LONG64 "\")\n  y Int\n"
                "  @@index([y])\n  @@map(\"" LONG64 "\")\n}\n");
    assert_int_equal(count_code(&fx, "long-identifier"), 2);
    const sc_diag *d = find_code(&fx, "long-identifier");
    assert_int_equal(d->span.line, 9);
    assert_non_null(strstr(d->message, "64 bytes"));
    done(&fx);
    /* A schema for SQLite is linted for PostgreSQL too: the names it would cut, and, as
       portable-name, two that would become one. */
    run(&fx, SQ "model T {\n  id Int @id\n  x Int @map(\"" LONG64 "_x\")\n  y Int @map(\"" LONG64 "_y\")\n}\n");
    assert_int_equal(count_code(&fx, "long-identifier"), 2);
    assert_int_equal(count_code(&fx, "portable-name"), 1);
    d = find_code(&fx, "portable-name");
    assert_non_null(strstr(d->message, "cuts names to 63 bytes"));
    assert_int_equal(d->span.line, 7);
    assert_true(has_note(d, "provider = \"postgresql\""));
    done(&fx);
}

static void test_long_identifier_not(void **state)
{
    (void)state;
    fixture fx;
    /* 63 bytes is fine; so are long default names, which are cut the way Prisma cuts them. */
    char schema[512];
    snprintf(schema, sizeof schema, PG "model T {\n  id Int @id\n  x Int @map(\"%.63s\")\n}\n", LONG64);
    run(&fx, schema);
    assert_int_equal(count_code(&fx, "long-identifier"), 0);
    done(&fx);
    snprintf(schema, sizeof schema, SQ "model T {\n  id Int @id\n  %.60s Int @unique\n  @@map(\"%.62s\")\n}\n",
             LONG64, LONG64);
    run(&fx, schema);
    assert_int_equal(count_code(&fx, "long-identifier"), 0);
    done(&fx);
}

/* ---------------------------------------------------------------- portable-name */

static void test_portable_name(void **state)
{
    (void)state;
    fixture fx;
    /* On PostgreSQL "User" and "user" are two tables, and sqlite_x a table; SQLite refuses both. */
    run(&fx, PG "model User {\n  id Int @id\n}\nmodel Other {\n  id Int @id\n  @@map(\"user\")\n}\n"
                "model Stat {\n  id Int @id\n  @@map(\"sqlite_x\")\n}\n");
    assert_int_equal(count_code(&fx, "portable-name"), 2);
    const sc_diag *d = NULL;
    for (const sc_diag *x = fx.diags.first; x; x = x->next)
        if (strstr(x->message, "SQLite does not tell upper from lower case"))
            d = x;
    assert_non_null(d);
    assert_int_equal(d->severity, SC_SEV_WARNING);
    assert_string_equal(d->code, "portable-name");
    assert_int_equal(d->span.line, 9);
    assert_true(has_note(d, "provider = \"sqlite\""));
    done(&fx);
    /* On SQLite pg_class is a name like any other, enum labels have no limit and an enum is
       text; PostgreSQL refuses or misreads them. */
    run(&fx, SQ "enum E {\n  A @map(\"" LONG64 "\")\n  @@map(\"text\")\n}\n"
                "model T {\n  id Int @id\n  e E\n  @@map(\"pg_class\")\n}\n");
    assert_int_equal(count_code(&fx, "portable-name"), 3);
    done(&fx);
    /* An ignore comment above the model silences it. */
    run(&fx, PG "model User {\n  id Int @id\n}\n// schemac-lint-ignore portable-name\n"
                "model Other {\n  id Int @id\n  @@map(\"USER\")\n}\n");
    assert_int_equal(count_code(&fx, "portable-name"), 0);
    done(&fx);
}

static void test_portable_name_not(void **state)
{
    (void)state;
    fixture fx;
    /* Names both engines take, and an index named pg_... (indexes are not looked up by queries). */
    run(&fx, PG "model User {\n  id Int @id\n  email String\n  @@index([email], map: \"pg_trgm_idx\")\n}\n"
                "model Post {\n  id Int @id\n}\n");
    assert_int_equal(count_code(&fx, "portable-name"), 0);
    done(&fx);
}

/* ---------------------------------------------------------------- cascade-delete-chain */

#define CHAIN(last_action)                                                                                     \
    "model Org {\n  id Int @id\n  projects Project[]\n}\n"                                                     \
    "model Project {\n  id Int @id\n  orgId Int\n  org Org @relation(fields: [orgId], references: [id], "      \
    "onDelete: Cascade)\n  tasks Task[]\n  @@index([orgId])\n}\n"                                              \
    "model Task {\n  id Int @id\n  projectId Int\n  project Project @relation(fields: [projectId], "           \
    "references: [id], onDelete: Cascade)\n  comments Comment[]\n  @@index([projectId])\n}\n"                  \
    "model Comment {\n  id Int @id\n  taskId Int\n  task Task @relation(fields: [taskId], references: [id], " \
    "onDelete: " last_action ")\n  @@index([taskId])\n}\n"

static void test_cascade_chain(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, SQ CHAIN("Cascade"));
    assert_int_equal(count_code(&fx, "cascade-delete-chain"), 1);
    const sc_diag *d = find_code(&fx, "cascade-delete-chain");
    assert_non_null(strstr(d->message, "Org -> Project -> Task -> Comment"));
    assert_int_equal(d->span.line, 11);
    assert_string_equal(span_text(&fx, d), "onDelete: Cascade");
    /* The later links are pointed at too. */
    unsigned spans = 0;
    for (const sc_note *n = d->notes; n; n = n->next)
        spans += n->has_span;
    assert_int_equal(spans, 2);
    done(&fx);
}

static void test_cascade_chain_not(void **state)
{
    (void)state;
    fixture fx;
    /* Two cascading links are common (user -> post -> comment); a Restrict breaks the chain. */
    run(&fx, SQ CHAIN("Restrict"));
    assert_int_equal(count_code(&fx, "cascade-delete-chain"), 0);
    done(&fx);
    /* A self-relation cascading down a tree is not counted as a chain of tables. */
    run(&fx, SQ "model Node {\n  id Int @id\n  parentId Int?\n"
                "  parent Node? @relation(\"Tree\", fields: [parentId], references: [id], onDelete: Cascade)\n"
                "  children Node[] @relation(\"Tree\")\n}\n");
    assert_int_equal(count_code(&fx, "cascade-delete-chain"), 0);
    done(&fx);
}

static void test_cascade_chain_cycle(void **state)
{
    (void)state;
    fixture fx;
    /*
     * Team and User cascade into each other, so neither lacks a cascading
     * parent; deleting a Team still deletes its members' posts' comments.
     */
    run(&fx, SQ "model Team {\n  id Int @id\n  ownerId Int\n"
                "  owner User @relation(\"Owner\", fields: [ownerId], references: [id], onDelete: Cascade)\n"
                "  members User[] @relation(\"Members\")\n}\n"
                "model User {\n  id Int @id\n  teamId Int?\n"
                "  team Team? @relation(\"Members\", fields: [teamId], references: [id], onDelete: Cascade)\n"
                "  owned Team[] @relation(\"Owner\")\n  posts Post[]\n}\n"
                "model Post {\n  id Int @id\n  userId Int\n"
                "  user User @relation(fields: [userId], references: [id], onDelete: Cascade)\n"
                "  comments Comment[]\n}\n"
                "model Comment {\n  id Int @id\n  postId Int\n"
                "  post Post @relation(fields: [postId], references: [id], onDelete: Cascade)\n}\n");
    assert_int_equal(count_code(&fx, "cascade-delete-chain"), 1);
    const sc_diag *d = find_code(&fx, "cascade-delete-chain");
    assert_non_null(strstr(d->message, "(Team -> User -> Post -> Comment)"));
    assert_int_equal(d->span.line, 13);
    done(&fx);
}

/* ---------------------------------------------------------------- updated-at-missing */

static void test_updated_at_missing(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, SQ "model Doc {\n  id Int @id\n  title String\n  createdAt DateTime @default(now())\n}\n");
    assert_int_equal(count_code(&fx, "updated-at-missing"), 1);
    const sc_diag *d = find_code(&fx, "updated-at-missing");
    assert_int_equal(d->severity, SC_SEV_NOTE);
    assert_string_equal(span_text(&fx, d), "createdAt");
    /* A note is not a warning. */
    assert_int_equal(fx.diags.nwarnings, 0);
    done(&fx);
    /* An updatedAt field without @updatedAt is worse: nothing maintains it. */
    run(&fx, SQ "model Doc {\n  id Int @id\n  created_at DateTime @default(now())\n  updated_at DateTime\n}\n");
    d = find_code(&fx, "updated-at-missing");
    assert_non_null(d);
    assert_int_equal(d->severity, SC_SEV_WARNING);
    assert_string_equal(span_text(&fx, d), "updated_at");
    done(&fx);
}

static void test_updated_at_missing_not(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, SQ "model Doc {\n  id Int @id\n  title String\n  createdAt DateTime @default(now())\n"
                "  updatedAt DateTime @updatedAt\n}\n");
    assert_int_equal(count_code(&fx, "updated-at-missing"), 0);
    done(&fx);
    /* Append-only rows: a log by name, or a link row with nothing but keys. No now() default: no claim. */
    run(&fx, SQ "model AuditLog {\n  id Int @id\n  what String\n  createdAt DateTime @default(now())\n}\n"
                "model A {\n  id Int @id\n  links Link[]\n}\n"
                "model Link {\n  aId Int\n  bId Int\n  createdAt DateTime @default(now())\n"
                "  a A @relation(fields: [aId], references: [id])\n  @@id([aId, bId])\n}\n"
                "model Doc {\n  id Int @id\n  createdAt DateTime\n}\n");
    assert_int_equal(count_code(&fx, "updated-at-missing"), 0);
    done(&fx);
}

/* ---------------------------------------------------------------- optional-unique */

static void test_optional_unique(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, SQ "model U {\n  id Int @id\n  email String? @unique\n  tenant Int\n  slug String?\n"
                "  @@unique([tenant, slug])\n}\n");
    assert_int_equal(count_code(&fx, "optional-unique"), 2);
    const sc_diag *d = find_code(&fx, "optional-unique");
    assert_int_equal(d->severity, SC_SEV_NOTE); /* one optional column: usually meant */
    assert_string_equal(span_text(&fx, d), "@unique");
    d = d->next;
    while (d && strcmp(d->code, "optional-unique") != 0)
        d = d->next;
    assert_non_null(d);
    assert_int_equal(d->severity, SC_SEV_WARNING); /* a compound key that stops being one */
    assert_string_equal(span_text(&fx, d), "@@unique([tenant, slug])");
    assert_true(has_note(d, "@@unique([tenant], where: { slug: null })"));
    done(&fx);
}

static void test_optional_unique_not(void **state)
{
    (void)state;
    fixture fx;
    /* Required fields; the optional side of a one-to-one relation is optional by design. */
    run(&fx, SQ "model U {\n  id Int @id\n  email String @unique\n  profile P?\n}\n"
                "model P {\n  id Int @id\n  userId Int? @unique\n  user U? @relation(fields: [userId], references: [id])\n"
                "  a Int\n  b Int\n  @@unique([a, b])\n}\n");
    assert_int_equal(count_code(&fx, "optional-unique"), 0);
    done(&fx);
    /* The suggested fix in place: a partial unique for the rows where the optional field is NULL. */
    run(&fx, SQ "model U {\n  id Int @id\n  tenant Int\n  slug String?\n"
                "  @@unique([tenant, slug])\n  @@unique([tenant], where: { slug: null })\n}\n");
    assert_int_equal(count_code(&fx, "optional-unique"), 0);
    done(&fx);
}

/* ---------------------------------------------------------------- set-null-required */

/* The lint findings of CODE (sema's warning of the same code, on the action argument, left out). */
static unsigned count_at_relation(fixture *fx, const char *code)
{
    unsigned n = 0;
    for (const sc_diag *d = fx->diags.first; d; d = d->next)
        if (strcmp(d->code, code) == 0 && strncmp(span_text(fx, d), "@relation(", 10) == 0)
            n++;
    return n;
}

static void test_set_null_required(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "model User {\n  id Int @id\n  posts Post[]\n}\n"
                "model Post {\n  id Int @id\n  authorId Int\n"
                "  author User @relation(fields: [authorId], references: [id], onDelete: SetNull)\n"
                "  @@index([authorId])\n}\n");
    assert_int_equal(count_at_relation(&fx, "set-null-required"), 1);
    const sc_diag *d = NULL;
    for (d = fx.diags.first; d; d = d->next)
        if (strcmp(d->code, "set-null-required") == 0 && d->span.line == 11 && d->span.col == 15)
            break;
    assert_non_null(d);
    assert_non_null(strstr(d->message, "cannot set the NOT NULL column \"authorId\" to NULL"));
    assert_true(has_note(d, "make \"authorId\" optional"));
    assert_int_equal(fx.nfindings, 1);
    done(&fx);
}

static void test_set_null_required_not(void **state)
{
    (void)state;
    fixture fx;
    /* Optional foreign key, or another action. */
    run(&fx, PG "model User {\n  id Int @id\n  posts Post[]\n}\n"
                "model Post {\n  id Int @id\n  authorId Int?\n"
                "  author User? @relation(fields: [authorId], references: [id], onDelete: SetNull)\n"
                "  @@index([authorId])\n}\n");
    assert_int_equal(count_code(&fx, "set-null-required"), 0);
    done(&fx);
    run(&fx, PG USER_POST("  @@index([authorId])\n"));
    assert_int_equal(count_code(&fx, "set-null-required"), 0);
    done(&fx);
}

/* ---------------------------------------------------------------- ignore comments */

static void test_ignore_comments(void **state)
{
    (void)state;
    fixture fx;
    /* Above a field (a doc comment may sit between), above a model, and a code list. */
    run(&fx, SQ "model Order {\n  id Int @id\n"
                "  // schemac-lint-ignore float-money\n  /// Kept as float for the legacy reports.\n"
                "  price Float\n"
                "  // schemac-lint-ignore float-money, updated-at-missing\n  fee Float\n"
                "  cost Float\n}\n"
                "// schemac-lint-ignore float-money updated-at-missing\n"
                "model Refund {\n  id Int @id\n  amount Float\n  createdAt DateTime @default(now())\n}\n");
    assert_int_equal(count_code(&fx, "float-money"), 1);
    const sc_diag *d = find_code(&fx, "float-money");
    assert_non_null(strstr(d->message, "cost"));
    assert_int_equal(count_code(&fx, "updated-at-missing"), 0);
    assert_int_equal(fx.nfindings, 1);
    done(&fx);
}

static void test_ignore_block_attr_and_chain_root(void **state)
{
    (void)state;
    fixture fx;
    /* Above a block attribute; above the root model of a cascade chain. */
    run(&fx, SQ "model P {\n  id Int @id\n  a Int\n  b Int\n  @@index([a, b])\n"
                "  // schemac-lint-ignore redundant-index\n  @@index([a])\n}\n");
    assert_int_equal(count_code(&fx, "redundant-index"), 0);
    done(&fx);
    run(&fx, SQ "// schemac-lint-ignore cascade-delete-chain\n" CHAIN("Cascade"));
    assert_int_equal(count_code(&fx, "cascade-delete-chain"), 0);
    done(&fx);
}

static void test_ignore_comment_wrong_place_or_code(void **state)
{
    (void)state;
    fixture fx;
    /* A trailing comment on the line above does not count; a different code does not silence;
       an unknown code is reported with a suggestion. */
    run(&fx, SQ "model Order {\n  id Int @id // schemac-lint-ignore float-money\n  price Float\n"
                "  // schemac-lint-ignore redundant-index\n  fee Float\n"
                "  // schemac-lint-ignore float-mony\n  cost Float\n}\n");
    assert_int_equal(count_code(&fx, "float-money"), 3);
    assert_int_equal(count_code(&fx, "unknown-lint-code"), 1);
    const sc_diag *d = find_code(&fx, "unknown-lint-code");
    assert_int_equal(d->span.line, 9);
    assert_true(has_note(d, "\"float-money\""));
    done(&fx);
}

/* Lint reads the model only: where to point and what is silenced travel in it (ir_src). */
static void test_reads_the_model(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, SQ "model Order {\n  id Int @id\n  // schemac-lint-ignore float-money\n  price Float\n  cost Float\n}\n");
    assert_int_equal(count_code(&fx, "float-money"), 1);
    ir_table *t = ir_find_model(&fx.ir, "Order");
    ir_column *price = ir_find_field(t, "price"), *cost = ir_find_field(t, "cost");
    assert_int_equal(price->src.nignore, 1);
    assert_string_equal(price->src.ignore[0], "float-money");
    /* Move the ignore list from price to cost in the model: now price is reported, at its type. */
    cost->src.ignore = price->src.ignore;
    cost->src.nignore = 1;
    price->src.nignore = 0;
    sc_diags again;
    diag_init(&again, &fx.arena);
    lint_input in = {&fx.ir, NULL, NULL};
    assert_int_equal(lint_schema(&again, &in), 1);
    assert_string_equal(again.first->code, "float-money");
    assert_non_null(strstr(again.first->message, "Order.price"));
    assert_int_equal(again.first->span.line, 7);
    assert_int_equal(again.first->span.col, 9);
    /* An ignore comment naming an unknown code comes from the model's list of them. */
    assert_int_equal(fx.ir.nsrc_comments, 1);
    fx.ir.src_comments[0].codes = (const char *const[]){"float-mony"};
    diag_init(&again, &fx.arena);
    assert_int_equal(lint_schema(&again, &in), 2);
    const sc_diag *d = again.first;
    assert_string_equal(d->code, "unknown-lint-code");
    assert_int_equal(d->span.line, 6);
    assert_true(has_note(d, "\"float-money\""));
    done(&fx);
}

/* ---------------------------------------------------------------- a clean schema */

static void test_clean_schema(void **state)
{
    (void)state;
    fixture fx;
    run(&fx, PG "model User {\n  id Int @id\n  email String @unique\n  posts Post[]\n"
                "  createdAt DateTime @default(now())\n  updatedAt DateTime @updatedAt\n}\n"
                "model Post {\n  id Int @id\n  price Decimal\n  authorId Int\n"
                "  author User @relation(fields: [authorId], references: [id], onDelete: Cascade)\n"
                "  @@index([authorId])\n}\n");
    assert_int_equal(fx.nfindings, 0);
    assert_null(fx.diags.first);
    done(&fx);
}

static void test_rules_table(void **state)
{
    (void)state;
    size_t n = 0;
    const lint_rule *r = lint_rules(&n);
    assert_true(n >= 7);
    for (size_t i = 0; i < n; i++)
        assert_true(lint_is_code(r[i].code));
    assert_false(lint_is_code("missing-index")); /* sema's, not lint's */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_null_required),
        cmocka_unit_test(test_set_null_required_not),
        cmocka_unit_test(test_fk_without_index),
        cmocka_unit_test(test_fk_with_index),
        cmocka_unit_test(test_fk_without_index_sqlite_and_prisma_mode),
        cmocka_unit_test(test_fk_to_view),
        cmocka_unit_test(test_redundant_index_prefix),
        cmocka_unit_test(test_redundant_index_unique_pk_duplicate),
        cmocka_unit_test(test_redundant_index_not),
        cmocka_unit_test(test_redundant_index_same_columns_by_name),
        cmocka_unit_test(test_float_money),
        cmocka_unit_test(test_float_money_not),
        cmocka_unit_test(test_long_identifier),
        cmocka_unit_test(test_long_identifier_not),
        cmocka_unit_test(test_portable_name),
        cmocka_unit_test(test_portable_name_not),
        cmocka_unit_test(test_cascade_chain),
        cmocka_unit_test(test_cascade_chain_not),
        cmocka_unit_test(test_cascade_chain_cycle),
        cmocka_unit_test(test_updated_at_missing),
        cmocka_unit_test(test_updated_at_missing_not),
        cmocka_unit_test(test_optional_unique),
        cmocka_unit_test(test_optional_unique_not),
        cmocka_unit_test(test_ignore_comments),
        cmocka_unit_test(test_ignore_block_attr_and_chain_root),
        cmocka_unit_test(test_ignore_comment_wrong_place_or_code),
        cmocka_unit_test(test_reads_the_model),
        cmocka_unit_test(test_clean_schema),
        cmocka_unit_test(test_rules_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
