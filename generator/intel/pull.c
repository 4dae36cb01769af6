/*
 * pull.c - a database as a schema file; see pull.h.
 *
 * The work goes in passes over the introspected model:
 *   1. names: enums, models and views get valid, unique block names (the
 *      existing schema's where it maps the same database object), columns
 *      valid, unique field names; what the language cannot name is left out;
 *   2. join tables that are exactly what an implicit many-to-many relation
 *      makes become that relation instead of a model;
 *   3. relations: one per foreign key that the language can express, with a
 *      field on both sides, named as Prisma names them;
 *   4. members: each field and block attribute rendered as a line, with the
 *      comments of the existing schema around it;
 *   5. output: blocks and members in the existing schema's order, new ones
 *      after them.
 */
#include "intel/pull.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "base/sqlscan.h"
#include "base/strbuf.h"
#include "base/strmap.h"
#include "ddl/ddl.h"

#define PL_NEW ((uint64_t)1 << 62) /* order of what the existing schema does not have: after it */

/* ---------------------------------------------------------------- strings and names */

static bool pl__utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        size_t n = (*p & 0xE0) == 0xC0 ? 1 : (*p & 0xF0) == 0xE0 ? 2 : (*p & 0xF8) == 0xF0 ? 3 : 0;
        if (!n || (*p == 0xC0 || *p == 0xC1) || *p > 0xF4)
            return false;
        unsigned cp = *p & (0x3Fu >> n);
        for (size_t i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3Fu);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += n + 1;
    }
    return true;
}

static bool pl__has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return true;
    return false;
}

/* A name the schema can hold in a string (@map and the like): no control character, valid UTF-8. */
static bool pl__name_ok(const char *s)
{
    return s && *s && !pl__has_control(s) && pl__utf8_valid(s);
}

const char *pull_string(arena *a, const char *s)
{
    strbuf b;
    strbuf_init(&b, a);
    strbuf_putc(&b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': strbuf_puts(&b, "\\\""); break;
        case '\\': strbuf_puts(&b, "\\\\"); break;
        case '\n': strbuf_puts(&b, "\\n"); break;
        case '\r': strbuf_puts(&b, "\\r"); break;
        case '\t': strbuf_puts(&b, "\\t"); break;
        case '\b': strbuf_puts(&b, "\\b"); break;
        case '\f': strbuf_puts(&b, "\\f"); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                strbuf_printf(&b, "\\u%04x", *p);
            else
                strbuf_putc(&b, (char)*p);
        }
    }
    strbuf_putc(&b, '"');
    return strbuf_str(&b);
}

