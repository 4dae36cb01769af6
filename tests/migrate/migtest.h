/*
 * migtest.h - helpers shared by the migration tests (header-only): a
 * schema's model from inline text, with the datasource line added.
 */
#ifndef SCHEMAC_MIGTEST_H
#define SCHEMAC_MIGTEST_H

#include <string.h>

#include "base/arena.h"
#include "base/diag.h"
#include "model/ir.h"
#include "front/parser.h"
#include "sema/sema.h"
#include "base/source.h"
#include "sema/lower.h"

/*
 * The model of BODY (models and enums) for PROVIDER ("sqlite" or
 * "postgresql"), in A. Returns NULL when the schema has errors, so a test
 * that feeds a broken schema fails at its assertion.
 */
static inline ir_schema *migtest_ir_ds(arena *a, const char *provider, const char *datasource, const char *body);

static inline ir_schema *migtest_ir(arena *a, const char *provider, const char *body)
{
    return migtest_ir_ds(a, provider, "", body);
}

/* migtest_ir with DATASOURCE (whole lines, like "  extensions = [citext]\n") added to the datasource block. */
static inline ir_schema *migtest_ir_ds(arena *a, const char *provider, const char *datasource, const char *body)
{
    const char *text =
        arena_printf(a, "datasource db {\n  provider = \"%s\"\n  url = \"x\"\n%s}\n%s", provider, datasource, body);
    sc_sources *src = ARENA_NEW(a, sc_sources);
    sc_diags *diags = ARENA_NEW(a, sc_diags);
    ast_schema *ast = ARENA_NEW(a, ast_schema);
    diag_init(diags, a);
    source_add(src, a, "test.prisma", text, strlen(text));
    if (parse_schema(ast, a, src, diags) != 0 || sema_check(ast, a, src, diags) != 0 || diags->nerrors)
        return NULL;
    ir_schema *ir = ARENA_NEW(a, ir_schema);
    if (lower_schema(ir, a, ast, IR_PROVIDER_NONE) != 0)
        return NULL;
    return ir;
}

#endif
