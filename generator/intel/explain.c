/*
 * explain.c - queries through the planner on a scratch database (see
 * explain.h and docs/explain.md).
 *
 * SQLite: EXPLAIN QUERY PLAN; a "SCAN t" of a table the statement filters
 * or joins is a full scan, "USE TEMP B-TREE" a sort. PostgreSQL: EXPLAIN
 * (FORMAT JSON) of the generic plan (plan_cache_mode = force_generic_plan)
 * with enable_seqscan and enable_sort off, so that a Seq Scan or a Sort
 * left in the plan is one no index can avoid, whatever the statistics of an
 * empty scratch table would say.
 *
 * The index proposed for a finding is read off the statement: the columns
 * of the table it compares with = first, then those it compares otherwise,
 * then its ORDER BY (with the directions, when they are mixed). It is
 * created in the scratch database and the statement planned again: a
 * finding the index removes is verified. A sort no index removes (a loader's
 * order of its keys) is no finding.
 */
#include "intel/explain.h"

#include <ctype.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/sqltext.h"
#include "base/strbuf.h"
#include "ddl/ddl.h"

typedef struct ex {
    arena *a;
    const ir_schema *s;
    sqlite3 *sq;
    PGconn *pq;
    const char *err;
    explain_finding *f;
    size_t nf, cap;
} ex;

const char *explain_kind_name(explain_kind k)
{
    switch (k) {
    case EXPLAIN_FULL_SCAN: return "full-scan";
    case EXPLAIN_TEMP_SORT: return "temp-sort";
    case EXPLAIN_FK_NO_INDEX: return "fk-without-index";
    }
    return "?";
}

/* ---------------------------------------------------------------- plans */

typedef struct plan {
    const char **scans;      /* tables read whole */
    const char **scan_lines;
    size_t nscans;
    const char *sort_line;   /* a sort, or NULL */
    const char *text;        /* the whole plan, one line per node */
} plan;

