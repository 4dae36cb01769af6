/*
 * pull_roundtrip.c - `schemac pull` against real databases.
 *
 *   pull_roundtrip sqlite|postgresql
 *
 * Round trips over the schemas of tests/ir/schemas, tests/corpus and
 * tests/cgen/schemas (each schema that builds for the database): its DDL
 * goes into a fresh database, pull reads that back into a schema, which must
 * check, and whose own DDL, applied to a second fresh database, must build
 * the same catalog (ddl_db_diff, the comparison the drift check makes); the
 * pulled schema's model must also match the first database directly.
 *
 * Hand-written databases: tests/pull/sql/<NAME>.<sqlite|postgresql>.sql,
 * DDL no schemac wrote (identity columns, expression and partial indexes,
 * views, comments, odd names, foreign keys the language cannot hold). Each
 * must pull into a schema that checks, with the notes the file expects
 * (lines "-- expect: TEXT" must each appear in the schema or the notes).
 *
 * Each schema is one cmocka test.
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
#include <libpq-fe.h>
#include <sqlite3.h>

#include "base/strbuf.h"
#include "cli/cli.h"
#include "cli/cli_ir.h"
#include "ddl/ddl.h"
#include "front/fmt.h"
#include "front/parser.h"
#include "intel/pull.h"
#include "introspect/introspect.h"
#include "model/ir.h"
#include "sema/lower.h"
#include "sema/sema.h"
#include "testutil.h"

#define MAX_CASES 512

typedef struct tcase {
    char *path;   /* a schema (file or folder) or a .sql file */
    char *name;
    bool sql;     /* hand-written DDL */
} tcase;

static tcase cases[MAX_CASES];
static size_t ncases;
static const ddl_dialect *dialect;
static char pg_base_url[1024];
static unsigned dbseq;

static void add_case(const char *path, const char *name, bool sql)
{
    if (ncases == MAX_CASES)
        return;
    cases[ncases].path = strdup(path);
    cases[ncases].name = strdup(name);
    cases[ncases].sql = sql;
    ncases++;
}

static int cmp_case(const void *a, const void *b)
{
    return strcmp(((const tcase *)a)->name, ((const tcase *)b)->name);
}

/* Every NAME.prisma (and with FOLDERS, every folder) of DIR as a case named PREFIX_NAME. */
static void list_dir(const char *dir, const char *prefix, bool folders, const char *sql_suffix)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096], name[512];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t n = strlen(e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (sql_suffix) {
            size_t sl = strlen(sql_suffix);
            if (n > sl && strcmp(e->d_name + n - sl, sql_suffix) == 0) {
                snprintf(name, sizeof name, "%s_%.*s", prefix, (int)(n - sl), e->d_name);
                add_case(path, name, true);
            }
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (folders) {
                snprintf(name, sizeof name, "%s_%s", prefix, e->d_name);
                add_case(path, name, false);
            }
        } else if (n > 7 && strcmp(e->d_name + n - 7, ".prisma") == 0) {
            snprintf(name, sizeof name, "%s_%.*s", prefix, (int)(n - 7), e->d_name);
            add_case(path, name, false);
        }
    }
    closedir(d);
}

/* ---------------------------------------------------------------- databases */

static void pg_quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

typedef struct db {
    char url[2048];
    char name[128]; /* PostgreSQL database or SQLite file */
    sqlite3 *sq;
    PGconn *pg;
} db;

static char *pg_url_for(arena *a, const char *name)
{
    const char *slash = strrchr(pg_base_url, '/');
    assert_non_null(slash);
    return arena_printf(a, "%.*s/%s", (int)(slash - pg_base_url), pg_base_url, name);
}

