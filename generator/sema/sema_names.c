/*
 * sema_names.c - the names a schema gives the database, against the rules
 * of the engine that will hold them.
 *
 * PostgreSQL keeps 63 bytes of a name and cuts a longer one without an
 * error, so two names equal in their first 63 bytes become one; tables and
 * indexes share one namespace per database schema, and tables and enums
 * another (every table also makes a type of its name); constraint names are
 * unique per table; enum labels are unique and at most 63 bytes; and a name
 * is looked up in pg_catalog before the user's schema. SQLite compares
 * names ignoring ASCII case and reserves names starting with "sqlite_".
 * schemac keeps its own tables (the migration history) under "_schemac_".
 *
 * A schema that breaks one of these rules would pass check and fail, or
 * quietly do something else, only when applied. sema_names() makes them
 * errors of check, located where each name is written (or, for a default
 * name, at the attribute that makes it). The names are computed as lowering
 * computes them (lower.c): @map/@@map/map:, else Prisma's defaults, cut to
 * 63 bytes on PostgreSQL the way Prisma cuts them.
 *
 * The pass runs after every other check and only on a schema without
 * errors: its names are then complete, and every exact duplicate that the
 * other checks own (two models on one table, two indexes of one name, ...)
 * has been reported by them. What is left to find here is what the engine
 * adds: cutting, case folding, shared namespaces and reserved names.
 */
#include "sema/sema_internal.h"

#include <string.h>

/* PostgreSQL's NAMEDATALEN - 1. */
#define PG_MAX_NAME 63

typedef enum nm_kind {
    NM_TABLE,
    NM_JOIN_TABLE,
    NM_ENUM,
    NM_PKEY,
    NM_UNIQUE,
    NM_INDEX,
    NM_JOIN_INDEX,
    NM_FK,
    NM_CHECK,
    NM_COLUMN,
} nm_kind;

/* The table a default name is made from (its name leads the default name). */
typedef struct nm_name_owner {
    const char *table;
} nm_name_owner;

/* One name the database will hold, and where the schema gives it. */
typedef struct nm_name {
    const char *name;
    nm_kind kind;
    const char *schema;   /* the database schema (@@schema), or NULL */
    sc_span span;
    bool is_default;      /* made by schemac (Prisma's default), not written */
    const nm_name_owner *owner; /* for a default name: the table it is made from */
} nm_name;

/* A list of names that share a namespace. */
typedef struct nm_list {
    nm_name *items;
    size_t n, cap;
} nm_list;

typedef struct nm_ctx {
    sema_ctx *c;
    bool pg;
    nm_list types;      /* PostgreSQL: tables and enums */
    nm_list relations;  /* tables and indexes (primary keys and uniques are indexes) */
} nm_ctx;

static const char *nm_kind_name(nm_kind k)
{
    switch (k) {
    case NM_TABLE: return "table";
    case NM_JOIN_TABLE: return "join table";
    case NM_ENUM: return "enum type";
    case NM_PKEY: return "primary key";
    case NM_UNIQUE: return "unique index";
    case NM_INDEX: return "index";
    case NM_JOIN_INDEX: return "index";
    case NM_FK: return "foreign key";
    case NM_CHECK: return "check constraint";
    case NM_COLUMN: return "column";
    }
    return "name";
}

static bool nm_is_table(nm_kind k)
{
    return k == NM_TABLE || k == NM_JOIN_TABLE;
}

static nm_name *nm_add(nm_ctx *x, nm_list *l, const char *name, nm_kind kind, const char *schema,
                       sc_span span, bool is_default)
{
    if (!name)
        return NULL;
    l->items = arena_reserve(x->c->arena, l->items, l->n, &l->cap, sizeof(nm_name), 16);
    nm_name *it = &l->items[l->n++];
    memset(it, 0, sizeof *it);
    it->name = name;
    it->kind = kind;
    it->schema = schema;
    it->span = span;
    it->is_default = is_default;
    return it;
}

