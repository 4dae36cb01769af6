/*
 * test_q_sqlc.c - a sqlc project built unchanged (tests/queries/sqlc_run:
 * sqlc.yaml, goose migrations per engine, one query file): `schemac generate
 * --sqlc` gives a package per engine, and each runs on its database.
 *
 *   test_q_sqlc sqlite SCHEMA_FILE   package lite on an in-memory SQLite database
 *   test_q_sqlc pg SCHEMA_FILE       package pg in a fresh database of the test cluster
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lite_queries.h"
#include "pg_queries.h"
#include "testutil.h"

static sc_conn *g_conn;

#define OK(call)                                                                                                  \
    do {                                                                                                          \
        int rc_ = (call);                                                                                         \
        if (rc_ != SC_OK)                                                                                         \
            fprintf(stderr, "%s:%d: %s: %d %s\n", __FILE__, __LINE__, #call, rc_, sc_conn_error(g_conn)->message); \
        assert_int_equal(rc_, SC_OK);                                                                             \
    } while (0)

#define P(x) lite_##x
#define RUN run_lite
#include "q_sqlc_body.inc"
#undef P
#undef RUN
#define P(x) pg_##x
#define RUN run_pg
#include "q_sqlc_body.inc"

static const char *g_engine;
static const char *g_schema;

static int open_pg(void)
{
    char base[512];
    if (!testutil_pg_url(base, sizeof base))
        return -1;
    sc_conn *admin = NULL;
    if (sc_conn_open(&admin, base, NULL, NULL) != SC_OK)
        return -1;
    char name[64], sql[256];
    snprintf(name, sizeof name, "q_sqlc_%ld", (long)getpid());
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\"", name);
    sc_conn_exec(admin, sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\"", name);
    int rc = sc_conn_exec(admin, sql);
    sc_conn_close(admin);
    if (rc != SC_OK)
        return rc;
    char url[640];
    char *slash = strrchr(base, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    snprintf(url, sizeof url, "%s/%s", base, name);
    return sc_conn_open(&g_conn, url, NULL, NULL);
}

static void test_package(void **state)
{
    (void)state;
    bool pg = strcmp(g_engine, "pg") == 0;
    assert_int_equal(pg ? open_pg() : sc_conn_open(&g_conn, "sqlite::memory:", NULL, NULL), SC_OK);
    /* The migration's up part, as sqlc reads it. */
    char *ddl = testutil_read_file(g_schema, NULL);
    assert_non_null(ddl);
    char *down = strstr(ddl, "-- +goose Down");
    if (down)
        *down = '\0';
    OK(sc_conn_exec(g_conn, ddl));
    free(ddl);
    if (pg)
        run_pg();
    else
        run_lite();
    sc_conn_close(g_conn);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_q_sqlc sqlite|pg SCHEMA_FILE\n");
        return 2;
    }
    g_engine = argv[1];
    g_schema = argv[2];
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_package)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
