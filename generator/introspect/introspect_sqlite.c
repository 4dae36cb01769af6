/*
 * introspect_sqlite.c - a live SQLite database back into the model.
 *
 * The pragmas give columns, keys, indexes and foreign keys. What they leave
 * out (AUTOINCREMENT, CHECK constraints, constraint names, the WHERE of a
 * partial index) is read from the CREATE text SQLite stores verbatim, with
 * a small tokenizer that understands quoting and nesting, nothing more.
 */
#include "introspect/introspect.h"
#include "introspect/introspect_internal.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- tokens of stored CREATE text */

typedef struct sq__tok {
    const char *p; /* start in the text */
    size_t n;
    char kind;     /* 'w' word, 'q' quoted identifier, 's' string, '(' ')' ',' or 'o' other */
} sq__tok;

typedef struct sq__toks {
    sq__tok *v;
    size_t n, cap;
} sq__toks;

static void sq__push(arena *a, sq__toks *t, const char *p, size_t n, char kind)
{
    if (t->n == t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 64;
        t->v = arena_grow(a, t->v, t->cap * sizeof(sq__tok), ncap * sizeof(sq__tok));
        t->cap = ncap;
    }
    t->v[t->n++] = (sq__tok){p, n, kind};
}

static void sq__tokenize(arena *a, const char *s, sq__toks *out)
{
    memset(out, 0, sizeof(*out));
    size_t i = 0, n = strlen(s);
    while (i < n) {
        char c = s[i];
        if (isspace((unsigned char)c)) {
            i++;
        } else if (c == '-' && i + 1 < n && s[i + 1] == '-') {
            while (i < n && s[i] != '\n')
                i++;
        } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            i += 2;
            while (i + 1 < n && !(s[i] == '*' && s[i + 1] == '/'))
                i++;
            i += 2;
        } else if (c == '"' || c == '`' || c == '\'' || c == '[') {
            char close = c == '[' ? ']' : c;
            size_t j = i + 1;
            while (j < n) {
                if (s[j] == close) {
                    if (close != ']' && j + 1 < n && s[j + 1] == close) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                j++;
            }
            size_t end = j < n ? j + 1 : n;
            sq__push(a, out, s + i, end - i, c == '\'' ? 's' : 'q');
            i = end;
        } else if (c == '(' || c == ')' || c == ',') {
            sq__push(a, out, s + i, 1, c);
            i++;
        } else if (isalnum((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80) {
            size_t j = i;
            while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '_' || s[j] == '$' || (unsigned char)s[j] >= 0x80))
                j++;
            sq__push(a, out, s + i, j - i, 'w');
            i = j;
        } else {
            sq__push(a, out, s + i, 1, 'o');
            i++;
        }
    }
}

static bool sq__is(const sq__tok *t, const char *word)
{
    return t->kind == 'w' && strlen(word) == t->n && strncasecmp(t->p, word, t->n) == 0;
}

/* The name a word or quoted token stands for. */
static const char *sq__name(arena *a, const sq__tok *t)
{
    if (t->kind != 'q')
        return arena_strndup(a, t->p, t->n);
    char q = t->p[0], close = q == '[' ? ']' : q;
    char *out = arena_alloc(a, t->n + 1);
    size_t o = 0;
    for (size_t i = 1; i + 1 < t->n; i++) {
        out[o++] = t->p[i];
        if (close != ']' && t->p[i] == close && t->p[i + 1] == close)
            i++;
    }
    out[o] = '\0';
    return out;
}

/* Index of the token closing the parenthesis opened at OPEN, or t->n. */
static size_t sq__close(const sq__toks *t, size_t open)
{
    size_t depth = 0;
    for (size_t i = open; i < t->n; i++) {
        if (t->v[i].kind == '(')
            depth++;
        else if (t->v[i].kind == ')' && --depth == 0)
            return i;
    }
    return t->n;
}

