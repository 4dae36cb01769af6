/*
 * ddl_postgres.c - the PostgreSQL dialect: the types Prisma Migrate gives
 * each scalar and @db.* native type, enums as types, SERIAL for
 * autoincrement, arrays for scalar lists, foreign keys added after every
 * table exists, index methods, operator classes, INCLUDE and partial
 * predicates.
 */
#include "ddl/ddl.h"

#include <ctype.h>
#include <string.h>

#include "base/strbuf.h"

/* @db.X native type -> SQL spelling. ARGS: how many arguments the type takes (0, 1, 2). */
typedef struct pg__native {
    const char *name;
    const char *sql;
    const char *default_args; /* what PostgreSQL fills in when none are written; NULL: leave bare */
} pg__native;

static const pg__native pg__natives[] = {
    {"Text", "TEXT", NULL},
    {"Char", "CHAR", "1"},
    {"VarChar", "VARCHAR", NULL},
    {"Bit", "BIT", "1"},
    {"VarBit", "VARBIT", NULL},
    {"Uuid", "UUID", NULL},
    {"Xml", "XML", NULL},
    {"Inet", "INET", NULL},
    {"Citext", "CITEXT", NULL},
    {"Boolean", "BOOLEAN", NULL},
    {"Integer", "INTEGER", NULL},
    {"SmallInt", "SMALLINT", NULL},
    {"Oid", "OID", NULL},
    {"BigInt", "BIGINT", NULL},
    {"DoublePrecision", "DOUBLE PRECISION", NULL},
    {"Real", "REAL", NULL},
    {"Decimal", "DECIMAL", NULL},
    {"Money", "MONEY", NULL},
    {"Timestamp", "TIMESTAMP", NULL},
    {"Timestamptz", "TIMESTAMPTZ", NULL},
    {"Date", "DATE", NULL},
    {"Time", "TIME", NULL},
    {"Timetz", "TIMETZ", NULL},
    {"Json", "JSON", NULL},
    {"JsonB", "JSONB", NULL},
    {"ByteA", "BYTEA", NULL},
};

/* Prisma's type for a scalar without @db.*. */
static const char *pg__scalar_sql(sc_scalar s)
{
    switch (s) {
    case SC_SCALAR_STRING: return "TEXT";
    case SC_SCALAR_BOOLEAN: return "BOOLEAN";
    case SC_SCALAR_INT: return "INTEGER";
    case SC_SCALAR_BIGINT: return "BIGINT";
    case SC_SCALAR_FLOAT: return "DOUBLE PRECISION";
    case SC_SCALAR_DECIMAL: return "DECIMAL(65,30)";
    case SC_SCALAR_DATETIME: return "TIMESTAMP(3)";
    case SC_SCALAR_JSON: return "JSONB";
    case SC_SCALAR_BYTES: return "BYTEA";
    default: return "TEXT";
    }
}

static const char *pg__base_type(arena *a, const ir_schema *s, const ir_column *c)
{
    if (c->enum_name)
        return ddl_qualified(a, c->enum_schema, c->enum_name);
    if (c->scalar == SC_SCALAR_UNSUPPORTED && c->unsupported)
        return c->unsupported;
    if (c->native) {
        for (size_t i = 0; i < sizeof pg__natives / sizeof pg__natives[0]; i++) {
            const pg__native *n = &pg__natives[i];
            if (strcmp(n->name, c->native) != 0)
                continue;
            const char *args = c->native_args ? c->native_args : n->default_args;
            return args ? arena_printf(a, "%s(%s)", n->sql, args) : n->sql;
        }
    }
    return pg__scalar_sql(c->scalar);
}

static const char *pg_column_type(arena *a, const ir_schema *s, const ir_column *c)
{
    if (c->dflt.kind == IR_DEFAULT_AUTOINCREMENT && !c->list) {
        if (c->native && strcmp(c->native, "SmallInt") == 0)
            return "SMALLSERIAL";
        if (c->scalar == SC_SCALAR_BIGINT)
            return "BIGSERIAL";
        if (c->scalar == SC_SCALAR_INT && (!c->native || strcmp(c->native, "Integer") == 0))
            return "SERIAL";
    }
    const char *base = pg__base_type(a, s, c);
    return c->list ? arena_printf(a, "%s[]", base) : base;
}

