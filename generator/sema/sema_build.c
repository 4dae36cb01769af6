/*
 * sema_build.c - what schemac can build from a schema Prisma accepts.
 *
 * The schema model, DDL, migrations and generated queries name tables,
 * enums and indexes without a database schema, so they land in the
 * connection's default schema (PostgreSQL's search_path, normally
 * "public"). A model placed elsewhere with @@schema would silently be
 * created, migrated and queried in the wrong place; such schemas are
 * refused before anything is built, with the reason.
 */
#include <string.h>

#include "sema/sema.h"

/* The schema PostgreSQL puts unqualified names in by default. */
static const char *const default_schema = "public";

int sema_check_buildable(const ast_schema *s, sc_diags *diags)
{
    int bad = 0;
    for (const ast_block *b = s->blocks.first; b; b = b->next) {
        if (b->kind != AST_BLOCK_MODEL && b->kind != AST_BLOCK_VIEW && b->kind != AST_BLOCK_ENUM)
            continue;
        for (const ast_member *m = b->members.first; m; m = m->next) {
            const ast_attr *attr = m->kind == AST_MEMBER_BLOCK_ATTR ? m->attr : NULL;
            if (!attr || !attr->block || strcmp(attr->name, "schema") != 0 || !attr->args.first)
                continue;
            const ast_expr *v = attr->args.first->value;
            if (!v || v->kind != AST_EXPR_STRING || strcmp(v->value, default_schema) == 0)
                continue;
            sc_diag *d = diag_error(diags, attr->span, "unsupported-schema",
                                    "%s \"%s\" is in database schema \"%s\": schemac builds "
                                    "every table and enum in the default schema (\"%s\") only",
                                    b->kind == AST_BLOCK_ENUM ? "enum" : "model", b->name,
                                    v->value, default_schema);
            diag_note(diags, d, NULL,
                      "its DDL, migrations and generated queries would use the connection's "
                      "search_path, not \"%s\"; remove @@schema (and the datasource's schemas) "
                      "or keep it in \"%s\"",
                      v->value, default_schema);
            bad = 1;
        }
    }
    return bad ? -1 : 0;
}
