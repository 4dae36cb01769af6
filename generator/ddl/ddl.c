/*
 * ddl.c - what the DDL back ends share: quoting, literals, the order of a
 * whole script, and the database-level view and comparison.
 */
#include "ddl/ddl.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *ddl_qualified(arena *a, const char *schema, const char *name)
{
    if (!schema)
        return sqltext_ident(a, name);
    return arena_printf(a, "%s.%s", sqltext_ident(a, schema), sqltext_ident(a, name));
}

char *ddl_create_schema(arena *a, const char *name)
{
    return arena_printf(a, "CREATE SCHEMA IF NOT EXISTS %s;\n", sqltext_ident(a, name));
}

const char *ddl_ident_list(arena *a, const char *const *names, size_t n)
{
    strbuf b;
    strbuf_init(&b, a);
    for (size_t i = 0; i < n; i++) {
        if (i)
            strbuf_puts(&b, ", ");
        strbuf_puts(&b, sqltext_ident(a, names[i]));
    }
    return strbuf_str(&b);
}

const char *ddl_literal_sql(arena *a, const ir_default *d)
{
    switch (d->kind) {
    case IR_DEFAULT_STRING:
    case IR_DEFAULT_ENUM:
        return sqltext_string(a, d->value);
    case IR_DEFAULT_NUMBER:
    case IR_DEFAULT_BOOLEAN:
    case IR_DEFAULT_EXPR:
        return d->value ? d->value : "NULL";
    case IR_DEFAULT_NOW:
        return "CURRENT_TIMESTAMP";
    default:
        return "NULL";
    }
}

/*
 * A Bytes default is base64 in the schema; Prisma writes the bytes it
 * stands for as hex digits. NULL when the text is not base64.
 */
static int ddl__b64_value(char ch)
{
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9')
        return ch - '0' + 52;
    if (ch == '+')
        return 62;
    if (ch == '/')
        return 63;
    return -1;
}

const char *ddl_bytes_hex(arena *a, const char *base64)
{
    static const char digits[] = "0123456789abcdef";
    size_t n = strlen(base64);
    while (n && base64[n - 1] == '=')
        n--;
    if (n % 4 == 1 || strlen(base64) - n > 2)
        return NULL;
    char *out = arena_alloc(a, n / 4 * 6 + 6);
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = ddl__b64_value(base64[i]);
        if (v < 0)
            return NULL;
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            unsigned byte = (acc >> bits) & 0xFFu;
            out[o++] = digits[byte >> 4];
            out[o++] = digits[byte & 0xFu];
        }
    }
    out[o] = '\0';
    return out;
}

/* ---------------------------------------------------------------- dialects */

const ddl_dialect *ddl_dialect_for(ir_provider provider)
{
    switch (provider) {
    case IR_PROVIDER_SQLITE: return &ddl_sqlite_dialect;
    case IR_PROVIDER_POSTGRESQL: return &ddl_postgres_dialect;
    case IR_PROVIDER_NONE: break;
    }
    return NULL;
}

const ddl_dialect *ddl_dialect_named(const char *name)
{
    ir_provider p;
    if (!name || ir_provider_from_name(&p, name) != 0)
        return NULL;
    return ddl_dialect_for(p);
}

/* ---------------------------------------------------------------- scripts */

static void ddl__statement(strbuf *b, const char *stmt)
{
    if (!stmt)
        return;
    if (b->len)
        strbuf_puts(b, "\n");
    strbuf_puts(b, stmt);
}

char *ddl_create_script(arena *a, const ddl_dialect *d, const ir_schema *s)
{
    strbuf b;
    strbuf_init(&b, a);
    char *pre = NULL;
    d->preamble(a, s, &pre);
    if (pre && *pre)
        ddl__statement(&b, pre);
    for (size_t i = 0; i < s->ntables; i++)
        ddl__statement(&b, d->create_table(a, s, &s->tables[i]));
    for (size_t i = 0; i < s->ntables; i++)
        for (size_t k = 0; k < s->tables[i].nindexes; k++)
            ddl__statement(&b, d->create_index(a, s, &s->tables[i], &s->tables[i].indexes[k]));
    /* Keys last: every table they point at exists by then. */
    for (size_t i = 0; i < s->ntables; i++)
        for (size_t k = 0; k < s->tables[i].nfks; k++)
            ddl__statement(&b, d->add_foreign_key(a, s, &s->tables[i], &s->tables[i].fks[k]));
    return strbuf_str(&b);
}

