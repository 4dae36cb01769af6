/*
 * cli_common.c - what every subcommand shares: loading a schema through the
 * front end, reporting diagnostics. Output files are written by fileio.c.
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <string.h>

#include "front/parser.h"
#include "queries/sqlc_project.h"
#include "sema/sema.h"

int cli_schema_load(cli_schema *s, const char *path)
{
    memset(s, 0, sizeof(*s));
    arena_init(&s->arena);
    diag_init(&s->diags, &s->arena);
    if (source_load(&s->sources, &s->arena, &s->diags, path) != 0) {
        s->io_failed = true;
        return -1;
    }
    if (parse_schema(&s->ast, &s->arena, &s->sources, &s->diags) != 0) {
        /* Semantic checks on a broken tree would only repeat the syntax errors. */
        s->parse_failed = true;
        return -1;
    }
    if (sema_check(&s->ast, &s->arena, &s->sources, &s->diags) != 0) {
        s->sema_failed = true;
        return -1;
    }
    return 0;
}

void cli_schema_free(cli_schema *s)
{
    arena_free(&s->arena);
}

int cli_report(const cli_options *o, cli_schema *s)
{
    /* A stage that failed must have said why; never let a failure pass as success. */
    if ((s->parse_failed || s->sema_failed) && s->diags.nerrors == 0)
        diag_io_error(&s->diags, "internal error: the schema was rejected without a diagnostic");
    diag_sort(&s->diags);
    if (o->format == SC_DIAG_JSON)
        diag_render(&s->diags, &s->sources, stdout, SC_DIAG_JSON, false);
    else
        diag_render(&s->diags, &s->sources, stderr, SC_DIAG_TEXT, o->color);
    if (s->io_failed)
        return CLI_USAGE;
    if (s->parse_failed || s->sema_failed)
        return CLI_SCHEMA_ERROR;
    for (const sc_diag *d = s->diags.first; d; d = d->next)
        if (d->klass == SC_DIAG_IO && d->severity == SC_SEV_ERROR)
            return CLI_USAGE;
    return s->diags.nerrors ? CLI_SCHEMA_ERROR : CLI_OK;
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (command && *command)
        fprintf(stderr, "schemac %s: ", command);
    else
        fprintf(stderr, "schemac: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'schemac help' for usage.\n");
    va_end(ap);
    return CLI_USAGE;
}

/* The schema path's base name without extension: "a/blog.prisma" -> "blog". */
const char *cli_base_name(arena *a, const char *path)
{
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    size_t start = len;
    while (start > 0 && path[start - 1] != '/')
        start--;
    size_t end = len;
    for (size_t i = start; i < len; i++)
        if (path[i] == '.')
            end = i;
    if (end == start)
        end = len;
    char *name = arena_strndup(a, path + start, end - start);
    for (char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
            *p = '_';
    return name;
}

const char *cli_sqlc_prefix(arena *a, const sqlc_package *pkg)
{
    return cli_base_name(a, pkg->package ? pkg->package : pkg->name ? pkg->name : "db");
}
