/*
 * plan.c - what the planners share: picking one by provider.
 */
#include "migrate/plan.h"

#include <string.h>

const plan_dialect *plan_dialect_for(ir_provider provider)
{
    switch (provider) {
    case IR_PROVIDER_SQLITE: return &plan_sqlite_dialect;
    case IR_PROVIDER_POSTGRESQL: return &plan_postgres_dialect;
    case IR_PROVIDER_NONE: break;
    }
    return NULL;
}

const char *plan_placeholder_sql(arena *a, const ir_schema *s, ir_provider p, const ir_column *c)
{
    bool pg = p == IR_PROVIDER_POSTGRESQL;
    if (c->list)
        return pg ? "'{}'" : "'[]'";
    if (c->enum_name) {
        const ir_enum *e = ir_find_enum_in(s, c->enum_schema, c->enum_name);
        return e && e->nvalues ? sqltext_string(a, e->values[0].db_name) : NULL;
    }
    const char *n = c->native ? c->native : "";
    switch (c->scalar) {
    case SC_SCALAR_STRING:
        if (strcmp(n, "Uuid") == 0)
            return "'00000000-0000-0000-0000-000000000000'";
        if (strcmp(n, "Inet") == 0)
            return "'0.0.0.0'";
        if (strcmp(n, "Bit") == 0)
            return NULL;
        return "''";
    case SC_SCALAR_INT:
    case SC_SCALAR_BIGINT:
    case SC_SCALAR_FLOAT:
    case SC_SCALAR_DECIMAL:
        return "0";
    case SC_SCALAR_BOOLEAN:
        return pg ? "false" : "0";
    case SC_SCALAR_DATETIME:
        if (strcmp(n, "Time") == 0 || strcmp(n, "Timetz") == 0)
            return "'00:00:00'";
        if (strcmp(n, "Date") == 0)
            return "'1970-01-01'";
        return "'1970-01-01 00:00:00'";
    case SC_SCALAR_JSON:
        return "'null'";
    case SC_SCALAR_BYTES:
        return pg ? "'\\x'" : "X''";
    default:
        return NULL;
    }
}
