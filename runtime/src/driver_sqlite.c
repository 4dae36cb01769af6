/*
 * driver_sqlite.c - the SQLite driver: opening with the configured pragmas,
 * statements over sqlite3_prepare_v3 / step / column, and the mapping of
 * SQLite extended result codes to SC_E* codes (with the table, column and
 * constraint names parsed out of SQLite's messages, since SQLite has no
 * structured fields for them).
 */
#include <ctype.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "driver_sqlite_hot.h"
#include "internal.h"

#define DB(c) ((sqlite3 *)(c)->db)
#define ST(s) ((s)->h.sq)

/*
 * For a unique violation SQLite names the columns ("T.a, T.b") but not the
 * index; look up the unique index on exactly those columns so the
 * constraint name matches what PostgreSQL reports (e.g. "User_email_key").
 */
static void unique_index_name(sc_conn *c, const char *table, const char *cols)
{
    static const char q[] =
        "SELECT il.name FROM pragma_index_list(?1) AS il WHERE il.\"unique\" AND "
        "(SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(il.name) "
        "ORDER BY seqno)) = ?2 ORDER BY il.origin = 'pk' LIMIT 1";
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(DB(c), q, -1, &st, NULL) != SQLITE_OK)
        return;
    sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, cols, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (name && strncmp(name, "sqlite_autoindex_", 17) != 0)
            sc__copy_name(c->err.constraint, sizeof c->err.constraint, name, SIZE_MAX);
    }
    sqlite3_finalize(st);
}

/* Parse "T.a, T.b" (after "...failed: ") into table "T" and columns "a,b". */
static void parse_columns(sc_error *e, const char *list)
{
    size_t o = 0;
    const char *p = list;
    while (*p) {
        const char *dot = strchr(p, '.');
        const char *comma = strstr(p, ", ");
        if (!dot || (comma && comma < dot))
            break;
        if (!e->table[0])
            sc__copy_name(e->table, sizeof e->table, p, (size_t)(dot - p));
        const char *name = dot + 1;
        size_t n = comma ? (size_t)(comma - name) : strlen(name);
        if (o && o + 1 < sizeof e->column)
            e->column[o++] = ',';
        for (size_t i = 0; i < n && o + 1 < sizeof e->column; i++)
            e->column[o++] = name[i];
        e->column[o] = '\0';
        if (!comma)
            break;
        p = comma + 2;
    }
}