static void pg_admin(const char *sql)
{
    PGconn *c = PQconnectdb(pg_base_url);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    PQsetNoticeProcessor(c, pg_quiet, NULL);
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        fail_msg("postgresql: %s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    PQfinish(c);
}

/* A fresh, empty database. */
static void db_open(arena *a, db *d)
{
    memset(d, 0, sizeof *d);
    snprintf(d->name, sizeof d->name, "schemac_pull_%ld_%u", (long)getpid(), dbseq++);
    if (dialect->provider == IR_PROVIDER_SQLITE) {
        char *path = arena_printf(a, "%s/%s.db", testutil_tmp_dir(), d->name);
        unlink(path);
        snprintf(d->name, sizeof d->name, "%s", path);
        snprintf(d->url, sizeof d->url, "sqlite:%s", path);
        assert_int_equal(sqlite3_open(path, &d->sq), SQLITE_OK);
    } else {
        pg_admin(arena_printf(a, "DROP DATABASE IF EXISTS %s", d->name));
        pg_admin(arena_printf(a, "CREATE DATABASE %s", d->name));
        snprintf(d->url, sizeof d->url, "%s", pg_url_for(a, d->name));
        d->pg = PQconnectdb(d->url);
        assert_int_equal(PQstatus(d->pg), CONNECTION_OK);
        PQsetNoticeProcessor(d->pg, pg_quiet, NULL);
        PGresult *r = PQexec(d->pg, "SET TIME ZONE 'UTC'");
        PQclear(r);
        /* schemas of the corpus use citext (postgresql-contrib); a cluster without it fails those */
        r = PQexec(d->pg, "CREATE EXTENSION IF NOT EXISTS citext");
        PQclear(r);
    }
}

static void db_exec(db *d, const char *sql, const char *what)
{
    if (d->sq) {
        char *err = NULL;
        if (sqlite3_exec(d->sq, sql, NULL, NULL, &err) != SQLITE_OK) {
            fprintf(stderr, "%s\n", sql);
            fail_msg("%s: sqlite rejected the DDL: %s", what, err ? err : "?");
        }
    } else {
        PGresult *r = PQexec(d->pg, sql);
        ExecStatusType st = PQresultStatus(r);
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
            fprintf(stderr, "%s\n", sql);
            fail_msg("%s: postgresql rejected the DDL: %s", what, PQresultErrorMessage(r));
        }
        PQclear(r);
    }
}

static void db_read(arena *a, db *d, ir_schema *out)
{
    const char *err = NULL;
    int rc;
    if (d->sq) {
        rc = introspect_sqlite(out, a, d->sq, &err);
        if (rc == 0)
            rc = introspect_sqlite_extras(out, a, d->sq, &err);
    } else {
        rc = introspect_postgres(out, a, d->pg, "public", &err);
        if (rc == 0)
            rc = introspect_postgres_extras(out, a, d->pg, "public", &err);
    }
    if (rc != 0)
        fail_msg("introspection failed: %s", err);
}

static void db_close(arena *a, db *d)
{
    if (d->sq) {
        sqlite3_close(d->sq);
        unlink(d->name);
    }
    if (d->pg) {
        PQfinish(d->pg);
        pg_admin(arena_printf(a, "DROP DATABASE %s", d->name));
    }
}

/* ---------------------------------------------------------------- pulled schemas */

static void print_diags(const cli_schema *s)
{
    for (const sc_diag *d = s->diags.first; d; d = d->next) {
        const char *path = d->span.file < s->sources.nfiles ? s->sources.files[d->span.file].path : "?";
        fprintf(stderr, "%s:%u:%u: %s\n", path, d->span.line, d->span.col, d->message);
    }
}

/*
 * TEXT laid out by fmt, then checked and lowered for the dialect into *IR
 * (allocated in S, which the caller frees). Fails the test when it does not check.
 */