/* One literal default of C: Bytes defaults are base64 in the model and '\x<hex>' in the database. */
static const char *pg__literal(arena *a, const ir_column *c, const ir_default *d)
{
    if (c->scalar == SC_SCALAR_BYTES && d->kind == IR_DEFAULT_STRING && d->value) {
        const char *hex = ddl_bytes_hex(a, d->value);
        if (hex)
            return arena_printf(a, "'\\x%s'", hex);
    }
    return ddl_literal_sql(a, d);
}

static const char *pg_default_sql(arena *a, const ir_schema *s, const ir_column *c)
{
    switch (c->dflt.kind) {
    case IR_DEFAULT_NONE:
    case IR_DEFAULT_AUTOINCREMENT:
        return NULL;
    case IR_DEFAULT_LIST: {
        strbuf b;
        strbuf_init(&b, a);
        strbuf_puts(&b, "ARRAY[");
        for (size_t i = 0; i < c->dflt.nitems; i++) {
            if (i)
                strbuf_puts(&b, ", ");
            strbuf_puts(&b, pg__literal(a, c, &c->dflt.items[i]));
        }
        strbuf_printf(&b, "]::%s", pg_column_type(a, s, c));
        return strbuf_str(&b);
    }
    default:
        return pg__literal(a, c, &c->dflt);
    }
}

/*
 * CREATE EXTENSION IF NOT EXISTS "x" [WITH [SCHEMA "s"] [VERSION "v"]]: the
 * form Prisma Migrate writes (a version is an identifier or a string for
 * PostgreSQL; Prisma quotes it as an identifier).
 */
static char *pg_create_extension(arena *a, const ir_extension *x)
{
    strbuf b;
    strbuf_init(&b, a);
    strbuf_printf(&b, "CREATE EXTENSION IF NOT EXISTS %s", sqltext_ident(a, x->db_name));
    if (x->schema || x->version)
        strbuf_puts(&b, " WITH");
    if (x->schema)
        strbuf_printf(&b, " SCHEMA %s", sqltext_ident(a, x->schema));
    if (x->version)
        strbuf_printf(&b, " VERSION %s", sqltext_ident(a, x->version));
    strbuf_puts(&b, ";\n");
    return strbuf_str(&b);
}

static void pg_preamble(arena *a, const ir_schema *s, char **out)
{
    strbuf b;
    strbuf_init(&b, a);
    for (size_t i = 0; i < s->nschemas; i++) {
        if (b.len)
            strbuf_puts(&b, "\n");
        strbuf_puts(&b, ddl_create_schema(a, s->schemas[i]));
    }
    for (size_t i = 0; i < s->nextensions; i++) {
        if (b.len)
            strbuf_puts(&b, "\n");
        strbuf_puts(&b, pg_create_extension(a, &s->extensions[i]));
    }
    for (size_t i = 0; i < s->nenums; i++) {
        const ir_enum *e = &s->enums[i];
        if (b.len)
            strbuf_puts(&b, "\n");
        strbuf_printf(&b, "CREATE TYPE %s AS ENUM (", ddl_qualified(a, e->schema, e->db_name));
        for (size_t v = 0; v < e->nvalues; v++)
            strbuf_printf(&b, "%s%s", v ? ", " : "", sqltext_string(a, e->values[v].db_name));
        strbuf_puts(&b, ");\n");
    }
    *out = strbuf_str(&b);
}

static char *pg_create_table(arena *a, const ir_schema *s, const ir_table *t)
{
    strbuf b;
    strbuf_init(&b, a);
    strbuf_printf(&b, "CREATE TABLE %s (\n", ddl_qualified(a, t->schema, t->name));
    size_t nconstraints = (t->has_pk ? 1 : 0) + t->nchecks;
    for (size_t i = 0; i < t->ncolumns; i++) {
        const ir_column *c = &t->columns[i];
        strbuf_printf(&b, "    %s %s", sqltext_ident(a, c->name), pg_column_type(a, s, c));
        /* Prisma leaves arrays nullable: an empty list and no list are both allowed. */
        if (!c->nullable && !c->list)
            strbuf_puts(&b, " NOT NULL");
        const char *dflt = pg_default_sql(a, s, c);
        if (dflt)
            strbuf_printf(&b, " DEFAULT %s", dflt);
        strbuf_puts(&b, i + 1 < t->ncolumns || nconstraints ? ",\n" : "\n");
    }
    if (nconstraints && t->ncolumns)
        strbuf_puts(&b, "\n");
    size_t k = 0;
    if (t->has_pk) {
        k++;
        if (t->pk.name)
            strbuf_printf(&b, "    CONSTRAINT %s ", sqltext_ident(a, t->pk.name));
        else
            strbuf_puts(&b, "    ");
        strbuf_printf(&b, "PRIMARY KEY (%s)%s\n", ddl_ident_list(a, t->pk.columns, t->pk.ncolumns),
                       k < nconstraints ? "," : "");
    }
    for (size_t i = 0; i < t->nchecks; i++) {
        k++;
        strbuf_printf(&b, "    CONSTRAINT %s CHECK (%s)%s\n", sqltext_ident(a, t->checks[i].name),
                       t->checks[i].expr ? t->checks[i].expr : "TRUE", k < nconstraints ? "," : "");
    }
    strbuf_puts(&b, ");\n");
    return strbuf_str(&b);
}

