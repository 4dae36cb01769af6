/*
 * test_migrate_db.c - migrations against a real database. Run with
 * argument "sqlite" (a file under SCHEMAC_TEST_TMP) or "postgresql" (a
 * database of its own in the fixture cluster). Covers a long scripted
 * evolution (after every step the introspected database equals the
 * snapshot, rollback restores the previous one, rows survive), concurrent
 * deployers, a deployer killed mid-apply, failures that roll back,
 * refusals (edited, reordered, bad sum, data loss), drift and baseline.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "ddl/ddl.h"
#include "migrate/migrate.h"
#include "migtest.h"
#include "testutil.h"

static const char *g_engine; /* "sqlite" or "postgresql" */
static const char *g_schemac; /* the schemac binary, for the command-line checks */
static int g_seq;

static bool is_pg(void)
{
    return strcmp(g_engine, "postgresql") == 0;
}

/* ---------------------------------------------------------------- a fresh database per test */

typedef struct db {
    arena a;
    const char *base;   /* scratch folder */
    const char *pgname; /* PostgreSQL: the test's own database */
    const char *url;
    const char *dir;  /* migrations folder */
    const char *path; /* SQLite file */
    int stamp;        /* next migration timestamp */
    bool allow_drift; /* the test keeps objects of its own beside the migrations' */
} db;

static void db_open(db *d, const char *tag)
{
    memset(d, 0, sizeof *d);
    arena_init(&d->a);
    arena *a = &d->a;
    const char *base = arena_printf(a, "%s/migdb_%s_%s_%ld_%d", testutil_tmp_dir(), g_engine, tag, (long)getpid(), g_seq++);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", base, base);
    assert_int_equal(system(cmd), 0);
    d->base = base;
    d->dir = arena_printf(a, "%s/migrations", base);
    if (!is_pg()) {
        d->path = arena_printf(a, "%s/app.db", base);
        d->url = arena_printf(a, "sqlite:%s", d->path);
        return;
    }
    char buf[1024];
    const char *admin = testutil_pg_url(buf, sizeof buf);
    assert_non_null(admin);
    const char *name = arena_printf(a, "mig_%s_%ld_%d", tag, (long)getpid(), g_seq);
    PGconn *c = PQconnectdb(admin);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    PGresult *r = PQexec(c, arena_printf(a, "CREATE DATABASE \"%s\"", name));
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    PQfinish(c);
    d->pgname = name;
    const char *slash = strrchr(admin, '/');
    assert_non_null(slash);
    d->url = arena_printf(a, "%.*s/%s", (int)(slash - admin), admin, name);
}

/* Only a test that passed gets here: its scratch folder and database go (a failed one keeps them to look at). */
static void db_close(db *d)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", d->base);
    assert_int_equal(system(cmd), 0);
    if (d->pgname) {
        char buf[1024];
        PGconn *c = PQconnectdb(testutil_pg_url(buf, sizeof buf));
        PGresult *r = PQexec(c, arena_printf(&d->a, "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", d->pgname));
        PQclear(r);
        PQfinish(c);
    }
    arena_free(&d->a);
}

/* Run SQL on the database directly; returns 0 or -1. */
static int db_exec(db *d, const char *sql)
{
    if (is_pg()) {
        PGconn *c = PQconnectdb(d->url);
        assert_int_equal(PQstatus(c), CONNECTION_OK);
        PGresult *r = PQexec(c, sql);
        int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
        if (!ok)
            fprintf(stderr, "db_exec: %s", PQerrorMessage(c));
        PQclear(r);
        PQfinish(c);
        return ok ? 0 : -1;
    }
    sqlite3 *s = NULL;
    assert_int_equal(sqlite3_open(d->path, &s), SQLITE_OK);
    sqlite3_busy_timeout(s, 60000);
    int rc = sqlite3_exec(s, sql, NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        fprintf(stderr, "db_exec: %s\n", sqlite3_errmsg(s));
    sqlite3_close(s);
    return rc == SQLITE_OK ? 0 : -1;
}

/* The first cell of SQL's result as text (in d's arena), or NULL. */
static const char *db_value(db *d, const char *sql)
{
    const char *out = NULL;
    if (is_pg()) {
        PGconn *c = PQconnectdb(d->url);
        assert_int_equal(PQstatus(c), CONNECTION_OK);
        PGresult *r = PQexec(c, sql);
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
            out = arena_strdup(&d->a, PQgetvalue(r, 0, 0));
        else if (PQresultStatus(r) != PGRES_TUPLES_OK)
            fprintf(stderr, "db_value: %s", PQerrorMessage(c));
        PQclear(r);
        PQfinish(c);
        return out;
    }
    sqlite3 *s = NULL;
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_open(d->path, &s), SQLITE_OK);
    sqlite3_busy_timeout(s, 60000);
    if (sqlite3_prepare_v2(s, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_text(st, 0))
        out = arena_strdup(&d->a, (const char *)sqlite3_column_text(st, 0));
    else
        fprintf(stderr, "db_value: %s\n", sqlite3_errmsg(s));
    sqlite3_finalize(st);
    sqlite3_close(s);
    return out;
}

static long db_count(db *d, const char *sql)
{
    const char *v = db_value(d, sql);
    assert_non_null(v);
    return strtol(v, NULL, 10);
}

static migrate_options opts(db *d)
{
    migrate_options o = MIGRATE_OPTIONS_INIT;
    o.dir = d->dir;
    o.url = d->url;
    o.tool_version = "test";
    o.allow_drift = d->allow_drift;
    return o;
}

/* Write the next migration towards the model IR; returns its folder (NULL if the diff was empty). */
static const char *diff_to_ir(db *d, ir_schema *ir, const char *name, const diff_rename *r, size_t nr)
{
    assert_non_null(ir);
    migrate_diff_options o = MIGRATE_DIFF_OPTIONS_INIT;
    o.dir = d->dir;
    o.name = name;
    o.renames = r;
    o.nrenames = nr;
    o.timestamp = arena_printf(&d->a, "2026010100%04d", d->stamp++);
    migrate_diff_result res;
    const char *err = NULL;
    int rc = migrate_diff(&res, &d->a, ir, &o, &err);
    if (rc != 0)
        fprintf(stderr, "diff %s: %s\n", name, err);
    assert_int_equal(rc, 0);
    return res.folder;
}

/* Write the next migration towards BODY; returns its folder (NULL if the diff was empty). */
static const char *diff_to(db *d, const char *body, const char *name, const diff_rename *r, size_t nr)
{
    return diff_to_ir(d, migtest_ir(&d->a, g_engine, body), name, r, nr);
}

static size_t apply(db *d, bool allow)
{
    migrate_options o = opts(d);
    o.allow_data_loss = allow;
    size_t n = 0;
    const char *err = NULL;
    int rc = migrate_apply(&d->a, &o, &n, &err);
    if (rc != 0)
        fprintf(stderr, "apply: %s\n", err);
    assert_int_equal(rc, 0);
    return n;
}

static const char *apply_fails(db *d, bool allow)
{
    migrate_options o = opts(d);
    o.allow_data_loss = allow;
    size_t n = 0;
    const char *err = NULL;
    assert_int_equal(migrate_apply(&d->a, &o, &n, &err), -1);
    assert_non_null(err);
    return err;
}

static void rollback(db *d, int steps)
{
    migrate_options o = opts(d);
    o.allow_data_loss = true;
    o.steps = steps;
    size_t n = 0;
    const char *err = NULL;
    int rc = migrate_rollback(&d->a, &o, &n, &err);
    if (rc != 0)
        fprintf(stderr, "rollback: %s\n", err);
    assert_int_equal(rc, 0);
    assert_int_equal(n, (size_t)steps);
}

/* The number of differences between the database and the last applied snapshot. */
static size_t drift(db *d, const char *when)
{
    migrate_options o = opts(d);
    size_t n = 0;
    char *report = NULL;
    const char *err = NULL;
    int rc = migrate_check(&d->a, &o, &n, &report, &err);
    if (rc != 0)
        fprintf(stderr, "check: %s\n", err);
    assert_int_equal(rc, 0);
    if (n && when)
        fprintf(stderr, "drift %s:\n%s\n", when, report);
    return n;
}

static void hash_dir(db *d)
{
    migrate_dir md;
    const char *err = NULL;
    assert_int_equal(migrate_dir_read(&md, &d->a, d->dir, &err), 0);
    assert_int_equal(migrate_sum_write(&md, &d->a, &err), 0);
}

static void append_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "a");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* ---------------------------------------------------------------- the scripted evolution */

typedef struct version {
    const char *name;
    const char *body;
    diff_rename renames[2];
    size_t nrenames;
} version;

#define KEEP "model Keep {\n  id Int @id @default(autoincrement())\n  label String\n}\n"
#define KEEP_DEFAULT "model Keep {\n  id Int @id @default(autoincrement())\n  label String @default(\"none\")\n}\n"
#define KEEP_NOTE "model Keep {\n  id Int @id @default(autoincrement())\n  label String\n  note String?\n}\n"
#define ROLE2 "enum Role {\n  USER\n  ADMIN\n}\n"
#define ROLE3 "enum Role {\n  USER\n  ADMIN\n  MODERATOR\n}\n"
#define ROLE4 "enum Role {\n  GUEST\n  USER\n  ADMIN\n  MODERATOR\n}\n"
#define USER_A "model User {\n  id Int @id @default(autoincrement())\n  email String\n}\n"
#define USER_B "model User {\n  id Int @id @default(autoincrement())\n  email String @unique\n}\n"
#define USER_C "model User {\n  id Int @id @default(autoincrement())\n  email String @unique\n  name String?\n}\n"
#define USER_D                                                                                                     \
    "model User {\n  id Int @id @default(autoincrement())\n  email String @unique\n  name String?\n"                \
    "  role Role @default(USER)\n}\n"
#define USER_E(NAME, POSTS)                                                                                        \
    "model User {\n  id Int @id @default(autoincrement())\n  email String @unique\n  " NAME " String?\n"             \
    "  role Role @default(USER)\n  " POSTS "\n}\n"
#define USER_F(AGE, POSTS, EXTRA)                                                                                  \
    "model User {\n  id Int @id @default(autoincrement())\n  email String @unique\n  fullName String?\n"             \
    "  role Role @default(USER)\n  age " AGE "\n  " POSTS "\n" EXTRA "}\n"
#define POST(BODY, EXTRA, ACTION)                                                                                  \
    "model Post {\n  id Int @id @default(autoincrement())\n  title String\n" BODY "  authorId Int\n"                \
    "  author User @relation(fields: [authorId], references: [id]" ACTION ")\n" EXTRA "}\n"
#define ARTICLE(TAGS)                                                                                              \
    "model Article {\n  id Int @id @default(autoincrement())\n  title String\n  body String @default(\"\")\n"        \
    "  authorId Int\n  author User @relation(fields: [authorId], references: [id], onDelete: Cascade)\n" TAGS "}\n"
#define TAG "model Tag {\n  id Int @id @default(autoincrement())\n  name String @unique\n  articles Article[]\n}\n"
#define AGE_CHECK "BigInt @default(0) @check(\"age >= 0\")"
#define USER_G(ROLE, POSTS, EXTRA)                                                                                 \
    "model User {\n  id Int @id @default(autoincrement())\n  email String @unique\n  fullName String?\n"             \
    "  role " ROLE "\n  age " AGE_CHECK "\n  " POSTS "\n" EXTRA "}\n"

