/*
 * driver_pg.c - the PostgreSQL driver over libpq: named prepared
 * statements (PQprepare + PQdescribePrepared once, PQexecPrepared per run),
 * text or binary results, SQLSTATE to SC_E* mapping with libpq's
 * structured error fields, and detection of lost connections.
 */
#include <errno.h>
#include <libpq-fe.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "driver_pg_hot.h"
#include "internal.h"

#define PG(c) ((PGconn *)(c)->db)
#define RES(s) ((PGresult *)(s)->res)
#define DESC(s) ((PGresult *)(s)->desc)

/* Type OIDs from pg_type.h (stable across releases). */
enum {
    OID_BOOL = 16, OID_BYTEA = 17, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23,
    OID_OID = 26, OID_JSONB = 3802, OID_FLOAT4 = 700, OID_FLOAT8 = 701, OID_DATE = 1082,
    OID_TIMESTAMP = 1114, OID_TIMESTAMPTZ = 1184, OID_NUMERIC = 1700, OID_UUID = 2950,
    OID_NAME = 19, OID_TEXT = 25, OID_JSON = 114, OID_XML = 142, OID_UNKNOWN = 705,
    OID_BPCHAR = 1042, OID_VARCHAR = 1043, OID_TIME = 1083,
    OID_FIRST_USER = 16384, /* enums, citext and other extension types start here */
};


static int sqlstate_is(const char *s, const char *want)
{
    return s && strcmp(s, want) == 0;
}

/* "Key (a, b)=(...) already exists." -> "a,b" */
static void detail_columns(sc_error *e, const char *detail)
{
    if (!detail || strncmp(detail, "Key (", 5) != 0)
        return;
    const char *p = detail + 5;
    const char *end = strstr(p, ")=(");
    if (!end)
        return;
    size_t o = 0;
    for (; p < end && o + 1 < sizeof e->column; p++) {
        if (*p == ' ' && o && e->column[o - 1] == ',')
            continue;
        if (*p != '"')
            e->column[o++] = *p;
    }
    e->column[o] = '\0';
}

/*
 * Record the failure of RES (may be NULL) on C. A lost connection marks the
 * connection broken so the pool replaces it.
 */
static int pg_fail(sc_conn *c, const PGresult *res)
{
    PGconn *pg = PG(c);
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    int lost = !pg || PQstatus(pg) == CONNECTION_BAD;
    int code = SC_ERROR;
    if (lost || (state && (strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0 ||
                           strcmp(state, "53300") == 0))) {
        code = SC_ECONNECTION;
    } else if (sqlstate_is(state, "23505")) {
        const char *cons = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME);
        size_t cl = cons ? strlen(cons) : 0;
        code = (cl > 5 && strcmp(cons + cl - 5, "_pkey") == 0) ? SC_EPRIMARYKEY : SC_EUNIQUE;
    } else if (sqlstate_is(state, "23503")) {
        code = SC_EFOREIGNKEY;
    } else if (sqlstate_is(state, "23502")) {
        code = SC_ENOTNULL;
    } else if (sqlstate_is(state, "23514")) {
        code = SC_ECHECK;
    } else if (sqlstate_is(state, "40001")) {
        code = SC_ESERIALIZATION;
    } else if (sqlstate_is(state, "40P01")) {
        code = SC_EDEADLOCK;
    } else if (sqlstate_is(state, "55P03")) {
        code = SC_ELOCKTIMEOUT;
    } else if (sqlstate_is(state, "57014")) {
        code = c->timer_fired ? SC_ESTMTTIMEOUT : SC_ECANCELED;
    } else if (sqlstate_is(state, "42601")) {
        code = SC_ESYNTAX;
    }
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!msg || !*msg)
        msg = pg ? PQerrorMessage(pg) : "out of memory";
    if (!msg || !*msg)
        msg = lost ? "connection lost" : "unknown PostgreSQL error";
    if (code == SC_ESTMTTIMEOUT)
        sc__conn_fail(c, code, "statement timeout (%lld ms): %s", (long long)c->timeout_ms, msg);
    else
        sc__conn_fail(c, code, "%s", msg);
    if (code == SC_ECONNECTION && lost)
        c->broken = 1;
    if (state)
        sc__copy_name(c->err.sqlstate, sizeof c->err.sqlstate, state, 5);
    if (res) {
        const char *f;
        if ((f = PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME)))
            sc__copy_name(c->err.constraint, sizeof c->err.constraint, f, SIZE_MAX);
        if ((f = PQresultErrorField(res, PG_DIAG_TABLE_NAME)))
            sc__copy_name(c->err.table, sizeof c->err.table, f, SIZE_MAX);
        if ((f = PQresultErrorField(res, PG_DIAG_COLUMN_NAME)))
            sc__copy_name(c->err.column, sizeof c->err.column, f, SIZE_MAX);
        else if (code == SC_EUNIQUE || code == SC_EPRIMARYKEY)
            detail_columns(&c->err, PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL));
    }
    return code;
}

static void pg_quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/*
 * Whether PG's session needs SET TIME ZONE 'UTC': 0 when it is UTC already
 * or the user chose a zone (TimeZone in the connection's options, from the
 * URL or PGOPTIONS, or PGTZ), else 1. Sessions run in UTC so that now() and
 * CURRENT_TIMESTAMP defaults of timestamp (without time zone) columns, which
 * is what Prisma's DateTime is, hold UTC whatever the server or database is
 * set to (docs/runtime.md). `schemac migrate` connects through here too.
 */
static int pg_needs_utc(PGconn *pg)
{
    const char *tz = PQparameterStatus(pg, "TimeZone");
    if (tz && (strcmp(tz, "UTC") == 0 || strcmp(tz, "Etc/UTC") == 0))
        return 0;
    const char *env = getenv("PGTZ");
    if (env && *env)
        return 0;
    int chosen = 0;
    PQconninfoOption *opts = PQconninfo(pg);
    for (PQconninfoOption *o = opts; o && o->keyword; o++) {
        if (strcmp(o->keyword, "options") != 0 || !o->val)
            continue;
        for (const char *p = o->val; *p && !chosen; p++)
            chosen = strncasecmp(p, "timezone", 8) == 0;
    }
    PQconninfoFree(opts);
    return chosen ? 0 : 1;
}

static int pg_open(sc_conn *c, const sc_url *url)
{
    const char *target = url->target;
    c->opts.pg_binary_results = c->opts.pg_binary_results != 0; /* libpq's result format as it is: 0 or 1 */
    char timeout[16];
    snprintf(timeout, sizeof timeout, "%d", c->opts.pg_connect_timeout_s);
    /* defaults first: values from the URL (expanded from dbname) override them */
    const char *keys[] = { "connect_timeout", "keepalives", "keepalives_idle",
                           "keepalives_interval", "keepalives_count", "dbname", NULL };
    const char *vals[] = { timeout, "1", "30", "10", "3", target, NULL };
    if (c->opts.pg_connect_timeout_s <= 0)
        keys[0] = "keepalives", vals[0] = "1";
    PGconn *pg = PQconnectdbParams(keys, vals, 1);
    c->db = pg;
    if (!pg)
        return sc__conn_fail(c, SC_ENOMEM, "out of memory");
    if (PQstatus(pg) != CONNECTION_OK) {
        /* libpq's messages name host and port, never the password */
        sc__conn_fail(c, SC_ECONNECTION, "%s", PQerrorMessage(pg));
        c->broken = 1;
        return SC_ECONNECTION;
    }
    /* libpq prints notices to stderr by default; a library must not */
    PQsetNoticeProcessor(pg, pg_quiet, NULL);
    /*
     * A backslash is an ordinary character in '...' literals: what our DDL
     * writes, and what migration files are split by, assume it (a database
     * or role set to standard_conforming_strings = off would read '\' as the
     * start of an escape and the literal would swallow what follows).
     */
    const char *scs = PQparameterStatus(pg, "standard_conforming_strings");
    if (scs && strcmp(scs, "on") != 0) {
        PGresult *res = PQexec(pg, "SET standard_conforming_strings = on");
        int ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;
        if (!ok) {
            pg_fail(c, res);
            PQclear(res);
            return c->err.code;
        }
        PQclear(res);
    }
    if (pg_needs_utc(pg)) {
        PGresult *res = PQexec(pg, "SET TIME ZONE 'UTC'");
        int ok = res && PQresultStatus(res) == PGRES_COMMAND_OK;
        if (!ok) {
            pg_fail(c, res);
            PQclear(res);
            return c->err.code;
        }
        PQclear(res);
    }
    c->cancel = PQgetCancel(pg);
    return SC_OK;
}

