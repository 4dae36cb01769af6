/*
 * test_migrate_unit.c - the migration engine without a database: SHA-256
 * test vectors, the diff (every kind of step, renames, rename questions),
 * the SQL each dialect plans, the safety warnings, and the folder format
 * with its sum file.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "migrate/diff.h"
#include "migrate/migrate.h"
#include "migtest.h"
#include "migrate/plan.h"
#include "migrate/safety.h"
#include "base/sha256.h"
#include "testutil.h"

/* ---------------------------------------------------------------- sha256 */

static void test_sha256_vectors(void **state)
{
    (void)state;
    char hex[SHA256_HEX_LEN + 1];
    sha256_hex(hex, "", 0);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256_hex(hex, "abc", 3);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    sha256_hex(hex, m448, strlen(m448));
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrs"
                       "mnopqrstnopqrstu";
    sha256_hex(hex, m896, strlen(m896));
    assert_string_equal(hex, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_sha256_million_a_in_pieces(void **state)
{
    (void)state;
    /* One million 'a' fed in uneven pieces: block boundaries must not matter. */
    char chunk[997];
    memset(chunk, 'a', sizeof chunk);
    sha256_ctx c;
    sha256_init(&c);
    size_t left = 1000000;
    while (left) {
        size_t n = left < sizeof chunk ? left : sizeof chunk;
        sha256_update(&c, chunk, n);
        left -= n;
    }
    unsigned char d[SHA256_DIGEST_LEN];
    char hex[SHA256_HEX_LEN + 1];
    sha256_final(&c, d);
    sha256_to_hex(hex, d);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* ---------------------------------------------------------------- diff */

static const diff_step *find_step(const diff_result *d, diff_kind k, const char *name)
{
    for (size_t i = 0; i < d->nsteps; i++)
        if (d->steps[i].kind == k && (!name || strcmp(d->steps[i].name, name) == 0))
            return &d->steps[i];
    return NULL;
}

static size_t count_kind(const diff_result *d, diff_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nsteps; i++)
        n += d->steps[i].kind == k;
    return n;
}

static const char *BASE = "model User {\n"
                          "  id    Int     @id @default(autoincrement())\n"
                          "  email String  @unique\n"
                          "  name  String?\n"
                          "  posts Post[]\n"
                          "}\n"
                          "model Post {\n"
                          "  id       Int    @id @default(autoincrement())\n"
                          "  title    String\n"
                          "  authorId Int\n"
                          "  author   User   @relation(fields: [authorId], references: [id])\n"
                          "}\n";

static void diff_of(diff_result *d, arena *a, const char *provider, const char *from, const char *to,
                    const diff_rename *renames, size_t nrenames)
{
    ir_schema *f = migtest_ir(a, provider, from);
    ir_schema *t = migtest_ir(a, provider, to);
    assert_non_null(f);
    assert_non_null(t);
    diff_options opt = DIFF_OPTIONS_INIT;
    opt.renames = renames;
    opt.nrenames = nrenames;
    const char *err = NULL;
    assert_int_equal(diff_schemas(d, a, f, t, &opt, &err), 0);
}

static void test_diff_identical_is_empty(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    diff_result d;
    diff_of(&d, &a, "postgresql", BASE, BASE, NULL, 0);
    assert_int_equal(d.nsteps, 0);
    assert_int_equal(d.nquestions, 0);
    arena_free(&a);
}

static void test_diff_create_from_empty_orders_steps(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ir_schema empty = {0};
    empty.provider = IR_PROVIDER_POSTGRESQL;
    ir_schema *t = migtest_ir(&a, "postgresql", BASE);
    assert_non_null(t);
    diff_result d;
    const char *err = NULL;
    assert_int_equal(diff_schemas(&d, &a, &empty, t, NULL, &err), 0);
    assert_int_equal(count_kind(&d, DIFF_CREATE_TABLE), 2);
    assert_non_null(find_step(&d, DIFF_ADD_INDEX, "User_email_key"));
    assert_non_null(find_step(&d, DIFF_ADD_FK, "Post_authorId_fkey"));
    /* Tables before the keys that point at them. */
    for (size_t i = 1; i < d.nsteps; i++)
        assert_true(d.steps[i - 1].kind <= d.steps[i].kind);
    assert_int_equal(d.steps[0].kind, DIFF_CREATE_TABLE);
    assert_int_equal(d.steps[d.nsteps - 1].kind, DIFF_ADD_FK);
    arena_free(&a);
}

static void test_diff_columns_add_drop_alter(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *to_ok = "model User {\n"
                        "  id    Int     @id @default(autoincrement())\n"
                        "  email String  @unique @default(\"\")\n"
                        "  name  String\n"
                        "  age   BigInt  @default(0)\n"
                        "  posts Post[]\n"
                        "}\n"
                        "model Post {\n"
                        "  id       Int    @id @default(autoincrement())\n"
                        "  authorId Int\n"
                        "  author   User   @relation(fields: [authorId], references: [id])\n"
                        "}\n";
    diff_result d;
    diff_of(&d, &a, "postgresql", BASE, to_ok, NULL, 0);
    const diff_step *s = find_step(&d, DIFF_ADD_COLUMN, "age");
    assert_non_null(s);
    assert_string_equal(s->table, "User");
    s = find_step(&d, DIFF_DROP_COLUMN, "title");
    assert_non_null(s);
    assert_string_equal(s->table, "Post");
    s = find_step(&d, DIFF_ALTER_COLUMN, "name");
    assert_non_null(s);
    assert_int_equal(s->changes, DIFF_CHANGE_NULLABLE);
    s = find_step(&d, DIFF_ALTER_COLUMN, "email");
    assert_non_null(s);
    assert_int_equal(s->changes, DIFF_CHANGE_DEFAULT);
    assert_null(find_step(&d, DIFF_ALTER_COLUMN, "id"));
    arena_free(&a);
}

static void test_diff_type_change(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    diff_result d;
    diff_of(&d, &a, "postgresql", "model T {\n  id Int @id\n  n Int\n  s String @db.VarChar(10)\n}\n",
            "model T {\n  id Int @id\n  n BigInt\n  s String @db.VarChar(20)\n}\n", NULL, 0);
    const diff_step *n = find_step(&d, DIFF_ALTER_COLUMN, "n");
    const diff_step *s = find_step(&d, DIFF_ALTER_COLUMN, "s");
    assert_non_null(n);
    assert_non_null(s);
    assert_int_equal(n->changes, DIFF_CHANGE_TYPE);
    assert_true(safety_type_widens(n->from_col, n->to_col));
    assert_true(safety_type_widens(s->from_col, s->to_col));
    assert_false(safety_type_widens(s->to_col, s->from_col));
    arena_free(&a);
}

static void test_diff_drop_add_asks_about_rename(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *to = "model User {\n"
                     "  id       Int     @id @default(autoincrement())\n"
                     "  email    String  @unique\n"
                     "  fullName String?\n"
                     "  posts    Post[]\n"
                     "}\n"
                     "model Post {\n"
                     "  id       Int    @id @default(autoincrement())\n"
                     "  title    String\n"
                     "  authorId Int\n"
                     "  author   User   @relation(fields: [authorId], references: [id])\n"
                     "}\n";
    diff_result d;
    diff_of(&d, &a, "sqlite", BASE, to, NULL, 0);
    /* Never guessed: a drop and an add, plus a question. */
    assert_non_null(find_step(&d, DIFF_DROP_COLUMN, "name"));
    assert_non_null(find_step(&d, DIFF_ADD_COLUMN, "fullName"));
    assert_int_equal(d.nquestions, 1);
    assert_non_null(strstr(d.questions[0], "--rename-column User.name=fullName"));

    diff_rename r = {"User", "name", "fullName"};
    diff_of(&d, &a, "sqlite", BASE, to, &r, 1);
    assert_int_equal(d.nsteps, 1);
    assert_int_equal(d.steps[0].kind, DIFF_RENAME_COLUMN);
    assert_string_equal(d.steps[0].old_name, "name");
    assert_int_equal(d.nquestions, 0);
    arena_free(&a);
}

static void test_diff_rename_table_renames_its_objects(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *to = "model User {\n"
                     "  id    Int     @id @default(autoincrement())\n"
                     "  email String  @unique\n"
                     "  name  String?\n"
                     "  posts Article[]\n"
                     "}\n"
                     "model Article {\n"
                     "  id       Int    @id @default(autoincrement())\n"
                     "  title    String\n"
                     "  authorId Int\n"
                     "  author   User   @relation(fields: [authorId], references: [id])\n"
                     "}\n";
    diff_result d;
    diff_of(&d, &a, "postgresql", BASE, to, NULL, 0);
    assert_non_null(find_step(&d, DIFF_DROP_TABLE, "Post"));
    assert_non_null(find_step(&d, DIFF_CREATE_TABLE, "Article"));
    assert_true(d.nquestions >= 1);
    assert_non_null(strstr(d.questions[0], "--rename-table Post=Article"));

    diff_rename r = {NULL, "Post", "Article"};
    diff_of(&d, &a, "postgresql", BASE, to, &r, 1);
    assert_null(find_step(&d, DIFF_DROP_TABLE, NULL));
    assert_null(find_step(&d, DIFF_CREATE_TABLE, NULL));
    const diff_step *s = find_step(&d, DIFF_RENAME_TABLE, "Article");
    assert_non_null(s);
    assert_string_equal(s->old_name, "Post");
    s = find_step(&d, DIFF_RENAME_CONSTRAINT, "Article_authorId_fkey");
    assert_non_null(s);
    assert_string_equal(s->old_name, "Post_authorId_fkey");
    assert_non_null(find_step(&d, DIFF_ALTER_PK, NULL));
    arena_free(&a);
}

static void test_diff_bad_rename_is_an_error(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ir_schema *f = migtest_ir(&a, "sqlite", BASE);
    assert_non_null(f);
    diff_rename r = {NULL, "Nope", "User"};
    diff_options opt = DIFF_OPTIONS_INIT;
    opt.renames = &r;
    opt.nrenames = 1;
    diff_result d;
    const char *err = NULL;
    assert_int_equal(diff_schemas(&d, &a, f, f, &opt, &err), -1);
    assert_non_null(strstr(err, "Nope"));
    arena_free(&a);
}

static void test_diff_indexes_and_constraints(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *from = "model T {\n  id Int @id\n  a Int\n  b Int\n  @@index([a])\n}\n";
    const char *to = "model T {\n  id Int @id\n  a Int @check(\"a > 0\")\n  b Int\n  @@unique([a, b])\n}\n";
    diff_result d;
    diff_of(&d, &a, "postgresql", from, to, NULL, 0);
    assert_non_null(find_step(&d, DIFF_DROP_INDEX, "T_a_idx"));
    assert_non_null(find_step(&d, DIFF_ADD_INDEX, "T_a_b_key"));
    assert_non_null(find_step(&d, DIFF_ADD_CHECK, "T_a_check"));
    /* And back. */
    diff_of(&d, &a, "postgresql", to, from, NULL, 0);
    assert_non_null(find_step(&d, DIFF_DROP_CHECK, "T_a_check"));
    assert_non_null(find_step(&d, DIFF_DROP_INDEX, "T_a_b_key"));
    assert_non_null(find_step(&d, DIFF_ADD_INDEX, "T_a_idx"));
    arena_free(&a);
}

static void test_diff_enums(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *v1 = "enum Role {\n  USER\n  ADMIN\n}\nmodel T {\n  id Int @id\n  r Role\n}\n";
    const char *v2 = "enum Role {\n  GUEST\n  USER\n  ADMIN\n  ROOT\n}\nmodel T {\n  id Int @id\n  r Role\n}\n";
    const char *v3 = "enum Role {\n  ADMIN\n}\nmodel T {\n  id Int @id\n  r Role\n}\n";
    const char *v4 = "enum Kind {\n  A\n}\nmodel T {\n  id Int @id\n  r Kind\n}\n";
    diff_result d;
    diff_of(&d, &a, "postgresql", v1, v2, NULL, 0);
    assert_int_equal(d.nsteps, 2);
    assert_non_null(find_step(&d, DIFF_ADD_ENUM_VALUE, "GUEST"));
    assert_non_null(find_step(&d, DIFF_ADD_ENUM_VALUE, "ROOT"));
    diff_of(&d, &a, "postgresql", v1, v3, NULL, 0);
    assert_int_equal(d.nsteps, 1);
    assert_non_null(find_step(&d, DIFF_REMOVE_ENUM_VALUE, "Role"));
    diff_of(&d, &a, "postgresql", v1, v4, NULL, 0);
    assert_non_null(find_step(&d, DIFF_CREATE_ENUM, "Kind"));
    assert_non_null(find_step(&d, DIFF_DROP_ENUM, "Role"));
    const diff_step *alter = find_step(&d, DIFF_ALTER_COLUMN, "r");
    assert_non_null(alter);
    assert_true(alter->changes & DIFF_CHANGE_TYPE);
    /* Create before use, drop after. */
    assert_int_equal(d.steps[0].kind, DIFF_CREATE_ENUM);
    assert_int_equal(d.steps[d.nsteps - 1].kind, DIFF_DROP_ENUM);
    arena_free(&a);
}

/*
 * Extensions diff as Prisma Migrate diffs them: created when new (first of
 * all steps); dropped and created again when the version or schema both
 * sides give differ; nothing when only one side gives it, or when the schema
 * stops naming the extension.
 */
static void test_diff_extensions(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *body = "generator c {\n  provider = \"x\"\n  previewFeatures = [\"postgresqlExtensions\"]\n}\n"
                       "enum Role {\n  A\n}\nmodel T {\n  id Int @id\n  r Role\n}\n";
    const char *v[] = {
        "",
        "  extensions = [hstore, citext(schema: \"public\")]\n",
        "  extensions = [hstore(version: \"1.7\"), citext(schema: \"public\")]\n",
        "  extensions = [hstore(version: \"1.8\"), citext]\n",
        "  extensions = [hstore(version: \"1.8\"), citext(schema: \"ext\")]\n",
        "  extensions = [hstore(version: \"1.8\")]\n",
    };
    ir_schema *m[6];
    for (size_t i = 0; i < 6; i++) {
        m[i] = migtest_ir_ds(&a, "postgresql", v[i], body);
        assert_non_null(m[i]);
    }
    diff_result d;
    const char *err = NULL;
    assert_int_equal(diff_schemas(&d, &a, m[0], m[1], NULL, &err), 0);
    assert_int_equal(count_kind(&d, DIFF_CREATE_EXTENSION), 2);
    assert_int_equal(d.steps[0].kind, DIFF_CREATE_EXTENSION);
    assert_int_equal(d.steps[1].kind, DIFF_CREATE_EXTENSION);
    assert_int_equal(d.nsteps, 2);
    /* From nothing, they come before everything else. */
    ir_schema empty = {0};
    empty.provider = IR_PROVIDER_POSTGRESQL;
    assert_int_equal(diff_schemas(&d, &a, &empty, m[1], NULL, &err), 0);
    assert_int_equal(d.steps[0].kind, DIFF_CREATE_EXTENSION);
    assert_int_equal(d.steps[1].kind, DIFF_CREATE_EXTENSION);
    assert_int_equal(d.steps[2].kind, DIFF_CREATE_ENUM);
    /* A version where there was none: no change (Prisma: an empty side matches). */
    assert_int_equal(diff_schemas(&d, &a, m[1], m[2], NULL, &err), 0);
    assert_int_equal(d.nsteps, 0);
    /* Another version: drop, then create; a schema given on one side only is no change. */
    assert_int_equal(diff_schemas(&d, &a, m[2], m[3], NULL, &err), 0);
    assert_int_equal(d.nsteps, 2);
    assert_int_equal(d.steps[0].kind, DIFF_DROP_EXTENSION);
    assert_string_equal(d.steps[0].name, "hstore");
    assert_string_equal(d.steps[0].extension->version, "1.7");
    assert_int_equal(d.steps[1].kind, DIFF_CREATE_EXTENSION);
    assert_string_equal(d.steps[1].extension->version, "1.8");
    assert_int_equal(diff_schemas(&d, &a, m[2], m[4], NULL, &err), 0);
    assert_int_equal(count_kind(&d, DIFF_DROP_EXTENSION), 2);
    assert_non_null(find_step(&d, DIFF_DROP_EXTENSION, "citext"));
    /* Gone from the schema: stays installed. */
    assert_int_equal(diff_schemas(&d, &a, m[4], m[5], NULL, &err), 0);
    assert_int_equal(d.nsteps, 0);
    /* The plan: Prisma's statements, first in the transaction; the drop warns. */
    assert_int_equal(diff_schemas(&d, &a, m[2], m[4], NULL, &err), 0);
    plan_script sc;
    plan_postgres_dialect.plan(&sc, &a, &d, m[2], m[4], NULL);
    assert_non_null(strstr(sc.tx, "DROP EXTENSION \"citext\";\nDROP EXTENSION \"hstore\";\n"
                                   "CREATE EXTENSION IF NOT EXISTS \"citext\" WITH SCHEMA \"ext\";\n"
                                   "CREATE EXTENSION IF NOT EXISTS \"hstore\" WITH VERSION \"1.8\";\n"));
    safety_report r;
    safety_context ctx = {IR_PROVIDER_POSTGRESQL, true, false, false};
    safety_check(&r, &a, &d, &ctx);
    assert_int_equal(r.n, 2);
    assert_string_equal(r.items[0].code, "drop-extension");
    assert_false(r.data_loss);
    arena_free(&a);
}

/* ---------------------------------------------------------------- plans */

static plan_script plan_of(arena *a, const char *provider, const char *from, const char *to, const diff_rename *r,
                           size_t nr, const plan_options *po)
{
    ir_schema *f = migtest_ir(a, provider, from);
    ir_schema *t = migtest_ir(a, provider, to);
    assert_non_null(f);
    assert_non_null(t);
    diff_options opt = DIFF_OPTIONS_INIT;
    opt.renames = r;
    opt.nrenames = nr;
    diff_result d;
    const char *err = NULL;
    assert_int_equal(diff_schemas(&d, a, f, t, &opt, &err), 0);
    plan_script s;
    const plan_dialect *pd = plan_dialect_for(t->provider);
    assert_non_null(pd);
    pd->plan(&s, a, &d, f, t, po);
    return s;
}

static void test_plan_sqlite_native_alter(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *to = "model User {\n"
                     "  id       Int     @id @default(autoincrement())\n"
                     "  email    String  @unique\n"
                     "  fullName String?\n"
                     "  score    Int     @default(0)\n"
                     "  posts    Post[]\n"
                     "  @@index([score])\n"
                     "}\n"
                     "model Post {\n"
                     "  id       Int    @id @default(autoincrement())\n"
                     "  title    String\n"
                     "  authorId Int\n"
                     "  author   User   @relation(fields: [authorId], references: [id])\n"
                     "}\n";
    diff_rename r = {"User", "name", "fullName"};
    plan_script s = plan_of(&a, "sqlite", BASE, to, &r, 1, NULL);
    assert_false(s.rebuild);
    assert_string_equal(s.pre, "");
    assert_string_equal(s.post, "");
    assert_non_null(strstr(s.tx, "ALTER TABLE \"User\" RENAME COLUMN \"name\" TO \"fullName\";\n"));
    assert_non_null(strstr(s.tx, "ALTER TABLE \"User\" ADD COLUMN \"score\" INTEGER NOT NULL DEFAULT 0;\n"));
    assert_non_null(strstr(s.tx, "CREATE INDEX \"User_score_idx\" ON \"User\" (\"score\");\n"));
    assert_null(strstr(s.tx, "_schemac_new_"));
    arena_free(&a);
}

static void test_plan_sqlite_rebuild(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *to = "model User {\n"
                     "  id    Int     @id @default(autoincrement())\n"
                     "  email String  @unique\n"
                     "  name  String  @default(\"anon\")\n"
                     "  posts Post[]\n"
                     "}\n"
                     "model Post {\n"
                     "  id       Int    @id @default(autoincrement())\n"
                     "  title    String\n"
                     "  authorId Int\n"
                     "  author   User   @relation(fields: [authorId], references: [id])\n"
                     "}\n";
    plan_script s = plan_of(&a, "sqlite", BASE, to, NULL, 0, NULL);
    assert_true(s.rebuild);
    /* SQLite's documented order: new table, copy, drop, rename, indexes. */
    const char *create = strstr(s.tx, "CREATE TABLE \"_schemac_new_User\"");
    const char *copy = strstr(s.tx, "INSERT INTO \"_schemac_new_User\" (\"id\", \"email\", \"name\") SELECT \"id\", "
                                    "\"email\", coalesce(\"name\", 'anon') FROM \"User\";");
    const char *drop = strstr(s.tx, "DROP TABLE \"User\";");
    const char *rename = strstr(s.tx, "ALTER TABLE \"_schemac_new_User\" RENAME TO \"User\";");
    const char *index = strstr(s.tx, "CREATE UNIQUE INDEX \"User_email_key\"");
    assert_non_null(create);
    assert_non_null(copy);
    assert_non_null(drop);
    assert_non_null(rename);
    assert_non_null(index);
    assert_true(create < copy && copy < drop && drop < rename && rename < index);
    arena_free(&a);
}

static void test_plan_postgres_sections(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *from = "enum Role {\n  USER\n  ADMIN\n}\nmodel T {\n  id Int @id\n  a Int\n  r Role\n  o Int\n}\n"
                       "model O {\n  id Int @id\n}\n";
    const char *to = "enum Role {\n  USER\n  MOD\n  ADMIN\n}\nmodel T {\n  id Int @id\n  a Int @check(\"a > 0\")\n"
                     "  r Role @default(MOD)\n  o Int\n  oo O @relation(fields: [o], references: [id])\n"
                     "  @@index([a])\n}\n"
                     "model O {\n  id Int @id\n  ts T[]\n}\n";
    plan_script s = plan_of(&a, "postgresql", from, to, NULL, 0, NULL);
    assert_non_null(strstr(s.pre, "ALTER TYPE \"Role\" ADD VALUE IF NOT EXISTS 'MOD' BEFORE 'ADMIN';\n"));
    assert_non_null(strstr(s.tx, "SET lock_timeout = '10s';\n"));
    assert_non_null(strstr(s.tx, "ALTER TABLE \"T\" ALTER COLUMN \"r\" SET DEFAULT 'MOD';\n"));
    assert_non_null(strstr(s.tx, "ALTER TABLE \"T\" ADD CONSTRAINT \"T_a_check\" CHECK (a > 0);\n"));
    assert_non_null(strstr(s.tx, "ADD CONSTRAINT \"T_o_fkey\" FOREIGN KEY (\"o\") REFERENCES \"O\"(\"id\")"));
    assert_null(strstr(s.tx, "NOT VALID"));
    assert_non_null(strstr(s.post, "DROP INDEX CONCURRENTLY IF EXISTS \"T_a_idx\";\n"));
    assert_non_null(strstr(s.post, "CREATE INDEX CONCURRENTLY \"T_a_idx\" ON \"T\""));
    assert_null(strstr(s.tx, "CREATE INDEX"));

    plan_options po = PLAN_OPTIONS_INIT;
    po.low_lock = true;
    po.no_concurrently = true;
    po.lock_timeout = "3s";
    s = plan_of(&a, "postgresql", from, to, NULL, 0, &po);
    assert_non_null(strstr(s.tx, "SET lock_timeout = '3s';\n"));
    assert_non_null(strstr(s.tx, "CHECK (a > 0) NOT VALID;\n"));
    assert_non_null(strstr(s.tx, "ON UPDATE CASCADE NOT VALID;\n"));
    assert_non_null(strstr(s.post, "ALTER TABLE \"T\" VALIDATE CONSTRAINT \"T_a_check\";\n"));
    assert_non_null(strstr(s.post, "ALTER TABLE \"T\" VALIDATE CONSTRAINT \"T_o_fkey\";\n"));
    assert_non_null(strstr(s.tx, "CREATE INDEX \"T_a_idx\" ON \"T\""));
    assert_null(strstr(s.post, "CONCURRENTLY"));
    arena_free(&a);
}

/* A new enum value nothing in the migration uses is added inside the transaction; a used one before it. */
static void test_plan_postgres_enum_value_in_tx(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *from = "enum Role {\n  USER\n  ADMIN\n}\nmodel T {\n  id Int @id\n  r Role\n  s String?\n}\n";
    const char *unused = "enum Role {\n  USER\n  MOD\n  ADMIN\n  OWNER\n}\nmodel T {\n  id Int @id\n  r Role\n"
                         "  s String?\n  n Int?\n}\n";
    plan_script s = plan_of(&a, "postgresql", from, unused, NULL, 0, NULL);
    assert_string_equal(s.pre, "");
    assert_int_equal(s.npre_enum_values, 0);
    const char *mod = strstr(s.tx, "ALTER TYPE \"Role\" ADD VALUE IF NOT EXISTS 'MOD' BEFORE 'ADMIN';\n");
    const char *owner = strstr(s.tx, "ALTER TYPE \"Role\" ADD VALUE IF NOT EXISTS 'OWNER';\n");
    const char *col = strstr(s.tx, "ADD COLUMN \"n\"");
    assert_non_null(mod);
    assert_non_null(owner);
    assert_non_null(col);
    /* Declared order, and ahead of the rest of the body. */
    assert_true(mod < owner && owner < col);

    /* A check that names the value: both new values of the enum go before the transaction. */
    const char *used = "enum Role {\n  USER\n  MOD\n  ADMIN\n  OWNER\n}\nmodel T {\n  id Int @id\n"
                       "  r Role @check(\"r <> 'OWNER'\")\n  s String?\n}\n";
    s = plan_of(&a, "postgresql", from, used, NULL, 0, NULL);
    assert_non_null(strstr(s.pre, "ADD VALUE IF NOT EXISTS 'MOD' BEFORE 'ADMIN';\n"));
    assert_non_null(strstr(s.pre, "ADD VALUE IF NOT EXISTS 'OWNER';\n"));
    assert_null(strstr(s.tx, "ADD VALUE"));
    assert_int_equal(s.npre_enum_values, 2);
    assert_string_equal(s.pre_enum_values[0], "Role.MOD");

    /* A column converted to the enum may hold the value in its rows. */
    const char *convert = "enum Role {\n  USER\n  MOD\n  ADMIN\n}\nmodel T {\n  id Int @id\n  r Role\n  s Role?\n}\n";
    s = plan_of(&a, "postgresql", from, convert, NULL, 0, NULL);
    assert_non_null(strstr(s.pre, "'MOD'"));
    assert_int_equal(s.npre_enum_values, 1);
    arena_free(&a);
}

static void test_plan_postgres_enum_removal_and_not_null(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *from = "enum Role {\n  USER\n  ADMIN\n  GUEST\n}\nmodel T {\n  id Int @id\n  r Role @default(USER)\n"
                       "  n String?\n}\n";
    const char *to = "enum Role {\n  USER\n  ADMIN\n}\nmodel T {\n  id Int @id\n  r Role @default(USER)\n  n String\n}\n";
    plan_options po = PLAN_OPTIONS_INIT;
    po.low_lock = true;
    plan_script s = plan_of(&a, "postgresql", from, to, NULL, 0, &po);
    const char *ren = strstr(s.tx, "ALTER TYPE \"Role\" RENAME TO \"Role_old\";");
    const char *cre = strstr(s.tx, "CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN');");
    const char *cast = strstr(s.tx, "ALTER TABLE \"T\" ALTER COLUMN \"r\" SET DATA TYPE \"Role\" USING \"r\"::text::\"Role\";");
    const char *drop = strstr(s.tx, "DROP TYPE \"Role_old\";");
    assert_non_null(ren);
    assert_non_null(cre);
    assert_non_null(cast);
    assert_non_null(drop);
    assert_true(ren < cre && cre < cast && cast < drop);
    /* Low-lock NOT NULL: a NOT VALID check, validated after the commit, then SET NOT NULL. */
    assert_non_null(strstr(s.tx, "ADD CONSTRAINT \"T_n_not_null\" CHECK (\"n\" IS NOT NULL) NOT VALID;"));
    const char *val = strstr(s.post, "VALIDATE CONSTRAINT \"T_n_not_null\";");
    const char *setnn = strstr(s.post, "ALTER COLUMN \"n\" SET NOT NULL;");
    assert_non_null(val);
    assert_non_null(setnn);
    assert_true(val < setnn);
    arena_free(&a);
}

/* ---------------------------------------------------------------- safety */

static bool has_code(const safety_report *r, const char *code, bool data_loss)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->items[i].code, code) == 0 && r->items[i].data_loss == data_loss && r->items[i].fix &&
            *r->items[i].fix)
            return true;
    return false;
}

