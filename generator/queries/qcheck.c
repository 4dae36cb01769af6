/*
 * qcheck.c - every query of a set checked for the schema's database (its
 * provider: the query must be valid there) and tried for the other one
 * (emitted there too when it is valid and has the same signature), with no
 * server (query.h):
 *   - PostgreSQL: PostgreSQL's parser (libpg_query) and the resolver;
 *   - SQLite: the same resolution, and a prepare against an in-memory
 *     database built from the schema's DDL, which has the last word on
 *     validity. A query PostgreSQL's parser cannot read (SQLite's own
 *     syntax) is typed from the prepared statement and its annotations.
 */
#include "queries/query.h"

#include <ctype.h>
#include <pg_query.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/sqltext.h"
#include "ddl/ddl.h"
#include "queries/qinternal.h"
#include "queries/qresolve.h"

typedef struct qc {
    arena *a;
    const sc_sources *src;
    sc_diags *diags;
    const ir_schema *s;
    sqlite3 *db;          /* the schema on SQLite, in memory; NULL when its DDL does not run there */
    const char *db_error; /* why db is NULL */
    size_t errors;
    bool parsed;          /* PostgreSQL's parser ran (its memory context exists) */
} qc;

static void qc__open_sqlite(qc *c)
{
    if (sqlite3_open_v2(":memory:", &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        c->db_error = "SQLite could not open an in-memory database";
        sqlite3_close(c->db);
        c->db = NULL;
        return;
    }
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)NULL);
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)NULL);
    ir_schema copy = *c->s;
    copy.provider = IR_PROVIDER_SQLITE;
    const char *ddl = ddl_create_script(c->a, &ddl_sqlite_dialect, &copy);
    char *err = NULL;
    if (sqlite3_exec(c->db, ddl, NULL, NULL, &err) != SQLITE_OK) {
        c->db_error = arena_printf(c->a, "the schema's tables cannot be built on SQLite (%s)", err ? err : "?");
        sqlite3_free(err);
        sqlite3_close(c->db);
        c->db = NULL;
        return;
    }
    /* Views (SQL DDL schemas), in creation order; one SQLite cannot build is left out. */
    for (size_t i = 0; i < c->s->nviews; i++) {
        const ir_table *v = &c->s->views[i];
        if (!v->definition)
            continue;
        const char *sql = arena_printf(c->a, "CREATE VIEW %s AS %s", sqltext_ident(c->a, v->name), v->definition);
        if (sqlite3_exec(c->db, sql, NULL, NULL, &err) != SQLITE_OK)
            sqlite3_free(err);
        err = NULL;
    }
}

/*
 * Prepare TEXT (the SQLite form of Q) against the schema. Returns the
 * statement, or NULL with *WHY (and, when REPORT, a located error).
 */
