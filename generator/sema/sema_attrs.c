/*
 * sema_attrs.c - field, block and enum attributes: @id, @default, @unique,
 * @updatedAt, @map, @ignore, native types (@db.X), @@id, @@unique, @@index,
 * @@map, @@ignore, @@schema, and our extensions @check/@@check, @version,
 * @deletedAt, partial (where:) and covering (include:) indexes.
 *
 * Each attribute has an argument spec checked by sema_check_args(); the
 * values are then checked against the field's resolved type. @relation is
 * only recognised here; sema_relations.c gives it meaning.
 */
#include "sema/sema_internal.h"
#include "model/ir.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const field_attr_names[] = {"id",  "default", "unique",  "updatedAt",
                                               "map", "relation", "ignore", "check",
                                               "version", "deletedAt"};
static const char *const block_attr_names[] = {"id",     "unique", "index", "map",
                                               "ignore", "schema", "check"};

/* ---------------------------------------------------------------- small helpers */

static const char *expr_describe(sema_ctx *c, const ast_expr *e)
{
    switch (e->kind) {
    case AST_EXPR_STRING: return "a string";
    case AST_EXPR_NUMBER: return "a number";
    case AST_EXPR_IDENT: return arena_printf(c->arena, "\"%s\"", e->value);
    case AST_EXPR_CALL: return arena_printf(c->arena, "%s()", e->value);
    case AST_EXPR_ARRAY: return "a list";
    case AST_EXPR_OBJECT: return "an object";
    }
    return "a value";
}

/* A non-empty string argument, or NULL after reporting. */
static const char *arg_string(sema_ctx *c, const ast_attr *attr, const ast_expr *e, const char *what)
{
    if (!e)
        return NULL;
    if (e->kind != AST_EXPR_STRING) {
        diag_error(c->diags, e->span, "invalid-argument", "%s of %s must be a string, found %s",
                   what, sema_attr_display(c, attr), expr_describe(c, e));
        return NULL;
    }
    if (e->value_len == 0 || e->value[0] == '\0') {
        diag_error(c->diags, e->span, "invalid-argument", "%s of %s must not be empty", what,
                   sema_attr_display(c, attr));
        return NULL;
    }
    return e->value;
}

/* A non-empty string argument that names something in the database or the generated
   code: also free of control characters. NULL after reporting. */
static const char *arg_name(sema_ctx *c, const ast_attr *attr, const ast_expr *e, const char *what)
{
    const char *s = arg_string(c, attr, e, what);
    if (s && !sema_name_string_clean(e) &&
        !sema_check_name_string(c, e, arena_printf(c->arena, "%s of %s", what, sema_attr_display(c, attr))))
        return NULL;
    return s;
}

static bool parse_int64(const char *s, int64_t *out)
{
    if (!s || !*s)
        return false;
    errno = 0;
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || !end || *end != '\0')
        return false;
    *out = (int64_t)v;
    return true;
}

