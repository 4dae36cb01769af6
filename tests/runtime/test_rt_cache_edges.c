/*
 * test_rt_cache_edges.c - the statement cache and call sites at their
 * edges: one SQL text reached from two addresses and then evicted, a copied
 * call site, and the rows-changed count of statements that change no rows.
 * Each test states the sequence of public calls and what went wrong before
 * it was fixed.
 *
 * The engine is the first argument ("sqlite" or "pg"). SQLite runs the
 * group twice: with a hook (every call takes the library's path) and
 * without (binds, steps and reads take the inline paths). A use of freed
 * memory shows as a valgrind error (the test is registered VALGRIND) or an
 * ASan report in the sanitizer build.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "rt_test.h"

static int g_pg;
static char g_url[600];
static char g_dbname[128];
static int g_hooked = 1;
static rt_events g_events = { PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, 0, 0, 0, "" };

static sc_conn *open_conn(unsigned cache_size)
{
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    if (cache_size)
        o.stmt_cache_size = cache_size;
    if (g_hooked) {
        o.hook = rt_hook;
        o.hook_payload = &g_events;
    }
    sc_conn *c = NULL;
    sc_error err = SC_ERROR_INIT;
    if (sc_conn_open(&c, g_url, &o, &err) != SC_OK)
        fail_msg("open %s: %s", g_pg ? "pg" : "sqlite", err.message);
    return c;
}

static int setup(void **state)
{
    sc_conn *c = open_conn(0);
    if (sc_conn_exec(c, "DROP TABLE IF EXISTS \"rv_item\"; DROP TABLE IF EXISTS \"rv_ddl\";"
                        "CREATE TABLE \"rv_item\" (\"id\" INTEGER NOT NULL PRIMARY KEY,"
                        " \"name\" TEXT NOT NULL)") != SC_OK)
        fail_msg("schema: %s", sc_conn_error(c)->message);
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    sc_conn_close(*state);
    return 0;
}

/* Prepare TEXT (this dialect's), bind IN to ?1 / $1, return the one value it answers. */
static int64_t run_text(sc_conn *c, const char *text, int64_t in)
{
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare(&st, c, text), SC_OK);
    assert_int_equal(sc_stmt_bind_int64(st, 1, in), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t v = -1;
    assert_int_equal(sc_stmt_column_int64(&v, st, 0), SC_OK);
    sc_stmt_release(st);
    return v;
}

static int64_t run_site(sc_conn *c, sc_stmt_site *site, int64_t in)
{
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare_site(&st, c, site), SC_OK);
    if (sc_stmt_param_count(st) > 0)
        assert_int_equal(sc_stmt_bind_int64(st, 1, in), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t v = -1;
    assert_int_equal(sc_stmt_column_int64(&v, st, 0), SC_OK);
    sc_stmt_release(st);
    return v;
}

/*
 * Use of freed memory in the statement cache (stmt.c, prepare_impl /
 * prepare_slow / cache_remove). The cache remembers a statement under the
 * address of the SQL it was last asked for (by_ptr). When the same text
 * arrives from a second address, prepare_slow files the statement under the
 * new address too and moves st->sql_ptr there, but the slot of the first
 * address keeps pointing at the statement. cache_remove clears only the
 * slot of st->sql_ptr, so once the statement is evicted the first slot
 * dangles, and the next lookup from the first address reads hit->sql_ptr
 * from freed memory.
 *
 * Call sites make this an ordinary sequence: a site, and the same SQL text
 * at another address (a second site with the same query in another
 * translation unit or shared object, or sc_stmt_prepare of a copy of the
 * text), then enough other statements to evict it, then the site again.
 * Several pairs are tried so that at least one first slot is neither the
 * second address's slot nor the slot of the statement that evicts it.
 */
static void test_same_text_two_addresses_no_use_after_free(void **state)
{
    (void)state;
    sc_conn *c = open_conn(1); /* a cache of one statement: every new statement evicts */
    enum { PAIRS = 16 };
    static char first[PAIRS][64], second[PAIRS][64];
    static sc_stmt_site sites[PAIRS];
    for (int i = 0; i < PAIRS; i++) {
        snprintf(first[i], sizeof first[i], g_pg ? "SELECT $1::bigint + %d" : "SELECT ?1 + %d", i);
        memcpy(second[i], first[i], sizeof second[i]);
        sites[i].sqlite_sql = first[i];
        sites[i].pg_sql = first[i];
        sites[i].id = 0; /* numbered afresh for each group's connection */
    }
    static sc_stmt_site evictor = SC_STMT_SITE("SELECT 7", "SELECT 7");
    for (int i = 0; i < PAIRS; i++) {
        assert_int_equal(run_site(c, &sites[i], 100), 100 + i);
        /* the same text from another address: the cached statement is found by its text */
        assert_int_equal(run_text(c, second[i], 200), 200 + i);
        /* another statement evicts it (and frees it: nobody is using it) */
        assert_int_equal(run_site(c, &evictor, 0), 7);
        /* the site again: its statement is gone; looking up the first address must not read it */
        assert_int_equal(run_site(c, &sites[i], 300), 300 + i);
    }
    sc_conn_close(c);
}

