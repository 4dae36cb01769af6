/*
 * introspect_ddl_sqlite.c - SQL DDL files read into the model on SQLite:
 * SQLite itself runs them on an in-memory database (double-quoted strings
 * off), one statement at a time, and introspection reads the result back
 * (introspect.h). Declared types map as sqlc maps them; views are noted
 * with the statement that created them, so the queries stage can type
 * their SELECT and point into the file.
 */
#include "introspect/introspect.h"
#include "introspect/introspect_internal.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "base/sqlscan.h"

/* A declared type as sqlc reads it, then by SQLite's affinity rules; Unsupported for the rest. */
static sc_scalar sd__type(const char *decl)
{
    if (!decl)
        return SC_SCALAR_UNSUPPORTED;
    char t[64];
    size_t n = 0;
    for (const char *p = decl; *p && *p != '(' && n + 1 < sizeof t; p++)
        if (!isspace((unsigned char)*p))
            t[n++] = (char)tolower((unsigned char)*p);
    t[n] = '\0';
    if (n == 0)
        return SC_SCALAR_UNSUPPORTED;
    static const struct {
        const char *name;
        sc_scalar scalar;
        bool prefix;
    } names[] = {
        {"boolean", SC_SCALAR_BOOLEAN, false},  {"bool", SC_SCALAR_BOOLEAN, false},
        {"date", SC_SCALAR_DATETIME, false},    {"datetime", SC_SCALAR_DATETIME, false},
        {"timestamp", SC_SCALAR_DATETIME, false}, {"json", SC_SCALAR_JSON, false},
        {"jsonb", SC_SCALAR_JSON, false},       {"decimal", SC_SCALAR_DECIMAL, true},
        {"numeric", SC_SCALAR_DECIMAL, true},   {"blob", SC_SCALAR_BYTES, false},
        {"real", SC_SCALAR_FLOAT, false},       {"double", SC_SCALAR_FLOAT, false},
        {"doubleprecision", SC_SCALAR_FLOAT, false}, {"float", SC_SCALAR_FLOAT, false},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].prefix ? strncmp(t, names[i].name, strlen(names[i].name)) == 0 : strcmp(t, names[i].name) == 0)
            return names[i].scalar;
    /* SQLite's affinity rules (datatype3.html, 3.1), in their order. */
    if (strstr(t, "int"))
        return SC_SCALAR_BIGINT;
    if (strstr(t, "char") || strstr(t, "clob") || strstr(t, "text"))
        return SC_SCALAR_STRING;
    if (strstr(t, "blob"))
        return SC_SCALAR_BYTES;
    if (strstr(t, "real") || strstr(t, "floa") || strstr(t, "doub"))
        return SC_SCALAR_FLOAT;
    return SC_SCALAR_UNSUPPORTED;
}

typedef struct sd__made {
    const char *name;
    uint32_t file;
    size_t at, end; /* the CREATE VIEW statement */
} sd__made;

typedef struct sd__ctx {
    arena *a;
    const sc_sources *src;
    sc_diags *diags;
    size_t errors;
    const char *creating; /* the view the statement being prepared creates */
    sd__made *made;
    size_t nmade;
} sd__ctx;

static int sd__auth(void *p, int action, const char *a1, const char *a2, const char *db, const char *trigger)
{
    (void)a2;
    (void)trigger;
    sd__ctx *c = p;
    if (action == SQLITE_CREATE_VIEW && a1 && (!db || strcmp(db, "main") == 0))
        c->creating = arena_strdup(c->a, a1);
    return SQLITE_OK;
}

static sc_span sd__span(const sd__ctx *c, uint32_t file, size_t at, size_t end)
{
    sc_span s = {file, (uint32_t)at, (uint32_t)(end > at ? end : at + 1), 0, 0};
    source_position(&c->src->files[file], at, &s.line, &s.col);
    return s;
}

