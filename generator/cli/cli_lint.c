/*
 * cli_lint.c - `schemac lint [--dialect sqlite|postgresql] [--strict] PATH`:
 * check a schema, lower it for the target database and report the lint
 * findings with the usual diagnostics (text with carets, or --format json).
 * In text, each finding ends with its code in brackets, the code an ignore
 * comment names; JSON carries it in "code" already.
 *
 * Lint reads models only (lint.h); what a model of one database cannot say
 * is worked out here, where every stage is at hand: the PostgreSQL model of
 * a schema linted for SQLite, and sema's name rules for the other database.
 */
#include "cli/cli_lint.h"

#include <string.h>

#include "cli/cli_ir.h"
#include "ddl/ddl.h"
#include "model/ir.h"
#include "intel/lint.h"
#include "sema/lower.h"
#include "sema/sema.h"

typedef struct lint_args {
    const char *path;
    const ddl_dialect *dialect; /* NULL: the datasource's provider */
    bool strict;
} lint_args;

static int cli_lint__args(lint_args *out, int argc, char **argv)
{
    memset(out, 0, sizeof *out);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char *value = NULL;
        if (strcmp(arg, "--strict") == 0) {
            out->strict = true;
            continue;
        }
        if (strcmp(arg, "--dialect") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("lint", "--dialect needs a value (sqlite or postgresql)");
            value = argv[++i];
        } else if (strncmp(arg, "--dialect=", 10) == 0) {
            value = arg + 10;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return cli_usage_error("lint", "unknown option '%s'", arg);
        } else if (out->path) {
            return cli_usage_error("lint", "expected one schema path, got '%s' too", arg);
        } else {
            out->path = arg;
            continue;
        }
        out->dialect = ddl_dialect_named(value);
        if (!out->dialect)
            return cli_usage_error("lint", "unknown dialect '%s' (expected sqlite or postgresql)", value);
    }
    if (!out->path)
        return cli_usage_error("lint", "missing schema path (a .prisma file or a folder)");
    return CLI_OK;
}

size_t cli_lint_schema(sc_diags *diags, arena *a, const ast_schema *ast, const sc_sources *src,
                       ir_provider provider, ir_schema *ir)
{
    lower_schema_src(ir, a, ast, provider, src);
    lint_input in = {ir, NULL, NULL};
    if (ir->provider != IR_PROVIDER_POSTGRESQL) {
        ir_schema *pg = ARENA_NEW(a, ir_schema);
        lower_schema_src(pg, a, ast, IR_PROVIDER_POSTGRESQL, src);
        in.ir_pg = pg;
    }
    if (ir->provider != IR_PROVIDER_NONE) {
        sc_diags other;
        diag_init(&other, a);
        other.limit = ~0u;
        sema_check_names(ast, a, ir->provider == IR_PROVIDER_POSTGRESQL ? SC_PROVIDER_SQLITE : SC_PROVIDER_POSTGRESQL,
                         &other);
        in.other_names = other.first;
    }
    return lint_schema(diags, &in);
}

int cli_lint(const cli_options *o, int argc, char **argv)
{
    lint_args args;
    int rc = cli_lint__args(&args, argc, argv);
    if (rc != CLI_OK)
        return rc;
    cli_schema s;
    if (cli_schema_load(&s, args.path) == 0 && args.dialect)
        cli_check_dialect(&s, args.dialect->provider);
    if (s.io_failed || s.parse_failed || s.sema_failed || s.diags.nerrors) {
        rc = cli_report(o, &s);
        cli_schema_free(&s);
        return rc;
    }
    /* A sema warning that is also a lint rule is reported by the rule (where ignore comments apply). */
    for (sc_diag **p = &s.diags.first; *p;) {
        if ((*p)->severity == SC_SEV_WARNING && lint_is_code((*p)->code)) {
            s.diags.nwarnings--;
            *p = (*p)->next;
        } else {
            p = &(*p)->next;
        }
    }
    s.diags.last = NULL;
    for (sc_diag *d = s.diags.first; d; d = d->next)
        s.diags.last = d;
    ir_schema ir;
    cli_lint_schema(&s.diags, &s.arena, &s.ast, &s.sources, args.dialect ? args.dialect->provider : IR_PROVIDER_NONE,
                    &ir);

    unsigned warnings = 0, notes = 0;
    for (sc_diag *d = s.diags.first; d; d = d->next) {
        if (d->severity == SC_SEV_WARNING)
            warnings++;
        else if (d->severity == SC_SEV_NOTE)
            notes++;
        if (o->format == SC_DIAG_TEXT && lint_is_code(d->code))
            d->message = arena_printf(&s.arena, "%s [%s]", d->message, d->code);
    }
    rc = cli_report(o, &s);
    if (rc == CLI_OK && o->format == SC_DIAG_TEXT) {
        if (warnings + notes == 0)
            printf("%s: no findings\n", args.path);
        else
            printf("%s: %u finding%s (%u warning%s, %u note%s)\n", args.path, warnings + notes,
                   warnings + notes == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", notes,
                   notes == 1 ? "" : "s");
    }
    if (rc == CLI_OK && args.strict && warnings + notes > 0)
        rc = CLI_SCHEMA_ERROR;
    cli_schema_free(&s);
    return rc;
}