static sqlite3_stmt *qc__prepare(qc *c, const q_query *q, const q_text *qt, bool report, const char **why,
                                 sc_span *where)
{
    *why = NULL;
    if (!c->db) {
        *why = c->db_error;
        if (report) {
            diag_error(c->diags, q->sql_span, "invalid-query", "%s", c->db_error);
            c->errors++;
        }
        return NULL;
    }
    sqlite3_stmt *st = NULL;
    const char *tail = NULL;
    int rc = sqlite3_prepare_v3(c->db, qt->sqlite, (int)qt->sqlite_len, 0, &st, &tail);
    if (rc == SQLITE_OK && st && tail) {
        /* Anything after the statement must be blanks or comments. */
        const char *p = tail;
        while (*p && isspace((unsigned char)*p))
            p++;
        if (*p && !(p[0] == '-' && p[1] == '-') && !(p[0] == '/' && p[1] == '*')) {
            sqlite3_finalize(st);
            size_t off = (size_t)(p - qt->sqlite);
            size_t at = off < qt->sqlite_len ? qt->sqlite_map[off] : q->sql_len - 1;
            *why = "a query is one statement; start the next query with its own \"-- name:\" line";
            *where = q_sql_span(c->src, q, at, at + 1);
            if (report) {
                diag_error(c->diags, *where, "invalid-query", "%s", *why);
                c->errors++;
            }
            return NULL;
        }
    }
    if (rc != SQLITE_OK || !st) {
        int off = sqlite3_error_offset(c->db);
        const char *msg = st || rc != SQLITE_OK ? sqlite3_errmsg(c->db) : "the query holds no statement";
        size_t at = off >= 0 && (size_t)off < qt->sqlite_len ? qt->sqlite_map[off] : 0;
        *why = arena_printf(c->a, "SQLite: %s", msg);
        *where = off >= 0 ? q_sql_span(c->src, q, at, at + 1) : q->sql_span;
        if (report) {
            diag_error(c->diags, *where, "invalid-query", "%s", *why);
            c->errors++;
        }
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

/* The schema column a SQLite result column comes from, or NULL. */
static const ir_column *qc__origin(qc *c, sqlite3_stmt *st, int i, const ir_table **table)
{
    const char *t = sqlite3_column_table_name(st, i);
    const char *col = sqlite3_column_origin_name(st, i);
    *table = NULL;
    if (!t || !col)
        return NULL;
    for (size_t k = 0; k < c->s->ntables; k++)
        if (strcasecmp(c->s->tables[k].name, t) == 0) {
            *table = &c->s->tables[k];
            for (size_t m = 0; m < c->s->tables[k].ncolumns; m++)
                if (strcasecmp(c->s->tables[k].columns[m].name, col) == 0)
                    return &c->s->tables[k].columns[m];
        }
    return NULL;
}

static q_type qc__type_named(qc *c, const char *name)
{
    q_type t = {SC_SCALAR_NONE, NULL, NULL, false};
    size_t n = strlen(name);
    char *tn = arena_strdup(c->a, name);
    if (n > 2 && strcmp(tn + n - 2, "[]") == 0) {
        tn[n - 2] = '\0';
        t.list = true;
    }
    t.scalar = sc_scalar_from_name(tn);
    if (t.scalar == SC_SCALAR_UNSUPPORTED)
        t.scalar = SC_SCALAR_NONE;
    for (size_t e = 0; t.scalar == SC_SCALAR_NONE && e < c->s->nenums; e++)
        if (c->s->enums[e].name && strcmp(c->s->enums[e].name, tn) == 0) {
            t.enum_name = c->s->enums[e].name;
            t.enum_db = c->s->enums[e].db_name;
        }
    return t;
}

/*
 * SQLite's conflict clauses of an INSERT (INSERT OR IGNORE, OR REPLACE, ...,
 * and REPLACE INTO) blanked out of a copy of the PostgreSQL text, the length
 * kept so the byte map still holds: what remains is an INSERT PostgreSQL's
 * parser reads, and its parameters and columns have the same types. NULL when
 * the text starts with no such clause.
 */
static char *qc__plain_insert(arena *a, const q_text *qt)
{
    char *t = arena_strndup(a, qt->pg, qt->pg_len);
    char *p = t;
    while (isspace((unsigned char)*p))
        p++;
    if (strncasecmp(p, "REPLACE", 7) == 0 && isspace((unsigned char)p[7])) {
        memcpy(p, "INSERT ", 7);
        return t;
    }
    if (strncasecmp(p, "INSERT", 6) != 0 || !isspace((unsigned char)p[6]))
        return NULL;
    char *o = p + 6;
    while (isspace((unsigned char)*o))
        o++;
    if (strncasecmp(o, "OR", 2) != 0 || !isspace((unsigned char)o[2]))
        return NULL;
    static const char *const actions[] = {"IGNORE", "REPLACE", "ABORT", "FAIL", "ROLLBACK"};
    char *w = o + 2;
    while (isspace((unsigned char)*w))
        w++;
    for (size_t i = 0; i < sizeof actions / sizeof *actions; i++) {
        size_t n = strlen(actions[i]);
        if (strncasecmp(w, actions[i], n) == 0 && isspace((unsigned char)w[n])) {
            memset(o, ' ', (size_t)(w + n - o));
            return t;
        }
    }
    return NULL;
}

/*
 * A query only SQLite reads (its own syntax): the prepared statement says
 * what each column is (the table column it comes from); annotations say the
 * rest. Conservative: with an outer join anywhere, every column may be NULL.
 */
static bool qc__sqlite_only(qc *c, q_query *q, const q_text *qt, sqlite3_stmt *st)
{
    bool ok = true;
    bool outer = false;
    for (const char *p = q->sql; (p = q_strcasestr(p, "JOIN")); p += 4) {
        const char *b = p;
        while (b > q->sql && isspace((unsigned char)b[-1]))
            b--;
        if ((b - q->sql >= 5 && strncasecmp(b - 5, "OUTER", 5) == 0) || (b - q->sql >= 4 && strncasecmp(b - 4, "LEFT", 4) == 0) ||
            (b - q->sql >= 5 && strncasecmp(b - 5, "RIGHT", 5) == 0) || (b - q->sql >= 4 && strncasecmp(b - 4, "FULL", 4) == 0))
            outer = true;
    }
    q->nparams = (size_t)qt->nparams;
    q->params = ARENA_ARRAY(c->a, q_param, q->nparams + 1);
    for (int i = 0; i < qt->nparams; i++) {
        q_param *p = &q->params[i];
        memset(p, 0, sizeof *p);
        p->number = i + 1;
        p->name = qt->ph[i].name ? qt->ph[i].name : "";
        p->nullable = qt->ph[i].narg;
        p->slice = qt->ph[i].slice;
        p->span = q_sql_span(c->src, q, qt->ph[i].at, qt->ph[i].end);
        for (size_t k = 0; k < q->nannots; k++) {
            const q_annot *an = &q->annots[k];
            if (an->position != i + 1 && !(an->alias && *p->name && strcmp(an->alias, p->name) == 0))
                continue;
            if (an->alias)
                p->name = an->alias;
            p->nullable |= an->nullable;
            p->doc = an->doc && *an->doc ? an->doc : NULL;
            if (an->type)
                p->type = qc__type_named(c, an->type);
        }
        if (!q_type_known(&p->type)) {
            sc_diag *d = diag_error(c->diags, p->span, "unknown-parameter-type",
                                    "could not determine data type of parameter $%d: PostgreSQL's parser cannot read "
                                    "this query (SQLite's own syntax), so its parameters need annotations",
                                    i + 1);
            diag_note(c->diags, d, NULL, "annotate it: -- @param {Type} $%d:%s", i + 1, *p->name ? p->name : "name");
            c->errors++;
            ok = false;
        }
        if (p->slice)
            p->type.list = true;
    }
    int n = sqlite3_column_count(st);
    q->ncolumns = (size_t)n;
    q->columns = ARENA_ARRAY(c->a, q_column, (size_t)n + 1);
    for (int i = 0; i < n; i++) {
        q_column *col = &q->columns[i];
        memset(col, 0, sizeof *col);
        const ir_table *t = NULL;
        const ir_column *oc = qc__origin(c, st, i, &t);
        const char *name = sqlite3_column_name(st, i);
        if (oc) {
            col->type.scalar = oc->scalar;
            col->type.list = oc->list;
            if (oc->enum_name) {
                const ir_enum *e = ir_find_enum_in(c->s, oc->enum_schema, oc->enum_name);
                col->type.scalar = SC_SCALAR_NONE;
                col->type.enum_db = oc->enum_name;
                col->type.enum_name = e && e->name ? e->name : oc->enum_name;
            }
            col->nullable = oc->nullable || outer;
            col->table = t->name;
            col->column = oc->name;
        }
        /* An alias annotation: "name?", "name!", "name: Type". */
        const char *colon = name ? strchr(name, ':') : NULL;
        size_t nl = name ? strlen(name) : 0;
        if (colon) {
            const char *tn = colon + 1;
            while (*tn == ' ')
                tn++;
            size_t tl = strlen(tn);
            bool mark = tl && (tn[tl - 1] == '?' || tn[tl - 1] == '!');
            q_type at = qc__type_named(c, arena_strndup(c->a, tn, mark ? tl - 1 : tl));
            if (q_type_known(&at)) {
                col->type = at;
                col->table = col->column = NULL;
            }
            if (mark)
                col->nullable = tn[tl - 1] == '?';
            nl = (size_t)(colon - name);
        } else if (nl > 1 && (name[nl - 1] == '?' || name[nl - 1] == '!')) {
            col->nullable = name[nl - 1] == '?';
            nl--;
        }
        while (nl && name[nl - 1] == ' ')
            nl--;
        bool ident = nl > 0;
        for (size_t k = 0; k < nl && ident; k++)
            ident = isalnum((unsigned char)name[k]) || name[k] == '_';
        col->name = ident ? arena_strndup(c->a, name, nl) : "";
        if (!q_type_known(&col->type)) {
            diag_error(c->diags, q->sql_span, "unknown-column-type",
                       "cannot tell the type of result column %d (%s) of %s: PostgreSQL's parser cannot read this query "
                       "(SQLite's own syntax); annotate the alias: AS \"name: Type\"",
                       i + 1, name ? name : "?", q->name);
            c->errors++;
            ok = false;
        }
    }
    return ok;
}

static bool qc__same_signature(const q_resolution *a, const q_resolution *b, const char **why, arena *ar)
{
    if (a->nparams != b->nparams || a->ncolumns != b->ncolumns) {
        *why = "it has other parameters or columns there";
        return false;
    }
    for (size_t i = 0; i < a->nparams; i++)
        if (!q_type_equal(&a->params[i].type, &b->params[i].type) || a->params[i].nullable != b->params[i].nullable) {
            *why = arena_printf(ar, "parameter $%zu is %s%s there, %s%s here", i + 1,
                                q_type_name(ar, &b->params[i].type), b->params[i].nullable ? " (nullable)" : "",
                                q_type_name(ar, &a->params[i].type), a->params[i].nullable ? " (nullable)" : "");
            return false;
        }
    for (size_t i = 0; i < a->ncolumns; i++) {
        const q_column *x = &a->columns[i], *y = &b->columns[i];
        if (!q_type_equal(&x->type, &y->type) || x->nullable != y->nullable || strcmp(x->name, y->name) != 0 ||
            (x->embed == NULL) != (y->embed == NULL)) {
            *why = arena_printf(ar, "column %zu (%s) is %s%s there, %s%s here: a cast makes it the same on both", i + 1,
                                *x->name ? x->name : "unnamed", q_type_name(ar, &y->type), y->nullable ? " (nullable)" : "",
                                q_type_name(ar, &x->type), x->nullable ? " (nullable)" : "");
            return false;
        }
    }
    return true;
}

/* The columns are exactly MODEL's row: the same columns of one table, in order, with the same types and nullability. */
static const char *qc__model_row(const qc *c, const q_query *q)
{
    if (q->ncolumns < 2 || !q->columns[0].table)
        return NULL;
    const ir_table *t = ir_find_table_in(c->s, q->columns[0].schema, q->columns[0].table);
    if (!t)
        t = ir_find_view(c->s, q->columns[0].table);
    if (!t || !t->model || t->ncolumns != q->ncolumns)
        return NULL;
    for (size_t i = 0; i < q->ncolumns; i++) {
        const q_column *col = &q->columns[i];
        const ir_column *tc = &t->columns[i];
        if (col->embed || !col->table || strcmp(col->table, t->name) != 0 || !ir_same_schema(col->schema, t->schema) ||
            !col->column ||
            strcmp(col->column, tc->name) != 0 || strcmp(col->name, tc->name) != 0 || col->nullable != tc->nullable)
            return NULL;
    }
    return t->model;
}

static void qc__commands(qc *c, q_query *q, const q_resolution *r)
{
    bool rows = q->cmd == Q_CMD_ONE || q->cmd == Q_CMD_MANY || q->cmd == Q_CMD_BATCHONE || q->cmd == Q_CMD_BATCHMANY;
    if (rows && (!r->returns || q->ncolumns == 0)) {
        diag_error(c->diags, q->span, "invalid-query",
                   "query \"%s\" specifies parameter \"%s\" without containing a RETURNING clause (or a SELECT): it "
                   "returns no rows; use :exec, :execrows or :execresult",
                   q->name, q_cmd_name(q->cmd));
        c->errors++;
    }
    if ((q->cmd == Q_CMD_BATCHEXEC || q->cmd == Q_CMD_BATCHMANY || q->cmd == Q_CMD_BATCHONE || q->cmd == Q_CMD_COPYFROM) &&
        q->nparams == 0) {
        diag_error(c->diags, q->span, "invalid-query", ":batch* and :copyfrom commands require parameters (\"%s\" has none)",
                   q->name);
        c->errors++;
    }
    if (q->cmd == Q_CMD_COPYFROM) {
        bool insert = r->stmt_kind && strcmp(r->stmt_kind, "InsertStmt") == 0;
        if (!insert || r->returns || strstr(q->sql, "ON CONFLICT") || q_strcasestr(q->sql, " SELECT ")) {
            diag_error(c->diags, q->span, "invalid-query",
                       ":copyfrom is INSERT INTO table (columns) VALUES ($1, ...): one row of parameters, no ON "
                       "CONFLICT, RETURNING, WITH or SELECT");
            c->errors++;
        }
        q->insert_table = r->insert_table;
    }
    if (q->cmd == Q_CMD_EXECLASTID || q->cmd == Q_CMD_EXECRESULT) {
        /* The last insert id is SQLite's; PostgreSQL says it with RETURNING. */
        if (q->cmd == Q_CMD_EXECLASTID && (q->dialects & Q_POSTGRES)) {
            if (c->s->provider == IR_PROVIDER_POSTGRESQL) {
                diag_error(c->diags, q->span, "invalid-query",
                           ":execlastid needs SQLite's last insert id; on PostgreSQL write INSERT ... RETURNING id with :one");
                c->errors++;
            }
            q->dialects &= ~(unsigned)Q_POSTGRES;
            q->sql_postgres = NULL;
            q->why_not = ":execlastid is SQLite's (PostgreSQL: INSERT ... RETURNING id with :one)";
        }
    }
}

static void qc__fill(q_query *q, const q_resolution *r)
{
    q->params = r->params;
    q->nparams = r->nparams;
    q->columns = r->columns;
    q->ncolumns = r->ncolumns;
}

/*
 * PostgreSQL's text of a query: its canonical text with the casts of PG (the
 * resolution for PostgreSQL: parameters its parser would not type where they
 * stand) and the stars of R (the resolution for the schema's database) spelt out.
 */
static const char *qc__pg_sql(qc *c, const q_text *qt, const q_resolution *r, const q_resolution *pg)
{
    q_text ct = q_text_edit_pg(c->a, qt, pg->casts, pg->ncasts);
    return q_apply_edits(c->a, ct.pg, ct.pg_len, ct.pg_map, r->edits, r->nedits);
}

static void qc__one(qc *c, q_query *q)
{
    ir_provider provider = c->s->provider == IR_PROVIDER_POSTGRESQL ? IR_PROVIDER_POSTGRESQL : IR_PROVIDER_SQLITE;
    unsigned primary = provider == IR_PROVIDER_POSTGRESQL ? Q_POSTGRES : Q_SQLITE;
    unsigned other = primary == Q_POSTGRES ? Q_SQLITE : Q_POSTGRES;
    q_text qt;
    size_t before = c->diags->nerrors;
    if (!q_text_build(&qt, c->a, c->diags, c->src, q, provider)) {
        c->errors += c->diags->nerrors - before;
        return;
    }
    q->has_slice = false;
    for (int i = 0; i < qt.nparams; i++)
        q->has_slice |= qt.ph[i].slice;
    q_resolution r;
    c->parsed = true;
    int rc = q_resolve(&r, c->a, c->src, c->diags, q, &qt, c->s, primary, true);
    const char *why = NULL;
    sc_span where;
    if (rc == -1) {
        c->errors += c->diags->nerrors - before ? c->diags->nerrors - before : 1;
        return;
    }
    if (rc == -2) {
        if (primary == Q_POSTGRES) {
            diag_error(c->diags, r.syntax_span, "invalid-query", "%s", r.syntax_error);
            c->errors++;
            return;
        }
        /*
         * An INSERT with SQLite's conflict clause is typed as the same INSERT without it; the
         * query stays SQLite's only (ON CONFLICT ... DO NOTHING is the form both engines read).
         */
        q_text plain = qt;
        plain.pg = qc__plain_insert(c->a, &qt);
        q_resolution pr;
        if (plain.pg && q_resolve(&pr, c->a, c->src, c->diags, q, &plain, c->s, Q_SQLITE, true) == 0) {
            sqlite3_stmt *st = qc__prepare(c, q, &qt, true, &why, &where);
            if (!st)
                return;
            sqlite3_finalize(st);
            qc__fill(q, &pr);
            q->dialects = Q_SQLITE;
            q->sql_sqlite = q_apply_edits(c->a, qt.sqlite, qt.sqlite_len, qt.sqlite_map, pr.edits, pr.nedits);
            q->why_not = arena_printf(c->a, "not for PostgreSQL: PostgreSQL's parser cannot read it (%s)", r.syntax_error);
            qc__commands(c, q, &pr);
            return;
        }
        if (c->diags->nerrors != before) {
            c->errors += c->diags->nerrors - before;
            return;
        }
        /* SQLite's own syntax: the prepared statement decides. */
        sqlite3_stmt *st = qc__prepare(c, q, &qt, true, &why, &where);
        if (!st)
            return;
        bool ok = qc__sqlite_only(c, q, &qt, st);
        bool reads = sqlite3_stmt_readonly(st) || sqlite3_column_count(st) > 0;
        sqlite3_finalize(st);
        if (!ok)
            return;
        q->dialects = Q_SQLITE;
        q->sql_sqlite = qt.sqlite;
        q->why_not = arena_printf(c->a, "not for PostgreSQL: PostgreSQL's parser cannot read it (%s)", r.syntax_error);
        q_resolution fake;
        memset(&fake, 0, sizeof fake);
        fake.returns = q->ncolumns > 0 || reads;
        fake.stmt_kind = strncasecmp(q->sql, "INSERT", 6) == 0 ? "InsertStmt" : "";
        qc__commands(c, q, &fake);
        return;
    }
    if (primary == Q_SQLITE) {
        sqlite3_stmt *st = qc__prepare(c, q, &qt, true, &why, &where);
        if (!st)
            return;
        if ((size_t)sqlite3_column_count(st) != r.ncolumns && !qt.nembeds) {
            diag_error(c->diags, q->sql_span, "invalid-query",
                       "SQLite returns %d columns for this query, schemac counted %zu", sqlite3_column_count(st),
                       r.ncolumns);
            c->errors++;
        }
        sqlite3_finalize(st);
    }
    qc__fill(q, &r);
    q->dialects = primary;
    /* Stars in the select list are spelt out in the SQL that is emitted. */
    const char *lite_sql = q_apply_edits(c->a, qt.sqlite, qt.sqlite_len, qt.sqlite_map, r.edits, r.nedits);
    if (primary == Q_POSTGRES)
        q->sql_postgres = qc__pg_sql(c, &qt, &r, &r);
    else
        q->sql_sqlite = lite_sql;
    /* The other database: valid there, and the same signature, or not emitted for it. */
    q_resolution o;
    int orc = q_resolve(&o, c->a, c->src, c->diags, q, &qt, c->s, other, false);
    if (orc == -2)
        q->why_not = arena_printf(c->a, "PostgreSQL's parser cannot read it (%s)", o.syntax_error);
    else if (orc == -1)
        q->why_not = arena_printf(c->a, "%s", o.why ? o.why : "it is not valid there");
    else if (!qc__same_signature(&r, &o, &why, c->a))
        q->why_not = why;
    else if (other == Q_SQLITE) {
        sqlite3_stmt *st = qc__prepare(c, q, &qt, false, &why, &where);
        if (!st)
            q->why_not = why;
        else {
            sqlite3_finalize(st);
            q->dialects |= Q_SQLITE;
            q->sql_sqlite = lite_sql;
        }
    } else {
        q->dialects |= Q_POSTGRES;
        q->sql_postgres = qc__pg_sql(c, &qt, &r, &o);
    }
    if (q->why_not)
        q->why_not = arena_printf(c->a, "not for %s: %s", other == Q_POSTGRES ? "PostgreSQL" : "SQLite", q->why_not);
    qc__commands(c, q, &r);
    q->model_row = qc__model_row(c, q);
}

size_t q_check(q_set *set, arena *a, const sc_sources *src, sc_diags *diags, const ir_schema *schema)
{
    qc c = {a, src, diags, schema, NULL, NULL, 0, false};
    qc__open_sqlite(&c);
    for (size_t i = 0; i < set->n; i++)
        qc__one(&c, &set->items[i]);
    if (c.db)
        sqlite3_close(c.db);
    return c.errors;
}

void q_parser_release(void)
{
    /* pg_query_exit() needs the parser's memory to exist: make sure it does, then free it. */
    pg_query_free_parse_result(pg_query_parse(""));
    pg_query_exit(); /* the parser's memory of this thread */
}