static void test_safety_rules(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *from = "enum E {\n  A\n  B\n}\nmodel T {\n  id Int @id\n  a Int\n  b String\n  e E\n  o Int\n}\n"
                       "model Gone {\n  id Int @id\n}\nmodel O {\n  id Int @id\n}\n";
    const char *to = "enum E {\n  A\n}\nmodel T {\n  id Int @id\n  a String\n  c Int\n  e E\n  o Int\n"
                     "  oo O @relation(fields: [o], references: [id])\n  @@unique([a])\n  @@check(\"o > 0\")\n}\n"
                     "model O {\n  id Int @id\n  ts T[]\n}\n";
    ir_schema *f = migtest_ir(&a, "postgresql", from);
    ir_schema *t = migtest_ir(&a, "postgresql", to);
    assert_non_null(f);
    assert_non_null(t);
    diff_result d;
    const char *err = NULL;
    assert_int_equal(diff_schemas(&d, &a, f, t, NULL, &err), 0);
    safety_context ctx = {IR_PROVIDER_POSTGRESQL, false, false, false};
    safety_report r;
    safety_check(&r, &a, &d, &ctx);
    assert_true(r.data_loss);
    assert_true(has_code(&r, "drop-table", true));
    assert_true(has_code(&r, "drop-column", true));
    assert_true(has_code(&r, "type-change", true));
    assert_true(has_code(&r, "not-null-no-default", false));
    assert_true(has_code(&r, "index-not-concurrent", false));
    assert_true(has_code(&r, "unique-populated", false));
    assert_true(has_code(&r, "constraint-full-lock", false));
    assert_true(has_code(&r, "enum-value-removed", true));

    /* Concurrent builds and --low-lock silence the lock warnings, not the others. */
    safety_context careful = {IR_PROVIDER_POSTGRESQL, true, true, false};
    safety_check(&r, &a, &d, &careful);
    assert_false(has_code(&r, "index-not-concurrent", false));
    assert_false(has_code(&r, "constraint-full-lock", false));
    assert_true(has_code(&r, "unique-populated", false));

    arena_free(&a);
}