/* A default name made from table OWNER's name. */
static void nm_add_default(nm_ctx *x, nm_list *l, const char *name, nm_kind kind,
                           const char *schema, sc_span span, const nm_name_owner *owner)
{
    nm_name *it = nm_add(x, l, name, kind, schema, span, true);
    if (it)
        it->owner = owner;
}

/* ---------------------------------------------------------------- collisions */

/* The length of NAME cut to N bytes without splitting a UTF-8 sequence (ir.c cuts alike). */
static size_t nm_cut_len(const char *name, size_t n)
{
    size_t len = strlen(name);
    if (len <= n)
        return len;
    while (n > 0 && ((unsigned char)name[n] & 0xC0) == 0x80)
        n--;
    return n;
}


/*
 * The key of a name in its namespace: the database schema, then the name as
 * the engine compares it: its first 63 bytes on PostgreSQL, the name with
 * ASCII letters in lower case on SQLite.
 */
static const char *nm_key_of(nm_ctx *x, const nm_name *it, size_t *len)
{
    size_t sl = it->schema ? strlen(it->schema) : 0;
    size_t nl = x->pg ? nm_cut_len(it->name, PG_MAX_NAME) : strlen(it->name);
    char *k = arena_alloc(x->c->arena, sl + nl + 2);
    if (sl)
        memcpy(k, it->schema, sl);
    k[sl] = '\0';
    for (size_t i = 0; i < nl; i++) {
        char ch = it->name[i];
        k[sl + 1 + i] = !x->pg && ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
    }
    *len = sl + 1 + nl;
    return k;
}

/* How to give IT another name, for the note of an error about it. */
static const char *nm_fix(const nm_name *it)
{
    switch (it->kind) {
    case NM_TABLE: return "give the table another name with @@map(\"...\")";
    case NM_ENUM: return "give the enum type another name with @@map(\"...\")";
    case NM_JOIN_TABLE:
    case NM_JOIN_INDEX:
        return "the join table of a many-to-many relation is named \"_\" and the relation name: "
               "name the relation with @relation(\"...\") on both fields";
    case NM_COLUMN: return "give the column another name with @map(\"...\")";
    case NM_PKEY:
    case NM_UNIQUE:
    case NM_INDEX:
    case NM_FK:
    case NM_CHECK: break;
    }
    return it->is_default ? "its default name is made of the table and column names (and cut to "
                            "fit 63 bytes on PostgreSQL): name it with map: \"...\""
                          : "give it another name with map: \"...\"";
}

/* Why two equal names clash in the namespace of A and B. */
static const char *nm_why_same(const nm_ctx *x, const nm_name *a, const nm_name *b,
                               bool constraint)
{
    if (constraint)
        return "a table's constraint names must differ";
    if (a->kind == NM_ENUM || b->kind == NM_ENUM)
        return "every PostgreSQL table is also a type of its name, so it clashes with the "
               "enum type";
    if (nm_is_table(a->kind) && nm_is_table(b->kind))
        return "the second table cannot be created";
    if (!nm_is_table(a->kind) && !nm_is_table(b->kind))
        return x->pg ? "index names are unique in a PostgreSQL schema, so the second index "
                       "cannot be created"
                     : "index names are unique in an SQLite database, so the second index "
                       "cannot be created";
    return x->pg ? "tables and indexes share one namespace in PostgreSQL"
                 : "tables and indexes share one namespace in SQLite";
}