/* Comment text on one line: control characters and bytes that are not UTF-8 become spaces and '?'. */
static const char *pl__comment_text(arena *a, const char *s)
{
    char *out = arena_strdup(a, s);
    for (unsigned char *p = (unsigned char *)out; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            *p = ' ';
    if (!pl__utf8_valid(out))
        for (unsigned char *p = (unsigned char *)out; *p; p++)
            if (*p >= 0x80)
                *p = '?';
    return out;
}

/* DOC as `///` lines (one per line of the text), each ending in '\n'. */
static const char *pl__doc_lines(arena *a, const char *doc)
{
    if (!doc || !*doc)
        return NULL;
    strbuf b;
    strbuf_init(&b, a);
    const char *p = doc;
    while (*p) {
        size_t n = strcspn(p, "\r\n");
        const char *line = pl__comment_text(a, arena_strndup(a, p, n));
        strbuf_printf(&b, "///%s%s\n", *line ? " " : "", line);
        p += n;
        if (*p == '\r' && p[1] == '\n')
            p++;
        if (*p)
            p++;
    }
    return strbuf_str(&b);
}

/*
 * ABOVE (the existing schema's comment lines of a declaration whose doc was
 * OLD_DOC) with the database's comment DB_DOC: when the database holds a
 * comment (COMMENT ON) that is not the doc, the database's comment becomes
 * the `///` lines and the `//` lines stay.
 */
static const char *pl__db_doc(arena *a, const char *above, const char *old_doc, const char *db_doc)
{
    if (!db_doc || !*db_doc)
        return above;
    if (old_doc) {
        const char *x = old_doc, *y = db_doc;
        while (*x == ' ' || *x == '\n')
            x++;
        while (*y == ' ' || *y == '\n')
            y++;
        size_t nx = strlen(x), ny = strlen(y);
        while (nx && (x[nx - 1] == ' ' || x[nx - 1] == '\n'))
            nx--;
        while (ny && (y[ny - 1] == ' ' || y[ny - 1] == '\n'))
            ny--;
        if (nx == ny && memcmp(x, y, nx) == 0)
            return above;
    }
    strbuf b;
    strbuf_init(&b, a);
    for (const char *q = above; q && *q;) {
        size_t n = strcspn(q, "\n");
        if (!(n >= 3 && strncmp(q, "///", 3) == 0))
            strbuf_printf(&b, "%.*s\n", (int)n, q);
        q += n;
        if (*q)
            q++;
    }
    strbuf_puts(&b, pl__doc_lines(a, db_doc));
    return strbuf_str(&b);
}

/* Prisma refuses these as model, view and enum names (sema.c keeps the same list). */
static const char *const pl__reserved[] = {
    "PrismaClient", "async", "await", "break", "case", "catch", "class", "const", "continue", "debugger",
    "default", "delete", "do", "else", "enum", "export", "extends", "false", "finally", "for", "function",
    "if", "implements", "import", "in", "instanceof", "interface", "let", "new", "null", "package",
    "private", "protected", "public", "return", "super", "switch", "this", "throw", "true", "try",
    "typeof", "var", "void", "while", "with", "yield", "Unsupported", "String", "Boolean", "Int",
    "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes",
};

static bool pl__is_ident(const char *s)
{
    if (!isalpha((unsigned char)s[0]))
        return false;
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            return false;
    return true;
}

/*
 * NAME as an identifier of the schema language: letters, digits and '_',
 * starting with a letter. Every other character (a UTF-8 sequence counts as
 * one) becomes '_'; leading '_' are dropped; a name that then starts with a
 * digit or is empty gets PREFIX in front.
 */
static const char *pl__ident(arena *a, const char *name, const char *prefix)
{
    if (pl__is_ident(name))
        return name;
    strbuf b;
    strbuf_init(&b, a);
    for (const unsigned char *p = (const unsigned char *)name; *p;) {
        if (isalnum(*p) || *p == '_') {
            strbuf_putc(&b, (char)*p++);
            continue;
        }
        strbuf_putc(&b, '_');
        p++;
        while ((*p & 0xC0) == 0x80)
            p++;
    }
    const char *s = strbuf_str(&b);
    while (*s == '_')
        s++;
    if (!isalpha((unsigned char)*s))
        s = arena_printf(a, "%s%s", prefix, s);
    return s;
}

/* ---------------------------------------------------------------- the document */

typedef struct pl_member {
    const char *text;     /* the member without indentation or line end (may hold '\n' for kept text) */
    const char *above;    /* comment lines before it, each ending in '\n'; NULL if none */
    const char *trailing; /* a comment after it on its line; NULL if none */
    uint64_t order;
} pl_member;

typedef struct pl_block {
    char kind;            /* 'm' model, 'v' view, 'e' enum, 't' kept as written */
    const char *name;     /* the schema name */
    const char *dbname;   /* the table, view or enum type */
    const ir_table *t;    /* models and views: the database's */
    ir_column *cols;      /* models and views: their columns, types mapped for the schema */
    const char **field;   /* per column: its field name; NULL when left out */
    const ir_enum *e;
    const ir_table *old;  /* the existing schema's table of the same database name */
    const ir_enum *old_e;
    bool ignored;         /* @@ignore */
    bool join;            /* a join table that became an implicit many-to-many relation */
    strmap fields;        /* field names taken */
    pl_member *members;
    size_t nmembers, cap;
    pl_member *attrs;     /* block attributes */
    size_t nattrs, acap;
    const char *above;    /* comments above the block */
    const char *text;     /* 't': the whole block */
    uint64_t order;
} pl_block;

typedef struct pl {
    arena *a;
    const ir_schema *db;
    const pull_existing *ex;
    const ir_schema *old_db; /* the existing schema as the database would hold it (ddl_db_view) */
    ir_provider provider;
    sc_scalar (*sqlite_type)(const char *decl); /* pull_options' */
    pl_block *blocks;
    size_t nblocks, cap;
    strmap names;   /* block names taken (models, views, enums share one namespace) */
    strmap tables;  /* database table name -> pl_block index + 1 */
    strmap enums;   /* enum type name -> pl_block index + 1 */
    const char **notes;
    size_t nnotes, ncap;
    size_t seq;     /* order of new members */
} pl;

static void pl__note(pl *p, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void pl__note(pl *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *text = arena_vprintf(p->a, fmt, ap);
    va_end(ap);
    p->notes = arena_reserve(p->a, p->notes, p->nnotes, &p->ncap, sizeof *p->notes, 8);
    p->notes[p->nnotes++] = pl__comment_text(p->a, text);
}

static pl_block *pl__new_block(pl *p, char kind)
{
    p->blocks = arena_reserve(p->a, p->blocks, p->nblocks, &p->cap, sizeof(pl_block), 16);
    pl_block *b = &p->blocks[p->nblocks++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    strmap_init(&b->fields, p->a);
    b->order = PL_NEW + p->seq++;
    return b;
}

/* The key of a table or enum type NAME in database schema SCHEMA (multi-schema) in p->tables and p->enums. */
static const char *pl__key(const pl *p, const char *schema, const char *name)
{
    return schema && name ? arena_printf(p->a, "%s\x01%s", schema, name) : name;
}

static pl_block *pl__table_block(const pl *p, const char *schema, const char *table)
{
    uintptr_t i = table ? (uintptr_t)strmap_gets(&p->tables, pl__key(p, schema, table)) : 0;
    return i ? &p->blocks[i - 1] : NULL;
}

static pl_block *pl__enum_block(const pl *p, const char *schema, const char *name)
{
    uintptr_t i = name ? (uintptr_t)strmap_gets(&p->enums, pl__key(p, schema, name)) : 0;
    return i ? &p->blocks[i - 1] : NULL;
}


static void pl__add(pl *p, pl_member **arr, size_t *n, size_t *cap, const char *text, const char *above,
                    const char *trailing, uint64_t order)
{
    *arr = arena_reserve(p->a, *arr, *n, cap, sizeof(pl_member), 8);
    pl_member *m = &(*arr)[(*n)++];
    m->text = text;
    m->above = above;
    m->trailing = trailing;
    m->order = order ? order : PL_NEW + p->seq++;
}

static void pl__member(pl *p, pl_block *b, const char *text, const char *above, const char *trailing, uint64_t order)
{
    pl__add(p, &b->members, &b->nmembers, &b->cap, text, above, trailing, order);
}

static void pl__attr(pl *p, pl_block *b, const char *text, const char *above, const char *trailing, uint64_t order)
{
    pl__add(p, &b->attrs, &b->nattrs, &b->acap, text, above, trailing, order);
}

/* A comment line above the next member (pull's own remarks). */
/* @@schema("x") of a model or enum of a multi-schema database. */
static void pl__schema_attr(pl *p, pl_block *b, const char *schema)
{
    if (schema)
        pl__attr(p, b, arena_printf(p->a, "@@schema(%s)", pull_string(p->a, schema)), NULL, NULL, 0);
}

static const char *pl__remark(pl *p, const char *above, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static const char *pl__remark(pl *p, const char *above, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *text = arena_vprintf(p->a, fmt, ap);
    va_end(ap);
    return arena_printf(p->a, "%s// %s\n", above ? above : "", pl__comment_text(p->a, text));
}

/* Take NAME in MAP, or NAME_2, NAME_3, ... when it is taken. */
static const char *pl__claim(pl *p, strmap *map, const char *name)
{
    const char *n = name;
    for (unsigned k = 2; strmap_gets(map, n); k++)
        n = arena_printf(p->a, "%s_%u", name, k);
    strmap_adds(map, n, (void *)n);
    return n;
}

static bool pl__reserved_name(const char *name)
{
    for (size_t i = 0; i < sizeof pl__reserved / sizeof pl__reserved[0]; i++)
        if (strcmp(name, pl__reserved[i]) == 0)
            return true;
    return false;
}

/* A block name for database object DBNAME: valid, not reserved, not taken. */
static const char *pl__block_name(pl *p, const char *dbname, const char *wanted)
{
    const char *n = wanted ? wanted : pl__ident(p->a, dbname, "M");
    if (!wanted && pl__reserved_name(n))
        n = arena_printf(p->a, "Renamed%s", n);
    return pl__claim(p, &p->names, n);
}

/* ---------------------------------------------------------------- the existing schema */

static uint64_t pl__pos(sc_span s)
{
    return ((uint64_t)s.file << 32) | s.start;
}

static bool pl__has_span(sc_span s)
{
    return s.end != 0;
}

static const sc_file *pl__file(const pl *p, sc_span s)
{
    if (!p->ex || !p->ex->sources || s.file >= p->ex->sources->nfiles)
        return NULL;
    return &p->ex->sources->files[s.file];
}

/* The `//` comment lines directly above DECL (no blank line between), as written. */
static const char *pl__src_above(const pl *p, sc_span decl)
{
    const sc_file *f = pl__file(p, decl);
    if (!f || !pl__has_span(decl) || decl.start > f->len)
        return NULL;
    size_t ls, le;
    source_line_bounds(f, decl.start, &ls, &le);
    size_t first = ls;
    while (first > 0) {
        size_t ps, pe;
        source_line_bounds(f, first - 1, &ps, &pe);
        size_t i = ps;
        while (i < pe && (f->text[i] == ' ' || f->text[i] == '\t'))
            i++;
        if (i + 1 >= pe || f->text[i] != '/' || f->text[i + 1] != '/')
            break;
        first = ps;
    }
    if (first == ls)
        return NULL;
    strbuf b;
    strbuf_init(&b, p->a);
    size_t at = first;
    while (at < ls) {
        size_t s, e;
        source_line_bounds(f, at, &s, &e);
        size_t i = s;
        while (i < e && (f->text[i] == ' ' || f->text[i] == '\t'))
            i++;
        strbuf_putn(&b, f->text + i, e - i);
        strbuf_putc(&b, '\n');
        at = e + 1;
        if (at > f->len)
            break;
    }
    return strbuf_str(&b);
}

/*
 * The comment lines at the top of the existing schema's first file, before
 * the comments that belong to its first block (at offset FIRST): a header.
 */
static const char *pl__src_header(const pl *p, uint32_t first)
{
    if (!p->ex || !p->ex->sources || !p->ex->sources->nfiles)
        return NULL;
    const sc_file *f = &p->ex->sources->files[0];
    if (first > f->len)
        return NULL;
    sc_span at = {0, first, first + 1, 0, 0};
    const char *above = pl__src_above(p, at);
    size_t ls, le;
    source_line_bounds(f, first, &ls, &le);
    size_t end = ls;
    /* back over the lines pl__src_above gave the block */
    for (const char *q = above; q && *q; q++)
        if (*q == '\n' && end > 0) {
            size_t ps, pe;
            source_line_bounds(f, end - 1, &ps, &pe);
            end = ps;
        }
    strbuf b;
    strbuf_init(&b, p->a);
    for (size_t at2 = 0; at2 < end;) {
        size_t s2, e2;
        source_line_bounds(f, at2, &s2, &e2);
        size_t i = s2;
        while (i < e2 && (f->text[i] == ' ' || f->text[i] == '\t'))
            i++;
        if (i < e2 && !(i + 1 < e2 && f->text[i] == '/' && f->text[i + 1] == '/'))
            return NULL; /* not only comments */
        strbuf_putn(&b, f->text + i, e2 - i);
        strbuf_putc(&b, '\n');
        at2 = e2 + 1;
    }
    const char *h = strbuf_str(&b);
    size_t n = strlen(h);
    while (n && (h[n - 1] == '\n'))
        n--;
    return n ? arena_strndup(p->a, h, n) : NULL;
}

/* A `//` comment after DECL on its last line, or NULL. */
static const char *pl__src_trailing(const pl *p, sc_span decl)
{
    const sc_file *f = pl__file(p, decl);
    if (!f || !pl__has_span(decl) || decl.end > f->len)
        return NULL;
    size_t ls, le;
    source_line_bounds(f, decl.end > 0 ? decl.end - 1 : 0, &ls, &le);
    size_t i = decl.end;
    while (i < le && (f->text[i] == ' ' || f->text[i] == '\t'))
        i++;
    if (i + 1 < le && f->text[i] == '/' && f->text[i + 1] == '/')
        return arena_strndup(p->a, f->text + i, le - i);
    return NULL;
}

/* The text of DECL as written. */
static const char *pl__src_text(const pl *p, sc_span decl)
{
    const sc_file *f = pl__file(p, decl);
    if (!f || !pl__has_span(decl) || decl.end > f->len || decl.start > decl.end)
        return NULL;
    return arena_strndup(p->a, f->text + decl.start, decl.end - decl.start);
}

static bool pl__field_ignored(const pl *p, const char *model, const char *field)
{
    if (!p->ex || !model || !field)
        return false;
    size_t ml = strlen(model);
    for (size_t i = 0; i < p->ex->nignored; i++) {
        const char *s = p->ex->ignored[i];
        if (strncmp(s, model, ml) == 0 && s[ml] == '.' && strcmp(s + ml + 1, field) == 0)
            return true;
    }
    return false;
}

/* ---------------------------------------------------------------- types */

/* The columns of T with the types the schema gives them (SQLite declared types mapped the Prisma way). */
static ir_column *pl__columns(pl *p, const ir_table *t)
{
    ir_column *cols = ARENA_ARRAY(p->a, ir_column, t->ncolumns ? t->ncolumns : 1);
    for (size_t i = 0; i < t->ncolumns; i++) {
        ir_column *c = &cols[i];
        *c = t->columns[i];
        if (p->provider == IR_PROVIDER_SQLITE && p->sqlite_type && c->scalar == SC_SCALAR_UNSUPPORTED &&
            c->unsupported && c->db_type && strcmp(c->unsupported, c->db_type) == 0) {
            sc_scalar s = p->sqlite_type(c->db_type);
            if (s != SC_SCALAR_UNSUPPORTED) {
                c->scalar = s;
                c->unsupported = NULL;
            }
        }
        /* SQLite's INTEGER PRIMARY KEY is the rowid: the database numbers it (schemac writes it AUTOINCREMENT) */
        if (p->provider == IR_PROVIDER_SQLITE && t->has_pk && t->pk.ncolumns == 1 &&
            strcmp(t->pk.columns[0], c->name) == 0 && c->db_type && strcasecmp(c->db_type, "INTEGER") == 0 &&
            c->dflt.kind == IR_DEFAULT_NONE)
            c->dflt.kind = IR_DEFAULT_AUTOINCREMENT;
        if (p->provider == IR_PROVIDER_SQLITE && c->scalar == SC_SCALAR_UNSUPPORTED && c->unsupported &&
            !*c->unsupported) {
            /* No declared type: any value goes (BLOB affinity); Bytes is the closest the schema has. */
            c->scalar = SC_SCALAR_BYTES;
            c->unsupported = NULL;
        }
        /* A primary key column holds no NULL whatever SQLite's catalog says. */
        c->is_id = false;
        for (size_t k = 0; t->has_pk && k < t->pk.ncolumns; k++)
            if (strcmp(t->pk.columns[k], c->name) == 0) {
                c->nullable = false;
                c->is_id = true;
            }
        if (c->list)
            c->nullable = false;
    }
    return cols;
}

static const char *pl__sqlscan_ok(const pl *p, const char *text)
{
    size_t at = 0;
    return sqlscan_fragment_check(p->provider == IR_PROVIDER_POSTGRESQL ? SQLSCAN_POSTGRES : SQLSCAN_SQLITE, text,
                                  strlen(text), &at);
}

/* SQL text the schema can carry in a string: one expression, no forbidden character. */
static bool pl__sql_ok(const pl *p, const char *text)
{
    return text && *text && pl__utf8_valid(text) && !pl__sqlscan_ok(p, text);
}

/* TEXT without parentheses around the whole of it: "(a > 0)" -> "a > 0". */
static const char *pl__unparen(const pl *p, const char *text)
{
    for (;;) {
        size_t n = strlen(text);
        while (n && isspace((unsigned char)text[n - 1]))
            n--;
        while (n && isspace((unsigned char)*text)) {
            text++;
            n--;
        }
        if (n < 2 || text[0] != '(' || text[n - 1] != ')')
            return arena_strndup(p->a, text, n);
        sqlscan s;
        sqlscan_init(&s, p->provider == IR_PROVIDER_POSTGRESQL ? SQLSCAN_POSTGRES : SQLSCAN_SQLITE, text, n);
        size_t depth = 0;
        bool whole = true;
        for (sqltok t = sqlscan_next(&s); t.kind != SQLTOK_END; t = sqlscan_next(&s)) {
            if (t.kind == SQLTOK_ERROR)
                return arena_strndup(p->a, text, n);
            if (t.kind == SQLTOK_LPAREN)
                depth++;
            else if (t.kind == SQLTOK_RPAREN && depth && --depth == 0 && t.start + t.len < n)
                whole = false;
        }
        if (!whole || depth)
            return arena_strndup(p->a, text, n);
        text = arena_strndup(p->a, text + 1, n - 2);
    }
}

/* ---------------------------------------------------------------- enums */

static void pl__enums(pl *p)
{
    for (size_t i = 0; i < p->db->nenums; i++) {
        const ir_enum *e = &p->db->enums[i];
        if (!pl__name_ok(e->db_name)) {
            pl__note(p, "enum type \"%s\" has a name the schema cannot hold (a control character or bytes that "
                        "are not UTF-8): left out",
                     e->db_name);
            continue;
        }
        const ir_enum *old = p->ex && p->ex->model ? ir_find_enum_in(p->ex->model, e->schema, e->db_name) : NULL;
        pl_block *b = pl__new_block(p, 'e');
        b->e = e;
        b->old_e = old;
        b->dbname = e->db_name;
        b->name = pl__block_name(p, e->db_name, old && old->name ? old->name : NULL);
        strmap_adds(&p->enums, pl__key(p, e->schema, e->db_name), (void *)(uintptr_t)p->nblocks);
        if (old) {
            b->order = pl__pos(old->src.decl);
            b->above = pl__src_above(p, old->src.decl);
        }
    }
}

/* The schema name of value DBNAME of enum block B, or NULL when the enum has no such value. */
static const char *pl__enum_value(const pl_block *b, const char *dbname);

static void pl__enum_members(pl *p, pl_block *b)
{
    const ir_enum *e = b->e;
    if (!b->above && (!b->old_e || !b->old_e->doc))
        b->above = pl__doc_lines(p->a, e->doc);
    else if (b->old_e)
        b->above = pl__db_doc(p->a, b->above, b->old_e->doc, e->doc);
    b->field = ARENA_ARRAY(p->a, const char *, e->nvalues ? e->nvalues : 1);
    for (size_t v = 0; v < e->nvalues; v++) {
        const ir_enum_value *val = &e->values[v];
        if (!pl__name_ok(val->db_name)) {
            pl__note(p, "enum \"%s\": value \"%s\" is empty or holds a control character: left out", b->name,
                     val->db_name);
            continue;
        }
        const ir_enum_value *oldv = NULL;
        for (size_t k = 0; b->old_e && k < b->old_e->nvalues; k++)
            if (strcmp(b->old_e->values[k].db_name, val->db_name) == 0)
                oldv = &b->old_e->values[k];
        const char *name = pl__claim(p, &b->fields, oldv ? oldv->name : pl__ident(p->a, val->db_name, "V"));
        b->field[v] = name;
        const char *text = strcmp(name, val->db_name) == 0
                               ? name
                               : arena_printf(p->a, "%s @map(%s)", name, pull_string(p->a, val->db_name));
        if (oldv)
            pl__member(p, b, text, pl__src_above(p, oldv->src.decl), pl__src_trailing(p, oldv->src.decl),
                       pl__pos(oldv->src.decl) + 1);
        else
            pl__member(p, b, text, NULL, NULL, 0);
    }
    if (b->old_e && b->old_e->src_map.span.end) {
        /* the @@map line is rewritten below when needed */
    }
    if (strcmp(b->name, e->db_name) != 0)
        pl__attr(p, b, arena_printf(p->a, "@@map(%s)", pull_string(p->a, e->db_name)), NULL, NULL, 0);
    pl__schema_attr(p, b, e->schema);
}

static const char *pl__enum_value(const pl_block *b, const char *dbname)
{
    for (size_t v = 0; b->e && v < b->e->nvalues; v++)
        if (strcmp(b->e->values[v].db_name, dbname) == 0)
            return b->field ? b->field[v] : NULL;
    return NULL;
}

/* ---------------------------------------------------------------- tables */

/* Tables the schema never holds: migration history, the engine's own and names it refuses. */
static const char *pl__skip_table(const pl *p, const char *name)
{
    if (strcmp(name, "_prisma_migrations") == 0 || strncmp(name, "_schemac_", 9) == 0)
        return "";
    if (!pl__name_ok(name))
        return "its name holds a control character or bytes that are not UTF-8";
    if (p->provider == IR_PROVIDER_POSTGRESQL && strncmp(name, "pg_", 3) == 0)
        return "PostgreSQL keeps names starting with pg_ for itself";
    if (p->provider == IR_PROVIDER_SQLITE && strncasecmp(name, "sqlite_", 7) == 0)
        return "";
    return NULL;
}

static void pl__tables(pl *p)
{
    for (size_t i = 0; i < p->db->ntables; i++) {
        const ir_table *t = &p->db->tables[i];
        const char *why = pl__skip_table(p, t->name);
        if (why) {
            if (*why)
                pl__note(p, "table \"%s\" is left out: %s", t->name, why);
            continue;
        }
        pl_block *b = pl__new_block(p, 'm');
        b->t = t;
        b->dbname = t->name;
        b->cols = pl__columns(p, t);
        strmap_adds(&p->tables, pl__key(p, t->schema, t->name), (void *)(uintptr_t)p->nblocks);
    }
    for (size_t i = 0; i < p->db->nviews; i++) {
        const ir_table *v = &p->db->views[i];
        const char *why = pl__skip_table(p, v->name);
        if (why) {
            if (*why)
                pl__note(p, "view \"%s\" is left out: %s", v->name, why);
            continue;
        }
        pl_block *b = pl__new_block(p, 'v');
        b->t = v;
        b->dbname = v->name;
        b->cols = pl__columns(p, v);
    }
}

/* ---------------------------------------------------------------- implicit many-to-many join tables */

typedef struct pl_join {
    pl_block *table;       /* the join table */
    pl_block *side[2];     /* the models of columns A and B */
    const char *relation;  /* the relation name (the table's name without its "_") */
} pl_join;

static const ir_foreign_key *pl__fk_on(const ir_table *t, const char *column)
{
    for (size_t i = 0; i < t->nfks; i++)
        if (t->fks[i].ncolumns == 1 && strcmp(t->fks[i].columns[0], column) == 0)
            return &t->fks[i];
    return NULL;
}

static bool pl__names_equal(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* Whether the join table B is exactly what lowering makes for an implicit many-to-many relation. */
static bool pl__is_join(pl *p, pl_block *b, pl_join *j)
{
    const ir_table *t = b->t;
    if (t->name[0] != '_' || !t->name[1] || t->ncolumns != 2 || t->nchecks || t->nfks != 2)
        return false;
    if (strcmp(t->columns[0].name, "A") != 0 || strcmp(t->columns[1].name, "B") != 0)
        return false;
    size_t max = p->provider == IR_PROVIDER_POSTGRESQL ? 63 : 0;
    for (int i = 0; i < 2; i++) {
        const ir_column *c = &t->columns[i];
        if (c->nullable || c->dflt.kind != IR_DEFAULT_NONE || c->list)
            return false;
        const ir_foreign_key *f = pl__fk_on(t, c->name);
        if (!f || f->on_delete != IR_ACTION_CASCADE || f->on_update != IR_ACTION_CASCADE)
            return false;
        /* SQLite keeps no name for a key written inline (REFERENCES ...): a key without one will do */
        if (!(p->provider == IR_PROVIDER_SQLITE && !f->name) &&
            !pl__names_equal(f->name, ir_constraint_name(p->a, t->name, NULL, 0, i ? "B_fkey" : "A_fkey", max)))
            return false;
        pl_block *m = pl__table_block(p, f->ref_schema, f->ref_table);
        if (!m || m->kind != 'm' || m == b || !m->t->has_pk || m->t->pk.ncolumns != 1 ||
            strcmp(m->t->pk.columns[0], f->ref_columns[0]) != 0)
            return false;
        const ir_column *id = ir_find_column(m->t, f->ref_columns[0]);
        if (!id || !c->db_type || !id->db_type || strcmp(c->db_type, id->db_type) != 0)
            return false;
        j->side[i] = m;
    }
    /* the key: a primary key (A, B) on PostgreSQL, a unique index on SQLite; and an index on B */
    size_t want_indexes = p->provider == IR_PROVIDER_POSTGRESQL ? 1 : 2;
    if (t->nindexes != want_indexes)
        return false;
    if (p->provider == IR_PROVIDER_POSTGRESQL) {
        if (!t->has_pk || t->pk.ncolumns != 2 || strcmp(t->pk.columns[0], "A") != 0 ||
            strcmp(t->pk.columns[1], "B") != 0 ||
            !pl__names_equal(t->pk.name, ir_constraint_name(p->a, t->name, NULL, 0, "AB_pkey", max)))
            return false;
    } else if (t->has_pk) {
        return false;
    }
    bool key = p->provider == IR_PROVIDER_POSTGRESQL, idx = false;
    for (size_t i = 0; i < t->nindexes; i++) {
        const ir_index *x = &t->indexes[i];
        if (x->where || x->ninclude || x->method != IR_METHOD_DEFAULT)
            return false;
        for (size_t k = 0; k < x->ncolumns; k++)
            if (x->columns[k].sort != IR_SORT_ASC || x->columns[k].opclass)
                return false;
        if (x->unique && x->ncolumns == 2 && strcmp(x->columns[0].name, "A") == 0 &&
            strcmp(x->columns[1].name, "B") == 0 &&
            pl__names_equal(x->name, ir_constraint_name(p->a, t->name, NULL, 0, "AB_unique", max)))
            key = true;
        else if (!x->unique && x->ncolumns == 1 && strcmp(x->columns[0].name, "B") == 0 &&
                 pl__names_equal(x->name, ir_constraint_name(p->a, t->name, NULL, 0, "B_index", max)))
            idx = true;
        else
            return false;
    }
    if (!key || !idx)
        return false;
    /* column A belongs to the model whose name sorts first */
    if (j->side[0] != j->side[1] && strcmp(j->side[0]->name, j->side[1]->name) > 0)
        return false;
    /* and the join table lives in that model's schema (multi-schema) */
    if (!ir_same_schema(t->schema, j->side[0]->t->schema))
        return false;
    /* nothing may point at the join table itself */
    for (size_t i = 0; i < p->db->ntables; i++)
        for (size_t k = 0; k < p->db->tables[i].nfks; k++)
            if (strcmp(p->db->tables[i].fks[k].ref_table, t->name) == 0 &&
                ir_same_schema(p->db->tables[i].fks[k].ref_schema, t->schema))
                return false;
    j->table = b;
    j->relation = t->name + 1;
    return true;
}

/* ---------------------------------------------------------------- names of models and fields */

static void pl__model_names(pl *p)
{
    /* Existing names first, so a new object cannot take a name the schema's author chose. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < p->nblocks; i++) {
            pl_block *b = &p->blocks[i];
            if ((b->kind != 'm' && b->kind != 'v') || b->name)
                continue;
            const ir_table *old = NULL;
            if (p->ex && p->ex->model)
                old = b->kind == 'm' ? ir_find_table_in(p->ex->model, b->t->schema, b->dbname) : NULL;
            if (old && old->kind != IR_TABLE_MODEL)
                old = NULL;
            if (pass == 0 && !old)
                continue;
            b->old = old;
            b->name = pl__block_name(p, b->dbname, old ? old->model : NULL);
            if (old) {
                b->order = pl__pos(old->src.decl);
                b->above = pl__src_above(p, old->src.decl);
                b->ignored = old->src_ignored;
            }
        }
    }
}

/*
 * SQLite has no enum types: an enum column is TEXT. Where the existing
 * schema makes a TEXT column an enum, it stays one, and the enum's block
 * with it (PostgreSQL's enums come from the database).
 */
static void pl__sqlite_enums(pl *p)
{
    if (p->provider != IR_PROVIDER_SQLITE || !p->ex || !p->ex->model)
        return;
    const ir_schema *m = p->ex->model;
    for (size_t i = 0; i < m->nenums; i++) {
        const ir_enum *e = &m->enums[i];
        if (!e->name || pl__enum_block(p, NULL, e->db_name))
            continue;
        pl_block *b = pl__new_block(p, 'e');
        b->e = e;
        b->old_e = e;
        b->dbname = e->db_name;
        b->name = pl__block_name(p, e->db_name, e->name);
        strmap_adds(&p->enums, e->db_name, (void *)(uintptr_t)p->nblocks);
        b->order = pl__pos(e->src.decl);
        b->above = pl__src_above(p, e->src.decl);
    }
    for (size_t i = 0; i < p->nblocks; i++) {
        pl_block *b = &p->blocks[i];
        if (b->kind != 'm' || !b->old)
            continue;
        for (size_t k = 0; k < b->t->ncolumns; k++) {
            ir_column *c = &b->cols[k];
            const ir_column *old = ir_find_column(b->old, c->name);
            if (old && old->enum_name && !old->list && c->scalar == SC_SCALAR_STRING && !c->list &&
                c->db_type && strcasecmp(c->db_type, "TEXT") == 0 && pl__enum_block(p, NULL, old->enum_name)) {
                c->enum_name = old->enum_name;
                c->scalar = SC_SCALAR_NONE;
            }
        }
    }
}

static void pl__field_names(pl *p, pl_block *b)
{
    b->field = ARENA_ARRAY(p->a, const char *, b->t->ncolumns ? b->t->ncolumns : 1);
    /* existing field names first */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < b->t->ncolumns; i++) {
            const ir_column *c = &b->cols[i];
            if (b->field[i])
                continue;
            const ir_column *old = b->old ? ir_find_column(b->old, c->name) : NULL;
            if (pass == 0 && !(old && old->field))
                continue;
            if (!pl__name_ok(c->name)) {
                if (pass == 1)
                    pl__note(p, "column \"%s\".\"%s\" has a name the schema cannot hold (a control character or "
                                "bytes that are not UTF-8): left out",
                             b->dbname, c->name);
                continue;
            }
            b->field[i] = pl__claim(p, &b->fields, old && old->field ? old->field : pl__ident(p->a, c->name, "f"));
        }
    }
}

static const char *pl__field_of(const pl_block *b, const char *column)
{
    for (size_t i = 0; b->t && i < b->t->ncolumns; i++)
        if (strcmp(b->t->columns[i].name, column) == 0)
            return b->field[i];
    return NULL;
}

static const ir_column *pl__col(const pl_block *b, const char *column)
{
    for (size_t i = 0; b->t && i < b->t->ncolumns; i++)
        if (strcmp(b->t->columns[i].name, column) == 0)
            return &b->cols[i];
    return NULL;
}

/* "[a, b]" of the field names of COLUMNS, or NULL when one has no field. */
static const char *pl__field_list(pl *p, const pl_block *b, const char *const *columns, size_t n)
{
    strbuf s;
    strbuf_init(&s, p->a);
    strbuf_putc(&s, '[');
    for (size_t i = 0; i < n; i++) {
        const char *f = pl__field_of(b, columns[i]);
        if (!f)
            return NULL;
        strbuf_printf(&s, "%s%s", i ? ", " : "", f);
    }
    strbuf_putc(&s, ']');
    return strbuf_str(&s);
}

/* ---------------------------------------------------------------- unique criteria */

/* Whether index X's key columns are plain columns of B with fields (no expression, no collation). */
static bool pl__index_plain(const pl_block *b, const ir_index *x)
{
    for (size_t k = 0; k < x->ncolumns; k++) {
        const ir_column *c = pl__col(b, x->columns[k].name);
        if (!c || !pl__field_of(b, x->columns[k].name))
            return false;
    }
    for (size_t k = 0; k < x->ninclude; k++)
        if (!pl__field_of(b, x->include[k]))
            return false;
    return x->ncolumns > 0;
}

static bool pl__supported(const ir_column *c)
{
    return c && c->scalar != SC_SCALAR_UNSUPPORTED;
}

/* Whether the set COLUMNS (any order) is the primary key or a full unique index of B the schema writes. */
static bool pl__unique_set(const pl_block *b, const char *const *columns, size_t n, bool require_required)
{
    const ir_table *t = b->t;
    for (size_t i = 0; i < n; i++) {
        const ir_column *c = pl__col(b, columns[i]);
        if (!c || (require_required && (!pl__supported(c) || c->nullable)) || !pl__field_of(b, columns[i]))
            return false;
    }
    if (t->has_pk && t->pk.ncolumns == n) {
        size_t hit = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < n; k++)
                hit += strcmp(t->pk.columns[k], columns[i]) == 0;
        if (hit == n)
            return true;
    }
    for (size_t x = 0; x < t->nindexes; x++) {
        const ir_index *ix = &t->indexes[x];
        if (!ix->unique || ix->where || ix->ncolumns != n || ix->method != IR_METHOD_DEFAULT || !pl__index_plain(b, ix))
            continue;
        size_t hit = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t k = 0; k < n; k++)
                hit += strcmp(ix->columns[k].name, columns[i]) == 0;
        if (hit == n)
            return true;
    }
    return false;
}

/* Whether B has an identity the schema can use: a key or full unique index of required, supported fields. */
static bool pl__has_criterion(const pl_block *b)
{
    const ir_table *t = b->t;
    if (t->has_pk && pl__unique_set(b, t->pk.columns, t->pk.ncolumns, true))
        return true;
    for (size_t x = 0; x < t->nindexes; x++) {
        const ir_index *ix = &t->indexes[x];
        if (!ix->unique || !pl__index_plain(b, ix))
            continue;
        bool ok = !ix->where && ix->method == IR_METHOD_DEFAULT;
        for (size_t k = 0; ok && k < ix->ncolumns; k++) {
            const ir_column *c = pl__col(b, ix->columns[k].name);
            ok = pl__supported(c) && !c->nullable;
        }
        if (ok)
            return true;
    }
    return false;
}

/* ---------------------------------------------------------------- defaults */

static bool pl__digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* An integer literal that fits BITS (32 or 64) bits. */
static bool pl__int_fits(const char *v, int bits)
{
    const char *d = v[0] == '-' ? v + 1 : v;
    size_t n = strlen(d);
    if (!n || !pl__digits(d, n) || n > 19)
        return false;
    if (n < 10 || (bits == 64 && n < 19))
        return true;
    const char *lim = bits == 32 ? (v[0] == '-' ? "2147483648" : "2147483647")
                                 : (v[0] == '-' ? "9223372036854775808" : "9223372036854775807");
    return n < strlen(lim) || (n == strlen(lim) && strcmp(d, lim) <= 0);
}

/* -?digits[.digits]: the numbers the schema language writes (no exponent). */
static bool pl__number(const char *v)
{
    const char *d = v[0] == '-' ? v + 1 : v;
    size_t n = strspn(d, "0123456789");
    if (!n)
        return false;
    if (d[n] == '.') {
        size_t m = strspn(d + n + 1, "0123456789");
        return m && d[n + 1 + m] == '\0';
    }
    return d[n] == '\0';
}

/*
 * A date, time or timestamp as a database prints it ("2024-01-31 12:00:00.5+01",
 * "2024-01-31", "12:00:00", SQLite's RFC 3339 text) as RFC 3339, or NULL.
 */
static const char *pl__rfc3339(arena *a, const char *v)
{
    int y = 1970, mo = 1, d = 1, h = 0, mi = 0, s = 0;
    const char *p = v;
    bool has_date = strlen(p) >= 10 && pl__digits(p, 4) && p[4] == '-' && pl__digits(p + 5, 2) && p[7] == '-' &&
                    pl__digits(p + 8, 2);
    if (has_date) {
        y = (int)strtol(p, NULL, 10);
        mo = (int)strtol(p + 5, NULL, 10);
        d = (int)strtol(p + 8, NULL, 10);
        p += 10;
        if (*p == 'T' || *p == 't' || *p == ' ')
            p++;
        else if (*p)
            return NULL;
    }
    const char *frac = "";
    size_t nfrac = 0;
    if (*p) {
        if (!(strlen(p) >= 8 && pl__digits(p, 2) && p[2] == ':' && pl__digits(p + 3, 2) && p[5] == ':' &&
              pl__digits(p + 6, 2)))
            return NULL;
        h = (int)strtol(p, NULL, 10);
        mi = (int)strtol(p + 3, NULL, 10);
        s = (int)strtol(p + 6, NULL, 10);
        p += 8;
        if (*p == '.') {
            frac = p;
            nfrac = 1 + strspn(p + 1, "0123456789");
            if (nfrac == 1)
                return NULL;
            p += nfrac;
        }
    } else if (!has_date) {
        return NULL;
    }
    char zone[40] = "Z";
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        char sign = *p++;
        if (!pl__digits(p, 2))
            return NULL;
        int zh = (int)strtol(p, NULL, 10), zm = 0;
        p += 2;
        if (*p == ':')
            p++;
        if (pl__digits(p, 2)) {
            zm = (int)strtol(p, NULL, 10);
            p += 2;
        }
        if (*p == ':' && pl__digits(p + 1, 2)) /* seconds in an offset: RFC 3339 has none */
            return NULL;
        if (zh > 23 || zm > 59)
            return NULL;
        if (zh || zm)
            snprintf(zone, sizeof zone, "%c%02d:%02d", sign, zh, zm);
    }
    if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59 || y < 1 || y > 9999)
        return NULL;
    return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02d%.*s%s", y, mo, d, h, mi, s, (int)nfrac, frac, zone);
}

