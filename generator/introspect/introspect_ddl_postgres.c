/*
 * introspect_ddl_postgres.c - SQL DDL files read into the model on
 * PostgreSQL, with no server: PostgreSQL's own parser (libpg_query, JSON
 * form) reads each file, and every statement is applied to the model the
 * way the server would apply it (introspect.h). The goal is the model that
 * introspect_postgres() reads from a database built with the same DDL:
 *   - types as format_type() spells them, mapped by the same table
 *     (introspect_pg_map_type), arrays as lists, enums by name;
 *   - the names PostgreSQL chooses for unnamed keys, indexes, foreign keys
 *     and checks (makeObjectName, ChooseRelationName, ChooseConstraintName,
 *     ChooseIndexColumnNames: table_col_key, table_pkey, table_col_fkey,
 *     table_col_check, table_col_idx, with a number on a clash, cut to 63
 *     bytes);
 *   - defaults read into the same ir_default a pg_get_expr() text gives.
 * Deliberate differences (docs/queries.md): a domain column is typed as its
 * base type and is NOT NULL when the domain is; generated and collated
 * columns keep their type; expressions (checks, predicates, expression
 * defaults and index keys) keep the source's text, not the server's
 * deparsed one. Views are noted for the queries stage to type.
 *
 * The 15-4.0.0 JSON form prints 0 and negative integer constants as
 * {"ival":{}}: integers are read from the source text at their location.
 */
#include "introspect/introspect.h"
#include "introspect/introspect_internal.h"

#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <pg_query.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/sqlscan.h"
#include "base/strbuf.h"

#define PD_NAMEDATALEN 64

/* ---------------------------------------------------------------- growable arena arrays */

/* Room for element N of ARR (elements of SIZE bytes): capacities are powers of two from 4. */
static void *pd__more(arena *a, void *arr, size_t n, size_t size)
{
    size_t cap = 4;
    while (cap < n)
        cap *= 2;
    if (!arr)
        return arena_alloc(a, (n < cap ? cap : cap * 2) * size);
    if (n < cap)
        return arr;
    return arena_grow(a, arr, n * size, cap * 2 * size);
}

#define PD_ADD(a, arr, n)                                                                                              \
    ((arr) = pd__more((a), (arr), (n), sizeof *(arr)), memset(&(arr)[(n)], 0, sizeof *(arr)), &(arr)[(n)++])

/* Remove element I of ARR (N elements). */
#define PD_DEL(arr, n, i) (memmove(&(arr)[(i)], &(arr)[(i) + 1], ((n) - (i) - 1) * sizeof *(arr)), (n)--)

/* ---------------------------------------------------------------- state */

/* What the checks of a table read, for DROP COLUMN (parallel to ir_table.checks). */
typedef struct pd_refs {
    const char **cols;
    size_t n;
} pd_refs;

typedef struct pd_table {
    ir_table t;
    pd_refs *check_refs;
    const char **domains; /* per column: the domain its type is, else NULL (parallel to columns) */
} pd_table;

/* A type as a column takes it. */
typedef struct pd_type {
    const char *format;    /* format_type() of the element type */
    const char *enum_name; /* an enum */
    const char *domain;    /* the domain it is, else NULL */
    bool list;
    bool notnull;          /* a NOT NULL domain */
    int serial;            /* serial types: their integer width (2, 4, 8) */
} pd_type;

typedef struct pd_domain {
    const char *name;
    pd_type type;
} pd_domain;

typedef struct pd {
    arena *a;
    const sc_sources *src;
    sc_diags *diags;
    size_t errors;
    uint32_t file;
    const char *text; /* the file's text, cut at its rollback part */
    size_t len;
    size_t stmt_at, stmt_end;
    pd_table **tables;
    size_t ntables;
    ir_enum *enums;
    size_t nenums;
    pd_domain *domains;
    size_t ndomains;
    const char **composites;
    size_t ncomposites;
    const char **sequences;
    size_t nsequences;
    introspect_views *views;
} pd;

/* ---------------------------------------------------------------- JSON access */

static json_t *pd__get(json_t *o, const char *key)
{
    return o && json_is_object(o) ? json_object_get(o, key) : NULL;
}

