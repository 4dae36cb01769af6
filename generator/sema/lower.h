/*
 * lower.h - from a checked syntax tree to the schema model: the one place
 * where the syntax meets the model (every back end reads the model only).
 */
#ifndef SCHEMAC_LOWER_H
#define SCHEMAC_LOWER_H

#include "base/arena.h"
#include "base/source.h"
#include "front/ast.h"
#include "model/ir.h"

/*
 * Build the model of a schema that sema accepted. PROVIDER chooses the
 * database whose conventions apply (name length limit, how implicit
 * many-to-many tables are keyed); IR_PROVIDER_NONE takes the datasource's.
 * Returns 0; OUT lives in A.
 */
int lower_schema(ir_schema *out, arena *a, const ast_schema *ast, ir_provider provider);

/*
 * lower_schema, and what only the source text tells: SRC are the sources AST
 * was parsed from. Both fill the spans of the model's source-only fields
 * (ir_src in ir.h: where each table, column, key, index, foreign key, check,
 * enum, enum value and relation was written); this one also reads the
 * `// schemac-lint-ignore CODE...` comments: each object's src.ignore gets
 * the codes of those in the run of own-line comments directly above its
 * declaration, and OUT->src_comments lists every one of them with its codes
 * (lint reports the codes it does not know). None of it is in the JSON form
 * or counts in comparison.
 */
int lower_schema_src(ir_schema *out, arena *a, const ast_schema *ast, ir_provider provider,
                     const sc_sources *src);

#endif
