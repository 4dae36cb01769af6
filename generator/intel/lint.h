/*
 * lint.h - findings about a schema that is valid but risky (`schemac lint`).
 *
 * Lint runs after sema accepted a schema and lowering built its model. The
 * rules read the model (ir.h) for what the database will hold - table,
 * column, index and constraint names after @map and the default naming -
 * and sema's annotated AST for where to point: every finding carries the
 * span of the model, field or attribute concerned, a stable code and a note
 * saying how to fix it. The rules and their reasons are in docs/lint.md.
 *
 * A comment `// schemac-lint-ignore CODE [CODE...]` on the line above a
 * model, field or block attribute (among the comment lines directly above
 * it) silences those codes there; for a model it covers the whole model.
 */
#ifndef SCHEMAC_LINT_H
#define SCHEMAC_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "front/ast.h"
#include "base/diag.h"
#include "model/ir.h"
#include "base/source.h"

/* One rule, for documentation and for checking the codes of ignore comments. */
typedef struct lint_rule {
    const char *code;     /* "fk-without-index", ... */
    sc_severity severity; /* of most findings; a rule may use a note for its milder cases */
    const char *summary;  /* one line */
} lint_rule;

/* Every rule, in documentation order. */
const lint_rule *lint_rules(size_t *count);

/*
 * Run every rule on AST (as sema_check left it) and IR (lowered from AST
 * for the target database: IR->provider decides the PostgreSQL-only rules).
 * Findings go into DIAGS as warnings and notes (severity SC_SEV_NOTE on the
 * diagnostic itself); SRC tells whether an ignore comment stands on a line
 * of its own. Returns the number of findings added (silenced ones excluded).
 */
size_t lint_schema(sc_diags *diags, const ast_schema *ast, const ir_schema *ir, const sc_sources *src);

/* True when CODE is the code of a lint finding (not of a sema diagnostic). */
bool lint_is_code(const char *code);

#endif