static const version evolution[] = {
    {"keep", KEEP, {{0}}, 0},
    {"users", KEEP USER_A, {{0}}, 0},
    {"unique_email", KEEP USER_B, {{0}}, 0},
    {"user_name", KEEP USER_C, {{0}}, 0},
    {"roles", KEEP ROLE2 USER_D, {{0}}, 0},
    {"posts", KEEP ROLE2 USER_E("name", "posts Post[]") POST("", "", ""), {{0}}, 0},
    {"post_title_index", KEEP ROLE2 USER_E("name", "posts Post[]") POST("", "  @@index([title])\n", ""), {{0}}, 0},
    {"post_body", KEEP ROLE2 USER_E("name", "posts Post[]") POST("  body String?\n", "  @@index([title])\n", ""), {{0}}, 0},
    {"post_body_required",
     KEEP ROLE2 USER_E("name", "posts Post[]") POST("  body String @default(\"\")\n", "  @@index([title])\n", ""),
     {{0}},
     0},
    {"rename_name",
     KEEP ROLE2 USER_E("fullName", "posts Post[]") POST("  body String @default(\"\")\n", "  @@index([title])\n", ""),
     {{"User", "name", "fullName"}},
     1},
    {"role_moderator",
     KEEP ROLE3 USER_E("fullName", "posts Post[]") POST("  body String @default(\"\")\n", "  @@index([title])\n", ""),
     {{0}},
     0},
    {"role_guest_first",
     KEEP ROLE4 USER_E("fullName", "posts Post[]") POST("  body String @default(\"\")\n", "  @@index([title])\n", ""),
     {{0}},
     0},
    {"user_age",
     KEEP ROLE4 USER_F("Int @default(0)", "posts Post[]", "") POST("  body String @default(\"\")\n", "  @@index([title])\n", ""),
     {{0}},
     0},
    {"age_bigint",
     KEEP ROLE4 USER_F("BigInt @default(0)", "posts Post[]", "")
         POST("  body String @default(\"\")\n", "  @@index([title])\n", ""),
     {{0}},
     0},
    {"age_check",
     KEEP ROLE4 USER_F(AGE_CHECK, "posts Post[]", "") POST("  body String @default(\"\")\n", "  @@index([title])\n", ""),
     {{0}},
     0},
    {"post_cascade",
     KEEP ROLE4 USER_F(AGE_CHECK, "posts Post[]", "")
         POST("  body String @default(\"\")\n", "  @@index([title])\n", ", onDelete: Cascade"),
     {{0}},
     0},
    {"drop_title_index",
     KEEP ROLE4 USER_F(AGE_CHECK, "posts Post[]", "") POST("  body String @default(\"\")\n", "", ", onDelete: Cascade"),
     {{0}},
     0},
    {"rename_post", KEEP ROLE4 USER_F(AGE_CHECK, "posts Article[]", "") ARTICLE(""), {{NULL, "Post", "Article"}}, 1},
    {"tags", KEEP ROLE4 USER_F(AGE_CHECK, "posts Article[]", "") ARTICLE("  tags Tag[]\n") TAG, {{0}}, 0},
    {"role_drop_guest", KEEP ROLE3 USER_F(AGE_CHECK, "posts Article[]", "") ARTICLE("  tags Tag[]\n") TAG, {{0}}, 0},
    {"keep_default", KEEP_DEFAULT ROLE3 USER_F(AGE_CHECK, "posts Article[]", "") ARTICLE("  tags Tag[]\n") TAG, {{0}}, 0},
    {"keep_no_default", KEEP ROLE3 USER_F(AGE_CHECK, "posts Article[]", "") ARTICLE("  tags Tag[]\n") TAG, {{0}}, 0},
    {"user_email_name_unique",
     KEEP ROLE3 USER_F(AGE_CHECK, "posts Article[]", "  @@unique([email, fullName])\n") ARTICLE("  tags Tag[]\n") TAG,
     {{0}},
     0},
    {"drop_tags", KEEP ROLE3 USER_F(AGE_CHECK, "posts Article[]", "  @@unique([email, fullName])\n") ARTICLE(""), {{0}}, 0},
    {"keep_note", KEEP_NOTE ROLE3 USER_F(AGE_CHECK, "posts Article[]", "  @@unique([email, fullName])\n") ARTICLE(""),
     {{0}},
     0},
    {"drop_keep_note", KEEP ROLE3 USER_F(AGE_CHECK, "posts Article[]", "  @@unique([email, fullName])\n") ARTICLE(""),
     {{0}},
     0},
    {"role_as_text", KEEP USER_G("String @default(\"USER\")", "posts Article[]", "  @@unique([email, fullName])\n")
                         ARTICLE(""),
     {{0}},
     0},
    {"drop_articles", KEEP USER_G("String @default(\"USER\")", "", "  @@unique([email, fullName])\n"), {{0}}, 0},
};

/*
 * The rows seeded so far are all there. SCHEMA is the evolution step the
 * database is at (which names the tables and columns have), SEEDED the last
 * step whose rows were inserted (-1: none).
 */
static void check_rows(db *d, int schema, int seeded)
{
    if (seeded >= 0)
        assert_int_equal(db_count(d, "SELECT count(*) FROM \"Keep\""), 3);
    if (seeded >= 1)
        assert_int_equal(db_count(d, "SELECT count(*) FROM \"User\""), 1);
    if (seeded >= 3)
        assert_string_equal(db_value(d, schema < 9 ? "SELECT \"name\" FROM \"User\"" : "SELECT \"fullName\" FROM \"User\""),
                            "Ann");
    /* The last step drops the articles: their rows go with them (and rolling it back cannot bring them back). */
    if (seeded >= 5 && seeded < 27 && schema < 27)
        assert_int_equal(db_count(d, schema < 17 ? "SELECT count(*) FROM \"Post\"" : "SELECT count(*) FROM \"Article\""),
                         2);
}

static void seed_rows(db *d, size_t step)
{
    if (step == 0)
        assert_int_equal(db_exec(d, "INSERT INTO \"Keep\" (\"label\") VALUES ('a'), ('b'), ('c')"), 0);
    if (step == 1)
        assert_int_equal(db_exec(d, "INSERT INTO \"User\" (\"email\") VALUES ('ann@example.com')"), 0);
    if (step == 3)
        assert_int_equal(db_exec(d, "UPDATE \"User\" SET \"name\" = 'Ann'"), 0);
    if (step == 5)
        assert_int_equal(db_exec(d, "INSERT INTO \"Post\" (\"title\", \"authorId\") SELECT 'one', id FROM \"User\";"
                                    "INSERT INTO \"Post\" (\"title\", \"authorId\") SELECT 'two', id FROM \"User\""),
                         0);
}

static void test_scripted_evolution(void **state)
{
    (void)state;
    db d;
    db_open(&d, "evo");
    size_t n = sizeof evolution / sizeof evolution[0];
    assert_true(n >= 25);
    for (size_t i = 0; i < n; i++) {
        const version *v = &evolution[i];
        int step = (int)i;
        const char *folder = diff_to(&d, v->body, v->name, v->renames, v->nrenames);
        assert_non_null(folder);
        assert_int_equal(apply(&d, true), 1);
        assert_int_equal(drift(&d, v->name), 0);
        check_rows(&d, step, step - 1);
        /* Down and up again: the previous state comes back with its rows, and so does this one. */
        rollback(&d, 1);
        assert_int_equal(drift(&d, arena_printf(&d.a, "after rolling back %s", v->name)), 0);
        if (step > 0)
            check_rows(&d, step - 1, step == 27 ? 27 : step - 1);
        assert_int_equal(apply(&d, true), 1);
        assert_int_equal(drift(&d, arena_printf(&d.a, "after re-applying %s", v->name)), 0);
        check_rows(&d, step, step - 1);
        seed_rows(&d, i);
        check_rows(&d, step, step);
    }
    migrate_status_result st;
    migrate_options o = opts(&d);
    const char *err = NULL;
    assert_int_equal(migrate_status(&st, &d.a, &o, &err), 0);
    assert_int_equal(st.napplied, n);
    assert_int_equal(st.npending, 0);
    assert_int_equal(st.nproblems, 0);
    db_close(&d);
}

/* ---------------------------------------------------------------- failures and refusals */

