/*
 * scalar.h - the scalar types of the schema language (String, Int, ...):
 * what the syntax tree, the schema model and every back end call a field's
 * logical type.
 */
#ifndef SCHEMAC_SCALAR_H
#define SCHEMAC_SCALAR_H

typedef enum sc_scalar {
    SC_SCALAR_NONE = 0, /* not a scalar: model, enum or unresolved */
    SC_SCALAR_STRING,
    SC_SCALAR_BOOLEAN,
    SC_SCALAR_INT,
    SC_SCALAR_BIGINT,
    SC_SCALAR_FLOAT,
    SC_SCALAR_DECIMAL,
    SC_SCALAR_DATETIME,
    SC_SCALAR_JSON,
    SC_SCALAR_BYTES,
    SC_SCALAR_UNSUPPORTED, /* Unsupported("...") */
} sc_scalar;

const char *sc_scalar_name(sc_scalar s);         /* "String", "Int", ... ; NULL for NONE */
sc_scalar sc_scalar_from_name(const char *name); /* SC_SCALAR_NONE if not a scalar */

#endif