static const char *pg__method_sql(ir_index_method m)
{
    switch (m) {
    case IR_METHOD_HASH: return "HASH";
    case IR_METHOD_GIN: return "GIN";
    case IR_METHOD_GIST: return "GIST";
    case IR_METHOD_BRIN: return "BRIN";
    case IR_METHOD_SPGIST: return "SPGIST";
    case IR_METHOD_DEFAULT: break;
    }
    return NULL;
}

static char *pg_create_index(arena *a, const ir_schema *s, const ir_table *t, const ir_index *x)
{
    strbuf b;
    strbuf_init(&b, a);
    strbuf_printf(&b, "CREATE %sINDEX %s ON %s", x->unique ? "UNIQUE " : "", sqltext_ident(a, x->name),
                   ddl_qualified(a, t->schema, t->name));
    const char *method = pg__method_sql(x->method);
    if (method)
        strbuf_printf(&b, " USING %s ", method);
    strbuf_puts(&b, "(");
    for (size_t i = 0; i < x->ncolumns; i++) {
        const ir_index_column *c = &x->columns[i];
        strbuf_printf(&b, "%s%s", i ? ", " : "", sqltext_ident(a, c->name));
        if (c->opclass)
            strbuf_printf(&b, " %s", c->opclass);
        if (c->sort == IR_SORT_DESC)
            strbuf_puts(&b, " DESC");
    }
    strbuf_puts(&b, ")");
    if (x->ninclude)
        strbuf_printf(&b, " INCLUDE (%s)", ddl_ident_list(a, x->include, x->ninclude));
    if (x->where)
        strbuf_printf(&b, " WHERE %s", x->where);
    strbuf_puts(&b, ";\n");
    return strbuf_str(&b);
}

static char *pg_add_foreign_key(arena *a, const ir_schema *s, const ir_table *t, const ir_foreign_key *f)
{
    return arena_printf(a,
                        "ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s(%s) "
                        "ON DELETE %s ON UPDATE %s;\n",
                        ddl_qualified(a, t->schema, t->name), sqltext_ident(a, f->name),
                        ddl_ident_list(a, f->columns, f->ncolumns), ddl_qualified(a, f->ref_schema, f->ref_table),
                        ddl_ident_list(a, f->ref_columns, f->ncolumns), ir_action_sql(f->on_delete),
                        ir_action_sql(f->on_update));
}

/* PostgreSQL's name for a column's base type as operator classes spell it: int4, text, ... */
static const char *pg__opclass_type(arena *a, const ir_schema *s, const ir_column *c)
{
    static const struct {
        const char *sql, *typ;
    } aliases[] = {
        {"integer", "int4"},  {"bigint", "int8"},   {"smallint", "int2"},     {"double precision", "float8"},
        {"real", "float4"},   {"boolean", "bool"},  {"decimal", "numeric"},   {"varchar", "text"},
        {"char", "bpchar"},   {"money", "cash"},    {"serial", "int4"},       {"bigserial", "int8"},
        {"smallserial", "int2"},
    };
    const char *base = pg__base_type(a, s, c);
    size_t n = strcspn(base, "(");
    char *t = arena_alloc(a, n + 1);
    for (size_t i = 0; i < n; i++)
        t[i] = (char)((base[i] >= 'A' && base[i] <= 'Z') ? base[i] - 'A' + 'a' : base[i]);
    t[n] = '\0';
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(t, aliases[i].sql) == 0)
            return aliases[i].typ;
    return t;
}

