/*
 * ir_schemas.c - golden and round-trip tests over every tests/ir/schemas/NAME.prisma.
 *
 *   ir_schemas golden [--update]  the model (JSON) and the DDL of both dialects
 *                                 must match tests/ir/expected/; --update rewrites
 *                                 the expectations instead (review the diff)
 *   ir_schemas sqlite             apply `schemac sql --dialect sqlite` to a fresh
 *                                 SQLite file, introspect, compare object by object
 *   ir_schemas postgresql         the same in a fresh database of the test cluster
 *   ir_schemas oracle-sqlite|oracle-postgresql
 *                                 apply Prisma Migrate's DDL (prisma-ddl) instead
 *                                 and compare the database with our model
 *
 * Each schema is one cmocka test, so a failure names the schema and prints
 * the differences.
 *
 * SCHEMAC_IR_SCHEMAS=DIR takes the schemas from DIR instead (NAME.prisma
 * files and folders of a multi-file schema), all of them for the mode's
 * database and, in the oracle modes, all judged by Prisma: a folder of
 * Prisma schemas compared in bulk during development (golden needs the
 * expectations of tests/ir and is refused).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "cli/cli.h"
#include "ddl/ddl.h"
#include "base/fileio.h"
#include "introspect/introspect.h"
#include "model/ir.h"
#include "testutil.h"
#include "sema/lower.h"

#define MAX_SCHEMAS 256

static char *schema_names[MAX_SCHEMAS];
static size_t nschemas;
static const ddl_dialect *mode_dialect;
static bool mode_oracle;
static const char *external_dir; /* SCHEMAC_IR_SCHEMAS, or NULL */

static const char *schemas_dir(void)
{
    static char dir[4096];
    if (external_dir)
        return external_dir;
    snprintf(dir, sizeof dir, "%s/ir/schemas", testutil_data_dir());
    return dir;
}

static bool is_dir(const char *path)
{
    DIR *d = opendir(path);
    if (d)
        closedir(d);
    return d != NULL;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_schemas(void)
{
    const char *dir = schemas_dir();
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) && nschemas < MAX_SCHEMAS) {
        size_t n = strlen(e->d_name);
        if (external_dir && e->d_name[0] != '.') {
            char sub[4096];
            snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name);
            if (is_dir(sub)) {
                schema_names[nschemas++] = strdup(e->d_name);
                continue;
            }
        }
        if (n > 7 && strcmp(e->d_name + n - 7, ".prisma") == 0) {
            schema_names[nschemas] = malloc(n - 6);
            memcpy(schema_names[nschemas], e->d_name, n - 7);
            schema_names[nschemas][n - 7] = '\0';
            nschemas++;
        }
    }
    closedir(d);
    qsort(schema_names, nschemas, sizeof(char *), cmp_names);
}

static char *schema_path(const char *name)
{
    size_t n = strlen(schemas_dir()) + strlen(name) + 32;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", schemas_dir(), name);
    if (!external_dir || !is_dir(p))
        snprintf(p, n, "%s/%s.prisma", schemas_dir(), name);
    return p;
}

static char *expected_path(const char *name, const char *ext)
{
    size_t n = strlen(testutil_data_dir()) + strlen(name) + strlen(ext) + 32;
    char *p = malloc(n);
    snprintf(p, n, "%s/ir/expected/%s.%s", testutil_data_dir(), name, ext);
    return p;
}

/* Load, check and lower NAME for PROVIDER (NONE: its own). Fails the test on schema errors. */
static void load_schema(cli_schema *s, ir_schema *ir, const char *name, ir_provider provider)
{
    char *path = schema_path(name);
    int rc = cli_schema_load(s, path);
    if (rc != 0) {
        for (const sc_diag *d = s->diags.first; d; d = d->next)
            fprintf(stderr, "%s:%u:%u: %s\n", path, d->span.line, d->span.col, d->message);
    }
    free(path);
    assert_int_equal(rc, 0);
    assert_int_equal(lower_schema(ir, &s->arena, &s->ast, provider), 0);
}