static void nm_report(nm_ctx *x, const nm_name *first, const nm_name *it, const char *where,
                      bool constraint)
{
    sema_ctx *c = x->c;
    const char *k1 = nm_kind_name(first->kind), *k2 = nm_kind_name(it->kind);
    const char *in = where ? arena_printf(c->arena, " %s", where) : "";
    sc_diag *d;
    if (strcmp(first->name, it->name) == 0) {
        d = diag_error(c->diags, it->span, "name-collision",
                       "%s \"%s\"%s has the same name as %s \"%s\": %s", k2, it->name, in, k1,
                       first->name, nm_why_same(x, first, it, constraint));
    } else if (x->pg) {
        d = diag_error(c->diags, it->span, "name-collision",
                       "PostgreSQL cuts names to 63 bytes: %s \"%s\"%s and %s \"%s\" both become "
                       "\"%.*s\"",
                       k2, it->name, in, k1, first->name,
                       (int)nm_cut_len(it->name, PG_MAX_NAME), it->name);
    } else {
        d = diag_error(c->diags, it->span, "name-collision",
                       "SQLite does not tell upper from lower case in names: %s \"%s\"%s and %s "
                       "\"%s\" are the same name",
                       k2, it->name, in, k1, first->name);
    }
    diag_note(c->diags, d, &first->span, "%s \"%s\" is here", k1, first->name);
    diag_note(c->diags, d, NULL, "%s", nm_fix(it));
}

/* Do the engine's rules make tables A and B one name? */
static bool nm_tables_clash(const nm_ctx *x, const char *a, const char *b)
{
    if (x->pg) {
        size_t la = nm_cut_len(a, PG_MAX_NAME), lb = nm_cut_len(b, PG_MAX_NAME);
        return la == lb && memcmp(a, b, la) == 0;
    }
    for (; *a && *b; a++, b++) {
        char ca = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char cb = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (ca != cb)
            return false;
    }
    return *a == *b;
}

/*
 * Report the names of L that the engine takes for one another: each at the
 * later one, with the first one of its key. WHERE qualifies the namespace
 * in messages ("of table \"T\""). CONSTRAINT: L is a table's constraints.
 * On PostgreSQL, two tables are compared in the type namespace only.
 */
static void nm_collisions_in(nm_ctx *x, const nm_list *l, const char *where, bool constraint)
{
    strmap seen;
    strmap_init(&seen, x->c->arena);
    for (size_t i = 0; i < l->n; i++) {
        const nm_name *it = &l->items[i];
        size_t len;
        const char *key = nm_key_of(x, it, &len);
        const nm_name *first = strmap_get(&seen, key, len);
        if (!first) {
            strmap_add(&seen, key, len, (void *)it);
            continue;
        }
        if (x->pg && l == &x->relations && nm_is_table(first->kind) && nm_is_table(it->kind))
            continue;
        /* Two default names of two tables whose own names clash: that clash is reported.
           Primary keys are reported too, where Prisma reports them (at the @id). */
        if (first->owner && it->owner && first->owner != it->owner && it->kind != NM_PKEY &&
            nm_tables_clash(x, first->owner->table, it->owner->table))
            continue;
        nm_report(x, first, it, where, constraint);
    }
}

static void nm_collisions(nm_ctx *x, const nm_list *l, const char *where)
{
    nm_collisions_in(x, l, where, false);
}

/* ---------------------------------------------------------------- names as lowering makes them */

/*
 * Prisma's default constraint name: TABLE_COL1_COL2_SUFFIX; on PostgreSQL the
 * stem is cut so the whole fits in 63 bytes and the suffix stays whole (as
 * ir_constraint_name() makes it).
 */
static const char *nm_default_name(nm_ctx *x, const char *table, const char *const *cols,
                                   size_t n, const char *suffix)
{
    size_t len = strlen(table);
    for (size_t i = 0; i < n; i++)
        len += 1 + strlen(cols[i]);
    char *stem = arena_alloc(x->c->arena, len + 1);
    size_t off = strlen(table);
    memcpy(stem, table, off);
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(cols[i]);
        stem[off++] = '_';
        memcpy(stem + off, cols[i], l);
        off += l;
    }
    stem[off] = '\0';
    size_t slen = strlen(suffix);
    if (x->pg && off + 1 + slen > PG_MAX_NAME)
        off = nm_cut_len(stem, PG_MAX_NAME - slen - 1);
    return arena_printf(x->c->arena, "%.*s_%s", (int)off, stem, suffix);
}