static void pg_close(sc_conn *c)
{
    if (c->cancel)
        PQfreeCancel(c->cancel);
    c->cancel = NULL;
    if (c->db)
        PQfinish(PG(c));
    c->db = NULL;
}

/*
 * The statement timeout on PostgreSQL is kept by the client, so that it
 * needs no session state (PgBouncer) and no round trip to change: with a
 * timeout the statement is sent asynchronously and its answer awaited until
 * the deadline; then the server is asked to cancel it (PQcancel, the same
 * request sc_conn_cancel sends) and the answer, usually 57014, awaited for
 * PG_CANCEL_GRACE_MS more. A server that stays silent after that is given
 * up: the connection is marked lost (the pool replaces it).
 */
enum { PG_CANCEL_GRACE_MS = 5000 };

/*
 * Wait for the answer to what was just sent on C (SENT: PQsend* succeeded),
 * as PQexec does (the first error, else the last result), stopping the
 * statement at C's timeout. Returns SC_OK with *OUT set (NULL: see
 * PQerrorMessage), or SC_ECONNECTION when the connection was given up.
 */
/*
 * The results of the command just sent, to their end: the last, or the
 * first failure. A COPY state or a lost connection ends them (no end would
 * come), as PQexecPrepared's end does.
 */
static inline bool results_end(PGconn *pg, ExecStatusType s)
{
    /* (rows and commands first, the common case: the statuses below PGRES_COPY_OUT) */
    return s > PGRES_TUPLES_OK && (s == PGRES_COPY_IN || s == PGRES_COPY_OUT || s == PGRES_COPY_BOTH ||
                                   (s == PGRES_FATAL_ERROR && PQstatus(pg) == CONNECTION_BAD));
}

/* The same, *STATUS the status of the result returned (PGRES_FATAL_ERROR for none). */
static SC__INLINE PGresult *take_results(PGconn *pg, ExecStatusType *status)
{
    PGresult *keep = PQgetResult(pg), *r;
    ExecStatusType s = keep ? PQresultStatus(keep) : PGRES_FATAL_ERROR;
    if (keep && !results_end(pg, s)) {
        while ((r = PQgetResult(pg))) {
            const ExecStatusType rs = PQresultStatus(r);
            if (s == PGRES_FATAL_ERROR) {
                PQclear(r);
            } else {
                PQclear(keep);
                keep = r;
                s = rs;
            }
            if (results_end(pg, rs))
                break;
        }
    }
    *status = s;
    return keep;
}

static int pg_wait(sc_conn *c, int sent, PGresult **out)
{
    PGconn *pg = PG(c);
    *out = NULL;
    if (!sent)
        return SC_OK;
    int64_t deadline = sc__mono_us() + c->timeout_ms * 1000;
    int canceled = 0;
    while (PQisBusy(pg)) {
        int64_t now = sc__mono_us();
        if (now >= deadline) {
            if (canceled) {
                c->broken = 1;
                return sc__conn_fail(c, SC_ECONNECTION,
                                     "statement timeout (%lld ms): no answer from the server after "
                                     "the cancel request; connection closed",
                                     (long long)c->timeout_ms);
            }
            char buf[256];
            c->timer_fired = 1;
            canceled = 1;
            deadline = now + (int64_t)PG_CANCEL_GRACE_MS * 1000;
            if (!c->cancel || !PQcancel(c->cancel, buf, sizeof buf)) {
                c->broken = 1;
                return sc__conn_fail(c, SC_ECONNECTION,
                                     "statement timeout (%lld ms): the cancel request failed: %s",
                                     (long long)c->timeout_ms, c->cancel ? buf : "no cancel key");
            }
            continue;
        }
        int64_t wait = (deadline - now + 999) / 1000;
        struct pollfd pfd = { PQsocket(pg), POLLIN, 0 };
        if (pfd.fd < 0)
            break;
        int r = poll(&pfd, 1, wait > INT_MAX ? INT_MAX : (int)wait);
        if (r < 0 && errno == EINTR)
            continue;
        if (r != 0 && !PQconsumeInput(pg))
            break; /* PQgetResult reports the failure */
    }
    ExecStatusType s;
    *out = take_results(pg, &s);
    return SC_OK;
}

/*
 * Note a command that may have written (read-your-writes, pool.c): by its
 * command tag. A SELECT calling a function that writes is not seen.
 */
static void note_write(sc_conn *c, const PGresult *res)
{
    static const char *const tags[] = { "INSERT", "UPDATE", "DELETE", "MERGE",  "COPY",
                                        "CREATE", "ALTER",  "DROP",   "TRUNCATE", "GRANT",
                                        "REVOKE", "COMMENT", "REFRESH", "CALL" };
    if (c->wrote || !res)
        return;
    const char *tag = PQcmdStatus((PGresult *)res);
    /* a SELECT (most statements) is no write: one look at its first letters */
    if (!tag || !*tag || (tag[0] == 'S' && tag[1] == 'E'))
        return;
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
        if (strncmp(tag, tags[i], strlen(tags[i])) == 0) {
            c->wrote = 1;
            return;
        }
    }
}

static int pg_exec(sc_conn *c, const char *sql)
{
    if (c->broken)
        return sc__conn_fail(c, SC_ECONNECTION, "connection lost");
    PGresult *res;
    c->timer_fired = 0;
    if (c->timeout_ms > 0) {
        int rc = pg_wait(c, PQsendQuery(PG(c), sql), &res);
        if (rc != SC_OK)
            return rc;
    } else {
        res = PQexec(PG(c), sql);
    }
    ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    int rc = SC_OK;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY)
        rc = pg_fail(c, res);
    else if (strchr(sql, ';'))
        c->wrote = 1; /* several statements: only the last one's tag is seen */
    else
        note_write(c, res);
    PQclear(res);
    return rc;
}

static int pg_alive(sc_conn *c)
{
    PGconn *pg = PG(c);
    if (PQstatus(pg) != CONNECTION_OK) {
        c->broken = 1;
        return SC_ECONNECTION;
    }
    /*
     * An idle connection has nothing to read unless the server spoke up,
     * which mostly means it is going away (a FATAL message, then EOF):
     * then confirm with a round trip.
     */
    struct pollfd pfd = { PQsocket(pg), POLLIN, 0 };
    if (pfd.fd < 0) {
        c->broken = 1;
        return SC_ECONNECTION;
    }
    if (poll(&pfd, 1, 0) > 0) {
        if (!PQconsumeInput(pg) || PQstatus(pg) != CONNECTION_OK) {
            c->broken = 1;
            return sc__conn_fail(c, SC_ECONNECTION, "connection lost");
        }
        return pg_exec(c, "");
    }
    return SC_OK;
}

static int pg_ping(sc_conn *c)
{
    int rc = pg_alive(c);
    return rc == SC_OK ? pg_exec(c, "") : rc;
}

static int pg_cancel(sc_conn *c)
{
    char buf[256];
    if (!c->cancel)
        return SC_ECONNECTION;
    return PQcancel(c->cancel, buf, sizeof buf) ? SC_OK : SC_ECONNECTION;
}

static int pg_set_timeout(sc_conn *c)
{
    (void)c; /* kept by pg_wait */
    return SC_OK;
}