static bool pl__json_ok(const char *v)
{
    json_error_t e;
    json_t *j = json_loads(v, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
    json_decref(j);
    return j != NULL;
}

static bool pl__base64_ok(const char *v)
{
    size_t n = strlen(v), pad = 0;
    if (n % 4)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (c == '=') {
            pad++;
            continue;
        }
        if (pad || !(isalnum((unsigned char)c) || c == '+' || c == '/'))
            return false;
    }
    return pad <= 2;
}

/* The SQL text of literal default D as the database would print it (for dbgenerated()). */
static const char *pl__literal_sql(pl *p, const ir_column *c, const ir_default *d)
{
    if (d->kind == IR_DEFAULT_NUMBER || d->kind == IR_DEFAULT_BOOLEAN)
        return d->value;
    strbuf b;
    strbuf_init(&b, p->a);
    strbuf_putc(&b, '\'');
    for (const char *s = d->value; *s; s++) {
        if (*s == '\'')
            strbuf_putc(&b, '\'');
        strbuf_putc(&b, *s);
    }
    strbuf_putc(&b, '\'');
    if (p->provider == IR_PROVIDER_POSTGRESQL && c->db_type && *c->db_type)
        strbuf_printf(&b, "::%s", c->db_type);
    return strbuf_str(&b);
}

