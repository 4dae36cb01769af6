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
    /* multi-schema PostgreSQL: each listed schema's scratch stand-in (real[i] -> scratch[i]) */
    const char **real, **scratch;
    size_t nmap;
} ex;

/* The scratch schema standing in for SCHEMA (itself when none does). */
static const char *ex__to_scratch(const ex *e, const char *schema)
{
    for (size_t i = 0; schema && i < e->nmap; i++)
        if (strcmp(e->real[i], schema) == 0)
            return e->scratch[i];
    return schema;
}

/* The listed schema SCHEMA stands in for (itself when it is none). */
static const char *ex__to_real(const ex *e, const char *schema)
{
    for (size_t i = 0; schema && i < e->nmap; i++)
        if (strcmp(e->scratch[i], schema) == 0)
            return e->real[i];
    return schema;
}

/*
 * The model with every listed schema replaced by its scratch stand-in, so that
 * the scratch DDL never touches the database's own schemas (which may hold the
 * very objects it creates).
 */
static const ir_schema *ex__scratch_model(ex *e, const ir_schema *s)
{
    arena *a = e->a;
    ir_schema *c = arena_alloc(a, sizeof *c);
    *c = *s;
    c->schemas = ARENA_ARRAY(a, const char *, s->nschemas + 1);
    for (size_t i = 0; i < s->nschemas; i++)
        c->schemas[i] = ex__to_scratch(e, s->schemas[i]);
    ir_table *tables[2] = {NULL, NULL};
    const ir_table *from[2] = {s->tables, s->views};
    size_t counts[2] = {s->ntables, s->nviews};
    for (int k = 0; k < 2; k++) {
        tables[k] = ARENA_ARRAY(a, ir_table, counts[k] + 1);
        for (size_t i = 0; i < counts[k]; i++) {
            ir_table *t = &tables[k][i];
            *t = from[k][i];
            t->schema = ex__to_scratch(e, t->schema);
            t->columns = ARENA_ARRAY(a, ir_column, t->ncolumns + 1);
            for (size_t x = 0; x < t->ncolumns; x++) {
                t->columns[x] = from[k][i].columns[x];
                t->columns[x].enum_schema = ex__to_scratch(e, t->columns[x].enum_schema);
            }
            t->fks = ARENA_ARRAY(a, ir_foreign_key, t->nfks + 1);
            for (size_t x = 0; x < t->nfks; x++) {
                t->fks[x] = from[k][i].fks[x];
                t->fks[x].ref_schema = ex__to_scratch(e, t->fks[x].ref_schema);
            }
        }
    }
    c->tables = tables[0];
    c->views = tables[1];
    c->enums = ARENA_ARRAY(a, ir_enum, s->nenums + 1);
    for (size_t i = 0; i < s->nenums; i++) {
        c->enums[i] = s->enums[i];
        c->enums[i].schema = ex__to_scratch(e, c->enums[i].schema);
    }
    c->relations = ARENA_ARRAY(a, ir_relation, s->nrelations + 1);
    for (size_t i = 0; i < s->nrelations; i++) {
        ir_relation *r = &c->relations[i];
        *r = s->relations[i];
        r->table_schema = ex__to_scratch(e, r->table_schema);
        r->target_schema = ex__to_scratch(e, r->target_schema);
        r->join_schema = ex__to_scratch(e, r->join_schema);
    }
    c->extensions = ARENA_ARRAY(a, ir_extension, s->nextensions + 1);
    for (size_t i = 0; i < s->nextensions; i++) {
        c->extensions[i] = s->extensions[i];
        c->extensions[i].schema = ex__to_scratch(e, c->extensions[i].schema);
    }
    return c;
}

static bool ex__word_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_' || ch == '$' || (unsigned char)ch >= 0x80;
}

/*
 * SQL with every schema qualifier naming a listed schema (`"sales".` or
 * `sales.`) replaced by its scratch stand-in; string literals kept as they are.
 */