/* The column of field F: @map or the field name. */
static const char *nm_column(const ast_member *f)
{
    const ast_attr *map = ast_find_attr(&f->attrs, "map", false);
    const ast_arg *a = map ? ast_find_arg(&map->args, "name", 0) : NULL;
    if (a && a->value->kind == AST_EXPR_STRING && a->value->value[0])
        return a->value->value;
    return f->name;
}

/* Where the column of F is named: its @map string, else the field name. */
static sc_span nm_column_span(const ast_member *f)
{
    const ast_attr *map = ast_find_attr(&f->attrs, "map", false);
    const ast_arg *a = map ? ast_find_arg(&map->args, "name", 0) : NULL;
    return a && a->value->kind == AST_EXPR_STRING ? a->value->span : f->name_span;
}

/* The string value of argument NAME of ATTR (NULL when absent or not a string). */
static const ast_expr *nm_string_arg(const ast_attr *attr, const char *name, int pos)
{
    const ast_arg *a = attr ? ast_find_arg(&attr->args, name, pos) : NULL;
    return a && a->value && a->value->kind == AST_EXPR_STRING && a->value->value[0] ? a->value
                                                                                 : NULL;
}

/* The block-level attribute NAME of B (first one), or NULL. */
static const ast_attr *nm_block_attr(const ast_block *b, const char *name)
{
    for (const ast_member *m = b->members.first; m; m = m->next)
        if (m->kind == AST_MEMBER_BLOCK_ATTR && m->attr && m->attr->block &&
            strcmp(m->attr->name, name) == 0)
            return m->attr;
    return NULL;
}

/* The columns of a field list ([a, b(sort: Desc)]), as lowering resolves them. */
static const char **nm_list_columns(nm_ctx *x, const ast_block *b, const ast_expr *list, size_t *n)
{
    *n = 0;
    if (!list || list->kind != AST_EXPR_ARRAY)
        return NULL;
    const char **cols = ARENA_ARRAY(x->c->arena, const char *, list->items.count + 1);
    for (const ast_expr *e = list->items.first; e; e = e->next) {
        const ast_member *f = e->value ? ast_find_member(b, e->value) : NULL;
        if (f)
            cols[(*n)++] = nm_column(f);
    }
    return cols;
}

/* A key (@id/@unique on a field, @@id/@@unique/@@index): its name and where it is given. */
static void nm_key(nm_ctx *x, const ast_block *b, const nm_name_owner *owner, const char *schema,
                   const ast_member *field, const ast_attr *attr, nm_list *constraints)
{
    const char *table = owner->table;
    bool id = strcmp(attr->name, "id") == 0;
    bool unique = strcmp(attr->name, "unique") == 0;
    if (id && !x->pg)
        return; /* SQLite keeps primary keys unnamed */
    const ast_expr *map = nm_string_arg(attr, "map", -1);
    if (!map && attr->block && !id && !unique)
        map = nm_string_arg(attr, "name", -1); /* @@index(name:): Prisma's old map: */
    nm_kind kind = id ? NM_PKEY : unique ? NM_UNIQUE : NM_INDEX;
    if (map) {
        nm_add(x, &x->relations, map->value, kind, schema, map->span, false);
        if (id)
            nm_add(x, constraints, map->value, kind, schema, map->span, false);
        return;
    }
    const char *name;
    if (id) {
        name = nm_default_name(x, table, NULL, 0, "pkey");
    } else if (!attr->block) {
        const char *col = nm_column(field);
        name = nm_default_name(x, table, &col, 1, "key");
    } else {
        const ast_arg *fields = ast_find_arg(&attr->args, "fields", 0);
        size_t n;
        const char **cols = nm_list_columns(x, b, fields ? fields->value : NULL, &n);
        if (n == 0)
            return;
        name = nm_default_name(x, table, cols, n, unique ? "key" : "idx");
    }
    nm_add_default(x, &x->relations, name, kind, schema, attr->name_span, owner);
    if (id)
        nm_add_default(x, constraints, name, kind, schema, attr->name_span, owner);
}