/* One literal default D of column C (an element of a list default too), or NULL when the type cannot take it. */
static const char *pl__literal(pl *p, const ir_column *c, const ir_default *d)
{
    if (!d->value)
        return NULL;
    if (c->enum_name) {
        const pl_block *e = pl__enum_block(p, c->enum_schema, c->enum_name);
        const char *v = d->kind == IR_DEFAULT_ENUM || d->kind == IR_DEFAULT_STRING ? d->value : NULL;
        return e && v ? pl__enum_value(e, v) : NULL;
    }
    const char *v = d->value;
    switch (c->scalar) {
    case SC_SCALAR_STRING:
        if (d->kind == IR_DEFAULT_STRING || d->kind == IR_DEFAULT_NUMBER)
            return pl__utf8_valid(v) ? pull_string(p->a, v) : NULL;
        return NULL;
    case SC_SCALAR_INT:
    case SC_SCALAR_BIGINT:
        if ((d->kind == IR_DEFAULT_NUMBER || d->kind == IR_DEFAULT_STRING) &&
            pl__int_fits(v, c->scalar == SC_SCALAR_INT ? 32 : 64))
            return v;
        return NULL;
    case SC_SCALAR_FLOAT:
    case SC_SCALAR_DECIMAL:
        return (d->kind == IR_DEFAULT_NUMBER || d->kind == IR_DEFAULT_STRING) && pl__number(v) ? v : NULL;
    case SC_SCALAR_BOOLEAN:
        if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
            return v;
        if (d->kind == IR_DEFAULT_NUMBER && (strcmp(v, "1") == 0 || strcmp(v, "0") == 0))
            return v[0] == '1' ? "true" : "false";
        return NULL;
    case SC_SCALAR_DATETIME: {
        if (d->kind != IR_DEFAULT_STRING)
            return NULL;
        const char *r = pl__rfc3339(p->a, v);
        return r ? pull_string(p->a, r) : NULL;
    }
    case SC_SCALAR_JSON:
        return d->kind == IR_DEFAULT_STRING && pl__utf8_valid(v) && pl__json_ok(v) ? pull_string(p->a, v) : NULL;
    case SC_SCALAR_BYTES:
        return d->kind == IR_DEFAULT_STRING && pl__base64_ok(v) ? pull_string(p->a, v) : NULL;
    default:
        return NULL;
    }
}

static const char *pl__dbgenerated(pl *p, const char *sql)
{
    return pl__sql_ok(p, sql) ? arena_printf(p->a, "dbgenerated(%s)", pull_string(p->a, sql)) : NULL;
}

/*
 * The @default argument of column C of block B, or NULL for none. What the
 * schema cannot say is left out with a remark (*ABOVE) and a note.
 */
static const char *pl__default(pl *p, const pl_block *b, const ir_column *c, const char **above)
{
    const ir_default *d = &c->dflt;
    const char *out = NULL;
    bool unsupported = c->scalar == SC_SCALAR_UNSUPPORTED && !c->enum_name;
    switch (d->kind) {
    case IR_DEFAULT_NONE:
        return NULL;
    case IR_DEFAULT_AUTOINCREMENT:
        if ((c->scalar == SC_SCALAR_INT || c->scalar == SC_SCALAR_BIGINT) && !c->list && !c->enum_name &&
            (p->provider != IR_PROVIDER_SQLITE || c->is_id))
            out = "autoincrement()";
        break;
    case IR_DEFAULT_NOW:
        if (c->scalar == SC_SCALAR_DATETIME && !c->list)
            out = "now()";
        else
            out = pl__dbgenerated(p, p->provider == IR_PROVIDER_POSTGRESQL ? "now()" : "CURRENT_TIMESTAMP");
        break;
    case IR_DEFAULT_EXPR:
        out = d->value ? pl__dbgenerated(p, d->value) : NULL;
        break;
    case IR_DEFAULT_LIST: {
        if (!c->list)
            break;
        strbuf s;
        strbuf_init(&s, p->a);
        strbuf_putc(&s, '[');
        bool ok = true;
        for (size_t i = 0; ok && i < d->nitems; i++) {
            const char *item = pl__literal(p, c, &d->items[i]);
            ok = item != NULL;
            if (ok)
                strbuf_printf(&s, "%s%s", i ? ", " : "", item);
        }
        strbuf_putc(&s, ']');
        out = ok ? strbuf_str(&s) : NULL;
        break;
    }
    default:
        if (c->list) {
            /* '{}' is PostgreSQL's empty array */
            if (d->kind == IR_DEFAULT_STRING && d->value && strcmp(d->value, "{}") == 0)
                out = "[]";
            else if (d->value)
                out = pl__dbgenerated(p, pl__literal_sql(p, c, d));
        } else if (unsupported) {
            out = d->value ? pl__dbgenerated(p, pl__literal_sql(p, c, d)) : NULL;
        } else {
            out = pl__literal(p, c, d);
            if (!out && d->value)
                out = pl__dbgenerated(p, pl__literal_sql(p, c, d));
        }
        break;
    }
    if (!out) {
        const char *what = d->value ? d->value : ir_default_kind_name(d->kind);
        pl__note(p, "column \"%s\".\"%s\": its default (%s) has no schema form: left out", b->dbname, c->name, what);
        *above = pl__remark(p, *above, "default left out: %s", what);
        return NULL;
    }
    /* Unsupported fields take dbgenerated() only. */
    if (unsupported && strncmp(out, "dbgenerated(", 12) != 0)
        return NULL;
    return out;
}

/* ---------------------------------------------------------------- relations */

typedef struct pl_rel {
    pl_block *child;           /* FK: the table holding the foreign key; m2m: the model of column A */
    pl_block *parent;          /* FK: the referenced table; m2m: the model of column B */
    const ir_foreign_key *fk;  /* NULL for m2m */
    const pl_join *join;       /* NULL for FK */
    const char *name;          /* the relation name; NULL: the default one */
    const char *fwd, *back;    /* field in child, field in parent */
    bool one_to_one;
    bool optional;
    const ir_relation *old_fwd, *old_back;
    const char *fwd_text, *back_text; /* the existing schema's fields, kept as written */
} pl_rel;

static const char *pl__pair_key(pl *p, const pl_block *x, const pl_block *y)
{
    return strcmp(x->name, y->name) <= 0 ? arena_printf(p->a, "%s\x01%s", x->name, y->name)
                                         : arena_printf(p->a, "%s\x01%s", y->name, x->name);
}

static bool pl__same_type(const ir_column *a, const ir_column *b)
{
    if (!a || !b || a->list || b->list)
        return false;
    if (a->enum_name || b->enum_name)
        return a->enum_name && b->enum_name && strcmp(a->enum_name, b->enum_name) == 0;
    if (a->scalar == SC_SCALAR_UNSUPPORTED || b->scalar == SC_SCALAR_UNSUPPORTED)
        /* keys over Unsupported fields of the same type: the schema takes them, as Prisma does */
        return a->scalar == b->scalar && a->unsupported && b->unsupported && strcmp(a->unsupported, b->unsupported) == 0;
    return a->scalar == b->scalar;
}

/* Why foreign key F of B cannot be a relation, or NULL when it can. */
static const char *pl__fk_problem(pl *p, const pl_block *b, const ir_foreign_key *f, pl_block **parent)
{
    *parent = pl__table_block(p, f->ref_schema, f->ref_table);
    if (!*parent || (*parent)->kind != 'm' || (*parent)->join)
        return arena_printf(p->a, "it references \"%s\", which is not a model of the schema", f->ref_table);
    if (!f->ncolumns)
        return "it has no columns";
    for (size_t i = 0; i < f->ncolumns; i++) {
        const ir_column *c = pl__col(b, f->columns[i]), *r = pl__col(*parent, f->ref_columns[i]);
        if (!c || !pl__field_of(b, f->columns[i]) || !r || !pl__field_of(*parent, f->ref_columns[i]))
            return "a column it names has no field";
        if (!pl__same_type(c, r))
            return arena_printf(p->a, "column \"%s\" and the column it references, \"%s\", differ in type",
                                f->columns[i], f->ref_columns[i]);
    }
    if (!pl__unique_set(*parent, f->ref_columns, f->ncolumns, false))
        return "the columns it references are not a primary key or unique constraint";
    return NULL;
}

static const ir_relation *pl__old_fk_relation(const pl *p, const pl_block *b, const ir_foreign_key *f)
{
    if (!p->ex || !p->ex->model)
        return NULL;
    const ir_schema *m = p->ex->model;
    for (size_t i = 0; i < m->nrelations; i++) {
        const ir_relation *r = &m->relations[i];
        if (r->kind != IR_REL_FORWARD || !r->fk || strcmp(r->table, b->dbname) != 0 ||
            !ir_same_schema(r->table_schema, b->t ? b->t->schema : NULL) || strcmp(r->target_table, f->ref_table) != 0 ||
            !ir_same_schema(r->target_schema, f->ref_schema) || r->ncolumns != f->ncolumns)
            continue;
        bool same = true;
        for (size_t k = 0; same && k < f->ncolumns; k++)
            same = strcmp(r->columns[k], f->columns[k]) == 0 && strcmp(r->target_columns[k], f->ref_columns[k]) == 0;
        if (same)
            return r;
    }
    return NULL;
}

static const ir_relation *pl__old_field(const pl *p, const char *model, const char *field)
{
    if (!p->ex || !p->ex->model || !model || !field)
        return NULL;
    const ir_schema *m = p->ex->model;
    for (size_t i = 0; i < m->nrelations; i++)
        if (strcmp(m->relations[i].model, model) == 0 && strcmp(m->relations[i].field, field) == 0)
            return &m->relations[i];
    return NULL;
}

static const ir_relation *pl__old_join(const pl *p, const char *join_table, const char *column)
{
    if (!p->ex || !p->ex->model)
        return NULL;
    const ir_schema *m = p->ex->model;
    for (size_t i = 0; i < m->nrelations; i++) {
        const ir_relation *r = &m->relations[i];
        if (r->kind == IR_REL_JOIN && r->join_table && strcmp(r->join_table, join_table) == 0 &&
            strcmp(r->join_self_column, column) == 0)
            return r;
    }
    return NULL;
}

/* Claim field WANTED in B, or FALLBACK, or FALLBACK_2, ... */
static const char *pl__claim_field(pl *p, pl_block *b, const char *wanted, const char *fallback)
{
    if (wanted && !strmap_gets(&b->fields, wanted)) {
        strmap_adds(&b->fields, wanted, (void *)wanted);
        return wanted;
    }
    return pl__claim(p, &b->fields, pl__ident(p->a, fallback, "f"));
}

/* A foreign key's name, or its columns when the database keeps none. */
static const char *pl__fk_label(pl *p, const ir_foreign_key *f)
{
    if (f->name)
        return f->name;
    strbuf b;
    strbuf_init(&b, p->a);
    strbuf_putc(&b, '(');
    for (size_t i = 0; i < f->ncolumns; i++)
        strbuf_printf(&b, "%s%s", i ? ", " : "", f->columns[i]);
    strbuf_printf(&b, ") -> %s", f->ref_table);
    return strbuf_str(&b);
}