static void test_safety_rename_warns(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ir_schema *f = migtest_ir(&a, "sqlite", "model A {\n  id Int @id\n  x Int\n}\n");
    ir_schema *t = migtest_ir(&a, "sqlite", "model B {\n  id Int @id\n  y Int\n}\n");
    assert_non_null(f);
    assert_non_null(t);
    diff_rename r[2] = {{NULL, "A", "B"}, {"B", "x", "y"}};
    diff_options opt = DIFF_OPTIONS_INIT;
    opt.renames = r;
    opt.nrenames = 2;
    diff_result d;
    const char *err = NULL;
    assert_int_equal(diff_schemas(&d, &a, f, t, &opt, &err), 0);
    safety_context ctx = {IR_PROVIDER_SQLITE, false, false, false};
    safety_report rep;
    safety_check(&rep, &a, &d, &ctx);
    assert_false(rep.data_loss);
    size_t renames = 0;
    for (size_t i = 0; i < rep.n; i++)
        renames += strcmp(rep.items[i].code, "rename") == 0;
    assert_int_equal(renames, 2);
    arena_free(&a);
}

/* ---------------------------------------------------------------- folder, sum file, diff command */

static const char *fresh_dir(arena *a, const char *tag)
{
    const char *d = arena_printf(a, "%s/migunit_%s_%ld", testutil_tmp_dir(), tag, (long)getpid());
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
    assert_int_equal(system(cmd), 0);
    return d;
}