/* A table's constraints (PostgreSQL), and the owner of its default names. */
typedef struct nm_table {
    nm_list constraints;
    nm_name_owner owner;
} nm_table;

/* Every name of model B's table: the table, its columns, keys, indexes and checks. */
static void nm_model(nm_ctx *x, const ast_block *b, strmap *tables)
{
    const sema_model *sm = sema_model_info(b);
    if (!sm || !b->name)
        return;
    const char *table = sm->db_name;
    const char *schema = sm->schema_name;
    const ast_expr *map = nm_string_arg(nm_block_attr(b, "map"), "name", 0);
    sc_span span = map ? map->span : b->name_span;
    nm_add(x, &x->types, table, NM_TABLE, schema, span, false);
    nm_add(x, &x->relations, table, NM_TABLE, schema, span, false);

    nm_list columns = {0};
    nm_table *tb = ARENA_NEW(x->c->arena, nm_table);
    tb->owner.table = table;
    const nm_name_owner *owner = &tb->owner;
    nm_list *constraints = &tb->constraints;
    strmap_adds(tables, b->name, tb);
    unsigned model_checks = 0;
    for (const ast_member *m = b->members.first; m; m = m->next) {
        if (m->kind == AST_MEMBER_BLOCK_ATTR && m->attr && m->attr->block) {
            const ast_attr *a = m->attr;
            if (strcmp(a->name, "id") == 0 || strcmp(a->name, "unique") == 0 ||
                strcmp(a->name, "index") == 0) {
                nm_key(x, b, owner, schema, NULL, a, constraints);
            } else if (strcmp(a->name, "check") == 0 && x->pg) {
                const ast_expr *cmap = nm_string_arg(a, "map", -1);
                if (cmap) {
                    nm_add(x, constraints, cmap->value, NM_CHECK, schema, cmap->span, false);
                } else {
                    const char *suffix = model_checks
                                             ? arena_printf(x->c->arena, "check%u", model_checks)
                                             : "check";
                    model_checks++;
                    nm_add_default(x, constraints, nm_default_name(x, table, NULL, 0, suffix),
                                   NM_CHECK, schema, a->name_span, owner);
                }
            }
            continue;
        }
        if (m->kind != AST_MEMBER_FIELD ||
            (m->type_kind != AST_FIELDTYPE_SCALAR && m->type_kind != AST_FIELDTYPE_ENUM))
            continue;
        const char *col = nm_column(m);
        nm_add(x, &columns, col, NM_COLUMN, schema, nm_column_span(m), false);
        for (const ast_attr *a = m->attrs.first; a; a = a->next) {
            if (a->block)
                continue;
            if (strcmp(a->name, "id") == 0 || strcmp(a->name, "unique") == 0) {
                nm_key(x, b, owner, schema, m, a, constraints);
            } else if (strcmp(a->name, "check") == 0 && x->pg) {
                const ast_expr *cmap = nm_string_arg(a, "map", -1);
                if (cmap)
                    nm_add(x, constraints, cmap->value, NM_CHECK, schema, cmap->span, false);
                else
                    nm_add_default(x, constraints, nm_default_name(x, table, &col, 1, "check"),
                                   NM_CHECK, schema, a->name_span, owner);
            }
        }
    }
    nm_collisions(x, &columns, arena_printf(x->c->arena, "of table \"%s\"", table));
}

/* ---------------------------------------------------------------- relations */

/* The @relation argument NAME of relation field F as a string literal, or NULL. */
static const ast_expr *nm_relation_arg(const ast_member *f, const char *name, int pos)
{
    return f ? nm_string_arg(ast_find_attr(&f->attrs, "relation", false), name, pos) : NULL;
}