/* The source text between tokens FROM and TO (inclusive). */
static const char *sq__text(arena *a, const sq__toks *t, size_t from, size_t to)
{
    if (from > to || to >= t->n)
        return arena_strdup(a, "");
    const char *start = t->v[from].p;
    const char *end = t->v[to].p + t->v[to].n;
    return arena_strndup(a, start, (size_t)(end - start));
}

/* What the CREATE TABLE text adds to the pragmas. */
typedef struct sq__create_info {
    const char **autoinc; /* columns declared AUTOINCREMENT */
    size_t nautoinc;
    ir_check *checks;
    size_t nchecks;
    struct sq__fk_name {
        const char *name;
        const char **cols;
        size_t ncols;
    } *fk_names;
    size_t nfk_names;
    /* What pragma_table_xinfo leaves out of a column: COLLATE and the generation expression. */
    struct sq__col_extra {
        const char *column;
        const char *collate;   /* NULL: BINARY */
        const char *generated; /* the expression of AS (...), NULL for a stored value */
    } *extras;
    size_t nextras;
} sq__create_info;

static struct sq__col_extra *sq__extra(arena *a, sq__create_info *ci, const char *column)
{
    for (size_t i = 0; i < ci->nextras; i++)
        if (strcmp(ci->extras[i].column, column) == 0)
            return &ci->extras[i];
    ci->extras = arena_grow(a, ci->extras, ci->nextras * sizeof(*ci->extras), (ci->nextras + 1) * sizeof(*ci->extras));
    struct sq__col_extra *e = &ci->extras[ci->nextras++];
    e->column = column;
    e->collate = NULL;
    e->generated = NULL;
    return e;
}

static const struct sq__col_extra *sq__find_extra(const sq__create_info *ci, const char *column)
{
    for (size_t i = 0; column && i < ci->nextras; i++)
        if (strcmp(ci->extras[i].column, column) == 0)
            return &ci->extras[i];
    return NULL;
}

static void sq__add_check(arena *a, sq__create_info *ci, const char *name, const char *expr)
{
    ci->checks = arena_grow(a, ci->checks, ci->nchecks * sizeof(ir_check), (ci->nchecks + 1) * sizeof(ir_check));
    ci->checks[ci->nchecks].name = name;
    ci->checks[ci->nchecks].expr = expr;
    ci->nchecks++;
}

/* One item of the CREATE TABLE list: tokens [from, to). */
static void sq__table_item(arena *a, const sq__toks *t, size_t from, size_t to, sq__create_info *ci)
{
    if (from >= to)
        return;
    const sq__tok *first = &t->v[from];
    bool constraint = sq__is(first, "CONSTRAINT") || sq__is(first, "PRIMARY") || sq__is(first, "UNIQUE") ||
                      sq__is(first, "CHECK") || sq__is(first, "FOREIGN");
    const char *column = constraint ? NULL : sq__name(a, first);
    const char *pending_name = NULL;
    for (size_t i = constraint ? from : from + 1; i < to; i++) {
        const sq__tok *k = &t->v[i];
        if (k->kind == '(') {
            i = sq__close(t, i);
            continue;
        }
        if (sq__is(k, "CONSTRAINT") && i + 1 < to) {
            pending_name = sq__name(a, &t->v[i + 1]);
            i++;
            continue;
        }
        if (sq__is(k, "COLLATE") && column && i + 1 < to) {
            sq__extra(a, ci, column)->collate = sq__name(a, &t->v[i + 1]);
            i++;
        } else if (sq__is(k, "AS") && column && i + 1 < to && t->v[i + 1].kind == '(') {
            /* [GENERATED ALWAYS] AS (expr): a generated column. */
            size_t close = sq__close(t, i + 1);
            sq__extra(a, ci, column)->generated = sq__text(a, t, i + 2, close - 1);
            i = close;
        } else if (sq__is(k, "AUTOINCREMENT") && column) {
            ci->autoinc = arena_grow(a, ci->autoinc, ci->nautoinc * sizeof(char *), (ci->nautoinc + 1) * sizeof(char *));
            ci->autoinc[ci->nautoinc++] = column;
        } else if (sq__is(k, "CHECK") && i + 1 < to && t->v[i + 1].kind == '(') {
            size_t close = sq__close(t, i + 1);
            sq__add_check(a, ci, pending_name, sq__text(a, t, i + 2, close - 1));
            pending_name = NULL;
            i = close;
        } else if (sq__is(k, "FOREIGN") && i + 2 < to && t->v[i + 2].kind == '(') {
            size_t close = sq__close(t, i + 2);
            struct sq__fk_name fk = {pending_name, NULL, 0};
            for (size_t j = i + 3; j < close; j++) {
                if (t->v[j].kind == ',')
                    continue;
                fk.cols = arena_grow(a, fk.cols, fk.ncols * sizeof(char *), (fk.ncols + 1) * sizeof(char *));
                fk.cols[fk.ncols++] = sq__name(a, &t->v[j]);
            }
            ci->fk_names = arena_grow(a, ci->fk_names, ci->nfk_names * sizeof(fk), (ci->nfk_names + 1) * sizeof(fk));
            ci->fk_names[ci->nfk_names++] = fk;
            pending_name = NULL;
            i = close;
        } else if (sq__is(k, "REFERENCES") && column) {
            /* A column-level foreign key: named only through a preceding CONSTRAINT. */
            struct sq__fk_name fk = {pending_name, NULL, 1};
            fk.cols = arena_alloc(a, sizeof(char *));
            fk.cols[0] = column;
            ci->fk_names = arena_grow(a, ci->fk_names, ci->nfk_names * sizeof(fk), (ci->nfk_names + 1) * sizeof(fk));
            ci->fk_names[ci->nfk_names++] = fk;
            pending_name = NULL;
        } else if (sq__is(k, "PRIMARY") || sq__is(k, "UNIQUE") || sq__is(k, "NOT") || sq__is(k, "DEFAULT")) {
            pending_name = NULL;
        }
    }
}