static const char *pd__str(json_t *o, const char *key)
{
    json_t *v = pd__get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool pd__bool(json_t *o, const char *key)
{
    return json_is_true(pd__get(o, key));
}

static int pd__loc(json_t *o)
{
    json_t *v = pd__get(o, "location");
    return json_is_integer(v) ? (int)json_integer_value(v) : -1;
}

/* The node inside a wrapper {"Kind": {...}}, and its kind. */
static json_t *pd__node(json_t *w, const char **kind)
{
    if (kind)
        *kind = "";
    if (!json_is_object(w) || json_object_size(w) != 1)
        return NULL;
    const char *k = json_object_iter_key(json_object_iter(w));
    if (kind)
        *kind = k;
    return json_object_iter_value(json_object_iter(w));
}

/* A list of {"String": {"sval": x}}: the strings. */
static const char **pd__strings(pd *p, json_t *list, size_t *n)
{
    *n = 0;
    size_t len = json_is_array(list) ? json_array_size(list) : 0;
    const char **out = ARENA_ARRAY(p->a, const char *, len + 1);
    for (size_t i = 0; i < len; i++) {
        json_t *s = pd__node(json_array_get(list, i), NULL);
        const char *v = pd__str(s, "sval");
        out[(*n)++] = arena_strdup(p->a, v ? v : "");
    }
    return out;
}

/* The lowest location in a subtree: where an expression's text starts. */
static int pd__leftmost(json_t *n)
{
    int best = -1;
    if (json_is_object(n)) {
        const char *k;
        json_t *v;
        json_object_foreach(n, k, v)
        {
            int l = strcmp(k, "location") == 0 && json_is_integer(v) ? (int)json_integer_value(v) : pd__leftmost(v);
            if (l >= 0 && (best < 0 || l < best))
                best = l;
        }
    } else if (json_is_array(n)) {
        for (size_t i = 0; i < json_array_size(n); i++) {
            int l = pd__leftmost(json_array_get(n, i));
            if (l >= 0 && (best < 0 || l < best))
                best = l;
        }
    }
    return best;
}

/* ---------------------------------------------------------------- locations and messages */

static sc_span pd__span(const pd *p, size_t at, size_t len)
{
    if (at >= p->len)
        at = p->len ? p->len - 1 : 0;
    sc_span s = {p->file, (uint32_t)at, (uint32_t)(at + (len ? len : 1)), 0, 0};
    source_position(&p->src->files[p->file], at, &s.line, &s.col);
    return s;
}

/* The first token of the statement being read (its comments and blanks skipped). */
static size_t pd__stmt_start(const pd *p)
{
    sqlscan s;
    sqlscan_init(&s, SQLSCAN_POSTGRES, p->text + p->stmt_at, p->stmt_end - p->stmt_at);
    for (;;) {
        sqltok t = sqlscan_next(&s);
        if (t.kind == SQLTOK_END || t.kind == SQLTOK_ERROR)
            return p->stmt_at;
        if (t.kind != SQLTOK_SPACE && t.kind != SQLTOK_LINE_COMMENT && t.kind != SQLTOK_BLOCK_COMMENT)
            return p->stmt_at + t.start;
    }
}

/* The length of the name or token at AT, for carets. */
static size_t pd__toklen(const pd *p, size_t at)
{
    if (at >= p->len)
        return 1;
    sqlscan s;
    sqlscan_init(&s, SQLSCAN_POSTGRES, p->text + at, p->len - at);
    sqltok t = sqlscan_next(&s);
    return t.len ? t.len : 1;
}

/* Where LOC points (a node's location), else the statement. */
static sc_span pd__at(const pd *p, int loc)
{
    size_t at = loc >= 0 && (size_t)loc < p->len ? (size_t)loc : pd__stmt_start(p);
    return pd__span(p, at, pd__toklen(p, at));
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void pd__error(pd *p, int loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = arena_vprintf(p->a, fmt, ap);
    va_end(ap);
    diag_error(p->diags, pd__at(p, loc), "schema-sql", "%s", msg);
    p->errors++;
}

/* ---------------------------------------------------------------- source text */

/* An integer constant: the JSON form, or (0 and negative numbers) the source text at its location. */
static long pd__int_const(const pd *p, json_t *aconst)
{
    json_t *iv = pd__get(pd__get(aconst, "ival"), "ival");
    if (json_is_integer(iv))
        return (long)json_integer_value(iv);
    int loc = pd__loc(aconst);
    if (loc < 0 || (size_t)loc >= p->len)
        return 0;
    return strtol(p->text + loc, NULL, 10);
}

/* A number literal's text at LOC ("-1.5"). */
static const char *pd__number_text(const pd *p, int loc)
{
    if (loc < 0 || (size_t)loc >= p->len)
        return "0";
    size_t i = (size_t)loc, start = i;
    strbuf b;
    strbuf_init(&b, p->a);
    if (p->text[i] == '-' || p->text[i] == '+') {
        if (p->text[i] == '-')
            strbuf_putc(&b, '-');
        i++;
        while (i < p->len && isspace((unsigned char)p->text[i]))
            i++;
    }
    start = i;
    while (i < p->len && (isalnum((unsigned char)p->text[i]) || p->text[i] == '.' || p->text[i] == '_' ||
                          ((p->text[i] == '-' || p->text[i] == '+') && i > start &&
                           (p->text[i - 1] == 'e' || p->text[i - 1] == 'E'))))
        i++;
    strbuf_putn(&b, p->text + start, i - start);
    return strbuf_str(&b);
}

static bool pd__tok_word(const pd *p, const sqltok *t, size_t base, const char *w)
{
    return t->kind == SQLTOK_WORD && t->len == strlen(w) && strncasecmp(p->text + base + t->start, w, t->len) == 0;
}

/*
 * The text of an expression starting at AT: up to a top-level ',' or ';',
 * a ')' it did not open, the statement's end, or (STOP) a word that ends a
 * column's default: NOT NULL, CONSTRAINT, PRIMARY, UNIQUE, ...
 */
static const char *pd__expr_text(const pd *p, int at, bool stop)
{
    static const char *const stops[] = {"NOT",        "NULL",     "CONSTRAINT", "PRIMARY",  "UNIQUE",    "REFERENCES",
                                        "CHECK",      "DEFAULT",  "GENERATED",  "COLLATE",  "DEFERRABLE", "INITIALLY",
                                        "ASC",        "DESC",     "NULLS"};
    if (at < 0 || (size_t)at >= p->stmt_end)
        return NULL;
    size_t base = (size_t)at;
    sqlscan s;
    sqlscan_init(&s, SQLSCAN_POSTGRES, p->text + base, p->stmt_end - base);
    size_t depth = 0, end = 0;
    bool first = true;
    for (;;) {
        sqltok t = sqlscan_next(&s);
        if (t.kind == SQLTOK_END || t.kind == SQLTOK_ERROR || t.kind == SQLTOK_SEMICOLON)
            break;
        if (t.kind == SQLTOK_LPAREN)
            depth++;
        else if (t.kind == SQLTOK_RPAREN) {
            if (depth == 0)
                break;
            depth--;
        } else if (depth == 0 && t.kind == SQLTOK_OTHER && p->text[base + t.start] == ',')
            break;
        else if (depth == 0 && stop && !first && t.kind == SQLTOK_WORD) {
            bool hit = false;
            for (size_t i = 0; i < sizeof stops / sizeof stops[0] && !hit; i++)
                hit = pd__tok_word(p, &t, base, stops[i]);
            if (hit)
                break;
        }
        if (t.kind != SQLTOK_SPACE && t.kind != SQLTOK_LINE_COMMENT && t.kind != SQLTOK_BLOCK_COMMENT) {
            end = t.start + t.len;
            first = false;
        }
    }
    return end ? arena_strndup(p->a, p->text + base, end) : NULL;
}

/* The text between the '(' that follows AT and its ')' (a CHECK's expression). */
static const char *pd__paren_text(const pd *p, int at)
{
    if (at < 0 || (size_t)at >= p->stmt_end)
        return NULL;
    size_t base = (size_t)at;
    sqlscan s;
    sqlscan_init(&s, SQLSCAN_POSTGRES, p->text + base, p->stmt_end - base);
    size_t depth = 0, open = 0;
    for (;;) {
        sqltok t = sqlscan_next(&s);
        if (t.kind == SQLTOK_END || t.kind == SQLTOK_ERROR)
            return NULL;
        if (t.kind == SQLTOK_LPAREN) {
            if (depth++ == 0)
                open = t.start + 1;
        } else if (t.kind == SQLTOK_RPAREN && depth && --depth == 0) {
            const char *b = p->text + base + open;
            size_t n = t.start - open;
            while (n && isspace((unsigned char)*b)) {
                b++;
                n--;
            }
            while (n && isspace((unsigned char)b[n - 1]))
                n--;
            return arena_strndup(p->a, b, n);
        }
    }
}

/* NAME as an SQL identifier in TEXT: bare when PostgreSQL would fold it to itself. */
static const char *pd__quote_ident(arena *a, const char *name)
{
    bool bare = (islower((unsigned char)name[0]) || name[0] == '_');
    for (const char *c = name; *c && bare; c++)
        bare = islower((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_' || *c == '$';
    if (bare)
        return name;
    strbuf b;
    strbuf_init(&b, a);
    strbuf_putc(&b, '"');
    for (const char *c = name; *c; c++) {
        if (*c == '"')
            strbuf_putc(&b, '"');
        strbuf_putc(&b, *c);
    }
    strbuf_putc(&b, '"');
    return strbuf_str(&b);
}

/* TEXT (an expression) with the column OLD renamed NEW. */
static const char *pd__rename_in(arena *a, const char *text, const char *old, const char *new_name)
{
    if (!text)
        return NULL;
    strbuf b;
    strbuf_init(&b, a);
    sqlscan s;
    size_t n = strlen(text);
    sqlscan_init(&s, SQLSCAN_POSTGRES, text, n);
    size_t at = 0;
    for (;;) {
        sqltok t = sqlscan_next(&s);
        if (t.kind == SQLTOK_END || t.kind == SQLTOK_ERROR)
            break;
        bool hit = false;
        if (t.kind == SQLTOK_WORD && t.len == strlen(old)) {
            hit = true;
            for (size_t i = 0; i < t.len && hit; i++)
                hit = tolower((unsigned char)text[t.start + i]) == old[i];
        } else if (t.kind == SQLTOK_QUOTED_IDENT && t.len == strlen(old) + 2) {
            hit = strncmp(text + t.start + 1, old, t.len - 2) == 0;
        }
        if (hit) {
            strbuf_putn(&b, text + at, t.start - at);
            strbuf_puts(&b, pd__quote_ident(a, new_name));
            at = t.start + t.len;
        }
    }
    strbuf_putn(&b, text + at, n - at);
    return strbuf_str(&b);
}

/* ---------------------------------------------------------------- names PostgreSQL chooses */

/* makeObjectName(): NAME1[_NAME2][_LABEL] cut to 63 bytes, the longer part first. */
static const char *pd__object_name(arena *a, const char *name1, const char *name2, const char *label)
{
    size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
    size_t overhead = (label ? strlen(label) + 1 : 0) + (name2 ? 1 : 0);
    size_t avail = PD_NAMEDATALEN - 1 > overhead ? PD_NAMEDATALEN - 1 - overhead : 0;
    while (n1 + n2 > avail) {
        if (n1 > n2)
            n1--;
        else
            n2--;
    }
    while (n1 > 0 && ((unsigned char)name1[n1] & 0xC0) == 0x80)
        n1--;
    while (name2 && n2 > 0 && ((unsigned char)name2[n2] & 0xC0) == 0x80)
        n2--;
    strbuf b;
    strbuf_init(&b, a);
    strbuf_putn(&b, name1, n1);
    if (name2) {
        strbuf_putc(&b, '_');
        strbuf_putn(&b, name2, n2);
    }
    if (label) {
        strbuf_putc(&b, '_');
        strbuf_puts(&b, label);
    }
    return strbuf_str(&b);
}

/* ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: names joined by '_', about 63 bytes at most. */
static const char *pd__name_addition(arena *a, const char *const *names, size_t n)
{
    strbuf b;
    strbuf_init(&b, a);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (len > 0) {
            strbuf_putc(&b, '_');
            len++;
        }
        size_t l = strlen(names[i]);
        if (l > PD_NAMEDATALEN - 1)
            l = PD_NAMEDATALEN - 1;
        strbuf_putn(&b, names[i], l);
        len += l;
        if (len >= PD_NAMEDATALEN)
            break;
    }
    const char *s = strbuf_str(&b);
    return len > PD_NAMEDATALEN - 1 ? arena_strndup(a, s, PD_NAMEDATALEN - 1) : s;
}

static bool pd__relation_used(const pd *p, const char *name)
{
    for (size_t i = 0; i < p->ntables; i++) {
        const ir_table *t = &p->tables[i]->t;
        if (strcmp(t->name, name) == 0 || (t->has_pk && t->pk.name && strcmp(t->pk.name, name) == 0))
            return true;
        for (size_t k = 0; k < t->nindexes; k++)
            if (strcmp(t->indexes[k].name, name) == 0)
                return true;
    }
    for (size_t i = 0; i < p->views->n; i++)
        if (strcmp(p->views->items[i].name, name) == 0)
            return true;
    for (size_t i = 0; i < p->nsequences; i++)
        if (strcmp(p->sequences[i], name) == 0)
            return true;
    return false;
}

static bool pd__constraint_used(const pd *p, const char *name)
{
    for (size_t i = 0; i < p->ntables; i++) {
        const ir_table *t = &p->tables[i]->t;
        if (t->has_pk && t->pk.name && strcmp(t->pk.name, name) == 0)
            return true;
        for (size_t k = 0; k < t->nfks; k++)
            if (t->fks[k].name && strcmp(t->fks[k].name, name) == 0)
                return true;
        for (size_t k = 0; k < t->nchecks; k++)
            if (t->checks[k].name && strcmp(t->checks[k].name, name) == 0)
                return true;
        for (size_t k = 0; k < t->nindexes; k++)
            if (t->indexes[k].unique && strcmp(t->indexes[k].name, name) == 0)
                return true;
    }
    return false;
}

/* ChooseRelationName (RELATION) or ChooseConstraintName: LABEL, then LABEL1, LABEL2, ... until free. */
static const char *pd__choose(const pd *p, const char *name1, const char *name2, const char *label, bool relation,
                              bool constraint)
{
    const char *l = label;
    for (int pass = 1;; pass++) {
        const char *name = pd__object_name(p->a, name1, name2, l);
        if (!(relation && pd__relation_used(p, name)) && !(constraint && pd__constraint_used(p, name)))
            return name;
        l = arena_printf(p->a, "%s%d", label, pass);
    }
}

/* ---------------------------------------------------------------- lookups */

static pd_table *pd__table(const pd *p, const char *name)
{
    for (size_t i = 0; i < p->ntables; i++)
        if (strcmp(p->tables[i]->t.name, name) == 0)
            return p->tables[i];
    return NULL;
}

static ir_enum *pd__enum(const pd *p, const char *name)
{
    for (size_t i = 0; i < p->nenums; i++)
        if (strcmp(p->enums[i].db_name, name) == 0)
            return &p->enums[i];
    return NULL;
}

static pd_domain *pd__domain(const pd *p, const char *name)
{
    for (size_t i = 0; i < p->ndomains; i++)
        if (strcmp(p->domains[i].name, name) == 0)
            return &p->domains[i];
    return NULL;
}

static bool pd__type_used(const pd *p, const char *name)
{
    if (pd__enum(p, name) || pd__domain(p, name))
        return true;
    for (size_t i = 0; i < p->ncomposites; i++)
        if (strcmp(p->composites[i], name) == 0)
            return true;
    return false;
}

static int pd__view_index(const pd *p, const char *name)
{
    for (size_t i = 0; i < p->views->n; i++)
        if (strcmp(p->views->items[i].name, name) == 0)
            return (int)i;
    return -1;
}

static size_t pd__column_index(const ir_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncolumns; i++)
        if (strcmp(t->columns[i].name, name) == 0)
            return i;
    return (size_t)-1;
}

/*
 * The relation a RangeVar names, checked for the schema: the public schema
 * (or none) only. Returns NULL after reporting another schema.
 */
static const char *pd__relname(pd *p, json_t *rv)
{
    const char *schema = pd__str(rv, "schemaname");
    const char *name = pd__str(rv, "relname");
    if (!name)
        return NULL;
    if (schema && strcmp(schema, "public") != 0) {
        pd__error(p, pd__loc(rv),
                  "schema \"%s\": schemac reads one schema, public (write the name without a schema, or in public)",
                  schema);
        return NULL;
    }
    return arena_strdup(p->a, name);
}

/* The type a qualified name list [schema.]name names: the name, or NULL after reporting another schema. */
static const char *pd__typename_of(pd *p, json_t *names, int loc)
{
    size_t n;
    const char **parts = pd__strings(p, names, &n);
    if (n == 0)
        return NULL;
    if (n > 1 && strcmp(parts[n - 2], "public") != 0 && strcmp(parts[n - 2], "pg_catalog") != 0) {
        pd__error(p, loc, "schema \"%s\": schemac reads one schema, public", parts[n - 2]);
        return NULL;
    }
    return parts[n - 1];
}

/* ---------------------------------------------------------------- types */

/*
 * A TypeName node as a column's type: format_type()'s spelling of the
 * element type, list, enum, domain. Returns false after reporting.
 */
static bool pd__type(pd *p, json_t *tn, pd_type *out)
{
    memset(out, 0, sizeof *out);
    size_t n;
    const char **parts = pd__strings(p, pd__get(tn, "names"), &n);
    if (n == 0) {
        pd__error(p, pd__loc(tn), "a column needs a type");
        return false;
    }
    const char *schema = n > 1 ? parts[n - 2] : NULL;
    const char *name = parts[n - 1];
    if (pd__bool(tn, "pct_type")) {
        out->format = arena_printf(p->a, "%s%%TYPE", name);
        return true;
    }
    json_t *arr = pd__get(tn, "arrayBounds");
    out->list = json_is_array(arr) && json_array_size(arr) > 0;
    json_t *mods = pd__get(tn, "typmods");
    size_t nmods = json_is_array(mods) ? json_array_size(mods) : 0;
    long mod[4] = {0, 0, 0, 0};
    bool modint[4] = {false, false, false, false};
    for (size_t i = 0; i < nmods && i < 4; i++) {
        const char *k;
        json_t *c = pd__node(json_array_get(mods, i), &k);
        if (strcmp(k, "A_Const") == 0 && pd__get(c, "ival")) {
            mod[i] = pd__int_const(p, c);
            modint[i] = true;
        }
    }
    bool catalog = !schema || strcmp(schema, "pg_catalog") == 0;
    bool user = !schema || strcmp(schema, "public") == 0;
    if (schema && !catalog && !user) {
        pd__error(p, pd__loc(tn), "schema \"%s\": schemac reads one schema, public", schema);
        return false;
    }
    /* User types first, as the search path public, then pg_catalog would find them (for unqualified names). */
    if (user) {
        ir_enum *e = pd__enum(p, name);
        if (e) {
            out->enum_name = e->db_name;
            out->format = pd__quote_ident(p->a, e->db_name); /* as format_type() writes a name */
            return true;
        }
        pd_domain *d = pd__domain(p, name);
        if (d) {
            bool list = out->list;
            *out = d->type;
            out->list = out->list || list;
            out->domain = d->name;
            return true;
        }
        for (size_t i = 0; i < p->ncomposites; i++)
            if (strcmp(p->composites[i], name) == 0) {
                out->format = pd__quote_ident(p->a, name);
                return true;
            }
    }
    static const struct {
        const char *name;
        const char *format;
        int serial;
    } builtin[] = {
        {"int4", "integer", 0},         {"integer", "integer", 0},     {"int", "integer", 0},
        {"int2", "smallint", 0},        {"smallint", "smallint", 0},   {"int8", "bigint", 0},
        {"bigint", "bigint", 0},        {"float4", "real", 0},         {"real", "real", 0},
        {"float8", "double precision", 0}, {"bool", "boolean", 0},     {"boolean", "boolean", 0},
        {"varchar", "character varying", 0}, {"bpchar", "character", 0}, {"numeric", "numeric", 0},
        {"decimal", "numeric", 0},      {"timestamp", "timestamp", 0}, {"timestamptz", "timestamptz", 0},
        {"time", "time", 0},            {"timetz", "timetz", 0},       {"varbit", "bit varying", 0},
        {"bit", "bit", 0},              {"serial", "integer", 4},      {"serial4", "integer", 4},
        {"bigserial", "bigint", 8},     {"serial8", "bigint", 8},      {"smallserial", "smallint", 2},
        {"serial2", "smallint", 2},
    };
    const char *base = name;
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
        if (strcmp(builtin[i].name, name) == 0) {
            if (builtin[i].serial && schema)
                break; /* pg_catalog.serial is no type */
            base = builtin[i].format;
            out->serial = builtin[i].serial;
            break;
        }
    if (out->serial && out->list) {
        pd__error(p, pd__loc(tn), "PostgreSQL has no arrays of serial types (use an integer array)");
        return false;
    }
    strbuf b;
    strbuf_init(&b, p->a);
    bool zone = strcmp(base, "timestamptz") == 0 || strcmp(base, "timetz") == 0;
    if (strcmp(base, "timestamp") == 0 || strcmp(base, "timestamptz") == 0 || strcmp(base, "time") == 0 ||
        strcmp(base, "timetz") == 0) {
        strbuf_puts(&b, strncmp(base, "timestamp", 9) == 0 ? "timestamp" : "time");
        if (nmods && modint[0])
            strbuf_printf(&b, "(%ld)", mod[0]);
        strbuf_puts(&b, zone ? " with time zone" : " without time zone");
    } else if (strcmp(base, "numeric") == 0) {
        strbuf_puts(&b, "numeric");
        if (nmods >= 1 && modint[0])
            strbuf_printf(&b, "(%ld,%ld)", mod[0], nmods >= 2 && modint[1] ? mod[1] : 0L);
    } else if (strcmp(base, "character") == 0 && nmods == 0) {
        strbuf_puts(&b, "bpchar");
    } else {
        strbuf_puts(&b, base == name ? pd__quote_ident(p->a, name) : base);
        if (nmods) {
            strbuf_putc(&b, '(');
            for (size_t i = 0; i < nmods && i < 4; i++)
                strbuf_printf(&b, "%s%ld", i ? "," : "", mod[i]);
            strbuf_putc(&b, ')');
        }
    }
    out->format = strbuf_str(&b);
    return true;
}

/* Fill COL's type from T (and its db_type as format_type() shows it). */
static void pd__apply_type(pd *p, ir_column *col, const pd_type *t)
{
    col->scalar = SC_SCALAR_NONE;
    col->enum_name = NULL;
    col->native = col->native_args = col->unsupported = NULL;
    col->list = t->list;
    if (t->enum_name)
        col->enum_name = t->enum_name;
    else
        introspect_pg_map_type(p->a, col, t->format);
    col->db_type = t->domain ? pd__quote_ident(p->a, t->domain) : arena_printf(p->a, "%s%s", t->format, t->list ? "[]" : "");
}

/* ---------------------------------------------------------------- defaults */

static void pd__quote_lit(strbuf *b, const char *v)
{
    strbuf_putc(b, '\'');
    for (const char *c = v; *c; c++) {
        if (*c == '\'')
            strbuf_putc(b, '\'');
        strbuf_putc(b, *c);
    }
    strbuf_putc(b, '\'');
}

/*
 * A default expression as pg_get_expr() would give it back, near enough
 * for ir_default_parse() to read the same default: constants (casts
 * dropped), now(), CURRENT_TIMESTAMP, ARRAY[...]; anything else is its
 * source text.
 */
static const char *pd__default_text(pd *p, json_t *w, int start, const ir_column *col)
{
    const char *kind;
    json_t *n = pd__node(w, &kind);
    if (!n)
        return NULL;
    strbuf b;
    strbuf_init(&b, p->a);
    if (strcmp(kind, "TypeCast") == 0) {
        const char *k2;
        json_t *inner = pd__node(pd__get(n, "arg"), &k2);
        if (inner && (strcmp(k2, "A_Const") == 0 || strcmp(k2, "A_ArrayExpr") == 0 || strcmp(k2, "TypeCast") == 0))
            return pd__default_text(p, pd__get(n, "arg"), start, col);
    } else if (strcmp(kind, "A_Const") == 0) {
        if (pd__bool(n, "isnull"))
            return "NULL";
        json_t *sv = pd__get(n, "sval");
        if (sv) {
            const char *v = pd__str(sv, "sval");
            pd__quote_lit(&b, v ? v : "");
            return strbuf_str(&b);
        }
        json_t *bv = pd__get(n, "boolval");
        if (bv) {
            const char *v = pd__bool(bv, "boolval") ? "true" : "false";
            if (col->scalar == SC_SCALAR_STRING)
                pd__quote_lit(&b, v);
            else
                strbuf_puts(&b, v);
            return strbuf_str(&b);
        }
        if (pd__get(n, "ival") || pd__get(n, "fval")) {
            const char *v = pd__number_text(p, pd__loc(n));
            /* PostgreSQL stores the constant in the column's type: text keeps it quoted. */
            if (col->scalar == SC_SCALAR_STRING || col->enum_name)
                pd__quote_lit(&b, v);
            else
                strbuf_puts(&b, v);
            return strbuf_str(&b);
        }
        if (pd__get(n, "bsval")) {
            const char *v = pd__str(pd__get(n, "bsval"), "bsval");
            return arena_printf(p->a, "'%s'", v ? v + 1 : "");
        }
    } else if (strcmp(kind, "SQLValueFunction") == 0) {
        const char *op = pd__str(n, "op");
        if (op && strcmp(op, "SVFOP_CURRENT_TIMESTAMP") == 0)
            return "CURRENT_TIMESTAMP";
    } else if (strcmp(kind, "FuncCall") == 0) {
        size_t nn;
        const char **fn = pd__strings(p, pd__get(n, "funcname"), &nn);
        json_t *args = pd__get(n, "args");
        if (nn && strcmp(fn[nn - 1], "now") == 0 && !(json_is_array(args) && json_array_size(args)))
            return "now()";
        if (nn && strcmp(fn[nn - 1], "nextval") == 0)
            return "nextval(";
    } else if (strcmp(kind, "A_ArrayExpr") == 0) {
        json_t *el = pd__get(n, "elements");
        strbuf_puts(&b, "ARRAY[");
        for (size_t i = 0; json_is_array(el) && i < json_array_size(el); i++) {
            ir_column elem = *col;
            elem.list = false;
            const char *t = pd__default_text(p, json_array_get(el, i), pd__leftmost(json_array_get(el, i)), &elem);
            strbuf_printf(&b, "%s%s", i ? ", " : "", t ? t : "NULL");
        }
        strbuf_putc(&b, ']');
        return strbuf_str(&b);
    }
    return pd__expr_text(p, start >= 0 ? start : pd__leftmost(w), true);
}

static void pd__set_default(pd *p, ir_column *col, json_t *expr, int start)
{
    const char *text = pd__default_text(p, expr, start, col);
    ir_default_parse(&col->dflt, p->a, text, col->scalar, col->enum_name != NULL);
    if (col->dflt.kind == IR_DEFAULT_AUTOINCREMENT && col->native && strcmp(col->native, "SmallInt") != 0)
        col->native = NULL;
}

/* ---------------------------------------------------------------- constraints */

/* The column names a CHECK expression reads. */
static void pd__refs(pd *p, json_t *n, pd_refs *out)
{
    if (json_is_object(n)) {
        json_t *cr = pd__get(n, "ColumnRef");
        if (cr) {
            json_t *fields = pd__get(cr, "fields");
            size_t k = json_is_array(fields) ? json_array_size(fields) : 0;
            json_t *last = k ? pd__node(json_array_get(fields, k - 1), NULL) : NULL;
            const char *name = pd__str(last, "sval");
            if (name) {
                for (size_t i = 0; i < out->n; i++)
                    if (strcmp(out->cols[i], name) == 0)
                        return;
                const char **slot = PD_ADD(p->a, out->cols, out->n);
                *slot = arena_strdup(p->a, name);
            }
            return;
        }
        const char *k;
        json_t *v;
        json_object_foreach(n, k, v) pd__refs(p, v, out);
    } else if (json_is_array(n)) {
        for (size_t i = 0; i < json_array_size(n); i++)
            pd__refs(p, json_array_get(n, i), out);
    }
}

static ir_action pd__action(const char *code)
{
    switch (code ? code[0] : 'a') {
    case 'r': return IR_ACTION_RESTRICT;
    case 'c': return IR_ACTION_CASCADE;
    case 'n': return IR_ACTION_SET_NULL;
    case 'd': return IR_ACTION_SET_DEFAULT;
    default: return IR_ACTION_NO_ACTION;
    }
}

static bool pd__same_names(const char *const *a, size_t na, const char *const *b, size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (strcmp(a[i], b[i]) != 0)
            return false;
    return true;
}

/* Every column named must exist in T. */
static bool pd__columns_exist(pd *p, const pd_table *t, const char *const *cols, size_t n, int loc)
{
    for (size_t i = 0; i < n; i++)
        if (pd__column_index(&t->t, cols[i]) == (size_t)-1) {
            pd__error(p, loc, "column \"%s\" named in key does not exist", cols[i]);
            return false;
        }
    return true;
}

static void pd__add_check(pd *p, pd_table *t, json_t *con, const char *column)
{
    json_t *expr = pd__get(con, "raw_expr");
    pd_refs refs = {NULL, 0};
    pd__refs(p, expr, &refs);
    const char *name = pd__str(con, "conname");
    if (name && pd__constraint_used(p, name)) {
        pd__error(p, pd__loc(con), "constraint \"%s\" for relation \"%s\" already exists", name, t->t.name);
        return;
    }
    if (!name)
        name = pd__choose(p, t->t.name, refs.n == 1 ? refs.cols[0] : NULL, "check", false, true);
    (void)column;
    const char *text = pd__paren_text(p, pd__loc(con));
    size_t old = t->t.nchecks;
    ir_check *c = PD_ADD(p->a, t->t.checks, t->t.nchecks);
    c->name = arena_strdup(p->a, name);
    c->expr = text ? text : "";
    pd_refs *r = PD_ADD(p->a, t->check_refs, old);
    *r = refs;
}

/* A PRIMARY KEY or UNIQUE constraint on COLS. */
static void pd__add_key(pd *p, pd_table *t, json_t *con, const char **cols, size_t ncols, bool primary)
{
    int loc = pd__loc(con);
    if (!pd__columns_exist(p, t, cols, ncols, loc))
        return;
    const char *name = pd__str(con, "conname");
    if (name && (pd__relation_used(p, name) || pd__constraint_used(p, name))) {
        pd__error(p, loc, "relation \"%s\" already exists", name);
        return;
    }
    if (primary) {
        if (t->t.has_pk) {
            pd__error(p, loc, "multiple primary keys for table \"%s\" are not allowed", t->t.name);
            return;
        }
        t->t.has_pk = true;
        t->t.pk.name = name ? arena_strdup(p->a, name) : pd__choose(p, t->t.name, NULL, "pkey", true, true);
        t->t.pk.columns = cols;
        t->t.pk.ncolumns = ncols;
        for (size_t i = 0; i < ncols; i++)
            t->t.columns[pd__column_index(&t->t, cols[i])].nullable = false;
        return;
    }
    /* The same key twice is one index (transformIndexConstraints). */
    if (t->t.has_pk && pd__same_names(t->t.pk.columns, t->t.pk.ncolumns, cols, ncols))
        return;
    for (size_t i = 0; i < t->t.nindexes; i++) {
        const ir_index *x = &t->t.indexes[i];
        if (!x->unique || x->where || x->ncolumns != ncols)
            continue;
        bool same = true;
        for (size_t k = 0; k < ncols && same; k++)
            same = strcmp(x->columns[k].name, cols[k]) == 0 && x->columns[k].sort == IR_SORT_ASC;
        if (same)
            return;
    }
    ir_index *x = PD_ADD(p->a, t->t.indexes, t->t.nindexes);
    x->unique = true;
    x->columns = ARENA_ARRAY(p->a, ir_index_column, ncols + 1);
    x->ncolumns = ncols;
    for (size_t i = 0; i < ncols; i++)
        x->columns[i].name = cols[i];
    x->include = ARENA_ARRAY(p->a, const char *, 1);
    size_t nincl;
    const char **incl = pd__strings(p, pd__get(con, "including"), &nincl);
    if (nincl) {
        x->include = incl;
        x->ninclude = nincl;
    }
    if (name) {
        x->name = arena_strdup(p->a, name);
    } else {
        const char **all = ARENA_ARRAY(p->a, const char *, ncols + nincl + 1);
        memcpy(all, cols, ncols * sizeof *all);
        if (nincl)
            memcpy(all + ncols, incl, nincl * sizeof *all);
        t->t.nindexes--; /* not yet a name in use */
        x->name = pd__choose(p, t->t.name, pd__name_addition(p->a, all, ncols + nincl), "key", true, true);
        t->t.nindexes++;
    }
}

static void pd__add_fk(pd *p, pd_table *t, json_t *con, const char **cols, size_t ncols)
{
    int loc = pd__loc(con);
    if (!pd__columns_exist(p, t, cols, ncols, loc))
        return;
    json_t *pkt = pd__get(con, "pktable");
    const char *ref = pd__relname(p, pkt);
    if (!ref)
        return;
    pd_table *rt = pd__table(p, ref);
    if (!rt) {
        pd__error(p, pd__loc(pkt), "relation \"%s\" does not exist", ref);
        return;
    }
    size_t nref;
    const char **refcols = pd__strings(p, pd__get(con, "pk_attrs"), &nref);
    if (nref == 0) {
        if (!rt->t.has_pk) {
            pd__error(p, pd__loc(pkt), "there is no primary key for referenced table \"%s\"", ref);
            return;
        }
        refcols = rt->t.pk.columns;
        nref = rt->t.pk.ncolumns;
    }
    if (nref != ncols) {
        pd__error(p, loc, "number of referencing and referenced columns for foreign key disagree");
        return;
    }
    if (!pd__columns_exist(p, rt, refcols, nref, pd__loc(pkt)))
        return;
    const char *name = pd__str(con, "conname");
    if (name && pd__constraint_used(p, name)) {
        pd__error(p, loc, "constraint \"%s\" for relation \"%s\" already exists", name, t->t.name);
        return;
    }
    if (!name)
        name = pd__choose(p, t->t.name, pd__name_addition(p->a, cols, ncols), "fkey", false, true);
    ir_foreign_key *f = PD_ADD(p->a, t->t.fks, t->t.nfks);
    f->name = arena_strdup(p->a, name);
    f->columns = cols;
    f->ncolumns = ncols;
    f->ref_table = rt->t.name;
    f->ref_columns = refcols;
    f->on_delete = pd__action(pd__str(con, "fk_del_action"));
    f->on_update = pd__action(pd__str(con, "fk_upd_action"));
}

/* The constraints of one CREATE TABLE / ALTER TABLE, applied in PostgreSQL's order: checks, keys (primary first), foreign keys. */
typedef struct pd_pending {
    json_t *con;
    const char *column; /* a column constraint: its column */
} pd_pending;

typedef struct pd_batch {
    pd_pending *checks, *keys, *fks;
    size_t nchecks, nkeys, nfks;
} pd_batch;

static void pd__batch_add(pd *p, pd_batch *b, json_t *con, const char *column)
{
    const char *type = pd__str(con, "contype");
    if (!type)
        return;
    pd_pending *x = NULL;
    if (strcmp(type, "CONSTR_CHECK") == 0)
        x = PD_ADD(p->a, b->checks, b->nchecks);
    else if (strcmp(type, "CONSTR_PRIMARY") == 0 || strcmp(type, "CONSTR_UNIQUE") == 0)
        x = PD_ADD(p->a, b->keys, b->nkeys);
    else if (strcmp(type, "CONSTR_FOREIGN") == 0)
        x = PD_ADD(p->a, b->fks, b->nfks);
    else if (strcmp(type, "CONSTR_EXCLUSION") == 0)
        diag_warning(p->diags, pd__at(p, pd__loc(con)), "schema-sql-skipped",
                     "EXCLUDE constraints are not part of schemac's model: skipped");
    if (x) {
        x->con = con;
        x->column = column;
    }
}

static const char **pd__one(pd *p, const char *column)
{
    const char **v = ARENA_ARRAY(p->a, const char *, 1);
    v[0] = column;
    return v;
}

static void pd__batch_apply(pd *p, pd_table *t, const pd_batch *b)
{
    for (size_t i = 0; i < b->nchecks; i++)
        pd__add_check(p, t, b->checks[i].con, b->checks[i].column);
    /* The primary key first. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < b->nkeys; i++) {
            json_t *con = b->keys[i].con;
            bool primary = strcmp(pd__str(con, "contype"), "CONSTR_PRIMARY") == 0;
            if (primary != (pass == 0))
                continue;
            size_t n;
            const char **cols = pd__strings(p, pd__get(con, "keys"), &n);
            if (b->keys[i].column) {
                cols = pd__one(p, b->keys[i].column);
                n = 1;
            }
            pd__add_key(p, t, con, cols, n, primary);
        }
    for (size_t i = 0; i < b->nfks; i++) {
        json_t *con = b->fks[i].con;
        size_t n;
        const char **cols = pd__strings(p, pd__get(con, "fk_attrs"), &n);
        if (b->fks[i].column) {
            cols = pd__one(p, b->fks[i].column);
            n = 1;
        }
        pd__add_fk(p, t, con, cols, n);
    }
}

/* ---------------------------------------------------------------- columns */

/* A ColumnDef added to T; its constraints go to B. Returns false after reporting. */
static bool pd__column(pd *p, pd_table *t, json_t *cd, pd_batch *b)
{
    const char *name = pd__str(cd, "colname");
    if (!name)
        return false;
    if (pd__column_index(&t->t, name) != (size_t)-1) {
        pd__error(p, pd__loc(cd), "column \"%s\" specified more than once", name);
        return false;
    }
    pd_type ty;
    if (!pd__type(p, pd__get(cd, "typeName"), &ty))
        return false;
    size_t at = t->t.ncolumns;
    ir_column *col = PD_ADD(p->a, t->t.columns, t->t.ncolumns);
    size_t nd = at;
    const char **dom = PD_ADD(p->a, t->domains, nd);
    *dom = ty.domain;
    col->name = arena_strdup(p->a, name);
    col->nullable = !ty.notnull;
    pd__apply_type(p, col, &ty);
    if (ty.serial) {
        const char *seq = pd__choose(p, t->t.name, col->name, "seq", true, false);
        const char **s = PD_ADD(p->a, p->sequences, p->nsequences);
        *s = seq;
        col->nullable = false;
        col->dflt.kind = IR_DEFAULT_AUTOINCREMENT;
        if (col->native && strcmp(col->native, "SmallInt") != 0)
            col->native = NULL;
    }
    json_t *cons = pd__get(cd, "constraints");
    for (size_t i = 0; json_is_array(cons) && i < json_array_size(cons); i++) {
        json_t *con = pd__node(json_array_get(cons, i), NULL);
        const char *type = pd__str(con, "contype");
        if (!type)
            continue;
        col = &t->t.columns[at];
        if (strcmp(type, "CONSTR_NOTNULL") == 0 || strcmp(type, "CONSTR_IDENTITY") == 0)
            col->nullable = false;
        else if (strcmp(type, "CONSTR_NULL") == 0)
            col->nullable = !ty.notnull;
        else if (strcmp(type, "CONSTR_DEFAULT") == 0) {
            if (ty.serial) {
                pd__error(p, pd__loc(con), "multiple default values specified for column \"%s\" of table \"%s\"",
                          col->name, t->t.name);
                continue;
            }
            pd__set_default(p, col, pd__get(con, "raw_expr"), -1);
        } else if (strcmp(type, "CONSTR_PRIMARY") == 0) {
            col->nullable = false;
            pd__batch_add(p, b, con, col->name);
        } else {
            pd__batch_add(p, b, con, col->name);
        }
    }
    return true;
}

/* ---------------------------------------------------------------- statements */

static void pd__add_table(pd *p, pd_table *t)
{
    pd_table **slot = PD_ADD(p->a, p->tables, p->ntables);
    *slot = t;
}

static void pd__create_table(pd *p, json_t *st)
{
    json_t *rv = pd__get(st, "relation");
    const char *name = pd__relname(p, rv);
    if (!name)
        return;
    if (pd__get(st, "partbound"))
        return; /* a partition: introspection reads the partitioned table only */
    if (pd__relation_used(p, name)) {
        if (!pd__bool(st, "if_not_exists"))
            pd__error(p, pd__loc(rv), "relation \"%s\" already exists", name);
        return;
    }
    pd_table *t = ARENA_NEW(p->a, pd_table);
    memset(t, 0, sizeof *t);
    t->t.name = name;
    t->t.kind = IR_TABLE_MODEL;
    pd_batch b;
    memset(&b, 0, sizeof b);
    /* Inherited columns come first. */
    json_t *inh = pd__get(st, "inhRelations");
    for (size_t i = 0; json_is_array(inh) && i < json_array_size(inh); i++) {
        json_t *prv = pd__node(json_array_get(inh, i), NULL);
        const char *pn = pd__relname(p, prv);
        pd_table *parent = pn ? pd__table(p, pn) : NULL;
        if (!parent) {
            if (pn)
                pd__error(p, pd__loc(prv), "relation \"%s\" does not exist", pn);
            return;
        }
        for (size_t k = 0; k < parent->t.ncolumns; k++) {
            if (pd__column_index(&t->t, parent->t.columns[k].name) != (size_t)-1)
                continue;
            size_t at = t->t.ncolumns;
            ir_column *c = PD_ADD(p->a, t->t.columns, t->t.ncolumns);
            *c = parent->t.columns[k];
            const char **d = PD_ADD(p->a, t->domains, at);
            *d = parent->domains ? parent->domains[k] : NULL;
        }
    }
    json_t *elts = pd__get(st, "tableElts");
    for (size_t i = 0; json_is_array(elts) && i < json_array_size(elts); i++) {
        const char *kind;
        json_t *e = pd__node(json_array_get(elts, i), &kind);
        if (strcmp(kind, "ColumnDef") == 0) {
            if (!pd__column(p, t, e, &b))
                return;
        } else if (strcmp(kind, "Constraint") == 0) {
            pd__batch_add(p, &b, e, NULL);
        } else if (strcmp(kind, "TableLikeClause") == 0) {
            json_t *lrv = pd__get(e, "relation");
            const char *ln = pd__relname(p, lrv);
            pd_table *src = ln ? pd__table(p, ln) : NULL;
            if (!src) {
                if (ln)
                    pd__error(p, pd__loc(lrv), "relation \"%s\" does not exist", ln);
                return;
            }
            json_t *opt = pd__get(e, "options");
            bool defaults = json_is_integer(opt) && (json_integer_value(opt) & (1 << 3));
            for (size_t k = 0; k < src->t.ncolumns; k++) {
                size_t at = t->t.ncolumns;
                ir_column *c = PD_ADD(p->a, t->t.columns, t->t.ncolumns);
                *c = src->t.columns[k];
                c->is_id = false;
                if (!defaults || c->dflt.kind == IR_DEFAULT_AUTOINCREMENT)
                    memset(&c->dflt, 0, sizeof c->dflt);
                const char **d = PD_ADD(p->a, t->domains, at);
                *d = src->domains ? src->domains[k] : NULL;
            }
        }
    }
    pd__add_table(p, t);
    pd__batch_apply(p, t, &b);
}

static pd_table *pd__alter_target(pd *p, json_t *st)
{
    json_t *rv = pd__get(st, "relation");
    const char *name = pd__relname(p, rv);
    if (!name)
        return NULL;
    pd_table *t = pd__table(p, name);
    if (!t && !pd__bool(st, "missing_ok"))
        pd__error(p, pd__loc(rv), "relation \"%s\" does not exist", name);
    return t;
}

/* Drop column I of T with what depends on it: keys, indexes, foreign keys, checks (CASCADE's effect). */
static void pd__drop_column(pd *p, pd_table *t, size_t i)
{
    const char *name = t->t.columns[i].name;
    for (size_t k = 0; t->t.has_pk && k < t->t.pk.ncolumns; k++)
        if (strcmp(t->t.pk.columns[k], name) == 0)
            t->t.has_pk = false;
    for (size_t k = t->t.nindexes; k-- > 0;) {
        bool uses = false;
        for (size_t c = 0; c < t->t.indexes[k].ncolumns && !uses; c++)
            uses = strcmp(t->t.indexes[k].columns[c].name, name) == 0;
        for (size_t c = 0; c < t->t.indexes[k].ninclude && !uses; c++)
            uses = strcmp(t->t.indexes[k].include[c], name) == 0;
        if (uses)
            PD_DEL(t->t.indexes, t->t.nindexes, k);
    }
    for (size_t k = t->t.nfks; k-- > 0;) {
        bool uses = false;
        for (size_t c = 0; c < t->t.fks[k].ncolumns && !uses; c++)
            uses = strcmp(t->t.fks[k].columns[c], name) == 0;
        if (uses)
            PD_DEL(t->t.fks, t->t.nfks, k);
    }
    for (size_t k = t->t.nchecks; k-- > 0;) {
        bool uses = false;
        for (size_t c = 0; c < t->check_refs[k].n && !uses; c++)
            uses = strcmp(t->check_refs[k].cols[c], name) == 0;
        if (uses) {
            PD_DEL(t->t.checks, t->t.nchecks, k);
            size_t n = t->t.nchecks + 1;
            PD_DEL(t->check_refs, n, k);
        }
    }
    /* Foreign keys elsewhere that point at the column. */
    for (size_t x = 0; x < p->ntables; x++) {
        ir_table *o = &p->tables[x]->t;
        for (size_t k = o->nfks; k-- > 0;) {
            if (strcmp(o->fks[k].ref_table, t->t.name) != 0)
                continue;
            bool uses = false;
            for (size_t c = 0; c < o->fks[k].ncolumns && !uses; c++)
                uses = strcmp(o->fks[k].ref_columns[c], name) == 0;
            if (uses)
                PD_DEL(o->fks, o->nfks, k);
        }
    }
    PD_DEL(t->t.columns, t->t.ncolumns, i);
    size_t n = t->t.ncolumns + 1;
    PD_DEL(t->domains, n, i);
}

static const char **pd__rename_list(arena *a, const char **names, size_t n, const char *old, const char *new_name)
{
    const char **out = ARENA_ARRAY(a, const char *, n + 1);
    for (size_t i = 0; i < n; i++)
        out[i] = strcmp(names[i], old) == 0 ? new_name : names[i];
    return out;
}

static void pd__rename_column(pd *p, pd_table *t, const char *old, const char *new_name)
{
    ir_table *tt = &t->t;
    tt->columns[pd__column_index(tt, old)].name = new_name;
    if (tt->has_pk)
        tt->pk.columns = pd__rename_list(p->a, tt->pk.columns, tt->pk.ncolumns, old, new_name);
    for (size_t k = 0; k < tt->nindexes; k++) {
        ir_index *x = &tt->indexes[k];
        ir_index_column *cols = ARENA_ARRAY(p->a, ir_index_column, x->ncolumns + 1);
        for (size_t c = 0; c < x->ncolumns; c++) {
            cols[c] = x->columns[c];
            if (strcmp(cols[c].name, old) == 0)
                cols[c].name = new_name;
        }
        x->columns = cols;
        x->include = pd__rename_list(p->a, x->include, x->ninclude, old, new_name);
        x->where = pd__rename_in(p->a, x->where, old, new_name);
    }
    for (size_t k = 0; k < tt->nfks; k++)
        tt->fks[k].columns = pd__rename_list(p->a, tt->fks[k].columns, tt->fks[k].ncolumns, old, new_name);
    for (size_t k = 0; k < tt->nchecks; k++) {
        tt->checks[k].expr = pd__rename_in(p->a, tt->checks[k].expr, old, new_name);
        t->check_refs[k].cols = pd__rename_list(p->a, t->check_refs[k].cols, t->check_refs[k].n, old, new_name);
    }
    for (size_t x = 0; x < p->ntables; x++) {
        ir_table *o = &p->tables[x]->t;
        for (size_t k = 0; k < o->nfks; k++)
            if (strcmp(o->fks[k].ref_table, tt->name) == 0)
                o->fks[k].ref_columns =
                    pd__rename_list(p->a, o->fks[k].ref_columns, o->fks[k].ncolumns, old, new_name);
    }
}

static size_t pd__need_column(pd *p, pd_table *t, const char *name, bool missing_ok)
{
    size_t i = name ? pd__column_index(&t->t, name) : (size_t)-1;
    if (i == (size_t)-1 && !missing_ok)
        pd__error(p, -1, "column \"%s\" of relation \"%s\" does not exist", name ? name : "?", t->t.name);
    return i;
}

static bool pd__drop_constraint(pd *p, pd_table *t, const char *name, bool missing_ok)
{
    ir_table *tt = &t->t;
    if (tt->has_pk && tt->pk.name && strcmp(tt->pk.name, name) == 0) {
        tt->has_pk = false;
        return true;
    }
    for (size_t k = 0; k < tt->nindexes; k++)
        if (tt->indexes[k].unique && strcmp(tt->indexes[k].name, name) == 0) {
            PD_DEL(tt->indexes, tt->nindexes, k);
            return true;
        }
    for (size_t k = 0; k < tt->nfks; k++)
        if (strcmp(tt->fks[k].name, name) == 0) {
            PD_DEL(tt->fks, tt->nfks, k);
            return true;
        }
    for (size_t k = 0; k < tt->nchecks; k++)
        if (strcmp(tt->checks[k].name, name) == 0) {
            PD_DEL(tt->checks, tt->nchecks, k);
            size_t n = tt->nchecks + 1;
            PD_DEL(t->check_refs, n, k);
            return true;
        }
    if (!missing_ok)
        pd__error(p, -1, "constraint \"%s\" of relation \"%s\" does not exist", name, tt->name);
    return false;
}

static void pd__alter_table(pd *p, json_t *st)
{
    const char *objtype = pd__str(st, "objtype");
    if (objtype && strcmp(objtype, "OBJECT_TABLE") != 0)
        return; /* ALTER INDEX / VIEW / SEQUENCE ... SET: nothing the model holds */
    pd_table *t = pd__alter_target(p, st);
    if (!t)
        return;
    pd_batch b;
    memset(&b, 0, sizeof b);
    json_t *cmds = pd__get(st, "cmds");
    for (size_t i = 0; json_is_array(cmds) && i < json_array_size(cmds); i++) {
        json_t *cmd = pd__node(json_array_get(cmds, i), NULL);
        const char *sub = pd__str(cmd, "subtype");
        const char *cname = pd__str(cmd, "name");
        bool missing_ok = pd__bool(cmd, "missing_ok");
        json_t *def = pd__get(cmd, "def");
        if (!sub)
            continue;
        if (strcmp(sub, "AT_AddColumn") == 0) {
            json_t *cd = pd__node(def, NULL);
            const char *col = pd__str(cd, "colname");
            if (col && pd__column_index(&t->t, col) != (size_t)-1 && missing_ok)
                continue;
            pd__column(p, t, cd, &b);
        } else if (strcmp(sub, "AT_DropColumn") == 0) {
            size_t k = pd__need_column(p, t, cname, missing_ok);
            if (k != (size_t)-1)
                pd__drop_column(p, t, k);
        } else if (strcmp(sub, "AT_ColumnDefault") == 0) {
            size_t k = pd__need_column(p, t, cname, false);
            if (k == (size_t)-1)
                continue;
            ir_column *col = &t->t.columns[k];
            if (!def)
                memset(&col->dflt, 0, sizeof col->dflt);
            else
                pd__set_default(p, col, def, -1);
        } else if (strcmp(sub, "AT_SetNotNull") == 0 || strcmp(sub, "AT_DropNotNull") == 0) {
            size_t k = pd__need_column(p, t, cname, false);
            if (k == (size_t)-1)
                continue;
            bool drop = strcmp(sub, "AT_DropNotNull") == 0;
            bool key = false;
            for (size_t c = 0; t->t.has_pk && c < t->t.pk.ncolumns; c++)
                key |= strcmp(t->t.pk.columns[c], cname) == 0;
            if (drop && key) {
                pd__error(p, -1, "column \"%s\" is in a primary key", cname);
                continue;
            }
            t->t.columns[k].nullable = drop;
        } else if (strcmp(sub, "AT_AlterColumnType") == 0) {
            size_t k = pd__need_column(p, t, cname, false);
            if (k == (size_t)-1)
                continue;
            pd_type ty;
            if (!pd__type(p, pd__get(pd__node(def, NULL), "typeName"), &ty))
                continue;
            ir_column *col = &t->t.columns[k];
            ir_default keep = col->dflt;
            pd__apply_type(p, col, &ty);
            col->dflt = keep;
            t->domains[k] = ty.domain;
        } else if (strcmp(sub, "AT_AddConstraint") == 0) {
            json_t *con = pd__node(def, NULL);
            pd__batch_add(p, &b, con, NULL);
            const char *type = pd__str(con, "contype");
            if (type && strcmp(type, "CONSTR_PRIMARY") == 0) {
                size_t n;
                const char **cols = pd__strings(p, pd__get(con, "keys"), &n);
                for (size_t c = 0; c < n; c++) {
                    size_t x = pd__column_index(&t->t, cols[c]);
                    if (x != (size_t)-1)
                        t->t.columns[x].nullable = false;
                }
            }
        } else if (strcmp(sub, "AT_DropConstraint") == 0) {
            if (cname)
                pd__drop_constraint(p, t, cname, missing_ok);
        } else if (strcmp(sub, "AT_AddIdentity") == 0) {
            size_t k = pd__need_column(p, t, cname, false);
            if (k != (size_t)-1)
                t->t.columns[k].nullable = false;
        } else if (strcmp(sub, "AT_ChangeOwner") == 0 || strcmp(sub, "AT_SetStatistics") == 0 ||
                   strcmp(sub, "AT_SetStorage") == 0 || strcmp(sub, "AT_ClusterOn") == 0 ||
                   strcmp(sub, "AT_DropCluster") == 0 || strncmp(sub, "AT_EnableTrig", 13) == 0 ||
                   strncmp(sub, "AT_DisableTrig", 14) == 0 || strncmp(sub, "AT_EnableRule", 13) == 0 ||
                   strncmp(sub, "AT_DisableRule", 14) == 0 || strcmp(sub, "AT_EnableRowSecurity") == 0 ||
                   strcmp(sub, "AT_DisableRowSecurity") == 0 || strcmp(sub, "AT_ForceRowSecurity") == 0 ||
                   strcmp(sub, "AT_NoForceRowSecurity") == 0 || strcmp(sub, "AT_ReplicaIdentity") == 0 ||
                   strcmp(sub, "AT_SetRelOptions") == 0 || strcmp(sub, "AT_ResetRelOptions") == 0 ||
                   strcmp(sub, "AT_SetOptions") == 0 || strcmp(sub, "AT_ResetOptions") == 0 ||
                   strcmp(sub, "AT_SetIdentity") == 0 || strcmp(sub, "AT_DropIdentity") == 0 ||
                   strcmp(sub, "AT_ValidateConstraint") == 0 || strcmp(sub, "AT_SetLogged") == 0 ||
                   strcmp(sub, "AT_SetUnLogged") == 0 || strcmp(sub, "AT_SetTableSpace") == 0 ||
                   strcmp(sub, "AT_SetCompression") == 0 || strcmp(sub, "AT_AlterConstraint") == 0) {
            /* Nothing the model holds. */
        } else {
            diag_warning(p->diags, pd__at(p, pd__loc(pd__get(st, "relation"))), "schema-sql-skipped",
                         "ALTER TABLE %s: schemac does not read this change; skipped", sub + 3);
        }
    }
    pd__batch_apply(p, t, &b);
}

static void pd__create_index(pd *p, json_t *st)
{
    json_t *rv = pd__get(st, "relation");
    const char *tname = pd__relname(p, rv);
    if (!tname)
        return;
    pd_table *t = pd__table(p, tname);
    if (!t) {
        pd__error(p, pd__loc(rv), "relation \"%s\" does not exist", tname);
        return;
    }
    const char *name = pd__str(st, "idxname");
    if (name && pd__relation_used(p, name)) {
        if (!pd__bool(st, "if_not_exists"))
            pd__error(p, pd__loc(rv), "relation \"%s\" already exists", name);
        return;
    }
    json_t *params = pd__get(st, "indexParams");
    json_t *incl = pd__get(st, "indexIncludingParams");
    size_t np = json_is_array(params) ? json_array_size(params) : 0;
    size_t ni = json_is_array(incl) ? json_array_size(incl) : 0;
    ir_index x;
    memset(&x, 0, sizeof x);
    x.unique = pd__bool(st, "unique");
    x.columns = ARENA_ARRAY(p->a, ir_index_column, np + 1);
    x.include = ARENA_ARRAY(p->a, const char *, ni + 1);
    const char **names = ARENA_ARRAY(p->a, const char *, np + ni + 1); /* for the index's name */
    const char *am = pd__str(st, "accessMethod");
    if (am && strcmp(am, "hash") == 0)
        x.method = IR_METHOD_HASH;
    else if (am && strcmp(am, "gin") == 0)
        x.method = IR_METHOD_GIN;
    else if (am && strcmp(am, "gist") == 0)
        x.method = IR_METHOD_GIST;
    else if (am && strcmp(am, "brin") == 0)
        x.method = IR_METHOD_BRIN;
    else if (am && strcmp(am, "spgist") == 0)
        x.method = IR_METHOD_SPGIST;
    for (size_t i = 0; i < np + ni; i++) {
        json_t *el = pd__node(json_array_get(i < np ? params : incl, i < np ? i : i - np), NULL);
        const char *col = pd__str(el, "name");
        const char *colname;
        const char *keyname;
        if (col) {
            if (pd__column_index(&t->t, col) == (size_t)-1) {
                pd__error(p, pd__loc(rv), "column \"%s\" does not exist", col);
                return;
            }
            colname = keyname = arena_strdup(p->a, col);
        } else {
            json_t *expr = pd__get(el, "expr");
            const char *k;
            json_t *en = pd__node(expr, &k);
            colname = "expr";
            if (strcmp(k, "FuncCall") == 0) {
                size_t nn;
                const char **fn = pd__strings(p, pd__get(en, "funcname"), &nn);
                if (nn)
                    colname = fn[nn - 1];
            } else if (strcmp(k, "ColumnRef") == 0) {
                size_t nn;
                const char **fs = pd__strings(p, pd__get(en, "fields"), &nn);
                if (nn)
                    colname = fs[nn - 1];
            }
            const char *text = pd__expr_text(p, pd__leftmost(expr), true);
            keyname = arena_printf(p->a, "<expression %s>", text ? text : "?");
        }
        /* The same name twice in one index gets a number (ChooseIndexColumnNames). */
        const char *unique = colname;
        for (int n = 1;; n++) {
            bool taken = false;
            for (size_t k = 0; k < i && !taken; k++)
                taken = strcmp(names[k], unique) == 0;
            if (!taken)
                break;
            unique = arena_printf(p->a, "%s%d", colname, n);
        }
        names[i] = unique;
        if (i >= np) {
            x.include[x.ninclude++] = keyname;
            continue;
        }
        ir_index_column *ic = &x.columns[x.ncolumns++];
        ic->name = keyname;
        const char *ord = pd__str(el, "ordering");
        ic->sort = ord && strcmp(ord, "SORTBY_DESC") == 0 ? IR_SORT_DESC : IR_SORT_ASC;
        const char *nulls = pd__str(el, "nulls_ordering");
        bool first = nulls && strcmp(nulls, "SORTBY_NULLS_FIRST") == 0;
        bool last = nulls && strcmp(nulls, "SORTBY_NULLS_LAST") == 0;
        size_t ncoll;
        const char **coll = pd__strings(p, pd__get(el, "collation"), &ncoll);
        bool odd_nulls = (first && ic->sort == IR_SORT_ASC) || (last && ic->sort == IR_SORT_DESC);
        if (ncoll || odd_nulls)
            ic->name = arena_printf(p->a, "<%s%s%s%s>", ic->name, ncoll ? " COLLATE " : "",
                                    ncoll ? pd__quote_ident(p->a, coll[ncoll - 1]) : "",
                                    !odd_nulls ? "" : first ? " NULLS FIRST" : " NULLS LAST");
        size_t nop;
        const char **op = pd__strings(p, pd__get(el, "opclass"), &nop);
        static const char *const defaults[] = {"jsonb_ops", "array_ops", "tsvector_ops", "range_ops",
                                               "inet_ops",  "text_ops",  "int4_ops",     "int8_ops"};
        if (nop) {
            ic->opclass = op[nop - 1];
            for (size_t d = 0; d < sizeof defaults / sizeof defaults[0]; d++)
                if (strcmp(ic->opclass, defaults[d]) == 0)
                    ic->opclass = NULL;
        }
    }
    json_t *where = pd__get(st, "whereClause");
    if (where) {
        /* The predicate is the statement's rest after its top-level WHERE. */
        size_t base = p->stmt_at;
        sqlscan s;
        sqlscan_init(&s, SQLSCAN_POSTGRES, p->text + base, p->stmt_end - base);
        size_t depth = 0;
        for (;;) {
            sqltok tk = sqlscan_next(&s);
            if (tk.kind == SQLTOK_END || tk.kind == SQLTOK_ERROR)
                break;
            if (tk.kind == SQLTOK_LPAREN)
                depth++;
            else if (tk.kind == SQLTOK_RPAREN && depth)
                depth--;
            else if (depth == 0 && pd__tok_word(p, &tk, base, "WHERE")) {
                size_t at = base + tk.start + tk.len;
                while (at < p->stmt_end && isspace((unsigned char)p->text[at]))
                    at++;
                x.where = pd__expr_text(p, (int)at, false);
                break;
            }
        }
    }
    if (name)
        x.name = arena_strdup(p->a, name);
    else
        x.name = pd__choose(p, t->t.name, pd__name_addition(p->a, names, np + ni), "idx", true, false);
    ir_index *slot = PD_ADD(p->a, t->t.indexes, t->t.nindexes);
    *slot = x;
}

/* Where a CREATE VIEW / MATERIALIZED VIEW's query is: after its top-level AS, without WITH ... OPTION / [NO] DATA. */
static void pd__view(pd *p, json_t *rv, json_t *aliases, bool replace, bool check_option, bool matview)
{
    const char *name = pd__relname(p, rv);
    if (!name)
        return;
    int existing = pd__view_index(p, name);
    if ((existing >= 0 && !replace) || pd__table(p, name)) {
        pd__error(p, pd__loc(rv), "relation \"%s\" already exists", name);
        return;
    }
    size_t base = p->stmt_at;
    sqlscan s;
    sqlscan_init(&s, SQLSCAN_POSTGRES, p->text + base, p->stmt_end - base);
    size_t depth = 0, at = 0;
    sqltok last[4];
    size_t nlast = 0, end = 0;
    bool seen_view = false;
    for (;;) {
        sqltok t = sqlscan_next(&s);
        if (t.kind == SQLTOK_END || t.kind == SQLTOK_ERROR || t.kind == SQLTOK_SEMICOLON)
            break;
        if (t.kind == SQLTOK_SPACE || t.kind == SQLTOK_LINE_COMMENT || t.kind == SQLTOK_BLOCK_COMMENT)
            continue;
        if (t.kind == SQLTOK_LPAREN)
            depth++;
        else if (t.kind == SQLTOK_RPAREN && depth)
            depth--;
        if (!at) {
            if (pd__tok_word(p, &t, base, "VIEW"))
                seen_view = true;
            else if (seen_view && depth == 0 && pd__tok_word(p, &t, base, "AS")) {
                at = base + t.start + t.len;
                continue;
            }
            continue;
        }
        if (nlast == 4) {
            memmove(last, last + 1, 3 * sizeof *last);
            last[3] = t;
        } else {
            last[nlast++] = t;
        }
        end = base + t.start + t.len;
    }
    if (!at || !end) {
        pd__error(p, pd__loc(rv), "cannot find the query of view \"%s\"", name);
        return;
    }
    /* WITH [CASCADED | LOCAL] CHECK OPTION, WITH [NO] DATA */
    for (size_t k = 0; k < nlast; k++) {
        if (!pd__tok_word(p, &last[k], base, "WITH"))
            continue;
        bool tail = (check_option && k + 1 < nlast && pd__tok_word(p, &last[nlast - 1], base, "OPTION")) ||
                    (matview && pd__tok_word(p, &last[nlast - 1], base, "DATA"));
        if (tail) {
            end = base + last[k].start;
            break;
        }
    }
    while (at < end && isspace((unsigned char)p->text[at]))
        at++;
    while (end > at && isspace((unsigned char)p->text[end - 1]))
        end--;
    introspect_view v;
    memset(&v, 0, sizeof v);
    v.name = name;
    v.file = p->file;
    v.at = at;
    v.len = end - at;
    v.aliases = pd__strings(p, aliases, &v.naliases);
    v.span = pd__at(p, pd__loc(rv));
    if (existing >= 0) {
        p->views->items[existing] = v;
        return;
    }
    introspect_view *slot = PD_ADD(p->a, p->views->items, p->views->n);
    *slot = v;
}

static void pd__drop(pd *p, json_t *st)
{
    const char *type = pd__str(st, "removeType");
    bool missing_ok = pd__bool(st, "missing_ok");
    json_t *objs = pd__get(st, "objects");
    if (!type)
        return;
    for (size_t i = 0; json_is_array(objs) && i < json_array_size(objs); i++) {
        json_t *o = json_array_get(objs, i);
        const char *k;
        json_t *n = pd__node(o, &k);
        json_t *items = NULL;
        if (strcmp(k, "List") == 0)
            items = pd__get(n, "items");
        else if (strcmp(k, "TypeName") == 0)
            items = pd__get(n, "names");
        size_t nn;
        const char **names = pd__strings(p, items, &nn);
        if (nn == 0)
            continue;
        if (nn > 1 && strcmp(names[nn - 2], "public") != 0) {
            if (strcmp(type, "OBJECT_TABLE") == 0 || strcmp(type, "OBJECT_TYPE") == 0 ||
                strcmp(type, "OBJECT_VIEW") == 0 || strcmp(type, "OBJECT_INDEX") == 0)
                pd__error(p, -1, "schema \"%s\": schemac reads one schema, public", names[nn - 2]);
            continue;
        }
        const char *name = names[nn - 1];
        if (strcmp(type, "OBJECT_TABLE") == 0) {
            size_t at = (size_t)-1;
            for (size_t t = 0; t < p->ntables; t++)
                if (strcmp(p->tables[t]->t.name, name) == 0)
                    at = t;
            if (at == (size_t)-1) {
                if (!missing_ok)
                    pd__error(p, -1, "table \"%s\" does not exist", name);
                continue;
            }
            PD_DEL(p->tables, p->ntables, at);
            for (size_t t = 0; t < p->ntables; t++) {
                ir_table *o2 = &p->tables[t]->t;
                for (size_t f = o2->nfks; f-- > 0;)
                    if (strcmp(o2->fks[f].ref_table, name) == 0)
                        PD_DEL(o2->fks, o2->nfks, f);
            }
        } else if (strcmp(type, "OBJECT_VIEW") == 0 || strcmp(type, "OBJECT_MATVIEW") == 0) {
            int at = pd__view_index(p, name);
            if (at < 0) {
                if (!missing_ok)
                    pd__error(p, -1, "view \"%s\" does not exist", name);
                continue;
            }
            PD_DEL(p->views->items, p->views->n, (size_t)at);
        } else if (strcmp(type, "OBJECT_INDEX") == 0) {
            bool found = false;
            for (size_t t = 0; t < p->ntables && !found; t++) {
                ir_table *tt = &p->tables[t]->t;
                for (size_t x = 0; x < tt->nindexes && !found; x++)
                    if (strcmp(tt->indexes[x].name, name) == 0) {
                        PD_DEL(tt->indexes, tt->nindexes, x);
                        found = true;
                    }
            }
            if (!found && !missing_ok)
                pd__error(p, -1, "index \"%s\" does not exist", name);
        } else if (strcmp(type, "OBJECT_TYPE") == 0 || strcmp(type, "OBJECT_DOMAIN") == 0) {
            bool found = false;
            for (size_t e = 0; e < p->nenums && !found; e++)
                if (strcmp(p->enums[e].db_name, name) == 0) {
                    PD_DEL(p->enums, p->nenums, e);
                    found = true;
                }
            for (size_t d = 0; d < p->ndomains && !found; d++)
                if (strcmp(p->domains[d].name, name) == 0) {
                    PD_DEL(p->domains, p->ndomains, d);
                    found = true;
                }
            for (size_t c = 0; c < p->ncomposites && !found; c++)
                if (strcmp(p->composites[c], name) == 0) {
                    PD_DEL(p->composites, p->ncomposites, c);
                    found = true;
                }
            if (!found && !missing_ok)
                pd__error(p, -1, "type \"%s\" does not exist", name);
        } else if (strcmp(type, "OBJECT_SEQUENCE") == 0) {
            for (size_t s = 0; s < p->nsequences; s++)
                if (strcmp(p->sequences[s], name) == 0) {
                    PD_DEL(p->sequences, p->nsequences, s);
                    break;
                }
        }
    }
}

static void pd__rename(pd *p, json_t *st)
{
    const char *type = pd__str(st, "renameType");
    const char *new_name = pd__str(st, "newname");
    bool missing_ok = pd__bool(st, "missing_ok");
    if (!type || !new_name)
        return;
    new_name = arena_strdup(p->a, new_name);
    if (strcmp(type, "OBJECT_TABLE") == 0 || strcmp(type, "OBJECT_COLUMN") == 0 ||
        strcmp(type, "OBJECT_TABCONSTRAINT") == 0) {
        const char *rel = pd__str(st, "relationType");
        if (strcmp(type, "OBJECT_COLUMN") == 0 && rel && strcmp(rel, "OBJECT_TABLE") != 0)
            return; /* a view's or a type's column */
        json_t *rv = pd__get(st, "relation");
        const char *name = pd__relname(p, rv);
        if (!name)
            return;
        int view = pd__view_index(p, name);
        if (strcmp(type, "OBJECT_TABLE") == 0 && view >= 0) {
            p->views->items[view].name = new_name;
            return;
        }
        pd_table *t = pd__table(p, name);
        if (!t) {
            if (!missing_ok)
                pd__error(p, pd__loc(rv), "relation \"%s\" does not exist", name);
            return;
        }
        if (strcmp(type, "OBJECT_TABLE") == 0) {
            if (pd__relation_used(p, new_name)) {
                pd__error(p, pd__loc(rv), "relation \"%s\" already exists", new_name);
                return;
            }
            for (size_t x = 0; x < p->ntables; x++) {
                ir_table *o = &p->tables[x]->t;
                for (size_t k = 0; k < o->nfks; k++)
                    if (strcmp(o->fks[k].ref_table, name) == 0)
                        o->fks[k].ref_table = new_name;
            }
            t->t.name = new_name;
        } else if (strcmp(type, "OBJECT_COLUMN") == 0) {
            const char *old = pd__str(st, "subname");
            if (!old || pd__need_column(p, t, old, false) == (size_t)-1)
                return;
            if (pd__column_index(&t->t, new_name) != (size_t)-1) {
                pd__error(p, pd__loc(rv), "column \"%s\" of relation \"%s\" already exists", new_name, name);
                return;
            }
            pd__rename_column(p, t, arena_strdup(p->a, old), new_name);
        } else {
            const char *old = pd__str(st, "subname");
            if (!old)
                return;
            ir_table *tt = &t->t;
            bool found = false;
            if (tt->has_pk && tt->pk.name && strcmp(tt->pk.name, old) == 0) {
                tt->pk.name = new_name;
                found = true;
            }
            for (size_t k = 0; k < tt->nindexes && !found; k++)
                if (tt->indexes[k].unique && strcmp(tt->indexes[k].name, old) == 0) {
                    tt->indexes[k].name = new_name;
                    found = true;
                }
            for (size_t k = 0; k < tt->nfks && !found; k++)
                if (strcmp(tt->fks[k].name, old) == 0) {
                    tt->fks[k].name = new_name;
                    found = true;
                }
            for (size_t k = 0; k < tt->nchecks && !found; k++)
                if (strcmp(tt->checks[k].name, old) == 0) {
                    tt->checks[k].name = new_name;
                    found = true;
                }
            if (!found)
                pd__error(p, pd__loc(rv), "constraint \"%s\" for table \"%s\" does not exist", old, name);
        }
    } else if (strcmp(type, "OBJECT_INDEX") == 0) {
        json_t *rv = pd__get(st, "relation");
        const char *name = pd__relname(p, rv);
        if (!name)
            return;
        for (size_t t = 0; t < p->ntables; t++) {
            ir_table *tt = &p->tables[t]->t;
            if (tt->has_pk && tt->pk.name && strcmp(tt->pk.name, name) == 0) {
                tt->pk.name = new_name;
                return;
            }
            for (size_t x = 0; x < tt->nindexes; x++)
                if (strcmp(tt->indexes[x].name, name) == 0) {
                    tt->indexes[x].name = new_name;
                    return;
                }
        }
        if (!missing_ok)
            pd__error(p, pd__loc(rv), "relation \"%s\" does not exist", name);
    } else if (strcmp(type, "OBJECT_VIEW") == 0 || strcmp(type, "OBJECT_MATVIEW") == 0) {
        json_t *rv = pd__get(st, "relation");
        const char *name = pd__relname(p, rv);
        int at = name ? pd__view_index(p, name) : -1;
        if (at >= 0)
            p->views->items[at].name = new_name;
        else if (name && !missing_ok)
            pd__error(p, pd__loc(rv), "relation \"%s\" does not exist", name);
    } else if (strcmp(type, "OBJECT_TYPE") == 0 || strcmp(type, "OBJECT_DOMAIN") == 0) {
        json_t *obj = pd__get(st, "object");
        const char *k;
        json_t *n = pd__node(obj, &k);
        size_t nn;
        const char **names = pd__strings(p, strcmp(k, "List") == 0 ? pd__get(n, "items") : NULL, &nn);
        if (nn == 0)
            return;
        const char *old = names[nn - 1];
        ir_enum *e = pd__enum(p, old);
        pd_domain *d = pd__domain(p, old);
        if (pd__type_used(p, new_name)) {
            pd__error(p, -1, "type \"%s\" already exists", new_name);
            return;
        }
        if (e)
            e->db_name = new_name;
        else if (d)
            d->name = new_name;
        else {
            for (size_t c = 0; c < p->ncomposites; c++)
                if (strcmp(p->composites[c], old) == 0)
                    p->composites[c] = new_name;
        }
        for (size_t t = 0; t < p->ntables; t++) {
            pd_table *tt = p->tables[t];
            for (size_t c = 0; c < tt->t.ncolumns; c++) {
                ir_column *col = &tt->t.columns[c];
                if (e && col->enum_name && strcmp(col->enum_name, old) == 0) {
                    col->enum_name = new_name;
                    const char *q = pd__quote_ident(p->a, new_name);
                    col->db_type = col->list ? arena_printf(p->a, "%s[]", q) : q;
                }
                if (tt->domains[c] && strcmp(tt->domains[c], old) == 0) {
                    tt->domains[c] = new_name;
                    col->db_type = pd__quote_ident(p->a, new_name);
                }
            }
        }
        for (size_t x = 0; x < p->ndomains; x++)
            if (e && p->domains[x].type.enum_name && strcmp(p->domains[x].type.enum_name, old) == 0)
                p->domains[x].type.enum_name = new_name, p->domains[x].type.format = pd__quote_ident(p->a, new_name);
    }
}

static void pd__create_enum(pd *p, json_t *st)
{
    const char *name = pd__typename_of(p, pd__get(st, "typeName"), -1);
    if (!name)
        return;
    if (pd__type_used(p, name)) {
        pd__error(p, -1, "type \"%s\" already exists", name);
        return;
    }
    size_t n;
    const char **vals = pd__strings(p, pd__get(st, "vals"), &n);
    ir_enum *e = PD_ADD(p->a, p->enums, p->nenums);
    e->db_name = name;
    e->values = ARENA_ARRAY(p->a, ir_enum_value, n + 1);
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < e->nvalues; k++)
            if (strcmp(e->values[k].db_name, vals[i]) == 0) {
                pd__error(p, -1, "enum label \"%s\" used more than once", vals[i]);
                p->nenums--;
                return;
            }
        e->values[e->nvalues].db_name = vals[i];
        e->values[e->nvalues].name = vals[i];
        e->nvalues++;
    }
}

static void pd__alter_enum(pd *p, json_t *st)
{
    const char *name = pd__typename_of(p, pd__get(st, "typeName"), -1);
    if (!name)
        return;
    ir_enum *e = pd__enum(p, name);
    if (!e) {
        pd__error(p, -1, "type \"%s\" does not exist", name);
        return;
    }
    const char *old = pd__str(st, "oldVal");
    const char *val = pd__str(st, "newVal");
    if (!val)
        return;
    val = arena_strdup(p->a, val);
    size_t found = (size_t)-1;
    for (size_t k = 0; k < e->nvalues; k++)
        if (strcmp(e->values[k].db_name, old ? old : val) == 0)
            found = k;
    if (old) {
        if (found == (size_t)-1) {
            pd__error(p, -1, "\"%s\" is not an existing enum label", old);
            return;
        }
        e->values[found].db_name = e->values[found].name = val;
        return;
    }
    if (found != (size_t)-1) {
        if (!pd__bool(st, "skipIfNewValExists"))
            pd__error(p, -1, "enum label \"%s\" already exists", val);
        return;
    }
    const char *nb = pd__str(st, "newValNeighbor");
    size_t at = e->nvalues;
    if (nb) {
        size_t k = 0;
        while (k < e->nvalues && strcmp(e->values[k].db_name, nb) != 0)
            k++;
        if (k == e->nvalues) {
            pd__error(p, -1, "\"%s\" is not an existing enum label", nb);
            return;
        }
        at = pd__bool(st, "newValIsAfter") ? k + 1 : k;
    }
    ir_enum_value *vals = ARENA_ARRAY(p->a, ir_enum_value, e->nvalues + 2);
    memcpy(vals, e->values, at * sizeof *vals);
    vals[at].db_name = vals[at].name = val;
    memcpy(vals + at + 1, e->values + at, (e->nvalues - at) * sizeof *vals);
    e->values = vals;
    e->nvalues++;
}

static void pd__create_domain(pd *p, json_t *st)
{
    const char *name = pd__typename_of(p, pd__get(st, "domainname"), -1);
    if (!name)
        return;
    if (pd__type_used(p, name)) {
        pd__error(p, -1, "type \"%s\" already exists", name);
        return;
    }
    pd_type ty;
    if (!pd__type(p, pd__get(st, "typeName"), &ty))
        return;
    json_t *cons = pd__get(st, "constraints");
    for (size_t i = 0; json_is_array(cons) && i < json_array_size(cons); i++) {
        const char *type = pd__str(pd__node(json_array_get(cons, i), NULL), "contype");
        if (type && strcmp(type, "CONSTR_NOTNULL") == 0)
            ty.notnull = true;
        else if (type && strcmp(type, "CONSTR_NULL") == 0)
            ty.notnull = false;
    }
    pd_domain *d = PD_ADD(p->a, p->domains, p->ndomains);
    d->name = name;
    d->type = ty;
    d->type.domain = NULL;
}

static void pd__statement(pd *p, json_t *wrapped)
{
    const char *kind;
    json_t *st = pd__node(wrapped, &kind);
    if (!st)
        return;
    if (strcmp(kind, "CreateStmt") == 0)
        pd__create_table(p, st);
    else if (strcmp(kind, "AlterTableStmt") == 0)
        pd__alter_table(p, st);
    else if (strcmp(kind, "IndexStmt") == 0)
        pd__create_index(p, st);
    else if (strcmp(kind, "CreateEnumStmt") == 0)
        pd__create_enum(p, st);
    else if (strcmp(kind, "AlterEnumStmt") == 0)
        pd__alter_enum(p, st);
    else if (strcmp(kind, "CreateDomainStmt") == 0)
        pd__create_domain(p, st);
    else if (strcmp(kind, "DropStmt") == 0)
        pd__drop(p, st);
    else if (strcmp(kind, "RenameStmt") == 0)
        pd__rename(p, st);
    else if (strcmp(kind, "ViewStmt") == 0) {
        const char *opt = pd__str(st, "withCheckOption");
        pd__view(p, pd__get(st, "view"), pd__get(st, "aliases"), pd__bool(st, "replace"),
                 opt && strcmp(opt, "NO_CHECK_OPTION") != 0, false);
    } else if (strcmp(kind, "CreateTableAsStmt") == 0) {
        const char *obj = pd__str(st, "objtype");
        json_t *into = pd__get(st, "into");
        if (obj && strcmp(obj, "OBJECT_MATVIEW") == 0)
            pd__view(p, pd__get(into, "rel"), pd__get(into, "colNames"), false, false, true);
        else
            diag_warning(p->diags, pd__at(p, -1), "schema-sql-skipped",
                         "CREATE TABLE ... AS: schemac does not read the columns of a table made from a query; "
                         "skipped (write CREATE TABLE with its columns)");
    } else if (strcmp(kind, "CompositeTypeStmt") == 0) {
        json_t *tv = pd__get(st, "typevar");
        const char *name = pd__relname(p, tv);
        if (name) {
            const char **slot = PD_ADD(p->a, p->composites, p->ncomposites);
            *slot = name;
        }
    } else if (strcmp(kind, "CreateSeqStmt") == 0) {
        const char *name = pd__relname(p, pd__get(st, "sequence"));
        if (name) {
            const char **slot = PD_ADD(p->a, p->sequences, p->nsequences);
            *slot = name;
        }
    } else {
        static const char *const quiet[] = {
            "VariableSetStmt",  "CommentStmt",       "GrantStmt",          "GrantRoleStmt",
            "CreateSchemaStmt", "CreateExtensionStmt", "CreateFunctionStmt", "CreateTrigStmt",
            "TransactionStmt",  "DoStmt",            "AlterOwnerStmt",     "AlterDefaultPrivilegesStmt",
            "InsertStmt",       "UpdateStmt",        "DeleteStmt",         "SelectStmt",
            "AlterSeqStmt",     "CreateRoleStmt",    "AlterRoleStmt",      "CreatePolicyStmt",
            "AlterPolicyStmt",  "AlterFunctionStmt", "CreateEventTrigStmt", "RuleStmt",
            "CreatePublicationStmt", "CopyStmt",     "CreateCastStmt",     "DefineStmt",
            "CreateRangeStmt",  "CreateStatsStmt",   "ClusterStmt",        "VacuumStmt",
            "ReindexStmt",      "RefreshMatViewStmt", "LockStmt",          "NotifyStmt",
            "ListenStmt",       "AlterExtensionStmt", "SecLabelStmt",      "AlterDomainStmt",
            "CreateOpClassStmt", "AlterObjectSchemaStmt", "DropOwnedStmt", "ReassignOwnedStmt",
            "CreateConversionStmt", "CreateTransformStmt", "CreateAmStmt", "AlterTSConfigurationStmt",
            "AlterTSDictionaryStmt", "CreatePLangStmt", "CallStmt",       "AlterEnumStmt",
            "DropRoleStmt",     "CheckPointStmt",    "DiscardStmt",        "VariableShowStmt",
            "ExplainStmt",      "CreateForeignTableStmt", "CreateFdwStmt", "CreateForeignServerStmt",
            "CreateUserMappingStmt", "ImportForeignSchemaStmt", "AlterStatsStmt", "CreateSubscriptionStmt",
        };
        for (size_t i = 0; i < sizeof quiet / sizeof quiet[0]; i++)
            if (strcmp(kind, quiet[i]) == 0)
                return;
        size_t at = pd__stmt_start(p);
        diag_warning(p->diags, pd__span(p, at, pd__toklen(p, at)), "schema-sql-skipped",
                     "statement skipped: schemac does not read %s in a schema", kind);
    }
}

/* ---------------------------------------------------------------- files */

static void pd__file(pd *p, const introspect_ddl_file *f)
{
    p->file = f->file;
    p->len = f->len;
    p->text = arena_strndup(p->a, p->src->files[f->file].text, f->len);
    PgQueryParseResult r = pg_query_parse(p->text);
    if (r.error) {
        int pos = r.error->cursorpos > 0 ? r.error->cursorpos - 1 : 0;
        p->stmt_at = 0;
        p->stmt_end = p->len;
        diag_error(p->diags, pd__span(p, (size_t)pos, pd__toklen(p, (size_t)pos)), "schema-sql", "%s",
                   r.error->message);
        p->errors++;
        pg_query_free_parse_result(r);
        return;
    }
    json_t *root = json_loads(r.parse_tree, 0, NULL);
    pg_query_free_parse_result(r);
    json_t *stmts = pd__get(root, "stmts");
    for (size_t i = 0; json_is_array(stmts) && i < json_array_size(stmts); i++) {
        json_t *raw = json_array_get(stmts, i);
        json_t *loc = pd__get(raw, "stmt_location"), *len = pd__get(raw, "stmt_len");
        p->stmt_at = json_is_integer(loc) ? (size_t)json_integer_value(loc) : 0;
        p->stmt_end = json_is_integer(len) && json_integer_value(len) > 0 ? p->stmt_at + (size_t)json_integer_value(len)
                                                                         : p->len;
        if (p->stmt_at > p->len)
            p->stmt_at = p->len;
        if (p->stmt_end > p->len)
            p->stmt_end = p->len;
        pd__statement(p, pd__get(raw, "stmt"));
    }
    json_decref(root);
}

size_t introspect_ddl_postgres(ir_schema *out, introspect_views *views, arena *a, const sc_sources *src,
                               sc_diags *diags, const introspect_ddl_file *files, size_t nfiles)
{
    memset(out, 0, sizeof *out);
    out->provider = IR_PROVIDER_POSTGRESQL;
    memset(views, 0, sizeof *views);
    pd p;
    memset(&p, 0, sizeof p);
    p.a = a;
    p.src = src;
    p.diags = diags;
    p.views = views;
    for (size_t i = 0; i < nfiles; i++)
        pd__file(&p, &files[i]);
    out->tables = ARENA_ARRAY(a, ir_table, p.ntables + 1);
    for (size_t i = 0; i < p.ntables; i++) {
        ir_table *t = &out->tables[out->ntables++];
        *t = p.tables[i]->t;
        if (!t->columns)
            t->columns = ARENA_ARRAY(a, ir_column, 1);
    }
    out->enums = p.enums;
    out->nenums = p.nenums;
    ir_canonicalize(out);
    return p.errors;
}