static int ex__exec(ex *e, const char *sql)
{
    if (e->pq) {
        PGresult *r = PQexec(e->pq, sql);
        ExecStatusType st = PQresultStatus(r);
        int rc = 0;
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
            e->err = arena_printf(e->a, "postgresql: %s", PQresultErrorMessage(r));
            rc = -1;
        }
        PQclear(r);
        return rc;
    }
    char *msg = NULL;
    if (sqlite3_exec(e->sq, sql, NULL, NULL, &msg) != SQLITE_OK) {
        e->err = arena_printf(e->a, "sqlite: %s", msg ? msg : sqlite3_errmsg(e->sq));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static void plan_scan(ex *e, plan *p, const char *table, const char *line)
{
    p->scans = arena_grow(e->a, p->scans, p->nscans * sizeof *p->scans, (p->nscans + 1) * sizeof *p->scans);
    p->scan_lines =
        arena_grow(e->a, p->scan_lines, p->nscans * sizeof *p->scan_lines, (p->nscans + 1) * sizeof *p->scan_lines);
    p->scans[p->nscans] = table;
    p->scan_lines[p->nscans++] = line;
}

/* The table an alias (or name) of SQL stands for: `"t" AS x` ... */
static const char *ex__alias_table(ex *e, const char *sql, const char *alias)
{
    if (ir_find_table(e->s, alias))
        return alias;
    const char *pat = arena_printf(e->a, " AS %s", alias);
    size_t pl = strlen(pat);
    for (const char *p = strstr(sql, pat); p; p = strstr(p + 1, pat)) {
        char next = p[pl];
        if (isalnum((unsigned char)next) || next == '_')
            continue;
        /* the quoted name before it */
        const char *q = p;
        if (q > sql && q[-1] == '"') {
            const char *end = q - 1, *start = end;
            while (start > sql && start[-1] != '"')
                start--;
            const char *name = arena_strndup(e->a, start, (size_t)(end - start));
            if (ir_find_table(e->s, name))
                return name;
        }
    }
    return NULL;
}

static void plan_sqlite_walk(ex *e, plan *p, const char *sql, strbuf *text, const char *detail)
{
    strbuf_printf(text, "%s\n", detail);
    if (strncmp(detail, "SCAN ", 5) == 0 && !strstr(detail, "VIRTUAL TABLE") && strncmp(detail, "SCAN CONSTANT", 13)) {
        const char *n = detail + 5;
        size_t len = strcspn(n, " ");
        const char *table = ex__alias_table(e, sql, arena_strndup(e->a, n, len));
        if (table)
            plan_scan(e, p, table, arena_strdup(e->a, detail));
    } else if (strncmp(detail, "USE TEMP B-TREE FOR", 19) == 0 && !p->sort_line) {
        p->sort_line = arena_strdup(e->a, detail);
    }
}

static void plan_pg_walk(ex *e, plan *p, strbuf *text, json_t *node, int depth)
{
    if (!json_is_object(node))
        return;
    const char *type = json_string_value(json_object_get(node, "Node Type"));
    const char *rel = json_string_value(json_object_get(node, "Relation Name"));
    if (type) {
        strbuf line;
        strbuf_init(&line, e->a);
        strbuf_printf(&line, "%*s%s", depth * 2, "", type);
        if (rel)
            strbuf_printf(&line, " on %s", rel);
        json_t *keys = json_object_get(node, "Sort Key");
        if (json_is_array(keys)) {
            strbuf_puts(&line, " (Sort Key:");
            for (size_t i = 0; i < json_array_size(keys); i++)
                strbuf_printf(&line, "%s %s", i ? "," : "", json_string_value(json_array_get(keys, i)));
            strbuf_puts(&line, ")");
        }
        const char *filter = json_string_value(json_object_get(node, "Filter"));
        if (filter)
            strbuf_printf(&line, " (Filter: %s)", filter);
        const char *l = strbuf_str(&line);
        strbuf_printf(text, "%s\n", l);
        bool index_walk = (strcmp(type, "Index Scan") == 0 || strcmp(type, "Index Only Scan") == 0) &&
                          !json_object_get(node, "Index Cond") && filter;
        if ((strcmp(type, "Seq Scan") == 0 || index_walk) && rel) /* a whole index walked under a filter: a scan too */
            plan_scan(e, p, arena_strdup(e->a, rel), arena_strdup(e->a, l + depth * 2));
        else if ((strcmp(type, "Sort") == 0 || strcmp(type, "Incremental Sort") == 0) && !p->sort_line)
            p->sort_line = arena_strdup(e->a, l + depth * 2);
    }
    json_t *kids = json_object_get(node, "Plans");
    for (size_t i = 0; json_is_array(kids) && i < json_array_size(kids); i++)
        plan_pg_walk(e, p, text, json_array_get(kids, i), depth + 1);
}

static int ex__nparams(const char *sql)
{
    int n = 0;
    for (const char *p = strchr(sql, '$'); p; p = strchr(p + 1, '$')) {
        int v = (int)strtol(p + 1, NULL, 10);
        n = v > n ? v : n;
    }
    return n;
}

static int ex__plan(ex *e, const char *sql, plan *p)
{
    memset(p, 0, sizeof *p);
    strbuf text;
    strbuf_init(&text, e->a);
    if (!e->pq) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(e->sq, arena_printf(e->a, "EXPLAIN QUERY PLAN %s", sql), -1, &st, NULL) != SQLITE_OK) {
            e->err = arena_printf(e->a, "sqlite: %s", sqlite3_errmsg(e->sq));
            return -1;
        }
        while (sqlite3_step(st) == SQLITE_ROW) {
            const unsigned char *d = sqlite3_column_text(st, 3);
            if (d)
                plan_sqlite_walk(e, p, sql, &text, (const char *)d);
        }
        sqlite3_finalize(st);
        p->text = strbuf_str(&text);
        return 0;
    }
    if (ex__exec(e, arena_printf(e->a, "PREPARE schemac_explain AS %s", sql)) != 0)
        return -1;
    strbuf call;
    strbuf_init(&call, e->a);
    strbuf_puts(&call, "EXPLAIN (FORMAT JSON) EXECUTE schemac_explain");
    int n = ex__nparams(sql);
    for (int i = 0; i < n; i++)
        strbuf_puts(&call, i ? ", NULL" : "(NULL");
    if (n)
        strbuf_putc(&call, ')');
    PGresult *r = PQexec(e->pq, strbuf_str(&call));
    int rc = 0;
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        e->err = arena_printf(e->a, "postgresql: %s", PQresultErrorMessage(r));
        rc = -1;
    } else {
        json_error_t je;
        json_t *doc = json_loads(PQgetvalue(r, 0, 0), 0, &je);
        json_t *top = json_is_array(doc) ? json_array_get(doc, 0) : NULL;
        plan_pg_walk(e, p, &text, top ? json_object_get(top, "Plan") : NULL, 0);
        json_decref(doc);
    }
    PQclear(r);
    p->text = strbuf_str(&text);
    if (ex__exec(e, "DEALLOCATE schemac_explain") != 0)
        return -1;
    return rc;
}