typedef struct pl_rels {
    pl_rel *v;
    size_t n, cap;
    pl_join *joins;
    size_t njoins, jcap;
} pl_rels;

static void pl__collect(pl *p, pl_rels *rs)
{
    /* implicit many-to-many join tables */
    for (size_t i = 0; i < p->nblocks; i++) {
        pl_block *b = &p->blocks[i];
        if (b->kind != 'm')
            continue;
        pl_join j;
        memset(&j, 0, sizeof j);
        if (!pl__is_join(p, b, &j))
            continue;
        b->join = true;
        rs->joins = arena_reserve(p->a, rs->joins, rs->njoins, &rs->jcap, sizeof(pl_join), 4);
        rs->joins[rs->njoins++] = j;
    }
    for (size_t i = 0; i < rs->njoins; i++) {
        rs->v = arena_reserve(p->a, rs->v, rs->n, &rs->cap, sizeof(pl_rel), 16);
        pl_rel *r = &rs->v[rs->n++];
        memset(r, 0, sizeof *r);
        r->join = &rs->joins[i];
        r->child = rs->joins[i].side[0];
        r->parent = rs->joins[i].side[1];
        r->old_fwd = pl__old_join(p, rs->joins[i].table->dbname, "A");
        r->old_back = pl__old_join(p, rs->joins[i].table->dbname, "B");
    }
    /* foreign keys */
    for (size_t i = 0; i < p->nblocks; i++) {
        pl_block *b = &p->blocks[i];
        if (b->kind != 'm' || b->join)
            continue;
        for (size_t k = 0; k < b->t->nfks; k++) {
            const ir_foreign_key *f = &b->t->fks[k];
            pl_block *parent = NULL;
            const char *why = pl__fk_problem(p, b, f, &parent);
            if (why) {
                const char *name = pl__fk_label(p, f);
                pl__note(p, "foreign key \"%s\" of \"%s\" is left out: %s", name, b->dbname, why);
                pl__attr(p, b, NULL, pl__remark(p, NULL, "foreign key \"%s\" left out: %s", name, why), NULL, 0);
                continue;
            }
            rs->v = arena_reserve(p->a, rs->v, rs->n, &rs->cap, sizeof(pl_rel), 16);
            pl_rel *r = &rs->v[rs->n++];
            memset(r, 0, sizeof *r);
            r->child = b;
            r->parent = parent;
            r->fk = f;
            r->one_to_one = pl__unique_set(b, f->columns, f->ncolumns, false);
            for (size_t c = 0; c < f->ncolumns; c++)
                r->optional = r->optional || pl__col(b, f->columns[c])->nullable;
            r->old_fwd = pl__old_fk_relation(p, b, f);
            if (r->old_fwd && r->old_fwd->back_field)
                r->old_back = pl__old_field(p, r->old_fwd->target, r->old_fwd->back_field);
        }
    }
}

static void pl__name_relations(pl *p, pl_rels *rs)
{
    strmap count;
    strmap_init(&count, p->a);
    for (size_t i = 0; i < rs->n; i++) {
        const char *key = pl__pair_key(p, rs->v[i].child, rs->v[i].parent);
        uintptr_t n = (uintptr_t)strmap_gets(&count, key);
        strmap_set(&count, key, strlen(key), (void *)(n + 1));
    }
    strmap taken; /* pair key + relation name */
    strmap_init(&taken, p->a);
    for (size_t i = 0; i < rs->n; i++) {
        pl_rel *r = &rs->v[i];
        const char *key = pl__pair_key(p, r->child, r->parent);
        uintptr_t n = (uintptr_t)strmap_gets(&count, key);
        bool self = r->child == r->parent;
        const char *lo = strcmp(r->child->name, r->parent->name) <= 0 ? r->child->name : r->parent->name;
        const char *hi = lo == r->child->name ? r->parent->name : r->child->name;
        const char *dflt = arena_printf(p->a, "%sTo%s", lo, hi);
        const char *name;
        const char *fwd, *back;
        if (r->join) {
            name = r->join->relation;
            if (self && n == 1) {
                fwd = arena_printf(p->a, "%s_A", r->child->name);
                back = arena_printf(p->a, "%s_B", r->child->name);
            } else if (self) {
                fwd = arena_printf(p->a, "%s_A_%s", r->child->name, name);
                back = arena_printf(p->a, "%s_B_%s", r->child->name, name);
            } else if (n == 1) {
                fwd = r->parent->name;
                back = r->child->name;
            } else {
                fwd = arena_printf(p->a, "%s_%s", r->parent->name, name);
                back = arena_printf(p->a, "%s_%s", r->child->name, name);
            }
        } else if (r->old_fwd) {
            name = r->old_fwd->name;
            fwd = r->parent->name;
            back = r->child->name;
        } else if (n == 1 && !self) {
            name = dflt;
            fwd = r->parent->name;
            back = r->child->name;
        } else if (n == 1) {
            name = dflt;
            fwd = r->parent->name;
            back = arena_printf(p->a, "other_%s", r->child->name);
        } else {
            strbuf s;
            strbuf_init(&s, p->a);
            strbuf_printf(&s, "%s", r->child->dbname);
            for (size_t k = 0; k < r->fk->ncolumns; k++)
                strbuf_printf(&s, "_%s", r->fk->columns[k]);
            strbuf_printf(&s, "To%s", r->parent->dbname);
            name = strbuf_str(&s);
            fwd = arena_printf(p->a, "%s_%s", r->parent->name, name);
            back = self ? arena_printf(p->a, "other_%s", fwd) : arena_printf(p->a, "%s_%s", r->child->name, name);
        }
        /* one name per relation between the two models */
        const char *k2 = arena_printf(p->a, "%s\x02%s", key, name);
        for (unsigned j = 2; strmap_gets(&taken, k2); j++) {
            name = arena_printf(p->a, "%s_%u", r->join ? r->join->relation : name, j);
            k2 = arena_printf(p->a, "%s\x02%s", key, name);
        }
        strmap_adds(&taken, k2, (void *)k2);
        r->name = n == 1 && !self && strcmp(name, dflt) == 0 ? NULL : name;
        const char *rel = r->name ? r->name : dflt;
        fwd = pl__claim_field(p, r->child, r->old_fwd ? r->old_fwd->field : pl__ident(p->a, fwd, "f"),
                              arena_printf(p->a, "%s_%s", r->parent->name, rel));
        back = pl__claim_field(p, r->parent, r->old_back ? r->old_back->field : pl__ident(p->a, back, "f"),
                               arena_printf(p->a, "%s_%s", r->child->name, rel));
        r->fwd = fwd;
        r->back = back;
    }
}

static const ir_table *pl__old_db_table(const pl *p, const ir_table *t);
static bool pl__same_names(const char *const *x, const char *const *y, size_t n);

/*
 * A relation the existing schema has and the database did not change keeps
 * its two fields as written (argument order, explicit default actions, the
 * relation name written or not), both or neither: the two sides must agree
 * on the relation's name.
 */
static void pl__keep_relations(pl *p, pl_rels *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        pl_rel *r = &rs->v[i];
        if (!r->old_fwd || !r->old_back || strcmp(r->fwd, r->old_fwd->field) != 0 ||
            strcmp(r->back, r->old_back->field) != 0 || strcmp(r->old_fwd->model, r->child->name) != 0 ||
            strcmp(r->old_back->model, r->parent->name) != 0 || strcmp(r->old_fwd->target, r->parent->name) != 0)
            continue;
        if (r->fk) {
            const ir_table *ot = pl__old_db_table(p, r->child->t);
            const ir_foreign_key *of = NULL;
            for (size_t k = 0; ot && k < ot->nfks; k++)
                if (ot->fks[k].ncolumns == r->fk->ncolumns &&
                    pl__same_names(ot->fks[k].columns, r->fk->columns, r->fk->ncolumns))
                    of = &ot->fks[k];
            if (!of || strcmp(of->ref_table, r->fk->ref_table) != 0 || !ir_same_schema(of->ref_schema, r->fk->ref_schema) ||
                !pl__same_names(of->ref_columns, r->fk->ref_columns, r->fk->ncolumns) ||
                of->on_delete != r->fk->on_delete || of->on_update != r->fk->on_update ||
                (r->fk->name && !pl__names_equal(of->name, r->fk->name)))
                continue;
            if (r->old_fwd->optional != r->optional || r->old_back->list != !r->one_to_one)
                continue;
            /* the scalar fields it names are still those fields */
            bool same = true;
            for (size_t k = 0; same && k < r->fk->ncolumns; k++) {
                const ir_column *oc = r->child->old ? ir_find_column(r->child->old, r->fk->columns[k]) : NULL;
                const ir_column *orc = r->parent->old ? ir_find_column(r->parent->old, r->fk->ref_columns[k]) : NULL;
                same = oc && orc && pl__names_equal(oc->field, pl__field_of(r->child, r->fk->columns[k])) &&
                       pl__names_equal(orc->field, pl__field_of(r->parent, r->fk->ref_columns[k]));
            }
            if (!same)
                continue;
        }
        if (r->child->ignored != (r->child->old && r->child->old->src_ignored) ||
            r->parent->ignored != (r->parent->old && r->parent->old->src_ignored))
            continue; /* @ignore on the fields may have to change */
        const char *f = pl__src_text(p, r->old_fwd->src.decl), *b = pl__src_text(p, r->old_back->src.decl);
        if (f && b) {
            r->fwd_text = f;
            r->back_text = b;
        }
    }
}

static const char *pl__action_arg(ir_action a)
{
    return ir_action_name(a);
}

/* The forward field of R (in R->child). */
static const char *pl__fwd_member(pl *p, const pl_rel *r, const char **above)
{
    strbuf s;
    strbuf_init(&s, p->a);
    if (r->join) {
        strbuf_printf(&s, "%s %s[]", r->fwd, r->parent->name);
        if (r->name)
            strbuf_printf(&s, " @relation(%s)", pull_string(p->a, r->name));
    } else {
        const ir_foreign_key *f = r->fk;
        strbuf_printf(&s, "%s %s%s @relation(", r->fwd, r->parent->name, r->optional ? "?" : "");
        if (r->name)
            strbuf_printf(&s, "%s, ", pull_string(p->a, r->name));
        strbuf_printf(&s, "fields: %s, references: %s", pl__field_list(p, r->child, f->columns, f->ncolumns),
                      pl__field_list(p, r->parent, f->ref_columns, f->ncolumns));
        bool any_required = false;
        for (size_t k = 0; k < f->ncolumns; k++)
            any_required = any_required || !pl__col(r->child, f->columns[k])->nullable;
        ir_action del_default = any_required ? IR_ACTION_RESTRICT : IR_ACTION_SET_NULL;
        ir_action acts[2] = {f->on_delete, f->on_update};
        ir_action dflts[2] = {del_default, IR_ACTION_CASCADE};
        const char *args[2] = {"onDelete", "onUpdate"};
        for (int k = 0; k < 2; k++) {
            if (acts[k] == dflts[k])
                continue;
            if (acts[k] == IR_ACTION_SET_NULL && any_required) {
                pl__note(p, "foreign key \"%s\" of \"%s\": ON %s SET NULL on a NOT NULL column has no schema form: "
                            "the relation takes the default action",
                         pl__fk_label(p, f), r->child->dbname, k ? "UPDATE" : "DELETE");
                *above = pl__remark(p, *above, "%s SetNull left out: a foreign key column is required", args[k]);
                continue;
            }
            strbuf_printf(&s, ", %s: %s", args[k], pl__action_arg(acts[k]));
        }
        size_t max = p->provider == IR_PROVIDER_POSTGRESQL ? 63 : 0;
        if (f->name && strcmp(f->name, ir_constraint_name(p->a, r->child->dbname, f->columns, f->ncolumns, "fkey", max)) != 0)
            strbuf_printf(&s, ", map: %s", pull_string(p->a, f->name));
        strbuf_putc(&s, ')');
    }
    if (r->parent->ignored && !r->child->ignored)
        strbuf_puts(&s, " @ignore");
    return strbuf_str(&s);
}

/* The back field of R (in R->parent). */
static const char *pl__back_member(pl *p, const pl_rel *r)
{
    strbuf s;
    strbuf_init(&s, p->a);
    strbuf_printf(&s, "%s %s%s", r->back, r->child->name, r->join || !r->one_to_one ? "[]" : "?");
    if (r->name)
        strbuf_printf(&s, " @relation(%s)", pull_string(p->a, r->name));
    if (r->child->ignored && !r->parent->ignored)
        strbuf_puts(&s, " @ignore");
    return strbuf_str(&s);
}

/* ---------------------------------------------------------------- members of a model */

/* The Prisma operator class name of OPCLASS when the index type takes it by name, else raw("..."). */
static const char *pl__ops(pl *p, const char *opclass, ir_index_method m)
{
    static const struct {
        const char *sql, *name;
        ir_index_method method;
    } named[] = {
        {"jsonb_path_ops", "JsonbPathOps", IR_METHOD_GIN}, {"jsonb_ops", "JsonbOps", IR_METHOD_GIN},
        {"array_ops", "ArrayOps", IR_METHOD_GIN},          {"inet_ops", "InetOps", IR_METHOD_GIST},
        {"inet_ops", "InetOps", IR_METHOD_SPGIST},         {"text_ops", "TextOps", IR_METHOD_SPGIST},
    };
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (named[i].method == m && strcmp(named[i].sql, opclass) == 0)
            return named[i].name;
    return arena_printf(p->a, "raw(%s)", pull_string(p->a, opclass));
}