static void write_text(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* Entries of DIR other than "." and "..", hidden ones included. */
static int count_entries(const char *dir)
{
    DIR *dp = opendir(dir);
    assert_non_null(dp);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL)
        n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
    closedir(dp);
    return n;
}

static void test_migrate_diff_writes_folder_and_sum(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *dir = fresh_dir(&a, "folder");
    ir_schema *v1 = migtest_ir(&a, "sqlite", BASE);
    assert_non_null(v1);
    migrate_diff_options opt = MIGRATE_DIFF_OPTIONS_INIT;
    opt.dir = dir;
    opt.name = "init schema";
    opt.timestamp = "20260101000000";
    migrate_diff_result res;
    const char *err = NULL;
    assert_int_equal(migrate_diff(&res, &a, v1, &opt, &err), 0);
    assert_false(res.empty);
    assert_string_equal(res.folder, arena_printf(&a, "%s/20260101000000_init_schema", dir));

    migrate_dir d;
    assert_int_equal(migrate_dir_read(&d, &a, dir, &err), 0);
    assert_int_equal(d.n, 1);
    assert_int_equal(migrate_sum_verify(&d, &a, &err), 0);
    ir_schema snap;
    assert_int_equal(migrate_entry_snapshot(&snap, &a, &d.items[0], &err), 0);
    assert_true(ir_equal(&snap, v1));
    assert_non_null(strstr(d.items[0].up, "-- schemac:section tx\n"));
    assert_non_null(strstr(d.items[0].down, "-- schemac:data-loss\n"));
    assert_non_null(strstr(d.items[0].down, "-- warning[drop-table] (data loss)"));

    /* Same schema again: nothing to write. */
    assert_int_equal(migrate_diff(&res, &a, v1, &opt, &err), 0);
    assert_true(res.empty);
    assert_int_equal(migrate_dir_read(&d, &a, dir, &err), 0);
    assert_int_equal(d.n, 1);

    /* A change with an older clock still sorts after the last migration. */
    ir_schema *v2 = migtest_ir(&a, "sqlite", "model User {\n  id Int @id\n}\n");
    assert_non_null(v2);
    opt.name = "second";
    opt.timestamp = "20250101000000";
    opt.check_only = true;
    assert_int_equal(migrate_diff(&res, &a, v2, &opt, &err), 0);
    assert_false(res.empty);
    assert_null(res.folder);
    opt.check_only = false;
    assert_int_equal(migrate_diff(&res, &a, v2, &opt, &err), 0);
    assert_string_equal(res.folder, arena_printf(&a, "%s/20260101000001_second", dir));
    assert_true(res.warnings.data_loss);
    assert_non_null(strstr(res.up_sql, "-- warning[drop-table] (data loss): table \"Post\""));
    assert_int_equal(migrate_dir_read(&d, &a, dir, &err), 0);
    assert_int_equal(d.n, 2);
    assert_int_equal(migrate_sum_verify(&d, &a, &err), 0);
    /* The files were written in a hidden folder renamed into place: nothing else is left. */
    assert_int_equal(count_entries(dir), 3);

    /* A write that fails half-way leaves no migration folder and the sum file as it was. */
    char *sum_before = testutil_read_file(arena_printf(&a, "%s/schemac.sum", dir), NULL);
    assert_non_null(sum_before);
    const char *blocker = arena_printf(&a, "%s/.20260101000002_third.tmp%ld", dir, (long)getpid());
    write_text(blocker, "in the way\n");
    ir_schema *v3 = migtest_ir(&a, "sqlite", "model User {\n  id Int @id\n  n Int?\n}\n");
    assert_non_null(v3);
    opt.name = "third";
    assert_int_equal(migrate_diff(&res, &a, v3, &opt, &err), -1);
    assert_non_null(strstr(err, "cannot create"));
    assert_int_equal(remove(blocker), 0);
    assert_int_equal(count_entries(dir), 3);
    char *sum_after = testutil_read_file(arena_printf(&a, "%s/schemac.sum", dir), NULL);
    assert_non_null(sum_after);
    assert_string_equal(sum_before, sum_after);
    free(sum_before);
    free(sum_after);
    arena_free(&a);
}