static void sq__parse_create_table(arena *a, const char *sql, sq__create_info *ci)
{
    memset(ci, 0, sizeof(*ci));
    if (!sql)
        return;
    sq__toks t;
    sq__tokenize(a, sql, &t);
    size_t open = 0;
    while (open < t.n && t.v[open].kind != '(')
        open++;
    size_t close = sq__close(&t, open);
    size_t start = open + 1, depth = 0;
    for (size_t i = open + 1; i <= close && i < t.n; i++) {
        if (t.v[i].kind == '(')
            depth++;
        else if (t.v[i].kind == ')' && depth)
            depth--;
        else if ((t.v[i].kind == ',' && depth == 0) || i == close) {
            sq__table_item(a, &t, start, i, ci);
            start = i + 1;
        }
    }
}

/* The WHERE clause of a stored CREATE INDEX, or NULL. */
static const char *sq__index_where(arena *a, const char *sql)
{
    if (!sql)
        return NULL;
    sq__toks t;
    sq__tokenize(a, sql, &t);
    size_t depth = 0;
    for (size_t i = 0; i < t.n; i++) {
        if (t.v[i].kind == '(')
            depth++;
        else if (t.v[i].kind == ')' && depth)
            depth--;
        else if (depth == 0 && sq__is(&t.v[i], "WHERE") && i + 1 < t.n) {
            size_t last = t.n - 1;
            if (t.v[last].kind == 'o' && t.v[last].p[0] == ';')
                last--;
            return sq__text(a, &t, i + 1, last);
        }
    }
    return NULL;
}

/* ---------------------------------------------------------------- reading */

typedef struct sq__ctx {
    arena *a;
    sqlite3 *db;
    const char *err;
    introspect_sqlite_type_fn map; /* declared type -> scalar */
} sq__ctx;

static sqlite3_stmt *sq__prepare(sq__ctx *c, const char *sql, const char *arg)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
        if (!c->err)
            c->err = arena_printf(c->a, "sqlite: %s", sqlite3_errmsg(c->db));
        return NULL;
    }
    if (arg)
        sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
    return st;
}

static const char *sq__col(sq__ctx *c, sqlite3_stmt *st, int i)
{
    const unsigned char *v = sqlite3_column_text(st, i);
    return v ? arena_strdup(c->a, (const char *)v) : NULL;
}