/* "[a, b(sort: Desc)]" for the key columns of X. */
static const char *pl__index_fields(pl *p, const pl_block *b, const ir_index *x)
{
    strbuf s;
    strbuf_init(&s, p->a);
    strbuf_putc(&s, '[');
    for (size_t k = 0; k < x->ncolumns; k++) {
        const ir_index_column *ic = &x->columns[k];
        strbuf_printf(&s, "%s%s", k ? ", " : "", pl__field_of(b, ic->name));
        if (ic->sort == IR_SORT_DESC || ic->opclass) {
            strbuf_putc(&s, '(');
            if (ic->sort == IR_SORT_DESC)
                strbuf_puts(&s, "sort: Desc");
            if (ic->opclass)
                strbuf_printf(&s, "%sops: %s", ic->sort == IR_SORT_DESC ? ", " : "", pl__ops(p, ic->opclass, x->method));
            strbuf_putc(&s, ')');
        }
    }
    strbuf_putc(&s, ']');
    return strbuf_str(&s);
}

static const ir_index *pl__old_index(const pl_block *b, const char *name)
{
    return b->old && name ? ir_find_index(b->old, name) : NULL;
}

/* Order and comments of an existing object declared at DECL. */
static void pl__old_place(const pl *p, sc_span decl, uint64_t *order, const char **above, const char **trailing)
{
    if (!pl__has_span(decl))
        return;
    *order = pl__pos(decl);
    *above = pl__src_above(p, decl);
    *trailing = pl__src_trailing(p, decl);
}

/* ---------------------------------------------------------------- unchanged since the existing schema */

static const ir_table *pl__old_db_table(const pl *p, const ir_table *t)
{
    return p->old_db ? ir_find_table_in(p->old_db, t->schema, t->name) : NULL;
}

static bool pl__same_sql(pl *p, const char *x, const char *y)
{
    if (!x || !y)
        return x == y;
    return strcmp(x, y) == 0 || strcmp(ir_normalize_expr(p->a, x), ir_normalize_expr(p->a, y)) == 0;
}

static bool pl__claimed(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

static bool pl__same_literal(pl *p, const ir_column *c, const ir_default *x, const ir_default *y)
{
    if (x->kind != y->kind)
        return false;
    switch (x->kind) {
    case IR_DEFAULT_NONE:
    case IR_DEFAULT_NOW:
    case IR_DEFAULT_AUTOINCREMENT:
        return true;
    case IR_DEFAULT_EXPR:
        return pl__same_sql(p, x->value, y->value);
    case IR_DEFAULT_LIST:
        if (x->nitems != y->nitems)
            return false;
        for (size_t i = 0; i < x->nitems; i++)
            if (!pl__same_literal(p, c, &x->items[i], &y->items[i]))
                return false;
        return true;
    default:
        if (!x->value || !y->value)
            return x->value == y->value;
        if (strcmp(x->value, y->value) == 0)
            return true;
        if (c->scalar == SC_SCALAR_DATETIME) {
            const char *rx = pl__rfc3339(p->a, x->value), *ry = pl__rfc3339(p->a, y->value);
            return rx && ry && strcmp(rx, ry) == 0;
        }
        return false;
    }
}

/* Whether the database holds for live column C the default the existing schema's column (OLD_DB: its database form) gives. */
static bool pl__same_default(pl *p, const ir_column *c, const ir_column *old_db)
{
    return old_db && pl__same_literal(p, c, &c->dflt, &old_db->dflt);
}

static bool pl__same_names(const char *const *x, const char *const *y, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(x[i], y[i]) != 0)
            return false;
    return true;
}

/* Whether live index X of B is what the existing schema's index of the same name makes. */
static bool pl__same_index(pl *p, const pl_block *b, const ir_index *x)
{
    const ir_table *ot = pl__old_db_table(p, b->t);
    const ir_index *o = ot ? ir_find_index(ot, x->name) : NULL;
    if (!o || o->unique != x->unique || o->ncolumns != x->ncolumns || o->ninclude != x->ninclude ||
        (p->provider == IR_PROVIDER_POSTGRESQL && o->method != x->method) || !pl__same_sql(p, o->where, x->where) ||
        !pl__same_names(o->include, x->include, x->ninclude))
        return false;
    for (size_t k = 0; k < x->ncolumns; k++) {
        const ir_index_column *a = &o->columns[k], *c = &x->columns[k];
        if (strcmp(a->name, c->name) != 0 || a->sort != c->sort)
            return false;
        if ((a->opclass || c->opclass) && !pl__names_equal(a->opclass, c->opclass))
            return false;
    }
    return true;
}

/* The existing schema's text of a block attribute at DECL ("@@..."), when its fields are still the same fields. */
static const char *pl__old_block_attr(pl *p, const pl_block *b, sc_span decl, const char *const *columns, size_t n)
{
    const char *text = pl__src_text(p, decl);
    if (!text || strncmp(text, "@@", 2) != 0 || !b->old)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const ir_column *oc = ir_find_column(b->old, columns[i]);
        const char *now = pl__field_of(b, columns[i]);
        if (!oc || !oc->field || !now || strcmp(oc->field, now) != 0)
            return NULL;
    }
    return text;
}

static const char *pl__native(pl *p, const ir_column *c)
{
    if (!c->native || p->provider != IR_PROVIDER_POSTGRESQL)
        return NULL;
    if (!c->native_args)
        return arena_printf(p->a, "@db.%s", c->native);
    strbuf s;
    strbuf_init(&s, p->a);
    strbuf_printf(&s, "@db.%s(", c->native);
    for (const char *a = c->native_args; *a; a++) {
        if (*a == ',')
            strbuf_puts(&s, ", ");
        else if (*a != ' ')
            strbuf_putc(&s, *a);
    }
    strbuf_putc(&s, ')');
    return strbuf_str(&s);
}

static const char *pl__client_default(pl *p, const ir_column *old)
{
    static const char *const names[] = {NULL, "uuid", "cuid", "nanoid", "ulid"};
    if (!old || old->client_default == IR_CLIENT_NONE || old->client_default == IR_CLIENT_UPDATED_AT)
        return NULL;
    const char *fn = names[old->client_default];
    return old->client_arg ? arena_printf(p->a, "%s(%d)", fn, old->client_arg) : arena_printf(p->a, "%s()", fn);
}

/* The type of column C as the schema writes it, or NULL when it cannot. */
static const char *pl__type(pl *p, const ir_column *c)
{
    const char *base;
    if (c->enum_name) {
        const pl_block *e = pl__enum_block(p, c->enum_schema, c->enum_name);
        if (!e)
            return NULL;
        base = e->name;
    } else if (c->scalar == SC_SCALAR_UNSUPPORTED) {
        if (!c->unsupported || !pl__sql_ok(p, c->unsupported))
            return NULL;
        base = arena_printf(p->a, "Unsupported(%s)", pull_string(p->a, c->unsupported));
    } else {
        base = ir_scalar_name(c->scalar);
    }
    return arena_printf(p->a, "%s%s", base, c->list ? "[]" : c->nullable ? "?" : "");
}

/*
 * The one column of T that the SQL expression EXPR mentions, or -1 (none,
 * several, or text the scanner cannot read). A word followed by "(" is a
 * function; names compare as SQLite compares them, ignoring ASCII case.
 */
static int pl__check_column(pl *p, const ir_table *t, const char *expr)
{
    if (!expr)
        return -1;
    sqlscan sc;
    sqlscan_init(&sc, p->provider == IR_PROVIDER_POSTGRESQL ? SQLSCAN_POSTGRES : SQLSCAN_SQLITE, expr, strlen(expr));
    int found = -1;
    for (sqltok tk = sqlscan_next(&sc); tk.kind != SQLTOK_END; tk = sqlscan_next(&sc)) {
        if (tk.kind == SQLTOK_ERROR)
            return -1;
        const char *name = NULL;
        if (tk.kind == SQLTOK_WORD) {
            sqlscan ahead = sc;
            sqltok nx = sqlscan_next(&ahead);
            while (nx.kind == SQLTOK_SPACE)
                nx = sqlscan_next(&ahead);
            if (nx.kind == SQLTOK_LPAREN)
                continue;
            name = arena_strndup(p->a, expr + tk.start, tk.len);
        } else if (tk.kind == SQLTOK_QUOTED_IDENT && tk.len >= 2) {
            char q = expr[tk.start], close = q == '[' ? ']' : q;
            char *n = arena_alloc(p->a, tk.len);
            size_t k = 0;
            for (size_t i = tk.start + 1; i + 1 < tk.start + tk.len; i++) {
                n[k++] = expr[i];
                if (expr[i] == close && close != ']' && expr[i + 1] == close)
                    i++;
            }
            n[k] = '\0';
            name = n;
        }
        if (!name)
            continue;
        for (size_t i = 0; i < t->ncolumns; i++) {
            if (strcasecmp(t->columns[i].name, name) != 0)
                continue;
            if (found >= 0 && (size_t)found != i)
                return -1;
            found = (int)i;
        }
    }
    return found;
}

typedef struct pl_checks {
    const char **field_check; /* per column: the text of its field-level @check attributes */
} pl_checks;

