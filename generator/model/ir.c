/*
 * ir.c - the schema model: names of enumerations, lookups, canonical order
 * and Prisma-style constraint names.
 */
#include "model/ir.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- names */

typedef struct ir__name {
    int value;
    const char *name;
} ir__name;

static const ir__name ir__providers[] = {
    {IR_PROVIDER_NONE, "none"},
    {IR_PROVIDER_SQLITE, "sqlite"},
    {IR_PROVIDER_POSTGRESQL, "postgresql"},
};

static const ir__name ir__actions[] = {
    {IR_ACTION_NO_ACTION, "NoAction"}, {IR_ACTION_RESTRICT, "Restrict"},
    {IR_ACTION_CASCADE, "Cascade"},    {IR_ACTION_SET_NULL, "SetNull"},
    {IR_ACTION_SET_DEFAULT, "SetDefault"},
};

static const ir__name ir__methods[] = {
    {IR_METHOD_DEFAULT, "BTree"}, {IR_METHOD_HASH, "Hash"}, {IR_METHOD_GIN, "Gin"},
    {IR_METHOD_GIST, "Gist"},     {IR_METHOD_BRIN, "Brin"}, {IR_METHOD_SPGIST, "SpGist"},
};

static const ir__name ir__default_kinds[] = {
    {IR_DEFAULT_NONE, "none"},       {IR_DEFAULT_STRING, "string"},
    {IR_DEFAULT_NUMBER, "number"},   {IR_DEFAULT_BOOLEAN, "boolean"},
    {IR_DEFAULT_ENUM, "enum"},       {IR_DEFAULT_NOW, "now"},
    {IR_DEFAULT_AUTOINCREMENT, "autoincrement"}, {IR_DEFAULT_EXPR, "dbgenerated"},
    {IR_DEFAULT_LIST, "list"},
};

static const ir__name ir__client_defaults[] = {
    {IR_CLIENT_NONE, "none"}, {IR_CLIENT_UUID, "uuid"}, {IR_CLIENT_CUID, "cuid"},
    {IR_CLIENT_NANOID, "nanoid"}, {IR_CLIENT_ULID, "ulid"}, {IR_CLIENT_UPDATED_AT, "updatedAt"},
};

#define IR__COUNT(t) (sizeof(t) / sizeof((t)[0]))

static const char *ir__name_of(const ir__name *t, size_t n, int v)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].value == v)
            return t[i].name;
    return "?";
}

static int ir__value_of(const ir__name *t, size_t n, const char *name, int *out)
{
    if (!name)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(t[i].name, name) == 0) {
            *out = t[i].value;
            return 0;
        }
    }
    return -1;
}

static const ir__name ir__scalars[] = {
    {SC_SCALAR_STRING, "String"},     {SC_SCALAR_BOOLEAN, "Boolean"}, {SC_SCALAR_INT, "Int"},
    {SC_SCALAR_BIGINT, "BigInt"},     {SC_SCALAR_FLOAT, "Float"},     {SC_SCALAR_DECIMAL, "Decimal"},
    {SC_SCALAR_DATETIME, "DateTime"}, {SC_SCALAR_JSON, "Json"},       {SC_SCALAR_BYTES, "Bytes"},
    {SC_SCALAR_UNSUPPORTED, "Unsupported"},
};

const char *ir_scalar_name(sc_scalar s)
{
    if (s == SC_SCALAR_NONE)
        return NULL;
    return ir__name_of(ir__scalars, IR__COUNT(ir__scalars), (int)s);
}

int ir_scalar_from_name(sc_scalar *out, const char *name)
{
    int v;
    if (ir__value_of(ir__scalars, IR__COUNT(ir__scalars), name, &v) != 0)
        return -1;
    *out = (sc_scalar)v;
    return 0;
}

const char *ir_provider_name(ir_provider p)
{
    return ir__name_of(ir__providers, IR__COUNT(ir__providers), (int)p);
}