/* Join tables of implicit many-to-many relations, and every foreign key's name. */
static void nm_relations(nm_ctx *x, strmap *tables)
{
    const sema_schema *info = x->c->info;
    bool emit_fk = info->relation_mode == SC_RELMODE_FOREIGN_KEYS;
    for (const sema_relation *r = info->relations; r; r = r->next) {
        if (!r->model[0] || !r->model[1] || !r->field[0])
            continue;
        const sema_model *sm0 = sema_model_info(r->model[0]);
        const char *schema = sm0 ? sm0->schema_name : NULL;
        if (r->kind == SEMA_REL_MANY_TO_MANY_IMPLICIT) {
            if (r->model[0]->kind != AST_BLOCK_MODEL || r->model[1]->kind != AST_BLOCK_MODEL)
                continue;
            const char *full = arena_printf(x->c->arena, "_%s", r->name);
            const char *table = x->pg ? arena_strndup(x->c->arena, full,
                                                      nm_cut_len(full, PG_MAX_NAME))
                                      : full;
            const ast_expr *named = nm_relation_arg(r->field[0], "name", 0);
            sc_span span = named ? named->span : r->field[0]->name_span;
            nm_name_owner *owner = ARENA_NEW(x->c->arena, nm_name_owner);
            owner->table = table;
            if (x->pg)
                nm_add(x, &x->types, table, NM_JOIN_TABLE, schema, span, true);
            nm_add(x, &x->relations, table, NM_JOIN_TABLE, schema, span, true);
            nm_add_default(x, &x->relations,
                           nm_default_name(x, table, NULL, 0, x->pg ? "AB_pkey" : "AB_unique"),
                           NM_JOIN_INDEX, schema, span, owner);
            nm_add_default(x, &x->relations, nm_default_name(x, table, NULL, 0, "B_index"),
                           NM_JOIN_INDEX, schema, span, owner);
            continue;
        }
        /* Foreign key names matter on PostgreSQL only (SQLite does not compare them). */
        if (!x->pg || !emit_fk || r->model[0]->kind != AST_BLOCK_MODEL ||
            r->model[1]->kind != AST_BLOCK_MODEL || r->nfields == 0 || !sm0)
            continue;
        nm_table *tb = strmap_gets(tables, r->model[0]->name);
        if (!tb)
            continue;
        nm_list *constraints = &tb->constraints;
        const ast_expr *map = nm_relation_arg(r->field[0], "map", -1);
        if (map) {
            nm_add(x, constraints, map->value, NM_FK, schema, map->span, false);
            continue;
        }
        const char **cols = ARENA_ARRAY(x->c->arena, const char *, r->nfields);
        for (size_t i = 0; i < r->nfields; i++)
            cols[i] = nm_column(r->fields[i]);
        const ast_attr *rel = ast_find_attr(&r->field[0]->attrs, "relation", false);
        nm_add_default(x, constraints, nm_default_name(x, sm0->db_name, cols, r->nfields, "fkey"),
                       NM_FK, schema, rel ? rel->name_span : r->field[0]->name_span, &tb->owner);
    }
}

/* ---------------------------------------------------------------- enums */

/* PostgreSQL's built-in types (pg_catalog, PostgreSQL 15 to 17) whose names do not start
   with "pg_"; each also has an array type named "_" and the name. */