/* The operator class PostgreSQL picks when none is named; NULL if we do not know it. */
static const char *pg__default_opclass(arena *a, const ir_schema *s, const ir_column *c, ir_index_method m)
{
    if (c->enum_name)
        return NULL;
    const char *typ = pg__opclass_type(a, s, c);
    switch (m) {
    case IR_METHOD_GIN:
        if (c->list)
            return "array_ops";
        return strcmp(typ, "jsonb") == 0 ? "jsonb_ops" : NULL;
    case IR_METHOD_DEFAULT:
    case IR_METHOD_HASH:
        return c->list ? NULL : arena_printf(a, "%s_ops", typ);
    case IR_METHOD_BRIN:
        if (c->list)
            return NULL;
        return strcmp(typ, "inet") == 0 ? "inet_inclusion_ops" : arena_printf(a, "%s_minmax_ops", typ);
    case IR_METHOD_SPGIST:
        return !c->list && (strcmp(typ, "text") == 0 || strcmp(typ, "inet") == 0)
                   ? arena_printf(a, "%s_ops", typ)
                   : NULL;
    case IR_METHOD_GIST:
        break; /* inet_ops is not GiST's default for inet */
    }
    return NULL;
}

/*
 * The database forgets an operator class that is the default (introspection
 * reads it back as none), so one named explicitly, like Prisma's ArrayOps on
 * a GIN index of an array, must compare equal to none.
 */
static void pg__drop_default_opclasses(arena *a, ir_schema *s, ir_table *t)
{
    for (size_t k = 0; k < t->nindexes; k++) {
        ir_index *x = &t->indexes[k];
        for (size_t j = 0; j < x->ncolumns; j++) {
            ir_index_column *ic = &x->columns[j];
            if (!ic->opclass)
                continue;
            for (size_t c = 0; c < t->ncolumns; c++) {
                if (strcmp(t->columns[c].name, ic->name) != 0)
                    continue;
                const char *dflt = pg__default_opclass(a, s, &t->columns[c], x->method);
                if (dflt && strcmp(dflt, ic->opclass) == 0)
                    ic->opclass = NULL;
                break;
            }
        }
    }
}

/* ---------------------------------------------------------------- DateTime defaults */

/* A date, time or timestamp literal taken apart; absent parts are -1. */
typedef struct pg__moment {
    long year, month, day, hour, minute, second;
    const char *frac; /* digits after the point, trailing zeros dropped ("" if none) */
    size_t nfrac;
    long offset;      /* seconds east of UTC; only meaningful when has_zone */
    bool has_zone;
} pg__moment;

static bool pg__digits(const char **p, int n, long *out)
{
    long v = 0;
    for (int i = 0; i < n; i++) {
        char ch = (*p)[i];
        if (ch < '0' || ch > '9')
            return false;
        v = v * 10 + (ch - '0');
    }
    *p += n;
    *out = v;
    return true;
}

/* "HH:MM:SS[.fff]" at *P. */
static bool pg__time_part(const char **p, pg__moment *m)
{
    const char *q = *p;
    if (!pg__digits(&q, 2, &m->hour) || *q++ != ':' || !pg__digits(&q, 2, &m->minute) || *q++ != ':' ||
        !pg__digits(&q, 2, &m->second))
        return false;
    m->frac = "";
    m->nfrac = 0;
    if (*q == '.') {
        m->frac = ++q;
        while (*q >= '0' && *q <= '9')
            q++;
        m->nfrac = (size_t)(q - m->frac);
        while (m->nfrac && m->frac[m->nfrac - 1] == '0')
            m->nfrac--;
    }
    *p = q;
    return true;
}

/*
 * The literal forms a DateTime default takes: as Prisma writes it
 * ("2020-01-02 03:04:05.678 +00:00") and as PostgreSQL gives it back
 * ("2020-01-02 03:04:05.678", "2020-01-02 01:04:05+00", "2020-01-02", "10:11:12").
 */