int ir_provider_from_name(ir_provider *out, const char *name)
{
    int v;
    if (name && strcmp(name, "postgres") == 0)
        name = "postgresql";
    if (ir__value_of(ir__providers, IR__COUNT(ir__providers), name, &v) != 0)
        return -1;
    *out = (ir_provider)v;
    return 0;
}

const char *ir_action_name(ir_action a)
{
    return ir__name_of(ir__actions, IR__COUNT(ir__actions), (int)a);
}

int ir_action_from_name(ir_action *out, const char *name)
{
    int v;
    if (ir__value_of(ir__actions, IR__COUNT(ir__actions), name, &v) != 0)
        return -1;
    *out = (ir_action)v;
    return 0;
}

const char *ir_action_sql(ir_action a)
{
    switch (a) {
    case IR_ACTION_NO_ACTION: return "NO ACTION";
    case IR_ACTION_RESTRICT: return "RESTRICT";
    case IR_ACTION_CASCADE: return "CASCADE";
    case IR_ACTION_SET_NULL: return "SET NULL";
    case IR_ACTION_SET_DEFAULT: return "SET DEFAULT";
    }
    return "NO ACTION";
}

const char *ir_method_name(ir_index_method m)
{
    return ir__name_of(ir__methods, IR__COUNT(ir__methods), (int)m);
}

int ir_method_from_name(ir_index_method *out, const char *name)
{
    int v;
    if (ir__value_of(ir__methods, IR__COUNT(ir__methods), name, &v) != 0)
        return -1;
    *out = (ir_index_method)v;
    return 0;
}

const char *ir_default_kind_name(ir_default_kind k)
{
    return ir__name_of(ir__default_kinds, IR__COUNT(ir__default_kinds), (int)k);
}

int ir_default_kind_from_name(ir_default_kind *out, const char *name)
{
    int v;
    if (ir__value_of(ir__default_kinds, IR__COUNT(ir__default_kinds), name, &v) != 0)
        return -1;
    *out = (ir_default_kind)v;
    return 0;
}

const char *ir_client_default_name(ir_client_default c)
{
    return ir__name_of(ir__client_defaults, IR__COUNT(ir__client_defaults), (int)c);
}

int ir_client_default_from_name(ir_client_default *out, const char *name)
{
    int v;
    if (ir__value_of(ir__client_defaults, IR__COUNT(ir__client_defaults), name, &v) != 0)
        return -1;
    *out = (ir_client_default)v;
    return 0;
}

/* ---------------------------------------------------------------- lookup */

static bool ir__eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

ir_table *ir_find_table(const ir_schema *s, const char *name)
{
    for (size_t i = 0; i < s->ntables; i++)
        if (ir__eq(s->tables[i].name, name))
            return &s->tables[i];
    return NULL;
}

bool ir_same_schema(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

ir_table *ir_find_table_in(const ir_schema *s, const char *schema, const char *name)
{
    for (size_t i = 0; i < s->ntables; i++)
        if (ir__eq(s->tables[i].name, name) && ir_same_schema(s->tables[i].schema, schema))
            return &s->tables[i];
    return NULL;
}

ir_enum *ir_find_enum_in(const ir_schema *s, const char *schema, const char *db_name)
{
    for (size_t i = 0; i < s->nenums; i++)
        if (ir__eq(s->enums[i].db_name, db_name) && ir_same_schema(s->enums[i].schema, schema))
            return &s->enums[i];
    return NULL;
}

const char *ir_qualified_name(arena *a, const char *schema, const char *name)
{
    return schema ? arena_printf(a, "%s.%s", schema, name ? name : "") : name;
}

ir_table *ir_find_view(const ir_schema *s, const char *name)
{
    for (size_t i = 0; i < s->nviews; i++)
        if (ir__eq(s->views[i].name, name))
            return &s->views[i];
    return NULL;
}

ir_table *ir_find_model(const ir_schema *s, const char *model)
{
    for (size_t i = 0; i < s->ntables; i++)
        if (ir__eq(s->tables[i].model, model))
            return &s->tables[i];
    return NULL;
}

ir_column *ir_find_column(const ir_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncolumns; i++)
        if (ir__eq(t->columns[i].name, name))
            return &t->columns[i];
    return NULL;
}