static int pg_in_tx(const sc_conn *c)
{
    PGTransactionStatusType t = PQtransactionStatus(PG(c));
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

/*
 * Parse and describe ST->sql as the unnamed statement in one round trip
 * (pipeline mode: Parse, Describe, one Sync). Behind PgBouncer in
 * transaction mode, two round trips could reach two server connections,
 * and the second would describe another client's unnamed statement.
 */
static int pg_prepare_unnamed(sc_stmt *st)
{
    sc_conn *c = st->conn;
    PGconn *pg = PG(c);
    if (!PQenterPipelineMode(pg))
        return pg_fail(c, NULL);
    int sent = PQsendPrepare(pg, "", st->sql, 0, NULL) && PQsendDescribePrepared(pg, "") &&
               PQpipelineSync(pg);
    PGresult *failed = NULL, *desc = NULL, *r;
    int results = 0, synced = 0;
    while (sent && !synced) {
        r = PQgetResult(pg);
        if (!r) {
            if (PQstatus(pg) == CONNECTION_BAD)
                break;
            continue; /* the end of one query's results */
        }
        ExecStatusType s = PQresultStatus(r);
        if (s == PGRES_PIPELINE_SYNC) {
            synced = 1;
            PQclear(r);
        } else if (s == PGRES_FATAL_ERROR && !failed) {
            failed = r;
        } else if (s == PGRES_COMMAND_OK && ++results == 2) {
            desc = r;
        } else {
            PQclear(r);
        }
    }
    if (synced)
        PQexitPipelineMode(pg);
    if (failed || !desc || !synced) {
        int rc = pg_fail(c, failed);
        if (!synced && rc != SC_ECONNECTION) {
            c->broken = 1;
            rc = sc__conn_fail(c, SC_ECONNECTION, "connection lost while preparing a statement");
        }
        PQclear(failed);
        PQclear(desc);
        return rc;
    }
    PQclear(DESC(st));
    st->desc = desc;
    st->h.ncols = PQnfields(desc);
    return SC_OK;
}

/* Each parameter's width (sc__pgparam.width) from ST's description. */
static void param_widths(sc_stmt *st)
{
    for (int i = 0; i < st->nparams; i++) {
        Oid t = DESC(st) && i < PQnparams(DESC(st)) ? PQparamtype(DESC(st), i) : 0;
        st->params[i].width = t == OID_INT8 ? 8 : t == OID_INT4 ? 4 : t == OID_INT2 ? 2 : t == OID_FLOAT8 ? -8 : 0;
    }
}

/* Prepare and describe ST->sql under ST->pgname on the server. */
static int pg_prepare_named(sc_stmt *st)
{
    sc_conn *c = st->conn;
    if (!st->pgname[0])
        return pg_prepare_unnamed(st);
    PGresult *res = PQprepare(PG(c), st->pgname, st->sql, 0, NULL);
    if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
        int rc = pg_fail(c, res);
        PQclear(res);
        return rc;
    }
    PQclear(res);
    res = PQdescribePrepared(PG(c), st->pgname);
    if (!res || PQresultStatus(res) != PGRES_COMMAND_OK) {
        int rc = pg_fail(c, res);
        PQclear(res);
        return rc;
    }
    PQclear(DESC(st));
    st->desc = res;
    st->h.ncols = PQnfields(res);
    st->pgcls_known = 0; /* classified again from its next result */
    return SC_OK;
}

static int pg_prepare(sc_stmt *st)
{
    sc_conn *c = st->conn;
    if (c->broken)
        return sc__conn_fail(c, SC_ECONNECTION, "connection lost");
    /* behind PgBouncer: the unnamed statement, described once, parsed again by each run */
    if (c->opts.pgbouncer)
        st->pgname[0] = '\0';
    else
        snprintf(st->pgname, sizeof st->pgname, "sc_%u", ++c->next_name);
    int rc = pg_prepare_named(st);
    if (rc != SC_OK)
        return rc;
    st->nparams = PQnparams(DESC(st));
    if (st->nparams > 0) {
        /* one allocation: the values libpq takes (pointers, first for their alignment), the driver's records, then
           the lengths and formats libpq takes (ints, as the records' members) */
        const size_t np = (size_t)st->nparams;
        unsigned char *all = calloc(1, np * (sizeof *st->pvals + sizeof *st->params + 2 * sizeof(int)));
        if (all) {
            st->pvals = (const char **)(void *)all;
            st->params = (sc__pgparam *)(void *)(all + np * sizeof *st->pvals);
            st->plens = (int *)(void *)(all + np * (sizeof *st->pvals + sizeof *st->params));
            st->pfmts = st->plens + np;
        }
        if (!all) {
            PQclear(DESC(st));
            st->desc = NULL;
            return sc__conn_fail(c, SC_ENOMEM, "out of memory");
        }
        param_widths(st);
    }
    return SC_OK;
}

/* The parameters' one allocation (pg_prepare): each part starts aligned for its type. */
_Static_assert(_Alignof(sc__pgparam) <= _Alignof(const char *) && sizeof(sc__pgparam) % _Alignof(int) == 0,
               "parameter records between the value pointers and the lengths");

/* Parameter K of ST back to SQL NULL. */
static void param_clear(sc_stmt *st, int k)
{
    sc__pgparam *p = &st->params[k];
    if (p->heap)
        free((void *)st->pvals[k]);
    p->heap = 0;
    p->num = 0;
    st->pvals[k] = NULL;
    st->plens[k] = 0;
    st->pfmts[k] = 0;
}

static inline int pg_clear_bindings(sc_stmt *st)
{
    /*
     * A NULL value is SQL NULL: its length and number are not looked at
     * (every bind sets all three). Its format is sent, and for binary the
     * server asks the parameter's type for a binary input function even for
     * a NULL; a format left at 1 is an integer's or a float8's (types that
     * have one: the described type, never changed by a rebind) or bytes'
     * (which bind binary whatever the type, and fail so anyway).
     */
    const int n = st->nparams;
    for (int i = 0; i < n; i++) {
        sc__pgparam *p = &st->params[i];
        if (p->heap) {
            free((void *)st->pvals[i]);
            p->heap = 0;
        }
        st->pvals[i] = NULL;
    }
    return SC_OK;
}

static inline int pg_reset(sc_stmt *st)
{
    PQclear(RES(st));
    st->res = NULL;
    st->row = 0;
    st->nrows = 0;
    st->pgcls_n = 0;
    return SC_OK;
}

static void pg_finalize(sc_stmt *st)
{
    sc_conn *c = st->conn;
    pg_reset(st);
    pg_clear_bindings(st);
    free((void *)st->pvals); /* the parameters' one allocation */
    st->params = NULL;
    st->pvals = NULL;
    st->plens = st->pfmts = NULL;
    PQclear(DESC(st));
    st->desc = NULL;
    free(st->pgcls);
    st->pgcls = NULL;
    st->pgcls_cap = 0;
    st->pgcls_known = 0;
    /* free the server side too, unless the connection is going away anyway */
    if (st->pgname[0] && !c->closing && !c->broken && PQstatus(PG(c)) == CONNECTION_OK &&
        PQtransactionStatus(PG(c)) != PQTRANS_INERROR) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", st->pgname);
        PQclear(PQexec(PG(c), sql));
    }
}

static SC__INLINE int param_set(sc_stmt *st, int k, const void *data, size_t n, int fmt)
{
    sc__pgparam *p = &st->params[k];
    if (p->heap) {
        free((void *)st->pvals[k]);
        st->pvals[k] = NULL;
        p->heap = 0;
    }
    p->num = 0;
    char *val = p->inl;
    if (n >= sizeof p->inl) {
        val = malloc(n + 1);
        if (!val) {
            st->pvals[k] = NULL;
            return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
        }
        p->heap = 1;
    }
    if (n)
        memcpy(val, data, n);
    val[n] = '\0';
    st->pvals[k] = val;
    st->plens[k] = (int)n;
    st->pfmts[k] = fmt;
    return SC_OK;
}

/*
 * Integer I into P: binary for a parameter described as int2, int4 or int8
 * (nothing to format on either side); as text for any other type, or a value
 * out of a smaller integer's range (for the server's own error).
 */
static int set_int(sc_stmt *st, int k, int64_t i)
{
    param_clear(st, k);
    if (sc__pg_set_int(st, k, i))
        return SC_OK;
    char buf[24];
    char *start = sc__i64_text(buf + sizeof buf, i);
    int rc = param_set(st, k, start, (size_t)(buf + sizeof buf - start), 0);
    if (rc == SC_OK)
        st->params[k].num = SC__INT;
    return rc;
}