/* Declared type -> scalar, the inverse of ddl_sqlite.c's mapping. */
static sc_scalar sq__scalar_of(const char *decl)
{
    static const struct {
        const char *decl;
        sc_scalar scalar;
    } map[] = {
        {"TEXT", SC_SCALAR_STRING},     {"BOOLEAN", SC_SCALAR_BOOLEAN}, {"INTEGER", SC_SCALAR_INT},
        {"BIGINT", SC_SCALAR_BIGINT},   {"REAL", SC_SCALAR_FLOAT},      {"DECIMAL", SC_SCALAR_DECIMAL},
        {"DATETIME", SC_SCALAR_DATETIME}, {"JSONB", SC_SCALAR_JSON},    {"BLOB", SC_SCALAR_BYTES},
    };
    for (size_t i = 0; decl && i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(decl, map[i].decl) == 0)
            return map[i].scalar;
    return SC_SCALAR_UNSUPPORTED;
}

static void sq__columns(sq__ctx *c, ir_table *t, const sq__create_info *ci)
{
    sqlite3_stmt *st = sq__prepare(c,
                                   "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?1) "
                                   "WHERE hidden IN (0, 2, 3) ORDER BY cid",
                                   t->name);
    if (!st)
        return;
    size_t cap = 8;
    t->columns = ARENA_ARRAY(c->a, ir_column, cap);
    int pk_pos[256];
    const char *pk_cols[256];
    size_t npk = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (t->ncolumns == cap) {
            t->columns = arena_grow(c->a, t->columns, cap * sizeof(ir_column), cap * 2 * sizeof(ir_column));
            cap *= 2;
        }
        ir_column *col = &t->columns[t->ncolumns++];
        col->name = sq__col(c, st, 0);
        const char *decl = sq__col(c, st, 1);
        col->db_type = decl ? decl : "";
        col->scalar = c->map(decl);
        if (col->scalar == SC_SCALAR_UNSUPPORTED)
            col->unsupported = decl ? decl : "";
        col->nullable = sqlite3_column_int(st, 2) == 0;
        ir_default_parse(&col->dflt, c->a, sq__col(c, st, 3), col->scalar, false);
        /*
         * The model has no generated columns and no collations: keep them as
         * an unsupported type whose text is their DDL, so that a comparison
         * with the schema reports them and re-created DDL keeps them, rather
         * than reading a plain column (a rebuild would then try to copy into
         * a generated column, or drop the collation a unique index relies on).
         */
        int hidden = sqlite3_column_int(st, 5);
        const struct sq__col_extra *ex = sq__find_extra(ci, col->name);
        bool collated = ex && ex->collate && strcasecmp(ex->collate, "BINARY") != 0;
        if (collated || hidden == 2 || hidden == 3) {
            const char *type = decl ? decl : "";
            if (collated)
                type = arena_printf(c->a, "%s%sCOLLATE %s", type, *type ? " " : "", ex->collate);
            if (hidden == 2 || hidden == 3)
                type = arena_printf(c->a, "%s%sGENERATED ALWAYS AS (%s) %s", type, *type ? " " : "",
                                    ex && ex->generated ? ex->generated : "?", hidden == 3 ? "STORED" : "VIRTUAL");
            col->scalar = SC_SCALAR_UNSUPPORTED;
            col->unsupported = type;
            col->db_type = type;
            col->dflt.kind = IR_DEFAULT_NONE;
        }
        int pk = sqlite3_column_int(st, 4);
        if (pk > 0 && npk < 256) {
            pk_pos[npk] = pk;
            pk_cols[npk++] = col->name;
        }
        for (size_t k = 0; k < ci->nautoinc; k++)
            if (strcmp(ci->autoinc[k], col->name) == 0)
                col->dflt.kind = IR_DEFAULT_AUTOINCREMENT;
    }
    sqlite3_finalize(st);
    /* INTEGER PRIMARY KEY is the rowid: never NULL, with or without NOT NULL written */
    if (npk == 1)
        for (size_t i = 0; i < t->ncolumns; i++)
            if (strcmp(t->columns[i].name, pk_cols[0]) == 0 && strcasecmp(t->columns[i].db_type, "INTEGER") == 0)
                t->columns[i].nullable = false;
    if (npk) {
        t->has_pk = true;
        t->pk.ncolumns = npk;
        t->pk.columns = ARENA_ARRAY(c->a, const char *, npk);
        /* pragma_table_xinfo numbers key columns 1..n in key order. */
        for (size_t i = 0; i < npk; i++) {
            size_t at = (size_t)pk_pos[i] - 1;
            t->pk.columns[at < npk ? at : i] = pk_cols[i];
        }
    }
}