ir_column *ir_find_field(const ir_table *t, const char *field)
{
    for (size_t i = 0; i < t->ncolumns; i++)
        if (ir__eq(t->columns[i].field, field))
            return &t->columns[i];
    return NULL;
}

ir_enum *ir_find_enum(const ir_schema *s, const char *db_name)
{
    for (size_t i = 0; i < s->nenums; i++)
        if (ir__eq(s->enums[i].db_name, db_name))
            return &s->enums[i];
    return NULL;
}

ir_extension *ir_find_extension(const ir_schema *s, const char *db_name)
{
    for (size_t i = 0; i < s->nextensions; i++)
        if (ir__eq(s->extensions[i].db_name, db_name))
            return &s->extensions[i];
    return NULL;
}

ir_index *ir_find_index(const ir_table *t, const char *name)
{
    for (size_t i = 0; i < t->nindexes; i++)
        if (ir__eq(t->indexes[i].name, name))
            return &t->indexes[i];
    return NULL;
}

ir_foreign_key *ir_find_fk(const ir_table *t, const char *name)
{
    for (size_t i = 0; i < t->nfks; i++)
        if (ir__eq(t->fks[i].name, name))
            return &t->fks[i];
    return NULL;
}

ir_check *ir_find_check(const ir_table *t, const char *name)
{
    for (size_t i = 0; i < t->nchecks; i++)
        if (ir__eq(t->checks[i].name, name))
            return &t->checks[i];
    return NULL;
}