static void test_failed_migration_rolls_back(void **state)
{
    (void)state;
    db d;
    db_open(&d, "fail");
    diff_to(&d, KEEP, "keep", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(db_exec(&d, "INSERT INTO \"Keep\" (\"label\") VALUES ('x'), ('x')"), 0);
    /* A unique index over duplicate labels cannot be built. */
    const char *folder = diff_to(&d, KEEP_NOTE, "note", NULL, 0);
    append_file(arena_printf(&d.a, "%s/up.sql", folder), "CREATE UNIQUE INDEX \"Keep_label_u\" ON \"Keep\" (\"label\");\n");
    hash_dir(&d);
    const char *err = apply_fails(&d, false);
    assert_non_null(strstr(err, "failed"));
    assert_non_null(strstr(err, "rolled back"));
    assert_non_null(strstr(err, "migrate check"));
    /* The engine's message without libpq's severity prefix ("failed: ERROR:  could not ..."). */
    assert_null(strstr(err, "ERROR:"));
    /* Nothing of it stayed: the column it added is gone with it. */
    assert_int_equal(drift(&d, NULL), 0);
    assert_null(strstr(db_value(&d, is_pg() ? "SELECT string_agg(column_name, ',') FROM information_schema.columns "
                                              "WHERE table_name = 'Keep'"
                                            : "SELECT group_concat(name) FROM pragma_table_info('Keep')"),
                       "note"));
    migrate_status_result st;
    migrate_options o = opts(&d);
    assert_int_equal(migrate_status(&st, &d.a, &o, &err), 0);
    assert_int_equal(st.n, 2);
    assert_int_equal(st.rows[1].state, MIGRATE_FAILED);
    assert_non_null(st.rows[1].error);
    assert_null(strstr(st.rows[1].error, "ERROR:"));
    /* Fix the data; the next run retries and succeeds. */
    assert_int_equal(db_exec(&d, "DELETE FROM \"Keep\" WHERE id = (SELECT max(id) FROM \"Keep\")"), 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(migrate_status(&st, &d.a, &o, &err), 0);
    assert_int_equal(st.rows[1].state, MIGRATE_APPLIED);
    assert_null(st.rows[1].error);
    db_close(&d);
}

static void test_data_loss_refused_unless_allowed(void **state)
{
    (void)state;
    db d;
    db_open(&d, "loss");
    diff_to(&d, KEEP_NOTE, "keep", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(db_exec(&d, "INSERT INTO \"Keep\" (\"label\", \"note\") VALUES ('a', 'n'), ('z', NULL);"
                                 "DELETE FROM \"Keep\" WHERE \"label\" = 'z'"),
                     0);
    if (!is_pg()) {
        /* The rebuild drops the table: a view and a trigger on it must come back. The trigger's log
           table is not in the migrations: drift, allowed here. */
        d.allow_drift = true;
        assert_int_equal(db_exec(&d, "CREATE VIEW \"labels\" AS SELECT \"label\" FROM \"Keep\";"
                                     "CREATE TABLE \"log\" (\"what\" TEXT);"
                                     "CREATE TRIGGER \"keep_log\" AFTER INSERT ON \"Keep\" BEGIN "
                                     "INSERT INTO \"log\" VALUES (new.\"label\"); END;"),
                         0);
    }
    const char *folder = diff_to(&d, KEEP, "drop_note", NULL, 0);
    const char *err = apply_fails(&d, false);
    assert_non_null(strstr(err, "--allow-data-loss"));
    assert_non_null(strstr(err, "drop-column"));
    assert_string_equal(db_value(&d, "SELECT \"note\" FROM \"Keep\""), "n");
    assert_int_equal(apply(&d, true), 1);
    /* The id of the deleted row is not handed out again (SQLite: the rebuild keeps the AUTOINCREMENT mark). */
    assert_int_equal(db_exec(&d, "INSERT INTO \"Keep\" (\"label\") VALUES ('b')"), 0);
    assert_int_equal(db_count(&d, "SELECT \"id\" FROM \"Keep\" WHERE \"label\" = 'b'"), 3);
    if (!is_pg()) {
        assert_int_equal(db_count(&d, "SELECT count(*) FROM \"labels\""), 2);
        assert_string_equal(db_value(&d, "SELECT \"what\" FROM \"log\""), "b");
        assert_int_equal(db_exec(&d, "DROP VIEW \"labels\"; DROP TRIGGER \"keep_log\"; DROP TABLE \"log\""), 0);
    }
    assert_int_equal(drift(&d, "after drop"), 0);
    if (!is_pg()) {
        /* SQLite: an online backup was taken first, and it still has the column. */
        const char *name = strrchr(folder, '/') + 1;
        const char *bak = arena_printf(&d.a, "%s.%s.bak", d.path, name);
        struct stat sb;
        assert_int_equal(stat(bak, &sb), 0);
        sqlite3 *s = NULL;
        assert_int_equal(sqlite3_open(bak, &s), SQLITE_OK);
        assert_int_equal(sqlite3_exec(s, "SELECT note FROM Keep", NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(s);
    }
    db_close(&d);
}

static void test_edited_reordered_and_bad_sum_refused(void **state)
{
    (void)state;
    db d;
    db_open(&d, "refuse");
    const char *m1 = diff_to(&d, KEEP, "keep", NULL, 0);
    diff_to(&d, KEEP_NOTE, "note", NULL, 0);
    assert_int_equal(apply(&d, false), 2);

    /* Bad sum: an edit without `migrate hash`. */
    const char *up1 = arena_printf(&d.a, "%s/up.sql", m1);
    append_file(up1, "-- edited\n");
    const char *err = apply_fails(&d, false);
    assert_non_null(strstr(err, "schemac.sum does not match"));
    assert_non_null(strstr(err, "edited after it was written"));
    /* Re-hashed, the applied migration's checksum still gives it away. */
    hash_dir(&d);
    err = apply_fails(&d, false);
    assert_non_null(strstr(err, "edited after it was applied"));
    migrate_status_result st;
    migrate_options o = opts(&d);
    assert_int_equal(migrate_status(&st, &d.a, &o, &err), 0);
    assert_int_equal(st.rows[0].state, MIGRATE_EDITED);
    /* Restore the file: all is well again. */
    char *text = testutil_read_file(up1, NULL);
    assert_non_null(text);
    char *cut = strstr(text, "-- edited\n");
    assert_non_null(cut);
    *cut = '\0';
    FILE *fp = fopen(up1, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    free(text);
    hash_dir(&d);
    assert_int_equal(apply(&d, false), 0);

    /* Reordered: a migration from another branch that sorts before applied ones. */
    const char *stray = arena_printf(&d.a, "%s/20000101000000_other_branch", d.dir);
    assert_int_equal(mkdir(stray, 0777), 0);
    append_file(arena_printf(&d.a, "%s/up.sql", stray), "CREATE TABLE \"Other\" (\"id\" INTEGER);\n");
    append_file(arena_printf(&d.a, "%s/down.sql", stray), "DROP TABLE \"Other\";\n");
    char *snap = testutil_read_file(arena_printf(&d.a, "%s/schema.json", m1), NULL);
    assert_non_null(snap);
    append_file(arena_printf(&d.a, "%s/schema.json", stray), snap);
    free(snap);
    err = apply_fails(&d, false); /* not in the sum file */
    assert_non_null(strstr(err, "not in the sum file"));
    hash_dir(&d);
    err = apply_fails(&d, false);
    assert_non_null(strstr(err, "sorts before"));
    assert_int_equal(drift(&d, NULL), 0);
    db_close(&d);
}

/* ---------------------------------------------------------------- hostile text (#11) */

/* Replace the whole of PATH with TEXT. */
static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static migrate_status_result status_of(db *d)
{
    migrate_status_result st;
    migrate_options o = opts(d);
    const char *err = NULL;
    assert_int_equal(migrate_status(&st, &d->a, &o, &err), 0);
    return st;
}

/*
 * Section markers and flags inside a string literal are data: the DROP
 * TABLE after a forged "-- schemac:section pre" line stays in the default
 * value, runs nowhere, and a forged "-- schemac:data-loss" refuses nothing.
 */
static void test_forged_markers_are_data(void **state)
{
    (void)state;
    db d;
    db_open(&d, "forged");
    const char *forged = "x\n-- schemac:section pre\nDROP TABLE \"Canary\";\n-- ";
    const char *flag = "\n-- schemac:data-loss\n";
    const char *body = arena_printf(&d.a,
                                    "model Canary {\n  id Int @id\n}\n"
                                    "model Victim {\n  id Int @id\n  a String @default(\"%s\")\n"
                                    "  b String @default(\"%s\")\n}\n",
                                    "x\\n-- schemac:section pre\\nDROP TABLE \\\"Canary\\\";\\n-- ",
                                    "\\n-- schemac:data-loss\\n");
    diff_to(&d, body, "init", NULL, 0);
    assert_int_equal(apply(&d, false), 1); /* not refused as data loss */
    assert_int_equal(db_exec(&d, "INSERT INTO \"Canary\" (\"id\") VALUES (1)"), 0);
    assert_int_equal(db_exec(&d, "INSERT INTO \"Victim\" (\"id\") VALUES (1)"), 0);
    assert_string_equal(db_value(&d, "SELECT \"a\" FROM \"Victim\""), forged);
    assert_string_equal(db_value(&d, "SELECT \"b\" FROM \"Victim\""), flag);
    assert_int_equal(db_count(&d, "SELECT count(*) FROM \"Canary\""), 1);
    assert_int_equal(drift(&d, "forged"), 0);
    db_close(&d);
}

/* A hand-written file whose literal never ends is refused before anything of it runs. */
static void test_unterminated_literal_refused(void **state)
{
    (void)state;
    db d;
    db_open(&d, "unterminated");
    diff_to(&d, KEEP, "keep", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    const char *folder = diff_to(&d, KEEP_NOTE, "note", NULL, 0);
    append_file(arena_printf(&d.a, "%s/up.sql", folder), "INSERT INTO \"Keep\" (\"label\") VALUES ('oops);\n");
    hash_dir(&d);
    const char *err = apply_fails(&d, false);
    assert_non_null(strstr(err, "unterminated string literal"));
    assert_non_null(strstr(err, "up.sql"));
    assert_int_equal(db_count(&d, "SELECT count(*) FROM \"Keep\""), 0);
    migrate_status_result st = status_of(&d);
    assert_int_equal(st.rows[1].state, MIGRATE_PENDING);
    db_close(&d);
}

/* Statements of an autocommit section split at top-level ';' only. */
static void test_autocommit_split_respects_literals(void **state)
{
    (void)state;
    db d;
    db_open(&d, "split");
    diff_to(&d, KEEP, "keep", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    const char *folder = diff_to(&d, KEEP_NOTE, "note", NULL, 0);
    append_file(arena_printf(&d.a, "%s/up.sql", folder),
                "\n-- schemac:section post\n"
                "INSERT INTO \"Keep\" (\"label\") VALUES ('a;\n-- schemac:section pre\nb'); -- c;\n"
                "INSERT INTO \"Keep\" (\"label\") VALUES ('two');\n");
    hash_dir(&d);
    assert_int_equal(apply(&d, false), 1);
    assert_string_equal(db_value(&d, "SELECT \"label\" FROM \"Keep\" ORDER BY \"id\""),
                        "a;\n-- schemac:section pre\nb");
    assert_int_equal(db_count(&d, "SELECT count(*) FROM \"Keep\""), 2);
    db_close(&d);
}

static int resolve(db *d, const char *name, migrate_resolution how, const char **err)
{
    migrate_options o = opts(d);
    const char *what = NULL;
    int rc = migrate_resolve(&d->a, &o, name, how, &what, err);
    if (rc == 0)
        assert_non_null(what);
    return rc;
}

/*
 * A failed migration whose folder was removed: apply is stuck until
 * `resolve --rolled-back`; then a replacement applies.
 */
static void test_resolve_rolled_back_unsticks(void **state)
{
    (void)state;
    db d;
    db_open(&d, "resolve_rb");
    diff_to(&d, KEEP, "keep", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    const char *folder = diff_to(&d, KEEP_NOTE, "note", NULL, 0);
    append_file(arena_printf(&d.a, "%s/up.sql", folder), "SELECT * FROM \"no_such_table\";\n");
    hash_dir(&d);
    apply_fails(&d, false);
    const char *name = strrchr(folder, '/') + 1;
    /* An applied migration is not resolved away: rollback is the way. */
    const char *err = NULL;
    assert_int_equal(resolve(&d, "20990101000000_nope", MIGRATE_RESOLVE_ROLLED_BACK, &err), -1);
    assert_non_null(strstr(err, "no migration named"));
    migrate_status_result st0 = status_of(&d);
    assert_int_equal(resolve(&d, st0.rows[0].name, MIGRATE_RESOLVE_ROLLED_BACK, &err), -1);
    assert_non_null(strstr(err, "migrate rollback"));
    /* Remove the failed one and write the change again. */
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "rm -r '%s'", folder);
    assert_int_equal(system(cmd), 0);
    hash_dir(&d);
    const char *again = diff_to(&d, KEEP_NOTE, "note_again", NULL, 0);
    assert_non_null(again);
    err = apply_fails(&d, false);
    assert_non_null(strstr(err, "folder is missing"));
    migrate_status_result st = status_of(&d);
    assert_int_equal(st.rows[st.n - 1].state, MIGRATE_MISSING);
    assert_int_equal(resolve(&d, name, MIGRATE_RESOLVE_ROLLED_BACK, &err), 0);
    assert_int_equal(apply(&d, false), 1);
    st = status_of(&d);
    assert_int_equal(st.n, 2);
    assert_int_equal(st.nproblems, 0);
    assert_int_equal(drift(&d, "resolved"), 0);
    db_close(&d);
}

/* A failed migration finished by hand is recorded with `resolve --applied`, only when the database agrees. */
static void test_resolve_applied_checks_the_database(void **state)
{
    (void)state;
    db d;
    db_open(&d, "resolve_ap");
    diff_to(&d, KEEP, "keep", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    const char *folder = diff_to(&d, KEEP_NOTE, "note", NULL, 0);
    append_file(arena_printf(&d.a, "%s/up.sql", folder), "SELECT * FROM \"no_such_table\";\n");
    hash_dir(&d);
    apply_fails(&d, false);
    const char *name = strrchr(folder, '/') + 1;
    const char *err = NULL;
    /* The column is not there: the claim is false, nothing is recorded. */
    assert_int_equal(resolve(&d, name, MIGRATE_RESOLVE_APPLIED, &err), -1);
    assert_non_null(strstr(err, "refusing to record"));
    assert_int_equal(status_of(&d).rows[1].state, MIGRATE_FAILED);
    assert_int_equal(db_exec(&d, "ALTER TABLE \"Keep\" ADD COLUMN \"note\" TEXT"), 0);
    assert_int_equal(resolve(&d, name, MIGRATE_RESOLVE_APPLIED, &err), 0);
    migrate_status_result st = status_of(&d);
    assert_int_equal(st.rows[1].state, MIGRATE_APPLIED);
    assert_int_equal(st.nproblems, 0);
    assert_int_equal(apply(&d, false), 0);
    /* Already applied and unchanged: nothing to resolve. */
    assert_int_equal(resolve(&d, name, MIGRATE_RESOLVE_APPLIED, &err), -1);
    assert_non_null(strstr(err, "already applied"));
    db_close(&d);
}

/*
 * down.sql can be corrected after the migration was applied (its down never
 * ran): `migrate hash`, and apply, status and rollback accept it. History rows
 * of the older checksum form are upgraded in place.
 */
static void test_down_fix_after_apply(void **state)
{
    (void)state;
    db d;
    db_open(&d, "downfix");
    diff_to(&d, KEEP, "keep", NULL, 0);
    const char *folder = diff_to(&d, KEEP_NOTE, "note", NULL, 0);
    assert_int_equal(apply(&d, false), 2);
    const char *name = strrchr(folder, '/') + 1;
    /* An older row recorded the checksum of all three files. */
    migrate_dir md;
    const char *err = NULL;
    assert_int_equal(migrate_dir_read(&md, &d.a, d.dir, &err), 0);
    assert_int_equal(db_exec(&d, arena_printf(&d.a, "UPDATE \"_schemac_migrations\" SET checksum = '%s' WHERE name = '%s'",
                                              md.items[1].checksum, name)),
                     0);
    append_file(arena_printf(&d.a, "%s/down.sql", folder), "-- reviewed\n");
    hash_dir(&d);
    migrate_status_result st = status_of(&d);
    assert_int_equal(st.nproblems, 1); /* the old form covers down.sql too */
    /* Restore down.sql: the old row matches and is upgraded to the new form by the next apply. */
    char *text = testutil_read_file(arena_printf(&d.a, "%s/down.sql", folder), NULL);
    assert_non_null(text);
    *strstr(text, "-- reviewed\n") = '\0';
    write_file(arena_printf(&d.a, "%s/down.sql", folder), text);
    free(text);
    hash_dir(&d);
    assert_int_equal(apply(&d, false), 0);
    assert_non_null(strstr(db_value(&d, arena_printf(&d.a, "SELECT checksum FROM \"_schemac_migrations\" WHERE name = '%s'", name)),
                           MIGRATE_APPLY_PREFIX));
    /* Now fix down.sql for real: keep the note column's values in a side table first. */
    append_file(arena_printf(&d.a, "%s/down.sql", folder), "\n-- reviewed: nothing else to undo\n");
    hash_dir(&d);
    st = status_of(&d);
    assert_int_equal(st.nproblems, 0);
    assert_int_equal(apply(&d, false), 0);
    rollback(&d, 1);
    assert_int_equal(drift(&d, "after the fixed rollback"), 0);
    /* up.sql is still guarded: an edit to it after apply is refused. */
    assert_int_equal(apply(&d, false), 1);
    append_file(arena_printf(&d.a, "%s/up.sql", folder), "-- edited\n");
    hash_dir(&d);
    err = apply_fails(&d, false);
    assert_non_null(strstr(err, "edited after it was applied"));
    db_close(&d);
}

/*
 * A snapshot that cannot be read (the sum re-hashed over it) is the folder's
 * fault: every command returns MIGRATE_EFOLDER, which the command line exits
 * 2 with, never -1 (exit 1, which from check means drift), and nothing runs.
 */
static void test_unreadable_snapshot_is_a_folder_error(void **state)
{
    (void)state;
    db d;
    db_open(&d, "badsnap");
    diff_to(&d, KEEP, "init", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    migrate_dir md;
    const char *err = NULL;
    assert_int_equal(migrate_dir_read(&md, &d.a, d.dir, &err), 0);
    write_file(arena_printf(&d.a, "%s/schema.json", md.items[0].path), "{\"version\": 2, \"tables\": [1]}");
    hash_dir(&d);
    migrate_options o = opts(&d);
    o.allow_data_loss = true;
    size_t n = 0, ndiff = 0;
    char *report = NULL;
    err = NULL;
    assert_int_equal(migrate_check(&d.a, &o, &ndiff, &report, &err), MIGRATE_EFOLDER);
    assert_non_null(strstr(err, "schema.json"));
    err = NULL;
    assert_int_equal(migrate_apply(&d.a, &o, &n, &err), MIGRATE_EFOLDER);
    assert_non_null(strstr(err, "schema.json"));
    err = NULL;
    assert_int_equal(migrate_rollback(&d.a, &o, &n, &err), MIGRATE_EFOLDER);
    assert_non_null(strstr(err, "schema.json"));
    assert_int_equal(n, 0);
    err = NULL;
    assert_int_equal(migrate_baseline(&d.a, &o, &n, &err), MIGRATE_EFOLDER);
    assert_non_null(strstr(err, "schema.json"));
    /* the history still holds the one applied migration, and its table is there */
    assert_string_equal(db_value(&d, "SELECT count(*) FROM \"_schemac_migrations\" WHERE status = 'applied'"), "1");
    assert_int_equal(db_exec(&d, "SELECT * FROM \"Keep\""), 0);
    db_close(&d);
}

/* Rolling back a migration that dropped a required column runs on a table with rows. */
static void test_rollback_restores_required_columns(void **state)
{
    (void)state;
    db d;
    db_open(&d, "placeholder");
    const char *v1 = "enum Mood {\n  HAPPY\n  SAD\n}\n"
                     "model Item {\n  id Int @id @default(autoincrement())\n  name String\n  qty Int\n"
                     "  mood Mood\n  seen DateTime\n  flag Boolean\n  note String\n}\n";
    const char *v2 = "enum Mood {\n  HAPPY\n  SAD\n}\n"
                     "model Item {\n  id Int @id @default(autoincrement())\n  note String?\n}\n";
    diff_to(&d, v1, "init", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(db_exec(&d, is_pg() ? "INSERT INTO \"Item\" (\"name\", \"qty\", \"mood\", \"seen\", \"flag\", \"note\") "
                                           "VALUES ('a', 2, 'SAD', now(), true, 'n')"
                                         : "INSERT INTO \"Item\" (\"name\", \"qty\", \"mood\", \"seen\", \"flag\", \"note\") "
                                           "VALUES ('a', 2, 'SAD', CURRENT_TIMESTAMP, 1, 'n')"),
                     0);
    diff_to(&d, v2, "slim", NULL, 0);
    assert_int_equal(apply(&d, true), 1);
    assert_int_equal(db_exec(&d, "INSERT INTO \"Item\" (\"note\") VALUES (NULL)"), 0);
    rollback(&d, 1);
    assert_int_equal(drift(&d, "after rollback"), 0);
    assert_int_equal(db_count(&d, "SELECT count(*) FROM \"Item\""), 2);
    assert_string_equal(db_value(&d, "SELECT \"name\" FROM \"Item\" ORDER BY \"id\""), "");
    assert_int_equal(db_count(&d, "SELECT \"qty\" FROM \"Item\" ORDER BY \"id\""), 0);
    assert_string_equal(db_value(&d, "SELECT \"mood\" FROM \"Item\" ORDER BY \"id\""), "HAPPY");
    assert_string_equal(db_value(&d, "SELECT \"note\" FROM \"Item\" ORDER BY \"id\" DESC"), "");
    assert_string_equal(db_value(&d, "SELECT \"note\" FROM \"Item\" ORDER BY \"id\""), "n");
    /* The columns keep no default: a later insert without them still fails, as the schema says. */
    assert_int_equal(db_exec(&d, "INSERT INTO \"Item\" (\"note\") VALUES ('x')"), -1);
    db_close(&d);
}

/*
 * PostgreSQL: a database set to standard_conforming_strings = off would read
 * the backslash at the end of 'x\' as an escape; the connection pins it on.
 */
static void test_pg_standard_strings_pinned(void **state)
{
    (void)state;
    if (!is_pg())
        skip();
    db d;
    db_open(&d, "scs");
    assert_int_equal(db_exec(&d, arena_printf(&d.a, "ALTER DATABASE \"%s\" SET standard_conforming_strings = off", d.pgname)), 0);
    assert_int_equal(db_exec(&d, "CREATE TABLE \"Canary\" (\"id\" int)"), 0);
    d.allow_drift = true;
    diff_to(&d, "model T {\n  id Int @id\n  a String @default(\"x\\\\\")\n  b String @default(\"y\")\n}\n", "init", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(db_exec(&d, "INSERT INTO \"T\" (\"id\") VALUES (1)"), 0);
    assert_string_equal(db_value(&d, "SELECT \"a\" || '|' || \"b\" FROM \"T\""), "x\\|y");
    assert_non_null(db_value(&d, "SELECT 1 FROM \"Canary\" UNION ALL SELECT 1"));
    db_close(&d);
}

/* ---------------------------------------------------------------- drift and baseline */

static void test_drift_detected(void **state)
{
    (void)state;
    db d;
    db_open(&d, "drift");
    diff_to(&d, KEEP USER_B, "init", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(drift(&d, "fresh"), 0);
    assert_int_equal(db_exec(&d, "CREATE TABLE \"Stray\" (\"id\" INTEGER PRIMARY KEY)"), 0);
    assert_int_equal(db_exec(&d, "DROP INDEX \"User_email_key\""), 0);
    migrate_options o = opts(&d);
    size_t n = 0;
    char *report = NULL;
    const char *err = NULL;
    assert_int_equal(migrate_check(&d.a, &o, &n, &report, &err), 0);
    assert_true(n >= 2);
    assert_non_null(strstr(report, "Stray"));
    assert_non_null(strstr(report, "User_email_key"));
    db_close(&d);
}

static void test_baseline_adopts_existing_database(void **state)
{
    (void)state;
    db d;
    db_open(&d, "baseline");
    /* A database made elsewhere (Prisma Migrate writes the same DDL). */
    ir_schema *ir = migtest_ir(&d.a, g_engine, KEEP ROLE2 USER_D);
    assert_non_null(ir);
    assert_int_equal(db_exec(&d, ddl_create_script(&d.a, ddl_dialect_for(ir->provider), ir)), 0);
    assert_int_equal(db_exec(&d, "INSERT INTO \"Keep\" (\"label\") VALUES ('kept')"), 0);
    diff_to(&d, KEEP ROLE2 USER_D, "baseline", NULL, 0);
    diff_to(&d, KEEP_NOTE ROLE2 USER_D, "note", NULL, 0);
    migrate_options o = opts(&d);
    o.to = NULL;
    size_t n = 0;
    const char *err = NULL;
    /* Adopting the latest would claim a column the database lacks. */
    assert_int_equal(migrate_baseline(&d.a, &o, &n, &err), -1);
    assert_non_null(strstr(err, "differs"));
    migrate_dir md;
    assert_int_equal(migrate_dir_read(&md, &d.a, d.dir, &err), 0);
    o.to = md.items[0].name;
    assert_int_equal(migrate_baseline(&d.a, &o, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(drift(&d, "after baseline"), 0);
    assert_string_equal(db_value(&d, "SELECT \"label\" FROM \"Keep\""), "kept");
    db_close(&d);
}

/* ---------------------------------------------------------------- PostgreSQL: low-lock changes and resuming */

static void test_pg_low_lock_partial_then_resume(void **state)
{
    (void)state;
    if (!is_pg())
        return; /* SQLite has one transaction per migration and no autocommit sections */
    db d;
    db_open(&d, "lowlock");
    const char *v1 = "model A {\n  id Int @id\n  x Int?\n  b Int\n}\nmodel B {\n  id Int @id\n}\n";
    const char *v2 = "model A {\n  id Int @id\n  x Int\n  b Int\n  bb B @relation(fields: [b], references: [id])\n"
                     "  @@unique([x])\n}\nmodel B {\n  id Int @id\n  as A[]\n}\n";
    diff_to(&d, v1, "init", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(db_exec(&d, "INSERT INTO \"B\" VALUES (1); INSERT INTO \"A\" VALUES (1, NULL, 1), (2, 5, 1)"), 0);

    ir_schema *ir = migtest_ir(&d.a, g_engine, v2);
    assert_non_null(ir);
    migrate_diff_options o = MIGRATE_DIFF_OPTIONS_INIT;
    o.dir = d.dir;
    o.name = "tighten";
    o.timestamp = "20260201000000";
    o.plan.low_lock = true;
    migrate_diff_result res;
    const char *err = NULL;
    assert_int_equal(migrate_diff(&res, &d.a, ir, &o, &err), 0);
    assert_non_null(strstr(res.up_sql, "NOT VALID"));
    assert_non_null(strstr(res.up_sql, "CREATE UNIQUE INDEX CONCURRENTLY"));

    /* The NULL in x fails validation after the body committed: the migration is partial. */
    err = apply_fails(&d, false);
    assert_non_null(strstr(err, "resume"));
    migrate_status_result st;
    migrate_options mo = opts(&d);
    assert_int_equal(migrate_status(&st, &d.a, &mo, &err), 0);
    assert_int_equal(st.rows[1].state, MIGRATE_PARTIAL);
    assert_int_equal(db_count(&d, "SELECT count(*) FROM pg_constraint WHERE conname = 'A_b_fkey'"), 1);

    /* Fix the data: the next run resumes with the autocommit statements only. */
    assert_int_equal(db_exec(&d, "UPDATE \"A\" SET \"x\" = 7 WHERE \"x\" IS NULL"), 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(migrate_status(&st, &d.a, &mo, &err), 0);
    assert_int_equal(st.rows[1].state, MIGRATE_APPLIED);
    assert_int_equal(db_count(&d, "SELECT count(*) FROM pg_constraint WHERE NOT convalidated"), 0);
    assert_int_equal(db_count(&d, "SELECT count(*) FROM pg_index WHERE NOT indisvalid"), 0);
    assert_int_equal(drift(&d, "after resume"), 0);
    db_close(&d);
}

/* ---------------------------------------------------------------- concurrency and crashes */

static void test_concurrent_deployers_apply_once(void **state)
{
    (void)state;
    db d;
    db_open(&d, "conc");
    size_t nmig = 6;
    for (size_t i = 0; i < nmig; i++)
        diff_to(&d, evolution[i].body, evolution[i].name, evolution[i].renames, evolution[i].nrenames);
    enum { NPROC = 8 };
    pid_t kids[NPROC];
    for (int k = 0; k < NPROC; k++) {
        kids[k] = fork();
        assert_true(kids[k] >= 0);
        if (kids[k] == 0) {
            arena a;
            arena_init(&a);
            migrate_options o = opts(&d);
            size_t n = 0;
            const char *err = NULL;
            int rc = migrate_apply(&a, &o, &n, &err);
            if (rc != 0)
                fprintf(stderr, "deployer %d: %s\n", k, err);
            _exit(rc == 0 ? (int)n : 100);
        }
    }
    size_t total = 0;
    for (int k = 0; k < NPROC; k++) {
        int st = 0;
        assert_int_equal(waitpid(kids[k], &st, 0), kids[k]);
        assert_true(WIFEXITED(st));
        assert_true(WEXITSTATUS(st) < 100);
        total += (size_t)WEXITSTATUS(st);
    }
    assert_int_equal(total, nmig);
    assert_int_equal(db_count(&d, "SELECT count(*) FROM \"_schemac_migrations\" WHERE status = 'applied'"), (long)nmig);
    assert_int_equal(drift(&d, "after concurrent apply"), 0);
    db_close(&d);
}

static void test_killed_deployer_recovers(void **state)
{
    (void)state;
    db d;
    db_open(&d, "kill");
    diff_to(&d, KEEP, "keep", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    const char *folder = diff_to(&d, KEEP_NOTE, "slow", NULL, 0);
    /* A slow statement after the change, so the deployer is killed while the transaction is open. */
    append_file(arena_printf(&d.a, "%s/up.sql", folder),
                is_pg() ? "SELECT pg_sleep(2);\n"
                        : "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000000) "
                          "SELECT count(*) FROM c;\n");
    hash_dir(&d);
    pid_t kid = fork();
    assert_true(kid >= 0);
    if (kid == 0) {
        arena a;
        arena_init(&a);
        migrate_options o = opts(&d);
        size_t n = 0;
        const char *err = NULL;
        migrate_apply(&a, &o, &n, &err);
        _exit(0);
    }
    /* Wait until the deployer is inside the migration (its change is written but not committed). */
    const char *journal = arena_printf(&d.a, "%s-journal", d.path ? d.path : "");
    for (int i = 0; i < 6000; i++) {
        bool busy;
        if (is_pg())
            busy = db_count(&d, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(2)%' "
                                "AND pid <> pg_backend_pid()") > 0;
        else
            busy = access(journal, F_OK) == 0;
        if (busy)
            break;
        usleep(10000);
    }
    kill(kid, SIGKILL);
    int st = 0;
    assert_int_equal(waitpid(kid, &st, 0), kid);
    assert_true(WIFSIGNALED(st));
    /* Nothing of the half-run migration is visible; the next deployer applies it once. */
    migrate_status_result s;
    migrate_options o = opts(&d);
    const char *err = NULL;
    assert_int_equal(migrate_status(&s, &d.a, &o, &err), 0);
    assert_int_equal(s.rows[1].state, MIGRATE_PENDING);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(drift(&d, "after recovery"), 0);
    db_close(&d);
}

/* ---------------------------------------------------------------- rebuilds with child tables */

#define PARENT(EXTRA)                                                                                              \
    "model Parent {\n  id Int @id @default(autoincrement())\n  name String\n" EXTRA                                  \
    "  up Int?\n  above Parent? @relation(\"Tree\", fields: [up], references: [id])\n"                              \
    "  below Parent[] @relation(\"Tree\")\n  kids Kid[]\n  pets Pet[]\n}\n"
#define CHILDREN                                                                                                   \
    "model Kid {\n  id Int @id @default(autoincrement())\n  parentId Int\n"                                          \
    "  parent Parent @relation(fields: [parentId], references: [id], onDelete: Cascade)\n}\n"                        \
    "model Pet {\n  id Int @id @default(autoincrement())\n  ownerId Int?\n"                                          \
    "  owner Parent? @relation(fields: [ownerId], references: [id], onDelete: SetNull)\n}\n"

/* Every foreign key of TABLE as "from>table.to/on_delete", in order (SQLite). */
static const char *sqlite_fks(db *d, const char *table)
{
    const char *v = db_value(d, arena_printf(&d->a,
                                             "SELECT group_concat(\"from\" || '>' || \"table\" || '.' || \"to\" || '/' || "
                                             "on_delete, ',') FROM (SELECT * FROM pragma_foreign_key_list('%s') "
                                             "ORDER BY \"from\")",
                                             table));
    assert_non_null(v);
    return v;
}

/*
 * A table that other tables (and itself) reference is rebuilt twice (a
 * column dropped, a check added) and back: every row of the parent and its
 * children stays, no ON DELETE action fires, and every foreign key still
 * points at the rebuilt table.
 */
static void test_rebuild_keeps_children(void **state)
{
    (void)state;
    db d;
    db_open(&d, "children");
    diff_to(&d, PARENT("  note String?\n") CHILDREN, "tree", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(db_exec(&d, "INSERT INTO \"Parent\" (\"name\", \"note\") VALUES ('root', 'n');"
                                 "INSERT INTO \"Parent\" (\"name\", \"up\") SELECT 'leaf', id FROM \"Parent\";"
                                 "INSERT INTO \"Kid\" (\"parentId\") SELECT id FROM \"Parent\";"
                                 "INSERT INTO \"Kid\" (\"parentId\") SELECT id FROM \"Parent\";"
                                 "INSERT INTO \"Pet\" (\"ownerId\") SELECT id FROM \"Parent\""),
                     0);
    const char *kid_fks = is_pg() ? NULL : sqlite_fks(&d, "Kid");
    const char *pet_fks = is_pg() ? NULL : sqlite_fks(&d, "Pet");
    const char *tree_fks = is_pg() ? NULL : sqlite_fks(&d, "Parent");
    /* A column dropped, then a check added: both rebuild "Parent" on SQLite. */
    const char *step[] = {PARENT("") CHILDREN, PARENT("  @@check(\"length(name) > 0\")\n") CHILDREN};
    const char *names[] = {"drop_note", "name_check"};
    for (size_t i = 0; i < 2; i++) {
        const char *folder = diff_to(&d, step[i], names[i], NULL, 0);
        if (!is_pg()) {
            char *up = testutil_read_file(arena_printf(&d.a, "%s/up.sql", folder), NULL);
            assert_non_null(up);
            assert_non_null(strstr(up, "-- schemac:sqlite-rebuild"));
            free(up);
        }
        assert_int_equal(apply(&d, true), 1);
        for (int round = 0; round < 2; round++) {
            assert_int_equal(db_count(&d, "SELECT count(*) FROM \"Parent\""), 2);
            assert_int_equal(db_count(&d, "SELECT count(*) FROM \"Kid\""), 4);
            assert_int_equal(db_count(&d, "SELECT count(*) FROM \"Pet\" WHERE \"ownerId\" IS NOT NULL"), 2);
            assert_int_equal(db_count(&d, "SELECT count(*) FROM \"Parent\" WHERE \"up\" IS NOT NULL"), 1);
            assert_int_equal(drift(&d, names[i]), 0);
            if (!is_pg()) {
                assert_string_equal(sqlite_fks(&d, "Kid"), kid_fks);
                assert_string_equal(sqlite_fks(&d, "Pet"), pet_fks);
                assert_string_equal(sqlite_fks(&d, "Parent"), tree_fks);
                assert_int_equal(db_count(&d, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
            }
            if (round == 0) {
                /* Down (a rebuild again) and up once more. */
                rollback(&d, 1);
                assert_int_equal(db_count(&d, "SELECT count(*) FROM \"Kid\""), 4);
                assert_int_equal(apply(&d, true), 1);
            }
        }
    }
    /* The keys are enforced, not just listed: a cascade from the rebuilt parent reaches the kids. */
    if (!is_pg())
        assert_int_equal(db_exec(&d, "PRAGMA foreign_keys = ON; DELETE FROM \"Parent\" WHERE \"up\" IS NOT NULL;"
                                     "SELECT 1"),
                         0);
    else
        assert_int_equal(db_exec(&d, "DELETE FROM \"Parent\" WHERE \"up\" IS NOT NULL"), 0);
    assert_int_equal(db_count(&d, "SELECT count(*) FROM \"Kid\""), 2);
    assert_int_equal(db_count(&d, "SELECT count(*) FROM \"Pet\" WHERE \"ownerId\" IS NULL"), 1);
    db_close(&d);
}

/* ---------------------------------------------------------------- indexes, checks and native types */

/*
 * Partial and covering indexes, CHECK constraints and (PostgreSQL) native
 * types through a few steps: each applies, rolls back and re-applies with
 * no drift and the rows kept.
 */
static void test_index_and_check_evolution(void **state)
{
    (void)state;
    db d;
    db_open(&d, "idxchk");
    bool pg = is_pg();
    const char *name = pg ? "  name String @db.VarChar(80)\n" : "  name String\n";
    const char *wide = pg ? "  name String @db.VarChar(200)\n" : "  name String\n";
    const char *price = pg ? "  price Decimal? @db.Decimal(10, 2)\n" : "  price Decimal?\n";
    const char *at = pg ? "  createdAt DateTime @default(now()) @db.Timestamptz(3)\n" : "  createdAt DateTime @default(now())\n";
    const char *head = "model Item {\n  id Int @id @default(autoincrement())\n";
    const char *tail = "  active Boolean @default(true)\n";
    const char *partial = "  @@index([stock], where: raw(\"active\"), map: \"item_active_stock\")\n";
    const char *covering = pg ? "  @@index([name], include: [stock], map: \"item_name_cov\")\n" : "";
    const char *pos = "  @@check(\"price IS NULL OR price > 0\", map: \"item_price_pos\")\n";
    const char *v[4];
    v[0] = arena_printf(&d.a, "%s%s%s%s  stock Int\n%s}\n", head, name, price, at, tail);
    v[1] = arena_printf(&d.a, "%s%s%s%s  stock Int\n%s%s%s}\n", head, name, price, at, tail, partial, covering);
    v[2] = arena_printf(&d.a, "%s%s%s%s  stock Int @check(\"stock >= 0\")\n%s%s%s}\n", head, wide, price, at, tail,
                        partial, covering);
    v[3] = arena_printf(&d.a, "%s%s%s%s  stock Int @check(\"stock >= 0\")\n%s%s%s}\n", head, wide, price, at, tail,
                        covering, pos);
    const char *names[4] = {"items", "partial_index", "stock_check_wide_name", "drop_partial_price_check"};
    for (int i = 0; i < 4; i++) {
        diff_to(&d, v[i], names[i], NULL, 0);
        assert_int_equal(apply(&d, true), 1);
        assert_int_equal(drift(&d, names[i]), 0);
        if (i == 0)
            assert_int_equal(db_exec(&d, "INSERT INTO \"Item\" (\"name\", \"price\", \"stock\", \"active\") VALUES "
                                         "('a', 1.50, 3, true), ('b', NULL, 0, false)"),
                             0);
        if (i > 0) {
            rollback(&d, 1);
            assert_int_equal(drift(&d, arena_printf(&d.a, "after rolling back %s", names[i])), 0);
            assert_int_equal(apply(&d, true), 1);
            assert_int_equal(drift(&d, arena_printf(&d.a, "after re-applying %s", names[i])), 0);
        }
        assert_int_equal(db_count(&d, "SELECT count(*) FROM \"Item\""), 2);
    }
    /* The partial index is gone, the checks hold. */
    const char *idx = pg ? "SELECT count(*) FROM pg_indexes WHERE indexname = 'item_active_stock'"
                         : "SELECT count(*) FROM sqlite_schema WHERE name = 'item_active_stock'";
    assert_int_equal(db_count(&d, idx), 0);
    assert_int_equal(db_exec(&d, "INSERT INTO \"Item\" (\"name\", \"stock\") VALUES ('c', -1)") == 0, false);
    assert_int_equal(db_exec(&d, "INSERT INTO \"Item\" (\"name\", \"stock\", \"price\") VALUES ('c', 1, 0)") == 0,
                     false);
    if (pg) {
        assert_string_equal(db_value(&d, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE "
                                         "attrelid = '\"Item\"'::regclass AND attname = 'name'"),
                            "character varying(200)");
        assert_non_null(strstr(db_value(&d, "SELECT indexdef FROM pg_indexes WHERE indexname = 'item_name_cov'"),
                               "INCLUDE (stock)"));
    }
    db_close(&d);
}

/* ---------------------------------------------------------------- PostgreSQL: enum values in the transaction */

static const char *pg_enum_values(db *d)
{
    return db_value(d, "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum "
                       "WHERE enumtypid = '\"Role\"'::regtype");
}

/*
 * A new enum value that nothing in the migration uses is added inside the
 * transaction: when the migration fails, the type is as it was. A value the
 * migration uses goes before the transaction, and the migration says so.
 */
static void test_pg_enum_value_added_in_transaction(void **state)
{
    (void)state;
    if (!is_pg())
        return; /* SQLite keeps enums as TEXT: nothing to add */
    db d;
    db_open(&d, "enumtx");
    diff_to(&d, KEEP ROLE2 USER_D, "roles", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(db_exec(&d, "INSERT INTO \"Keep\" (\"label\") VALUES ('x'), ('x')"), 0);
    const char *folder = diff_to(&d, KEEP_NOTE ROLE3 USER_D, "moderator", NULL, 0);
    const char *up = arena_printf(&d.a, "%s/up.sql", folder);
    char *text = testutil_read_file(up, NULL);
    assert_non_null(text);
    assert_null(strstr(text, "-- schemac:section pre"));
    assert_non_null(strstr(text, "ADD VALUE IF NOT EXISTS 'MODERATOR'"));
    assert_null(strstr(text, "enum-value-before-tx"));
    free(text);
    /* Make the body fail after the value was added: a unique index over duplicate labels. */
    append_file(up, "CREATE UNIQUE INDEX \"Keep_label_u\" ON \"Keep\" (\"label\");\n");
    hash_dir(&d);
    apply_fails(&d, false);
    assert_string_equal(pg_enum_values(&d), "USER,ADMIN");
    assert_int_equal(drift(&d, "after the failed enum migration"), 0);
    /* Fixed, it applies with the value in place. */
    assert_int_equal(db_exec(&d, "DELETE FROM \"Keep\" WHERE id = (SELECT max(id) FROM \"Keep\")"), 0);
    assert_int_equal(apply(&d, false), 1);
    assert_string_equal(pg_enum_values(&d), "USER,ADMIN,MODERATOR");
    /* The index was only there to fail the first run; the snapshot does not know it. */
    assert_int_equal(db_exec(&d, "DROP INDEX \"Keep_label_u\""), 0);
    assert_int_equal(drift(&d, "after the enum migration"), 0);

    /* A value the migration uses as a default must exist before the transaction. */
    const char *used = "enum Role {\n  GUEST\n  USER\n  ADMIN\n  MODERATOR\n}\n"
                       "model User {\n  id Int @id @default(autoincrement())\n  email String @unique\n  name String?\n"
                       "  role Role @default(GUEST)\n}\n";
    folder = diff_to(&d, arena_printf(&d.a, "%s%s", KEEP_NOTE, used), "guest_default", NULL, 0);
    text = testutil_read_file(arena_printf(&d.a, "%s/up.sql", folder), NULL);
    assert_non_null(text);
    assert_non_null(strstr(text, "-- schemac:section pre\nSET lock_timeout = '10s';\n"
                                 "ALTER TYPE \"Role\" ADD VALUE IF NOT EXISTS 'GUEST' BEFORE 'USER';\n"));
    assert_non_null(strstr(text, "-- warning[enum-value-before-tx]: new enum value Role.GUEST"));
    free(text);
    assert_int_equal(apply(&d, false), 1);
    assert_string_equal(pg_enum_values(&d), "GUEST,USER,ADMIN,MODERATOR");
    assert_int_equal(drift(&d, "after the default"), 0);
    db_close(&d);
}

/*
 * Removing an enum value that rows still hold must fail the migration on
 * both engines. PostgreSQL fails converting the column; SQLite keeps enums
 * as TEXT, so without a guard the rows would silently keep a value the
 * schema (and the generated code) no longer knows.
 */
static void test_enum_value_removal_guarded(void **state)
{
    (void)state;
    db d;
    db_open(&d, "enumrm");
    diff_to(&d, ROLE3 USER_D, "roles", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(db_exec(&d, "INSERT INTO \"User\" (\"email\", \"role\") VALUES ('m@x', 'MODERATOR'), "
                                 "('u@x', 'USER')"),
                     0);
    diff_to(&d, ROLE2 USER_D, "no_moderator", NULL, 0);
    const char *err = apply_fails(&d, true);
    assert_non_null(err);
    if (!is_pg())
        assert_non_null(strstr(err, "rows of \"User\".\"role\" hold a value removed from enum Role"));
    assert_string_equal(db_value(&d, "SELECT \"role\" FROM \"User\" WHERE \"email\" = 'm@x'"), "MODERATOR");
    /* Once no row holds the value, the same migration applies. */
    assert_int_equal(db_exec(&d, "UPDATE \"User\" SET \"role\" = 'ADMIN' WHERE \"role\" = 'MODERATOR'"), 0);
    assert_int_equal(apply(&d, true), 1);
    assert_int_equal(db_count(&d, "SELECT count(*) FROM \"User\""), 2);
    assert_int_equal(drift(&d, "after the enum value removal"), 0);
    db_close(&d);
}

/*
 * The history keeps a failure's message verbatim, whatever it holds: the
 * message quotes row data, so the values are bound, never spliced into the
 * SQL. On PostgreSQL the database is set to standard_conforming_strings =
 * off, where a backslash in a quoted literal escapes the quote after it.
 */
static void test_history_values_bound(void **state)
{
    (void)state;
    db d;
    db_open(&d, "bound");
    diff_to(&d, KEEP, "keep", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(db_exec(&d, "INSERT INTO \"Keep\" (\"label\") VALUES ('a\\''b'), ('a\\''b')"), 0);
    assert_string_equal(db_value(&d, "SELECT \"label\" FROM \"Keep\" LIMIT 1"), "a\\'b");
    if (is_pg())
        assert_int_equal(db_exec(&d, "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET "
                                     "standard_conforming_strings = off', current_database()); END $$"),
                         0);
    const char *folder = diff_to(&d, KEEP_NOTE, "note", NULL, 0);
    append_file(arena_printf(&d.a, "%s/up.sql", folder),
                "SELECT CAST(\"label\" AS INTEGER) FROM \"Keep\";\n" /* PostgreSQL: fails, quoting the value */
                "CREATE UNIQUE INDEX \"Keep_label_u\" ON \"Keep\" (\"label\");\n"); /* SQLite */
    hash_dir(&d);
    apply_fails(&d, false);
    migrate_options o = opts(&d);
    migrate_status_result st;
    const char *err = NULL;
    assert_int_equal(migrate_status(&st, &d.a, &o, &err), 0);
    assert_int_equal(st.n, 2);
    assert_int_equal(st.rows[1].state, MIGRATE_FAILED);
    assert_non_null(st.rows[1].error);
    if (is_pg())
        assert_non_null(strstr(st.rows[1].error, "\"a\\'b\""));
    else
        assert_non_null(strstr(st.rows[1].error, "UNIQUE"));
    db_close(&d);
}

/*
 * A history table created or edited by hand can hold what schemac never
 * writes: a NULL status, or a status it does not know. status, apply and
 * rollback refuse it with the row and what to do (they used to crash on the
 * NULL, and report an unknown status as applied while apply re-ran it).
 */
static void test_hand_made_history_refused(void **state)
{
    (void)state;
    db d;
    db_open(&d, "handhist");
    diff_to(&d, KEEP, "keep", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    diff_to(&d, KEEP_NOTE, "note", NULL, 0);
    assert_int_equal(db_exec(&d, "ALTER TABLE \"_schemac_migrations\" RENAME TO \"old_history\";"
                                 "CREATE TABLE \"_schemac_migrations\" (name TEXT PRIMARY KEY, checksum TEXT, "
                                 "status TEXT, started_at TEXT, finished_at TEXT, duration_ms BIGINT, "
                                 "schemac_version TEXT, error TEXT);"
                                 "INSERT INTO \"_schemac_migrations\" SELECT name, checksum, NULL, started_at, "
                                 "finished_at, duration_ms, schemac_version, error FROM \"old_history\";"),
                     0);
    migrate_options o = opts(&d);
    migrate_status_result st;
    size_t n = 0;
    const char *err = NULL;
    assert_int_equal(migrate_status(&st, &d.a, &o, &err), -1);
    assert_non_null(strstr(err, "has a row without a status (name = '2026010100"));
    err = NULL;
    assert_int_equal(migrate_apply(&d.a, &o, &n, &err), -1);
    assert_non_null(strstr(err, "without a status"));
    assert_int_equal(n, 0);
    err = NULL;
    assert_int_equal(migrate_rollback(&d.a, &o, &n, &err), -1);
    assert_non_null(strstr(err, "without a status"));

    assert_int_equal(db_exec(&d, "UPDATE \"_schemac_migrations\" SET status = 'done'"), 0);
    err = NULL;
    assert_int_equal(migrate_status(&st, &d.a, &o, &err), -1);
    assert_non_null(strstr(err, "status 'done'"));
    err = NULL;
    assert_int_equal(migrate_apply(&d.a, &o, &n, &err), -1);
    assert_non_null(strstr(err, "status 'done'"));
    assert_int_equal(n, 0);

    /* Fixed by hand, as the message says: everything reads it again. */
    assert_int_equal(db_exec(&d, "UPDATE \"_schemac_migrations\" SET status = 'applied'; DROP TABLE \"old_history\";"), 0);
    assert_int_equal(migrate_status(&st, &d.a, &o, &err), 0);
    assert_int_equal(st.napplied, 1);
    assert_int_equal(st.npending, 1);
    assert_int_equal(apply(&d, false), 1);
    db_close(&d);
}

/*
 * Checksums cover a migration's exact bytes. A NUL byte would end the text
 * early for both the checksum and the SQL run, so anything after it could
 * change unnoticed: such a file is refused.
 */
static void test_nul_byte_refused(void **state)
{
    (void)state;
    db d;
    db_open(&d, "nul");
    const char *folder = diff_to(&d, KEEP, "keep", NULL, 0);
    const char *up = arena_printf(&d.a, "%s/up.sql", folder);
    FILE *fp = fopen(up, "ab");
    assert_non_null(fp);
    static const char tail[] = "-- \0\nDROP TABLE \"Keep\";\n";
    assert_int_equal(fwrite(tail, 1, sizeof tail - 1, fp), sizeof tail - 1);
    assert_int_equal(fclose(fp), 0);
    migrate_dir md;
    const char *err = NULL;
    assert_int_equal(migrate_dir_read(&md, &d.a, d.dir, &err), -1);
    assert_non_null(err);
    assert_non_null(strstr(err, "NUL byte"));
    assert_non_null(strstr(err, "up.sql"));
    db_close(&d);
}

/*
 * SQLite: the runner re-creates views and triggers after a table rebuild.
 * A trigger whose table the same migration drops went with its table, and
 * must not be re-created (that fails, and the migration could never apply).
 */
static void test_rebuild_with_dropped_trigger_table(void **state)
{
    (void)state;
    if (is_pg())
        return; /* no rebuilds on PostgreSQL */
    db d;
    db_open(&d, "rebuild_trig");
#define OTHER "model Other {\n  id Int @id\n  x String\n}\n"
    diff_to(&d, KEEP_NOTE OTHER, "two", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(db_exec(&d, "INSERT INTO \"Keep\" (\"label\", \"note\") VALUES ('a', 'n');"
                                 "CREATE TABLE \"log\" (\"what\" TEXT);"
                                 "CREATE TRIGGER \"other_log\" AFTER INSERT ON \"Other\" BEGIN "
                                 "INSERT INTO \"log\" VALUES (new.\"x\"); END;"
                                 "CREATE TRIGGER \"keep_log\" AFTER INSERT ON \"Keep\" BEGIN "
                                 "INSERT INTO \"log\" VALUES (new.\"label\"); END;"),
                     0);
    d.allow_drift = true; /* the log table is the test's own */
#undef OTHER
    diff_to(&d, KEEP, "rebuild_and_drop", NULL, 0);
    assert_int_equal(apply(&d, true), 1);
    assert_int_equal(db_count(&d, "SELECT count(*) FROM sqlite_schema WHERE name = 'other_log'"), 0);
    assert_int_equal(db_count(&d, "SELECT count(*) FROM sqlite_schema WHERE name = 'keep_log'"), 1);
    assert_int_equal(db_exec(&d, "INSERT INTO \"Keep\" (\"label\") VALUES ('b')"), 0);
    assert_string_equal(db_value(&d, "SELECT \"what\" FROM \"log\""), "b");
    db_close(&d);
}

/* ---------------------------------------------------------------- the deployer lock's wait */

/* Run `schemac migrate ARGS` on D's folder and database: the exit code, and stdout and stderr in *OUT. */
static int cli(db *d, const char **out, const char *args)
{
    const char *log = arena_printf(&d->a, "%s/cli.out", d->base);
    const char *cmd = arena_printf(&d->a, "'%s' migrate %s --dir '%s' --url '%s' >'%s' 2>&1", g_schemac, args, d->dir,
                                   d->url, log);
    int st = system(cmd);
    assert_true(WIFEXITED(st));
    char *text = testutil_read_file(log, NULL);
    assert_non_null(text);
    *out = arena_strdup(&d->a, text);
    free(text);
    return WEXITSTATUS(st);
}

/* Another deployer: a session holding the advisory lock (PostgreSQL), an open write transaction (SQLite). */
typedef struct holder {
    PGconn *pg;
    sqlite3 *sq;
} holder;

static void hold_lock(db *d, holder *h)
{
    memset(h, 0, sizeof *h);
    if (is_pg()) {
        h->pg = PQconnectdb(d->url);
        assert_int_equal(PQstatus(h->pg), CONNECTION_OK);
        PGresult *r = PQexec(h->pg, arena_printf(&d->a, "SELECT pg_advisory_lock(%lld)", (long long)MIGRATE_PG_LOCK_KEY));
        assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
        PQclear(r);
        return;
    }
    assert_int_equal(sqlite3_open(d->path, &h->sq), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h->sq, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
}

static void release_lock(holder *h)
{
    if (h->pg) {
        PGresult *r = PQexec(h->pg, "SELECT pg_advisory_unlock_all()");
        assert_int_equal(PQresultStatus(r), PGRES_TUPLES_OK);
        PQclear(r);
        PQfinish(h->pg);
    }
    if (h->sq) {
        assert_int_equal(sqlite3_exec(h->sq, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
        sqlite3_close(h->sq);
    }
    memset(h, 0, sizeof *h);
}

/* How many of the named tables exist. */
static long count_tables(db *d, const char *in_list)
{
    return db_count(d, arena_printf(&d->a,
                                    is_pg() ? "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN (%s)"
                                            : "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN (%s)",
                                    in_list));
}

static bool has_column(db *d, const char *table, const char *column)
{
    return db_count(d, arena_printf(&d->a,
                                    is_pg() ? "SELECT count(*) FROM information_schema.columns WHERE table_name = '%s' "
                                              "AND column_name = '%s'"
                                            : "SELECT count(*) FROM pragma_table_info('%s') WHERE name = '%s'",
                                    table, column)) > 0;
}

/*
 * A deployer never waits forever: while another holds the lock, apply,
 * rollback and baseline (and check, which takes it on PostgreSQL) give up
 * after the wait timeout with the cause, change nothing, and the same
 * command succeeds once the holder lets go.
 */
static void test_lock_wait_gives_up(void **state)
{
    (void)state;
    db d;
    db_open(&d, "lockwait");
    diff_to(&d, KEEP, "keep", NULL, 0);
    holder h;
    hold_lock(&d, &h);
    /* The very first apply: even the history table is created under the lock. */
    migrate_options o = opts(&d);
    o.wait_timeout_ms = 0;
    size_t n = 99;
    const char *err = NULL;
    assert_int_equal(migrate_apply(&d.a, &o, &n, &err), MIGRATE_ELOCKED);
    assert_int_equal(n, 0);
    assert_non_null(strstr(err, "another deployer holds the migration lock; gave up after 0ms"));
    assert_non_null(strstr(err, "nothing was done"));
    assert_int_equal(count_tables(&d, "'_schemac_migrations', 'Keep'"), 0);
    release_lock(&h);
    assert_int_equal(apply(&d, false), 1);

    diff_to(&d, KEEP_NOTE, "note", NULL, 0);
    hold_lock(&d, &h);
    const char *out = NULL;
    assert_int_equal(cli(&d, &out, "apply --wait-timeout 1s"), 1);
    if (!strstr(out, "schemac migrate apply: another deployer holds the migration lock; gave up after 1s"))
        fprintf(stderr, "%s", out);
    assert_non_null(strstr(out, "schemac migrate apply: another deployer holds the migration lock; gave up after 1s"));
    assert_int_equal(migrate_rollback(&d.a, &o, &n, &err), MIGRATE_ELOCKED);
    assert_non_null(strstr(err, "another deployer holds the migration lock"));
    migrate_dir md;
    assert_int_equal(migrate_dir_read(&md, &d.a, d.dir, &err), 0);
    o.to = md.items[1].name;
    o.force = true;
    assert_int_equal(migrate_baseline(&d.a, &o, &n, &err), MIGRATE_ELOCKED);
    assert_non_null(strstr(err, "another deployer holds the migration lock"));
    if (is_pg()) {
        char *report = NULL;
        assert_int_equal(migrate_check(&d.a, &o, &n, &report, &err), MIGRATE_ELOCKED);
    }
    /* Nothing changed: one migration recorded, no new column. */
    assert_int_equal(db_count(&d, "SELECT count(*) FROM \"_schemac_migrations\""), 1);
    assert_false(has_column(&d, "Keep", "note"));
    assert_int_equal(count_tables(&d, "'Keep'"), 1);
    release_lock(&h);
    assert_int_equal(cli(&d, &out, "apply --wait-timeout 1s"), 0);
    assert_non_null(strstr(out, "applied 1 migration"));
    assert_true(has_column(&d, "Keep", "note"));
    assert_int_equal(db_count(&d, "SELECT count(*) FROM \"_schemac_migrations\" WHERE status = 'applied'"), 2);
    db_close(&d);
}

/* ---------------------------------------------------------------- apply refuses a drifted database */

static void test_drift_refuses_apply_and_rollback(void **state)
{
    (void)state;
    db d;
    db_open(&d, "driftguard");
    diff_to(&d, KEEP USER_B, "init", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    diff_to(&d, KEEP_NOTE USER_B, "note", NULL, 0);

    /* A column added behind the migrations' back: refused, with the report `migrate check` prints. */
    assert_int_equal(db_exec(&d, "ALTER TABLE \"User\" ADD COLUMN \"nickname\" TEXT"), 0);
    const char *err = apply_fails(&d, false);
    assert_non_null(strstr(err, "refusing to apply"));
    assert_non_null(strstr(err, "nickname"));
    assert_non_null(strstr(err, "--allow-drift"));
    const char *check_out = NULL, *apply_out = NULL;
    assert_int_equal(cli(&d, &check_out, "check"), 1);
    assert_non_null(strstr(check_out, "drift: the database differs"));
    assert_int_equal(cli(&d, &apply_out, "apply"), 1);
    assert_non_null(strstr(apply_out, check_out));
    assert_int_equal(db_count(&d, "SELECT count(*) FROM \"_schemac_migrations\""), 1);
    assert_false(has_column(&d, "Keep", "note"));

    /* Put back; then an index dropped by hand: refused again, naming it. */
    assert_int_equal(db_exec(&d, "ALTER TABLE \"User\" DROP COLUMN \"nickname\""), 0);
    assert_int_equal(db_exec(&d, "DROP INDEX \"User_email_key\""), 0);
    err = apply_fails(&d, false);
    assert_non_null(strstr(err, "User_email_key"));
    assert_null(strstr(err, "nickname"));
    assert_int_equal(db_count(&d, "SELECT count(*) FROM \"_schemac_migrations\""), 1);
    assert_false(has_column(&d, "Keep", "note"));

    /* --allow-drift applies anyway; the drift stays and is still reported. */
    const char *out = NULL;
    assert_int_equal(cli(&d, &out, "apply --allow-drift"), 0);
    assert_non_null(strstr(out, "applied 1 migration"));
    assert_true(has_column(&d, "Keep", "note"));
    assert_int_equal(drift(&d, NULL), 1);

    /* Rolling back is refused the same way, until the index is back. */
    migrate_options o = opts(&d);
    o.allow_data_loss = true;
    size_t n = 0;
    assert_int_equal(migrate_rollback(&d.a, &o, &n, &err), -1);
    assert_int_equal(n, 0);
    assert_non_null(strstr(err, "refusing to roll back"));
    assert_non_null(strstr(err, "User_email_key"));
    assert_true(has_column(&d, "Keep", "note"));
    assert_int_equal(db_count(&d, "SELECT count(*) FROM \"_schemac_migrations\""), 2);
    assert_int_equal(db_exec(&d, "CREATE UNIQUE INDEX \"User_email_key\" ON \"User\" (\"email\")"), 0);
    assert_int_equal(drift(&d, "index restored"), 0);
    rollback(&d, 1);
    assert_false(has_column(&d, "Keep", "note"));
    db_close(&d);
}

/*
 * What PostgreSQL rewrites is no drift: checks and a partial index with
 * BETWEEN, IN lists, LIKE and ILIKE, !=, negative numbers, trim(); DateTime defaults
 * of every date and time type (TIMESTAMPTZ printed in a session time zone
 * that is not UTC) and a JSON default. apply builds on such a database
 * without --allow-drift. On SQLite the same schema (without the PostgreSQL
 * types) stays as written.
 */
static void test_drift_respelling_is_no_drift(void **state)
{
    (void)state;
    db d;
    db_open(&d, "respell");
    bool pg = is_pg();
    if (pg)
        assert_int_equal(db_exec(&d, arena_printf(&d.a, "ALTER DATABASE \"%s\" SET timezone TO 'Asia/Kolkata'", d.pgname)),
                         0);
    const char *pg_only = pg ? "  day DateTime @db.Date @default(\"2024-02-03T04:05:06Z\")\n"
                               "  at DateTime @db.Timestamptz(3) @default(\"2024-01-01T10:00:00+02:00\")\n"
                               "  clock DateTime @db.Time(3) @default(\"1970-01-01T10:00:00Z\")\n"
                               "  meta Json @default(\"{\\\"a\\\":1}\")\n"
                             : "";
    const char *v1 = arena_printf(&d.a,
                                  "model Item {\n  id Int @id @default(autoincrement())\n"
                                  "  age Int @check(\"age BETWEEN 0 AND 150\")\n"
                                  "  score Int @default(-1) @check(\"score NOT BETWEEN -100 AND -50\")\n"
                                  "  kind String @check(\"kind IN ('a', 'b')\")\n"
                                  "  tag String @check(\"tag NOT IN ('x', 'y') AND tag != 'z'\")\n"
                                  "  email String @check(\"email LIKE '%%@%%' AND email NOT %s '%% %%'\")\n"
                                  "  name String @check(\"trim(name) <> ''\")\n"
                                  "  ratio Float @check(\"ratio > -0.5\")\n"
                                  "  born DateTime @default(\"2024-01-01T00:00:00Z\")\n"
                                  "%s"
                                  "  @@index([age], where: raw(\"age BETWEEN 18 AND 65 AND kind IN ('a', 'b')\"), "
                                  "map: \"item_adult\")\n}\n",
                                  pg ? "ILIKE" : "LIKE", pg_only);
    const char *v2 = arena_printf(&d.a, "%.*s  extra String?\n}\n", (int)(strlen(v1) - 2), v1);
    diff_to(&d, v1, "items", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(drift(&d, "respelt by the database"), 0);
    if (pg) {
        /* The rewrites happened: the database does not hold the text the migration wrote. */
        assert_non_null(strstr(db_value(&d, "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                                            "WHERE conname = 'Item_age_check'"),
                               ">= 0"));
        assert_non_null(strstr(db_value(&d, "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef d JOIN pg_attribute a "
                                            "ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE attname = 'at'"),
                               "+05:30"));
    }
    /* The next migration is built on it without --allow-drift, and rolled back the same way. */
    diff_to(&d, v2, "extra", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(drift(&d, "after the next migration"), 0);
    rollback(&d, 1);
    assert_int_equal(drift(&d, "after rolling it back"), 0);
    /* A real change next to the respelt ones is still found. */
    assert_int_equal(db_exec(&d, pg ? "ALTER TABLE \"Item\" DROP CONSTRAINT \"Item_age_check\", ADD CONSTRAINT "
                                      "\"Item_age_check\" CHECK (age BETWEEN 0 AND 151)"
                                    : "DROP INDEX \"item_adult\""),
                     0);
    assert_int_equal(drift(&d, NULL), 1);
    apply_fails(&d, false);
    db_close(&d);
}

/*
 * PostgreSQL: a migration that uses a new enum value adds it before its
 * transaction, and when the body fails the value stays (by design). That
 * leftover is no drift: the retry is not refused. Any other extra value is.
 */
static void test_pg_failed_pre_section_no_drift(void **state)
{
    (void)state;
    if (!is_pg())
        return; /* SQLite keeps enums as TEXT */
    db d;
    db_open(&d, "prefail");
    diff_to(&d, KEEP ROLE2 USER_D, "roles", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(db_exec(&d, "INSERT INTO \"Keep\" (\"label\") VALUES ('x'), ('x')"), 0);
    const char *guest = "enum Role {\n  GUEST\n  USER\n  ADMIN\n}\n"
                        "model User {\n  id Int @id @default(autoincrement())\n  email String @unique\n  name String?\n"
                        "  role Role @default(GUEST)\n}\n";
    const char *folder = diff_to(&d, arena_printf(&d.a, "%s%s", KEEP, guest), "guest_default", NULL, 0);
    append_file(arena_printf(&d.a, "%s/up.sql", folder), "CREATE UNIQUE INDEX \"Keep_label_u\" ON \"Keep\" (\"label\");\n");
    hash_dir(&d);
    apply_fails(&d, false);
    assert_string_equal(pg_enum_values(&d), "GUEST,USER,ADMIN");
    assert_int_equal(drift(&d, "after the failed migration"), 0);
    assert_int_equal(db_exec(&d, "DELETE FROM \"Keep\" WHERE id = (SELECT max(id) FROM \"Keep\")"), 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(db_exec(&d, "DROP INDEX \"Keep_label_u\""), 0);
    assert_int_equal(drift(&d, "after the retry"), 0);
    assert_int_equal(db_exec(&d, "ALTER TYPE \"Role\" ADD VALUE 'OTHER'"), 0);
    assert_int_equal(drift(&d, NULL), 1);
    db_close(&d);
}

/*
 * PostgreSQL extensions (datasource `extensions`): created before the
 * tables that use them, recreated when their version changes (as Prisma
 * Migrate does), and compared by drift detection the way Prisma compares
 * them: what the schema names must be installed, with its version where it
 * gives one; extensions installed beside them are no drift.
 */
#define EXT_GENERATOR "generator client {\n  provider = \"x\"\n  previewFeatures = [\"postgresqlExtensions\"]\n}\n"
#define EXT_MODEL "model Person {\n  id Int @id\n  email String @db.Citext\n}\n"

static void test_pg_extensions(void **state)
{
    (void)state;
    if (!is_pg())
        return; /* SQLite has no extensions (the schema may not name any) */
    db d;
    db_open(&d, "ext");
    ir_schema *v1 = migtest_ir_ds(&d.a, g_engine,
                                  "  extensions = [citext(schema: \"public\"), pgcrypto, hstore(version: \"1.7\")]\n",
                                  EXT_GENERATOR EXT_MODEL);
    assert_non_null(v1);
    assert_int_equal(v1->nextensions, 3);
    diff_to_ir(&d, v1, "extensions", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    assert_string_equal(db_value(&d, "SELECT extversion FROM pg_extension WHERE extname = 'hstore'"), "1.7");
    assert_non_null(db_value(&d, "SELECT 1 FROM pg_extension WHERE extname = 'citext'"));
    assert_int_equal(drift(&d, "after creating the extensions"), 0);

    /* Another version: dropped and created again. */
    ir_schema *v2 = migtest_ir_ds(&d.a, g_engine,
                                  "  extensions = [citext(schema: \"public\"), pgcrypto, hstore(version: \"1.8\")]\n",
                                  EXT_GENERATOR EXT_MODEL);
    const char *folder = diff_to_ir(&d, v2, "hstore_18", NULL, 0);
    assert_non_null(folder);
    assert_int_equal(apply(&d, false), 1);
    assert_string_equal(db_value(&d, "SELECT extversion FROM pg_extension WHERE extname = 'hstore'"), "1.8");
    assert_int_equal(drift(&d, "after the new version"), 0);
    rollback(&d, 1);
    assert_string_equal(db_value(&d, "SELECT extversion FROM pg_extension WHERE extname = 'hstore'"), "1.7");
    assert_int_equal(drift(&d, "after rolling it back"), 0);

    /* An extension the schema does not name is no drift; a missing one and another version are. */
    assert_int_equal(db_exec(&d, "CREATE EXTENSION pg_trgm"), 0);
    assert_int_equal(drift(&d, "with pg_trgm installed by hand"), 0);
    assert_int_equal(db_exec(&d, "DROP EXTENSION pgcrypto"), 0);
    assert_int_equal(drift(&d, NULL), 1);
    assert_int_equal(db_exec(&d, "CREATE EXTENSION pgcrypto; ALTER EXTENSION hstore UPDATE TO '1.8'"), 0);
    assert_int_equal(drift(&d, NULL), 1);
    assert_int_equal(db_exec(&d, "DROP EXTENSION hstore; CREATE EXTENSION hstore VERSION '1.7'"), 0);
    assert_int_equal(drift(&d, "with everything back"), 0);

    /* Leaving the schema, an extension stays installed (Prisma Migrate does not drop it either). */
    ir_schema *v3 = migtest_ir_ds(&d.a, g_engine, "  extensions = [citext(schema: \"public\")]\n",
                                  EXT_GENERATOR EXT_MODEL);
    assert_null(diff_to_ir(&d, v3, "fewer", NULL, 0));
    db_close(&d);
}

/*
 * A default of every scalar type, and on PostgreSQL of every native type,
 * in the spellings a schema may use (a Decimal as a number or a string,
 * leading zeros, exponents, -0): right after the migration is applied,
 * drift detection finds nothing, and the next diff is empty. What the
 * database keeps is its own spelling; the comparison must agree with it.
 */
static void test_defaults_no_drift(void **state)
{
    (void)state;
    db d;
    db_open(&d, "defaults");
    bool pg = is_pg();
    const char *common =
        "enum Mood {\n  HAPPY\n  SAD @map(\"sad\")\n}\n"
        "model Scalars {\n  id Int @id @default(autoincrement())\n"
        "  s String @default(\"it's \\\"quoted\\\"\")\n"
        "  empty String @default(\"\")\n"
        "  yes Boolean @default(true)\n  no Boolean @default(false)\n"
        "  i Int @default(42)\n  neg Int @default(-7)\n  zeros Int @default(007)\n  negzero Int @default(-0)\n"
        "  big BigInt @default(9007199254740993)\n"
        "  f Float @default(1.50)\n  fint Float @default(2)\n  ftiny Float @default(0.0000001)\n"
        "  fneg Float @default(-0.25)\n"
        "  dec Decimal @default(2.00)\n  decs Decimal @default(\"1.50\")\n  dece Decimal @default(\"1e3\")\n"
        "  decn Decimal @default(\"-.5\")\n  decz Decimal @default(\"0.000\")\n"
        "  at DateTime @default(\"2024-02-03T04:05:06Z\")\n  atoff DateTime @default(\"2024-02-03T04:05:06.5+02:00\")\n"
        "  now DateTime @default(now())\n"
        "  j Json @default(\"{\\\"a\\\": [1, 2, {\\\"b\\\": null}]}\")\n  jn Json @default(\"null\")\n"
        "  jnum Json @default(\"3\")\n"
        "  bytes Bytes @default(\"aGVsbG8=\")\n  nobytes Bytes @default(\"\")\n"
        "  mood Mood @default(HAPPY)\n  mood2 Mood @default(SAD)\n"
        "  expr Int @default(dbgenerated(\"1 + 1\"))\n"
        "}\n"
        "model Big {\n  id BigInt @id @default(autoincrement())\n}\n";
    const char *natives =
        "model Natives {\n  id Int @id\n"
        "  text String @db.Text @default(\"t\")\n  ch String @db.Char(3) @default(\"abc\")\n"
        "  ch1 String @db.Char @default(\"x\")\n  vc String @db.VarChar(10) @default(\"v\")\n"
        "  vca String @db.VarChar @default(\"w\")\n  bit String @db.Bit(4) @default(\"1010\")\n"
        "  vbit String @db.VarBit(8) @default(\"101\")\n"
        "  uuid String @db.Uuid @default(\"123e4567-e89b-12d3-a456-426614174000\")\n"
        "  xml String @db.Xml @default(\"<a>1</a>\")\n  inet String @db.Inet @default(\"10.0.0.1\")\n"
        "  ci String @db.Citext @default(\"Mixed\")\n"
        "  bool Boolean @db.Boolean @default(true)\n"
        "  int Int @db.Integer @default(5)\n  small Int @db.SmallInt @default(-3)\n  oid Int @db.Oid @default(7)\n"
        "  bigint BigInt @db.BigInt @default(10)\n"
        "  real Float @db.Real @default(1.5)\n  dbl Float @db.DoublePrecision @default(0.1)\n"
        "  num Decimal @db.Decimal(10, 2) @default(2.5)\n  nums Decimal @db.Decimal(10, 2) @default(\"3.25\")\n"
        "  money Decimal @db.Money @default(9.99)\n"
        "  ts DateTime @db.Timestamp(3) @default(\"2024-01-01T10:00:00Z\")\n"
        "  tsnow DateTime @db.Timestamp(6) @default(now())\n"
        "  tstz DateTime @db.Timestamptz(6) @default(\"2024-01-01T10:00:00+02:00\")\n"
        "  date DateTime @db.Date @default(\"2024-02-03T00:00:00Z\")\n"
        "  time DateTime @db.Time(3) @default(\"1970-01-01T10:11:12Z\")\n"
        "  timetz DateTime @db.Timetz(3) @default(\"1970-01-01T10:11:12Z\")\n"
        "  json Json @db.Json @default(\"{\\\"k\\\": 1}\")\n  jsonb Json @db.JsonB @default(\"[1, 2]\")\n"
        "  bytea Bytes @db.ByteA @default(\"AAEC\")\n"
        "  ints Int[] @default([1, 2, 3])\n  strs String[] @default([\"a\", \"b c\"])\n"
        "  moods Mood[] @default([HAPPY, SAD])\n  decs Decimal[] @default([1.50, 2])\n"
        "  flags Boolean[] @default([true, false])\n  nothing Int[] @default([])\n"
        "}\n";
    const char *body = pg ? arena_printf(&d.a, "%s%s%s", EXT_GENERATOR, common, natives) : common;
    ir_schema *ir = migtest_ir_ds(&d.a, g_engine, pg ? "  extensions = [citext]\n" : "", body);
    assert_non_null(ir);
    diff_to_ir(&d, ir, "defaults", NULL, 0);
    assert_int_equal(apply(&d, false), 1);
    assert_int_equal(drift(&d, "right after applying every kind of default"), 0);
    assert_null(diff_to_ir(&d, migtest_ir_ds(&d.a, g_engine, pg ? "  extensions = [citext]\n" : "", body), "again",
                           NULL, 0));
    /* Rows take the defaults the schema gives. */
    assert_int_equal(db_exec(&d, "INSERT INTO \"Scalars\" DEFAULT VALUES"), 0);
    assert_string_equal(db_value(&d, "SELECT s FROM \"Scalars\""), "it's \"quoted\"");
    assert_string_equal(db_value(&d, "SELECT CAST(zeros AS TEXT) FROM \"Scalars\""), "7");
    db_close(&d);
}

int main(int argc, char **argv)
{
    g_engine = argc > 1 ? argv[1] : "sqlite";
    g_schemac = argc > 2 ? argv[2] : "schemac";
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scripted_evolution),
        cmocka_unit_test(test_failed_migration_rolls_back),
        cmocka_unit_test(test_data_loss_refused_unless_allowed),
        cmocka_unit_test(test_edited_reordered_and_bad_sum_refused),
        cmocka_unit_test(test_drift_detected),
        cmocka_unit_test(test_baseline_adopts_existing_database),
        cmocka_unit_test(test_pg_low_lock_partial_then_resume),
        cmocka_unit_test(test_concurrent_deployers_apply_once),
        cmocka_unit_test(test_killed_deployer_recovers),
        cmocka_unit_test(test_rebuild_keeps_children),
        cmocka_unit_test(test_index_and_check_evolution),
        cmocka_unit_test(test_pg_enum_value_added_in_transaction),
        cmocka_unit_test(test_enum_value_removal_guarded),
        cmocka_unit_test(test_history_values_bound),
        cmocka_unit_test(test_nul_byte_refused),
        cmocka_unit_test(test_hand_made_history_refused),
        cmocka_unit_test(test_rebuild_with_dropped_trigger_table),
        cmocka_unit_test(test_lock_wait_gives_up),
        cmocka_unit_test(test_drift_refuses_apply_and_rollback),
        cmocka_unit_test(test_drift_respelling_is_no_drift),
        cmocka_unit_test(test_pg_failed_pre_section_no_drift),
        cmocka_unit_test(test_pg_extensions),
        cmocka_unit_test(test_defaults_no_drift),
        cmocka_unit_test(test_forged_markers_are_data),
        cmocka_unit_test(test_pg_standard_strings_pinned),
        cmocka_unit_test(test_unterminated_literal_refused),
        cmocka_unit_test(test_autocommit_split_respects_literals),
        cmocka_unit_test(test_resolve_rolled_back_unsticks),
        cmocka_unit_test(test_resolve_applied_checks_the_database),
        cmocka_unit_test(test_down_fix_after_apply),
        cmocka_unit_test(test_rollback_restores_required_columns),
        cmocka_unit_test(test_unreadable_snapshot_is_a_folder_error),
    };
    return cmocka_run_group_tests_name(g_engine, tests, NULL, NULL);
}
