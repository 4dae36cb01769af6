/*
 * cli_queries.c - `schemac queries SCHEMA --queries PATH... [--format json]`:
 * check query files against a schema and print each query's signature:
 * name, command, file and line, the SQL per database, parameters and
 * columns with their types and nullability (docs/queries.md). With
 * --format json, stdout holds one document: the queries, or, when
 * something is wrong, the diagnostics.
 *
 * `schemac queries --sqlc sqlc.yaml`: the same for every package of a sqlc
 * project, whose schema is SQL DDL (docs/queries.md, "sqlc projects"); the
 * JSON document then lists the packages, each with its models and queries.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_ir.h"
#include "model/ir.h"
#include "queries/query.h"
#include "queries/sqlc_project.h"
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

/* One package of a sqlc project, checked, named by its C prefix; its JSON object added to PACKAGES (NULL: text output). */
static void cli__sqlc_package(cli_schema *s, const sqlc_package *pkg, json_t *packages)
{
    ir_schema ir;
    size_t before = s->diags.nerrors;
    sqlc_package_schema(&ir, &s->arena, &s->sources, &s->diags, pkg);
    q_set set = {NULL, 0};
    if (s->diags.nerrors == before) {
        /* The queries read despite a bad one elsewhere (an unknown :command, ...) are checked all the same:
         * every error in one run. */
        q_read(&set, &s->arena, &s->sources, &s->diags, pkg->queries, pkg->nqueries, Q_FORMAT_SQLC, pkg->engine);
        q_check(&set, &s->arena, &s->sources, &s->diags, &ir);
    }
    if (s->diags.nerrors != before)
        return;
    const char *name = cli_sqlc_prefix(&s->arena, pkg);
    if (!packages) {
        printf("package %s  (%s, %zu tables, %zu views, %zu enums)\n", name, ir_provider_name(pkg->engine), ir.ntables,
               ir.nviews, ir.nenums);
        cli__print_text(&s->arena, &set);
        return;
    }
    json_t *p = json_object();
    json_object_set_new(p, "name", json_string(name));
    json_object_set_new(p, "engine", json_string(ir_provider_name(pkg->engine)));
    json_t *models = json_array();
    for (int pass = 0; pass < 2; pass++) {
        const ir_table *rels = pass ? ir.views : ir.tables;
        size_t n = pass ? ir.nviews : ir.ntables;
        for (size_t i = 0; i < n; i++) {
            json_t *m = json_object();
            json_object_set_new(m, "name", json_string(rels[i].model ? rels[i].model : rels[i].name));
            json_object_set_new(m, pass ? "view" : "table", json_string(rels[i].name));
            json_array_append_new(models, m);
        }
    }
    json_object_set_new(p, "models", models);
    json_t *enums = json_array();
    for (size_t i = 0; i < ir.nenums; i++) {
        json_t *e = json_object();
        json_object_set_new(e, "name", json_string(ir.enums[i].name ? ir.enums[i].name : ir.enums[i].db_name));
        json_object_set_new(e, "db_name", json_string(ir.enums[i].db_name));
        json_t *vals = json_array();
        for (size_t k = 0; k < ir.enums[i].nvalues; k++)
            json_array_append_new(vals, json_string(ir.enums[i].values[k].db_name));
        json_object_set_new(e, "values", vals);
        json_array_append_new(enums, e);
    }
    json_object_set_new(p, "enums", enums);
    json_t *q = json_loads(q_to_json(&s->arena, &set), 0, NULL);
    json_object_set(p, "queries", q ? json_object_get(q, "queries") : json_array());
    json_decref(q);
    json_array_append_new(packages, p);
}

static int cli__sqlc(const cli_options *o, const char *config)
{
    cli_schema s;
    memset(&s, 0, sizeof s);
    arena_init(&s.arena);
    diag_init(&s.diags, &s.arena);
    sqlc_project proj;
    json_t *packages = o->format == SC_DIAG_JSON ? json_array() : NULL;
    if (sqlc_project_read(&proj, &s.arena, &s.sources, &s.diags, config) == 0 && s.diags.nerrors == 0)
        for (size_t i = 0; i < proj.npackages; i++)
            cli__sqlc_package(&s, &proj.packages[i], packages);
    int rc;
    if (o->format == SC_DIAG_JSON && s.diags.nerrors == 0) {
        cli_options text = *o;
        text.format = SC_DIAG_TEXT;
        rc = cli_report(&text, &s);
    } else {
        rc = cli_report(o, &s);
    }
    if (rc == CLI_OK && packages) {
        json_t *root = json_object();
        json_object_set_new(root, "config", json_string(proj.path));
        json_object_set_new(root, "version", json_integer(proj.version));
        json_object_set(root, "packages", packages);
        char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        printf("%s\n", text ? text : "{}");
        free(text);
        json_decref(root);
    }
    json_decref(packages);
    cli_schema_free(&s);
    q_parser_release();
    return rc;
}

int cli_queries(const cli_options *o, int argc, char **argv)
{
    const char *schema = NULL;
    const char *sqlc = NULL;
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
        } else if (strcmp(a, "--sqlc") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("queries", "--sqlc needs a sqlc.yaml, sqlc.yml or sqlc.json (or its folder)");
            sqlc = argv[++i];
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
    if (sqlc) {
        if (schema || npaths)
            return cli_usage_error("queries", "--sqlc takes the schema and queries from the sqlc configuration: give "
                                              "no SCHEMA or --queries with it");
        return cli__sqlc(o, sqlc);
    }
    if (!schema || npaths == 0)
        return cli_usage_error("queries", "usage: schemac queries SCHEMA --queries PATH... [--typedsql|--sqlc-format] "
                                          "[--database-url URL], or schemac queries --sqlc sqlc.yaml");
    cli_schema s;
    cli_schema_load(&s, schema);
    cli_check_buildable(&s);
    q_set set = {NULL, 0};
    ir_schema ir;
    memset(&ir, 0, sizeof ir);
    if (s.diags.nerrors == 0 && !s.io_failed) {
        lower_schema(&ir, &s.arena, &s.ast, IR_PROVIDER_NONE);
        /* A query the reader refused (an unknown :command, a bad name line) is left out; the others, in that
         * file and the rest, are still checked, so one run reports every error. */
        q_read(&set, &s.arena, &s.sources, &s.diags, paths, npaths, format, ir.provider);
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
    q_parser_release();
    return rc;
}
