/*
 * rt_test.h - helpers shared by the runtime tests (header-only): a private
 * PostgreSQL database per test run on the fixture cluster, scratch SQLite
 * paths, and a hook that records events.
 */
#ifndef SCHEMAC_RT_TEST_H
#define SCHEMAC_RT_TEST_H

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "schemac/schemac.h"
#include "testutil.h"

/* Replace the database name at the end of BASE with DB, into OUT. */
static inline int rt_url_with_db(char *out, size_t size, const char *base, const char *db)
{
    const char *scheme = strstr(base, "://");
    const char *slash = scheme ? strchr(scheme + 3, '/') : NULL;
    size_t keep = slash ? (size_t)(slash - base) : strlen(base);
    int n = snprintf(out, size, "%.*s/%s", (int)keep, base, db);
    return n > 0 && (size_t)n < size ? 0 : -1;
}

/*
 * Create a fresh database on the fixture cluster (so tests can run in
 * parallel) and put its URL into URL. NAME_OUT receives the database name.
 */
static inline int rt_pg_create_db(char *url, size_t size, char *name_out, size_t name_size,
                                  const char *prefix)
{
    char base[512];
    if (!testutil_pg_url(base, sizeof base))
        return -1;
    unsigned char r[4];
    sc_random_bytes(r, sizeof r);
    snprintf(name_out, name_size, "%s_%ld_%02x%02x%02x%02x", prefix, (long)getpid(), r[0], r[1],
             r[2], r[3]);
    sc_conn *c = NULL;
    if (sc_conn_open(&c, base, NULL, NULL) != SC_OK)
        return -1;
    char sql[256];
    snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\"", name_out);
    int rc = sc_conn_exec(c, sql);
    sc_conn_close(c);
    if (rc != SC_OK)
        return -1;
    return rt_url_with_db(url, size, base, name_out);
}

static inline void rt_pg_drop_db(const char *name)
{
    char base[512];
    if (!testutil_pg_url(base, sizeof base))
        return;
    sc_conn *c = NULL;
    if (sc_conn_open(&c, base, NULL, NULL) != SC_OK)
        return;
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\" WITH (FORCE)", name);
    sc_conn_exec(c, sql);
    sc_conn_close(c);
}

/* A unique SQLite file URL under the scratch folder (the file is removed first). */
static inline void rt_sqlite_url(char *url, size_t size, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/rt_%s_%ld.db", testutil_tmp_dir(), name, (long)getpid());
    unlink(path);
    char side[540];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
    snprintf(url, size, "sqlite:%s", path);
}

/* Events recorded by rt_hook. */
typedef struct rt_events {
    pthread_mutex_t mu;
    int statements;
    int slow;
    int failed;
    int held;
    int replaced;
    int last_code;
    long long last_rows;
    char last_sql[256];
} rt_events;

static inline void rt_hook(const sc_event *ev, void *payload)
{
    rt_events *e = payload;
    pthread_mutex_lock(&e->mu);
    switch (ev->kind) {
    case SC_EVENT_STATEMENT:
        e->statements++;
        e->slow += ev->slow;
        if (ev->code != SC_OK)
            e->failed++;
        e->last_code = ev->code;
        e->last_rows = (long long)ev->rows;
        snprintf(e->last_sql, sizeof e->last_sql, "%s", ev->sql ? ev->sql : "");
        break;
    case SC_EVENT_HELD_TOO_LONG:
        e->held++;
        break;
    case SC_EVENT_CONN_REPLACED:
        e->replaced++;
        break;
    }
    pthread_mutex_unlock(&e->mu);
}

#endif