int sc__pg_bind_int_array(sc_stmt *st, int k, const int64_t *v, size_t n)
{
    enum { OID_INT4_ARRAY = 1007, OID_INT8_ARRAY = 1016 };
    const Oid t = DESC(st) && k < PQnparams(DESC(st)) ? PQparamtype(DESC(st), k) : 0;
    const size_t w = t == OID_INT4_ARRAY ? 4 : t == OID_INT8_ARRAY ? 8 : 0;
    if (!w || n > (size_t)(INT_MAX - 20) / (4 + w))
        return SC__READ_OTHER;
    for (size_t i = 0; w == 4 && i < n; i++)
        if (v[i] < INT32_MIN || v[i] > INT32_MAX)
            return SC__READ_OTHER; /* the server's own error, from the text form */
    /* array_recv's form: dimensions, a has-NULLs flag, the element type, then each dimension's size and lower bound;
       then each element's length and value */
    const size_t len = n ? 20 + n * (4 + w) : 12;
    char *buf = malloc(len);
    if (!buf)
        return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
    sc__put_be(buf, n ? 1 : 0, 4);
    sc__put_be(buf + 4, 0, 4);
    sc__put_be(buf + 8, w == 4 ? OID_INT4 : OID_INT8, 4);
    char *p = buf + 12;
    if (n) {
        sc__put_be(p, n, 4);
        sc__put_be(p + 4, 1, 4);
        p += 8;
    }
    for (size_t i = 0; i < n; i++, p += 4 + w) {
        sc__put_be(p, w, 4);
        sc__put_be(p + 4, (uint64_t)v[i], (int)w);
    }
    param_clear(st, k);
    st->params[k].heap = 1;
    st->pvals[k] = buf;
    st->plens[k] = (int)len;
    st->pfmts[k] = 1;
    return SC_OK;
}

/* D into P: binary for a parameter described as float8, else as text (exact: 17 digits). */
static int set_float(sc_stmt *st, int k, double d)
{
    int rc;
    if (st->params[k].width == -8) {
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        char be[8];
        sc__put_be(be, bits, 8);
        rc = param_set(st, k, be, sizeof be, 1);
    } else {
        char buf[32];
        int n = sc__double_text(buf, sizeof buf, d);
        rc = param_set(st, k, buf, (size_t)n, 0);
    }
    if (rc == SC_OK)
        st->params[k].num = SC__FLOAT;
    return rc;
}

/*
 * After ST was prepared again (its table changed), its numbers in the form
 * of the types described now: a parameter that was int4 may be int8.
 */
static int rebind_numbers(sc_stmt *st)
{
    param_widths(st);
    for (int i = 0; i < st->nparams; i++) {
        const sc__pgparam *p = &st->params[i];
        const char *val = st->pvals[i];
        if (!p->num || !val)
            continue;
        const unsigned char *b = (const unsigned char *)val;
        const int len = st->plens[i], fmt = st->pfmts[i];
        int rc;
        if (p->num == SC__INT) {
            /* binary: the width it was sent in (int2, int4 or int8) */
            int cls = len == 2 ? SC__PGC_INT2 : len == 4 ? SC__PGC_INT4 : SC__PGC_INT8;
            rc = set_int(st, i, fmt ? sc__pg_int(cls, b, (size_t)len) : strtoll(val, NULL, 10));
        } else {
            double d = 0;
            if (fmt) {
                uint64_t u = sc__pg_be64(b);
                memcpy(&d, &u, sizeof d);
            } else {
                d = strtod(val, NULL);
            }
            rc = set_float(st, i, d);
        }
        if (rc != SC_OK)
            return rc;
    }
    return SC_OK;
}

static int pg_bind(sc_stmt *st, int idx, const sc__val *v)
{
    const int k = idx - 1;
    char buf[SC_TIMESTAMP_BUFSIZE + 8];
    int n;
    switch (v->kind) {
    case SC__NULL:
        param_clear(st, k);
        return SC_OK;
    case SC__BOOL:
        return param_set(st, k, v->i ? "t" : "f", 1, 0);
    case SC__INT:
        return set_int(st, k, v->i);
    case SC__FLOAT:
        return set_float(st, k, v->d);
    case SC__TEXT:
        if (memchr(v->p, '\0', v->n))
            return sc__conn_fail(st->conn, SC_EINVAL, "text parameter %d contains NUL", idx);
        return param_set(st, k, v->p, v->n, 0);
    case SC__BLOB:
        return param_set(st, k, v->p, v->n, 1);
    case SC__TIMESTAMP:
        n = sc_timestamp_format(buf, sizeof buf, v->i, SC_TIME_SQL_US);
        if (n < 0)
            return sc__conn_fail(st->conn, SC_ERANGE, "timestamp out of range");
        return param_set(st, k, buf, (size_t)n, 0);
    default:
        return sc__conn_fail(st->conn, SC_EINVAL, "unsupported parameter type");
    }
}

/* Errors after which a prepared statement must be prepared again. */
static int schema_changed(const PGresult *res)
{
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    if (sqlstate_is(state, "26000"))
        return 1;
    const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    return sqlstate_is(state, "0A000") && msg && strstr(msg, "cached plan");
}

/*
 * Run ST with its bindings: PQexecPrepared on the named statement, or
 * (PgBouncer) PQexecParams with the text and the parameter types the
 * description found; asynchronously under a statement timeout. Returns
 * SC_OK with *OUT (NULL: see PQerrorMessage), or SC_ECONNECTION / SC_ENOMEM
 * with the error set.
 */
/* The unnamed statement (PgBouncer): ST's text with the parameter types its description found. */
static SC__NOINLINE int pg_run_unnamed(sc_stmt *st, PGresult **out, int binary)
{
    enum { STACK = 16 };
    Oid types_s[STACK];
    sc_conn *c = st->conn;
    const int n = st->nparams;
    Oid *types = n > STACK ? malloc((size_t)n * sizeof *types) : types_s;
    if (!types)
        return sc__conn_fail(c, SC_ENOMEM, "out of memory");
    for (int i = 0; i < n; i++)
        types[i] = PQparamtype(DESC(st), i);
    int rc = SC_OK;
    if (c->timeout_ms > 0)
        rc = pg_wait(c, PQsendQueryParams(PG(c), st->sql, n, types, st->pvals, st->plens, st->pfmts, binary), out);
    else
        *out = PQexecParams(PG(c), st->sql, n, types, st->pvals, st->plens, st->pfmts, binary);
    if (types != types_s)
        free(types);
    return rc;
}

/* ST run: SC_OK with *OUT (NULL: see PQerrorMessage) and *S its status, or the failure (reported). */
static SC__INLINE int pg_run(sc_stmt *st, PGresult **out, ExecStatusType *s)
{
    sc_conn *c = st->conn;
    const int binary = c->opts.pg_binary_results; /* 0 or 1 (pg_open) */
    c->timer_fired = 0;
    if (SC__UNLIKELY(c->pipelining)) {
        /* from a pipeline's callback: a query sent now would join the pipeline and take another item's result */
        *out = NULL;
        *s = PGRES_FATAL_ERROR;
        return sc__conn_fail(c, SC_EINVAL, "a statement cannot run on its own while a pipeline runs on its connection");
    }
    int rc;
    PGconn *pg = PG(c);
    if (!st->pgname[0]) {
        rc = pg_run_unnamed(st, out, binary);
    } else if (c->timeout_ms > 0) {
        /* the parameters are kept in the arrays libpq takes */
        rc = pg_wait(c, PQsendQueryPrepared(pg, st->pgname, st->nparams, st->pvals, st->plens, st->pfmts, binary), out);
    } else if (PQsendQueryPrepared(pg, st->pgname, st->nparams, st->pvals, st->plens, st->pfmts, binary)) {
        /* PQexecPrepared without its start, which drains the results of earlier commands: every command's are taken */
        *out = take_results(pg, s);
        return SC_OK;
    } else {
        /* not sent (results pending, or the connection's state): PQexecPrepared says why, or runs it */
        *out = PQexecPrepared(pg, st->pgname, st->nparams, st->pvals, st->plens, st->pfmts, binary);
        rc = SC_OK;
    }
    *s = *out ? PQresultStatus(*out) : PGRES_FATAL_ERROR;
    return rc;
}

