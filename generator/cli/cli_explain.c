/*
 * cli_explain.c - `schemac explain SCHEMA [--queries PATH...] [--url URL]
 * [--strict] [--format json]` (docs/explain.md).
 *
 * The statements are the generated code's (cgen_statements) and, with
 * --queries, the typed queries (generator/queries, checked against the
 * schema); intel/explain.c plans them on a scratch database: in-memory
 * SQLite, or with --url a PostgreSQL server where nothing is kept.
 */
#include "cli/cli_explain.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <schemac/conn.h>

#include "cgen/cgen.h"
#include "cli/cli_ir.h"
#include "cli/cli_pull.h"
#include "intel/explain.h"
#include "queries/query.h"
#include "sema/lower.h"

/*
 * With JSON output stdout carries one document: the diagnostics when the
 * schema or a query has errors, else the findings (warnings go to stderr as
 * text), as `migrate diff` and `queries` do.
 */
static int cli__report(const cli_options *o, cli_schema *s, const char *format)
{
    cli_options ro = *o;
    ro.format = strcmp(format, "json") == 0 && s->diags.nerrors ? SC_DIAG_JSON : SC_DIAG_TEXT;
    return cli_report(&ro, s);
}

int cli_explain(const cli_options *o, int argc, char **argv)
{
    const char *schema = NULL, *url = NULL, *format = "text", *prefix = NULL;
    bool strict = false;
    const char **paths = calloc((size_t)argc + 1, sizeof *paths);
    size_t npaths = 0;
    bool in_queries = false;
    int rc = CLI_OK;
    for (int i = 1; i < argc && rc == CLI_OK; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--strict") == 0) {
            strict = true;
            in_queries = false;
        } else if (strcmp(a, "--url") == 0 || strcmp(a, "--format") == 0 || strcmp(a, "--prefix") == 0) {
            if (i + 1 >= argc) {
                rc = cli_usage_error("explain", "%s needs a value", a);
                break;
            }
            *(strcmp(a, "--url") == 0 ? &url : strcmp(a, "--prefix") == 0 ? &prefix : &format) = argv[++i];
            in_queries = false;
        } else if (strncmp(a, "--prefix=", 9) == 0) {
            prefix = a + 9;
        } else if (strncmp(a, "--url=", 6) == 0) {
            url = a + 6;
        } else if (strncmp(a, "--format=", 9) == 0) {
            format = a + 9;
        } else if (strcmp(a, "--queries") == 0) {
            in_queries = true;
        } else if (a[0] == '-') {
            rc = cli_usage_error("explain", "unknown option '%s'", a);
        } else if (in_queries) {
            paths[npaths++] = a;
        } else if (!schema) {
            schema = a;
        } else {
            rc = cli_usage_error("explain", "more than one schema given (query files go after --queries)");
        }
    }
    if (rc == CLI_OK && !schema)
        rc = cli_usage_error("explain", "usage: schemac explain SCHEMA [--queries PATH...] [--url URL] [--strict] "
                                        "[--prefix P] [--format text|json]");
    if (o->format == SC_DIAG_JSON) /* the global --format json, taken before the command saw it */
        format = "json";
    if (rc == CLI_OK && strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
        rc = cli_usage_error("explain", "--format is text or json, not '%s'", format);
    if (rc != CLI_OK) {
        free(paths);
        return rc;
    }
    arena a;
    arena_init(&a);
    sc_conn *conn = NULL;
    ir_provider provider = IR_PROVIDER_SQLITE;
    const char *display = NULL;
    if (url) {
        rc = cli_open_database(&a, "explain", url, &conn, &provider, &display);
        if (rc == CLI_OK && provider != IR_PROVIDER_POSTGRESQL) {
            fprintf(stderr, "schemac explain: --url names a PostgreSQL server (SQLite plans in memory without it)\n");
            rc = CLI_USAGE;
        }
    }
    cli_schema s;
    memset(&s, 0, sizeof s);
    arena_init(&s.arena);
    ir_schema ir;
    explain_query *qs = NULL;
    size_t nq = 0;
    if (rc == CLI_OK) {
        cli_schema_free(&s);
        cli_schema_load(&s, schema);
        ir_schema probe;
        if (!url && s.diags.nerrors == 0 && lower_schema(&probe, &s.arena, &s.ast, IR_PROVIDER_NONE) == 0 &&
            probe.provider == IR_PROVIDER_POSTGRESQL) {
            /* not a dialect error of the user's making: SQLite is only the default planner */
            fprintf(stderr,
                    "schemac explain: %s is a PostgreSQL schema: give --url of a PostgreSQL server to plan it on "
                    "(explain creates a scratch schema there inside a transaction it rolls back)\n",
                    schema);
            rc = CLI_USAGE;
        }
    }
    if (rc == CLI_OK) {
        cli_check_dialect(&s, provider);
        cli_check_buildable(&s);
        rc = cli__report(o, &s, format);
    }
    if (rc == CLI_OK && lower_schema(&ir, &s.arena, &s.ast, provider) != 0) {
        fprintf(stderr, "schemac explain: %s cannot be lowered for %s\n", schema, ir_provider_name(provider));
        rc = CLI_SCHEMA_ERROR;
    }
    /* The functions are named as `generate` names them: --prefix, the generator block's, the file's name. */
    if (rc == CLI_OK && !prefix)
        prefix = cli_generate_prefix(&s, schema);
    if (rc == CLI_OK && !cgen_prefix_valid(prefix))
        rc = cli_usage_error("explain", "prefix '%s' is not a C identifier (use --prefix)", prefix);
    if (rc == CLI_OK) {
        cgen_statement *st = NULL;
        const char *err = NULL;
        size_t n = cgen_statements(&a, &ir, prefix, &st, &err);
        if (!n && err) {
            fprintf(stderr, "schemac explain: %s\n", err);
            rc = CLI_SCHEMA_ERROR;
        }
        qs = ARENA_ARRAY(&a, explain_query, n + 1);
        for (size_t i = 0; i < n; i++) {
            qs[nq].name = st[i].function;
            qs[nq].where = NULL;
            qs[nq].sqlite = st[i].sqlite;
            qs[nq].pg = st[i].pg;
            nq++;
        }
    }
    if (rc == CLI_OK && npaths) {
        /* typed queries: read and checked as `schemac queries` does */
        q_set set = {NULL, 0};
        ir_schema qir;
        lower_schema(&qir, &s.arena, &s.ast, IR_PROVIDER_NONE);
        /* the queries read are checked even after a refused one: every error in one run */
        q_read(&set, &s.arena, &s.sources, &s.diags, paths, npaths, Q_FORMAT_AUTO, qir.provider);
        q_check(&set, &s.arena, &s.sources, &s.diags, &qir);
        rc = cli__report(o, &s, format);
        if (rc == CLI_OK) {
            qs = arena_grow(&a, qs, (nq + 1) * sizeof *qs, (nq + set.n + 1) * sizeof *qs);
            for (size_t i = 0; i < set.n; i++) {
                const q_query *q = &set.items[i];
                explain_query *e = &qs[nq++];
                e->name = q->name;
                e->where = arena_printf(&a, "%s:%u", q->file, q->span.line);
                e->sqlite = q->sql_sqlite;
                e->pg = q->sql_postgres;
            }
        }
    }
    explain_result res;
    memset(&res, 0, sizeof res);
    if (rc == CLI_OK) {
        const char *err = NULL;
        if (explain_run(&res, &a, conn, &ir, qs, nq, &err) != 0) {
            fprintf(stderr, "schemac explain: %s\n", err);
            rc = CLI_SCHEMA_ERROR;
        }
    }
    if (rc == CLI_OK && strcmp(format, "json") == 0) {
        json_t *arr = json_array();
        for (size_t i = 0; i < res.nfindings; i++) {
            const explain_finding *f = &res.findings[i];
            json_t *obj = json_object();
            json_object_set_new(obj, "kind", json_string(explain_kind_name(f->kind)));
            json_object_set_new(obj, "query", json_string(f->query));
            json_object_set_new(obj, "where", f->where ? json_string(f->where) : json_null());
            json_object_set_new(obj, "model", json_string(f->model));
            json_object_set_new(obj, "table", json_string(f->table));
            json_object_set_new(obj, "plan", json_string(f->plan));
            json_object_set_new(obj, "proposal", f->proposal ? json_string(f->proposal) : json_null());
            json_object_set_new(obj, "verified", json_boolean(f->verified));
            json_object_set_new(obj, "planWithIndex", f->after ? json_string(f->after) : json_null());
            json_array_append_new(arr, obj);
        }
        json_t *doc = json_object();
        json_object_set_new(doc, "database", json_string(ir_provider_name(provider)));
        json_object_set_new(doc, "planned", json_integer((json_int_t)res.nplanned));
        json_object_set_new(doc, "findings", arr);
        char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        puts(text);
        free(text);
        json_decref(doc);
    } else if (rc == CLI_OK) {
        for (size_t i = 0; i < res.nfindings; i++) {
            const explain_finding *f = &res.findings[i];
            const char *what = f->kind == EXPLAIN_FULL_SCAN   ? "full scan of"
                               : f->kind == EXPLAIN_TEMP_SORT ? "sort no index gives, on"
                                                              : "no index for the key, on";
            printf("%s%s%s: %s %s (%s)\n", f->query, f->where ? " at " : "", f->where ? f->where : "", what,
                   f->table, explain_kind_name(f->kind));
            printf("  plan: %s\n", f->plan);
            if (f->proposal)
                printf("  add to model %s: %s%s\n", f->model, f->proposal,
                       f->verified ? "" : " (not verified: the plan keeps it)");
            if (f->verified && f->after)
                printf("  with it: %s\n", f->after);
        }
        fprintf(stderr, "schemac explain: %zu quer%s planned on %s, %zu finding%s\n", res.nplanned,
                res.nplanned == 1 ? "y" : "ies", url ? display : "in-memory SQLite", res.nfindings,
                res.nfindings == 1 ? "" : "s");
    }
    if (rc == CLI_OK && strict && res.nfindings)
        rc = CLI_SCHEMA_ERROR;
    sc_conn_close(conn);
    cli_schema_free(&s);
    arena_free(&a);
    free(paths);
    return rc;
}
