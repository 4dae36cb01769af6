/*
 * migrate_conn_postgres.c - migrations on PostgreSQL. One session-level
 * advisory lock keeps concurrent deployers apart for the whole run; DDL is
 * transactional, so each migration's body commits or rolls back as a whole.
 */
#include "migrate/migrate_conn.h"

#include <libpq-fe.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ddl/ddl.h"
#include "introspect/introspect.h"
#include "migrate/migrate_drift.h"

/* MIGRATE_PG_LOCK_KEY as SQL: "schemac migrate" in a bigint, fixed so every deployer agrees. */
#define PGC_LOCK_KEY "x'7365686d6163'::bigint"

static PGconn *pg(mconn *c)
{
    return c->handle;
}

static const char *pgc_message(mconn *c, const char *msg)
{
    char *m = arena_strdup(c->a, msg && *msg ? msg : "unknown error");
    size_t n = strlen(m);
    while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
        m[--n] = '\0';
    /* Keep the first line ("ERROR: ..."); the rest is context. */
    char *nl = strchr(m, '\n');
    if (nl)
        *nl = '\0';
    /* libpq's severity prefix ("ERROR:  ") only repeats what every caller says: "... failed: ERROR:  ...". */
    static const char *const severities[] = {"ERROR:", "FATAL:", "PANIC:"};
    for (size_t i = 0; i < sizeof severities / sizeof severities[0]; i++) {
        size_t len = strlen(severities[i]);
        if (strncmp(m, severities[i], len) == 0) {
            m += len;
            while (*m == ' ')
                m++;
            break;
        }
    }
    return m;
}

static int pgc_exec(mconn *c, const char *sql)
{
    PGresult *r = PQexec(pg(c), sql);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
        PQclear(r);
        return 0;
    }
    c->err = pgc_message(c, r ? PQresultErrorMessage(r) : PQerrorMessage(pg(c)));
    PQclear(r);
    return -1;
}

static int pgc_exec_params(mconn *c, const char *sql, size_t n, const char *const *values)
{
    PGresult *r = PQexecParams(pg(c), sql, (int)n, NULL, values, NULL, NULL, 0);
    ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        PQclear(r);
        return 0;
    }
    c->err = pgc_message(c, r ? PQresultErrorMessage(r) : PQerrorMessage(pg(c)));
    PQclear(r);
    return -1;
}

static int pgc_query(mconn *c, const char *sql, mconn_rows *out)
{
    memset(out, 0, sizeof *out);
    PGresult *r = PQexec(pg(c), sql);
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
        c->err = pgc_message(c, r ? PQresultErrorMessage(r) : PQerrorMessage(pg(c)));
        PQclear(r);
        return -1;
    }
    out->nrows = (size_t)PQntuples(r);
    out->ncols = (size_t)PQnfields(r);
    out->cells = ARENA_ARRAY(c->a, const char *, out->nrows * out->ncols + 1);
    for (size_t i = 0; i < out->nrows; i++)
        for (size_t k = 0; k < out->ncols; k++)
            out->cells[i * out->ncols + k] =
                PQgetisnull(r, (int)i, (int)k) ? NULL : arena_strdup(c->a, PQgetvalue(r, (int)i, (int)k));
    PQclear(r);
    return 0;
}

static long long pgc_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Poll pg_try_advisory_lock instead of blocking in pg_advisory_lock: a
 * session blocked in that call sits in an open transaction, and CREATE
 * INDEX CONCURRENTLY in the lock holder's session waits for every such
 * transaction to end - a deadlock. Between tries this session holds none.
 * Polling also bounds the wait: a holder that never lets go (a hung
 * deployer) costs c->wait_timeout_ms, not the deploy.
 */
static int pgc_lock(mconn *c)
{
    long long deadline = pgc_now_ms() + c->wait_timeout_ms;
    long long delay_ms = 10;
    c->lock_busy = false;
    for (;;) {
        mconn_rows r;
        if (pgc_query(c, "SELECT pg_try_advisory_lock(" PGC_LOCK_KEY ");", &r) != 0)
            return -1;
        if (r.nrows == 1 && r.cells[0] && r.cells[0][0] == 't')
            return 0;
        long long left = deadline - pgc_now_ms();
        if (left <= 0) {
            c->lock_busy = true;
            c->err = "another deployer holds the advisory lock";
            return -1;
        }
        long long nap = delay_ms < left ? delay_ms : left;
        usleep((useconds_t)(nap * 1000));
        if (delay_ms < 200)
            delay_ms *= 2;
    }
}

static void pgc_unlock(mconn *c)
{
    pgc_exec(c, "SELECT pg_advisory_unlock(" PGC_LOCK_KEY ");");
}

static int pgc_nothing(mconn *c)
{
    (void)c;
    return 0;
}

static void pgc_after_tx(mconn *c)
{
    (void)c;
}

static int pgc_introspect(mconn *c, ir_schema *out, const char *const *schemas, size_t nschemas)
{
    const char *err = NULL;
    int rc = nschemas ? introspect_postgres_in(out, c->a, pg(c), schemas, nschemas, &err)
                      : introspect_postgres(out, c->a, pg(c), NULL, &err);
    if (rc != 0 ||
        introspect_postgres_identities(out, c->a, pg(c), NULL, &err) != 0) {
        c->err = err ? err : "introspection failed";
        return -1;
    }
    return 0;
}

/*
 * A literal as a column of TYPE keeps it, printed in this session's
 * settings (TimeZone, DateStyle), as pg_get_expr prints the stored default:
 * '2024-01-01 10:00:00 +02:00' as TIMESTAMPTZ(3) is '2024-01-01 08:00:00+00'
 * in UTC, as TIMESTAMP(3) '2024-01-01 10:00:00', as DATE '2024-01-01'.
 */
static int pgc_canon_literal(void *payload, const char *type, const char *text, const char **out)
{
    mconn *c = payload;
    const char *v[1] = {text};
    PGresult *r = PQexecParams(pg(c), arena_printf(c->a, "SELECT CAST(CAST($1 AS text) AS %s)::text;", type), 1, NULL,
                               v, NULL, NULL, 0);
    int ok = r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0);
    if (ok)
        *out = arena_strdup(c->a, PQgetvalue(r, 0, 0));
    else
        c->err = pgc_message(c, r ? PQresultErrorMessage(r) : PQerrorMessage(pg(c)));
    PQclear(r);
    return ok ? 0 : -1;
}

/* PostgreSQL keeps expressions as parse trees and literals as values, and prints both its own way. */
static void pgc_respell(mconn *c, ir_schema *expected, const ir_schema *live)
{
    mdrift_pg_exprs(c->a, expected, live);
    mdrift_defaults(c->a, expected, live, ddl_dialect_for(IR_PROVIDER_POSTGRESQL), pgc_canon_literal, c);
}

const mconn_ops mconn_postgres_ops = {
    .name = "postgresql",
    .provider = IR_PROVIDER_POSTGRESQL,
    .tx_is_lock = false,
    .begin_sql = "BEGIN;",
    .history_exists_sql = "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                          "AND tablename = '_schemac_migrations';",
    .exec = pgc_exec,
    .exec_params = pgc_exec_params,
    .query = pgc_query,
    .lock = pgc_lock,
    .unlock = pgc_unlock,
    .before_tx = pgc_nothing,
    .after_tx = pgc_after_tx,
    .before_commit = pgc_nothing,
    .backup = NULL,
    .introspect = pgc_introspect,
    .respell = pgc_respell,
};