static void pl__model_members(pl *p, pl_block *b, const pl_rels *rs)
{
    const ir_table *t = b->t;
    size_t max = p->provider == IR_PROVIDER_POSTGRESQL ? 63 : 0;
    if (!b->above && (!b->old || !b->old->doc))
        b->above = pl__doc_lines(p->a, t->doc);
    else if (b->old)
        b->above = pl__db_doc(p->a, b->above, b->old->doc, t->doc);
    const char **extra = ARENA_ARRAY(p->a, const char *, t->ncolumns ? t->ncolumns : 1); /* field attributes */
    const char **uniq = ARENA_ARRAY(p->a, const char *, t->ncolumns ? t->ncolumns : 1);  /* @unique */
    const char **checks = ARENA_ARRAY(p->a, const char *, t->ncolumns ? t->ncolumns : 1); /* @check */
    for (size_t i = 0; i < t->ncolumns; i++)
        extra[i] = uniq[i] = checks[i] = "";

    /* primary key */
    bool pk_ok = t->has_pk;
    for (size_t k = 0; pk_ok && k < t->pk.ncolumns; k++)
        pk_ok = pl__supported(pl__col(b, t->pk.columns[k])) && pl__field_of(b, t->pk.columns[k]);
    const char *pk_default = ir_constraint_name(p->a, t->name, NULL, 0, "pkey", max);
    const char *pk_map = t->pk.name && (p->provider != IR_PROVIDER_POSTGRESQL || strcmp(t->pk.name, pk_default) != 0)
                             ? pull_string(p->a, t->pk.name)
                             : NULL;
    if (t->has_pk && !pk_ok) {
        pl__note(p, "table \"%s\": its primary key is on a column the schema cannot type: left out", t->name);
        pl__attr(p, b, NULL, pl__remark(p, NULL, "primary key left out: one of its columns has no schema type"), NULL, 0);
    } else if (t->has_pk && t->pk.ncolumns == 1) {
        for (size_t i = 0; i < t->ncolumns; i++)
            if (strcmp(t->columns[i].name, t->pk.columns[0]) == 0)
                extra[i] = pk_map ? arena_printf(p->a, " @id(map: %s)", pk_map) : " @id";
    } else if (t->has_pk) {
        strbuf s;
        strbuf_init(&s, p->a);
        strbuf_printf(&s, "@@id(%s", pl__field_list(p, b, t->pk.columns, t->pk.ncolumns));
        if (b->old && b->old->has_pk && b->old->pk.client_name)
            strbuf_printf(&s, ", name: %s", pull_string(p->a, b->old->pk.client_name));
        if (pk_map)
            strbuf_printf(&s, ", map: %s", pk_map);
        strbuf_putc(&s, ')');
        uint64_t order = 0;
        const char *above = NULL, *trailing = NULL;
        const char *text = strbuf_str(&s);
        const ir_table *ot = pl__old_db_table(p, t);
        if (b->old && b->old->has_pk) {
            pl__old_place(p, b->old->pk.src.decl, &order, &above, &trailing);
            if (ot && ot->has_pk && ot->pk.ncolumns == t->pk.ncolumns &&
                pl__same_names(ot->pk.columns, t->pk.columns, t->pk.ncolumns) && pl__names_equal(ot->pk.name, t->pk.name) ==
                                                                                      (ot->pk.name != NULL)) {
                const char *kept = pl__old_block_attr(p, b, b->old->pk.src.decl, t->pk.columns, t->pk.ncolumns);
                if (kept)
                    text = kept;
            }
        }
        pl__attr(p, b, text, above, trailing, order);
    }

    /* indexes and unique constraints */
    bool *unique_done = ARENA_ARRAY(p->a, bool, t->ncolumns ? t->ncolumns : 1);
    memset(unique_done, 0, sizeof(bool) * (t->ncolumns ? t->ncolumns : 1));
    const char **iclaimed = ARENA_ARRAY(p->a, const char *, t->nindexes + 1);
    size_t niclaimed = 0;
    for (size_t k = 0; k < t->nindexes; k++) {
        const ir_index *x = &t->indexes[k];
        /* SQLite names the index of an inline UNIQUE itself: the schema's unique index of the same columns is it */
        ir_index xs = *x;
        if (p->provider == IR_PROVIDER_SQLITE && strncasecmp(x->name, "sqlite_autoindex_", 17) == 0) {
            const ir_table *ot = pl__old_db_table(p, t);
            for (size_t m = 0; ot && m < ot->nindexes; m++) {
                const ir_index *o = &ot->indexes[m];
                xs.name = o->name;
                if (o->name && o->unique && !o->where && !ir_find_index(t, o->name) &&
                    !pl__claimed(iclaimed, niclaimed, o->name) && pl__same_index(p, b, &xs)) {
                    iclaimed[niclaimed++] = o->name;
                    break;
                }
                xs.name = x->name;
            }
        }
        const ir_index *old = pl__old_index(b, xs.name);
        uint64_t order = 0;
        const char *above = NULL, *trailing = NULL;
        if (old)
            pl__old_place(p, old->src.decl, &order, &above, &trailing);
        if (!pl__name_ok(x->name) || !pl__index_plain(b, x)) {
            pl__note(p, "index \"%s\" of \"%s\" is on an expression, a collation or a column without a field: "
                        "left out",
                     x->name, t->name);
            pl__attr(p, b, NULL, pl__remark(p, above, "index \"%s\" left out: it is on an expression, a collation "
                                                      "or a column the schema does not hold",
                                            x->name),
                     NULL, order);
            continue;
        }
        const char *where = x->where ? pl__unparen(p, x->where) : NULL;
        if (where && !pl__sql_ok(p, where)) {
            pl__note(p, "index \"%s\" of \"%s\": its condition is not one SQL expression the schema can hold: left out",
                     x->name, t->name);
            pl__attr(p, b, NULL, pl__remark(p, above, "index \"%s\" left out: its WHERE condition cannot be written",
                                            x->name),
                     NULL, order);
            continue;
        }
        if (x->unique && x->method != IR_METHOD_DEFAULT) {
            pl__note(p, "unique index \"%s\" of \"%s\" uses %s: @@unique has no type: argument: left out", x->name,
                     t->name, ir_method_name(x->method));
            pl__attr(p, b, NULL, pl__remark(p, above, "unique index \"%s\" (%s) left out", x->name, ir_method_name(x->method)),
                     NULL, order);
            continue;
        }
        const char **keys = ARENA_ARRAY(p->a, const char *, x->ncolumns + x->ninclude);
        for (size_t c = 0; c < x->ncolumns; c++)
            keys[c] = x->columns[c].name;
        if (old && !old->src_field && pl__same_index(p, b, &xs)) {
            for (size_t c = 0; c < x->ninclude; c++)
                keys[x->ncolumns + c] = x->include[c];
            const char *kept = pl__old_block_attr(p, b, old->src.decl, keys, x->ncolumns + x->ninclude);
            if (kept) {
                pl__attr(p, b, kept, above, trailing, order);
                continue;
            }
        }
        const char *dflt = ir_constraint_name(p->a, t->name, keys, x->ncolumns, x->unique ? "key" : "idx", max);
        /* SQLite names the index of an inline UNIQUE itself (sqlite_autoindex_...): no name of the schema's */
        bool auto_name = p->provider == IR_PROVIDER_SQLITE && strncasecmp(x->name, "sqlite_", 7) == 0;
        const char *map = strcmp(dflt, x->name) != 0 && !auto_name ? pull_string(p->a, x->name) : NULL;
        const ir_column *c0 = pl__col(b, x->columns[0].name);
        size_t ci = (size_t)(c0 - b->cols);
        bool field_level = x->unique && x->ncolumns == 1 && !where && !x->ninclude && !x->columns[0].opclass &&
                           !unique_done[ci] && pl__supported(c0) && (!old || old->src_field) && !c0->list;
        if (field_level) {
            unique_done[ci] = true;
            const char *args = "";
            if (x->columns[0].sort == IR_SORT_DESC)
                args = "sort: Desc";
            if (map)
                args = arena_printf(p->a, "%s%smap: %s", args, *args ? ", " : "", map);
            uniq[ci] = arena_printf(p->a, " @unique%s%s%s", *args ? "(" : "", args, *args ? ")" : "");
            continue;
        }
        strbuf s;
        strbuf_init(&s, p->a);
        strbuf_printf(&s, "@@%s(%s", x->unique ? "unique" : "index", pl__index_fields(p, b, x));
        if (x->unique && old && old->client_name)
            strbuf_printf(&s, ", name: %s", pull_string(p->a, old->client_name));
        if (map)
            strbuf_printf(&s, ", map: %s", map);
        if (!x->unique && x->method != IR_METHOD_DEFAULT)
            strbuf_printf(&s, ", type: %s", ir_method_name(x->method));
        if (where)
            strbuf_printf(&s, ", where: raw(%s)", pull_string(p->a, where));
        if (x->ninclude)
            strbuf_printf(&s, ", include: %s", pl__field_list(p, b, x->include, x->ninclude));
        strbuf_putc(&s, ')');
        pl__attr(p, b, strbuf_str(&s), above, trailing, order);
    }

    /* CHECK constraints: on their field when named as a field's check is named, else on the model */
    unsigned unmapped = 0;
    const char **claimed = ARENA_ARRAY(p->a, const char *, t->nchecks + 1);
    size_t nclaimed = 0;
    for (size_t k = 0; k < t->nchecks; k++) {
        const ir_check *ck = &t->checks[k];
        const ir_table *ot = pl__old_db_table(p, t);
        const ir_check *odb = ot && ck->name ? ir_find_check(ot, ck->name) : NULL;
        /* SQLite keeps no name for a check written without one: the schema's check of the same text is it */
        for (size_t m = 0; ot && !ck->name && !odb && m < ot->nchecks; m++)
            if (ot->checks[m].name && !ir_find_check(t, ot->checks[m].name) &&
                pl__same_sql(p, ot->checks[m].expr, ck->expr) && !pl__claimed(claimed, nclaimed, ot->checks[m].name))
                odb = &ot->checks[m];
        if (!ck->name && odb)
            claimed[nclaimed++] = odb->name;
        const char *oname = ck->name ? ck->name : odb ? odb->name : NULL;
        const ir_check *old = b->old && oname ? ir_find_check(b->old, oname) : NULL;
        uint64_t order = 0;
        const char *above = NULL, *trailing = NULL;
        if (old)
            pl__old_place(p, old->src.decl, &order, &above, &trailing);
        const char *expr = ck->expr ? pl__unparen(p, ck->expr) : NULL;
        bool same = old && odb && pl__same_sql(p, odb->expr, ck->expr);
        if (same && old->expr)
            expr = old->expr; /* as its author wrote it */
        if (same) {
            const char *kept = pl__old_block_attr(p, b, old->src.decl, NULL, 0);
            if (kept) {
                unmapped += !pl__has_span(old->src_map);
                pl__attr(p, b, kept, above, trailing, order);
                continue;
            }
        }
        if ((ck->name && !pl__name_ok(ck->name)) || !pl__sql_ok(p, expr)) {
            pl__note(p, "CHECK constraint \"%s\" of \"%s\" cannot be written in the schema: left out",
                     ck->name ? ck->name : "", t->name);
            pl__attr(p, b, NULL, pl__remark(p, above, "CHECK constraint \"%s\" left out: its name or text cannot be written",
                                            ck->name ? ck->name : ""),
                     NULL, order);
            continue;
        }
        bool placed = false;
        for (size_t i = 0; ck->name && i < t->ncolumns && !placed; i++) {
            if (!b->field[i] || b->cols[i].scalar == SC_SCALAR_UNSUPPORTED)
                continue;
            const char *col = t->columns[i].name;
            if (strcmp(ck->name, ir_constraint_name(p->a, t->name, &col, 1, "check", max)) == 0 && !*checks[i]) {
                checks[i] = arena_printf(p->a, " @check(%s)", pull_string(p->a, expr));
                placed = true;
            }
        }
        /* SQLite keeps no name: a check that mentions one column only is that field's (as PostgreSQL names it) */
        int only = ck->name ? -1 : pl__check_column(p, t, expr);
        if (only >= 0 && b->field[only] && b->cols[only].scalar != SC_SCALAR_UNSUPPORTED && !*checks[only]) {
            checks[only] = arena_printf(p->a, " @check(%s)", pull_string(p->a, expr));
            continue;
        }
        if (placed)
            continue;
        const char *suffix = unmapped ? arena_printf(p->a, "check%u", unmapped) : "check";
        /* SQLite keeps no name for a CHECK written without CONSTRAINT: any name will do */
        bool dflt = !ck->name || strcmp(ck->name, ir_constraint_name(p->a, t->name, NULL, 0, suffix, max)) == 0;
        unmapped += dflt;
        const char *text = dflt ? arena_printf(p->a, "@@check(%s)", pull_string(p->a, expr))
                                : arena_printf(p->a, "@@check(%s, map: %s)", pull_string(p->a, expr),
                                               pull_string(p->a, ck->name));
        pl__attr(p, b, text, above, trailing, order);
    }

    /* scalar fields */
    for (size_t i = 0; i < t->ncolumns; i++) {
        if (!b->field[i])
            continue;
        const ir_column *c = &b->cols[i];
        const ir_column *old = b->old ? ir_find_column(b->old, c->name) : NULL;
        uint64_t order = 0;
        const char *above = NULL, *trailing = NULL;
        if (old)
            pl__old_place(p, old->src.decl, &order, &above, &trailing);
        if (!old || (!old->doc && !above))
            above = pl__doc_lines(p->a, c->doc) ? arena_printf(p->a, "%s%s", above ? above : "", pl__doc_lines(p->a, c->doc))
                                                : above;
        else
            above = pl__db_doc(p->a, above, old->doc, c->doc);
        const char *type = pl__type(p, c);
        if (!type) {
            pl__note(p, "column \"%s\".\"%s\": its type \"%s\" cannot be written in the schema: left out", t->name,
                     c->name, c->db_type ? c->db_type : "?");
            pl__member(p, b, NULL, pl__remark(p, above, "column \"%s\" left out: its type cannot be written", c->name),
                       NULL, order);
            continue;
        }
        if (c->scalar == SC_SCALAR_UNSUPPORTED && !c->enum_name && !old)
            above = pl__remark(p, above, "\"%s\" has no schema type: Unsupported fields stay out of the generated code",
                               c->unsupported);
        strbuf s;
        strbuf_init(&s, p->a);
        strbuf_printf(&s, "%s %s%s", b->field[i], type, extra[i]);
        const char *dflt;
        const ir_table *ot = pl__old_db_table(p, t);
        if (old && pl__same_default(p, c, ot ? ir_find_column(ot, c->name) : NULL)) {
            /* the database holds what the existing schema says: keep its words */
            ir_column as_written = *c;
            as_written.dflt = old->dflt;
            dflt = old->dflt.kind == IR_DEFAULT_NONE ? NULL : pl__default(p, b, &as_written, &above);
        } else {
            dflt = pl__default(p, b, c, &above);
        }
        if (!dflt && c->dflt.kind == IR_DEFAULT_NONE)
            dflt = pl__client_default(p, old);
        else if (!dflt && old && old->dflt.kind == IR_DEFAULT_NONE && pl__same_default(p, c, ot ? ir_find_column(ot, c->name) : NULL))
            dflt = pl__client_default(p, old);
        if (dflt)
            strbuf_printf(&s, " @default(%s)", dflt);
        strbuf_puts(&s, uniq[i]);
        if (old && old->client_default == IR_CLIENT_UPDATED_AT && c->scalar == SC_SCALAR_DATETIME && !c->list)
            strbuf_puts(&s, " @updatedAt");
        if (old && old->version && (c->scalar == SC_SCALAR_INT || c->scalar == SC_SCALAR_BIGINT) && !c->nullable &&
            !c->list)
            strbuf_puts(&s, " @version");
        if (old && old->deleted_at && c->scalar == SC_SCALAR_DATETIME && c->nullable && !c->list)
            strbuf_puts(&s, " @deletedAt");
        if (strcmp(b->field[i], c->name) != 0)
            strbuf_printf(&s, " @map(%s)", pull_string(p->a, c->name));
        const char *native = pl__native(p, c);
        if (native)
            strbuf_printf(&s, " %s", native);
        strbuf_puts(&s, checks[i]);
        if (b->old && pl__field_ignored(p, b->old->model, b->field[i]))
            strbuf_puts(&s, " @ignore");
        pl__member(p, b, strbuf_str(&s), above, trailing, order);
    }

    /* relation fields */
    for (size_t k = 0; k < rs->n; k++) {
        const pl_rel *r = &rs->v[k];
        if (r->child == b) {
            uint64_t order = 0;
            const char *above = NULL, *trailing = NULL;
            if (r->old_fwd)
                pl__old_place(p, r->old_fwd->src.decl, &order, &above, &trailing);
            const char *text = r->fwd_text ? r->fwd_text : pl__fwd_member(p, r, &above);
            pl__member(p, b, text, above, trailing, order);
        }
        if (r->parent == b) {
            uint64_t order = 0;
            const char *above = NULL, *trailing = NULL;
            if (r->old_back)
                pl__old_place(p, r->old_back->src.decl, &order, &above, &trailing);
            pl__member(p, b, r->back_text ? r->back_text : pl__back_member(p, r), above, trailing, order);
        }
    }

    if (strcmp(b->name, t->name) != 0) {
        uint64_t order = 0;
        const char *above = NULL, *trailing = NULL;
        if (b->old)
            pl__old_place(p, b->old->src_map.decl, &order, &above, &trailing);
        pl__attr(p, b, arena_printf(p->a, "@@map(%s)", pull_string(p->a, t->name)), above, trailing, order);
    }
    if (b->ignored) {
        const char *above = NULL;
        if (!b->old || !b->old->src_ignored) {
            above = pl__remark(p, NULL, "no primary key and no unique constraint on required columns: @@ignore keeps "
                                        "the model out of the generated code");
            pl__note(p, "table \"%s\" has no primary key or unique constraint on required columns: marked @@ignore",
                     t->name);
        }
        pl__attr(p, b, "@@ignore", above, NULL, 0);
    }
    pl__schema_attr(p, b, t->schema);
}

/* ---------------------------------------------------------------- views */