/* Map the connection's current SQLite error to an SC_E* code in c->err. */
int sc__sqlite_fail(sc_conn *c, int rc)
{
    sqlite3 *db = DB(c);
    int ext = db ? sqlite3_extended_errcode(db) : rc;
    if ((ext & 0xff) != (rc & 0xff))
        ext = rc;
    const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    int code;
    switch (ext & 0xff) {
    case SQLITE_CONSTRAINT:
        switch (ext) {
        case SQLITE_CONSTRAINT_UNIQUE: code = SC_EUNIQUE; break;
        case SQLITE_CONSTRAINT_PRIMARYKEY: code = SC_EPRIMARYKEY; break;
        case SQLITE_CONSTRAINT_FOREIGNKEY: code = SC_EFOREIGNKEY; break;
        case SQLITE_CONSTRAINT_NOTNULL: code = SC_ENOTNULL; break;
        case SQLITE_CONSTRAINT_CHECK: code = SC_ECHECK; break;
        /*
         * A delete or key update refused by ON DELETE/UPDATE RESTRICT is
         * raised by SQLite's foreign key trigger code: CONSTRAINT_TRIGGER
         * with the foreign key message.
         */
        case SQLITE_CONSTRAINT_TRIGGER:
            code = strstr(msg, "FOREIGN KEY constraint failed") ? SC_EFOREIGNKEY : SC_ERROR;
            break;
        default: code = SC_ERROR; break;
        }
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: code = SC_EBUSY; break;
    case SQLITE_INTERRUPT: code = c->timer_fired ? SC_ESTMTTIMEOUT : SC_ECANCELED; break;
    case SQLITE_NOMEM: code = SC_ENOMEM; break;
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
    case SQLITE_PERM: code = SC_ECONNECTION; break;
    case SQLITE_MISUSE:
    case SQLITE_RANGE: code = SC_EINVAL; break;
    case SQLITE_TOOBIG: code = SC_ERANGE; break;
    case SQLITE_ERROR:
        code = (strstr(msg, "syntax error") || strstr(msg, "incomplete input")) ? SC_ESYNTAX
                                                                                 : SC_ERROR;
        break;
    default: code = SC_ERROR; break;
    }
    if (code == SC_ESTMTTIMEOUT)
        sc__conn_fail(c, code, "statement timeout (%lld ms): %s", (long long)c->timeout_ms, msg);
    else
        sc__conn_fail(c, code, "%s", msg);
    c->err.sqlite_code = ext;
    /* the driver's detail, in the shapes SQLite words it */
    const char *colon = strstr(msg, "failed: ");
    if (colon) {
        const char *what = colon + strlen("failed: ");
        if (code == SC_EUNIQUE || code == SC_EPRIMARYKEY || code == SC_ENOTNULL) {
            parse_columns(&c->err, what);
            if (code == SC_EUNIQUE && c->err.table[0]) {
                char table[SC_ERROR_NAME_SIZE], cols[SC_ERROR_NAME_SIZE];
                memcpy(table, c->err.table, sizeof table);
                memcpy(cols, c->err.column, sizeof cols);
                unique_index_name(c, table, cols);
            }
        } else if (code == SC_ECHECK) {
            sc__copy_name(c->err.constraint, sizeof c->err.constraint, what, SIZE_MAX);
        }
    }
    return code;
}

static int sq_pragma(sc_conn *c, const char *sql)
{
    int rc = sqlite3_exec(DB(c), sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? SC_OK : sc__sqlite_fail(c, rc);
}

static int sq_open(sc_conn *c, const sc_url *url)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(url->target, &db, url->sqlite_flags | SQLITE_OPEN_NOMUTEX, NULL);
    c->db = db;
    if (rc != SQLITE_OK) {
        int code = sc__sqlite_fail(c, rc);
        if (code == SC_ERROR)
            c->err.code = code = SC_ECONNECTION;
        return code;
    }
    c->is_file = !url->sqlite_memory;
    /*
     * A double-quoted name is always a name: with SQLite's compatibility
     * setting on, "missing" would silently be the string 'missing' wherever
     * no such column exists (PostgreSQL says: column does not exist).
     */
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)NULL);
    sqlite3_extended_result_codes(db, c->opts.sqlite_extended_codes ? 1 : 0);
    if (c->opts.sqlite_busy_timeout_ms >= 0)
        sqlite3_busy_timeout(db, c->opts.sqlite_busy_timeout_ms);
    rc = sq_pragma(c, c->opts.sqlite_foreign_keys ? "PRAGMA foreign_keys=ON"
                                                  : "PRAGMA foreign_keys=OFF");
    if (rc == SC_OK && c->is_file && c->opts.sqlite_wal && !url->sqlite_readonly)
        rc = sq_pragma(c, "PRAGMA journal_mode=WAL");
    return rc;
}

static void sq_close(sc_conn *c)
{
    if (c->db)
        sqlite3_close_v2(DB(c));
    c->db = NULL;
}