/* ---------------------------------------------------------------- index proposals */

typedef struct icol {
    const char *name;
    bool desc;
    int rank; /* 0 equality, 1 other comparison, 2 order */
} icol;

static bool ex__has(const icol *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, name) == 0)
            return true;
    return false;
}

/*
 * The quoted columns of TABLE in SQL[FROM, TO): `"c"` when the statement
 * has one table, else `alias."c"` with an alias of TABLE.
 */
static size_t ex__columns(ex *e, const char *sql, const char *from, const char *to, const char *table, int rank,
                          icol *out, size_t n, size_t max)
{
    const ir_table *t = ir_find_table(e->s, table);
    for (const char *p = from; p && p < to && n < max; p++) {
        if (*p != '"')
            continue;
        const char *s = p + 1, *q = strchr(s, '"');
        if (!q || q >= to)
            break;
        const char *name = arena_strndup(e->a, s, (size_t)(q - s));
        p = q;
        const ir_column *c = t ? ir_find_column(t, name) : NULL;
        if (!c)
            continue;
        /* qualified by an alias of another table? */
        if (s - 2 >= sql && s[-2] == '.') {
            const char *al = s - 2, *as = al;
            while (as > sql && (isalnum((unsigned char)as[-1]) || as[-1] == '_'))
                as--;
            const char *alias = arena_strndup(e->a, as, (size_t)(al - as));
            const char *real = ex__alias_table(e, sql, alias);
            if (!real || strcmp(real, table) != 0)
                continue;
        }
        const char *after = q + 1;
        while (*after == ' ')
            after++;
        if (strncmp(after, "IS ", 3) == 0)
            continue; /* deleted_at IS NULL: no key */
        int r = rank;
        bool desc = false;
        if (rank == 2)
            desc = strncmp(after, "DESC", 4) == 0;
        else if (!(after[0] == '=' && after[1] != '=') && strncmp(after, "IN ", 3) != 0)
            r = 1;
        if (!ex__has(out, n, name)) {
            out[n].name = name;
            out[n].desc = desc;
            out[n].rank = r;
            n++;
        }
    }
    return n;
}

static const char *ex__find_kw(const char *from, const char *kw)
{
    return from ? strstr(from, kw) : NULL;
}