static bool is_integer_literal(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

/* Base64 as Prisma's Bytes defaults use it: standard alphabet, padded. */
static bool is_base64(const char *s, size_t len)
{
    if (len % 4 != 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (isalnum(ch) || ch == '+' || ch == '/')
            continue;
        if (ch == '=' && i >= len - 2 && (i == len - 1 || s[len - 1] == '='))
            continue;
        return false;
    }
    return true;
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* RFC 3339, as Prisma parses DateTime defaults: 2024-01-31T12:00:00(.123)?(Z|+01:00). */
static bool is_datetime_text(const char *s)
{
    size_t len = strlen(s);
    if (len < 20 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
        !digits(s + 8, 2))
        return false;
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return false;
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
        return false;
    const char *t = s + 11;
    if (!digits(t, 2) || t[2] != ':' || !digits(t + 3, 2) || t[5] != ':' || !digits(t + 6, 2))
        return false;
    if ((t[0] - '0') * 10 + (t[1] - '0') > 23 || (t[3] - '0') * 10 + (t[4] - '0') > 59 ||
        (t[6] - '0') * 10 + (t[7] - '0') > 60)
        return false;
    t += 8;
    if (*t == '.') {
        t++;
        if (!isdigit((unsigned char)*t))
            return false;
        while (isdigit((unsigned char)*t))
            t++;
    }
    if ((*t == 'Z' || *t == 'z') && t[1] == '\0')
        return true;
    return (*t == '+' || *t == '-') && digits(t + 1, 2) && t[3] == ':' && digits(t + 4, 2) &&
           t[6] == '\0';
}

/* The column name of a field: @map or the field name. */
static const char *field_db_name(const ast_member *f)
{
    const ast_attr *map = ast_find_attr(&f->attrs, "map", false);
    const ast_arg *a = map ? ast_find_arg(&map->args, "name", 0) : NULL;
    if (a && a->value->kind == AST_EXPR_STRING && a->value->value[0])
        return a->value->value;
    return f->name;
}

/* ---------------------------------------------------------------- native types */

typedef struct native_type {
    const char *name;
    sc_scalar scalar;
    unsigned min_args, max_args;
} native_type;

/* PostgreSQL's native types as Prisma's connector defines them. */
static const native_type pg_native_types[] = {
    {"Text", SC_SCALAR_STRING, 0, 0},          {"Char", SC_SCALAR_STRING, 0, 1},
    {"VarChar", SC_SCALAR_STRING, 0, 1},       {"Bit", SC_SCALAR_STRING, 0, 1},
    {"VarBit", SC_SCALAR_STRING, 0, 1},        {"Uuid", SC_SCALAR_STRING, 0, 0},
    {"Xml", SC_SCALAR_STRING, 0, 0},           {"Inet", SC_SCALAR_STRING, 0, 0},
    {"Citext", SC_SCALAR_STRING, 0, 0},        {"Boolean", SC_SCALAR_BOOLEAN, 0, 0},
    {"Integer", SC_SCALAR_INT, 0, 0},          {"SmallInt", SC_SCALAR_INT, 0, 0},
    {"Oid", SC_SCALAR_INT, 0, 0},              {"BigInt", SC_SCALAR_BIGINT, 0, 0},
    {"Real", SC_SCALAR_FLOAT, 0, 0},           {"DoublePrecision", SC_SCALAR_FLOAT, 0, 0},
    {"Decimal", SC_SCALAR_DECIMAL, 0, 2},      {"Money", SC_SCALAR_DECIMAL, 0, 0},
    {"Timestamp", SC_SCALAR_DATETIME, 0, 1},   {"Timestamptz", SC_SCALAR_DATETIME, 0, 1},
    {"Date", SC_SCALAR_DATETIME, 0, 0},        {"Time", SC_SCALAR_DATETIME, 0, 1},
    {"Timetz", SC_SCALAR_DATETIME, 0, 1},      {"Json", SC_SCALAR_JSON, 0, 0},
    {"JsonB", SC_SCALAR_JSON, 0, 0},           {"ByteA", SC_SCALAR_BYTES, 0, 0},
};

static bool native_arg(sema_ctx *c, const ast_arg *arg, int64_t lo, int64_t hi, const char *what,
                       int64_t *out)
{
    if (arg->name || arg->value->kind != AST_EXPR_NUMBER || !parse_int64(arg->value->value, out)) {
        diag_error(c->diags, arg->span, "invalid-native-type", "%s must be an integer", what);
        return false;
    }
    if (*out < lo || *out > hi) {
        diag_error(c->diags, arg->value->span, "invalid-native-type",
                   "%s must be between %lld and %lld, found %lld", what, (long long)lo,
                   (long long)hi, (long long)*out);
        return false;
    }
    return true;
}

static void check_native_args(sema_ctx *c, const ast_attr *attr, const native_type *nt)
{
    const char *type = nt->name;
    if (strcmp(type, "Decimal") == 0) {
        if (attr->args.count == 1) {
            diag_error(c->diags, attr->span, "invalid-native-type",
                       "Decimal takes a precision and a scale, like @%s(10, 2)", attr->name);
            return;
        }
        if (attr->args.count == 2) {
            int64_t p = 0, s = 0;
            if (native_arg(c, attr->args.first, 1, 1000, "the precision of Decimal", &p) &&
                native_arg(c, attr->args.first->next, 0, 1000, "the scale of Decimal", &s) && s > p)
                diag_error(c->diags, attr->args.first->next->value->span, "invalid-native-type",
                           "the scale of Decimal (%lld) cannot exceed its precision (%lld)",
                           (long long)s, (long long)p);
        }
        return;
    }
    if (attr->args.count == 0)
        return;
    int64_t v = 0;
    if (strcmp(type, "Char") == 0 || strcmp(type, "VarChar") == 0)
        native_arg(c, attr->args.first, 1, 10485760, arena_printf(c->arena, "the length of %s", type), &v);
    else if (strcmp(type, "Bit") == 0 || strcmp(type, "VarBit") == 0)
        native_arg(c, attr->args.first, 1, 83886080, arena_printf(c->arena, "the length of %s", type), &v);
    else
        native_arg(c, attr->args.first, 0, 6, arena_printf(c->arena, "the precision of %s", type), &v);
}

static void check_native_type(sema_ctx *c, ast_block *model, ast_member *f, ast_attr *attr,
                              const char *type)
{
    if (c->provider == SC_PROVIDER_SQLITE && c->declared == SC_PROVIDER_POSTGRESQL) {
        /* --dialect sqlite on a PostgreSQL schema: the type would silently become
           the portable mapping, which is not what the schema asked for. */
        sc_diag *d = diag_error(c->diags, attr->name_span, "invalid-native-type",
                                "native type @%s is PostgreSQL only and SQLite has no equivalent",
                                attr->name);
        diag_note(c->diags, d, NULL,
                  "a schema used with both SQLite and PostgreSQL cannot use native types of "
                  "one of them: remove @%s to get the portable %s mapping on both", attr->name,
                  f->type_name ? f->type_name : "type");
        return;
    }
    if (c->provider == SC_PROVIDER_SQLITE) {
        diag_error(c->diags, attr->name_span, "invalid-native-type",
                   "native type attributes like @%s are not available with SQLite", attr->name);
        return;
    }
    if (c->provider != SC_PROVIDER_POSTGRESQL)
        return;
    const native_type *nt = NULL;
    for (size_t i = 0; i < NELEM(pg_native_types); i++)
        if (strcmp(pg_native_types[i].name, type) == 0)
            nt = &pg_native_types[i];
    if (!nt) {
        sc_diag *d = diag_error(c->diags, attr->name_span, "invalid-native-type",
                                "unknown PostgreSQL native type \"%s\"", type);
        const char *names[NELEM(pg_native_types)];
        for (size_t i = 0; i < NELEM(pg_native_types); i++)
            names[i] = pg_native_types[i].name;
        sema_suggest(c, d, type, names, NELEM(pg_native_types));
        return;
    }
    if (f->type_kind != AST_FIELDTYPE_SCALAR || f->scalar == SC_SCALAR_UNSUPPORTED) {
        diag_error(c->diags, attr->name_span, "invalid-native-type",
                   "native type %s needs a %s field; \"%s\" is %s", type, sc_scalar_name(nt->scalar),
                   f->name, f->type_kind == AST_FIELDTYPE_ENUM ? "an enum field" : "not a scalar");
        return;
    }
    if (f->scalar != nt->scalar) {
        diag_error(c->diags, attr->name_span, "invalid-native-type",
                   "native type %s does not fit a field of type %s; it needs %s", type,
                   sc_scalar_name(f->scalar), sc_scalar_name(nt->scalar));
        return;
    }
    if (attr->args.count > nt->max_args) {
        if (nt->max_args == 0)
            diag_error(c->diags, attr->span, "invalid-native-type",
                       "native type %s takes no arguments", type);
        else if (nt->max_args == 2)
            diag_error(c->diags, attr->span, "invalid-native-type",
                       "Decimal takes a precision and a scale, like @%s(10, 2)", attr->name);
        else
            diag_error(c->diags, attr->span, "invalid-native-type",
                       "native type %s takes at most one argument", type);
        return;
    }
    (void)model;
    check_native_args(c, attr, nt);
}

/*
 * Unsupported("T") where T reads as a native type of the provider, as
 * Prisma parses it: the name up to the first "(", the arguments up to the
 * next ")" split at commas, anything after them ignored; names match
 * exactly (Unsupported("Timestamp(3)") is @db.Timestamp(3), "timestamp" is
 * not). Prisma refuses these on the field's line: the native type gives the
 * same column with a real Prisma type.
 */
void sema_check_unsupported_native(sema_ctx *c, const ast_member *f)
{
    if (c->provider != SC_PROVIDER_POSTGRESQL || !f->unsupported)
        return;
    const char *lit = f->unsupported;
    const char *open = strchr(lit, '(');
    size_t plen = open ? (size_t)(open - lit) : strlen(lit);
    while (plen && isspace((unsigned char)lit[plen - 1]))
        plen--;
    const char *prefix = lit;
    while (plen && isspace((unsigned char)*prefix)) {
        prefix++;
        plen--;
    }
    const native_type *nt = NULL;
    for (size_t i = 0; i < NELEM(pg_native_types); i++)
        if (strlen(pg_native_types[i].name) == plen && strncmp(pg_native_types[i].name, prefix, plen) == 0)
            nt = &pg_native_types[i];
    if (!nt)
        return;
    const char *args = "";
    unsigned nargs = 0;
    /* A type without arguments takes whatever is written after it (Integer(4) is Integer). */
    if (open && nt->max_args > 0) {
        const char *close = strchr(open, ')');
        if (!close)
            return;
        args = arena_strndup(c->arena, open + 1, (size_t)(close - open - 1));
        /* Each argument an unsigned integer, blanks around it allowed. */
        const char *a = args;
        for (;;) {
            while (isspace((unsigned char)*a))
                a++;
            if (!isdigit((unsigned char)*a))
                return;
            while (isdigit((unsigned char)*a))
                a++;
            while (isspace((unsigned char)*a))
                a++;
            nargs++;
            if (*a == '\0')
                break;
            if (*a++ != ',')
                return;
        }
    }
    if (nargs < nt->min_args || nargs > nt->max_args || (strcmp(nt->name, "Decimal") == 0 && nargs == 1))
        return;
    char *spelt = arena_strdup(c->arena, args);
    size_t k = 0;
    for (const char *a = args; *a; a++)
        if (!isspace((unsigned char)*a))
            spelt[k++] = *a;
    spelt[k] = '\0';
    sc_diag *d = diag_error(c->diags, f->span, "invalid-native-type",
                            "Unsupported(\"%s\") of field \"%s\" is a type Prisma supports: write %s @%s.%s%s%s%s",
                            lit, f->name, sc_scalar_name(nt->scalar), c->ds_name ? c->ds_name : "db",
                            nt->name, nargs ? "(" : "", spelt, nargs ? ")" : "");
    diag_note(c->diags, d, NULL, "Prisma refuses Unsupported(\"...\") for a native type it supports");
}

/* ---------------------------------------------------------------- @default */

static void default_mismatch(sema_ctx *c, ast_member *f, const ast_expr *e, const char *want)
{
    sc_diag *d = diag_error(c->diags, e->span, "invalid-default",
                            "default value of \"%s\" must be %s, found %s", f->name, want,
                            expr_describe(c, e));
    /* 1e10 lexes as a name: Prisma's number literals have no exponent. */
    if (e->kind == AST_EXPR_IDENT && e->value && e->value[0] >= '0' && e->value[0] <= '9' &&
        strpbrk(e->value, "eE"))
        diag_note(c->diags, d, NULL,
                  "numbers have no exponent in a schema: write the digits out, like 10000000000");
}

static const char *scalar_article_name(sema_ctx *c, sc_scalar s)
{
    const char *n = sc_scalar_name(s);
    return arena_printf(c->arena, "%s %s", s == SC_SCALAR_INT ? "an" : "a", n ? n : "value");
}

static bool model_field_is_id(sema_ctx *c, ast_block *model, const ast_member *f)
{
    if (ast_find_attr(&f->attrs, "id", false))
        return true;
    /* The fields named by single-field @@id attributes, found once per model. */
    sema_model *sm = sema_model_of(c, model);
    if (!sm->block_ids) {
        sm->block_ids = ARENA_NEW(c->arena, strmap);
        strmap_init(sm->block_ids, c->arena);
        for (const ast_member *m = model->members.first; m; m = m->next) {
            if (m->kind != AST_MEMBER_BLOCK_ATTR || !m->attr || m->attr->block == false ||
                strcmp(m->attr->name, "id") != 0)
                continue;
            const ast_arg *a = ast_find_arg(&m->attr->args, "fields", 0);
            if (a && a->value->kind == AST_EXPR_ARRAY && a->value->items.count == 1 &&
                a->value->items.first->value)
                strmap_adds(sm->block_ids, a->value->items.first->value, (void *)m);
        }
    }
    return strmap_gets(sm->block_ids, f->name) != NULL;
}

/* A function call as a default: autoincrement(), now(), uuid(), ... */
static void check_default_call(sema_ctx *c, ast_block *model, ast_member *f, const ast_expr *e,
                               bool in_list)
{
    const char *fn = e->value;
    sc_scalar s = f->type_kind == AST_FIELDTYPE_SCALAR ? f->scalar : SC_SCALAR_NONE;
    if (strcmp(fn, "dbgenerated") == 0) {
        if (e->args.count > 1 ||
            (e->args.count == 1 && (e->args.first->name || e->args.first->value->kind != AST_EXPR_STRING)))
            diag_error(c->diags, e->span, "invalid-default",
                       "dbgenerated() takes an optional SQL expression as a string");
        else if (e->args.count == 1 && e->args.first->value->value[0] == '\0')
            diag_error(c->diags, e->args.first->value->span, "invalid-default",
                       "dbgenerated() needs a non-empty SQL expression, or no argument");
        else if (e->args.count == 1)
            sema_check_sql_text(c, e->args.first->value->value, e->args.first->value->span,
                                "the expression of dbgenerated()");
        return;
    }
    if (in_list) {
        diag_error(c->diags, e->span, "invalid-default",
                   "%s() cannot be used inside a list default", fn);
        return;
    }
    if (s == SC_SCALAR_UNSUPPORTED) {
        diag_error(c->diags, e->span, "invalid-default",
                   "a field of type Unsupported can only have dbgenerated(...) as default");
        return;
    }
    if (strcmp(fn, "autoincrement") == 0) {
        if (e->args.count)
            diag_error(c->diags, e->span, "invalid-default", "autoincrement() takes no arguments");
        else if (s != SC_SCALAR_INT && s != SC_SCALAR_BIGINT)
            diag_error(c->diags, e->span, "invalid-default",
                       "autoincrement() needs an Int or BigInt field; \"%s\" is %s", f->name,
                       f->type_name);
        else if (sema_field_list(f))
            diag_error(c->diags, e->span, "invalid-default",
                       "autoincrement() cannot be the default of a list");
        else if (sema_no_pg(c) && !model_field_is_id(c, model, f))
            diag_error(c->diags, e->span, "invalid-default",
                       "%s, autoincrement() is only allowed on the @id field",
                       c->provider == SC_PROVIDER_SQLITE ? "with SQLite" : "without a datasource");
        return;
    }
    if (strcmp(fn, "now") == 0) {
        if (e->args.count)
            diag_error(c->diags, e->span, "invalid-default", "now() takes no arguments");
        else if (s != SC_SCALAR_DATETIME)
            diag_error(c->diags, e->span, "invalid-default",
                       "now() needs a DateTime field; \"%s\" is %s", f->name, f->type_name);
        return;
    }
    if (strcmp(fn, "uuid") == 0 || strcmp(fn, "cuid") == 0 || strcmp(fn, "nanoid") == 0 ||
        strcmp(fn, "ulid") == 0) {
        if (s != SC_SCALAR_STRING) {
            diag_error(c->diags, e->span, "invalid-default", "%s() needs a String field; \"%s\" is %s",
                       fn, f->name, f->type_name);
            return;
        }
        if (e->args.count == 0)
            return;
        const ast_arg *a = e->args.first;
        int64_t v = 0;
        bool num = e->args.count == 1 && !a->name && a->value->kind == AST_EXPR_NUMBER &&
                   parse_int64(a->value->value, &v);
        if (strcmp(fn, "uuid") == 0 && !(num && (v == 4 || v == 7)))
            diag_error(c->diags, e->span, "invalid-default", "uuid() takes no argument, 4 or 7");
        else if (strcmp(fn, "cuid") == 0 && !(num && (v == 1 || v == 2)))
            diag_error(c->diags, e->span, "invalid-default", "cuid() takes no argument, 1 or 2");
        else if (strcmp(fn, "nanoid") == 0 && !(num && v >= 2 && v <= 255))
            diag_error(c->diags, e->span, "invalid-default",
                       "nanoid() takes no argument or a length between 2 and 255");
        else if (strcmp(fn, "ulid") == 0)
            diag_error(c->diags, e->span, "invalid-default", "ulid() takes no arguments");
        return;
    }
    if (strcmp(fn, "sequence") == 0) {
        diag_error(c->diags, e->span, "unsupported",
                   "sequence() is CockroachDB only and not supported by schemac");
        return;
    }
    if (strcmp(fn, "auto") == 0) {
        diag_error(c->diags, e->span, "unsupported",
                   "auto() is MongoDB only and not supported by schemac");
        return;
    }
    if (strcmp(fn, "env") == 0) {
        diag_error(c->diags, e->span, "invalid-default",
                   "env() is only allowed in the datasource block, not in @default");
        return;
    }
    static const char *const fns[] = {"autoincrement", "now",    "uuid", "cuid",
                                      "nanoid",        "ulid",   "dbgenerated"};
    sc_diag *d = diag_error(c->diags, e->span, "invalid-default", "unknown default function %s()", fn);
    sema_suggest(c, d, fn, fns, NELEM(fns));
}

static void check_default_literal(sema_ctx *c, ast_block *model, ast_member *f, const ast_expr *e,
                                  bool in_list)
{
    if (e->kind == AST_EXPR_CALL) {
        check_default_call(c, model, f, e, in_list);
        return;
    }
    if (!in_list && sema_field_list(f)) {
        if (e->kind != AST_EXPR_ARRAY) {
            default_mismatch(c, f, e, "a list, like [] or [a, b]");
            return;
        }
        for (const ast_expr *it = e->items.first; it; it = it->next)
            check_default_literal(c, model, f, it, true);
        return;
    }
    if (e->kind == AST_EXPR_ARRAY) {
        default_mismatch(c, f, e, "a single value (the field is not a list)");
        return;
    }
    if (f->type_kind == AST_FIELDTYPE_ENUM) {
        ast_block *en = f->type_block;
        if (e->kind != AST_EXPR_IDENT) {
            default_mismatch(c, f, e, arena_printf(c->arena, "a value of enum %s", en->name));
            return;
        }
        if (ast_find_member_kind(en, e->value, AST_MEMBER_ENUM_VALUE))
            return;
        const char *names[256];
        size_t n = 0;
        for (ast_member *m = en->members.first; m && n < 256; m = m->next)
            if (m->kind == AST_MEMBER_ENUM_VALUE)
                names[n++] = m->name;
        sc_diag *d = diag_error(c->diags, e->span, "invalid-default",
                                "\"%s\" is not a value of enum %s", e->value, en->name);
        sema_suggest(c, d, e->value, names, n);
        return;
    }
    if (f->type_kind != AST_FIELDTYPE_SCALAR)
        return;
    switch (f->scalar) {
    case SC_SCALAR_STRING:
        if (e->kind != AST_EXPR_STRING)
            default_mismatch(c, f, e, "a String");
        break;
    case SC_SCALAR_BOOLEAN:
        if (!sema_is_ident(e, "true") && !sema_is_ident(e, "false"))
            default_mismatch(c, f, e, "true or false");
        break;
    case SC_SCALAR_INT:
    case SC_SCALAR_BIGINT: {
        int64_t v = 0;
        if (e->kind != AST_EXPR_NUMBER || !is_integer_literal(e->value)) {
            default_mismatch(c, f, e, scalar_article_name(c, f->scalar));
            break;
        }
        if (!parse_int64(e->value, &v) ||
            (f->scalar == SC_SCALAR_INT && (v < INT32_MIN || v > INT32_MAX)))
            diag_error(c->diags, e->span, "invalid-default",
                       "default value %s is out of range for %s", e->value,
                       sc_scalar_name(f->scalar));
        break;
    }
    case SC_SCALAR_FLOAT:
        if (e->kind != AST_EXPR_NUMBER)
            default_mismatch(c, f, e, "a Float");
        break;
    case SC_SCALAR_DECIMAL:
        /* A string must be a decimal number as Prisma reads one: no blanks, hex, inf or NaN. */
        if (e->kind != AST_EXPR_NUMBER && !(e->kind == AST_EXPR_STRING && ir_number_text(c->arena, e->value, false)))
            default_mismatch(c, f, e, "a Decimal number");
        break;
    case SC_SCALAR_DATETIME:
        if (e->kind != AST_EXPR_STRING)
            default_mismatch(c, f, e, "now() or a date-time string");
        else if (!is_datetime_text(e->value))
            diag_error(c->diags, e->span, "invalid-default",
                       "\"%s\" is not an RFC 3339 date-time, like "
                       "\"2024-01-31T12:00:00Z\"",
                       e->value);
        break;
    case SC_SCALAR_JSON: {
        if (e->kind != AST_EXPR_STRING) {
            default_mismatch(c, f, e, "a JSON text in a string");
            break;
        }
        json_error_t err;
        json_t *j = json_loadb(e->value, e->value_len, JSON_DECODE_ANY, &err);
        if (!j)
            diag_error(c->diags, e->span, "invalid-default",
                       "default value of \"%s\" is not valid JSON: %s", f->name, err.text);
        else
            json_decref(j);
        break;
    }
    case SC_SCALAR_BYTES:
        if (e->kind != AST_EXPR_STRING)
            default_mismatch(c, f, e, "a base64 string");
        else if (!is_base64(e->value, e->value_len))
            diag_error(c->diags, e->span, "invalid-default",
                       "default value of \"%s\" is not valid base64", f->name);
        break;
    case SC_SCALAR_UNSUPPORTED:
        diag_error(c->diags, e->span, "invalid-default",
                   "a field of type Unsupported can only have dbgenerated(...) as default");
        break;
    case SC_SCALAR_NONE:
        break;
    }
}

static void check_default(sema_ctx *c, ast_block *model, ast_member *f, ast_attr *attr)
{
    static const sema_argspec spec[] = {{"value", true, true}, {"map", false, false}};
    ast_expr *v[2];
    if (!sema_check_args(c, attr, spec, 2, v))
        return;
    if (v[1]) {
        diag_error(c->diags, v[1]->span, "invalid-argument",
                   "named default constraints (map:) are SQL Server only");
    }
    check_default_literal(c, model, f, v[0], false);
}

/* ---------------------------------------------------------------- index arguments */

static bool check_sort(sema_ctx *c, const ast_expr *e)
{
    if (sema_is_ident(e, "Asc") || sema_is_ident(e, "Desc"))
        return true;
    diag_error(c->diags, e->span, "invalid-argument", "sort must be Asc or Desc, found %s",
               expr_describe(c, e));
    return false;
}

static void length_unsupported(sema_ctx *c, const ast_expr *e)
{
    diag_error(c->diags, e->span, "unsupported",
               "index prefix lengths (length:) are MySQL only and not supported by schemac");
}

static void clustered_unsupported(sema_ctx *c, const ast_expr *e)
{
    diag_error(c->diags, e->span, "unsupported",
               "clustered indexes (clustered:) are SQL Server only and not supported by schemac");
}

/* The per-field arguments inside an index's field list: a(sort: Desc, ops: ...). */
/* Prisma's operator class names (ops: X); anything else must be raw("..."). */
static const char *const sema__opclasses[] = {
    "InetOps", "JsonbOps", "JsonbPathOps", "ArrayOps", "TextOps", "BitMinMaxOps", "VarBitMinMaxOps",
    "BpcharBloomOps", "BpcharMinMaxOps", "ByteaBloomOps", "ByteaMinMaxOps", "DateBloomOps",
    "DateMinMaxOps", "DateMinMaxMultiOps", "Float4BloomOps", "Float4MinMaxOps", "Float4MinMaxMultiOps",
    "Float8BloomOps", "Float8MinMaxOps", "Float8MinMaxMultiOps", "InetInclusionOps", "InetBloomOps",
    "InetMinMaxOps", "InetMinMaxMultiOps", "Int2BloomOps", "Int2MinMaxOps", "Int2MinMaxMultiOps",
    "Int4BloomOps", "Int4MinMaxOps", "Int4MinMaxMultiOps", "Int8BloomOps", "Int8MinMaxOps",
    "Int8MinMaxMultiOps", "NumericBloomOps", "NumericMinMaxOps", "NumericMinMaxMultiOps", "OidBloomOps",
    "OidMinMaxOps", "OidMinMaxMultiOps", "TextBloomOps", "TextMinMaxOps", "TimestampBloomOps",
    "TimestampMinMaxOps", "TimestampMinMaxMultiOps", "TimestampTzBloomOps", "TimestampTzMinMaxOps",
    "TimestampTzMinMaxMultiOps", "TimeBloomOps", "TimeMinMaxOps", "TimeMinMaxMultiOps", "TimeTzBloomOps",
    "TimeTzMinMaxOps", "TimeTzMinMaxMultiOps", "UuidBloomOps", "UuidMinMaxOps", "UuidMinMaxMultiOps",
};

/* Which index type takes a named operator class, as Prisma decides it. */
static bool opclass_fits(const char *ops, const char *type)
{
    if (strcmp(type, "Gin") == 0)
        return strcmp(ops, "ArrayOps") == 0 || strcmp(ops, "JsonbOps") == 0 || strcmp(ops, "JsonbPathOps") == 0;
    if (strcmp(type, "Gist") == 0)
        return strcmp(ops, "InetOps") == 0;
    if (strcmp(type, "SpGist") == 0)
        return strcmp(ops, "InetOps") == 0 || strcmp(ops, "TextOps") == 0;
    if (strcmp(type, "Brin") == 0)
        return strstr(ops, "MinMax") || strstr(ops, "Bloom") || strcmp(ops, "InetInclusionOps") == 0;
    return false; /* BTree and Hash take raw("...") only */
}

static bool is_native_attr(sema_ctx *c, const ast_attr *attr, const char **type);

/* The native type name of field F (@db.X), or NULL. */
static const char *field_native_type(sema_ctx *c, const ast_member *f)
{
    for (const ast_attr *a = f->attrs.first; a; a = a->next) {
        const char *type;
        if (is_native_attr(c, a, &type))
            return type;
    }
    return NULL;
}

static bool str_in(const char *s, const char *const *list)
{
    for (; s && *list; list++)
        if (strcmp(s, *list) == 0)
            return true;
    return false;
}

/* BRIN: the operator classes each native type takes (besides its default). */
typedef struct brin_native {
    const char *native;
    const char *ops[5];
} brin_native;

static const brin_native brin_natives[] = {
    {"Bit", {"BitMinMaxOps"}},
    {"VarBit", {"VarBitMinMaxOps"}},
    {"Char", {"BpcharBloomOps", "BpcharMinMaxOps"}},
    {"Date", {"DateBloomOps", "DateMinMaxOps", "DateMinMaxMultiOps"}},
    {"Real", {"Float4BloomOps", "Float4MinMaxOps", "Float4MinMaxMultiOps"}},
    {"DoublePrecision", {"Float8BloomOps", "Float8MinMaxOps", "Float8MinMaxMultiOps"}},
    {"Inet", {"InetInclusionOps", "InetBloomOps", "InetMinMaxOps", "InetMinMaxMultiOps"}},
    {"SmallInt", {"Int2BloomOps", "Int2MinMaxOps", "Int2MinMaxMultiOps"}},
    {"Integer", {"Int4BloomOps", "Int4MinMaxOps", "Int4MinMaxMultiOps"}},
    {"BigInt", {"Int8BloomOps", "Int8MinMaxOps", "Int8MinMaxMultiOps"}},
    {"Decimal", {"NumericBloomOps", "NumericMinMaxOps", "NumericMinMaxMultiOps"}},
    {"Oid", {"OidBloomOps", "OidMinMaxOps", "OidMinMaxMultiOps"}},
    {"ByteA", {"ByteaBloomOps", "ByteaMinMaxOps"}},
    {"Text", {"TextBloomOps", "TextMinMaxOps"}},
    {"VarChar", {"TextBloomOps", "TextMinMaxOps"}},
    {"Timestamp", {"TimestampBloomOps", "TimestampMinMaxOps", "TimestampMinMaxMultiOps"}},
    {"Timestamptz", {"TimestampTzBloomOps", "TimestampTzMinMaxOps", "TimestampTzMinMaxMultiOps"}},
    {"Time", {"TimeBloomOps", "TimeMinMaxOps", "TimeMinMaxMultiOps"}},
    {"Timetz", {"TimeTzBloomOps", "TimeTzMinMaxOps", "TimeTzMinMaxMultiOps"}},
    {"Uuid", {"UuidBloomOps", "UuidMinMaxOps", "UuidMinMaxMultiOps"}},
};

/* BRIN on a field without a native type: the scalar's operator classes. */
typedef struct brin_scalar {
    sc_scalar scalar;
    const char *type; /* for messages */
    const char *ops[4];
} brin_scalar;

static const brin_scalar brin_scalars[] = {
    {SC_SCALAR_FLOAT, "Float", {"Float8BloomOps", "Float8MinMaxOps", "Float8MinMaxMultiOps"}},
    {SC_SCALAR_INT, "Int", {"Int4BloomOps", "Int4MinMaxOps", "Int4MinMaxMultiOps"}},
    {SC_SCALAR_BIGINT, "BigInt", {"Int8BloomOps", "Int8MinMaxOps", "Int8MinMaxMultiOps"}},
    {SC_SCALAR_DECIMAL, "Decimal", {"NumericBloomOps", "NumericMinMaxOps", "NumericMinMaxMultiOps"}},
    {SC_SCALAR_BYTES, "Bytes", {"ByteaBloomOps", "ByteaMinMaxOps"}},
    {SC_SCALAR_STRING, "String", {"TextBloomOps", "TextMinMaxOps"}},
    {SC_SCALAR_DATETIME, "DateTime", {"TimestampBloomOps", "TimestampMinMaxOps", "TimestampMinMaxMultiOps"}},
};

/* Whether index type ALGO can index field F with the type's default operator class (Prisma's rule). */
static bool algo_takes_field(const char *algo, const ast_member *f)
{
    if (f->scalar == SC_SCALAR_UNSUPPORTED)
        return true;
    bool scalar = f->type_kind == AST_FIELDTYPE_SCALAR;
    sc_scalar t = scalar ? f->scalar : SC_SCALAR_NONE;
    if (strcmp(algo, "Gist") == 0 || strcmp(algo, "SpGist") == 0)
        return t == SC_SCALAR_STRING;
    if (strcmp(algo, "Gin") == 0)
        return t == SC_SCALAR_JSON || sema_field_list(f);
    if (strcmp(algo, "Brin") == 0)
        return t == SC_SCALAR_STRING || t == SC_SCALAR_BYTES || t == SC_SCALAR_DATETIME || t == SC_SCALAR_FLOAT ||
               t == SC_SCALAR_INT || t == SC_SCALAR_BIGINT || t == SC_SCALAR_DECIMAL;
    return true;
}

/* PostgreSQL has no B-tree operator class for xml: Prisma refuses indexes and keys over @db.Xml fields. */
static void check_xml_key(sema_ctx *c, const ast_attr *attr, ast_member *const *fields, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *native = field_native_type(c, fields[i]);
        if (!native || strcmp(native, "Xml") != 0)
            continue;
        bool unique = !sema_streq(attr->name, "index");
        sc_diag *d = diag_error(c->diags, fields[i]->name_span, "invalid-index",
                                "field \"%s\" is @%s.Xml: PostgreSQL cannot %s", fields[i]->name,
                                c->ds_name ? c->ds_name : "db",
                                unique ? "make an xml column unique or part of a key" : "index an xml column");
        diag_note(c->diags, d, &attr->span, "%s is here", sema_attr_display(c, attr));
        return;
    }
}

/*
 * GiST, GIN, SP-GiST and BRIN index fields, as Prisma's validator decides:
 * which operator class (named, or the type's default) goes with which
 * native type and field type; raw("...") classes are the database's to
 * judge. Each problem is reported at the attribute, as Prisma reports it.
 */
static void check_index_algorithm(sema_ctx *c, const ast_block *model, const ast_attr *attr, const ast_expr *list,
                                  const char *algo)
{
    static const char *const inet_ops[] = {"InetOps", NULL};
    static const char *const text_ops[] = {"TextOps", NULL};
    static const char *const jsonb_ops[] = {"JsonbOps", "JsonbPathOps", NULL};
    static const char *const text_types[] = {"Text", "VarChar", "Char", NULL};
    if (c->provider != SC_PROVIDER_POSTGRESQL || !list || list->kind != AST_EXPR_ARRAY)
        return;
    bool gist = strcmp(algo, "Gist") == 0, gin = strcmp(algo, "Gin") == 0;
    bool spgist = strcmp(algo, "SpGist") == 0, brin = strcmp(algo, "Brin") == 0;
    if (!gist && !gin && !spgist && !brin)
        return;
    const char *disp = sema_attr_display(c, attr);
    if (spgist && list->items.count > 1)
        diag_error(c->diags, attr->span, "invalid-index", "%s: SpGist indexes take one field, not %zu", disp,
                   list->items.count);
    for (const ast_expr *e = list->items.first; e; e = e->next) {
        const ast_member *f = e->value ? sema_find_field(model, e->value) : NULL;
        if (!f || (f->type_kind != AST_FIELDTYPE_SCALAR && f->type_kind != AST_FIELDTYPE_ENUM))
            continue;
        const ast_arg *oa = e->kind == AST_EXPR_CALL ? ast_find_arg(&e->args, "ops", -1) : NULL;
        if (oa && oa->value->kind != AST_EXPR_IDENT)
            continue; /* raw("..."): PostgreSQL decides */
        const char *ops = oa ? oa->value->value : NULL;
        if (ops && !opclass_fits(ops, algo))
            continue; /* reported with its name */
        const char *native = field_native_type(c, f);
        sc_scalar t = f->type_kind == AST_FIELDTYPE_SCALAR ? f->scalar : SC_SCALAR_NONE;
        bool list_field = sema_field_list(f);
        const char *wrong_type = NULL; /* the field type a named class needs, when the field is another */
        bool ok = false;
        if (gist) {
            ok = native && strcmp(native, "Inet") == 0 && ops && strcmp(ops, "InetOps") == 0;
        } else if (gin) {
            if ((!native && !ops && t == SC_SCALAR_JSON) || (!ops && list_field) ||
                (native && strcmp(native, "JsonB") == 0 && (!ops || str_in(ops, jsonb_ops)))) {
                ok = true;
            } else if (!native && ops && str_in(ops, jsonb_ops)) {
                ok = t == SC_SCALAR_JSON;
                wrong_type = "Json";
            } else if (ops && strcmp(ops, "ArrayOps") == 0) {
                if (!list_field) {
                    diag_error(c->diags, oa->value->span, "invalid-index",
                               "%s: operator class ArrayOps needs a list field, and \"%s\" is %s", disp, f->name,
                               f->type_name);
                    continue;
                }
                ok = true;
            }
        } else if (spgist) {
            if ((native && strcmp(native, "Inet") == 0 && (!ops || str_in(ops, inet_ops))) ||
                (!native && !ops && t == SC_SCALAR_STRING) ||
                (native && str_in(native, text_types) && (!ops || str_in(ops, text_ops)))) {
                ok = true;
            } else if (!native && ops && str_in(ops, text_ops)) {
                ok = t == SC_SCALAR_STRING;
                wrong_type = "String";
            }
        } else {
            for (size_t i = 0; native && i < NELEM(brin_natives); i++)
                if (strcmp(brin_natives[i].native, native) == 0)
                    ok = !ops || str_in(ops, brin_natives[i].ops);
            for (size_t i = 0; !native && i < NELEM(brin_scalars); i++) {
                const brin_scalar *b = &brin_scalars[i];
                if (!ops && t == b->scalar)
                    ok = true;
                else if (ops && str_in(ops, b->ops)) {
                    ok = t == b->scalar;
                    wrong_type = b->type;
                }
            }
        }
        if (ok)
            continue;
        /* At the operator class, or the field, in the attribute (on the line Prisma reports). */
        sc_span at = oa ? oa->value->span : e->span;
        if (wrong_type) {
            diag_error(c->diags, at, "invalid-index",
                       "%s: operator class %s needs a field of type %s, and \"%s\" is %s", disp, ops, wrong_type,
                       f->name, f->type_name);
        } else if (native && ops) {
            diag_error(c->diags, at, "invalid-index",
                       "%s: operator class %s does not take the native type @%s.%s of field \"%s\"", disp, ops,
                       c->ds_name ? c->ds_name : "db", native, f->name);
        } else if (native) {
            sc_diag *d = diag_error(c->diags, at, "invalid-index",
                                    "%s: the native type @%s.%s of field \"%s\" has no default %s operator class",
                                    disp, c->ds_name ? c->ds_name : "db", native, f->name, algo);
            diag_note(c->diags, d, NULL, "name one with %s(ops: ...), or raw(\"...\") for any class PostgreSQL has",
                      f->name);
        } else if (ops) {
            diag_error(c->diags, at, "invalid-index",
                       "%s: operator class %s needs field \"%s\" to have a native type it indexes", disp, ops,
                       f->name);
        } else if (!algo_takes_field(algo, f)) {
            sc_diag *d = diag_error(c->diags, at, "invalid-index",
                                    "%s: a %s index cannot index field \"%s\" of type %s", disp, algo, f->name,
                                    f->type_name);
            diag_note(c->diags, d, NULL, "name an operator class with raw(\"...\") if PostgreSQL has one for it");
        }
    }
}

static bool check_opclass_name(sema_ctx *c, const ast_attr *attr, const ast_expr *e)
{
    size_t n = sizeof sema__opclasses / sizeof sema__opclasses[0];
    size_t i = 0;
    while (i < n && strcmp(e->value, sema__opclasses[i]) != 0)
        i++;
    if (i == n) {
        sc_diag *d = diag_error(c->diags, e->span, "invalid-argument", "unknown operator class \"%s\"", e->value);
        sema_suggest(c, d, e->value, sema__opclasses, n);
        diag_note(c->diags, d, NULL, "name any other operator class with raw(\"...\")");
        return false;
    }
    const ast_arg *t = ast_find_arg(&attr->args, "type", -1);
    const char *type = t && t->value->kind == AST_EXPR_IDENT ? t->value->value : "BTree";
    if (!opclass_fits(e->value, type)) {
        diag_error(c->diags, e->span, "invalid-argument",
                   "operator class %s does not go with index type %s", e->value, type);
        return false;
    }
    return true;
}

/*
 * PostgreSQL and SQLite primary keys have no column order (it is Prisma's
 * SQL Server feature); the DDL would drop it, so, as Prisma does, refuse it.
 */
static void sort_on_primary_key(sema_ctx *c, const ast_arg *sort)
{
    sc_diag *d = diag_error(c->diags, sort->span, "invalid-argument",
                            "sort: is not available on a primary key %s",
                            sema_no_pg(c) ? sema_no_pg_where(c) : "with PostgreSQL");
    diag_note(c->diags, d, NULL,
              "the database keeps no order for a primary key; to read in that order, add an "
              "@@index with sort: on the same fields");
}

static void check_field_list_args(sema_ctx *c, const ast_block *model, const ast_attr *attr,
                                  const ast_expr *list, bool allow_ops)
{
    if (!list || list->kind != AST_EXPR_ARRAY)
        return;
    for (const ast_expr *e = list->items.first; e; e = e->next) {
        if (e->kind != AST_EXPR_CALL)
            continue;
        for (const ast_arg *a = e->args.first; a; a = a->next) {
            if (!a->name) {
                diag_error(c->diags, a->span, "invalid-argument",
                           "field arguments in %s are named: sort:, ops:",
                           sema_attr_display(c, attr));
            } else if (strcmp(a->name, "sort") == 0) {
                if (attr->block && sema_streq(attr->name, "id"))
                    sort_on_primary_key(c, a);
                else
                    check_sort(c, a->value);
            } else if (strcmp(a->name, "length") == 0) {
                length_unsupported(c, a->value);
            } else if (strcmp(a->name, "ops") == 0 && allow_ops) {
                if (sema_no_pg(c))
                    diag_error(c->diags, a->name_span, "invalid-argument",
                               "operator classes (ops:) are PostgreSQL only");
                else if (a->value->kind != AST_EXPR_IDENT && !sema_is_call(a->value, "raw"))
                    diag_error(c->diags, a->value->span, "invalid-argument",
                               "ops: expects an operator class name or raw(\"...\")");
                else if (a->value->kind != AST_EXPR_IDENT &&
                         (a->value->args.count != 1 || a->value->args.first->name ||
                          a->value->args.first->value->kind != AST_EXPR_STRING ||
                          !a->value->args.first->value->value[0]))
                    diag_error(c->diags, a->value->span, "invalid-argument",
                               "raw() in ops: takes one non-empty string: the operator class");
                else if (a->value->kind != AST_EXPR_IDENT)
                    sema_check_sql_text(c, a->value->args.first->value->value, a->value->args.first->value->span,
                                        "the operator class in raw()");
                else if (a->value->kind == AST_EXPR_IDENT)
                    check_opclass_name(c, attr, a->value); /* its field: check_index_algorithm */
            } else {
                sc_diag *d = diag_error(c->diags, a->name_span, "invalid-argument",
                                        "unknown field argument \"%s\" in %s", a->name,
                                        sema_attr_display(c, attr));
                static const char *const names[] = {"sort", "ops"};
                sema_suggest(c, d, a->name, names, allow_ops ? 2 : 1);
            }
        }
    }
}

/* where: raw("sql") or where: { field: literal, other: { not: literal } }. */
static void check_where_value(sema_ctx *c, const ast_member *f, const ast_expr *v, bool nested)
{
    if (v->kind == AST_EXPR_OBJECT && !nested) {
        if (v->args.count != 1 || !v->args.first->name || strcmp(v->args.first->name, "not") != 0) {
            diag_error(c->diags, v->span, "invalid-index",
                       "a nested where condition must be { not: value }");
            return;
        }
        check_where_value(c, f, v->args.first->value, true);
        return;
    }
    if (sema_is_ident(v, "null"))
        return;
    bool is_bool = sema_is_ident(v, "true") || sema_is_ident(v, "false");
    if (!is_bool && v->kind != AST_EXPR_STRING && v->kind != AST_EXPR_NUMBER) {
        diag_error(c->diags, v->span, "invalid-index",
                   "a where condition value must be true, false, null, a string, a number or "
                   "{ not: value }, found %s",
                   expr_describe(c, v));
        return;
    }
    if (v->kind == AST_EXPR_STRING && !sema_check_where_string(c, v))
        return;
    if (f->type_kind == AST_FIELDTYPE_ENUM) {
        if (v->kind != AST_EXPR_STRING)
            diag_error(c->diags, v->span, "invalid-index",
                       "field \"%s\" is an enum; compare it with a string", f->name);
        return;
    }
    if (f->type_kind != AST_FIELDTYPE_SCALAR)
        return;
    bool ok = true;
    switch (f->scalar) {
    case SC_SCALAR_BOOLEAN: ok = is_bool; break;
    case SC_SCALAR_INT:
    case SC_SCALAR_BIGINT:
    case SC_SCALAR_FLOAT:
    case SC_SCALAR_DECIMAL: ok = v->kind == AST_EXPR_NUMBER; break;
    case SC_SCALAR_STRING:
    case SC_SCALAR_DATETIME: ok = v->kind == AST_EXPR_STRING; break;
    default: break;
    }
    if (!ok)
        diag_error(c->diags, v->span, "invalid-index",
                   "field \"%s\" is %s and cannot be compared with %s", f->name,
                   sc_scalar_name(f->scalar), expr_describe(c, v));
}

static void check_where(sema_ctx *c, ast_block *model, const ast_attr *attr, const ast_expr *w)
{
    if (sema_is_call(w, "raw")) {
        if (w->args.count != 1 || w->args.first->name ||
            w->args.first->value->kind != AST_EXPR_STRING)
            diag_error(c->diags, w->span, "invalid-index",
                       "raw() takes one string: the SQL condition of the partial index");
        else if (w->args.first->value->value[0] == '\0')
            diag_error(c->diags, w->args.first->value->span, "invalid-index",
                       "the where condition of %s must not be empty", sema_attr_display(c, attr));
        else
            sema_check_sql_text(c, w->args.first->value->value, w->args.first->value->span,
                                "the raw() condition of a partial index");
        return;
    }
    if (w->kind != AST_EXPR_OBJECT) {
        diag_error(c->diags, w->span, "invalid-index",
                   "where: expects raw(\"SQL condition\") or an object like { active: true }");
        return;
    }
    if (w->args.count == 0) {
        diag_error(c->diags, w->span, "invalid-index", "the where object must not be empty");
        return;
    }
    for (const ast_arg *a = w->args.first; a; a = a->next) {
        ast_member *f = a->name ? sema_find_field(model, a->name) : NULL;
        if (!f) {
            diag_error(c->diags, a->name ? a->name_span : a->span, "unknown-field",
                       "where: refers to unknown field \"%s\" of model \"%s\"",
                       a->name ? a->name : "", model->name);
            continue;
        }
        if (f->type_kind == AST_FIELDTYPE_MODEL) {
            diag_error(c->diags, a->name_span, "invalid-index",
                       "where: cannot use relation field \"%s\"", f->name);
            continue;
        }
        check_where_value(c, f, a->value, false);
    }
}

static void check_include(sema_ctx *c, ast_block *model, const ast_attr *attr, const ast_expr *inc,
                          ast_member *const *key, size_t nkey)
{
    if (sema_no_pg(c)) {
        diag_error(c->diags, inc->span, "invalid-index",
                   "covering indexes (include:) are PostgreSQL only");
        return;
    }
    ast_member **cols;
    size_t n;
    if (!sema_resolve_field_refs(c, model, attr, inc, false, &cols, &n))
        return;
    strmap keys; /* key field name -> how often it is a key column */
    strmap_init(&keys, c->arena);
    for (size_t j = 0; j < nkey; j++)
        strmap_set(&keys, key[j]->name, strlen(key[j]->name),
                   (void *)((uintptr_t)strmap_gets(&keys, key[j]->name) + 1));
    for (size_t i = 0; i < n; i++)
        for (uintptr_t j = (uintptr_t)strmap_gets(&keys, cols[i]->name); j > 0; j--)
            diag_error(c->diags, inc->span, "invalid-index",
                       "field \"%s\" is both a key and an include: column of %s", cols[i]->name,
                       sema_attr_display(c, attr));
}

static const char *const index_types[] = {"BTree", "Hash", "Gist", "Gin", "SpGist", "Brin"};

static void check_index_type(sema_ctx *c, const ast_expr *t)
{
    bool known = false;
    for (size_t i = 0; i < NELEM(index_types); i++)
        if (sema_is_ident(t, index_types[i]))
            known = true;
    if (!known) {
        sc_diag *d = diag_error(c->diags, t->span, "invalid-index", "unknown index type %s",
                                expr_describe(c, t));
        if (t->kind == AST_EXPR_IDENT)
            sema_suggest(c, d, t->value, index_types, NELEM(index_types));
        return;
    }
    if (sema_no_pg(c) && !sema_is_ident(t, "BTree"))
        diag_error(c->diags, t->span, "invalid-index", "index type %s is PostgreSQL only; %s",
                   t->value,
                   c->provider == SC_PROVIDER_SQLITE ? "SQLite indexes are BTree"
                                                     : "a schema without a datasource has BTree indexes only");
}

/* ---------------------------------------------------------------- field attributes */

static bool is_native_attr(sema_ctx *c, const ast_attr *attr, const char **type)
{
    const char *dot = strchr(attr->name, '.');
    if (!dot || !c->ds_name)
        return false;
    size_t plen = (size_t)(dot - attr->name);
    if (strlen(c->ds_name) != plen || strncmp(attr->name, c->ds_name, plen) != 0)
        return false;
    *type = dot + 1;
    return true;
}

static void unknown_attr(sema_ctx *c, const ast_attr *attr, const char *const *names, size_t n)
{
    const char *dot = strchr(attr->name, '.');
    /* A native type under another prefix: one of Prisma's later findings (see sema_ctx.late). */
    sc_diags *dd = dot && !attr->block ? &c->late : c->diags;
    sc_diag *d = diag_error(dd, attr->name_span, "unknown-attribute", "unknown attribute %s",
                            sema_attr_display(c, attr));
    if (dot && c->ds_name && !attr->block) {
        diag_note(dd, d, NULL, "native types are written @%s.Type, after the datasource name",
                  c->ds_name);
        return;
    }
    if (dot && !c->ds_name && !attr->block) {
        diag_note(dd, d, NULL,
                  "native types need a datasource: they are written @NAME.Type after its name");
        return;
    }
    const char *s = diag_suggest(attr->name, names, n);
    if (s)
        diag_note(dd, d, NULL, "did you mean \"%s%s\"?", attr->block ? "@@" : "@", s);
}

/* Attributes that make sense only on scalar (or enum) columns. */
static bool needs_column(const char *name)
{
    static const char *const names[] = {"id",      "default",  "unique",   "updatedAt", "map",
                                        "check",   "version",  "deletedAt"};
    for (size_t i = 0; i < NELEM(names); i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

static void check_attr_no_args(sema_ctx *c, const ast_attr *attr)
{
    if (attr->args.count)
        diag_error(c->diags, attr->args.first->span, "invalid-argument", "%s takes no arguments",
                   sema_attr_display(c, attr));
}

/*
 * Field-level @id and @unique take the same index arguments (map:, length:,
 * sort:, clustered:); @unique also takes where:. One argument list keeps
 * their accepted names and their messages the same.
 */
static void check_field_index_args(sema_ctx *c, ast_block *model, ast_attr *attr, bool with_where,
                                   bool is_id)
{
    static const sema_argspec spec[] = {{"map", false, false},  {"length", false, false},
                                        {"sort", false, false}, {"clustered", false, false},
                                        {"where", false, false}};
    ast_expr *v[5];
    sema_check_args(c, attr, spec, with_where ? 5 : 4, v);
    if (v[0])
        arg_name(c, attr, v[0], "map:");
    if (v[1])
        length_unsupported(c, v[1]);
    if (v[2] && is_id)
        sort_on_primary_key(c, ast_find_arg(&attr->args, "sort", -1));
    else if (v[2])
        check_sort(c, v[2]);
    if (v[3])
        clustered_unsupported(c, v[3]);
    if (with_where && v[4])
        check_where(c, model, attr, v[4]);
}

/* Prisma: a view has no primary key (it names its rows by a unique criterion instead). */
static bool view_primary_key(sema_ctx *c, const ast_block *model, const ast_attr *attr)
{
    if (model->kind != AST_BLOCK_VIEW)
        return false;
    sc_diag *d = diag_error(c->diags, attr->name_span, "invalid-attribute",
                            "view \"%s\" cannot have a primary key (%s)", model->name, sema_attr_display(c, attr));
    diag_note(c->diags, d, NULL, "use @unique or @@unique to say which fields identify a row of the view");
    return true;
}

static void check_field_id(sema_ctx *c, ast_block *model, ast_member *f, ast_attr *attr)
{
    check_field_index_args(c, model, attr, false, true);
    if (view_primary_key(c, model, attr))
        return;
    sema_model *m = sema_model_of(c, model);
    if (m->id_attr) {
        /* At the model, as Prisma reports it, pointing at both. */
        sc_diag *d = diag_error(c->diags, model->name_span, "duplicate-id",
                                "model \"%s\" has more than one @id; use @@id([a, b]) for a "
                                "compound primary key",
                                model->name);
        diag_note(c->diags, d, &m->id_attr->name_span, "the first @id is here");
        diag_note(c->diags, d, &attr->name_span, "and another one here");
        return;
    }
    /* Recorded even when invalid: the model has a primary key, just a broken one. */
    m->id_attr = attr;
    if (sema_field_optional(f)) {
        diag_error(c->diags, attr->name_span, "invalid-attribute",
                   "@id field \"%s\" must be required, not optional", f->name);
        return;
    }
    if (sema_field_list(f)) {
        diag_error(c->diags, attr->name_span, "invalid-attribute",
                   "@id field \"%s\" cannot be a list", f->name);
        return;
    }
    if (c->provider == SC_PROVIDER_POSTGRESQL)
        check_xml_key(c, attr, &f, 1);
    m->id_fields = ARENA_ARRAY(c->arena, ast_member *, 1);
    m->id_fields[0] = f;
    m->nid_fields = 1;
}

static void check_field_unique(sema_ctx *c, ast_block *model, ast_member *f, ast_attr *attr)
{
    check_field_index_args(c, model, attr, true, false);
    if (c->provider == SC_PROVIDER_POSTGRESQL)
        check_xml_key(c, attr, &f, 1);
}

static void check_check_attr(sema_ctx *c, ast_attr *attr)
{
    static const sema_argspec spec[] = {{"expr", true, true}, {"map", false, false}};
    ast_expr *v[2];
    if (!sema_check_args(c, attr, spec, 2, v))
        return;
    if (arg_string(c, attr, v[0], "the condition"))
        sema_check_sql_text(c, v[0]->value, v[0]->span, "the condition of a CHECK constraint");
    if (v[1])
        arg_name(c, attr, v[1], "map:");
}

static void check_version(sema_ctx *c, ast_block *model, ast_member *f, ast_attr *attr)
{
    check_attr_no_args(c, attr);
    if (f->type_kind != AST_FIELDTYPE_SCALAR ||
        (f->scalar != SC_SCALAR_INT && f->scalar != SC_SCALAR_BIGINT) || f->type_mod != AST_TYPE_REQUIRED) {
        diag_error(c->diags, attr->name_span, "invalid-attribute",
                   "@version needs a required Int or BigInt field; \"%s\" is %s%s", f->name,
                   f->type_name, f->type_mod == AST_TYPE_OPTIONAL ? "?" : (sema_field_list(f) ? "[]" : ""));
        return;
    }
    sema_model *m = sema_model_of(c, model);
    if (m->version_field) {
        sc_diag *d = diag_error(c->diags, attr->name_span, "invalid-attribute",
                                "model \"%s\" has more than one @version field", model->name);
        diag_note(c->diags, d, &m->version_field->name_span, "\"%s\" is already the version field",
                  m->version_field->name);
        return;
    }
    m->version_field = f;
}

static void check_deleted_at(sema_ctx *c, ast_block *model, ast_member *f, ast_attr *attr)
{
    check_attr_no_args(c, attr);
    if (f->type_kind != AST_FIELDTYPE_SCALAR || f->scalar != SC_SCALAR_DATETIME ||
        f->type_mod != AST_TYPE_OPTIONAL) {
        diag_error(c->diags, attr->name_span, "invalid-attribute",
                   "@deletedAt needs an optional DateTime field (DateTime?); \"%s\" is %s%s",
                   f->name, f->type_name,
                   f->type_mod == AST_TYPE_OPTIONAL ? "?" : (sema_field_list(f) ? "[]" : ""));
        return;
    }
    sema_model *m = sema_model_of(c, model);
    if (m->deleted_at_field) {
        sc_diag *d = diag_error(c->diags, attr->name_span, "invalid-attribute",
                                "model \"%s\" has more than one @deletedAt field", model->name);
        diag_note(c->diags, d, &m->deleted_at_field->name_span,
                  "\"%s\" is already the soft-delete field", m->deleted_at_field->name);
        return;
    }
    m->deleted_at_field = f;
}

static void check_map_attr(sema_ctx *c, ast_attr *attr)
{
    static const sema_argspec spec[] = {{"name", true, true}};
    ast_expr *v[1];
    if (sema_check_args(c, attr, spec, 1, v))
        arg_name(c, attr, v[0], "the name");
}

/* The checks of one attribute ATTR of field F; PREV is an earlier repetition of it. */
static void attr_checks(sema_ctx *c, ast_block *model, ast_member *f, ast_attr *attr,
                        const char *native, const ast_attr *prev, bool is_relation)
{
    /* Each attribute once per field, except @check. */
    if (prev) {
        sc_diag *d = diag_error(c->diags, attr->name_span, "duplicate-attribute",
                                native ? "field \"%s\" has more than one native type"
                                       : "field \"%s\" has %s twice",
                                f->name, native ? "" : sema_attr_display(c, attr));
        diag_note(c->diags, d, &prev->name_span, "first given here");
        return;
    }
    if (f->type_kind == AST_FIELDTYPE_UNRESOLVED || f->type_kind == AST_FIELDTYPE_COMPOSITE)
        return; /* the type error was reported; attribute checks would only add noise */
    if (is_relation && (native || needs_column(attr->name))) {
        sc_diag *d = diag_error(c->diags, attr->name_span, "invalid-attribute",
                                "%s cannot be used on relation field \"%s\"",
                                sema_attr_display(c, attr), f->name);
        if (sema_streq(attr->name, "id") || sema_streq(attr->name, "unique") ||
            sema_streq(attr->name, "default"))
            diag_note(c->diags, d, NULL, "put it on the scalar foreign key field instead");
        return;
    }
    if (native) {
        check_native_type(c, model, f, attr, native);
    } else if (sema_streq(attr->name, "id")) {
        check_field_id(c, model, f, attr);
    } else if (sema_streq(attr->name, "default")) {
        check_default(c, model, f, attr);
    } else if (sema_streq(attr->name, "unique")) {
        check_field_unique(c, model, f, attr);
    } else if (sema_streq(attr->name, "updatedAt")) {
        check_attr_no_args(c, attr);
        if (f->scalar != SC_SCALAR_DATETIME)
            diag_error(c->diags, attr->name_span, "invalid-attribute",
                       "@updatedAt needs a DateTime field; \"%s\" is %s", f->name, f->type_name);
        else if (sema_field_list(f))
            diag_error(c->diags, attr->name_span, "invalid-attribute",
                       "@updatedAt cannot be used on the list field \"%s\"", f->name);
    } else if (sema_streq(attr->name, "map")) {
        check_map_attr(c, attr);
    } else if (sema_streq(attr->name, "relation")) {
        if (!is_relation)
            diag_error(c->diags, attr->name_span, "invalid-attribute",
                       "@relation can only be used on relation fields; \"%s\" is %s", f->name,
                       f->type_kind == AST_FIELDTYPE_ENUM ? "an enum field" : "a scalar field");
    } else if (sema_streq(attr->name, "ignore")) {
        check_attr_no_args(c, attr);
        /* Prisma refuses it here: an Unsupported("...") field is already left
         * out of the client, so the attribute would say nothing. */
        if (f->unsupported) {
            sc_diag *d = diag_error(c->diags, attr->name_span, "invalid-attribute",
                                    "@ignore cannot be used on the Unsupported(\"%s\") field \"%s\"",
                                    f->unsupported, f->name);
            diag_note(c->diags, d, NULL,
                      "an Unsupported field is already left out of generated code; drop @ignore");
        }
    } else if (sema_streq(attr->name, "check")) {
        check_check_attr(c, attr);
    } else if (sema_streq(attr->name, "version")) {
        check_version(c, model, f, attr);
    } else if (sema_streq(attr->name, "deletedAt")) {
        check_deleted_at(c, model, f, attr);
    }
}

/*
 * The attribute before ATTR on the same field that makes ATTR a repetition:
 * the same name, or for a native type (NATIVE: the type after the dot) any
 * other native type; the last such one. A field has few attributes, so a
 * scan does; beyond a handful SEEN (the attributes so far by name, and by
 * "prefix." for dotted ones) answers instead.
 */
static const ast_attr *repeated_attr(const ast_member *f, const ast_attr *attr, const char *native,
                                     const strmap *seen)
{
    if (seen) {
        size_t len = native ? (size_t)(native - attr->name) : strlen(attr->name);
        return strmap_get(seen, attr->name, len);
    }
    const ast_attr *prev = NULL;
    for (const ast_attr *o = f->attrs.first; o != attr; o = o->next) {
        bool same_native = native && strchr(o->name, '.') &&
                           strncmp(o->name, attr->name, (size_t)(native - attr->name)) == 0;
        if (strcmp(o->name, attr->name) == 0 || same_native)
            prev = o;
    }
    return prev;
}

static void remember_attr(strmap *seen, ast_attr *attr)
{
    if (!seen)
        return;
    strmap_set(seen, attr->name, strlen(attr->name), attr);
    const char *dot = strchr(attr->name, '.');
    if (dot)
        strmap_set(seen, attr->name, (size_t)(dot + 1 - attr->name), attr);
}

void sema_attrs_field(sema_ctx *c, ast_block *model, ast_member *f)
{
    bool is_relation = f->type_kind == AST_FIELDTYPE_MODEL;
    strmap seen_map, *seen = NULL;
    if (f->attrs.count > 8) {
        strmap_init(&seen_map, c->arena);
        seen = &seen_map;
    }
    for (ast_attr *attr = f->attrs.first; attr; attr = attr->next) {
        const char *native = NULL;
        bool known = false;
        for (size_t i = 0; i < NELEM(field_attr_names) && !known; i++)
            known = sema_streq(attr->name, field_attr_names[i]);
        if (attr->block) {
            diag_error(c->diags, attr->name_span, "invalid-attribute",
                       "block attribute @@%s cannot follow a field; put it on its own line",
                       attr->name);
            remember_attr(seen, attr);
            continue;
        }
        if (!known && !is_native_attr(c, attr, &native)) {
            unknown_attr(c, attr, field_attr_names, NELEM(field_attr_names));
            remember_attr(seen, attr);
            continue;
        }
        const ast_attr *prev = !sema_streq(attr->name, "check")
                                   ? repeated_attr(f, attr, native, seen) : NULL;
        remember_attr(seen, attr);
        attr_checks(c, model, f, attr, native, prev, is_relation);
    }
}

/* ---------------------------------------------------------------- block attributes */

static void check_block_id(sema_ctx *c, ast_block *model, ast_attr *attr)
{
    static const sema_argspec spec[] = {{"fields", true, true}, {"name", false, false},
                                        {"map", false, false},  {"clustered", false, false}};
    ast_expr *v[4];
    if (!sema_check_args(c, attr, spec, 4, v))
        return;
    if (v[1])
        arg_name(c, attr, v[1], "name:");
    if (v[2])
        arg_name(c, attr, v[2], "map:");
    if (v[3])
        clustered_unsupported(c, v[3]);
    check_field_list_args(c, model, attr, v[0], false);
    if (view_primary_key(c, model, attr))
        return;
    sema_model *m = sema_model_of(c, model);
    if (m->id_attr) {
        sc_diag *d = diag_error(c->diags, model->name_span, "duplicate-id",
                                "model \"%s\" cannot have both %s and @@id", model->name,
                                m->id_attr->block ? "another @@id" : "@id");
        diag_note(c->diags, d, &m->id_attr->name_span, "the primary key is already declared here");
        diag_note(c->diags, d, &attr->name_span, "and again here");
        return;
    }
    /* Recorded even when invalid: the model has a primary key, just a broken one. */
    m->id_attr = attr;
    ast_member **fields;
    size_t n;
    if (!sema_resolve_field_refs(c, model, attr, v[0], true, &fields, &n))
        return;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        if (sema_field_optional(fields[i]) || sema_field_list(fields[i])) {
            diag_error(c->diags, v[0]->span, "invalid-attribute",
                       "@@id field \"%s\" must be required and not a list", fields[i]->name);
            ok = false;
        }
    }
    if (ok && c->provider == SC_PROVIDER_POSTGRESQL)
        check_xml_key(c, attr, fields, n);
    if (ok) {
        m->id_fields = fields;
        m->nid_fields = n;
    }
}

static void check_block_unique_index(sema_ctx *c, ast_block *model, ast_attr *attr, bool is_index)
{
    static const sema_argspec spec[] = {
        {"fields", true, true}, {"name", false, false},  {"map", false, false},
        {"clustered", false, false}, {"where", false, false}, {"include", false, false},
        {"type", false, false}};
    ast_expr *v[7];
    size_t nspec = is_index ? 7 : 6;
    if (!sema_check_args(c, attr, spec, nspec, v))
        return;
    if (v[1])
        arg_name(c, attr, v[1], "name:");
    if (v[2])
        arg_name(c, attr, v[2], "map:");
    /* On @@index, name: is Prisma's legacy spelling of map: (the database name). */
    if (is_index && v[1] && v[2])
        diag_error(c->diags, attr->span, "invalid-attribute",
                   "@@index accepts name: only as a legacy alias for map:, not both; "
                   "use map: for the index name in the database");
    if (v[3])
        clustered_unsupported(c, v[3]);
    if (is_index && model->kind == AST_BLOCK_VIEW) {
        sc_diag *d = diag_error(c->diags, attr->name_span, "invalid-index", "view \"%s\" cannot have an index",
                                model->name);
        diag_note(c->diags, d, NULL, "index the tables the view reads instead; @@unique is allowed on a view");
        return;
    }
    if (is_index && v[6])
        check_index_type(c, v[6]);
    check_field_list_args(c, model, attr, v[0], is_index);
    ast_member **fields;
    size_t n;
    bool ok = sema_resolve_field_refs(c, model, attr, v[0], true, &fields, &n);
    if (ok && c->provider == SC_PROVIDER_POSTGRESQL)
        check_xml_key(c, attr, fields, n);
    if (ok && is_index && v[6] && v[6]->kind == AST_EXPR_IDENT)
        check_index_algorithm(c, model, attr, v[0], v[6]->value);
    if (v[4])
        check_where(c, model, attr, v[4]);
    if (v[5] && ok)
        check_include(c, model, attr, v[5], fields, n);
}

static void check_block_schema(sema_ctx *c, ast_block *b, ast_attr *attr)
{
    static const sema_argspec spec[] = {{"name", true, true}};
    ast_expr *v[1];
    if (!sema_check_args(c, attr, spec, 1, v))
        return;
    const char *name = arg_name(c, attr, v[0], "the schema name");
    if (!name)
        return;
    if (sema_no_pg(c)) {
        diag_error(c->diags, attr->name_span, "invalid-attribute",
                   "@@schema is only available with PostgreSQL");
        return;
    }
    if (!c->info->schemas) {
        sc_diag *d = diag_error(c->diags, attr->name_span, "invalid-attribute",
                                "@@schema needs the datasource to list its schemas");
        diag_note(c->diags, d, NULL, "add schemas = [\"%s\"] to the datasource", name);
        return;
    }
    for (size_t i = 0; i < c->info->nschemas; i++)
        if (strcmp(c->info->schemas[i], name) == 0) {
            if (b->kind == AST_BLOCK_MODEL || b->kind == AST_BLOCK_VIEW)
                sema_model_of(c, b)->schema_name = name;
            return;
        }
    sc_diag *d = diag_error(c->diags, v[0]->span, "invalid-attribute",
                            "schema \"%s\" is not listed in the datasource's schemas", name);
    sema_suggest(c, d, name, c->info->schemas, c->info->nschemas);
}

/* The first attribute of each name among B's own-line attributes. */
static strmap *block_attrs_by_name(sema_ctx *c, const ast_block *b)
{
    strmap *m = ARENA_NEW(c->arena, strmap);
    strmap_init(m, c->arena);
    for (const ast_member *x = b->members.first; x; x = x->next)
        if (x->kind == AST_MEMBER_BLOCK_ATTR && x->attr)
            strmap_adds(m, x->attr->name, x->attr);
    return m;
}

/* False (after reporting) when ATTR repeats an earlier attribute of B that may appear once;
   FIRST holds B's attributes by name (block_attrs_by_name). */
static bool block_attr_once(sema_ctx *c, ast_block *b, const strmap *first, ast_attr *attr)
{
    if (sema_streq(attr->name, "index") || sema_streq(attr->name, "unique") ||
        sema_streq(attr->name, "check"))
        return true;
    const ast_attr *o = strmap_gets(first, attr->name);
    if (!o || o == attr)
        return true;
    /* The first repetition is reported at the first occurrence, where Prisma's first error is. */
    const ast_attr *between = NULL;
    for (const ast_member *x = b->members.first; x && x->attr != attr; x = x->next)
        if (x->kind == AST_MEMBER_BLOCK_ATTR && x->attr && x->attr != o &&
            strcmp(x->attr->name, attr->name) == 0)
            between = x->attr;
    bool at_first = between == NULL;
    sc_diag *d = diag_error(c->diags, at_first ? o->name_span : attr->name_span, "duplicate-attribute",
                            "%s \"%s\" has @@%s twice", ast_block_kind_name(b->kind), b->name,
                            attr->name);
    if (at_first)
        diag_note(c->diags, d, &attr->name_span, "given again here");
    else
        diag_note(c->diags, d, &o->name_span, "first given here");
    return false;
}

/* Every CHECK constraint's name, computed as lowering will, so duplicates are caught here. */
typedef struct check_name {
    const char *name;
    sc_span span;
} check_name;

static void check_constraint_names(sema_ctx *c, ast_block *model)
{
    sema_model *sm = sema_model_of(c, model);
    size_t cap = 0;
    for (ast_member *m = model->members.first; m; m = m->next) {
        if (m->kind == AST_MEMBER_BLOCK_ATTR && m->attr && strcmp(m->attr->name, "check") == 0)
            cap++;
        if (m->kind == AST_MEMBER_FIELD)
            for (ast_attr *a = m->attrs.first; a; a = a->next)
                if (strcmp(a->name, "check") == 0)
                    cap++;
    }
    if (cap < 2)
        return;
    strmap names; /* name -> the first check_name of it */
    strmap_init(&names, c->arena);
    unsigned model_checks = 0;
    for (ast_member *m = model->members.first; m; m = m->next) {
        ast_attr *only = m->kind == AST_MEMBER_BLOCK_ATTR ? m->attr : NULL;
        ast_attr *a = m->kind == AST_MEMBER_FIELD ? m->attrs.first : only;
        for (; a; a = m->kind == AST_MEMBER_FIELD ? a->next : NULL) {
            if (strcmp(a->name, "check") != 0)
                continue;
            const ast_arg *mp = ast_find_arg(&a->args, "map", -1);
            const char *name;
            if (mp && mp->value->kind == AST_EXPR_STRING)
                name = mp->value->value;
            else if (!a->block)
                name = arena_printf(c->arena, "%s_%s_check", sm->db_name, field_db_name(m));
            else if (model_checks++ == 0)
                name = arena_printf(c->arena, "%s_check", sm->db_name);
            else
                name = arena_printf(c->arena, "%s_check%u", sm->db_name, model_checks - 1);
            check_name *cn = ARENA_NEW(c->arena, check_name);
            cn->name = name;
            cn->span = a->span;
            const check_name *first = strmap_adds(&names, name, cn);
            if (first) {
                sc_diag *d = diag_error(c->diags, a->span, "duplicate-constraint",
                                        "check constraint name \"%s\" is already used in "
                                        "model \"%s\"",
                                        name, model->name);
                diag_note(c->diags, d, &first->span, "the other constraint is here");
                diag_note(c->diags, d, NULL, "give one of them a name with map: \"...\"");
            }
        }
    }
}

/*
 * Constraint names given with map: (as Prisma checks them): PostgreSQL keeps
 * only 63 bytes of a name, so a longer one would be cut and then differ from
 * the schema; SQLite does not name primary keys.
 */
static void check_map_names(sema_ctx *c, ast_block *model)
{
    static const char *const constraints[] = {"id", "unique", "index", "relation", "check"};
    for (ast_member *m = model->members.first; m; m = m->next) {
        ast_attr *only = m->kind == AST_MEMBER_BLOCK_ATTR ? m->attr : NULL;
        ast_attr *a = m->kind == AST_MEMBER_FIELD ? m->attrs.first : only;
        for (; a; a = m->kind == AST_MEMBER_FIELD ? a->next : NULL) {
            bool constraint = false;
            for (size_t i = 0; i < NELEM(constraints); i++)
                constraint = constraint || strcmp(a->name, constraints[i]) == 0;
            const ast_arg *mp = constraint ? ast_find_arg(&a->args, "map", -1) : NULL;
            if (!mp || !mp->value || mp->value->kind != AST_EXPR_STRING)
                continue;
            if (c->provider == SC_PROVIDER_POSTGRESQL && mp->value->value_len > 63) {
                sc_diag *d = diag_error(c->diags, mp->value->span, "invalid-argument",
                                        "constraint name of @%s%s is %zu bytes long: PostgreSQL "
                                        "names are at most 63 bytes",
                                        a->block ? "@" : "", a->name, mp->value->value_len);
                diag_note(c->diags, d, NULL,
                          "PostgreSQL would cut it, and the database would then hold another "
                          "name than the schema; choose a shorter one");
            } else if (sema_no_pg(c) && strcmp(a->name, "id") == 0) {
                /* At the model, as Prisma reports it; the note points at the map:. */
                sc_diag *d = diag_error(c->diags, model->name_span, "invalid-argument",
                                        "%s: map: on @%sid is not available %s",
                                        c->provider == SC_PROVIDER_SQLITE
                                            ? "SQLite does not name primary keys"
                                            : "primary keys are named only with PostgreSQL",
                                        a->block ? "@" : "", sema_no_pg_where(c));
                diag_note(c->diags, d, &mp->span, "remove map: \"%s\"", mp->value->value);
            } else if ((c->declared == SC_PROVIDER_SQLITE || sema_no_datasource(c)) &&
                       strcmp(a->name, "relation") == 0) {
                /* Prisma refuses named foreign keys on SQLite; only the schema's own
                   provider counts, so a PostgreSQL schema may still be rendered for SQLite. */
                sc_diag *d = diag_error(c->diags, mp->span, "invalid-argument",
                                        "%s: map: on @relation is not available %s",
                                        sema_no_datasource(c) ? "foreign keys are named only with PostgreSQL"
                                                              : "SQLite foreign keys cannot be named",
                                        sema_no_datasource(c) ? "in a schema without a datasource"
                                                              : "with SQLite");
                diag_note(c->diags, d, NULL, "remove map: \"%s\"", mp->value->value);
            }
        }
    }
}

/* The fields of one column name seen so far: the first, and the first whose field
   name differs from the first's (fields that share a name are reported as such). */
typedef struct column_fields {
    const ast_member *first;
    const ast_member *other;
} column_fields;

/* Two fields mapped to one column would make an invalid table. */
static void check_column_names(sema_ctx *c, ast_block *model)
{
    strmap columns;
    strmap_init(&columns, c->arena);
    for (ast_member *f = model->members.first; f; f = f->next) {
        if (f->kind != AST_MEMBER_FIELD || f->type_kind == AST_FIELDTYPE_MODEL)
            continue;
        const char *name = field_db_name(f);
        column_fields *e = strmap_gets(&columns, name);
        if (!e) {
            e = ARENA_NEW(c->arena, column_fields);
            e->first = f;
            strmap_adds(&columns, name, e);
            continue;
        }
        bool differs = strcmp(e->first->name, f->name) != 0;
        const ast_member *o = differs ? e->first : e->other;
        if (differs && !e->other)
            e->other = f;
        if (o) {
            sc_diag *d = diag_error(c->diags, f->name_span, "duplicate-column",
                                    "fields \"%s\" and \"%s\" both map to column \"%s\"",
                                    o->name, f->name, name);
            diag_note(c->diags, d, &o->name_span, "\"%s\" is here", o->name);
        }
    }
}

/*
 * A compound @@id or @@unique has a name in the client: its name: argument,
 * or its field names joined by "_" (a_b). Prisma refuses one that is also
 * a field's name: the client's lookups by key and by field would collide.
 * A written name is reported at the model (as Prisma does), a default one
 * at the attribute.
 */
static void check_compound_names(sema_ctx *c, const ast_block *model)
{
    for (const ast_member *m = model->members.first; m; m = m->next) {
        const ast_attr *attr = m->kind == AST_MEMBER_BLOCK_ATTR ? m->attr : NULL;
        if (!attr || !attr->block || (!sema_streq(attr->name, "id") && !sema_streq(attr->name, "unique")))
            continue;
        const ast_arg *fields = ast_find_arg(&attr->args, "fields", 0);
        if (!fields || !fields->value || fields->value->kind != AST_EXPR_ARRAY || fields->value->items.count < 2)
            continue;
        const ast_arg *name = ast_find_arg(&attr->args, "name", -1);
        if (name && name->value && name->value->kind == AST_EXPR_STRING) {
            const ast_member *f = sema_find_field(model, name->value->value);
            if (f) {
                sc_diag *d = diag_error(c->diags, model->name_span, "invalid-attribute",
                                        "the name \"%s\" of @@%s in model \"%s\" is also the name of a field",
                                        name->value->value, attr->name, model->name);
                diag_note(c->diags, d, &name->value->span, "choose another name here");
                diag_note(c->diags, d, &f->name_span, "field \"%s\" is here", f->name);
            }
            continue;
        }
        if (name)
            continue;
        const char *joined = "";
        bool ok = true;
        for (const ast_expr *e = fields->value->items.first; e; e = e->next) {
            if (!e->value) {
                ok = false;
                break;
            }
            joined = arena_printf(c->arena, "%s%s%s", joined, *joined ? "_" : "", e->value);
        }
        const ast_member *f = ok ? sema_find_field(model, joined) : NULL;
        if (f) {
            sc_diag *d = diag_error(c->diags, attr->span, "invalid-attribute",
                                    "field \"%s\" has the name the client gives @@%s: its fields joined by \"_\"",
                                    f->name, attr->name);
            diag_note(c->diags, d, &f->name_span, "field \"%s\" is here", f->name);
            diag_note(c->diags, d, NULL, "give @@%s a name of its own with name: \"...\"", attr->name);
        }
    }
}

void sema_attrs_block(sema_ctx *c, ast_block *model)
{
    sema_model *sm = sema_model_of(c, model);
    bool has_schema = false;
    const strmap *first_attrs = block_attrs_by_name(c, model);
    /* @@map and @@ignore first: other checks use the table name. */
    for (ast_member *m = model->members.first; m; m = m->next) {
        ast_attr *attr = m->kind == AST_MEMBER_BLOCK_ATTR ? m->attr : NULL;
        if (!attr)
            continue;
        if (sema_streq(attr->name, "map")) {
            static const sema_argspec spec[] = {{"name", true, true}};
            ast_expr *v[1];
            if (sema_check_args(c, attr, spec, 1, v)) {
                const char *name = arg_name(c, attr, v[0], "the name");
                if (name)
                    sm->db_name = name;
            }
        } else if (sema_streq(attr->name, "ignore")) {
            sm->ignored = true;
        }
    }
    for (ast_member *m = model->members.first; m; m = m->next) {
        ast_attr *attr = m->kind == AST_MEMBER_BLOCK_ATTR ? m->attr : NULL;
        if (!attr)
            continue;
        if (!attr->block) {
            diag_error(c->diags, attr->name_span, "invalid-attribute",
                       "field attribute @%s needs a field; block attributes start with @@",
                       attr->name);
            continue;
        }
        bool known = false;
        for (size_t i = 0; i < NELEM(block_attr_names) && !known; i++)
            known = sema_streq(attr->name, block_attr_names[i]);
        if (sema_streq(attr->name, "fulltext")) {
            diag_error(c->diags, attr->name_span, "unsupported",
                       "@@fulltext indexes are MySQL and MongoDB only and not supported by schemac");
            continue;
        }
        if (!known) {
            unknown_attr(c, attr, block_attr_names, NELEM(block_attr_names));
            continue;
        }
        if (!block_attr_once(c, model, first_attrs, attr))
            continue;
        if (sema_streq(attr->name, "id")) {
            check_block_id(c, model, attr);
        } else if (sema_streq(attr->name, "unique")) {
            check_block_unique_index(c, model, attr, false);
        } else if (sema_streq(attr->name, "index")) {
            check_block_unique_index(c, model, attr, true);
        } else if (sema_streq(attr->name, "ignore")) {
            check_attr_no_args(c, attr);
        } else if (sema_streq(attr->name, "schema")) {
            has_schema = true;
            check_block_schema(c, model, attr);
        } else if (sema_streq(attr->name, "check")) {
            check_check_attr(c, attr);
        }
    }
    if (c->info->schemas && !has_schema)
        diag_error(c->diags, model->name_span, "invalid-attribute",
                   "%s \"%s\" needs @@schema(\"...\"): the datasource lists several schemas",
                   ast_block_kind_name(model->kind), model->name);
    check_column_names(c, model);
    check_constraint_names(c, model);
    check_map_names(c, model);
    check_compound_names(c, model);
}

void sema_attrs_enum(sema_ctx *c, ast_block *en)
{
    bool has_schema = false;
    const strmap *first_attrs = block_attrs_by_name(c, en);
    for (ast_member *m = en->members.first; m; m = m->next) {
        if (m->kind == AST_MEMBER_ENUM_VALUE) {
            for (ast_attr *attr = m->attrs.first; attr; attr = attr->next) {
                if (!sema_streq(attr->name, "map") || attr->block) {
                    static const char *const names[] = {"map"};
                    unknown_attr(c, attr, names, 1);
                    continue;
                }
                for (ast_attr *o = m->attrs.first; o != attr; o = o->next)
                    if (strcmp(o->name, "map") == 0)
                        diag_error(c->diags, attr->name_span, "duplicate-attribute",
                                   "enum value \"%s\" has @map twice", m->name);
                check_map_attr(c, attr);
            }
            continue;
        }
        ast_attr *attr = m->kind == AST_MEMBER_BLOCK_ATTR ? m->attr : NULL;
        if (!attr)
            continue;
        if (sema_streq(attr->name, "map") && attr->block) {
            if (block_attr_once(c, en, first_attrs, attr))
                check_map_attr(c, attr);
        } else if (sema_streq(attr->name, "schema") && attr->block) {
            has_schema = true;
            if (block_attr_once(c, en, first_attrs, attr))
                check_block_schema(c, en, attr);
        } else {
            static const char *const names[] = {"map", "schema"};
            unknown_attr(c, attr, names, 2);
        }
    }
    if (c->info->schemas && !has_schema)
        diag_error(c->diags, en->name_span, "invalid-attribute",
                   "enum \"%s\" needs @@schema(\"...\"): the datasource lists several schemas",
                   en->name);
}

/* ---------------------------------------------------------------- index names */

typedef struct named_index {
    const char *name;
    const char *schema;
    sc_span span;
} named_index;

/* An open-addressing hash set of (schema, name): schemas with thousands of indexes
   stay linear. */
typedef struct index_names {
    named_index *slots;
    size_t n, cap; /* cap is a power of two, or 0 */
} index_names;

static size_t index_hash(const char *schema, const char *name)
{
    size_t h = 1469598103934665603u;
    for (const char *p = schema ? schema : ""; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    h = (h ^ 0x1f) * 1099511628211u;
    for (const char *p = name; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    return h;
}

static bool index_same(const named_index *o, const char *schema, const char *name)
{
    bool same_schema = (!o->schema && !schema) || (o->schema && schema && strcmp(o->schema, schema) == 0);
    return same_schema && strcmp(o->name, name) == 0;
}

static named_index *index_slot(index_names *names, const char *schema, const char *name)
{
    size_t mask = names->cap - 1;
    for (size_t i = index_hash(schema, name) & mask;; i = (i + 1) & mask)
        if (!names->slots[i].name || index_same(&names->slots[i], schema, name))
            return &names->slots[i];
}

static void index_names_grow(sema_ctx *c, index_names *names)
{
    index_names bigger = {0};
    bigger.cap = names->cap ? names->cap * 2 : 64;
    bigger.slots = ARENA_ARRAY(c->arena, named_index, bigger.cap);
    for (size_t i = 0; i < names->cap; i++)
        if (names->slots[i].name)
            *index_slot(&bigger, names->slots[i].schema, names->slots[i].name) = names->slots[i];
    bigger.n = names->n;
    *names = bigger;
}

/* The column names of an index's field list, joined by "_" (Prisma's default names). */
static const char *index_columns(sema_ctx *c, const ast_block *model, const ast_expr *list)
{
    const char *cols = NULL;
    if (!list || list->kind != AST_EXPR_ARRAY)
        return NULL;
    for (const ast_expr *e = list->items.first; e; e = e->next) {
        const ast_member *f = e->value ? sema_find_field(model, e->value) : NULL;
        if (!f)
            return NULL;
        cols = cols ? arena_printf(c->arena, "%s_%s", cols, field_db_name(f)) : field_db_name(f);
    }
    return cols;
}

/* The name an index-like attribute gets in the database: map:, else Prisma's default. */
static const char *index_db_name(sema_ctx *c, const ast_block *model, const ast_member *owner,
                                 const ast_attr *attr, sc_span *span)
{
    const sema_model *sm = sema_model_info(model);
    const ast_arg *map = ast_find_arg(&attr->args, "map", -1);
    if (!map && attr->block && sema_streq(attr->name, "index"))
        map = ast_find_arg(&attr->args, "name", -1); /* legacy alias of map: */
    *span = attr->span;
    if (map && map->value->kind == AST_EXPR_STRING && map->value->value[0]) {
        *span = map->value->span;
        return map->value->value;
    }
    if (sema_streq(attr->name, "id"))
        return arena_printf(c->arena, "%s_pkey", sm->db_name);
    const char *cols;
    if (!attr->block) {
        cols = field_db_name(owner);
    } else {
        const ast_arg *list = ast_find_arg(&attr->args, "fields", 0);
        cols = list ? index_columns(c, model, list->value) : NULL;
    }
    if (!cols)
        return NULL;
    return arena_printf(c->arena, "%s_%s_%s", sm->db_name, cols,
                        sema_streq(attr->name, "index") ? "idx" : "key");
}

static void index_name_add(sema_ctx *c, index_names *names, const ast_block *model,
                           const ast_member *owner, const ast_attr *attr, const char *schema)
{
    if (!attr || strchr(attr->name, '.'))
        return;
    bool keyish = sema_streq(attr->name, "id") || sema_streq(attr->name, "unique");
    if (!keyish && !(attr->block && sema_streq(attr->name, "index")))
        return;
    sc_span span;
    const char *name = index_db_name(c, model, owner, attr, &span);
    if (!name)
        return;
    if ((names->n + 1) * 2 > names->cap)
        index_names_grow(c, names);
    named_index *slot = index_slot(names, schema, name);
    if (slot->name) {
        sc_diag *d = diag_error(c->diags, span, "duplicate-constraint",
                                "index or key name \"%s\" is already used", name);
        diag_note(c->diags, d, &slot->span, "first used here");
        if (!ast_find_arg(&attr->args, "map", -1))
            diag_note(c->diags, d, NULL, "give one of them a name with map: \"...\"");
        return;
    }
    slot->name = name;
    slot->schema = schema;
    slot->span = span;
    names->n++;
}

/* @@id/@@unique name: arguments name client-side accessors: unique per model. */
static void check_client_names(sema_ctx *c, const ast_block *model)
{
    strmap names; /* name -> the first name: value */
    strmap_init(&names, c->arena);
    for (const ast_member *m = model->members.first; m; m = m->next) {
        const ast_attr *a = m->kind == AST_MEMBER_BLOCK_ATTR ? m->attr : NULL;
        if (a && strcmp(a->name, "index") == 0)
            continue; /* @@index name: is a database name, checked with the others */
        const ast_arg *nm = a && a->block ? ast_find_arg(&a->args, "name", -1) : NULL;
        if (!nm || nm->value->kind != AST_EXPR_STRING)
            continue;
        const ast_expr *first = strmap_adds(&names, nm->value->value, nm->value);
        if (first) {
            sc_diag *d = diag_error(c->diags, nm->value->span, "duplicate-name",
                                    "name \"%s\" is already used by another key of model \"%s\"",
                                    nm->value->value, model->name);
            diag_note(c->diags, d, &first->span, "first used here");
        }
    }
}

/* A constraint name of a model, where it was given: for check_fk_names. */
typedef struct named_at {
    const ast_member *member; /* the member that holds the attribute */
    sc_span span;
} named_at;

/*
 * A foreign key named with map: shares the model's namespace with its primary
 * key, unique constraints, indexes and other foreign keys (Prisma checks them
 * together). Only explicit names are compared: default ones are unique.
 */
static void check_fk_names(sema_ctx *c, const ast_block *model)
{
    bool any_fk = false;
    for (const ast_member *f = model->members.first; f && !any_fk; f = f->next) {
        const ast_attr *rel = f->kind == AST_MEMBER_FIELD ? ast_find_attr(&f->attrs, "relation", false)
                                                          : NULL;
        any_fk = rel && ast_find_arg(&rel->args, "map", -1);
    }
    if (!any_fk)
        return;
    /* The first key or index of each name, and the first foreign key, in member order. */
    strmap keys, fks;
    strmap_init(&keys, c->arena);
    strmap_init(&fks, c->arena);
    for (const ast_member *m = model->members.first; m; m = m->next) {
        const ast_attr *only = m->kind == AST_MEMBER_BLOCK_ATTR ? m->attr : NULL;
        const ast_attr *a = m->kind == AST_MEMBER_FIELD ? m->attrs.first : only;
        for (; a; a = m->kind == AST_MEMBER_FIELD ? a->next : NULL) {
            named_at *at = ARENA_NEW(c->arena, named_at);
            at->member = m;
            if (strcmp(a->name, "relation") == 0) {
                const ast_arg *om = ast_find_arg(&a->args, "map", -1);
                if (om && om->value && om->value->kind == AST_EXPR_STRING) {
                    at->span = om->value->span;
                    strmap_adds(&fks, om->value->value, at);
                }
            } else if (strcmp(a->name, "id") == 0 || strcmp(a->name, "unique") == 0 ||
                       (a->block && strcmp(a->name, "index") == 0)) {
                if (!a->block && (m->type_kind == AST_FIELDTYPE_MODEL ||
                                  m->type_kind == AST_FIELDTYPE_UNRESOLVED))
                    continue;
                const char *oname = index_db_name(c, model, m, a, &at->span);
                if (oname)
                    strmap_adds(&keys, oname, at);
            }
        }
    }
    for (const ast_member *f = model->members.first; f; f = f->next) {
        const ast_attr *rel = f->kind == AST_MEMBER_FIELD ? ast_find_attr(&f->attrs, "relation", false)
                                                          : NULL;
        const ast_arg *mp = rel ? ast_find_arg(&rel->args, "map", -1) : NULL;
        if (!mp || !mp->value || mp->value->kind != AST_EXPR_STRING)
            continue;
        const char *name = mp->value->value;
        /* The earliest other constraint of that name: a key or index anywhere, or a foreign
           key on an earlier member (another foreign key is reported once, at the later). */
        const named_at *key = strmap_gets(&keys, name);
        const named_at *fk = strmap_gets(&fks, name);
        if (fk && (fk->member == f || fk->member->span.start > f->span.start))
            fk = NULL;
        const named_at *other = key;
        if (fk && (!other || fk->member->span.start < other->member->span.start))
            other = fk;
        if (other) {
            sc_diag *d = diag_error(c->diags, mp->value->span, "duplicate-constraint",
                                    "foreign key name \"%s\" is already used by another "
                                    "constraint or index of model \"%s\"",
                                    name, model->name);
            diag_note(c->diags, d, &other->span, "the other one is here");
        }
    }
}

void sema_check_index_names(sema_ctx *c)
{
    index_names names = {0};
    /* The first model or view of each name, and of each (schema, table). */
    strmap by_name, by_table;
    strmap_init(&by_name, c->arena);
    strmap_init(&by_table, c->arena);
    for (ast_block *b = c->schema->blocks.first; b; b = b->next) {
        const sema_model *sm = sema_model_info(b);
        if (!sm || !b->name)
            continue;
        size_t len;
        const char *key = sema_db_key(c, sm->schema_name, sm->db_name, &len);
        strmap_adds(&by_name, b->name, b);
        strmap_add(&by_table, key, len, b);
    }
    for (ast_block *b = c->schema->blocks.first; b; b = b->next) {
        const sema_model *sm = sema_model_info(b);
        if (b->kind != AST_BLOCK_MODEL || !sm || sm->ignored)
            continue;
        /* A model whose name or table an earlier model has was reported as such; its
           keys would only repeat that error as name collisions. */
        if (b->name) {
            size_t len;
            const char *key = sema_db_key(c, sm->schema_name, sm->db_name, &len);
            if (strmap_gets(&by_name, b->name) != b || strmap_get(&by_table, key, len) != b)
                continue;
        }
        check_client_names(c, b);
        check_fk_names(c, b);
        /* The primary key once: a second @id/@@id was reported as such. */
        if (sm->id_attr) {
            const ast_member *owner = NULL;
            if (!sm->id_attr->block)
                for (ast_member *m = b->members.first; m && !owner; m = m->next)
                    if (m->kind == AST_MEMBER_FIELD && ast_find_attr(&m->attrs, "id", false) == sm->id_attr)
                        owner = m;
            index_name_add(c, &names, b, owner, sm->id_attr, sm->schema_name);
        }
        for (ast_member *m = b->members.first; m; m = m->next) {
            if (m->kind == AST_MEMBER_FIELD && m->type_kind != AST_FIELDTYPE_MODEL &&
                m->type_kind != AST_FIELDTYPE_UNRESOLVED) {
                const ast_attr *u = ast_find_attr(&m->attrs, "unique", false);
                if (u)
                    index_name_add(c, &names, b, m, u, sm->schema_name);
            } else if (m->kind == AST_MEMBER_BLOCK_ATTR && m->attr &&
                       strcmp(m->attr->name, "id") != 0) {
                index_name_add(c, &names, b, NULL, m->attr, sm->schema_name);
            }
        }
    }
}

/* ---------------------------------------------------------------- unique criteria */

/* An index-like block attribute, listed under the name of its first field. */
typedef struct leading_index {
    struct leading_index *next;
    const ast_attr *attr;
    const ast_expr *list; /* its fields: [...] */
} leading_index;

/* What sema_index_criteria records of a model, in sema_model.criteria. */
typedef struct sema_criteria {
    strmap sets;       /* the field sets of its unique criteria (criterion_key) */
    bool any_required; /* one of them has required fields only */
    strmap leading;    /* first field name -> leading_index list (@@id, @@unique, @@index) */
} sema_criteria;

static int cmp_ptr(const void *x, const void *y)
{
    uintptr_t a = (uintptr_t)(*(void *const *)x);
    uintptr_t b = (uintptr_t)(*(void *const *)y);
    return (a > b) - (a < b);
}

/* A key for the set of fields FIELDS: their addresses, sorted. */
static const char *criterion_key(arena *a, ast_member *const *fields, size_t n, size_t *len)
{
    ast_member **sorted = ARENA_ARRAY(a, ast_member *, n ? n : 1);
    if (n)
        memcpy(sorted, fields, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_ptr);
    *len = n * sizeof *sorted;
    return (const char *)sorted;
}

/* The fields of a criterion's list, or false when one is not a field of MODEL. */
static bool criterion_fields(const ast_block *model, const ast_expr *list, ast_member **out,
                             bool *required)
{
    size_t k = 0;
    *required = true;
    for (const ast_expr *e = list->items.first; e; e = e->next) {
        if (e->kind != AST_EXPR_IDENT && e->kind != AST_EXPR_CALL)
            return false;
        ast_member *f = sema_find_field(model, e->value);
        if (!f)
            return false;
        /* Prisma does not count a criterion over an Unsupported field as one that names rows. */
        if (f->type_mod != AST_TYPE_REQUIRED || f->unsupported)
            *required = false;
        out[k++] = f;
    }
    return true;
}

static void add_criterion(sema_ctx *c, sema_criteria *cr, ast_member *const *fields, size_t n,
                          bool required)
{
    size_t len;
    const char *key = criterion_key(c->arena, fields, n, &len);
    strmap_add(&cr->sets, key, len, (void *)key);
    if (required)
        cr->any_required = true;
}

void sema_index_criteria(sema_ctx *c, ast_block *model)
{
    sema_model *sm = sema_model_of(c, model);
    sema_criteria *cr = ARENA_NEW(c->arena, sema_criteria);
    strmap_init(&cr->sets, c->arena);
    strmap_init(&cr->leading, c->arena);
    sm->criteria = cr;
    for (ast_member *m = model->members.first; m; m = m->next) {
        if (m->kind == AST_MEMBER_FIELD) {
            const ast_attr *id = ast_find_attr(&m->attrs, "id", false);
            const ast_attr *u = ast_find_attr(&m->attrs, "unique", false);
            if ((!id && !u) || m->type_kind == AST_FIELDTYPE_MODEL)
                continue;
            /* A partial unique index does not identify rows. */
            if (!id && ast_find_arg(&u->args, "where", -1))
                continue;
            add_criterion(c, cr, &m, 1, m->type_mod == AST_TYPE_REQUIRED && !m->unsupported);
            continue;
        }
        const ast_attr *a = m->kind == AST_MEMBER_BLOCK_ATTR ? m->attr : NULL;
        if (!a || !a->block)
            continue;
        bool id = strcmp(a->name, "id") == 0, unique = strcmp(a->name, "unique") == 0;
        if (!id && !unique && strcmp(a->name, "index") != 0)
            continue;
        const ast_arg *list = ast_find_arg(&a->args, "fields", 0);
        if (!list || list->value->kind != AST_EXPR_ARRAY)
            continue;
        const ast_expr *lv = list->value;
        if (lv->items.first && lv->items.first->value) {
            leading_index *li = ARENA_NEW(c->arena, leading_index);
            li->attr = a;
            li->list = lv;
            li->next = strmap_gets(&cr->leading, lv->items.first->value);
            strmap_set(&cr->leading, lv->items.first->value, strlen(lv->items.first->value), li);
        }
        if ((!id && !unique) || (unique && ast_find_arg(&a->args, "where", -1)))
            continue;
        ast_member **fields = ARENA_ARRAY(c->arena, ast_member *, lv->items.count + 1);
        bool required;
        if (criterion_fields(model, lv, fields, &required))
            add_criterion(c, cr, fields, lv->items.count, required);
    }
}

bool sema_is_unique_criterion(const ast_block *model, ast_member *const *fields, size_t n)
{
    const sema_model *sm = sema_model_info(model);
    if (!sm || !sm->criteria || n == 0)
        return false;
    /* The sorted key needs scratch room; a small one on the stack covers almost all keys. */
    ast_member *small[16];
    ast_member **sorted = small;
    arena scratch;
    bool big = n > 16;
    if (big) {
        arena_init(&scratch);
        sorted = ARENA_ARRAY(&scratch, ast_member *, n);
    }
    memcpy(sorted, fields, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_ptr);
    bool found = strmap_get(&sm->criteria->sets, (const char *)sorted, n * sizeof *sorted) != NULL;
    if (big)
        arena_free(&scratch);
    return found;
}

bool sema_has_required_unique(const ast_block *model)
{
    const sema_model *sm = sema_model_info(model);
    return sm && sm->criteria && sm->criteria->any_required;
}

bool sema_has_leading_index(const ast_block *model, ast_member *const *fields, size_t n)
{
    const sema_model *sm = sema_model_info(model);
    if (!sm || !sm->criteria || n == 0)
        return false;
    if (n == 1 && (ast_find_attr(&fields[0]->attrs, "id", false) ||
                   ast_find_attr(&fields[0]->attrs, "unique", false)))
        return true;
    for (const leading_index *li = strmap_gets(&sm->criteria->leading, fields[0]->name); li;
         li = li->next) {
        if (li->list->items.count < n)
            continue;
        size_t i = 0;
        for (const ast_expr *e = li->list->items.first; e && i < n; e = e->next, i++)
            if (!e->value || strcmp(e->value, fields[i]->name) != 0)
                break;
        if (i == n)
            return true;
    }
    return false;
}