/* STATUS, a command tag, is a SELECT's (it counts rows read, not changed). */
static bool tag_is_select(const char *status)
{
    /* byte by byte: a shorter tag ends in a NUL that differs from the next letter (no call) */
    return status && status[0] == 'S' && status[1] == 'E' && status[2] == 'L' && status[3] == 'E' && status[4] == 'C' &&
           status[5] == 'T';
}

/* The rows RES's command changed: 0 for a SELECT. */
static int64_t pg_changes(PGresult *res)
{
    if (tag_is_select(PQcmdStatus(res)))
        return 0;
    const char *tuples = PQcmdTuples(res);
    return *tuples ? strtoll(tuples, NULL, 10) : 0;
}

/*
 * RES, a failed run of ST, after ST's table changed and outside a
 * transaction: the statement prepared again and run again (*RES its new
 * result, *S its status).
 */
static SC__NOINLINE int pg_rerun(sc_stmt *st, PGresult **res, ExecStatusType *s)
{
    sc_conn *c = st->conn;
    PQclear(*res);
    *res = NULL;
    char sql[48];
    snprintf(sql, sizeof sql, "DEALLOCATE %s", st->pgname);
    PQclear(PQexec(PG(c), sql));
    int rc = pg_prepare_named(st);
    if (rc == SC_OK)
        rc = rebind_numbers(st);
    if (rc == SC_OK)
        rc = pg_run(st, res, s);
    return rc;
}

static SC__INLINE int pg_step_impl(sc_stmt *st)
{
    sc_conn *c = st->conn;
    if (!st->res) {
        if (c->broken)
            return sc__conn_fail(c, SC_ECONNECTION, "connection lost");
        PGresult *res;
        ExecStatusType s;
        int rc = pg_run(st, &res, &s);
        if (rc != SC_OK)
            return rc;
        if (s == PGRES_FATAL_ERROR && res && schema_changed(res) && !pg_in_tx(c) && st->pgname[0]) {
            /* outside a transaction the statement can be prepared again and rerun */
            rc = pg_rerun(st, &res, &s);
            if (rc != SC_OK)
                return rc;
        }
        if (s != PGRES_TUPLES_OK && s != PGRES_COMMAND_OK) {
            rc = pg_fail(c, res);
            if (res && schema_changed(res))
                sc__stmt_evict(st);
            PQclear(res);
            return rc;
        }
        st->res = res;
        st->nrows = PQntuples(res);
        st->row = -1;
        /* a named statement's classes are found once (sc__pg_classify: only a named one's are known) */
        if (st->pgcls_known > 0 && st->nrows > 0)
            st->pgcls_n = st->pgcls_known - 1;
        else
            sc__pg_classify(st);
        /* a statement's command is the same at every run: a SELECT's tag (no write, no change) is looked at once */
        if (st->pgselect == 1) {
            st->h.changes = 0;
        } else {
            note_write(c, res);
            st->h.changes = pg_changes(res);
            if (!st->pgselect)
                st->pgselect = tag_is_select(PQcmdStatus(res)) ? 1 : 2;
        }
    }
    if (++st->row < st->nrows)
        return SC_ROW;
    /* finished: ready to run again, with new or the same bindings (as SQLite after its reset) */
    pg_reset(st);
    return SC_DONE;
}

static int pg_step(sc_stmt *st)
{
    return pg_step_impl(st);
}

static const char *pg_column_name(sc_stmt *st, int col)
{
    return PQfname(DESC(st), col);
}

static uint64_t be(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = (v << 8) | p[i];
    return v;
}

/* Binary numeric (base-10000 digits) to decimal text in scratch memory. */
static int numeric_text(sc_stmt *st, const unsigned char *p, size_t n, sc__val *out)
{
    if (n < 8)
        return sc__conn_fail(st->conn, SC_ETYPE, "malformed numeric value");
    int ndigits = (int)be(p, 2);
    int weight = (int16_t)be(p + 2, 2);
    unsigned sign = (unsigned)be(p + 4, 2);
    int dscale = (int)be(p + 6, 2);
    if (n < 8 + 2 * (size_t)ndigits)
        return sc__conn_fail(st->conn, SC_ETYPE, "malformed numeric value");
    size_t cap = 16 + (size_t)(weight > 0 ? weight + 1 : 1) * 4 + (size_t)dscale + 4;
    char *buf = sc__scratch(st, cap);
    if (!buf)
        return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
    size_t o = 0;
    if (sign == 0xC000 || sign == 0xD000 || sign == 0xF000) {
        o = (size_t)snprintf(buf, cap, "%s",
                             sign == 0xC000 ? "NaN" : sign == 0xD000 ? "Infinity" : "-Infinity");
    } else {
        if (sign == 0x4000)
            buf[o++] = '-';
        if (weight < 0) {
            buf[o++] = '0';
        } else {
            for (int i = 0; i <= weight; i++) {
                int d = i < ndigits ? (int)be(p + 8 + 2 * i, 2) : 0;
                o += (size_t)snprintf(buf + o, cap - o, i == 0 ? "%d" : "%04d", d);
            }
        }
        if (dscale > 0) {
            buf[o++] = '.';
            int written = 0;
            for (int i = weight + 1; written < dscale; i++) {
                int d = (i >= 0 && i < ndigits) ? (int)be(p + 8 + 2 * i, 2) : 0;
                char four[8];
                snprintf(four, sizeof four, "%04d", d);
                for (int k = 0; k < 4 && written < dscale; k++, written++)
                    buf[o++] = four[k];
            }
        }
        buf[o] = '\0';
    }
    out->kind = SC__TEXT;
    out->p = buf;
    out->n = o;
    return SC_OK;
}

static int binary_value(sc_stmt *st, Oid type, const unsigned char *p, size_t n, sc__val *out)
{
    switch (type) {
    case OID_BOOL:
        out->kind = SC__BOOL;
        out->i = n && p[0];
        return SC_OK;
    case OID_BYTEA:
        out->kind = SC__BLOB;
        return SC_OK;
    case OID_INT2:
        out->kind = SC__INT;
        out->i = (int16_t)be(p, 2);
        return SC_OK;
    case OID_INT4:
        out->kind = SC__INT;
        out->i = (int32_t)be(p, 4);
        return SC_OK;
    case OID_OID:
        out->kind = SC__INT;
        out->i = (int64_t)be(p, 4);
        return SC_OK;
    case OID_INT8:
        out->kind = SC__INT;
        out->i = (int64_t)be(p, 8);
        return SC_OK;
    case OID_FLOAT4: {
        uint32_t u = (uint32_t)be(p, 4);
        float f;
        memcpy(&f, &u, sizeof f);
        out->kind = SC__FLOAT;
        out->d = f;
        return SC_OK;
    }
    case OID_FLOAT8: {
        uint64_t u = be(p, 8);
        memcpy(&out->d, &u, sizeof out->d);
        out->kind = SC__FLOAT;
        return SC_OK;
    }
    case OID_TIMESTAMP:
    case OID_TIMESTAMPTZ:
        out->kind = SC__TIMESTAMP;
        out->i = (int64_t)be(p, 8) + SC__PG_EPOCH_US;
        return SC_OK;
    case OID_DATE:
    case OID_TIME: {
        /* as text, the way the text protocol shows them ("2024-05-06", "07:08:09.5") */
        char *buf = sc__scratch(st, SC_TIMESTAMP_BUFSIZE);
        if (!buf)
            return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
        int64_t us = type == OID_DATE
                         ? (int64_t)(int32_t)be(p, 4) * INT64_C(86400000000) + SC__PG_EPOCH_US
                         : (int64_t)be(p, 8);
        int len = sc_timestamp_format(buf, SC_TIMESTAMP_BUFSIZE, us, SC_TIME_SQL_US);
        if (len < 0)
            return sc__conn_fail(st->conn, SC_ERANGE, "date out of range");
        if (type == OID_DATE) {
            buf[10] = '\0';
            len = 10;
        } else {
            /* "1970-01-01 HH:MM:SS.ffffff+00" -> "HH:MM:SS.ffffff" */
            memmove(buf, buf + 11, 15);
            buf[15] = '\0';
            len = 15;
        }
        out->kind = SC__TEXT;
        out->p = buf;
        out->n = (size_t)len;
        return SC_OK;
    }
    case OID_NUMERIC:
        return numeric_text(st, p, n, out);
    case OID_UUID: {
        static const char hex[] = "0123456789abcdef";
        char *buf = sc__scratch(st, 37);
        if (!buf)
            return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
        size_t o = 0;
        for (size_t i = 0; i < 16 && i < n; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10)
                buf[o++] = '-';
            buf[o++] = hex[p[i] >> 4];
            buf[o++] = hex[p[i] & 15];
        }
        buf[o] = '\0';
        out->kind = SC__TEXT;
        out->p = buf;
        out->n = o;
        return SC_OK;
    }
    case OID_JSONB:
        /* a version byte (1), then the JSON text */
        out->kind = SC__TEXT;
        out->p = n ? (const char *)p + 1 : "";
        out->n = n ? n - 1 : 0;
        return SC_OK;
    case OID_TEXT:
    case OID_VARCHAR:
    case OID_BPCHAR:
    case OID_NAME:
    case OID_JSON:
    case OID_XML:
    case OID_UNKNOWN:
        out->kind = SC__TEXT;
        return SC_OK;
    default:
        /* user-defined types (enums, citext) send their text as their binary form */
        if (type >= OID_FIRST_USER) {
            out->kind = SC__TEXT;
            return SC_OK;
        }
        /* never hand out raw binary as if it were text */
        return sc__conn_fail(st->conn, SC_ETYPE,
                             "column type %u has no binary decoder: cast it to text in the query",
                             (unsigned)type);
    }
}