static int sq_exec(sc_conn *c, const char *sql)
{
    int rc = sqlite3_exec(DB(c), sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? SC_OK : sc__sqlite_fail(c, rc);
}

static int sq_ping(sc_conn *c)
{
    return c->db ? SC_OK : SC_ECONNECTION;
}

static int sq_cancel(sc_conn *c)
{
    sqlite3_interrupt(DB(c));
    return SC_OK;
}

/*
 * The statement timeout: a statement's first step starts its clock (the
 * SQLITE_TRACE_STMT event; trigger programs, reported as "-- ..." comments,
 * run inside their statement's time) and the progress handler, called every
 * few thousand virtual machine instructions, interrupts it once the time is
 * up. Neither is installed without a timeout.
 */
enum { SQ_PROGRESS_OPS = 4000 };

static int sq_trace(unsigned type, void *ctx, void *p, void *x)
{
    (void)p;
    sc_conn *c = ctx;
    const char *sql = x;
    if (type == SQLITE_TRACE_STMT && !(sql && sql[0] == '-' && sql[1] == '-')) {
        c->deadline_us = sc__mono_us() + c->timeout_ms * 1000;
        c->timer_fired = 0;
    }
    return 0;
}

static int sq_progress(void *ctx)
{
    sc_conn *c = ctx;
    if (c->deadline_us && sc__mono_us() >= c->deadline_us) {
        c->timer_fired = 1;
        return 1;
    }
    return 0;
}

static int sq_set_timeout(sc_conn *c)
{
    sqlite3 *db = DB(c);
    c->deadline_us = 0;
    if (c->timeout_ms > 0) {
        sqlite3_trace_v2(db, SQLITE_TRACE_STMT, sq_trace, c);
        sqlite3_progress_handler(db, SQ_PROGRESS_OPS, sq_progress, c);
    } else {
        sqlite3_trace_v2(db, 0, NULL, NULL);
        sqlite3_progress_handler(db, 0, NULL, NULL);
    }
    return SC_OK;
}

static int sq_in_tx(const sc_conn *c)
{
    return !sqlite3_get_autocommit(DB(c));
}

/*
 * Whether SQL is a statement sqlite3_changes() counts: INSERT, UPDATE,
 * DELETE, REPLACE, or WITH before one of them (a WITH ... SELECT is read
 * only, which the caller checks first). For DDL and PRAGMAs SQLite leaves
 * the count of the last such statement, which is not theirs.
 */
static int sq_is_dml(const char *sql)
{
    const char *p = sql;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
            p++;
        if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                p++;
        } else if (p[0] == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            if (!end)
                return 0;
            p = end + 2;
        } else {
            break;
        }
    }
    static const char *const words[] = { "INSERT", "UPDATE", "DELETE", "REPLACE", "WITH" };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        size_t n = strlen(words[i]);
        if (sqlite3_strnicmp(p, words[i], (int)n) == 0 && !isalnum((unsigned char)p[n]) &&
            p[n] != '_')
            return 1;
    }
    return 0;
}

static int sq_prepare(sc_stmt *st)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v3(DB(st->conn), st->sql, (int)st->sql_len + 1,
                                SQLITE_PREPARE_PERSISTENT, &s, NULL);
    if (rc != SQLITE_OK)
        return sc__sqlite_fail(st->conn, rc);
    if (!s)
        return sc__conn_fail(st->conn, SC_EINVAL, "empty SQL statement");
    st->h.sq = s;
    st->dml = !sqlite3_stmt_readonly(s) && sq_is_dml(st->sql);
    st->nparams = sqlite3_bind_parameter_count(s);
    st->h.ncols = sqlite3_column_count(s);
    /* the inline binds may set every parameter (a multi-row INSERT's hundreds too: its bindings are cleared on release) */
    st->h.nbind = st->nparams;
    if (st->nparams > SC__SQ_LAZY_PARAMS)
        st->h.slow |= SC__SLOW_MANY;
    else
        st->h.all = st->nparams == 64 ? ~UINT64_C(0) : (UINT64_C(1) << st->nparams) - 1;
    return SC_OK;
}

static void sq_finalize(sc_stmt *st)
{
    sqlite3_finalize(ST(st));
    st->h.sq = NULL;
    free(st->tsbuf); /* after the statement that may point into it */
    st->tsbuf = NULL;
}