static void test_sum_catches_edits_and_strays(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *dir = fresh_dir(&a, "sum");
    ir_schema *v1 = migtest_ir(&a, "sqlite", BASE);
    assert_non_null(v1);
    migrate_diff_options opt = MIGRATE_DIFF_OPTIONS_INIT;
    opt.dir = dir;
    opt.name = "init";
    opt.timestamp = "20260101000000";
    migrate_diff_result res;
    const char *err = NULL;
    assert_int_equal(migrate_diff(&res, &a, v1, &opt, &err), 0);

    /* An edit to up.sql. */
    const char *up = arena_printf(&a, "%s/up.sql", res.folder);
    write_text(up, "DROP TABLE \"User\";\n");
    migrate_dir d;
    assert_int_equal(migrate_dir_read(&d, &a, dir, &err), 0);
    assert_int_equal(migrate_sum_verify(&d, &a, &err), -1);
    assert_non_null(strstr(err, "20260101000000_init: edited"));
    /* `migrate diff` refuses to build on a folder that does not match its sum. */
    assert_int_equal(migrate_diff(&res, &a, v1, &opt, &err), -1);
    /* `migrate hash` accepts the edit. */
    assert_int_equal(migrate_sum_write(&d, &a, &err), 0);
    assert_int_equal(migrate_dir_read(&d, &a, dir, &err), 0);
    assert_int_equal(migrate_sum_verify(&d, &a, &err), 0);

    /* A migration from another branch, copied in without `migrate diff`. */
    const char *stray = arena_printf(&a, "%s/20250601000000_other_branch", dir);
    assert_int_equal(mkdir(stray, 0777), 0);
    write_text(arena_printf(&a, "%s/up.sql", stray), "SELECT 1;\n");
    write_text(arena_printf(&a, "%s/down.sql", stray), "SELECT 1;\n");
    write_text(arena_printf(&a, "%s/schema.json", stray), "{}\n");
    assert_int_equal(migrate_dir_read(&d, &a, dir, &err), 0);
    assert_int_equal(migrate_sum_verify(&d, &a, &err), -1);
    assert_non_null(strstr(err, "20250601000000_other_branch: not in the sum file"));

    /* The sum file's own first line edited. */
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", stray);
    assert_int_equal(system(cmd), 0);
    char *sum = testutil_read_file(arena_printf(&a, "%s/schemac.sum", dir), NULL);
    assert_non_null(sum);
    sum[20] = sum[20] == '0' ? '1' : '0';
    write_text(arena_printf(&a, "%s/schemac.sum", dir), sum);
    free(sum);
    assert_int_equal(migrate_dir_read(&d, &a, dir, &err), 0);
    assert_int_equal(migrate_sum_verify(&d, &a, &err), -1);
    assert_non_null(strstr(err, "the sum file itself was edited"));

    /* Reordered: a second migration, then a merge that swapped the two lines of the sum file. */
    assert_int_equal(migrate_sum_write(&d, &a, &err), 0);
    ir_schema *v2 = migtest_ir(&a, "sqlite", "model User {\n  id Int @id\n}\n");
    assert_non_null(v2);
    opt.name = "second";
    assert_int_equal(migrate_diff(&res, &a, v2, &opt, &err), 0);
    assert_int_equal(migrate_dir_read(&d, &a, dir, &err), 0);
    assert_int_equal(d.n, 2);
    const char *swapped = arena_printf(&a, "%.*s%s h1:%s\n%s h1:%s\n", (int)(strchr(d.sum, '\n') - d.sum + 1), d.sum,
                                       d.items[1].name, d.items[1].checksum, d.items[0].name, d.items[0].checksum);
    write_text(arena_printf(&a, "%s/schemac.sum", dir), swapped);
    assert_int_equal(migrate_dir_read(&d, &a, dir, &err), 0);
    assert_int_equal(migrate_sum_verify(&d, &a, &err), -1);
    assert_non_null(strstr(err, "20260101000001_second: listed out of order"));
    assert_non_null(strstr(err, "re-create it on top with `schemac migrate diff`"));
    /* And every command that builds on the folder refuses it. */
    assert_int_equal(migrate_diff(&res, &a, v2, &opt, &err), -1);
    assert_non_null(strstr(err, "does not match"));
    arena_free(&a);
}