/* ---------------------------------------------------------------- golden */

static bool update_mode;

static void check_golden(const char *name, const char *ext, const char *actual)
{
    char *path = expected_path(name, ext);
    if (update_mode) {
        assert_int_equal(fileio_write_file(path, actual, strlen(actual)), 0);
        free(path);
        return;
    }
    char *expected = testutil_read_file(path, NULL);
    if (!expected)
        fail_msg("missing expectation %s (run ir_schemas golden --update)", path);
    if (strcmp(expected, actual) != 0) {
        fprintf(stderr, "--- expected %s\n%s\n+++ actual\n%s\n", path, expected, actual);
        free(expected);
        free(path);
        fail_msg("%s.%s differs from its expectation", name, ext);
    }
    free(expected);
    free(path);
}

static void test_golden(void **state)
{
    const char *name = *state;
    cli_schema s;
    ir_schema ir;
    load_schema(&s, &ir, name, IR_PROVIDER_NONE);
    const char *json = ir_to_json(&s.arena, &ir);
    check_golden(name, "ir.json", json);

    /* The JSON form reads back into an equal model and the same text. */
    ir_schema back;
    const char *err = NULL;
    assert_int_equal(ir_from_json(&back, &s.arena, json, strlen(json), &err), 0);
    assert_true(ir_equal(&ir, &back));
    assert_string_equal(ir_to_json(&s.arena, &back), json);

    const ddl_dialect *dialects[] = {&ddl_sqlite_dialect, &ddl_postgres_dialect};
    for (size_t i = 0; i < 2; i++) {
        ir_schema dir;
        assert_int_equal(lower_schema(&dir, &s.arena, &s.ast, dialects[i]->provider), 0);
        const char *sql = ddl_create_script(&s.arena, dialects[i], &dir);
        check_golden(name, arena_printf(&s.arena, "%s.sql", dialects[i]->name), sql);
        /* Rendering is deterministic. */
        assert_string_equal(ddl_create_script(&s.arena, dialects[i], &dir), sql);
    }
    cli_schema_free(&s);
}

/* ---------------------------------------------------------------- round trips */

static void pg_quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Prisma Migrate's DDL for the schema NAME, from the offline oracle. */
static char *ddl_for(cli_schema *s, const ir_schema *ir, const char *name)
{
    (void)ir;
    char *path = schema_path(name);
    const char *oracle = getenv("SCHEMAC_PRISMA_DDL");
    char *cmd = arena_printf(&s->arena, "%s '%s' 2>/dev/null", oracle && *oracle ? oracle : "prisma-ddl", path);
    free(path);
    /*
     * Prisma always prints something (at least "-- This is an empty
     * migration."). An empty answer is the oracle's own hiccup: its set-up
     * rewrites the script node is about to read, so a run beside another one
     * (the other database's oracle test, another build) can read it half
     * written and print nothing. Ask again.
     */
    for (int attempt = 0;; attempt++) {
        FILE *p = popen(cmd, "r");
        assert_non_null(p);
        strbuf b;
        strbuf_init(&b, &s->arena);
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf - 1, p)) > 0) {
            buf[n] = '\0';
            strbuf_puts(&b, buf);
        }
        assert_int_equal(pclose(p), 0);
        const char *out = strbuf_str(&b);
        if (strspn(out, " \t\r\n") < strlen(out) || attempt == 2)
            return (char *)out;
    }
}

static void compare(cli_schema *s, const ir_schema *expected, const ir_schema *actual, const char *name)
{
    char *report = NULL;
    size_t n = ddl_db_diff(&report, &s->arena, mode_dialect, expected, actual);
    if (n) {
        fprintf(stderr, "%s on %s: %zu difference(s)\n%s", name, mode_dialect->name, n, report);
        fail_msg("%s: the database differs from the model", name);
    }
}