static const char *ex__scratch_sql(ex *e, const char *sql)
{
    if (!e->nmap)
        return sql;
    strbuf b;
    strbuf_init(&b, e->a);
    for (const char *p = sql; *p;) {
        if (*p == '\'') {
            const char *q = p + 1;
            while (*q && !(*q == '\'' && q[1] != '\'')) {
                q += *q == '\'' ? 2 : 1;
            }
            if (*q)
                q++;
            strbuf_putn(&b, p, (size_t)(q - p));
            p = q;
            continue;
        }
        const char *name = NULL, *end = p;
        if (*p == '"') {
            strbuf id;
            strbuf_init(&id, e->a);
            const char *q = p + 1;
            while (*q && !(*q == '"' && q[1] != '"')) {
                strbuf_putc(&id, *q);
                q += *q == '"' ? 2 : 1;
            }
            end = *q ? q + 1 : q;
            name = strbuf_str(&id);
        } else if (ex__word_char(*p) && !isdigit((unsigned char)*p) && (p == sql || (!ex__word_char(p[-1]) && p[-1] != '.'))) {
            const char *q = p;
            while (ex__word_char(*q))
                q++;
            char *w = arena_strndup(e->a, p, (size_t)(q - p));
            for (char *x = w; *x; x++)
                *x = (char)tolower((unsigned char)*x);
            end = q;
            name = w;
        }
        if (!name) {
            strbuf_putc(&b, *p++);
            continue;
        }
        const char *to = *end == '.' ? ex__to_scratch(e, name) : name;
        if (to != name)
            strbuf_puts(&b, sqltext_ident(e->a, to));
        else
            strbuf_putn(&b, p, (size_t)(end - p));
        p = end;
    }
    return strbuf_str(&b);
}

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
    const ir_table **scans;  /* tables read whole */
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

static void plan_scan(ex *e, plan *p, const ir_table *table, const char *line)
{
    p->scans = arena_grow(e->a, p->scans, p->nscans * sizeof *p->scans, (p->nscans + 1) * sizeof *p->scans);
    p->scan_lines =
        arena_grow(e->a, p->scan_lines, p->nscans * sizeof *p->scan_lines, (p->nscans + 1) * sizeof *p->scan_lines);
    p->scans[p->nscans] = table;
    p->scan_lines[p->nscans++] = line;
}