static bool pg__parse_moment(const char *v, pg__moment *m)
{
    memset(m, 0, sizeof(*m));
    m->year = m->month = m->day = m->hour = m->minute = m->second = -1;
    m->frac = "";
    const char *p = v;
    if (strlen(v) >= 10 && v[4] == '-') {
        if (!pg__digits(&p, 4, &m->year) || *p++ != '-' || !pg__digits(&p, 2, &m->month) || *p++ != '-' ||
            !pg__digits(&p, 2, &m->day))
            return false;
        if (*p == ' ' || *p == 'T') {
            p++;
            if (!pg__time_part(&p, m))
                return false;
        }
    } else if (!pg__time_part(&p, m)) {
        return false;
    }
    while (*p == ' ')
        p++;
    if (*p == 'Z') {
        m->has_zone = true;
        p++;
    } else if (*p == '+' || *p == '-') {
        long sign = *p++ == '-' ? -1 : 1, hh = 0, mm = 0;
        if (!pg__digits(&p, 2, &hh))
            return false;
        if (*p == ':')
            p++;
        if (*p >= '0' && *p <= '9' && !pg__digits(&p, 2, &mm))
            return false;
        m->has_zone = true;
        m->offset = sign * (hh * 3600 + mm * 60);
    }
    return *p == '\0';
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static long pg__days_from_civil(long y, long mo, long d)
{
    y -= mo <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void pg__civil_from_days(long z, long *y, long *mo, long *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *mo = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*mo <= 2);
}

/*
 * One spelling per value, as PostgreSQL stores it in a column of C's type:
 * a date keeps its date, a time its time, a timestamp ignores the offset,
 * a timestamptz is the instant in UTC. NULL when V is no such literal.
 */
static const char *pg__datetime_canon(arena *a, const ir_column *c, const char *v)
{
    pg__moment m;
    if (!pg__parse_moment(v, &m))
        return NULL;
    const char *native = c->native ? c->native : "Timestamp";
    const char *frac = m.nfrac ? arena_printf(a, ".%.*s", (int)m.nfrac, m.frac) : "";
    if (strcmp(native, "Date") == 0)
        return m.year < 0 ? NULL : arena_printf(a, "%04ld-%02ld-%02ld", m.year, m.month, m.day);
    if (m.hour < 0)
        m.hour = m.minute = m.second = 0;
    if (strcmp(native, "Time") == 0)
        return arena_printf(a, "%02ld:%02ld:%02ld%s", m.hour, m.minute, m.second, frac);
    if (strcmp(native, "Timetz") == 0) {
        long off = m.has_zone ? m.offset : 0;
        long aoff = off < 0 ? -off : off;
        return arena_printf(a, "%02ld:%02ld:%02ld%s%c%02ld:%02ld", m.hour, m.minute, m.second, frac,
                            off < 0 ? '-' : '+', aoff / 3600, aoff / 60 % 60);
    }
    if (m.year < 0)
        return NULL;
    if (strcmp(native, "Timestamptz") == 0 && m.has_zone && m.offset) {
        long secs = pg__days_from_civil(m.year, m.month, m.day) * 86400 + m.hour * 3600 + m.minute * 60 +
                    m.second - m.offset;
        long days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
        long rest = secs - days * 86400;
        pg__civil_from_days(days, &m.year, &m.month, &m.day);
        m.hour = rest / 3600;
        m.minute = rest / 60 % 60;
        m.second = rest % 60;
    }
    return arena_printf(a, "%04ld-%02ld-%02ld %02ld:%02ld:%02ld%s%s", m.year, m.month, m.day, m.hour, m.minute,
                        m.second, frac, strcmp(native, "Timestamptz") == 0 ? " UTC" : "");
}

static void pg__canon_datetime_default(arena *a, const ir_column *c, ir_default *d)
{
    if (d->kind == IR_DEFAULT_LIST) {
        for (size_t i = 0; i < d->nitems; i++)
            pg__canon_datetime_default(a, c, &d->items[i]);
        return;
    }
    if (d->kind != IR_DEFAULT_STRING || !d->value)
        return;
    const char *canon = pg__datetime_canon(a, c, d->value);
    if (canon)
        d->value = canon;
}

/* ---------------------------------------------------------------- identifiers */

/*
 * PostgreSQL cuts every identifier to 63 bytes (NAMEDATALEN - 1) and Prisma
 * writes the long names of the schema as they are, so the database holds
 * the cut names.
 */
#define PG_IDENT_MAX 63

static const char *pg__cut(arena *a, const char *name)
{
    return name ? ir_identifier_cut(a, name, PG_IDENT_MAX) : NULL;
}

static void pg__cut_list(arena *a, const char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        names[i] = pg__cut(a, names[i]);
}

static void pg__cut_names(arena *a, ir_schema *s)
{
    for (size_t i = 0; i < s->nenums; i++) {
        s->enums[i].db_name = pg__cut(a, s->enums[i].db_name);
        s->enums[i].schema = pg__cut(a, s->enums[i].schema);
    }
    for (size_t i = 0; i < s->ntables; i++) {
        ir_table *t = &s->tables[i];
        t->name = pg__cut(a, t->name);
        t->schema = pg__cut(a, t->schema);
        for (size_t c = 0; c < t->ncolumns; c++) {
            t->columns[c].name = pg__cut(a, t->columns[c].name);
            t->columns[c].enum_name = pg__cut(a, t->columns[c].enum_name);
            t->columns[c].enum_schema = pg__cut(a, t->columns[c].enum_schema);
        }
        t->pk.name = pg__cut(a, t->pk.name);
        pg__cut_list(a, t->pk.columns, t->pk.ncolumns);
        for (size_t k = 0; k < t->nindexes; k++) {
            ir_index *x = &t->indexes[k];
            x->name = pg__cut(a, x->name);
            for (size_t j = 0; j < x->ncolumns; j++)
                x->columns[j].name = pg__cut(a, x->columns[j].name);
            pg__cut_list(a, x->include, x->ninclude);
        }
        for (size_t k = 0; k < t->nfks; k++) {
            ir_foreign_key *f = &t->fks[k];
            f->name = pg__cut(a, f->name);
            f->ref_table = pg__cut(a, f->ref_table);
            f->ref_schema = pg__cut(a, f->ref_schema);
            pg__cut_list(a, f->columns, f->ncolumns);
            pg__cut_list(a, f->ref_columns, f->ncolumns);
        }
        for (size_t k = 0; k < t->nchecks; k++)
            t->checks[k].name = pg__cut(a, t->checks[k].name);
    }
}

/*
 * An Unsupported("...") type as format_type() prints it, for the spellings
 * PostgreSQL reads as a built-in type: lower case, no blanks inside the
 * parentheses, aliases by their SQL names (int4 is integer, varchar is
 * character varying, timestamptz is timestamp with time zone, numeric(5) is
 * numeric(5,0)). NULL for anything else (quoted names, schema-qualified or
 * unknown types), which stays as written.
 */
static const char *pg__format_type(arena *a, const char *type)
{
    strbuf b;
    strbuf_init(&b, a);
    for (const char *p = type; *p; p++) {
        if (*p == '"' || *p == '.' || *p == '[')
            return NULL;
        if (isspace((unsigned char)*p)) {
            while (isspace((unsigned char)p[1]))
                p++;
            if (p[1] == '(' || p[1] == ')' || p[1] == ',' || p[1] == '\0' || b.len == 0 ||
                strchr("(,", b.s[b.len - 1]))
                continue;
            strbuf_putc(&b, ' ');
            continue;
        }
        strbuf_putc(&b, (char)tolower((unsigned char)*p));
    }
    const char *t = strbuf_str(&b);
    const char *paren = strchr(t, '(');
    const char *close = paren ? strchr(paren, ')') : NULL;
    size_t nlen = paren ? (size_t)(paren - t) : strlen(t);
    const char *args = paren && close ? arena_strndup(a, paren, (size_t)(close - paren + 1)) : "";
    const char *rest = close ? close + 1 : t + nlen;
    if (paren && !close)
        return NULL;
    static const struct {
        const char *alias, *name, *after;
    } aliases[] = {
        {"int", "integer", ""},        {"int4", "integer", ""},         {"int2", "smallint", ""},
        {"int8", "bigint", ""},        {"float4", "real", ""},          {"float8", "double precision", ""},
        {"bool", "boolean", ""},       {"varchar", "character varying", ""}, {"char", "character", ""},
        {"bpchar", "character", ""},   {"decimal", "numeric", ""},      {"varbit", "bit varying", ""},
        {"timestamptz", "timestamp", " with time zone"}, {"timetz", "time", " with time zone"},
        {"timestamp", "timestamp", " without time zone"}, {"time", "time", " without time zone"},
    };
    const char *name = arena_strndup(a, t, nlen);
    const char *after = "";
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(name, aliases[i].alias) == 0) {
            name = aliases[i].name;
            after = aliases[i].after;
            break;
        }
    if (*after && *rest) {
        if (strcmp(rest, " with time zone") != 0 && strcmp(rest, " without time zone") != 0)
            return NULL;
        after = rest; /* timestamp(3) with time zone */
    } else if (*rest) {
        return NULL;
    }
    if (strcmp(name, "numeric") == 0 && *args && !strchr(args, ','))
        args = arena_printf(a, "%.*s,0)", (int)strlen(args) - 1, args);
    return arena_printf(a, "%s%s%s", name, args, after);
}