/*
 * The class of a result column of TYPE in FORMAT for the fast typed reads
 * (driver_pg_hot.h): only where the read gives what binary_value or the
 * text branch of pg_column would give, with no scratch memory and no error.
 */
static unsigned char pg_class(Oid type, int format)
{
    if (format != 1)
        return type == OID_BYTEA ? SC__PGC_SLOW : SC__PGC_TEXT;
    switch (type) {
    case OID_BOOL: return SC__PGC_BOOL;
    case OID_INT2: return SC__PGC_INT2;
    case OID_INT4: return SC__PGC_INT4;
    case OID_OID: return SC__PGC_OID;
    case OID_INT8: return SC__PGC_INT8;
    case OID_FLOAT4: return SC__PGC_FLOAT4;
    case OID_FLOAT8: return SC__PGC_FLOAT8;
    case OID_TIMESTAMP:
    case OID_TIMESTAMPTZ: return SC__PGC_TIMESTAMP;
    case OID_JSONB: return SC__PGC_JSONB;
    case OID_BYTEA: return SC__PGC_BYTEA;
    case OID_TEXT:
    case OID_VARCHAR:
    case OID_BPCHAR:
    case OID_NAME:
    case OID_JSON:
    case OID_XML:
    case OID_UNKNOWN: return SC__PGC_TEXT;
    default:
        /* user-defined types (enums, citext) send their text as their binary form */
        return type >= OID_FIRST_USER ? SC__PGC_TEXT : SC__PGC_SLOW;
    }
}

/*
 * Once per result with rows: each column's class, for the typed reads of
 * all its rows. The columns past the description's (a statement behind
 * PgBouncer is parsed again by each run) stay with the generic path.
 */
void sc__pg_classify(sc_stmt *st)
{
    PGresult *res = RES(st);
    st->pgcls_n = 0;
    if (!res || st->nrows <= 0)
        return;
    /*
     * A named prepared statement's result columns keep their types: the
     * server refuses to run it otherwise ("cached plan must not change
     * result type", and pg_step prepares it again), and the format is the
     * connection's. So its classes are found once. The unnamed statement
     * (PgBouncer) is planned again by every run: classified every time.
     */
    if (st->pgcls_known > 0 && st->pgname[0]) {
        st->pgcls_n = st->pgcls_known - 1;
        return;
    }
    st->plan.key = NULL; /* new classes: the rows are planned again */
    int n = PQnfields(res);
    if (n > st->h.ncols)
        n = st->h.ncols;
    if (n <= 0)
        return;
    if (n > st->pgcls_cap) {
        unsigned char *grown = realloc(st->pgcls, (size_t)n);
        if (!grown)
            return; /* every read takes the generic path */
        st->pgcls = grown;
        st->pgcls_cap = n;
    }
    for (int i = 0; i < n; i++)
        st->pgcls[i] = pg_class(PQftype(res, i), PQfformat(res, i));
    st->pgcls_n = n;
    if (st->pgname[0])
        st->pgcls_known = n + 1;
}

static int pg_column(sc_stmt *st, int col, sc__kind want, sc__val *out)
{
    PGresult *res = RES(st);
    out->kind = SC__NULL;
    if (!res || st->row < 0 || st->row >= st->nrows)
        return sc__conn_fail(st->conn, SC_EINVAL, "no current row");
    if (PQgetisnull(res, st->row, col))
        return SC_OK;
    out->p = PQgetvalue(res, st->row, col);
    out->n = (size_t)PQgetlength(res, st->row, col);
    Oid type = PQftype(res, col);
    if (PQfformat(res, col) == 1)
        return binary_value(st, type, (const unsigned char *)out->p, out->n, out);
    (void)want;
    out->kind = type == OID_BYTEA ? SC__PG_BYTEA : SC__TEXT;
    return SC_OK;
}

const sc__driver sc__driver_pg = {
    SC_DIALECT_POSTGRES, pg_open,  pg_close,   pg_exec,        pg_ping,        pg_alive,
    pg_cancel,           pg_in_tx, pg_prepare, pg_finalize,    pg_bind,
    pg_clear_bindings,   pg_step,  pg_reset,   pg_column_name, pg_column,
    pg_set_timeout,
};

int sc__pg_fetch_one(void *out, sc_stmt *st, const sc_model *m)
{
    sc_conn *c = st->conn;
    c->err.code = SC_OK;
    /* (nothing here looks at h.active: it is set only around the generic read, which may; h.changes is set by the
       run, and a released statement's is no one's) */
    int rc = pg_step_impl(st);
    if (rc == SC_ROW) {
        /* the model's straight-line reader when the columns allow it, else the plan's way, with its error */
        rc = out ? sc__read_natural(out, st, m, sc__rowplan_for(st, m)) : SC_OK;
        if (rc == SC__READ_OTHER) {
            st->h.active = 1;
            rc = sc__read_new_other(out, st, m);
            st->h.active = 0;
        }
    } else if (rc == SC_DONE) {
        rc = SC_ENOTFOUND;
    } else {
        sc__tx_fail(c);
    }
    if (SC__UNLIKELY(st->h.slow || !st->h.cached)) {
        /* a read left something to heal or free, or a failed run took the statement out of the cache */
        sc_stmt_release(st);
        return rc;
    }
    pg_reset(st);
    pg_clear_bindings(st);
    st->h.in_use = 0;
    return rc;
}

/* ---------------------------------------------------------------- typed queries: COPY and pipelines */

int sc__pg_copy(sc_conn *c, const char *sql, sc_copy_row_fn write, const void *rows, size_t n, size_t row_size)
{
    if (c->tx_failed)
        return sc__tx_refuse(c, sql);
    if (c->broken)
        return sc__conn_fail(c, SC_ECONNECTION, "connection lost");
    PGconn *pg = PG(c);
    PGresult *res = PQexec(pg, sql);
    if (!res || PQresultStatus(res) != PGRES_COPY_IN) {
        int rc = pg_fail(c, res);
        PQclear(res);
        sc__tx_fail(c);
        return rc;
    }
    PQclear(res);
    enum { CHUNK = 64 * 1024 };
    sc_copybuf b = {NULL, 0, 0, SC_OK, 0};
    int rc = SC_OK;
    for (size_t i = 0; rc == SC_OK && i < n; i++) {
        rc = write(&b, (const unsigned char *)rows + i * row_size);
        if (rc != SC_OK)
            rc = sc__conn_fail(c, rc, "COPY row %zu: %s", i,
                               rc == SC_ENOMEM ? "out of memory"
                                               : "a value it cannot write (an enum value out of range, a timestamp outside years 1-9999)");
        else if ((b.len >= CHUNK || i + 1 == n) && b.len) {
            if (PQputCopyData(pg, b.text, (int)b.len) != 1)
                rc = sc__conn_fail(c, SC_ECONNECTION, "COPY: %s", PQerrorMessage(pg));
            b.len = 0;
        }
    }
    free(b.text);
    PQputCopyEnd(pg, rc == SC_OK ? NULL : "a row could not be written");
    res = PQgetResult(pg);
    if ((!res || PQresultStatus(res) != PGRES_COMMAND_OK) && rc == SC_OK)
        rc = pg_fail(c, res);
    PQclear(res);
    while ((res = PQgetResult(pg)) != NULL)
        PQclear(res);
    if (rc != SC_OK)
        sc__tx_fail(c);
    return rc;
}