/* The index for TABLE that SQL asks for (NULL: none); *SQL_COLS its SQL column list. */
static const char *ex__propose(ex *e, const char *sql, const char *table, bool for_sort, const char **sql_cols)
{
    icol cols[32];
    size_t n = 0;
    const char *end = sql + strlen(sql);
    const char *order = ex__find_kw(sql, " ORDER BY ");
    const char *limit = ex__find_kw(sql, " LIMIT ");
    const char *ret = ex__find_kw(sql, " RETURNING ");
    const char *stop = order ? order : limit ? limit : ret ? ret : end;
    /* the WHERE and ON conditions */
    for (const char *kw = sql; (kw = strstr(kw, " WHERE ")) || 0;) {
        n = ex__columns(e, sql, kw, stop, table, 0, cols, n, 32);
        break;
    }
    for (const char *on = strstr(sql, " ON "); on && on < stop; on = strstr(on + 4, " ON ")) {
        const char *next = strstr(on + 4, " WHERE ");
        n = ex__columns(e, sql, on, next && next < stop ? next : stop, table, 0, cols, n, 32);
    }
    if (!for_sort) {
        /* equality first, then the rest in order */
        icol sorted[32];
        size_t k = 0;
        for (int r = 0; r < 2; r++)
            for (size_t i = 0; i < n; i++)
                if (cols[i].rank == r)
                    sorted[k++] = cols[i];
        memcpy(cols, sorted, k * sizeof *cols);
        n = k;
    } else {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (cols[i].rank == 0)
                cols[k++] = cols[i];
        n = k;
    }
    if (order)
        n = ex__columns(e, sql, order, limit ? limit : ret ? ret : end, table, 2, cols, n, 32);
    if (!n)
        return NULL;
    /*
     * An index serves its order read either way: only ORDER BY columns running in different
     * directions need (sort: Desc), written so that the first of them runs ascending.
     */
    bool mixed = false, first_desc = false;
    int first = -1;
    for (size_t i = 0; i < n; i++) {
        if (cols[i].rank != 2)
            continue;
        if (first < 0) {
            first = (int)i;
            first_desc = cols[i].desc;
        } else if (cols[i].desc != first_desc) {
            mixed = true;
        }
    }
    const ir_table *t = ir_find_table(e->s, table);
    strbuf schema, sqlb;
    strbuf_init(&schema, e->a);
    strbuf_init(&sqlb, e->a);
    strbuf_puts(&schema, "@@index([");
    for (size_t i = 0; i < n; i++) {
        const ir_column *c = ir_find_column(t, cols[i].name);
        bool desc = mixed && cols[i].rank == 2 && cols[i].desc != first_desc;
        strbuf_printf(&schema, "%s%s%s", i ? ", " : "", c && c->field ? c->field : cols[i].name,
                      desc ? "(sort: Desc)" : "");
        strbuf_printf(&sqlb, "%s%s%s", i ? ", " : "", sqltext_ident(e->a, cols[i].name), desc ? " DESC" : "");
    }
    strbuf_puts(&schema, "])");
    *sql_cols = strbuf_str(&sqlb);
    return strbuf_str(&schema);
}

/* Plan SQL again with the index (COLS) on TABLE; *GONE when the plan no longer shows the finding. */
static int ex__verify(ex *e, const char *sql, const char *table, const char *cols, bool sort, bool *gone,
                      const char **after)
{
    *gone = false;
    *after = NULL;
    const ir_table *t = ir_find_table(e->s, table);
    if (ex__exec(e, arena_printf(e->a, "CREATE INDEX schemac_explain_probe ON %s (%s)",
                                 t ? ddl_qualified(e->a, t->schema, t->name) : sqltext_ident(e->a, table), cols)) != 0)
        return -1;
    plan p;
    int rc = ex__plan(e, sql, &p);
    if (rc == 0) {
        bool still = false;
        if (sort)
            still = p.sort_line != NULL;
        else
            for (size_t i = 0; i < p.nscans; i++)
                still = still || strcmp(p.scans[i], table) == 0;
        *gone = !still;
        const char *nl = strchr(p.text, '\n');
        /* the plan line that reads the table now */
        for (const char *l = p.text; l && *l; l = nl ? nl + 1 : NULL) {
            nl = strchr(l, '\n');
            const char *line = arena_strndup(e->a, l, nl ? (size_t)(nl - l) : strlen(l));
            if (strstr(line, table) || strstr(line, "schemac_explain_probe")) {
                const char *s = line;
                while (*s == ' ')
                    s++;
                *after = s;
                if (strstr(line, "schemac_explain_probe"))
                    break;
            }
        }
    }
    const char *probe = ddl_qualified(e->a, t ? t->schema : NULL, "schemac_explain_probe");
    if (ex__exec(e, arena_printf(e->a, "DROP INDEX %s", probe)) != 0)
        return -1;
    return rc;
}