/*
 * An Unsupported type that names a built-in type is that type to the
 * database, and introspection reads it as the Prisma type whose column is
 * that type: it compares in the spelling this dialect gives that column
 * (numeric(5, 2) is DECIMAL(5,2), int4 is INTEGER, timestamptz(3) is
 * TIMESTAMPTZ(3), char is CHAR(1)).
 */
static void pg__unsupported_as_builtin(arena *a, ir_column *col)
{
    static const struct {
        const char *format; /* format_type()'s name, before any (args) */
        const char *after;  /* what follows the arguments */
        const char *sql;
        const char *default_args;
    } map[] = {
        {"text", "", "TEXT", NULL},
        {"character varying", "", "VARCHAR", NULL},
        {"character", "", "CHAR", "1"},
        {"bit varying", "", "VARBIT", NULL},
        {"bit", "", "BIT", "1"},
        {"uuid", "", "UUID", NULL},
        {"xml", "", "XML", NULL},
        {"inet", "", "INET", NULL},
        {"citext", "", "CITEXT", NULL},
        {"boolean", "", "BOOLEAN", NULL},
        {"integer", "", "INTEGER", NULL},
        {"smallint", "", "SMALLINT", NULL},
        {"oid", "", "OID", NULL},
        {"bigint", "", "BIGINT", NULL},
        {"double precision", "", "DOUBLE PRECISION", NULL},
        {"real", "", "REAL", NULL},
        {"numeric", "", "DECIMAL", NULL},
        {"money", "", "MONEY", NULL},
        {"timestamp", " without time zone", "TIMESTAMP", NULL},
        {"timestamp", " with time zone", "TIMESTAMPTZ", NULL},
        {"date", "", "DATE", NULL},
        {"time", " without time zone", "TIME", NULL},
        {"time", " with time zone", "TIMETZ", NULL},
        {"jsonb", "", "JSONB", NULL},
        {"json", "", "JSON", NULL},
        {"bytea", "", "BYTEA", NULL},
    };
    const char *t = col->scalar == SC_SCALAR_UNSUPPORTED && col->unsupported ? pg__format_type(a, col->unsupported) : NULL;
    if (!t)
        return;
    const char *paren = strchr(t, '(');
    const char *close = paren ? strchr(paren, ')') : NULL;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        size_t nlen = strlen(map[i].format);
        if (strncmp(t, map[i].format, nlen) != 0 || (close && t + nlen != paren) ||
            strcmp(close ? close + 1 : t + nlen, map[i].after) != 0)
            continue;
        if (close)
            col->unsupported = arena_printf(a, "%s%.*s", map[i].sql, (int)(close - paren + 1), paren);
        else
            col->unsupported = map[i].default_args ? arena_printf(a, "%s(%s)", map[i].sql, map[i].default_args) : map[i].sql;
        return;
    }
}

