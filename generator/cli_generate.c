/*
 * cli_generate.c - `schemac generate SCHEMA -o DIR [--prefix P] [--templates DIR]`:
 * write PREFIX.h and PREFIX.c for a schema.
 *
 * Files are written atomically and left untouched when their content is the
 * same, so a build system that runs generate on every schema change only
 * recompiles what really changed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cgen.h"
#include "cli.h"
#include "cli_ir.h"
#include "source.h"
#include "ir.h"

/* The schema path's base name without extension: "a/blog.prisma" -> "blog". */
static const char *cli__base_name(arena *a, const char *path)
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

static int cli__write(const char *dir, const char *name, const char *data)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof path) {
        fprintf(stderr, "schemac generate: output path too long\n");
        return -1;
    }
    if (cli_write_file_atomic(path, data, strlen(data)) != 0) {
        perror(path);
        return -1;
    }
    return 0;
}

int cli_generate(const cli_options *o, int argc, char **argv)
{
    const char *schema = NULL, *outdir = NULL, *prefix = NULL, *tpl_dir = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc)
            outdir = argv[++i];
        else if (strcmp(a, "--prefix") == 0 && i + 1 < argc)
            prefix = argv[++i];
        else if (strcmp(a, "--templates") == 0 && i + 1 < argc)
            tpl_dir = argv[++i];
        else if (a[0] == '-' && a[1] != '\0')
            return cli_usage_error("generate", "unknown or incomplete option '%s'", a);
        else if (!schema)
            schema = a;
        else
            return cli_usage_error("generate", "more than one schema given");
    }
    if (!schema || !outdir)
        return cli_usage_error("generate", "usage: schemac generate SCHEMA -o DIR [--prefix P] [--templates DIR]");

    cli_schema s;
    if (cli_schema_load(&s, schema) != 0) {
        int rc = cli_report(o, &s);
        cli_schema_free(&s);
        return rc;
    }
    cli_check_buildable(&s);
    int rc = cli_report(o, &s); /* warnings, or what cannot be built */
    if (rc != CLI_OK) {
        cli_schema_free(&s);
        return rc;
    }
    ir_schema ir;
    lower_schema(&ir, &s.arena, &s.ast, IR_PROVIDER_NONE);

    cgen_options opt = CGEN_OPTIONS_INIT;
    opt.prefix = prefix ? prefix : cli__base_name(&s.arena, schema);
    opt.schema_name = schema;
    const char *err = NULL;
    if (tpl_dir && cgen_templates_load_dir(&opt.templates, &s.arena, tpl_dir, &err) != 0) {
        fprintf(stderr, "schemac generate: %s\n", err);
        cli_schema_free(&s);
        return CLI_USAGE;
    }
    if (!cgen_prefix_valid(opt.prefix)) {
        rc = cli_usage_error("generate", "prefix '%s' is not a C identifier (use --prefix)", opt.prefix);
        cli_schema_free(&s);
        return rc;
    }
    cgen_output out;
    if (cgen_generate(&out, &s.arena, &ir, &opt, &err) != 0) {
        fprintf(stderr, "schemac generate: %s\n", err);
        cli_schema_free(&s);
        return CLI_USAGE;
    }
    if (source_mkdirs(&s.arena, outdir) != 0) {
        fprintf(stderr, "schemac generate: cannot create output folder %s: %s\n", outdir, strerror(errno));
        cli_schema_free(&s);
        return CLI_USAGE;
    }
    if (cli__write(outdir, out.header_name, out.header) != 0 || cli__write(outdir, out.source_name, out.source) != 0)
        rc = CLI_USAGE;
    cli_schema_free(&s);
    return rc;
}