/* An in-memory migration of the sum tests: NAME with up.sql UP. */
static migrate_entry sum_entry(const char *name, const char *up)
{
    migrate_entry e;
    memset(&e, 0, sizeof e);
    e.name = name;
    e.path = name;
    e.up = up;
    e.down = "-- down\n";
    e.snapshot = "{}\n";
    migrate_checksum(e.checksum, e.up, e.down, e.snapshot);
    migrate_apply_checksum(e.apply_checksum, e.up, e.snapshot);
    return e;
}

/*
 * A folder name may hold blanks, and one name may start another: the sum
 * file's lines are read by their last blank, and a migration counts as
 * listed only under its own name.
 */
static void test_sum_names_with_blanks_and_prefixes(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    migrate_entry items[2] = {sum_entry("20260101000000_add", "SELECT 1;\n"),
                              sum_entry("20260101000000_add users", "SELECT 2;\n")};
    migrate_dir d = {"migrations", items, 2, NULL};
    const char *right = migrate_sum_text(&a, &d);
    d.sum = right;
    const char *err = NULL;
    assert_int_equal(migrate_sum_verify(&d, &a, &err), 0);
    /* Only the second listed. */
    d.sum = arena_printf(&a, "schemac-sum v1 h1:%064d\n%s h1:%s\n", 0, items[1].name, items[1].checksum);
    assert_int_equal(migrate_sum_verify(&d, &a, &err), -1);
    assert_non_null(strstr(err, "  20260101000000_add: not in the sum file"));
    assert_null(strstr(err, "edited"));
    /* Both listed and right, the first line wrong: that line alone is blamed. */
    d.sum = arena_printf(&a, "schemac-sum v1 h1:%064d%s", 0, strchr(right, '\n'));
    assert_int_equal(migrate_sum_verify(&d, &a, &err), -1);
    assert_non_null(strstr(err, "the sum file itself was edited"));
    assert_null(strstr(err, "20260101000000_add"));
    arena_free(&a);
}

