/*
 * scalar.c - names of the scalar types (scalar.h).
 */
#include "base/scalar.h"

#include <string.h>

static const char *const scalar__names[] = {
    [SC_SCALAR_NONE] = NULL,
    [SC_SCALAR_STRING] = "String",
    [SC_SCALAR_BOOLEAN] = "Boolean",
    [SC_SCALAR_INT] = "Int",
    [SC_SCALAR_BIGINT] = "BigInt",
    [SC_SCALAR_FLOAT] = "Float",
    [SC_SCALAR_DECIMAL] = "Decimal",
    [SC_SCALAR_DATETIME] = "DateTime",
    [SC_SCALAR_JSON] = "Json",
    [SC_SCALAR_BYTES] = "Bytes",
    [SC_SCALAR_UNSUPPORTED] = "Unsupported",
};

const char *sc_scalar_name(sc_scalar s)
{
    if ((size_t)s >= sizeof(scalar__names) / sizeof(scalar__names[0]))
        return NULL;
    return scalar__names[s];
}

sc_scalar sc_scalar_from_name(const char *name)
{
    if (!name)
        return SC_SCALAR_NONE;
    for (size_t i = 1; i < sizeof(scalar__names) / sizeof(scalar__names[0]); i++) {
        if (strcmp(scalar__names[i], name) == 0)
            return (sc_scalar)i;
    }
    return SC_SCALAR_NONE;
}