/* The first token at or after AT that is not a blank or a comment (its offset), else END. */
static size_t sd__skip(const char *text, size_t at, size_t end)
{
    sqlscan s;
    sqlscan_init(&s, SQLSCAN_SQLITE, text + at, end - at);
    for (;;) {
        sqltok t = sqlscan_next(&s);
        if (t.kind == SQLTOK_END || t.kind == SQLTOK_ERROR)
            return end;
        if (t.kind != SQLTOK_SPACE && t.kind != SQLTOK_LINE_COMMENT && t.kind != SQLTOK_BLOCK_COMMENT)
            return at + t.start;
    }
}

/* The end of the statement starting at AT: past its top-level ';', else END. */
static size_t sd__statement_end(const char *text, size_t at, size_t end)
{
    sqlscan s;
    sqlscan_init(&s, SQLSCAN_SQLITE, text + at, end - at);
    for (;;) {
        sqltok t = sqlscan_next(&s);
        if (t.kind == SQLTOK_END || t.kind == SQLTOK_ERROR)
            return end;
        if (t.kind == SQLTOK_SEMICOLON)
            return at + t.start + 1;
    }
}

/*
 * Whether the statement at AT changes the schema. Queries, data and
 * transaction statements in a schema file are read past, as sqlc does:
 * a query file listed among the schema files, or seed rows, change nothing
 * the model holds.
 */
static bool sd__is_ddl(const char *text, size_t at, size_t end)
{
    static const char *const skip[] = {"SELECT", "INSERT", "UPDATE", "DELETE",   "REPLACE", "WITH",   "VALUES",
                                       "EXPLAIN", "ANALYZE", "VACUUM", "REINDEX", "ATTACH",  "DETACH", "BEGIN",
                                       "COMMIT",  "END",     "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA"};
    size_t start = sd__skip(text, at, end);
    size_t n = 0;
    while (start + n < end && (isalpha((unsigned char)text[start + n])))
        n++;
    for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
        if (n == strlen(skip[i]) && strncasecmp(text + start, skip[i], n) == 0)
            return false;
    return true;
}

static void sd__file(sd__ctx *c, sqlite3 *db, const introspect_ddl_file *f)
{
    const char *text = c->src->files[f->file].text;
    size_t len = f->len;
    size_t pos = 0;
    while (pos < len) {
        if (!sd__is_ddl(text, pos, len)) {
            size_t next = sd__statement_end(text, sd__skip(text, pos, len), len);
            pos = next > pos ? next : len;
            continue;
        }
        sqlite3_stmt *st = NULL;
        const char *tail = NULL;
        c->creating = NULL;
        int rc = sqlite3_prepare_v3(db, text + pos, (int)(len - pos), 0, &st, &tail);
        if (rc != SQLITE_OK) {
            int off = sqlite3_error_offset(db);
            size_t start = sd__skip(text, pos, len);
            size_t at = off >= 0 ? pos + (size_t)off : start;
            if (at >= len)
                at = start < len ? start : (len ? len - 1 : 0);
            diag_error(c->diags, sd__span(c, f->file, at, at + 1), "schema-sql", "SQLite: %s", sqlite3_errmsg(db));
            c->errors++;
            sqlite3_finalize(st);
            size_t next = sd__statement_end(text, start, len);
            pos = next > pos ? next : len;
            continue;
        }
        size_t next = tail ? (size_t)(tail - text) : len;
        if (!st) {
            pos = next > pos ? next : len;
            continue;
        }
        size_t start = sd__skip(text, pos, next);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            ;
        if (rc != SQLITE_DONE) {
            diag_error(c->diags, sd__span(c, f->file, start, start + 1), "schema-sql", "SQLite: %s",
                       sqlite3_errmsg(db));
            c->errors++;
        } else if (c->creating) {
            c->made = arena_grow(c->a, c->made, c->nmade * sizeof *c->made, (c->nmade + 1) * sizeof *c->made);
            c->made[c->nmade++] = (sd__made){c->creating, f->file, start, next};
        }
        sqlite3_finalize(st);
        pos = next > pos ? next : len;
    }
}

static bool sd__word(const char *text, const sqltok *t, const char *w)
{
    return t->kind == SQLTOK_WORD && t->len == strlen(w) && strncasecmp(text + t->start, w, t->len) == 0;
}