static const char *const pg_builtin_types[] = {
    "aclitem", "any", "anyarray", "anycompatible", "anycompatiblearray", "anycompatiblemultirange",
    "anycompatiblenonarray", "anycompatiblerange", "anyelement", "anyenum", "anymultirange",
    "anynonarray", "anyrange", "bit", "bool", "box", "bpchar", "bytea", "char", "cid", "cidr",
    "circle", "cstring", "date", "datemultirange", "daterange", "event_trigger", "fdw_handler",
    "float4", "float8", "gtsvector", "index_am_handler", "inet", "int2", "int2vector", "int4",
    "int4multirange", "int4range", "int8", "int8multirange", "int8range", "internal", "interval",
    "json", "jsonb", "jsonpath", "language_handler", "line", "lseg", "macaddr", "macaddr8", "money",
    "name", "numeric", "nummultirange", "numrange", "oid", "oidvector", "path", "point", "polygon",
    "record", "refcursor", "regclass", "regcollation", "regconfig", "regdictionary", "regnamespace",
    "regoper", "regoperator", "regproc", "regprocedure", "regrole", "regtype", "table_am_handler",
    "text", "tid", "time", "timestamp", "timestamptz", "timetz", "trigger", "tsm_handler",
    "tsmultirange", "tsquery", "tsrange", "tstzmultirange", "tstzrange", "tsvector",
    "txid_snapshot", "unknown", "uuid", "varbit", "varchar", "void", "xid", "xid8", "xml",
};

static bool nm_is_builtin_type(const char *name)
{
    if (name[0] == '_')
        name++; /* the array type of a built-in type */
    for (size_t i = 0; i < sizeof pg_builtin_types / sizeof pg_builtin_types[0]; i++)
        if (strcmp(name, pg_builtin_types[i]) == 0)
            return true;
    return false;
}

/* The enum type's name (types namespace) and, on PostgreSQL, its labels. */
static void nm_enum(nm_ctx *x, const ast_block *en)
{
    if (!x->pg || !en->name)
        return; /* SQLite keeps enums as text: no type, no labels */
    const ast_expr *map = nm_string_arg(nm_block_attr(en, "map"), "name", 0);
    const ast_expr *sch = nm_string_arg(nm_block_attr(en, "schema"), "name", 0);
    const char *name = map ? map->value : en->name;
    sc_span span = map ? map->span : en->name_span;
    nm_add(x, &x->types, name, NM_ENUM, sch ? sch->value : NULL, span, false);
    if (nm_is_builtin_type(name)) {
        sc_diag *d = diag_error(x->c->diags, span, "reserved-name",
                                "enum type name \"%s\" is the name of a PostgreSQL built-in type: "
                                "columns of the enum would get the built-in type instead",
                                name);
        diag_note(x->c->diags, d, NULL,
                  "PostgreSQL looks type names up in pg_catalog before the schema's own; give "
                  "the enum type another name with @@map(\"...\")");
    }

    strmap labels;
    strmap_init(&labels, x->c->arena);
    for (const ast_member *m = en->members.first; m; m = m->next) {
        if (m->kind != AST_MEMBER_ENUM_VALUE || !m->name)
            continue;
        const char *label = nm_column(m);
        sc_span lspan = nm_column_span(m);
        size_t len = strlen(label);
        if (len > PG_MAX_NAME) {
            sc_diag *d = diag_error(x->c->diags, lspan, "invalid-name",
                                    "enum label \"%s\" is %zu bytes: PostgreSQL refuses labels "
                                    "longer than 63 bytes",
                                    label, len);
            diag_note(x->c->diags, d, NULL,
                      "give the value a shorter database name with @map(\"...\")");
            continue;
        }
        const ast_member *first = strmap_adds(&labels, label, (void *)m);
        if (first) {
            sc_diag *d = diag_error(x->c->diags, lspan, "name-collision",
                                    "enum values \"%s\" and \"%s\" of enum \"%s\" both have the "
                                    "label \"%s\": PostgreSQL refuses a label twice",
                                    first->name, m->name, en->name, label);
            diag_note(x->c->diags, d, &first->name_span, "\"%s\" is here", first->name);
            diag_note(x->c->diags, d, NULL, "give one of them another label with @map(\"...\")");
        }
    }
}

/* ---------------------------------------------------------------- reserved names */

