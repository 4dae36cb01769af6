/*
 * testdb.h - a PostgreSQL database of a test's own on the fixture cluster,
 * with the test's DDL applied (cmocka tests linking libschemac).
 */
#ifndef SCHEMAC_TESTDB_H
#define SCHEMAC_TESTDB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <schemac/schemac.h>

#include "testutil.h"

/* A new database PREFIX_PID (dropped first if a previous run left it) with the DDL file DDL_PATH applied. */
static inline sc_conn *testdb_open_pg(const char *prefix, const char *ddl_path)
{
    char base[512], url[640], sql[256], name[64];
    assert_non_null(testutil_pg_url(base, sizeof base));
    sc_conn *admin = NULL;
    assert_int_equal(sc_conn_open(&admin, base, NULL, NULL), SC_OK);
    snprintf(name, sizeof name, "%s_%ld", prefix, (long)getpid());
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\"", name);
    sc_conn_exec(admin, sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\"", name);
    assert_int_equal(sc_conn_exec(admin, sql), SC_OK);
    sc_conn_close(admin);
    /* the fixture URL ends in the database name: swap it */
    char *slash = strrchr(base, '/');
    assert_non_null(slash);
    *slash = '\0';
    snprintf(url, sizeof url, "%s/%s", base, name);
    sc_conn *conn = NULL;
    assert_int_equal(sc_conn_open(&conn, url, NULL, NULL), SC_OK);
    char *ddl = testutil_read_file(ddl_path, NULL);
    assert_non_null(ddl);
    assert_int_equal(sc_conn_exec(conn, ddl), SC_OK);
    free(ddl);
    return conn;
}

#endif