/*
 * sc_stmt_changes() of a statement that is not an INSERT, UPDATE or DELETE
 * (driver_sqlite.c, sc__sqlite_step_other). Only read-only statements get 0; any other
 * statement takes sqlite3_changes64(), which SQLite leaves at the count of
 * the last INSERT/UPDATE/DELETE on the connection when the statement is not
 * one (DDL, most PRAGMAs). So CREATE TABLE after a three-row insert reports
 * three rows changed, and the hook's event says the same. PostgreSQL
 * reports 0 (no row count in the command tag).
 */
static void test_changes_of_ddl_is_zero(void **state)
{
    sc_conn *c = *state;
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare(&st, c,
                                     "INSERT INTO \"rv_item\" (\"id\", \"name\") VALUES "
                                     "(11, 'a'), (12, 'b'), (13, 'c')"),
                     SC_OK);
    assert_int_equal(sc_stmt_exec(st), SC_OK);
    assert_true(sc_stmt_changes(st) == 3);
    sc_stmt_release(st);

    assert_int_equal(sc_stmt_prepare(&st, c, "CREATE TABLE \"rv_ddl\" (\"x\" INTEGER)"), SC_OK);
    assert_int_equal(sc_stmt_exec(st), SC_OK);
    assert_true(sc_stmt_changes(st) == 0);
    sc_stmt_release(st);

    if (g_hooked) {
        pthread_mutex_lock(&g_events.mu);
        long long rows = g_events.last_rows;
        int is_ddl = strstr(g_events.last_sql, "CREATE TABLE") != NULL;
        pthread_mutex_unlock(&g_events.mu);
        assert_true(is_ddl);
        assert_true(rows == 0);
    }

    /* a SELECT changes nothing, whatever rows it reads (PostgreSQL's tag counts them: "SELECT 3") */
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT \"id\" FROM \"rv_item\" WHERE \"id\" >= 11"), SC_OK);
    assert_int_equal(sc_stmt_exec(st), SC_OK);
    assert_true(sc_stmt_changes(st) == 0);
    sc_stmt_release(st);
}

/*
 * A copy of a numbered call site runs the original's SQL (stmt.c,
 * sc_stmt_prepare_site). The fast path trusts site->id alone: whatever
 * statement the connection filed under that number is returned, without
 * any check that it belongs to this site. A copied sc_stmt_site (a plain
 * public struct: a table of sites filled from a template, a site embedded
 * in a struct that is copied) keeps the number and so silently runs the
 * other query. The same happens when two copies of libschemac share a
 * process (a plugin linking libschemac.a, the host libschemac.so): each
 * numbers sites from its own counter, so two different sites can carry the
 * same number on one connection. Before call sites the cache was keyed by
 * the text and could not confuse two queries.
 */
static void test_copied_site_runs_its_own_sql(void **state)
{
    sc_conn *c = *state;
    static sc_stmt_site one = SC_STMT_SITE("SELECT 1", "SELECT 1");
    assert_int_equal(run_site(c, &one, 0), 1);
    assert_true(one.id != 0);
    sc_stmt_site two = one;
    two.sqlite_sql = "SELECT 2";
    two.pg_sql = "SELECT 2";
    assert_int_equal(run_site(c, &two, 0), 2);
    assert_int_equal(run_site(c, &one, 0), 1);
}

int main(int argc, char **argv)
{
    g_pg = argc > 1 && strcmp(argv[1], "pg") == 0;
    if (g_pg) {
        if (rt_pg_create_db(g_url, sizeof g_url, g_dbname, sizeof g_dbname, "rt_cache_edges") != 0) {
            fprintf(stderr, "cannot create a test database on the fixture cluster\n");
            return 1;
        }
    } else {
        rt_sqlite_url(g_url, sizeof g_url, "cache_edges");
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_same_text_two_addresses_no_use_after_free, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_changes_of_ddl_is_zero, setup, teardown),
        cmocka_unit_test_setup_teardown(test_copied_site_runs_its_own_sql, setup, teardown),
    };
    int failed = cmocka_run_group_tests_name(g_pg ? "pg" : "sqlite, hook", tests, NULL, NULL);
    if (!g_pg) {
        g_hooked = 0;
        failed += cmocka_run_group_tests_name("sqlite, no hook (inline paths)", tests, NULL, NULL);
    } else {
        rt_pg_drop_db(g_dbname);
    }
    return failed ? 1 : 0;
}