/* The table an alias (or name) of SQL stands for: `"t" AS x`, `"s"."t" AS x` ... */
static const ir_table *ex__alias_table(ex *e, const char *sql, const char *alias)
{
    const ir_table *self = e->nmap ? NULL : ir_find_table_in(e->s, NULL, alias);
    if (self)
        return self;
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
            const char *schema = NULL;
            if (start - 2 > sql && start[-2] == '.' && start[-3] == '"') {
                const char *se = start - 3, *ss = se;
                while (ss > sql && ss[-1] != '"')
                    ss--;
                schema = arena_strndup(e->a, ss, (size_t)(se - ss));
            }
            const ir_table *t = ir_find_table_in(e->s, e->nmap ? schema : NULL, name);
            if (t)
                return t;
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
        const ir_table *table = ex__alias_table(e, sql, arena_strndup(e->a, n, len));
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
    const char *rel_schema = json_string_value(json_object_get(node, "Schema")); /* VERBOSE only */
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
        const ir_table *t = rel ? ir_find_table_in(e->s, e->nmap ? rel_schema : NULL, rel) : NULL;
        if ((strcmp(type, "Seq Scan") == 0 || index_walk) && t) /* a whole index walked under a filter: a scan too */
            plan_scan(e, p, t, arena_strdup(e->a, l + depth * 2));
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
    /* VERBOSE names each relation's schema: one table name may be in two listed schemas */
    strbuf_puts(&call, e->nmap ? "EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE schemac_explain"
                               : "EXPLAIN (FORMAT JSON) EXECUTE schemac_explain");
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
static size_t ex__columns(ex *e, const char *sql, const char *from, const char *to, const ir_table *t, int rank,
                          icol *out, size_t n, size_t max)
{
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
            if (ex__alias_table(e, sql, alias) != t)
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
static const char *ex__propose(ex *e, const char *sql, const ir_table *table, bool for_sort, const char **sql_cols)
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
    const ir_table *t = table;
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
static int ex__verify(ex *e, const char *sql, const ir_table *t, const char *cols, bool sort, bool *gone,
                      const char **after)
{
    *gone = false;
    *after = NULL;
    const char *table = t->name;
    if (ex__exec(e, arena_printf(e->a, "CREATE INDEX schemac_explain_probe ON %s (%s)",
                                 ddl_qualified(e->a, t->schema, t->name), cols)) != 0)
        return -1;
    plan p;
    int rc = ex__plan(e, sql, &p);
    if (rc == 0) {
        bool still = false;
        if (sort)
            still = p.sort_line != NULL;
        else
            for (size_t i = 0; i < p.nscans; i++)
                still = still || p.scans[i] == t;
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
    const char *probe = ddl_qualified(e->a, t->schema, "schemac_explain_probe");
    if (ex__exec(e, arena_printf(e->a, "DROP INDEX %s", probe)) != 0)
        return -1;
    return rc;
}

static void ex__add(ex *e, explain_kind k, const explain_query *q, const char *qname, const ir_table *t,
                    const char *line, const char *proposal, bool verified, const char *after)
{
    /* the table as the database names it: its listed schema, not the scratch one */
    const char *table = ir_qualified_name(e->a, ex__to_real(e, t->schema), t->name);
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
    f->model = t->model ? t->model : table;
    f->plan = line;
    f->proposal = proposal;
    f->verified = verified;
    f->after = after;
}

static int ex__query(ex *e, const explain_query *q)
{
    const char *sql = e->pq ? ex__scratch_sql(e, q->pg) : q->sqlite;
    plan p;
    if (ex__plan(e, sql, &p) != 0) {
        e->err = arena_printf(e->a, "%s: %s", q->name, e->err);
        return -1;
    }
    bool filtered = strstr(sql, " WHERE ") || strstr(sql, " JOIN ");
    for (size_t i = 0; filtered && i < p.nscans; i++) {
        const ir_table *t = p.scans[i], *table = t;
        bool dup = false;
        for (size_t k = 0; k < i; k++)
            dup = dup || p.scans[k] == t;
        if (dup || t->kind == IR_TABLE_JOIN)
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
            if (t->kind == IR_TABLE_JOIN || !strstr(sql, ddl_qualified(e->a, t->schema, t->name)))
                continue;
            const char *cols = NULL;
            const char *prop = ex__propose(e, sql, t, true, &cols);
            const char *order = strstr(sql, " ORDER BY ");
            if (!prop || !order)
                continue;
            bool gone;
            const char *after;
            if (ex__verify(e, sql, t, cols, true, &gone, &after) != 0)
                return -1;
            if (gone) { /* a sort no index removes is the query's own (a loader's key order) */
                ex__add(e, EXPLAIN_TEMP_SORT, q, NULL, t, p.sort_line, prop, true, after);
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
            if (ex__verify(e, strbuf_str(&sql), t, strbuf_str(&cols), false, &gone, &after) != 0)
                return -1;
            ex__add(e, EXPLAIN_FK_NO_INDEX, NULL, arena_printf(e->a, "foreign key %s", f->name ? f->name : ""),
                    t, line, strbuf_str(&prop), gone, after);
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
        if (s->nschemas) {
            e.nmap = s->nschemas;
            e.real = s->schemas;
            e.scratch = ARENA_ARRAY(a, const char *, s->nschemas);
            for (size_t i = 0; i < s->nschemas; i++)
                e.scratch[i] = arena_printf(a, "%s_%zu", schema, i + 1);
            e.s = ex__scratch_model(&e, s);
        }
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
    if (rc == 0 && ex__exec(&e, ddl_create_script(a, d, e.s)) != 0) {
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