/* Does NAME start with PREFIX (ASCII letters compared without case when FOLD)? */
static bool nm_starts(const char *name, const char *prefix, bool fold)
{
    for (; *prefix; prefix++, name++) {
        char a = *name, b = *prefix;
        if (fold && a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (a != b)
            return false;
    }
    return true;
}

static void nm_reserved(nm_ctx *x, const nm_name *it)
{
    sema_ctx *c = x->c;
    if (it->owner)
        return; /* a default name starts with its table's name: the table is the one to report */
    const char *k = nm_kind_name(it->kind);
    sc_diag *d = NULL;
    if (nm_starts(it->name, "_schemac_", !x->pg)) {
        d = diag_error(c->diags, it->span, "reserved-name",
                       "%s name \"%s\" starts with \"_schemac_\", which schemac keeps for its own "
                       "tables (the migration history \"_schemac_migrations\")",
                       k, it->name);
    } else if (x->pg && (nm_is_table(it->kind) || it->kind == NM_ENUM) &&
               nm_starts(it->name, "pg_", false)) {
        d = diag_error(c->diags, it->span, "reserved-name",
                       "%s name \"%s\" starts with \"pg_\": PostgreSQL looks names up in pg_catalog "
                       "first, where its system tables and types have such names",
                       k, it->name);
        diag_note(c->diags, d, NULL,
                  "where pg_catalog has an object named \"%s\" (pg_class, pg_type, ...), or a "
                  "later PostgreSQL adds one, queries reach it instead of this %s",
                  it->name, k);
    } else if (!x->pg && it->kind != NM_ENUM && nm_starts(it->name, "sqlite_", true)) {
        d = diag_error(c->diags, it->span, "reserved-name",
                       "%s name \"%s\" starts with \"sqlite_\": SQLite keeps such names for its "
                       "own tables and refuses to create it",
                       k, it->name);
    }
    if (d)
        diag_note(c->diags, d, NULL, "%s", nm_fix(it));
}

/* ---------------------------------------------------------------- driver */

static void nm_run(nm_ctx *x)
{
    strmap tables; /* model name -> its nm_table */
    strmap_init(&tables, x->c->arena);
    for (const ast_block *b = x->c->schema->blocks.first; b; b = b->next) {
        if (b->kind == AST_BLOCK_MODEL)
            nm_model(x, b, &tables);
        else if (b->kind == AST_BLOCK_ENUM)
            nm_enum(x, b);
    }
    nm_relations(x, &tables);

    for (size_t i = 0; i < x->relations.n; i++)
        nm_reserved(x, &x->relations.items[i]);
    for (size_t i = 0; i < x->types.n; i++)
        if (x->types.items[i].kind == NM_ENUM)
            nm_reserved(x, &x->types.items[i]);
    if (x->pg)
        nm_collisions(x, &x->types, NULL);
    nm_collisions(x, &x->relations, NULL);
    for (const ast_block *b = x->c->schema->blocks.first; b; b = b->next) {
        const nm_table *tb = b->kind == AST_BLOCK_MODEL && b->name ? strmap_gets(&tables, b->name)
                                                                   : NULL;
        if (tb)
            nm_collisions_in(x, &tb->constraints,
                             arena_printf(x->c->arena, "of table \"%s\"", tb->owner.table), true);
    }
}

void sema_names(sema_ctx *c)
{
    if (c->provider == SC_PROVIDER_NONE)
        return;
    nm_ctx x;
    memset(&x, 0, sizeof x);
    x.c = c;
    x.pg = c->provider == SC_PROVIDER_POSTGRESQL;
    nm_run(&x);
}

int sema_check_names(const ast_schema *s, arena *a, sc_provider provider, sc_diags *diags)
{
    const sema_schema *info = sema_schema_info(s);
    if (!info || provider == SC_PROVIDER_NONE)
        return 0;
    unsigned before = diags->nerrors;
    sema_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    /* The pass only reads the tree and sema's annotations. */
    ctx.schema = (ast_schema *)s;
    ctx.arena = a;
    ctx.diags = diags;
    ctx.info = (sema_schema *)info;
    ctx.provider = provider;
    ctx.declared = info->provider;
    sema_names(&ctx);
    return diags->nerrors > before ? -1 : 0;
}