static void sq__indexes(sq__ctx *c, ir_table *t, const sq__create_info *ci)
{
    sqlite3_stmt *st = sq__prepare(c,
                                   "SELECT l.name, l.\"unique\", s.sql FROM pragma_index_list(?1) l "
                                   "LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = l.name "
                                   "WHERE l.origin <> 'pk' ORDER BY l.name",
                                   t->name);
    if (!st)
        return;
    size_t cap = 4;
    t->indexes = ARENA_ARRAY(c->a, ir_index, cap);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (t->nindexes == cap) {
            t->indexes = arena_grow(c->a, t->indexes, cap * sizeof(ir_index), cap * 2 * sizeof(ir_index));
            cap *= 2;
        }
        ir_index *x = &t->indexes[t->nindexes++];
        x->name = sq__col(c, st, 0);
        x->unique = sqlite3_column_int(st, 1) != 0;
        x->where = sq__index_where(c->a, sq__col(c, st, 2));
        sqlite3_stmt *cs = sq__prepare(c, "SELECT name, \"desc\", coll FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno",
                                       x->name);
        if (!cs)
            continue;
        size_t ccap = 4;
        x->columns = ARENA_ARRAY(c->a, ir_index_column, ccap);
        while (sqlite3_step(cs) == SQLITE_ROW) {
            if (x->ncolumns == ccap) {
                x->columns = arena_grow(c->a, x->columns, ccap * sizeof(ir_index_column),
                                        ccap * 2 * sizeof(ir_index_column));
                ccap *= 2;
            }
            ir_index_column *ic = &x->columns[x->ncolumns++];
            ic->name = sq__col(c, cs, 0);
            if (!ic->name)
                ic->name = "<expression>";
            /* A collation other than the column's own has no place in the model: say so in the name. */
            const char *coll = sq__col(c, cs, 2);
            const struct sq__col_extra *ex = sq__find_extra(ci, ic->name);
            const char *own = ex && ex->collate ? ex->collate : "BINARY";
            if (coll && strcasecmp(coll, own) != 0)
                ic->name = arena_printf(c->a, "<%s COLLATE %s>", ic->name, coll);
            ic->sort = sqlite3_column_int(cs, 1) ? IR_SORT_DESC : IR_SORT_ASC;
        }
        sqlite3_finalize(cs);
    }
    sqlite3_finalize(st);
}

static ir_action sq__action(const char *s)
{
    if (!s)
        return IR_ACTION_NO_ACTION;
    if (strcasecmp(s, "CASCADE") == 0)
        return IR_ACTION_CASCADE;
    if (strcasecmp(s, "RESTRICT") == 0)
        return IR_ACTION_RESTRICT;
    if (strcasecmp(s, "SET NULL") == 0)
        return IR_ACTION_SET_NULL;
    if (strcasecmp(s, "SET DEFAULT") == 0)
        return IR_ACTION_SET_DEFAULT;
    return IR_ACTION_NO_ACTION;
}