/* Apply SQL to a fresh SQLite file and read it back. */
static void sqlite_apply(cli_schema *s, const char *name, const char *tag, const char *sql, ir_schema *live)
{
    char *db_path = arena_printf(&s->arena, "%s/ir_%s_%s_%ld.db", testutil_tmp_dir(), tag, name, (long)getpid());
    unlink(db_path);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    char *errmsg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &errmsg) != SQLITE_OK) {
        fprintf(stderr, "%s\n", sql);
        fail_msg("%s: sqlite rejected the DDL: %s", name, errmsg ? errmsg : "?");
    }
    const char *err = NULL;
    if (introspect_sqlite(live, &s->arena, db, &err) != 0)
        fail_msg("introspection failed: %s", err);
    sqlite3_close(db);
    unlink(db_path);
}

static char pg_base_url[1024];

/* URL of database DB on the test cluster (the fixture's URL ends in /postgres). */
static char *pg_url_for(arena *a, const char *db)
{
    const char *slash = strrchr(pg_base_url, '/');
    assert_non_null(slash);
    return arena_printf(a, "%.*s/%s", (int)(slash - pg_base_url), pg_base_url, db);
}

static void pg_exec_ok(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    /* A script of comments only ("-- This is an empty migration.") is an empty query. */
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
        fprintf(stderr, "%s\n", sql);
        fail_msg("postgresql: %s", PQresultErrorMessage(r));
    }
    PQclear(r);
}

/* The model being round-tripped: a multi-schema one is read back from every schema it lists. */
static const ir_schema *apply_model;

/* Apply SQL to a fresh database of the test cluster, read it back, drop the database. */
static void pg_apply(cli_schema *s, const char *name, const char *tag, const char *sql, ir_schema *live)
{
    const char *dbname = arena_printf(&s->arena, "schemac_ir_%s_%s_%ld", tag, name, (long)getpid());
    PGconn *admin = PQconnectdb(pg_base_url);
    assert_int_equal(PQstatus(admin), CONNECTION_OK);
    PQsetNoticeProcessor(admin, pg_quiet, NULL);
    pg_exec_ok(admin, arena_printf(&s->arena, "DROP DATABASE IF EXISTS %s", dbname));
    pg_exec_ok(admin, arena_printf(&s->arena, "CREATE DATABASE %s", dbname));
    PGconn *conn = PQconnectdb(pg_url_for(&s->arena, dbname));
    assert_int_equal(PQstatus(conn), CONNECTION_OK);
    pg_exec_ok(conn, sql);
    const char *err = NULL;
    int rc = apply_model && apply_model->nschemas
                 ? introspect_postgres_in(live, &s->arena, conn, apply_model->schemas, apply_model->nschemas, &err)
                 : introspect_postgres(live, &s->arena, conn, "public", &err);
    PQfinish(conn);
    pg_exec_ok(admin, arena_printf(&s->arena, "DROP DATABASE %s", dbname));
    PQfinish(admin);
    if (rc != 0)
        fail_msg("introspection failed: %s", err);
}

/*
 * Ours: the database our DDL creates must read back as the model. Oracle:
 * the database Prisma's DDL creates must read back as the model too, and
 * equal, type spellings included, the database our DDL creates.
 */
static void round_trip(void **state, ir_provider provider,
                       void (*apply)(cli_schema *, const char *, const char *, const char *, ir_schema *))
{
    const char *name = *state;
    cli_schema s;
    ir_schema ir, live;
    load_schema(&s, &ir, name, provider);
    apply_model = &ir;
    const char *ours = ddl_create_script(&s.arena, mode_dialect, &ir);
    if (!mode_oracle) {
        apply(&s, name, "rt", ours, &live);
        compare(&s, &ir, &live, name);
    } else {
        ir_schema ours_live;
        apply(&s, name, "prisma", ddl_for(&s, &ir, name), &live);
        compare(&s, &ir, &live, name);
        apply(&s, name, "ours", ours, &ours_live);
        compare(&s, &ours_live, &live, name);
    }
    apply_model = NULL;
    cli_schema_free(&s);
}