/* sc__pg_pipeline over sc__pg_pipeline_run: one prepared statement, item I bound from ARGS[I]. */
typedef struct pg_batch {
    sc_stmt *st;
    const unsigned char *args;
    size_t arg_size;
    sc_batch_bind_fn bind;
    int (*on_result)(void *ctx, sc_stmt *st, size_t i);
    void *ctx;
} pg_batch;

static int pg_batch_send(void *ctx, size_t i, sc_stmt **st)
{
    pg_batch *b = ctx;
    *st = b->st;
    return b->bind(b->st, b->args + i * b->arg_size);
}

static int pg_batch_result(void *ctx, size_t i, sc_stmt *st)
{
    pg_batch *b = ctx;
    return b->on_result(b->ctx, st, i);
}

int sc__pg_pipeline(sc_stmt *st, const void *args, size_t n, size_t arg_size, sc_batch_bind_fn bind,
                    int (*on_result)(void *ctx, sc_stmt *st, size_t i), void *ctx)
{
    pg_batch b = { st, args, arg_size, bind, on_result, ctx };
    return sc__pg_pipeline_run(st->conn, n, pg_batch_send, pg_batch_result, &b, NULL);
}

/* ---------------------------------------------------------------- generated writes: COPY and pipelines (batch.c) */

int sc__pg_copy_begin(sc_conn *c, const char *sql)
{
    if (c->tx_failed)
        return sc__tx_refuse(c, sql);
    if (c->broken)
        return sc__conn_fail(c, SC_ECONNECTION, "connection lost");
    PGresult *res = PQexec(PG(c), sql);
    if (!res || PQresultStatus(res) != PGRES_COPY_IN) {
        int rc = pg_fail(c, res);
        PQclear(res);
        sc__tx_fail(c);
        return rc;
    }
    PQclear(res);
    return SC_OK;
}

int sc__pg_copy_data(sc_conn *c, const char *data, size_t len)
{
    if (len == 0)
        return SC_OK;
    if (len > INT_MAX || PQputCopyData(PG(c), data, (int)len) != 1)
        return pg_fail(c, NULL);
    return SC_OK;
}

/* The line of the COPY data a failure names ("COPY t, line 42, column x: ..."), or 0. */
static long copy_line(const PGresult *res)
{
    const char *ctx = res ? PQresultErrorField(res, PG_DIAG_CONTEXT) : NULL;
    const char *at = ctx && strncmp(ctx, "COPY ", 5) == 0 ? strstr(ctx, ", line ") : NULL;
    if (!at)
        return 0;
    char *end = NULL;
    long line = strtol(at + 7, &end, 10);
    return end != at + 7 && line > 0 ? line : 0;
}

int sc__pg_copy_end(sc_conn *c, const char *abort_msg, int64_t *rows, long *line)
{
    PGconn *pg = PG(c);
    int rc = SC_OK;
    *line = 0;
    if (PQputCopyEnd(pg, abort_msg) != 1)
        rc = pg_fail(c, NULL);
    PGresult *res = PQgetResult(pg);
    if (res && PQresultStatus(res) == PGRES_COMMAND_OK) {
        note_write(c, res);
        if (rows)
            *rows = strtoll(PQcmdTuples(res), NULL, 10);
    } else if (rc == SC_OK && !abort_msg) {
        /* the server's error, or a lost connection; an abort keeps the caller's error */
        rc = pg_fail(c, res);
        *line = copy_line(res);
    } else if (rc == SC_OK && (!res || PQstatus(pg) == CONNECTION_BAD)) {
        rc = pg_fail(c, res);
    }
    PQclear(res);
    while ((res = PQgetResult(pg)) != NULL)
        PQclear(res);
    if (rc != SC_OK || abort_msg)
        sc__tx_fail(c); /* the server's transaction is failed too */
    return rc;
}

int sc__pg_error_stale(const sc_conn *c)
{
    return sc__error_stale(sc_conn_error(c));
}

int sc__pg_in_tx(const sc_conn *c)
{
    return pg_in_tx(c);
}

/* Items sent in one pipeline and their results read back in order. */
typedef struct pg_pipe {
    sc_conn *c;
    PGconn *pg;
    sc_stmt **fly;            /* the statement each item sent holds its result in */
    size_t sent, got;
    int took;                 /* item GOT's result is read; the NULL that ends it is not */
    int rc;                   /* the first failure */
    size_t bad;               /* its item */
    int server;               /* the first failure was the server's: its transaction is failed */
    sc_pipe_result_fn result;
    void *ctx;
    int64_t deadline;         /* statement timeout: when the statement running now is stopped (0: none) */
    int canceled;             /* the cancel request went out */
    int64_t turn;             /* with a statement hook: when the item read now began its turn (the last result, or the start) */
    int stale;                /* an item failed on a table changed under its prepared statement */
} pg_pipe;

static void pipe_fail(pg_pipe *p, int rc, size_t item, int server)
{
    if (p->rc != SC_OK)
        return;
    p->rc = rc;
    p->bad = item;
    p->server = server;
}

/* The connection is gone: no result will come. */
static int pipe_lost(pg_pipe *p)
{
    if (PQstatus(p->pg) != CONNECTION_BAD)
        return 0;
    if (p->rc == SC_OK)
        pipe_fail(p, pg_fail(p->c, NULL), p->got, 0);
    p->got = p->sent;
    return 1;
}

/*
 * Wait until the socket is ready for EVENTS, at most until the statement
 * timeout: the item running on the server may take C's timeout from the
 * last result on. Past it the running statement is canceled (the server
 * fails it with 57014 and aborts the items after it); a server silent
 * PG_CANCEL_GRACE_MS after that is given up. 0: go on; -1: given up (the
 * connection is broken, the failure recorded).
 */
static int pipe_wait(pg_pipe *p, short events)
{
    sc_conn *c = p->c;
    int timeout = -1;
    if (p->deadline) {
        int64_t now = sc__mono_us();
        if (now >= p->deadline) {
            char buf[256];
            int ok = !p->canceled && c->cancel && PQcancel(c->cancel, buf, sizeof buf);
            if (!ok) {
                c->broken = 1;
                if (p->rc == SC_OK)
                    pipe_fail(p, sc__conn_fail(c, SC_ECONNECTION, "statement timeout (%lld ms) in a pipeline: %s; connection closed",
                                               (long long)c->timeout_ms,
                                               p->canceled ? "no answer after the cancel request" : "the cancel request failed"),
                              p->got, 0);
                p->got = p->sent;
                return -1;
            }
            c->timer_fired = 1;
            p->canceled = 1;
            p->deadline = now + (int64_t)PG_CANCEL_GRACE_MS * 1000;
        }
        int64_t w = (p->deadline - now + 999) / 1000;
        timeout = w > INT_MAX ? INT_MAX : (int)w;
    }
    struct pollfd pfd = { PQsocket(p->pg), events, 0 };
    while (poll(&pfd, 1, timeout) < 0 && errno == EINTR)
        ;
    return 0;
}

/* RES, a finished command's result, into ST as pg_step would leave it before its first row. */
static void pg_hold(sc_stmt *st, PGresult *res)
{
    note_write(st->conn, res);
    st->res = res;
    st->nrows = PQntuples(res);
    st->row = -1;
    sc__pg_classify(st);
    st->h.changes = pg_changes(res);
    st->h.active = 1; /* running: a step reads the rows in hand, and the count stays */
    st->rows = 0;     /* the hook's figures are the item's */
    st->exec_us = 0;
}