static const char *sd__ident(arena *a, const char *text, const sqltok *t)
{
    if (t->kind != SQLTOK_QUOTED_IDENT)
        return arena_strndup(a, text + t->start, t->len);
    char close = text[t->start] == '[' ? ']' : text[t->start];
    char *out = arena_alloc(a, t->len + 1);
    size_t o = 0;
    for (size_t i = t->start + 1; i + 1 < t->start + t->len; i++) {
        out[o++] = text[i];
        if (close != ']' && text[i] == close && text[i + 1] == close)
            i++;
    }
    out[o] = '\0';
    return out;
}

/* Where the SELECT of a CREATE VIEW statement is, its column names, its name's place. */
static void sd__view_text(sd__ctx *c, const sd__made *m, introspect_view *v)
{
    const char *text = c->src->files[m->file].text;
    sqlscan s;
    sqlscan_init(&s, SQLSCAN_SQLITE, text + m->at, m->end - m->at);
    sqltok toks[256];
    size_t n = 0;
    for (;;) {
        sqltok t = sqlscan_next(&s);
        if (t.kind == SQLTOK_END || t.kind == SQLTOK_ERROR)
            break;
        if (t.kind == SQLTOK_SPACE || t.kind == SQLTOK_LINE_COMMENT || t.kind == SQLTOK_BLOCK_COMMENT)
            continue;
        t.start += m->at;
        if (n < sizeof toks / sizeof toks[0])
            toks[n++] = t;
        if (sd__word(text, &t, "AS"))
            break;
    }
    v->span = sd__span(c, m->file, m->at, m->at + 1);
    size_t i = 0;
    while (i < n && !sd__word(text, &toks[i], "VIEW"))
        i++;
    for (i++; i < n && toks[i].kind != SQLTOK_LPAREN && !sd__word(text, &toks[i], "AS"); i++)
        if (toks[i].kind == SQLTOK_WORD || toks[i].kind == SQLTOK_QUOTED_IDENT) {
            if (sd__word(text, &toks[i], "IF") || sd__word(text, &toks[i], "NOT") || sd__word(text, &toks[i], "EXISTS"))
                continue;
            v->span = sd__span(c, m->file, toks[i].start, toks[i].start + toks[i].len);
        }
    if (i < n && toks[i].kind == SQLTOK_LPAREN) {
        v->aliases = ARENA_ARRAY(c->a, const char *, n);
        for (i++; i < n && toks[i].kind != SQLTOK_RPAREN; i++)
            if (toks[i].kind == SQLTOK_WORD || toks[i].kind == SQLTOK_QUOTED_IDENT)
                v->aliases[v->naliases++] = sd__ident(c->a, text, &toks[i]);
    }
    size_t at = n && sd__word(text, &toks[n - 1], "AS") ? toks[n - 1].start + 2 : m->end;
    size_t end = m->end;
    while (end > at && (isspace((unsigned char)text[end - 1]) || text[end - 1] == ';'))
        end--;
    at = sd__skip(text, at, end);
    v->file = m->file;
    v->at = at;
    v->len = end > at ? end - at : 0;
}

static void sd__views(sd__ctx *c, sqlite3 *db, introspect_views *views)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'view' ORDER BY rowid", -1, &st, NULL) !=
        SQLITE_OK)
        return;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = arena_strdup(c->a, (const char *)sqlite3_column_text(st, 0));
        const sd__made *m = NULL;
        for (size_t i = c->nmade; i-- > 0 && !m;)
            if (strcasecmp(c->made[i].name, name) == 0)
                m = &c->made[i];
        if (!m)
            continue;
        views->items = arena_grow(c->a, views->items, views->n * sizeof *views->items,
                                  (views->n + 1) * sizeof *views->items);
        introspect_view *v = &views->items[views->n++];
        memset(v, 0, sizeof *v);
        v->name = name;
        sd__view_text(c, m, v);
        sqlite3_stmt *cs = NULL;
        if (sqlite3_prepare_v2(db, "SELECT name, type FROM pragma_table_xinfo(?1) ORDER BY cid", -1, &cs, NULL) !=
            SQLITE_OK)
            continue;
        sqlite3_bind_text(cs, 1, name, -1, SQLITE_STATIC);
        while (sqlite3_step(cs) == SQLITE_ROW) {
            v->columns = arena_grow(c->a, v->columns, v->ncolumns * sizeof *v->columns,
                                    (v->ncolumns + 1) * sizeof *v->columns);
            ir_column *col = &v->columns[v->ncolumns++];
            memset(col, 0, sizeof *col);
            col->name = arena_strdup(c->a, (const char *)sqlite3_column_text(cs, 0));
            const char *decl = (const char *)sqlite3_column_text(cs, 1);
            col->db_type = arena_strdup(c->a, decl ? decl : "");
            col->scalar = sd__type(decl);
            if (col->scalar == SC_SCALAR_UNSUPPORTED)
                col->unsupported = col->db_type;
            col->nullable = true;
        }
        sqlite3_finalize(cs);
    }
    sqlite3_finalize(st);
}