/* A line break in a folder name would split its line of the sum file: such a folder is refused. */
static void test_folder_name_with_control_character_refused(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    const char *dir = fresh_dir(&a, "ctlname");
    assert_int_equal(mkdir(dir, 0777), 0);
    const char *bad = arena_printf(&a, "%s/20260101000000_a\nb", dir);
    assert_int_equal(mkdir(bad, 0777), 0);
    write_text(arena_printf(&a, "%s/up.sql", bad), "SELECT 1;\n");
    write_text(arena_printf(&a, "%s/down.sql", bad), "SELECT 1;\n");
    write_text(arena_printf(&a, "%s/schema.json", bad), "{}\n");
    migrate_dir d;
    const char *err = NULL;
    assert_int_equal(migrate_dir_read(&d, &a, dir, &err), -1);
    assert_non_null(strstr(err, "20260101000000_a?b has a control character in its name"));
    arena_free(&a);
}

static void test_parse_rename(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    diff_rename r;
    assert_int_equal(migrate_parse_rename(&r, &a, "Old=New", false), 0);
    assert_null(r.table);
    assert_string_equal(r.from, "Old");
    assert_string_equal(r.to, "New");
    assert_int_equal(migrate_parse_rename(&r, &a, "User.name=fullName", true), 0);
    assert_string_equal(r.table, "User");
    assert_string_equal(r.from, "name");
    assert_string_equal(r.to, "fullName");
    assert_int_equal(migrate_parse_rename(&r, &a, "nodot=x", true), -1);
    assert_int_equal(migrate_parse_rename(&r, &a, "=x", false), -1);
    assert_int_equal(migrate_parse_rename(&r, &a, "x=", false), -1);
    arena_free(&a);
}

/* ---------------------------------------------------------------- durations */

static void test_parse_duration(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        long long ms;
    } good[] = {{"1s", 1000}, {"500ms", 500}, {"5m", 300000}, {"5min", 300000}, {"2h", 7200000},
                {"0", 0},     {"1500ms", 1500}, {"24h", 86400000}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        long long ms = -1;
        assert_int_equal(migrate_parse_duration(&ms, good[i].text), 0);
        assert_int_equal(ms, good[i].ms);
    }
    /* a number without a unit (but 0) is refused: PostgreSQL would read "5" as 5 ms */
    static const char *const bad[] = {"", "s", "-1s", "1.5s", "10x", "25h", " 1s", "1 s", "1S", "99999999999999999999",
                                      "5", "1500"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long long ms = 42;
        assert_int_equal(migrate_parse_duration(&ms, bad[i]), -1);
        assert_int_equal(ms, 42);
    }
    arena a;
    arena_init(&a);
    assert_string_equal(migrate_format_duration(&a, 300000), "5m");
    assert_string_equal(migrate_format_duration(&a, 1000), "1s");
    assert_string_equal(migrate_format_duration(&a, 1500), "1500ms");
    assert_string_equal(migrate_format_duration(&a, 0), "0ms");
    assert_string_equal(migrate_format_duration(&a, 7200000), "2h");
    /* PostgreSQL reads "5m" as an error: lock_timeout gets its own spelling. */
    assert_string_equal(migrate_pg_duration(&a, 300000), "5min");
    assert_string_equal(migrate_pg_duration(&a, 10000), "10s");
    arena_free(&a);
}

/* ---------------------------------------------------------------- PostgreSQL's spelling of expressions */

/*
 * EXPR written in a migration and PG_TEXT as PostgreSQL 15 prints it back
 * (pg_get_constraintdef without "CHECK "): the same once both are rewritten
 * and normalized. Also asserts the rewrite alone, so a change that makes
 * both sides equal by mangling them (say, to nothing) fails.
 */
static void expect_same_pg(arena *a, const char *expr, const char *pg_text, const char *rewritten)
{
    assert_string_equal(migrate_pg_expr(a, expr), rewritten);
    const char *x = ir_normalize_expr(a, migrate_pg_expr(a, expr));
    const char *y = ir_normalize_expr(a, migrate_pg_expr(a, pg_text));
    if (strcmp(x, y) != 0)
        fprintf(stderr, "%s\n  -> %s\n%s\n  -> %s\n", expr, x, pg_text, y);
    assert_string_equal(x, y);
}