static int sq_bind(sc_stmt *st, int idx, const sc__val *v)
{
    sqlite3_stmt *s = ST(st);
    int rc;
    sc__sq_mark(st, idx);
    switch (v->kind) {
    case SC__NULL: rc = sqlite3_bind_null(s, idx); break;
    case SC__BOOL:
    case SC__INT: rc = sqlite3_bind_int64(s, idx, v->i); break;
    case SC__FLOAT: rc = sqlite3_bind_double(s, idx, v->d); break;
    case SC__TEXT:
        rc = sqlite3_bind_text64(s, idx, v->p, v->n, SQLITE_TRANSIENT, SQLITE_UTF8);
        break;
    case SC__BLOB: rc = sqlite3_bind_blob64(s, idx, v->p, v->n, SQLITE_TRANSIENT); break;
    case SC__TIMESTAMP:
        if (st->conn->opts.sqlite_time_format == SC_SQLITE_TIME_UNIXEPOCH_MS) {
            rc = sqlite3_bind_int64(s, idx, sc_timestamp_to_unix_ms(v->i));
        } else {
            return sc__sq_bind_time_text(st, idx, v->i);
        }
        break;
    default: return sc__conn_fail(st->conn, SC_EINVAL, "unsupported parameter type");
    }
    return rc == SQLITE_OK ? SC_OK : sc__sqlite_fail(st->conn, rc);
}

static int sq_clear_bindings(sc_stmt *st)
{
    sc__sq_clear_bindings(st);
    return SC_OK;
}

int sc__sqlite_step_other(sc_stmt *st, int rc)
{
    sqlite3_stmt *s = sc__sq(st);
    if (rc == SQLITE_DONE) {
        /* dml is a property of the SQL text, so a re-prepare does not change it */
        st->h.changes = st->dml ? sqlite3_changes64(DB(st->conn)) : 0;
        /*
         * Rewind now: a finished statement refuses binds (SQLITE_MISUSE)
         * until it is reset, and the caller may bind new values and step
         * again without a reset of its own. The bindings stay.
         */
        sqlite3_reset(s);
        return SC_DONE;
    }
    int code = sc__sqlite_fail(st->conn, rc);
    /* release the statement's locks now, not at the next use */
    sqlite3_reset(s);
    return code;
}

static int sq_step(sc_stmt *st)
{
    return sc__sq_step(st);
}

static int sq_reset(sc_stmt *st)
{
    /* the error of a failed step was already reported; reset just rewinds */
    sqlite3_reset(ST(st));
    return SC_OK;
}

static const char *sq_column_name(sc_stmt *st, int col)
{
    return sqlite3_column_name(ST(st), col);
}

static int sq_column(sc_stmt *st, int col, sc__kind want, sc__val *out)
{
    /* one column_value call and the cheap value readers (see driver_sqlite_hot.h) */
    int t;
    sqlite3_value *v = sc__sq_value(st, col, &t);
    out->kind = SC__NULL;
    if (t == SQLITE_NULL)
        return SC_OK;
    if ((want == SC__TEXT && t != SQLITE_BLOB) || t == SQLITE_TEXT) {
        out->p = (const char *)sqlite3_value_text(v);
        if (!out->p)
            return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
        out->n = (size_t)sqlite3_value_bytes(v);
        out->kind = SC__TEXT;
        return SC_OK;
    }
    switch (t) {
    case SQLITE_INTEGER:
        out->kind = SC__INT;
        out->i = sqlite3_value_int64(v);
        break;
    case SQLITE_FLOAT:
        out->kind = SC__FLOAT;
        out->d = sqlite3_value_double(v);
        break;
    default:
        out->p = sqlite3_value_blob(v);
        out->n = (size_t)sqlite3_value_bytes(v);
        if (!out->p)
            out->p = "";
        out->kind = SC__BLOB;
        break;
    }
    return SC_OK;
}

const sc__driver sc__driver_sqlite = {
    SC_DIALECT_SQLITE, sq_open,  sq_close,    sq_exec,          sq_ping,          sq_ping,
    sq_cancel,         sq_in_tx, sq_prepare,  sq_finalize,      sq_bind,
    sq_clear_bindings, sq_step,  sq_reset,    sq_column_name,   sq_column,
    sq_set_timeout,
};
