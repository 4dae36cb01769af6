/*
 * cli_lint.h - `schemac lint`: the lint findings (lint.h) of a schema on the
 * command line.
 */
#ifndef SCHEMAC_CLI_LINT_H
#define SCHEMAC_CLI_LINT_H

#include "base/arena.h"
#include "base/diag.h"
#include "base/source.h"
#include "cli/cli.h"
#include "front/ast.h"
#include "model/ir.h"

/*
 * `schemac lint [--dialect sqlite|postgresql] [--strict] PATH`. Exit 0 when
 * the schema is valid (findings are warnings and notes), 1 on schema errors
 * or, with --strict, on any finding, 2 on usage or I/O errors.
 */
int cli_lint(const cli_options *o, int argc, char **argv);

/*
 * Lint AST (parsed from SRC; sema_check accepted it) for PROVIDER
 * (IR_PROVIDER_NONE: the datasource's) as `schemac lint` does: lower it with
 * its sources into IR, and a second time for PostgreSQL when IR is for
 * another database; ask sema_check_names about the other database; run
 * lint_schema on all of it. Findings go into DIAGS; returns their number.
 * Everything lives in A.
 */
size_t cli_lint_schema(sc_diags *diags, arena *a, const ast_schema *ast, const sc_sources *src,
                       ir_provider provider, ir_schema *ir);

#endif
