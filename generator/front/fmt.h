/*
 * fmt.h - the canonical layout of a schema (`schemac fmt`).
 *
 * fmt works on the parse tree plus the source text: the tree says what is
 * written, the text says where the blank lines and comments were. Only a
 * successful parse is needed; a schema with semantic errors formats fine.
 *
 * The layout follows `prisma format`: two-space indentation; field names,
 * types and attributes aligned in columns, one alignment group per run of
 * lines without a blank line; `key = value` aligned in datasource and
 * generator blocks; block attributes after the fields, behind one blank
 * line; one blank line between blocks; every comment kept where it was;
 * attribute order and string literals kept as written; normalised spacing
 * inside argument lists. Formatting formatted text changes nothing.
 */
#ifndef SCHEMAC_FMT_H
#define SCHEMAC_FMT_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "front/ast.h"
#include "base/diag.h"
#include "base/source.h"

/*
 * Format file FILE of the schema S parsed from SRC. *OUT gets the formatted
 * text (NUL-terminated, in A) and *LEN_OUT its length. A file without blocks
 * or comments formats to the empty string.
 * Returns 0, or -1 when FILE is not a file of SRC.
 */
int fmt_file(char **out, size_t *len_out, arena *a, const ast_schema *s, const sc_sources *src,
             uint32_t file);

/*
 * Parse TEXT (LEN bytes, named PATH in diagnostics) and format it: the
 * one-call form for tests, editors and fuzzing. Syntax errors go to DIAGS.
 * Returns 0, or -1 on a syntax error (*OUT is then NULL).
 */
int fmt_text(char **out, size_t *len_out, arena *a, sc_diags *diags, const char *path,
             const char *text, size_t len);

#endif