static void sq__foreign_keys(sq__ctx *c, ir_schema *s, ir_table *t, const sq__create_info *ci)
{
    sqlite3_stmt *st = sq__prepare(c,
                                   "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete "
                                   "FROM pragma_foreign_key_list(?1) ORDER BY id, seq",
                                   t->name);
    if (!st)
        return;
    int last = -1;
    ir_foreign_key *f = NULL;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int id = sqlite3_column_int(st, 0);
        if (id != last || !f) {
            t->fks = arena_grow(c->a, t->fks, t->nfks * sizeof(ir_foreign_key), (t->nfks + 1) * sizeof(ir_foreign_key));
            f = &t->fks[t->nfks++];
            memset(f, 0, sizeof(*f));
            f->ref_table = sq__col(c, st, 1);
            f->on_update = sq__action(sq__col(c, st, 4));
            f->on_delete = sq__action(sq__col(c, st, 5));
            last = id;
        }
        f->columns = arena_grow(c->a, f->columns, f->ncolumns * sizeof(char *), (f->ncolumns + 1) * sizeof(char *));
        f->ref_columns = arena_grow(c->a, f->ref_columns, f->ncolumns * sizeof(char *), (f->ncolumns + 1) * sizeof(char *));
        f->columns[f->ncolumns] = sq__col(c, st, 2);
        f->ref_columns[f->ncolumns] = sq__col(c, st, 3); /* NULL: the referenced table's key, resolved below */
        f->ncolumns++;
    }
    sqlite3_finalize(st);
    for (size_t i = 0; i < t->nfks; i++) {
        ir_foreign_key *k = &t->fks[i];
        for (size_t n = 0; n < ci->nfk_names; n++) {
            const struct sq__fk_name *fn = &ci->fk_names[n];
            bool same = fn->ncols == k->ncolumns;
            for (size_t j = 0; same && j < fn->ncols; j++)
                same = strcmp(fn->cols[j], k->columns[j]) == 0;
            if (same) {
                k->name = fn->name;
                break;
            }
        }
    }
    (void)s;
}

/* Foreign keys written without referenced columns point at the referenced table's primary key. */
static void sq__resolve_refs(ir_schema *s)
{
    for (size_t i = 0; i < s->ntables; i++) {
        for (size_t k = 0; k < s->tables[i].nfks; k++) {
            ir_foreign_key *f = &s->tables[i].fks[k];
            const ir_table *ref = ir_find_table(s, f->ref_table);
            for (size_t j = 0; j < f->ncolumns; j++)
                if (!f->ref_columns[j] && ref && ref->has_pk && j < ref->pk.ncolumns)
                    f->ref_columns[j] = ref->pk.columns[j];
        }
    }
}

sc_scalar introspect_sqlite_prisma_scalar(const char *decl)
{
    char t[64];
    size_t n = decl ? strlen(decl) : 0;
    if (!decl || n >= sizeof t)
        return SC_SCALAR_UNSUPPORTED;
    for (size_t i = 0; i <= n; i++)
        t[i] = (char)tolower((unsigned char)decl[i]);
    char *paren = strchr(t, '(');
    if (paren)
        *paren = '\0';
    n = strlen(t);
    while (n && t[n - 1] == ' ')
        t[--n] = '\0';
    static const struct {
        const char *name;
        sc_scalar scalar;
    } exact[] = {
        {"int", SC_SCALAR_INT},           {"integer", SC_SCALAR_INT},         {"smallint", SC_SCALAR_INT},
        {"tinyint", SC_SCALAR_INT},       {"mediumint", SC_SCALAR_INT},       {"int2", SC_SCALAR_INT},
        {"int4", SC_SCALAR_INT},          {"serial", SC_SCALAR_INT},          {"bigint", SC_SCALAR_BIGINT},
        {"int8", SC_SCALAR_BIGINT},       {"unsigned big int", SC_SCALAR_BIGINT}, {"real", SC_SCALAR_FLOAT},
        {"float", SC_SCALAR_FLOAT},       {"double", SC_SCALAR_FLOAT},        {"double precision", SC_SCALAR_FLOAT},
        {"boolean", SC_SCALAR_BOOLEAN},   {"bool", SC_SCALAR_BOOLEAN},        {"text", SC_SCALAR_STRING},
        {"clob", SC_SCALAR_STRING},       {"date", SC_SCALAR_DATETIME},       {"datetime", SC_SCALAR_DATETIME},
        {"timestamp", SC_SCALAR_DATETIME}, {"blob", SC_SCALAR_BYTES},         {"binary", SC_SCALAR_BYTES},
        {"jsonb", SC_SCALAR_JSON},        {"json", SC_SCALAR_JSON},
    };
    for (size_t i = 0; i < sizeof exact / sizeof exact[0]; i++)
        if (strcmp(t, exact[i].name) == 0)
            return exact[i].scalar;
    if (strstr(t, "char"))
        return SC_SCALAR_STRING;
    if (strstr(t, "numeric") || strstr(t, "decimal"))
        return SC_SCALAR_DECIMAL;
    return SC_SCALAR_UNSUPPORTED;
}

