/*
 * cli_queries.c - `schemac queries SCHEMA --queries PATH... [--format json]`:
 * check query files against a schema and print each query's signature:
 * name, command, file and line, the SQL per database, parameters and
 * columns with their types and nullability (docs/queries.md). With
 * --format json, stdout holds one document: the queries, or, when
 * something is wrong, the diagnostics.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_ir.h"
#include "model/ir.h"
#include "queries/query.h"
#include "sema/lower.h"

static void cli__print_text(arena *a, const q_set *set)
{
    for (size_t i = 0; i < set->n; i++) {
        const q_query *q = &set->items[i];
        printf("%s %s  (%s:%u)  %s%s%s\n", q->name, q_cmd_name(q->cmd), q->file, q->span.line,
               q->dialects & Q_SQLITE ? "sqlite" : "", q->dialects == (Q_SQLITE | Q_POSTGRES) ? ", " : "",
               q->dialects & Q_POSTGRES ? "postgresql" : "");
        if (q->why_not)
            printf("  %s\n", q->why_not);
        for (size_t k = 0; k < q->nparams; k++) {
            const q_param *p = &q->params[k];
            printf("  $%d %s: %s%s\n", p->number, *p->name ? p->name : "(unnamed)", q_type_name(a, &p->type),
                   p->nullable ? "?" : "");
        }
        for (size_t k = 0; k < q->ncolumns; k++) {
            const q_column *c = &q->columns[k];
            printf("  -> %s: %s%s\n", *c->name ? c->name : arena_printf(a, "column_%zu", k + 1),
                   c->embed ? c->embed : q_type_name(a, &c->type), c->nullable ? "?" : "");
        }
        if (q->model_row)
            printf("  (a %s row)\n", q->model_row);
    }
}

int cli_queries(const cli_options *o, int argc, char **argv)
{
    const char *schema = NULL;
    const char *paths[256];
    size_t npaths = 0;
    q_format format = Q_FORMAT_AUTO;
    const char *live = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--queries") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("queries", "--queries needs a file or folder");
            while (i + 1 < argc && argv[i + 1][0] != '-' && npaths < 256)
                paths[npaths++] = argv[++i];
        } else if (strcmp(a, "--database-url") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("queries", "--database-url needs a URL");
            live = argv[++i];
        } else if (strcmp(a, "--typedsql") == 0) {
            format = Q_FORMAT_TYPEDSQL;
        } else if (strcmp(a, "--sqlc-format") == 0) {
            format = Q_FORMAT_SQLC;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error("queries", "unknown option '%s'", a);
        } else if (!schema) {
            schema = a;
        } else {
            return cli_usage_error("queries", "more than one schema given (query files go after --queries)");
        }
    }
    if (!schema || npaths == 0)
        return cli_usage_error("queries", "usage: schemac queries SCHEMA --queries PATH... [--typedsql|--sqlc-format] "
                                          "[--database-url URL]");
    cli_schema s;
    cli_schema_load(&s, schema);
    cli_check_buildable(&s);
    q_set set = {NULL, 0};
    ir_schema ir;
    memset(&ir, 0, sizeof ir);
    if (s.diags.nerrors == 0 && !s.io_failed) {
        lower_schema(&ir, &s.arena, &s.ast, IR_PROVIDER_NONE);
        size_t errs = q_read(&set, &s.arena, &s.sources, &s.diags, paths, npaths, format, ir.provider);
        if (errs == 0 && s.diags.nerrors == 0)
            q_check(&set, &s.arena, &s.sources, &s.diags, &ir);
        if (live && s.diags.nerrors == 0)
            q_check_live(&set, &s.arena, &s.diags, live);
    }
    int rc = CLI_OK;
    if (o->format == SC_DIAG_JSON && s.diags.nerrors == 0) {
        cli_options text = *o;
        text.format = SC_DIAG_TEXT;
        rc = cli_report(&text, &s);
    } else {
        rc = cli_report(o, &s);
    }
    if (rc == CLI_OK) {
        if (o->format == SC_DIAG_JSON)
            fputs(q_to_json(&s.arena, &set), stdout);
        else
            cli__print_text(&s.arena, &set);
    }
    cli_schema_free(&s);
    q_release();
    return rc;
}