static void pl__view_members(pl *p, pl_block *b)
{
    const ir_table *t = b->t;
    b->above = pl__doc_lines(p->a, t->doc);
    for (size_t i = 0; i < t->ncolumns; i++) {
        if (!b->field[i])
            continue;
        const ir_column *c = &b->cols[i];
        const char *type = pl__type(p, c);
        const char *above = pl__doc_lines(p->a, c->doc);
        if (!type) {
            pl__note(p, "view \"%s\": column \"%s\" has a type the schema cannot write: left out", t->name, c->name);
            pl__member(p, b, NULL, pl__remark(p, above, "column \"%s\" left out: its type cannot be written", c->name),
                       NULL, 0);
            continue;
        }
        const char *text = arena_printf(p->a, "%s %s", b->field[i], type);
        if (strcmp(b->field[i], c->name) != 0)
            text = arena_printf(p->a, "%s @map(%s)", text, pull_string(p->a, c->name));
        pl__member(p, b, text, above, NULL, 0);
    }
    if (strcmp(b->name, t->name) != 0)
        pl__attr(p, b, arena_printf(p->a, "@@map(%s)", pull_string(p->a, t->name)), NULL, NULL, 0);
    pl__schema_attr(p, b, t->schema);
}

/* ---------------------------------------------------------------- what the existing schema keeps as written */

static const pull_block *pl__kept_view(const pl *p, const char *dbname)
{
    for (size_t i = 0; p->ex && i < p->ex->nblocks; i++)
        if (p->ex->blocks[i].view && strcmp(p->ex->blocks[i].view, dbname) == 0)
            return &p->ex->blocks[i];
    return NULL;
}

static bool pl__block_named(const pl *p, const char *name)
{
    for (size_t i = 0; i < p->nblocks; i++)
        if ((p->blocks[i].kind == 'm' && !p->blocks[i].join) || p->blocks[i].kind == 'v' || p->blocks[i].kind == 't')
            if (p->blocks[i].name && strcmp(p->blocks[i].name, name) == 0)
                return true;
    return false;
}

static pl_block *pl__model_block(const pl *p, const char *model)
{
    for (size_t i = 0; i < p->nblocks; i++)
        if (p->blocks[i].kind == 'm' && !p->blocks[i].join && p->blocks[i].old && p->blocks[i].old->model &&
            strcmp(p->blocks[i].old->model, model) == 0)
            return &p->blocks[i];
    return NULL;
}

/*
 * Relations the database knows nothing of (relationMode = "prisma", or
 * pointing at a view): their fields stay as written while both models and
 * the fields they name are still there.
 */
static void pl__emulated_relations(pl *p)
{
    if (!p->ex || !p->ex->model)
        return;
    const ir_schema *m = p->ex->model;
    for (size_t i = 0; i < m->nrelations; i++) {
        const ir_relation *r = &m->relations[i];
        if (r->fk || r->kind == IR_REL_JOIN)
            continue;
        pl_block *b = pl__model_block(p, r->model);
        if (!b || !pl__block_named(p, r->target))
            continue;
        /* the scalar fields it names must still be the same fields */
        bool ok = true;
        const ir_relation *fwd = r->kind == IR_REL_FORWARD ? r : NULL;
        if (fwd) {
            for (size_t k = 0; ok && k < fwd->ncolumns; k++) {
                const ir_column *oc = ir_find_column(b->old, fwd->columns[k]);
                const char *now = pl__field_of(b, fwd->columns[k]);
                ok = oc && oc->field && now && strcmp(oc->field, now) == 0;
            }
        } else {
            /* the back side: its forward side must survive too */
            pl_block *fb = pl__model_block(p, r->target);
            const ir_relation *f = r->back_field ? pl__old_field(p, r->target, r->back_field) : NULL;
            ok = fb && f;
            for (size_t k = 0; ok && k < f->ncolumns; k++) {
                const ir_column *oc = ir_find_column(fb->old, f->columns[k]);
                const char *now = pl__field_of(fb, f->columns[k]);
                ok = oc && oc->field && now && strcmp(oc->field, now) == 0;
            }
            if (!fb && pl__block_named(p, r->target))
                ok = true; /* the other side is a view, kept as written */
        }
        const char *text = pl__src_text(p, r->src.decl);
        if (!ok || !text || strmap_gets(&b->fields, r->field)) {
            pl__note(p, "relation field \"%s.%s\" (no foreign key in the database) is left out: a field it needs is gone",
                     r->model, r->field);
            continue;
        }
        strmap_adds(&b->fields, r->field, (void *)r->field);
        pl__member(p, b, text, pl__src_above(p, r->src.decl), pl__src_trailing(p, r->src.decl), pl__pos(r->src.decl));
    }
}

/* ---------------------------------------------------------------- output */

static int pl__cmp_member(const void *x, const void *y)
{
    const pl_member *a = x, *b = y;
    return (a->order > b->order) - (a->order < b->order);
}

static int pl__cmp_block(const void *x, const void *y)
{
    const pl_block *a = *(pl_block *const *)x, *b = *(pl_block *const *)y;
    return (a->order > b->order) - (a->order < b->order);
}

static void pl__put_lines(strbuf *s, const char *lines, const char *indent)
{
    for (const char *p = lines; p && *p;) {
        size_t n = strcspn(p, "\n");
        strbuf_puts(s, indent);
        strbuf_putn(s, p, n);
        strbuf_putc(s, '\n');
        p += n;
        if (*p)
            p++;
    }
}

static void pl__put_members(strbuf *s, pl_member *m, size_t n)
{
    if (n > 1)
        qsort(m, n, sizeof *m, pl__cmp_member);
    for (size_t i = 0; i < n; i++) {
        pl__put_lines(s, m[i].above, "  ");
        if (!m[i].text)
            continue;
        strbuf_puts(s, "  ");
        strbuf_puts(s, m[i].text);
        if (m[i].trailing)
            strbuf_printf(s, " %s", m[i].trailing);
        strbuf_putc(s, '\n');
    }
}

static const char *pl__render(pl *p)
{
    strbuf s;
    strbuf_init(&s, p->a);
    bool have_datasource = false;
    for (size_t i = 0; p->ex && i < p->ex->nblocks; i++)
        have_datasource = have_datasource || !p->ex->blocks[i].view;
    /* what the schema language asks a preview feature for: views, PostgreSQL extensions */
    bool views = false;
    for (size_t i = 0; i < p->nblocks; i++)
        views = views || (p->blocks[i].kind == 'v' && !p->blocks[i].join) ||
                (p->blocks[i].kind == 't' && p->blocks[i].name);
    const char *features[2];
    size_t nfeatures = 0;
    if (!have_datasource) {
        strbuf_printf(&s, "datasource db {\n  provider = \"%s\"\n", ir_provider_name(p->provider));
        bool any = false;
        for (size_t i = 0; p->provider == IR_PROVIDER_POSTGRESQL && i < p->db->nextensions; i++) {
            const ir_extension *x = &p->db->extensions[i];
            const char *name = pl__ident(p->a, x->db_name, "ext_");
            strbuf_puts(&s, any ? ", " : "  extensions = [");
            any = true;
            strbuf_puts(&s, name);
            const char *args[2] = {NULL, NULL};
            if (strcmp(name, x->db_name) != 0)
                args[0] = arena_printf(p->a, "map: %s", pull_string(p->a, x->db_name));
            if (x->schema && strcmp(x->schema, "public") != 0)
                args[1] = arena_printf(p->a, "schema: %s", pull_string(p->a, x->schema));
            if (args[0] || args[1])
                strbuf_printf(&s, "(%s%s%s)", args[0] ? args[0] : "", args[0] && args[1] ? ", " : "",
                              args[1] ? args[1] : "");
        }
        if (any) {
            strbuf_puts(&s, "]\n");
            features[nfeatures++] = "postgresqlExtensions";
        }
        strbuf_puts(&s, "}\n");
        if (views)
            features[nfeatures++] = "views";
    } else if (views) {
        bool has = false;
        for (size_t i = 0; p->ex && i < p->ex->npreview_features; i++)
            has = has || strcasecmp(p->ex->preview_features[i], "views") == 0;
        if (!has) {
            features[nfeatures++] = "views";
            pl__note(p, "the database has views: a generator block adds the preview feature \"views\" they need");
        }
    }
    if (nfeatures) {
        strbuf_puts(&s, have_datasource ? "generator views {\n  provider        = \"prisma-client-js\"\n"
                                        : "generator client {\n  provider        = \"prisma-client-js\"\n");
        strbuf_puts(&s, "  previewFeatures = [");
        for (size_t i = 0; i < nfeatures; i++)
            strbuf_printf(&s, "%s\"%s\"", i ? ", " : "", features[i]);
        strbuf_puts(&s, "]\n}\n");
    }
    /* new blocks: models by name, then views, then enums */
    pl_block **order = ARENA_ARRAY(p->a, pl_block *, p->nblocks ? p->nblocks : 1);
    size_t n = 0;
    for (size_t i = 0; i < p->nblocks; i++)
        if (!p->blocks[i].join)
            order[n++] = &p->blocks[i];
    for (size_t i = 0; i < n; i++) {
        pl_block *b = order[i];
        if (b->order < PL_NEW)
            continue;
        uint64_t group = b->kind == 'm' ? 0 : b->kind == 'v' ? 1 : 2;
        uint64_t rank = 0;
        for (size_t k = 0; k < n; k++)
            if (order[k]->order >= PL_NEW && order[k]->kind == b->kind && strcmp(order[k]->name, b->name) < 0)
                rank++;
        b->order = PL_NEW + (group << 40) + rank;
    }
    qsort(order, n, sizeof *order, pl__cmp_block);
    /* the existing schema's header comment stays on top */
    if (n && order[0]->order < PL_NEW && (order[0]->order >> 32) == 0) {
        const char *header = pl__src_header(p, (uint32_t)order[0]->order);
        if (header) {
            strbuf st;
            strbuf_init(&st, p->a);
            strbuf_printf(&st, "%s\n\n%s", header, strbuf_str(&s));
            s = st;
        }
    }
    for (size_t i = 0; i < n; i++) {
        pl_block *b = order[i];
        if (s.len)
            strbuf_putc(&s, '\n');
        if (b->kind == 't') {
            pl__put_lines(&s, b->above, "");
            strbuf_puts(&s, b->text);
            if (!s.len || s.s[s.len - 1] != '\n')
                strbuf_putc(&s, '\n');
            continue;
        }
        pl__put_lines(&s, b->above, "");
        strbuf_printf(&s, "%s %s {\n", b->kind == 'm' ? "model" : b->kind == 'v' ? "view" : "enum", b->name);
        pl__put_members(&s, b->members, b->nmembers);
        if (b->nattrs) {
            if (b->nmembers)
                strbuf_putc(&s, '\n');
            pl__put_members(&s, b->attrs, b->nattrs);
        }
        strbuf_puts(&s, "}\n");
    }
    return strbuf_str(&s);
}

/* ---------------------------------------------------------------- driver */

void pull_schema(pull_result *out, arena *a, const ir_schema *db, const pull_options *opt)
{
    pl p;
    memset(&p, 0, sizeof p);
    p.a = a;
    p.db = db;
    p.ex = opt ? opt->existing : NULL;
    p.provider = db->provider;
    p.sqlite_type = opt ? opt->sqlite_type : NULL;
    strmap_init(&p.names, a);
    strmap_init(&p.tables, a);
    strmap_init(&p.enums, a);
    if (p.ex && p.ex->model) {
        const ddl_dialect *d = ddl_dialect_for(p.provider);
        if (d)
            p.old_db = ddl_db_view(a, d, p.ex->model);
    }

    /* blocks kept as written: datasource, generators, views the database still has */
    for (size_t i = 0; p.ex && i < p.ex->nblocks; i++) {
        const pull_block *k = &p.ex->blocks[i];
        if (k->view) {
            bool exists = false;
            for (size_t v = 0; v < db->nviews; v++)
                exists = exists || strcmp(db->views[v].name, k->view) == 0;
            if (!exists) {
                pl__note(&p, "view \"%s\" is gone from the database: its block is left out", k->view);
                continue;
            }
        }
        pl_block *b = pl__new_block(&p, 't');
        b->text = k->text;
        b->order = pl__pos(k->at);
        b->above = pl__src_above(&p, k->at);
        if (k->name) {
            b->name = k->name;
            strmap_adds(&p.names, k->name, (void *)k->name);
        }
    }
    pl__enums(&p);
    pl__tables(&p);
    /* a view kept as written replaces the one read from the database */
    for (size_t i = 0; i < p.nblocks; i++)
        if (p.blocks[i].kind == 'v' && pl__kept_view(&p, p.blocks[i].dbname))
            p.blocks[i].join = true; /* not written */
    pl__model_names(&p);
    pl__sqlite_enums(&p);
    for (size_t i = 0; i < p.nblocks; i++) {
        pl_block *b = &p.blocks[i];
        if (b->kind == 'e')
            pl__enum_members(&p, b);
        else if ((b->kind == 'm' || b->kind == 'v') && !b->join)
            pl__field_names(&p, b);
    }
    pl_rels rs;
    memset(&rs, 0, sizeof rs);
    pl__collect(&p, &rs);
    for (size_t i = 0; i < p.nblocks; i++) {
        pl_block *b = &p.blocks[i];
        if (b->kind == 'm' && !b->join && !pl__has_criterion(b))
            b->ignored = true;
    }
    pl__name_relations(&p, &rs);
    pl__keep_relations(&p, &rs);
    pl__emulated_relations(&p);
    for (size_t i = 0; i < p.nblocks; i++) {
        pl_block *b = &p.blocks[i];
        if (b->kind == 'm' && !b->join)
            pl__model_members(&p, b, &rs);
        else if (b->kind == 'v' && !b->join)
            pl__view_members(&p, b);
    }
    out->text = pl__render(&p);
    out->notes = p.notes;
    out->nnotes = p.nnotes;
}
