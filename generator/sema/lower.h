/*
 * lower.h - from a checked syntax tree to the schema model: the one place
 * where the syntax meets the model (every back end reads the model only).
 */
#ifndef SCHEMAC_LOWER_H
#define SCHEMAC_LOWER_H

#include "base/arena.h"
#include "front/ast.h"
#include "model/ir.h"

/*
 * Build the model of a schema that sema accepted. PROVIDER chooses the
 * database whose conventions apply (name length limit, how implicit
 * many-to-many tables are keyed); IR_PROVIDER_NONE takes the datasource's.
 * Returns 0; OUT lives in A.
 */
int lower_schema(ir_schema *out, arena *a, const ast_schema *ast, ir_provider provider);

#endif
