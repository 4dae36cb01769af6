/*
 * cli_ir.c - `schemac ir [--dialect sqlite|postgresql] PATH`: print the
 * schema model as JSON (the golden form, and the migration snapshot).
 * --dialect lowers with that database's conventions instead of the
 * datasource's, after checking the schema against that database's rules. Exit 0 ok, 1 schema errors, 2 usage or I/O errors.
 */
#include "cli/cli.h"

#include <string.h>

#include "cli/cli_ir.h"
#include "ddl/ddl.h"
#include "model/ir.h"
#include "sema/sema.h"
#include "sema/lower.h"

int cli_ir_args(const char *command, int argc, char **argv, const char **path, const ddl_dialect **dialect)
{
    *path = NULL;
    *dialect = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = NULL;
        if (strcmp(arg, "--dialect") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error(command, "--dialect needs a value (sqlite or postgresql)");
            value = argv[++i];
        } else if (strncmp(arg, "--dialect=", 10) == 0) {
            value = arg + 10;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return cli_usage_error(command, "unknown option '%s'", arg);
        } else if (*path) {
            return cli_usage_error(command, "expected one schema path, got '%s' too", arg);
        } else {
            *path = arg;
            continue;
        }
        *dialect = ddl_dialect_named(value);
        if (!*dialect)
            return cli_usage_error(command, "unknown dialect '%s' (expected sqlite or postgresql)", value);
    }
    if (!*path)
        return cli_usage_error(command, "missing schema path (a .prisma file or a folder)");
    return 0;
}

void cli_check_dialect(cli_schema *s, ir_provider target)
{
    if (s->diags.nerrors)
        return; /* the schema's own errors come first; a second pass would repeat them */
    sc_provider p = SC_PROVIDER_NONE;
    if (target == IR_PROVIDER_SQLITE)
        p = SC_PROVIDER_SQLITE;
    else if (target == IR_PROVIDER_POSTGRESQL)
        p = SC_PROVIDER_POSTGRESQL;
    sema_check_dialect(&s->ast, &s->arena, &s->sources, p, &s->diags);
}

void cli_check_buildable(cli_schema *s)
{
    if (!s->diags.nerrors)
        sema_check_buildable(&s->ast, &s->diags);
}

int cli_ir_lower(const cli_options *o, cli_schema *s, ir_schema *ir, const char *path, const ddl_dialect *dialect)
{
    cli_schema_load(s, path);
    if (dialect)
        cli_check_dialect(s, dialect->provider);
    cli_check_buildable(s);
    int rc = cli_report(o, s);
    if (rc == CLI_OK)
        lower_schema(ir, &s->arena, &s->ast, dialect ? dialect->provider : IR_PROVIDER_NONE);
    return rc;
}

int cli_ir(const cli_options *o, int argc, char **argv)
{
    const char *path;
    const ddl_dialect *d;
    int rc = cli_ir_args("ir", argc, argv, &path, &d);
    if (rc)
        return rc;
    cli_schema s;
    ir_schema ir;
    rc = cli_ir_lower(o, &s, &ir, path, d);
    if (rc == CLI_OK)
        fputs(ir_to_json(&s.arena, &ir), stdout);
    cli_schema_free(&s);
    return rc;
}