/* Read the results that are there (BLOCK: wait for every item sent), in order, each handed to the caller. */
static void pipe_read(pg_pipe *p, int block)
{
    while (p->got < p->sent) {
        if (!block && PQisBusy(p->pg))
            return;
        /* under a statement timeout, wait here rather than inside PQgetResult */
        while (block && p->deadline && PQisBusy(p->pg)) {
            if (pipe_wait(p, POLLIN) < 0)
                return;
            if (!PQconsumeInput(p->pg))
                break; /* PQgetResult reports the failure */
        }
        PGresult *res = PQgetResult(p->pg);
        if (p->took) {
            /* each item's results end with a NULL */
            if (res) {
                PQclear(res);
                continue;
            }
            p->took = 0;
            p->got++;
            continue;
        }
        if (!res) {
            if (!pipe_lost(p)) {
                if (p->rc == SC_OK)
                    pipe_fail(p, sc__conn_fail(p->c, SC_ECONNECTION, "pipeline: a result is missing"), p->got, 0);
                p->got = p->sent;
            }
            return;
        }
        size_t i = p->got;
        ExecStatusType s = PQresultStatus(res);
        if (p->deadline && !p->canceled)
            p->deadline = sc__mono_us() + p->c->timeout_ms * 1000; /* the next item's turn */
        /* with a hook: the item's time is the wait for its result since the one before it (the server runs them in turn) */
        int64_t waited = 0;
        if (p->c->opts.hook) {
            int64_t now = sc__mono_us();
            waited = now - p->turn;
            p->turn = now;
        }
        if (s == PGRES_TUPLES_OK || s == PGRES_COMMAND_OK) {
            if (p->rc == SC_OK) {
                sc_stmt *st = p->fly[i];
                pg_hold(st, res);
                st->exec_us = waited;
                res = NULL;
                int rc = p->result(p->ctx, i, st);
                pg_reset(st);
                st->h.active = 0;
                if (rc != SC_OK)
                    pipe_fail(p, rc, i, 0);
            }
        } else if (p->rc != SC_OK) {
            /* an item after the first failure (aborted, or failed too): the first one is the answer */
        } else if (s == PGRES_PIPELINE_ABORTED) {
            pipe_fail(p, sc__conn_fail(p->c, SC_ERROR, "pipeline aborted"), i, 1);
        } else {
            pipe_fail(p, pg_fail(p->c, res), i, 1);
            if (p->c->opts.hook) {
                /* the failed item's event, as a failed step gives one */
                sc_event ev = { SC_EVENT_STATEMENT, SC_DIALECT_POSTGRES, p->fly[i]->sql, waited, 0, 0, p->rc, &p->c->err };
                sc__emit(p->c, &ev);
            }
            p->stale = p->stale || schema_changed(res);
        }
        PQclear(res);
        p->took = 1;
    }
}

/*
 * Hand libpq's output to the kernel, reading results whenever the server
 * has sent some, until nothing is left to send: a connection that only
 * writes would stop for good once the server, its own output unread,
 * stops reading.
 */
static void pipe_pump(pg_pipe *p)
{
    for (;;) {
        int f = PQflush(p->pg);
        if (f < 0 || !PQconsumeInput(p->pg)) {
            if (!pipe_lost(p)) {
                if (p->rc == SC_OK)
                    pipe_fail(p, pg_fail(p->c, NULL), p->got, 0);
                p->got = p->sent;
            }
            return;
        }
        pipe_read(p, 0);
        if (f == 0)
            return;
        if (pipe_wait(p, POLLIN | POLLOUT) < 0)
            return;
    }
}

int sc__pg_pipeline_run(sc_conn *c, size_t n, sc_pipe_send_fn send, sc_pipe_result_fn result, void *ctx, size_t *failed)
{
    if (c->tx_failed)
        return sc__tx_refuse(c, NULL);
    if (c->broken)
        return sc__conn_fail(c, SC_ECONNECTION, "connection lost");
    if (n == 0)
        return SC_OK;
    PGconn *pg = PG(c);
    /* the first item before the pipeline starts: a statement cannot be prepared inside one */
    sc_stmt *first = NULL;
    int rc0 = send(ctx, 0, &first);
    if (rc0 == SC_OK && (!first || first->conn != c))
        rc0 = sc__conn_fail(c, SC_EINVAL, "pipeline: item 0 has no statement of this connection");
    if (rc0 != SC_OK) {
        if (failed)
            *failed = 0;
        return rc0;
    }
    pg_pipe p = { c, pg, NULL, 0, 0, 0, SC_OK, 0, 0, result, ctx, 0, 0, c->opts.hook ? sc__mono_us() : 0, 0 };
    c->timer_fired = 0;
    if (c->timeout_ms > 0)
        p.deadline = sc__mono_us() + c->timeout_ms * 1000;
    p.fly = malloc(n * sizeof *p.fly);
    if (!p.fly)
        return sc__conn_fail(c, SC_ENOMEM, "out of memory");
    if (!PQenterPipelineMode(pg)) {
        free(p.fly);
        return sc__conn_fail(c, SC_ERROR, "cannot enter pipeline mode: %s", PQerrorMessage(pg));
    }
    c->pipelining = 1;
    PQsetnonblocking(pg, 1);
    enum { PUMP_EVERY = 64 };
    Oid *types = NULL; /* the unnamed statement's parameter types (PgBouncer) */
    int cap = 0;
    int binary = c->opts.pg_binary_results ? 1 : 0;
    while (p.rc == SC_OK && p.sent < n) {
        sc_stmt *st = first;
        int rc = p.sent == 0 ? SC_OK : send(ctx, p.sent, &st);
        if (rc == SC_OK && (!st || st->conn != c))
            rc = sc__conn_fail(c, SC_EINVAL, "pipeline: item %zu has no statement of this connection", p.sent);
        if (rc != SC_OK) {
            pipe_fail(&p, rc, p.sent, 0);
            break;
        }
        int np = st->nparams;
        if (np > cap && !st->pgname[0]) {
            int ncap = np > 2 * cap ? np : 2 * cap;
            Oid *t = realloc(types, (size_t)ncap * sizeof *t);
            if (!t) {
                pipe_fail(&p, sc__conn_fail(c, SC_ENOMEM, "out of memory"), p.sent, 0);
                break;
            }
            types = t;
            cap = ncap;
        }
        int ok;
        if (st->pgname[0]) {
            ok = PQsendQueryPrepared(pg, st->pgname, np, st->pvals, st->plens, st->pfmts, binary);
        } else {
            /* no named statements (PgBouncer): the text with the types its description found */
            for (int k = 0; k < np; k++)
                types[k] = PQparamtype(DESC(st), k);
            ok = PQsendQueryParams(pg, st->sql, np, types, st->pvals, st->plens, st->pfmts, binary);
        }
        if (!ok) {
            pipe_fail(&p, pg_fail(c, NULL), p.sent, 0);
            break;
        }
        p.fly[p.sent++] = st;
        if (p.sent % PUMP_EVERY == 0)
            pipe_pump(&p);
    }
    free(types);
    if (!PQpipelineSync(pg) && p.rc == SC_OK)
        pipe_fail(&p, pg_fail(c, NULL), p.sent, 0);
    pipe_pump(&p);
    pipe_read(&p, 1);
    /* the sync's own result */
    for (int nulls = 0; !c->broken && PQstatus(pg) != CONNECTION_BAD && nulls < 2;) {
        PGresult *res = PQgetResult(pg);
        if (!res) {
            nulls++;
            continue;
        }
        ExecStatusType s = PQresultStatus(res);
        PQclear(res);
        if (s == PGRES_PIPELINE_SYNC)
            break;
    }
    PQsetnonblocking(pg, 0);
    if (!PQexitPipelineMode(pg) && p.rc == SC_OK)
        pipe_fail(&p, sc__conn_fail(c, SC_ERROR, "cannot leave pipeline mode: %s", PQerrorMessage(pg)), p.sent, 0);
    c->pipelining = PQpipelineStatus(pg) != PQ_PIPELINE_OFF;
    /* a stale statement: the items after it were aborted unseen and may be too; each is prepared again by its next use */
    for (size_t k = 0; p.stale && k < p.sent; k++)
        sc__stmt_evict(p.fly[k]);
    free(p.fly);
    if (p.rc != SC_OK) {
        if (failed)
            *failed = p.bad;
        if (p.server)
            sc__tx_fail(c);
    }
    return p.rc;
}
