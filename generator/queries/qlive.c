/*
 * qlive.c - `--database-url`: each checked query also goes to a live
 * database, which describes it (PostgreSQL: PQdescribePrepared's parameter
 * and column types; SQLite: a prepare, its column count and each column's
 * declared type). Any disagreement with what schemac inferred is an error
 * at the query: the database differs from the schema (drift), or the
 * inference is wrong for it. Nothing is run; statements are only prepared,
 * and the database is left as it was: an SQLite file that is not there is
 * an error (opening it would create an empty one), and its journal mode is
 * not touched.
 */
#include "queries/query.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <schemac/conn.h>
#include <schemac/url.h>
#include <unistd.h>

#include "queries/qinternal.h"

/* PostgreSQL's name for a type (format_type), cached per OID. */
typedef struct ql_type {
    Oid oid;
    const char *name;
} ql_type;

typedef struct ql {
    arena *a;
    sc_diags *diags;
    PGconn *pg;
    ql_type *types;
    size_t ntypes;
    size_t errors;
} ql;

static const char *ql__pg_type(ql *l, Oid oid)
{
    for (size_t i = 0; i < l->ntypes; i++)
        if (l->types[i].oid == oid)
            return l->types[i].name;
    char buf[32];
    snprintf(buf, sizeof buf, "%u", (unsigned)oid);
    const char *vals[1] = {buf};
    PGresult *r = PQexecParams(l->pg, "SELECT format_type($1::oid, NULL)", 1, NULL, vals, NULL, NULL, 0);
    const char *name = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 ? arena_strdup(l->a, PQgetvalue(r, 0, 0))
                                                                                 : arena_strdup(l->a, buf);
    PQclear(r);
    l->types = arena_grow(l->a, l->types, l->ntypes * sizeof *l->types, (l->ntypes + 1) * sizeof *l->types);
    l->types[l->ntypes].oid = oid;
    l->types[l->ntypes++].name = name;
    return name;
}

/* Whether PostgreSQL's type NAME (format_type's spelling) holds values of T. */
static bool ql__pg_fits(const q_type *t, const char *name)
{
    size_t n = strlen(name);
    bool list = n > 2 && strcmp(name + n - 2, "[]") == 0;
    if (list != t->list)
        return false;
    char base[256];
    snprintf(base, sizeof base, "%.*s", (int)(list ? n - 2 : n), name);
    char *paren = strchr(base, '(');
    if (paren)
        *paren = '\0';
    size_t bl = strlen(base);
    while (bl && base[bl - 1] == ' ')
        base[--bl] = '\0';
    if (t->enum_name) {
        char quoted[300];
        snprintf(quoted, sizeof quoted, "\"%s\"", t->enum_db);
        return strcmp(base, t->enum_db) == 0 || strcmp(base, quoted) == 0;
    }
    static const struct {
        sc_scalar s;
        const char *names;
    } fits[] = {
        {SC_SCALAR_INT, "|integer|smallint|"},
        {SC_SCALAR_BIGINT, "|bigint|integer|smallint|"},
        {SC_SCALAR_FLOAT, "|double precision|real|"},
        {SC_SCALAR_DECIMAL, "|numeric|money|"},
        {SC_SCALAR_BOOLEAN, "|boolean|"},
        {SC_SCALAR_STRING, "|text|character varying|character|uuid|citext|name|xml|inet|cidr|time without time zone|"
                           "time with time zone|interval|bpchar|"},
        {SC_SCALAR_DATETIME, "|timestamp without time zone|timestamp with time zone|date|"},
        {SC_SCALAR_JSON, "|json|jsonb|"},
        {SC_SCALAR_BYTES, "|bytea|"},
    };
    char key[300];
    snprintf(key, sizeof key, "|%s|", base);
    for (size_t i = 0; i < sizeof fits / sizeof fits[0]; i++)
        if (fits[i].s == t->scalar)
            return strstr(fits[i].names, key) != NULL;
    return false;
}

static void ql__pg_query(ql *l, q_query *q)
{
    PGresult *r = PQprepare(l->pg, "", q->sql_postgres, 0, NULL);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        diag_error(l->diags, q->span, "live-database", "%s: the database refuses it: %s", q->name,
                   PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY)
                                                                  : PQerrorMessage(l->pg));
        l->errors++;
        PQclear(r);
        return;
    }
    PQclear(r);
    r = PQdescribePrepared(l->pg, "");
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        diag_error(l->diags, q->span, "live-database", "%s: the database cannot describe it: %s", q->name,
                   PQerrorMessage(l->pg));
        l->errors++;
        PQclear(r);
        return;
    }
    int np = PQnparams(r), nf = PQnfields(r);
    if ((size_t)np != q->nparams)
        diag_error(l->diags, q->span, "live-database", "%s: the database counts %d parameters, schemac %zu", q->name, np,
                   q->nparams),
            l->errors++;
    for (int i = 0; i < np && (size_t)i < q->nparams; i++) {
        const char *dbt = ql__pg_type(l, PQparamtype(r, i));
        const q_param *p = &q->params[i];
        if (!ql__pg_fits(&p->type, dbt)) {
            diag_error(l->diags, p->span, "live-database",
                       "%s: parameter $%d is %s in the database, but schemac inferred %s", q->name, i + 1, dbt,
                       q_type_name(l->a, &p->type));
            l->errors++;
        }
    }
    bool rows = q->ncolumns > 0;
    size_t want = 0;
    for (size_t i = 0; i < q->ncolumns; i++)
        want += q->columns[i].embed ? 0 : 1;
    if (rows && !q->ncolumns) {
        /* nothing */
    } else if (want == q->ncolumns && (size_t)nf != q->ncolumns && (q->cmd == Q_CMD_ONE || q->cmd == Q_CMD_MANY)) {
        diag_error(l->diags, q->span, "live-database", "%s: the database returns %d columns, schemac expects %zu",
                   q->name, nf, q->ncolumns);
        l->errors++;
    } else if (want == q->ncolumns) {
        for (int i = 0; i < nf && (size_t)i < q->ncolumns; i++) {
            const char *dbt = ql__pg_type(l, PQftype(r, i));
            const q_column *c = &q->columns[i];
            if (!ql__pg_fits(&c->type, dbt)) {
                diag_error(l->diags, q->span, "live-database",
                           "%s: column %d (%s) is %s in the database, but schemac inferred %s", q->name, i + 1,
                           *c->name ? c->name : "unnamed", dbt, q_type_name(l->a, &c->type));
                l->errors++;
            }
        }
    }
    PQclear(r);
}