static void load_text(cli_schema *s, ir_schema *ir, const char *text, const char *what)
{
    memset(s, 0, sizeof *s);
    arena_init(&s->arena);
    diag_init(&s->diags, &s->arena);
    char *formatted = NULL;
    size_t len = 0;
    if (fmt_text(&formatted, &len, &s->arena, &s->diags, "pulled.prisma", text, strlen(text)) != 0) {
        fprintf(stderr, "%s\n", text);
        print_diags(s);
        fail_msg("%s: the pulled schema does not parse", what);
    }
    /* laid out already: formatting again changes nothing */
    char *again = NULL;
    size_t alen = 0;
    assert_int_equal(fmt_text(&again, &alen, &s->arena, &s->diags, "pulled.prisma", formatted, len), 0);
    assert_string_equal(again, formatted);
    source_add(&s->sources, &s->arena, "pulled.prisma", formatted, len);
    if (parse_schema(&s->ast, &s->arena, &s->sources, &s->diags) != 0 ||
        sema_check(&s->ast, &s->arena, &s->sources, &s->diags) != 0) {
        fprintf(stderr, "%s\n", formatted);
        print_diags(s);
        fail_msg("%s: the pulled schema does not check", what);
    }
    cli_check_buildable(s);
    if (s->diags.nerrors) {
        fprintf(stderr, "%s\n", formatted);
        print_diags(s);
        fail_msg("%s: the pulled schema cannot be built", what);
    }
    assert_int_equal(lower_schema(ir, &s->arena, &s->ast, dialect->provider), 0);
}

static void expect_same(arena *a, const ir_schema *expected, const ir_schema *actual, const char *what,
                        const char *schema_text)
{
    char *report = NULL;
    size_t n = ddl_db_diff(&report, a, dialect, expected, actual);
    if (n) {
        fprintf(stderr, "--- pulled schema\n%s\n--- %zu difference(s):\n%s", schema_text, n, report);
        fail_msg("%s: %s", what, "the catalogs differ");
    }
}

static bool prisma_case(const tcase *c, cli_schema *s, ir_schema *ir)
{
    cli_schema_load(s, c->path);
    if (s->diags.nerrors) {
        print_diags(s);
        fail_msg("%s does not check", c->path);
    }
    cli_check_dialect(s, dialect->provider);
    cli_check_buildable(s);
    if (s->diags.nerrors)
        return false; /* not a schema for this database */
    /* Raw SQL of one database, as tests/ir/schemas marks it */
    const char *text = s->sources.nfiles ? s->sources.files[0].text : "";
    if (strstr(text, "roundtrip: ") && !strstr(text, dialect->provider == IR_PROVIDER_SQLITE ? "roundtrip: sqlite"
                                                                                           : "roundtrip: postgresql"))
        return false;
    assert_int_equal(lower_schema(ir, &s->arena, &s->ast, dialect->provider), 0);
    return true;
}

static void test_roundtrip(void **state)
{
    const tcase *c = *state;
    cli_schema s;
    ir_schema ir;
    if (!prisma_case(c, &s, &ir)) {
        cli_schema_free(&s);
        skip();
    }
    arena *a = &s.arena;
    db d1, d2;
    db_open(a, &d1);
    db_exec(&d1, ddl_create_script(a, dialect, &ir), c->name);
    ir_schema live1;
    db_read(a, &d1, &live1);

    pull_result res;
    pull_options opt = PULL_OPTIONS_INIT;
    opt.sqlite_type = introspect_sqlite_prisma_scalar;
    pull_schema(&res, a, &live1, &opt);
    for (size_t i = 0; i < res.nnotes; i++)
        fprintf(stderr, "note: %s\n", res.notes[i]);
    assert_int_equal(res.nnotes, 0); /* a schema schemac built pulls without losing anything */

    cli_schema ps;
    ir_schema pulled;
    load_text(&ps, &pulled, res.text, c->name);
    const char *script = ddl_create_script(&ps.arena, dialect, &pulled);
    db_open(a, &d2);
    db_exec(&d2, script, c->name);
    ir_schema live2;
    db_read(a, &d2, &live2);
    expect_same(a, &live1, &live2, c->name, res.text);
    /* the pulled schema's own model is what the first database holds */
    expect_same(a, &pulled, &live1, c->name, res.text);
    db_close(a, &d1);
    db_close(a, &d2);
    cli_schema_free(&ps);
    cli_schema_free(&s);
}