static void test_sqlite(void **state)
{
    round_trip(state, IR_PROVIDER_SQLITE, sqlite_apply);
}

static void test_postgres(void **state)
{
    round_trip(state, IR_PROVIDER_POSTGRESQL, pg_apply);
}

/* ---------------------------------------------------------------- driver */

/* Schemas using our extensions are not Prisma schemas: the oracle cannot judge them. */
static bool oracle_applies(const char *name, ir_provider provider)
{
    if (external_dir)
        return true;
    if (strstr(name, "extensions") || strstr(name, "identifiers"))
        return false;
    bool sqlite_schema = strstr(name, "sqlite") || strcmp(name, "one_to_one") == 0 ||
                         strcmp(name, "relation_mode") == 0;
    return sqlite_schema == (provider == IR_PROVIDER_SQLITE);
}

/*
 * Raw SQL in CHECK constraints and index predicates is the database's own
 * dialect; a schema that holds such SQL for one database says so in a
 * comment ("roundtrip: postgresql") and is applied only there.
 */
static bool roundtrip_applies(const char *name, const ddl_dialect *d)
{
    char *path = schema_path(name);
    char *text = is_dir(path) ? NULL : testutil_read_file(path, NULL);
    free(path);
    if (!text)
        return true;
    bool only = strstr(text, "roundtrip: ") != NULL;
    char marker[64];
    snprintf(marker, sizeof marker, "roundtrip: %s", d->name);
    bool applies = !only || strstr(text, marker) != NULL;
    free(text);
    return applies;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "golden";
    update_mode = argc > 2 && strcmp(argv[2], "--update") == 0;
    external_dir = getenv("SCHEMAC_IR_SCHEMAS");
    if (external_dir && (!*external_dir || strcmp(mode, "golden") == 0)) {
        fprintf(stderr, "SCHEMAC_IR_SCHEMAS: a folder of schemas, for the round-trip and oracle modes\n");
        return 2;
    }
    list_schemas();
    if (nschemas == 0) {
        fprintf(stderr, "no schemas found under %s\n", schemas_dir());
        return 1;
    }
    void (*fn)(void **) = test_golden;
    if (strcmp(mode, "sqlite") == 0 || strcmp(mode, "oracle-sqlite") == 0) {
        fn = test_sqlite;
        mode_dialect = &ddl_sqlite_dialect;
    } else if (strcmp(mode, "postgresql") == 0 || strcmp(mode, "oracle-postgresql") == 0) {
        fn = test_postgres;
        mode_dialect = &ddl_postgres_dialect;
        if (!testutil_pg_url(pg_base_url, sizeof pg_base_url)) {
            fprintf(stderr, "no PostgreSQL test cluster (SCHEMAC_TEST_PG_URLFILE)\n");
            return 1;
        }
    } else if (strcmp(mode, "golden") != 0) {
        fprintf(stderr, "usage: ir_schemas golden [--update] | sqlite | postgresql | oracle-sqlite | oracle-postgresql\n");
        return 2;
    }
    mode_oracle = strncmp(mode, "oracle-", 7) == 0;
    struct CMUnitTest *tests = calloc(nschemas, sizeof(*tests));
    size_t n = 0;
    for (size_t i = 0; i < nschemas; i++) {
        if (mode_oracle && !oracle_applies(schema_names[i], mode_dialect->provider))
            continue;
        if (mode_dialect && !roundtrip_applies(schema_names[i], mode_dialect))
            continue;
        tests[n].name = schema_names[i];
        tests[n].test_func = fn;
        tests[n].initial_state = schema_names[i];
        n++;
    }
    int failed = _cmocka_run_group_tests(mode, tests, n, NULL, NULL);
    free(tests);
    for (size_t i = 0; i < nschemas; i++)
        free(schema_names[i]);
    return failed;
}