/* ---------------------------------------------------------------- database-level view */

static void ddl__clear_model_facts(ir_schema *s)
{
    s->nrelations = 0;
    for (size_t i = 0; i < s->nextensions; i++)
        s->extensions[i].name = s->extensions[i].db_name;
    for (size_t i = 0; i < s->nenums; i++) {
        s->enums[i].name = NULL;
        s->enums[i].doc = NULL;
        for (size_t v = 0; v < s->enums[i].nvalues; v++) {
            s->enums[i].values[v].name = s->enums[i].values[v].db_name;
            s->enums[i].values[v].doc = NULL;
        }
    }
    for (size_t i = 0; i < s->ntables; i++) {
        ir_table *t = &s->tables[i];
        t->model = NULL;
        t->doc = NULL;
        t->kind = IR_TABLE_MODEL;
        t->pk.client_name = NULL;
        for (size_t c = 0; c < t->ncolumns; c++) {
            ir_column *col = &t->columns[c];
            col->field = NULL;
            col->client_default = IR_CLIENT_NONE;
            col->client_arg = 0;
            col->version = false;
            col->deleted_at = false;
            col->doc = NULL;
        }
        for (size_t k = 0; k < t->nindexes; k++)
            t->indexes[k].client_name = NULL;
    }
}

/* dbgenerated("NULL"), "(NULL)": a default of NULL, which the database keeps as no default. */
static bool ddl__is_null_expr(const char *v)
{
    if (!v)
        return true;
    size_t n = strlen(v);
    while (n && (isspace((unsigned char)*v) || *v == '(')) {
        v++;
        n--;
    }
    while (n && (isspace((unsigned char)v[n - 1]) || v[n - 1] == ')'))
        n--;
    return n == 4 && strncasecmp(v, "NULL", 4) == 0;
}

/*
 * A dbgenerated() default is read back by the database's rules: NULL is no
 * default, a literal ('(1,2)'::point, 5) is that literal, now() is now().
 */
static void ddl__reread_expr_defaults(arena *a, ir_schema *s)
{
    for (size_t i = 0; i < s->ntables; i++) {
        for (size_t c = 0; c < s->tables[i].ncolumns; c++) {
            ir_column *col = &s->tables[i].columns[c];
            ir_default *dflt = &col->dflt;
            if (dflt->kind != IR_DEFAULT_EXPR)
                continue;
            if (ddl__is_null_expr(dflt->value)) {
                memset(dflt, 0, sizeof(*dflt));
                continue;
            }
            ir_default again;
            ir_default_parse(&again, a, dflt->value, col->scalar, col->enum_name != NULL);
            if (again.kind != IR_DEFAULT_EXPR)
                *dflt = again;
        }
    }
}

ir_schema *ddl_db_view(arena *a, const ddl_dialect *d, const ir_schema *s)
{
    /* Never validated again: a model read from a database must not vanish from the comparison. */
    ir_schema *copy = ARENA_NEW(a, ir_schema);
    ir_copy(copy, a, s);
    ddl__clear_model_facts(copy);
    ddl__reread_expr_defaults(a, copy);
    if (d->db_view)
        d->db_view(a, copy);
    ir_canonicalize(copy);
    return copy;
}

typedef struct ddl__type_payload {
    const ddl_dialect *d;
} ddl__type_payload;

static const char *ddl__type_of(arena *a, const ir_schema *s, const ir_column *c, void *payload)
{
    const ddl__type_payload *p = payload;
    return p->d->column_type(a, s, c);
}

size_t ddl_db_diff(char **report, arena *a, const ddl_dialect *d, const ir_schema *expected,
                   const ir_schema *actual)
{
    ir_schema *ea = ddl_db_view(a, d, expected);
    ir_schema *eb = ddl_db_view(a, d, actual);
    ddl__type_payload payload = {d};
    ir_compare_options opt = IR_COMPARE_OPTIONS_INIT;
    opt.database_only = true;
    opt.column_type = ddl__type_of;
    opt.payload = &payload;
    opt.ignore_pk_names = !d->names_pk;
    opt.ignore_fk_names = !d->names_fk;
    opt.normalize_exprs = true;
    return ir_diff_report(report, a, ea, eb, &opt);
}