/*
 * Key columns SQLite never lets be NULL: a rowid alias (a one-column INTEGER
 * PRIMARY KEY) and the key of a WITHOUT ROWID table. Other key columns
 * declared without NOT NULL may hold NULL in SQLite and stay nullable.
 */
static void sd__key_not_null(sqlite3 *db, ir_schema *s)
{
    for (size_t i = 0; i < s->ntables; i++) {
        ir_table *t = &s->tables[i];
        if (!t->has_pk)
            continue;
        bool without_rowid = false;
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db, "SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?1", -1, &st,
                               NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
            without_rowid = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
        }
        sqlite3_finalize(st);
        for (size_t k = 0; k < t->pk.ncolumns; k++) {
            ir_column *c = ir_find_column(t, t->pk.columns[k]);
            if (c && (without_rowid || (t->pk.ncolumns == 1 && c->db_type && strcasecmp(c->db_type, "INTEGER") == 0)))
                c->nullable = false;
        }
    }
}

/*
 * A UNIQUE constraint's index is named sqlite_autoindex_T_N, a name no
 * CREATE INDEX may use: give it the name a schema would (T_cols_key), so
 * the model's DDL builds again.
 */
static void sd__autoindex_names(arena *a, ir_schema *s)
{
    for (size_t i = 0; i < s->ntables; i++) {
        ir_table *t = &s->tables[i];
        for (size_t k = 0; k < t->nindexes; k++) {
            ir_index *x = &t->indexes[k];
            if (strncmp(x->name, "sqlite_autoindex_", 17) != 0)
                continue;
            const char **cols = ARENA_ARRAY(a, const char *, x->ncolumns + 1);
            for (size_t c = 0; c < x->ncolumns; c++)
                cols[c] = x->columns[c].name;
            const char *name = ir_constraint_name(a, t->name, cols, x->ncolumns, "key", 0);
            for (int n = 1; ir_find_index(t, name); n++)
                name = arena_printf(a, "%s%d", ir_constraint_name(a, t->name, cols, x->ncolumns, "key", 0), n);
            x->name = name;
        }
    }
    ir_canonicalize(s);
}

size_t introspect_ddl_sqlite(ir_schema *out, introspect_views *views, arena *a, const sc_sources *src,
                             sc_diags *diags, const introspect_ddl_file *files, size_t nfiles)
{
    memset(out, 0, sizeof *out);
    out->provider = IR_PROVIDER_SQLITE;
    memset(views, 0, sizeof *views);
    sd__ctx c = {a, src, diags, 0, NULL, NULL, 0};
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        diag_io_error(diags, "SQLite could not open an in-memory database");
        sqlite3_close(db);
        return 1;
    }
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)NULL);
    sqlite3_set_authorizer(db, sd__auth, &c);
    for (size_t i = 0; i < nfiles; i++)
        sd__file(&c, db, &files[i]);
    sqlite3_set_authorizer(db, NULL, NULL);
    const char *err = NULL;
    if (introspect_sqlite_mapped(out, a, db, sd__type, &err) != 0) {
        diag_io_error(diags, "reading the schema back from SQLite: %s", err ? err : "?");
        c.errors++;
    } else {
        sd__key_not_null(db, out);
        sd__autoindex_names(a, out);
        sd__views(&c, db, views);
    }
    sqlite3_close(db);
    out->provider = IR_PROVIDER_SQLITE;
    return c.errors;
}