const ir_relation *ir_model_relations(const ir_schema *s, const char *model, size_t *count)
{
    /* Canonical order sorts relations by model: one found by bisection, its neighbours are the rest. A schema
       not in that order (or a model with none) is walked whole, which needs only a model's relations together. */
    size_t lo = 0, hi = s->nrelations;
    while (model && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *mm = s->relations[mid].model;
        int c = mm ? strcmp(mm, model) : -1;
        if (c == 0) {
            size_t first = mid, end = mid + 1;
            while (first > 0 && ir__eq(s->relations[first - 1].model, model))
                first--;
            while (end < s->nrelations && ir__eq(s->relations[end].model, model))
                end++;
            *count = end - first;
            return &s->relations[first];
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t first = s->nrelations, n = 0;
    for (size_t i = 0; i < s->nrelations; i++) {
        if (ir__eq(s->relations[i].model, model)) {
            if (first == s->nrelations)
                first = i;
            n++;
        }
    }
    *count = n;
    return n ? &s->relations[first] : NULL;
}

/* ---------------------------------------------------------------- canonical order */

/* NULL sorts first, then bytewise: locale-independent, so the order is the same everywhere. */
static int ir__strcmp(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

static int ir__cmp_table(const void *x, const void *y)
{
    const ir_table *a = x, *b = y;
    int c = ir__strcmp(a->name, b->name);
    return c ? c : ir__strcmp(a->schema, b->schema);
}

static int ir__cmp_enum(const void *x, const void *y)
{
    const ir_enum *a = x, *b = y;
    int c = ir__strcmp(a->db_name, b->db_name);
    return c ? c : ir__strcmp(a->schema, b->schema);
}

static int ir__cmp_str(const void *x, const void *y)
{
    return ir__strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int ir__cmp_index(const void *x, const void *y)
{
    return ir__strcmp(((const ir_index *)x)->name, ((const ir_index *)y)->name);
}

static int ir__cmp_fk(const void *x, const void *y)
{
    const ir_foreign_key *a = x, *b = y;
    int c = ir__strcmp(a->name, b->name);
    if (c)
        return c;
    /* Unnamed keys (introspected SQLite) still need a total order. */
    c = ir__strcmp(a->ref_table, b->ref_table);
    if (c)
        return c;
    c = ir__strcmp(a->ref_schema, b->ref_schema);
    if (c)
        return c;
    size_t n = a->ncolumns < b->ncolumns ? a->ncolumns : b->ncolumns;
    for (size_t i = 0; i < n; i++) {
        c = ir__strcmp(a->columns[i], b->columns[i]);
        if (c)
            return c;
    }
    return (a->ncolumns > b->ncolumns) - (a->ncolumns < b->ncolumns);
}

static int ir__cmp_check(const void *x, const void *y)
{
    const ir_check *a = x, *b = y;
    int c = ir__strcmp(a->name, b->name);
    return c ? c : ir__strcmp(a->expr, b->expr);
}

static int ir__cmp_relation(const void *x, const void *y)
{
    const ir_relation *a = x, *b = y;
    int c = ir__strcmp(a->model, b->model);
    return c ? c : ir__strcmp(a->field, b->field);
}

static int ir__cmp_extension(const void *x, const void *y)
{
    const ir_extension *a = x, *b = y;
    int c = ir__strcmp(a->name, b->name);
    return c ? c : ir__strcmp(a->db_name, b->db_name);
}

void ir_canonicalize(ir_schema *s)
{
    if (s->nextensions > 1)
        qsort(s->extensions, s->nextensions, sizeof(ir_extension), ir__cmp_extension);
    if (s->nschemas > 1) {
        qsort(s->schemas, s->nschemas, sizeof(const char *), ir__cmp_str);
        size_t k = 1;
        for (size_t i = 1; i < s->nschemas; i++)
            if (ir__strcmp(s->schemas[i], s->schemas[k - 1]) != 0)
                s->schemas[k++] = s->schemas[i];
        s->nschemas = k;
    }
    if (s->ntables > 1)
        qsort(s->tables, s->ntables, sizeof(ir_table), ir__cmp_table);
    if (s->nenums > 1)
        qsort(s->enums, s->nenums, sizeof(ir_enum), ir__cmp_enum);
    if (s->nrelations > 1)
        qsort(s->relations, s->nrelations, sizeof(ir_relation), ir__cmp_relation);
    for (size_t i = 0; i < s->ntables; i++) {
        ir_table *t = &s->tables[i];
        if (t->nindexes > 1)
            qsort(t->indexes, t->nindexes, sizeof(ir_index), ir__cmp_index);
        if (t->nfks > 1)
            qsort(t->fks, t->nfks, sizeof(ir_foreign_key), ir__cmp_fk);
        if (t->nchecks > 1)
            qsort(t->checks, t->nchecks, sizeof(ir_check), ir__cmp_check);
        for (size_t c = 0; c < t->ncolumns; c++) {
            ir_column *col = &t->columns[c];
            col->is_id = false;
            for (size_t k = 0; t->has_pk && k < t->pk.ncolumns; k++)
                if (ir__eq(t->pk.columns[k], col->name))
                    col->is_id = true;
        }
    }
}

/* ---------------------------------------------------------------- names */

/* Cut S to at most N bytes without splitting a UTF-8 sequence. */
static size_t ir__utf8_cut(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

const char *ir_identifier_cut(arena *a, const char *name, size_t max_len)
{
    size_t len = strlen(name);
    if (max_len == 0 || len <= max_len)
        return name;
    return arena_strndup(a, name, ir__utf8_cut(name, max_len));
}

const char *ir_constraint_name(arena *a, const char *table, const char *const *cols, size_t ncols,
                               const char *suffix, size_t max_len)
{
    size_t len = strlen(table);
    for (size_t i = 0; i < ncols; i++)
        len += 1 + strlen(cols[i]);
    char *stem = arena_alloc(a, len + 1);
    size_t off = strlen(table);
    memcpy(stem, table, off);
    for (size_t i = 0; i < ncols; i++) {
        stem[off++] = '_';
        size_t l = strlen(cols[i]);
        memcpy(stem + off, cols[i], l);
        off += l;
    }
    stem[off] = '\0';
    size_t slen = strlen(suffix);
    /* Prisma keeps the suffix whole and cuts the stem so the name fits the limit. */
    if (max_len > 0 && off + 1 + slen > max_len && max_len > slen + 1)
        off = ir__utf8_cut(stem, max_len - slen - 1);
    return arena_printf(a, "%.*s_%s", (int)off, stem, suffix);
}
