/*
 * lower_src.h - inside lowering (sema/): the source-only facts of the model
 * (ir_src): where each object was written, and the `// schemac-lint-ignore`
 * comments, which need the source text to tell a comment on a line of its
 * own from one at the end of a line.
 */
#ifndef SCHEMAC_LOWER_SRC_H
#define SCHEMAC_LOWER_SRC_H

#include "base/arena.h"
#include "base/source.h"
#include "front/ast.h"
#include "model/ir.h"

typedef struct lower_src lower_src;

/* The comment index of AST over SRC (NULL: spans only, no ignore lists or comments). */
lower_src *lower_src_new(arena *a, const ast_schema *ast, const sc_sources *src);

/* Block B: span its name, decl the block. */
ir_src lower_src_block(lower_src *ls, const ast_block *b);
/* Member M: span SPAN (its name, or the attribute concerned), decl the member. */
ir_src lower_src_member(lower_src *ls, const ast_member *m, sc_span span);
/* The span of argument NAME of ATTR (named only); none when ATTR is NULL or has no such argument. */
sc_span lower_src_arg(const ast_attr *attr, const char *name);

/* Every lint-ignore comment of the schema into OUT->src_comments (nothing without sources). */
void lower_src_comments(lower_src *ls, ir_schema *out);

#endif