/* TEXT with every run of blanks made one blank. */
static const char *squeeze(arena *a, const char *text)
{
    char *out = arena_strdup(a, text);
    size_t o = 0;
    for (size_t i = 0; text[i]; i++)
        if (text[i] != ' ' || o == 0 || out[o - 1] != ' ')
            out[o++] = text[i];
    out[o] = '\0';
    return out;
}

static void test_handwritten(void **state)
{
    const tcase *c = *state;
    arena a;
    arena_init(&a);
    char *sql = testutil_read_file(c->path, NULL);
    assert_non_null(sql);
    db d;
    db_open(&a, &d);
    db_exec(&d, sql, c->name);
    ir_schema live;
    db_read(&a, &d, &live);
    pull_result res;
    pull_options opt = PULL_OPTIONS_INIT;
    opt.sqlite_type = introspect_sqlite_prisma_scalar;
    pull_schema(&res, &a, &live, &opt);
    cli_schema ps;
    ir_schema pulled;
    load_text(&ps, &pulled, res.text, c->name);
    strbuf all;
    strbuf_init(&all, &a);
    strbuf_puts(&all, ps.sources.files[0].text); /* as `schemac pull` prints it: laid out */
    for (size_t i = 0; i < res.nnotes; i++)
        strbuf_printf(&all, "note: %s\n", res.notes[i]);
    /* every expectation of the file holds (runs of blanks count as one: the layout aligns columns) */
    const char *text = squeeze(&a, strbuf_str(&all));
    for (const char *p = strstr(sql, "-- expect: "); p; p = strstr(p + 1, "-- expect: ")) {
        const char *e = p + 11;
        size_t n = strcspn(e, "\n");
        const char *want = squeeze(&a, arena_strndup(&a, e, n));
        if (!strstr(text, want)) {
            fprintf(stderr, "%s", text);
            fail_msg("%s: the pulled schema lacks: %s", c->name, want);
        }
    }
    /* and its DDL builds */
    db d2;
    db_open(&a, &d2);
    db_exec(&d2, ddl_create_script(&ps.arena, dialect, &pulled), c->name);
    db_close(&a, &d2);
    db_close(&a, &d);
    cli_schema_free(&ps);
    free(sql);
    arena_free(&a);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "sqlite";
    if (strcmp(mode, "sqlite") == 0) {
        dialect = &ddl_sqlite_dialect;
    } else if (strcmp(mode, "postgresql") == 0) {
        dialect = &ddl_postgres_dialect;
        if (!testutil_pg_url(pg_base_url, sizeof pg_base_url)) {
            fprintf(stderr, "no PostgreSQL test cluster (SCHEMAC_TEST_PG_URLFILE)\n");
            return 1;
        }
    } else {
        fprintf(stderr, "usage: pull_roundtrip sqlite|postgresql\n");
        return 2;
    }
    const char *data = testutil_data_dir();
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/ir/schemas", data);
    list_dir(dir, "ir", false, NULL);
    snprintf(dir, sizeof dir, "%s/corpus", data);
    list_dir(dir, "corpus", true, NULL);
    snprintf(dir, sizeof dir, "%s/cgen/schemas", data);
    list_dir(dir, "cgen", false, NULL);
    snprintf(dir, sizeof dir, "%s/pull/schemas", data);
    list_dir(dir, "pull", false, NULL);
    snprintf(dir, sizeof dir, "%s/pull/sql", data);
    list_dir(dir, "sql", false, dialect->provider == IR_PROVIDER_SQLITE ? ".sqlite.sql" : ".postgresql.sql");
    qsort(cases, ncases, sizeof *cases, cmp_case);
    struct CMUnitTest *tests = calloc(ncases ? ncases : 1, sizeof *tests);
    for (size_t i = 0; i < ncases; i++) {
        tests[i].name = cases[i].name;
        tests[i].test_func = cases[i].sql ? test_handwritten : test_roundtrip;
        tests[i].initial_state = &cases[i];
    }
    int failed = _cmocka_run_group_tests(mode, tests, ncases, NULL, NULL);
    free(tests);
    for (size_t i = 0; i < ncases; i++) {
        free(cases[i].path);
        free(cases[i].name);
    }
    return failed;
}