static void ex__add(ex *e, explain_kind k, const explain_query *q, const char *qname, const char *table,
                    const char *line, const char *proposal, bool verified, const char *after)
{
    /* one function runs several statements (a page's first and later pages, each order): one finding each */
    const char *name = q ? q->name : qname;
    for (size_t i = 0; i < e->nf; i++)
        if (e->f[i].kind == k && strcmp(e->f[i].query, name) == 0 && strcmp(e->f[i].table, table) == 0 &&
            ((!e->f[i].proposal && !proposal) || (e->f[i].proposal && proposal && strcmp(e->f[i].proposal, proposal) == 0)))
            return;
    e->f = arena_reserve(e->a, e->f, e->nf, &e->cap, sizeof *e->f, 8);
    explain_finding *f = &e->f[e->nf++];
    memset(f, 0, sizeof *f);
    f->kind = k;
    f->query = q ? q->name : qname;
    f->where = q ? q->where : NULL;
    f->table = table;
    const ir_table *t = ir_find_table(e->s, table);
    f->model = t && t->model ? t->model : table;
    f->plan = line;
    f->proposal = proposal;
    f->verified = verified;
    f->after = after;
}

static int ex__query(ex *e, const explain_query *q)
{
    const char *sql = e->pq ? q->pg : q->sqlite;
    plan p;
    if (ex__plan(e, sql, &p) != 0) {
        e->err = arena_printf(e->a, "%s: %s", q->name, e->err);
        return -1;
    }
    bool filtered = strstr(sql, " WHERE ") || strstr(sql, " JOIN ");
    for (size_t i = 0; filtered && i < p.nscans; i++) {
        const char *table = p.scans[i];
        bool dup = false;
        for (size_t k = 0; k < i; k++)
            dup = dup || strcmp(p.scans[k], table) == 0;
        const ir_table *t = ir_find_table(e->s, table);
        if (dup || !t || t->kind == IR_TABLE_JOIN)
            continue;
        const char *cols = NULL;
        const char *prop = ex__propose(e, sql, table, false, &cols);
        if (!prop)
            continue;
        bool gone;
        const char *after;
        if (ex__verify(e, sql, table, cols, false, &gone, &after) != 0)
            return -1;
        /* a scan no index removes (a page walking an index under LIMIT, a count) is the query's own */
        if (gone)
            ex__add(e, EXPLAIN_FULL_SCAN, q, NULL, table, p.scan_lines[i], prop, true, after);
    }
    if (p.sort_line) {
        /* the table whose order is asked: the first ORDER BY column's */
        for (size_t i = 0; i < e->s->ntables; i++) {
            const ir_table *t = &e->s->tables[i];
            if (t->kind == IR_TABLE_JOIN || !strstr(sql, arena_printf(e->a, "\"%s\"", t->name)))
                continue;
            const char *cols = NULL;
            const char *prop = ex__propose(e, sql, t->name, true, &cols);
            const char *order = strstr(sql, " ORDER BY ");
            if (!prop || !order)
                continue;
            bool gone;
            const char *after;
            if (ex__verify(e, sql, t->name, cols, true, &gone, &after) != 0)
                return -1;
            if (gone) { /* a sort no index removes is the query's own (a loader's key order) */
                ex__add(e, EXPLAIN_TEMP_SORT, q, NULL, t->name, p.sort_line, prop, true, after);
                break;
            }
        }
    }
    return 0;
}

