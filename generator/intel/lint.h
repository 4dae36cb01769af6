/*
 * lint.h - findings about a schema that is valid but risky (`schemac lint`).
 *
 * Lint is a back end: it reads the schema model (ir.h) only, never the
 * syntax tree or sema. The model says what the database will hold - table,
 * column, index and constraint names after @map and the default naming -
 * and its source-only fields (ir_src, filled by lower_schema_src) say where
 * the schema wrote each object: every finding carries the span of the model,
 * field or attribute concerned, a stable code and a note saying how to fix
 * it. The rules and their reasons are in docs/lint.md.
 *
 * A comment `// schemac-lint-ignore CODE [CODE...]` on the line above a
 * model, field or block attribute (among the comment lines directly above
 * it) silences those codes there; for a model it covers the whole model.
 * Lowering reads those comments into each object's src.ignore; lint applies
 * them to every finding whose span lies inside the object's declaration
 * (src.decl), and reports the codes it does not know from the model's list
 * of ignore comments (src_comments).
 *
 * What the model of one database cannot tell, the caller works out and
 * hands over in lint_input: the same schema lowered for PostgreSQL (names
 * PostgreSQL would cut), and sema's name rules asked for the other database
 * (cli_lint.c does both).
 */
#ifndef SCHEMAC_LINT_H
#define SCHEMAC_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"
#include "model/ir.h"

/* One rule, for documentation and for checking the codes of ignore comments. */
typedef struct lint_rule {
    const char *code;     /* "fk-without-index", ... */
    sc_severity severity; /* of most findings; a rule may use a note for its milder cases */
    const char *summary;  /* one line */
} lint_rule;

/* Every rule, in documentation order. */
const lint_rule *lint_rules(size_t *count);

/* What lint reads: models lowered from one schema that sema accepted, with their sources. */
typedef struct lint_input {
    /* The model for the target database (lower_schema_src): ir->provider decides the
       PostgreSQL-only rules and which database is "the other one". */
    const ir_schema *ir;
    /* The same schema lowered for PostgreSQL (long-identifier reads the names PostgreSQL
       would get); NULL when IR is for PostgreSQL itself. */
    const ir_schema *ir_pg;
    /* The diagnostics of sema_check_names for the other database (a list through ->next,
       NULL if none): each becomes a portable-name finding. */
    const sc_diag *other_names;
} lint_input;

/*
 * Run every rule on IN. Findings go into DIAGS as warnings and notes
 * (severity SC_SEV_NOTE on the diagnostic itself). Returns the number of
 * findings added (silenced ones excluded).
 */
size_t lint_schema(sc_diags *diags, const lint_input *in);

/* True when CODE is the code of a lint finding (not of a sema diagnostic). */
bool lint_is_code(const char *code);

#endif