static void test_pg_expr_between(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    expect_same_pg(&a, "age BETWEEN 0 AND 150", "((age >= 0) AND (age <= 150))", "(age >= 0 AND age <= 150)");
    expect_same_pg(&a, "a NOT BETWEEN 1 AND 10", "((a < 1) OR (a > 10))", "(a < 1 OR a > 10)");
    expect_same_pg(&a, "a BETWEEN -5 AND b + 1", "((a >= '-5'::integer) AND (a <= (b + 1)))",
                   "(a >= -5 AND a <= b + 1)");
    expect_same_pg(&a, "a BETWEEN SYMMETRIC 1 AND 10", "(((a >= 1) AND (a <= 10)) OR ((a >= 10) AND (a <= 1)))",
                   "((a >= 1 AND a <= 10) OR (a >= 10 AND a <= 1))");
    /* Two in one expression, and one inside a function call's parentheses. */
    expect_same_pg(&a, "x BETWEEN 1 AND 2 OR y BETWEEN 3 AND 4", "(((x >= 1) AND (x <= 2)) OR ((y >= 3) AND (y <= 4)))",
                   "(x >= 1 AND x <= 2) OR (y >= 3 AND y <= 4)");
    expect_same_pg(&a, "coalesce(length(name) BETWEEN 1 AND 9, true)",
                   "COALESCE(((length(name) >= 1) AND (length(name) <= 9)), true)",
                   "coalesce((length(name) >= 1 AND length(name) <= 9), true)");
    /* A different bound stays different. */
    assert_string_not_equal(ir_normalize_expr(&a, migrate_pg_expr(&a, "age BETWEEN 0 AND 150")),
                             ir_normalize_expr(&a, migrate_pg_expr(&a, "((age >= 0) AND (age <= 151))")));
    arena_free(&a);
}

static void test_pg_expr_in_lists(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    expect_same_pg(&a, "name IN ('a', 'b')", "(name = ANY (ARRAY['a'::text, 'b'::text]))", "name = ANY (ARRAY['a', 'b'])");
    expect_same_pg(&a, "name NOT IN ('x', 'y')", "(name <> ALL (ARRAY['x'::text, 'y'::text]))",
                   "name <> ALL (ARRAY['x', 'y'])");
    expect_same_pg(&a, "name IN ('x')", "(name = 'x'::text)", "name = 'x'");
    expect_same_pg(&a, "a in (1, -2, 3)", "(a = ANY (ARRAY[1, '-2'::integer, 3]))", "a = ANY (ARRAY[1, -2, 3])");
    /* A list holding a column is not folded into an array by PostgreSQL either: left alone. */
    assert_string_equal(migrate_pg_expr(&a, "a IN (b, 1)"), "a IN (b, 1)");
    arena_free(&a);
}

static void test_pg_expr_operators(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    expect_same_pg(&a, "email LIKE '%@%' AND email NOT ILIKE '%example%'",
                   "((email ~~ '%@%'::text) AND (email !~~* '%example%'::text))", "email ~~ '%@%' AND email !~~* '%example%'");
    expect_same_pg(&a, "email ILIKE '%@%'", "(email ~~* '%@%'::text)", "email ~~* '%@%'");
    expect_same_pg(&a, "email NOT LIKE '% %'", "(email !~~ '% %'::text)", "email !~~ '% %'");
    expect_same_pg(&a, "a != b", "(a <> b)", "a <> b");
    expect_same_pg(&a, "a >= -1", "(a >= '-1'::integer)", "a >= -1");
    expect_same_pg(&a, "r > -0.5", "(r > ('-0.5'::numeric)::double precision)", "r > -0.5");
    expect_same_pg(&a, "trim(name) <> ''", "(TRIM(BOTH FROM name) <> ''::text)", "TRIM(BOTH FROM name) <> ''");
    expect_same_pg(&a, "name SIMILAR TO 'a%'", "(name ~ similar_to_escape('a%'::text))", "name ~ similar_to_escape('a%')");
    expect_same_pg(&a, "name NOT SIMILAR TO 'a%'", "(name !~ similar_to_escape('a%'::text))",
                   "name !~ similar_to_escape('a%')");
    /* Quoted text is never rewritten: a string that says LIKE or BETWEEN stays as it is. */
    assert_string_equal(migrate_pg_expr(&a, "note <> 'a BETWEEN b AND c' AND \"like\" = 'x IN (1)'"),
                        "note <> 'a BETWEEN b AND c' AND \"like\" = 'x IN (1)'");
    /* A string quote left open: returned untouched. */
    assert_string_equal(migrate_pg_expr(&a, "name = 'oops"), "name = 'oops");
    arena_free(&a);
}

/* Escape strings and dollar quotes come back as plain literals (seen on PostgreSQL 15). */
static void test_pg_expr_strings(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    expect_same_pg(&a, "c <> E'a\\'b' AND c <> $q$'$q$", "((c <> 'a''b'::text) AND (c <> ''''::text))",
                   "c <> 'a''b' AND c <> ''''");
    expect_same_pg(&a, "c <> E'\\x41\\n\\\\\\101\\u00e9' AND c <> $$x$$",
                   "((c <> 'A\n\\A\u00e9'::text) AND (c <> 'x'::text))", "c <> 'A\n\\A\u00e9' AND c <> 'x'");
    /* An escape string left open is returned untouched. */
    assert_string_equal(migrate_pg_expr(&a, "c <> E'a\\'"), "c <> E'a\\'");
    /* A different literal stays different. */
    assert_string_not_equal(ir_normalize_expr(&a, migrate_pg_expr(&a, "c <> E'a\\'b'")),
                            ir_normalize_expr(&a, migrate_pg_expr(&a, "(c <> 'a\\b'::text)")));
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_sha256_million_a_in_pieces),
        cmocka_unit_test(test_diff_identical_is_empty),
        cmocka_unit_test(test_diff_create_from_empty_orders_steps),
        cmocka_unit_test(test_diff_columns_add_drop_alter),
        cmocka_unit_test(test_diff_type_change),
        cmocka_unit_test(test_diff_drop_add_asks_about_rename),
        cmocka_unit_test(test_diff_rename_table_renames_its_objects),
        cmocka_unit_test(test_diff_bad_rename_is_an_error),
        cmocka_unit_test(test_diff_indexes_and_constraints),
        cmocka_unit_test(test_diff_enums),
        cmocka_unit_test(test_diff_extensions),
        cmocka_unit_test(test_plan_sqlite_native_alter),
        cmocka_unit_test(test_plan_sqlite_rebuild),
        cmocka_unit_test(test_plan_postgres_sections),
        cmocka_unit_test(test_plan_postgres_enum_removal_and_not_null),
        cmocka_unit_test(test_plan_postgres_enum_value_in_tx),
        cmocka_unit_test(test_safety_rules),
        cmocka_unit_test(test_safety_rename_warns),
        cmocka_unit_test(test_migrate_diff_writes_folder_and_sum),
        cmocka_unit_test(test_sum_catches_edits_and_strays),
        cmocka_unit_test(test_sum_names_with_blanks_and_prefixes),
        cmocka_unit_test(test_folder_name_with_control_character_refused),
        cmocka_unit_test(test_parse_rename),
        cmocka_unit_test(test_parse_duration),
        cmocka_unit_test(test_pg_expr_between),
        cmocka_unit_test(test_pg_expr_in_lists),
        cmocka_unit_test(test_pg_expr_operators),
        cmocka_unit_test(test_pg_expr_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