/* Whether DECL holds WORD, ignoring case. */
static bool sq__holds(const char *decl, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = decl; *p; p++)
        if (strncasecmp(p, word, n) == 0)
            return true;
    return false;
}

/* https://sqlite.org/datatype3.html#determination_of_column_affinity: the first rule that applies. */
introspect_sqlite_affinity introspect_sqlite_affinity_of(const char *decl)
{
    if (!decl)
        decl = "";
    if (sq__holds(decl, "INT"))
        return INTROSPECT_AFF_INTEGER;
    if (sq__holds(decl, "CHAR") || sq__holds(decl, "CLOB") || sq__holds(decl, "TEXT"))
        return INTROSPECT_AFF_TEXT;
    if (sq__holds(decl, "BLOB") || !*decl)
        return INTROSPECT_AFF_BLOB;
    if (sq__holds(decl, "REAL") || sq__holds(decl, "FLOA") || sq__holds(decl, "DOUB"))
        return INTROSPECT_AFF_REAL;
    return INTROSPECT_AFF_NUMERIC;
}

int introspect_sqlite(ir_schema *out, arena *a, sqlite3 *db, const char **err)
{
    return introspect_sqlite_mapped(out, a, db, sq__scalar_of, err);
}

int introspect_sqlite_mapped(ir_schema *out, arena *a, sqlite3 *db, introspect_sqlite_type_fn map, const char **err)
{
    memset(out, 0, sizeof(*out));
    out->provider = IR_PROVIDER_SQLITE;
    sq__ctx c = {a, db, NULL, map};
    sqlite3_stmt *st = sq__prepare(&c,
                                   "SELECT name, sql FROM sqlite_schema WHERE type = 'table' "
                                   "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                                   NULL);
    if (!st) {
        if (err)
            *err = c.err;
        return -1;
    }
    size_t cap = 8;
    out->tables = ARENA_ARRAY(a, ir_table, cap);
    const char **sqls = ARENA_ARRAY(a, const char *, cap);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->ntables == cap) {
            out->tables = arena_grow(a, out->tables, cap * sizeof(ir_table), cap * 2 * sizeof(ir_table));
            sqls = arena_grow(a, sqls, cap * sizeof(char *), cap * 2 * sizeof(char *));
            cap *= 2;
        }
        sqls[out->ntables] = sq__col(&c, st, 1);
        out->tables[out->ntables++].name = sq__col(&c, st, 0);
    }
    if (rc != SQLITE_DONE && !c.err)
        c.err = arena_printf(a, "sqlite: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    for (size_t i = 0; i < out->ntables && !c.err; i++) {
        ir_table *t = &out->tables[i];
        sq__create_info ci;
        sq__parse_create_table(a, sqls[i], &ci);
        sq__columns(&c, t, &ci);
        sq__indexes(&c, t, &ci);
        sq__foreign_keys(&c, out, t, &ci);
        t->checks = ci.checks;
        t->nchecks = ci.nchecks;
    }
    if (c.err) {
        if (err)
            *err = c.err;
        return -1;
    }
    sq__resolve_refs(out);
    ir_canonicalize(out);
    return 0;
}

int introspect_sqlite_file(ir_schema *out, arena *a, const char *path, const char **err)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        if (err)
            *err = arena_printf(a, "sqlite: cannot open %s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return -1;
    }
    int rc = introspect_sqlite(out, a, db, err);
    sqlite3_close(db);
    return rc;
}