/*
 * What PostgreSQL keeps of a model: identifiers cut to 63 bytes, arrays
 * nullable (Prisma never writes NOT NULL on them), default operator classes
 * forgotten, DateTime literal defaults in the column type's own form,
 * Unsupported types that name a built-in type read as that type.
 */
static void pg_db_view(arena *a, ir_schema *s)
{
    pg__cut_names(a, s);
    for (size_t i = 0; i < s->ntables; i++) {
        for (size_t c = 0; c < s->tables[i].ncolumns; c++) {
            ir_column *col = &s->tables[i].columns[c];
            if (col->list)
                col->nullable = true;
            pg__unsupported_as_builtin(a, col);
            if (col->scalar == SC_SCALAR_DATETIME)
                pg__canon_datetime_default(a, col, &col->dflt);
        }
        pg__drop_default_opclasses(a, s, &s->tables[i]);
    }
}

const ddl_dialect ddl_postgres_dialect = {
    .name = "postgresql",
    .provider = IR_PROVIDER_POSTGRESQL,
    .max_ident_len = 63,
    .names_pk = true,
    .names_fk = true,
    .column_type = pg_column_type,
    .default_sql = pg_default_sql,
    .preamble = pg_preamble,
    .create_extension = pg_create_extension,
    .create_table = pg_create_table,
    .create_index = pg_create_index,
    .add_foreign_key = pg_add_foreign_key,
    .db_view = pg_db_view,
};
