/*
 * sema_build.c - what schemac can build from a schema Prisma accepts.
 *
 * The commands that build (sql, ir, generate, migrate diff, ...) call this
 * after sema_check and before lowering, so a construct that `check` accepts
 * but a back end cannot yet write faithfully is refused with its reason
 * instead of being built wrong. Today every schema `check` accepts can be
 * built: models and enums in other database schemas (@@schema, the
 * datasource's `schemas`) are created, migrated and queried qualified with
 * their schema. The hook stays so that such a limit has one place to live.
 */
#include "sema/sema.h"

int sema_check_buildable(const ast_schema *s, sc_diags *diags)
{
    (void)s;
    (void)diags;
    return 0;
}