static void ql__sqlite_query(ql *l, sqlite3 *db, q_query *q)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, q->sql_sqlite, -1, &st, NULL) != SQLITE_OK) {
        diag_error(l->diags, q->span, "live-database", "%s: the database refuses it: %s", q->name, sqlite3_errmsg(db));
        l->errors++;
        sqlite3_finalize(st);
        return;
    }
    size_t want = 0;
    bool embeds = false;
    for (size_t i = 0; i < q->ncolumns; i++) {
        want++;
        embeds |= q->columns[i].embed != NULL;
    }
    if (!embeds && q->ncolumns && (size_t)sqlite3_column_count(st) != want) {
        diag_error(l->diags, q->span, "live-database", "%s: the database returns %d columns, schemac expects %zu", q->name,
                   sqlite3_column_count(st), want);
        l->errors++;
    }
    if ((size_t)sqlite3_bind_parameter_count(st) < q->nparams) {
        diag_error(l->diags, q->span, "live-database", "%s: the database counts %d parameters, schemac %zu", q->name,
                   sqlite3_bind_parameter_count(st), q->nparams);
        l->errors++;
    }
    /* A column of a table keeps its declared type: it must be what the schema says of that column. */
    for (int i = 0; !embeds && i < sqlite3_column_count(st) && (size_t)i < q->ncolumns; i++) {
        const q_column *c = &q->columns[i];
        const char *decl = sqlite3_column_decltype(st, i);
        const char *origin = sqlite3_column_origin_name(st, i);
        if (!decl || !origin || !c->column || strcasecmp(origin, c->column) != 0)
            continue;
        bool ok = true;
        switch (c->type.scalar) {
        case SC_SCALAR_INT:
        case SC_SCALAR_BIGINT: ok = q_strcasestr(decl, "INT") != NULL; break;
        case SC_SCALAR_STRING: ok = q_strcasestr(decl, "TEXT") || q_strcasestr(decl, "CHAR") || q_strcasestr(decl, "CLOB"); break;
        case SC_SCALAR_FLOAT: ok = q_strcasestr(decl, "REAL") || q_strcasestr(decl, "FLOA") || q_strcasestr(decl, "DOUB"); break;
        case SC_SCALAR_BYTES: ok = q_strcasestr(decl, "BLOB") != NULL; break;
        default: break;
        }
        if (!ok) {
            diag_error(l->diags, q->span, "live-database",
                       "%s: column %d (%s) is declared %s in the database, but the schema says %s", q->name, i + 1,
                       c->name, decl, q_type_name(l->a, &c->type));
            l->errors++;
        }
    }
    sqlite3_finalize(st);
}

size_t q_check_live(q_set *set, arena *a, sc_diags *diags, const char *url)
{
    sc_conn *conn = NULL;
    sc_error err = SC_ERROR_INIT;
    sc_url u;
    if (sc_url_parse(&u, url, &err) != SC_OK) {
        diag_io_error(diags, "--database-url: %s", err.message);
        return 1;
    }
    /* A file that is not there is a mistyped path: opening it would create an empty database. */
    bool missing = u.dialect == SC_DIALECT_SQLITE && !u.sqlite_memory && access(u.sqlite_path, F_OK) != 0;
    if (missing)
        diag_io_error(diags, "--database-url: sqlite: no database at %s: check the URL", u.sqlite_path);
    sc_url_free(&u);
    if (missing)
        return 1;
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.sqlite_wal = 0; /* the journal mode is the database owner's choice */
    if (sc_conn_open(&conn, url, &o, &err) != SC_OK) {
        diag_io_error(diags, "--database-url: %s", err.message);
        return 1;
    }
    ql l = {a, diags, NULL, NULL, 0, 0};
    bool pg = sc_conn_dialect(conn) == SC_DIALECT_POSTGRES;
    if (pg)
        l.pg = sc_conn_handle(conn);
    for (size_t i = 0; i < set->n; i++) {
        q_query *q = &set->items[i];
        if (pg && q->sql_postgres)
            ql__pg_query(&l, q);
        else if (!pg && q->sql_sqlite)
            ql__sqlite_query(&l, sc_conn_handle(conn), q);
        else
            diag_warning(diags, q->span, "live-database", "%s is not emitted for %s, so the database cannot check it",
                         q->name, pg ? "PostgreSQL" : "SQLite");
    }
    sc_conn_close(conn);
    return l.errors;
}