/* Foreign keys no index starts with: deleting or updating a parent reads the whole child table. */
static int ex__fks(ex *e)
{
    for (size_t i = 0; i < e->s->ntables; i++) {
        const ir_table *t = &e->s->tables[i];
        if (t->kind == IR_TABLE_JOIN)
            continue;
        for (size_t k = 0; k < t->nfks; k++) {
            const ir_foreign_key *f = &t->fks[k];
            bool covered = false;
            for (size_t x = 0; x <= t->nindexes && !covered; x++) {
                size_t n = x == t->nindexes ? (t->has_pk ? t->pk.ncolumns : 0) : t->indexes[x].ncolumns;
                if (n < f->ncolumns || (x < t->nindexes && t->indexes[x].where))
                    continue;
                size_t hit = 0;
                for (size_t c = 0; c < f->ncolumns; c++) {
                    const char *col = x == t->nindexes ? t->pk.columns[c] : t->indexes[x].columns[c].name;
                    for (size_t d = 0; d < f->ncolumns; d++)
                        hit += strcmp(col, f->columns[d]) == 0;
                }
                covered = hit == f->ncolumns;
            }
            if (covered)
                continue;
            strbuf sql, cols, prop;
            strbuf_init(&sql, e->a);
            strbuf_init(&cols, e->a);
            strbuf_init(&prop, e->a);
            strbuf_printf(&sql, "SELECT 1 FROM %s WHERE ", ddl_qualified(e->a, t->schema, t->name));
            strbuf_puts(&prop, "@@index([");
            for (size_t c = 0; c < f->ncolumns; c++) {
                strbuf_printf(&sql, "%s%s = %s%zu", c ? " AND " : "", sqltext_ident(e->a, f->columns[c]),
                              e->pq ? "$" : "?", c + 1);
                strbuf_printf(&cols, "%s%s", c ? ", " : "", sqltext_ident(e->a, f->columns[c]));
                const ir_column *col = ir_find_column(t, f->columns[c]);
                strbuf_printf(&prop, "%s%s", c ? ", " : "", col && col->field ? col->field : f->columns[c]);
            }
            strbuf_puts(&prop, "])");
            plan p;
            if (ex__plan(e, strbuf_str(&sql), &p) != 0)
                return -1;
            /* no scan in the plan (the planner walked another index): say what is missing, in no engine's words */
            const char *line = p.nscans ? p.scan_lines[0]
                                        : arena_printf(e->a, "no index of %s starts with (%s)", t->name, strbuf_str(&cols));
            bool gone;
            const char *after;
            if (ex__verify(e, strbuf_str(&sql), t->name, strbuf_str(&cols), false, &gone, &after) != 0)
                return -1;
            ex__add(e, EXPLAIN_FK_NO_INDEX, NULL, arena_printf(e->a, "foreign key %s", f->name ? f->name : ""),
                    t->name, line, strbuf_str(&prop), gone, after);
        }
    }
    return 0;
}

int explain_run(explain_result *out, arena *a, sc_conn *pg, const ir_schema *s, const explain_query *queries,
                size_t n, const char **err)
{
    memset(out, 0, sizeof *out);
    ex e;
    memset(&e, 0, sizeof e);
    e.a = a;
    e.s = s;
    const ddl_dialect *d = pg ? &ddl_postgres_dialect : &ddl_sqlite_dialect;
    int rc = 0;
    if (pg) {
        e.pq = sc_conn_handle(pg);
        const char *schema = arena_printf(a, "schemac_explain_%ld", (long)getpid());
        rc = ex__exec(&e, "BEGIN");
        if (rc == 0)
            rc = ex__exec(&e, arena_printf(a, "CREATE SCHEMA %s", sqltext_ident(a, schema)));
        if (rc == 0)
            rc = ex__exec(&e, arena_printf(a,
                                           "SET LOCAL search_path TO %s, public; SET LOCAL enable_seqscan = off; "
                                           "SET LOCAL enable_sort = off; SET LOCAL plan_cache_mode = force_generic_plan",
                                           sqltext_ident(a, schema)));
    } else if (sqlite3_open(":memory:", &e.sq) != SQLITE_OK) {
        *err = "sqlite: cannot open an in-memory database";
        sqlite3_close(e.sq);
        return -1;
    }
    if (rc == 0 && ex__exec(&e, ddl_create_script(a, d, s)) != 0) {
        e.err = arena_printf(a, "the schema's DDL: %s", e.err);
        rc = -1;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!(pg ? queries[i].pg : queries[i].sqlite))
            continue;
        rc = ex__query(&e, &queries[i]);
        out->nplanned++;
    }
    if (rc == 0)
        rc = ex__fks(&e);
    if (pg) {
        const char *keep = e.err;
        ex__exec(&e, "ROLLBACK");
        e.err = keep;
    } else {
        sqlite3_close(e.sq);
    }
    if (rc != 0) {
        *err = e.err ? e.err : "explain failed";
        return -1;
    }
    out->findings = e.f;
    out->nfindings = e.nf;
    return 0;
}
