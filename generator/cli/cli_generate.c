/*
 * cli_generate.c - `schemac generate SCHEMA -o DIR [--prefix P] [--templates DIR]`:
 * write PREFIX.h and PREFIX.c for a schema.
 *
 * The two files are written all or nothing (fileio_write_files): a failure
 * leaves the old pair as it was. A file whose content is the same is left
 * untouched, so a build system that runs generate on every schema change
 * only recompiles what really changed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cgen/cgen.h"
#include "cli/cli.h"
#include "cli/cli_ir.h"
#include "base/fileio.h"
#include "base/source.h"
#include "model/ir.h"
#include "sema/lower.h"

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

/* PREFIX.h and PREFIX.c into DIR, both or neither. */
static int cli__write(arena *a, const char *dir, const cgen_output *out)
{
    fileio_file files[2] = {
        {arena_printf(a, "%s/%s", dir, out->header_name), out->header, strlen(out->header)},
        {arena_printf(a, "%s/%s", dir, out->source_name), out->source, strlen(out->source)},
    };
    const char *failed = NULL;
    if (fileio_write_files(files, 2, &failed) != 0) {
        fprintf(stderr, "schemac generate: cannot write %s: %s (no file written)\n", failed ? failed : dir,
                strerror(errno));
        return -1;
    }
    return 0;
}

/* A C name the generated code would hold twice, as an error at the second schema name that takes it. */
static void cli__clash(cli_schema *s, const cgen_clash *k)
{
    unsigned blocks = 1u << AST_BLOCK_MODEL | 1u << AST_BLOCK_VIEW | 1u << AST_BLOCK_ENUM;
    const ast_block *owner = k->owner ? ast_find_block(&s->ast, k->owner, blocks) : NULL;
    const ast_block *b1 = owner ? NULL : ast_find_block(&s->ast, k->first, blocks);
    const ast_block *b2 = owner ? NULL : ast_find_block(&s->ast, k->second, blocks);
    const ast_member *m1 = owner && k->first[0] ? ast_find_member(owner, k->first) : NULL;
    const ast_member *m2 = owner ? ast_find_member(owner, k->second) : NULL;
    sc_span at = m2 ? m2->name_span : b2 ? b2->name_span : owner ? owner->name_span : b1 ? b1->name_span : s->ast.blocks.first->name_span;
    sc_diag *d;
    if (!owner)
        d = diag_error(&s->diags, at, "c-name-clash", "\"%s\" and \"%s\" would both be the C type %s", k->first,
                       k->second, k->cname);
    else if (!k->first[0])
        d = diag_error(&s->diags, at, "c-name-clash",
                       "value \"%s\" of enum \"%s\" would be the constant ..._COUNT, which holds the number of values",
                       k->second, k->owner);
    else
        d = diag_error(&s->diags, at, "c-name-clash", "\"%s\" and \"%s\" of \"%s\" would both be %s in the generated C",
                       k->first, k->second, k->owner, k->cname);
    if (m1)
        diag_note(&s->diags, d, &m1->name_span, "\"%s\" is here", k->first);
    else if (b1 && b1 != b2)
        diag_note(&s->diags, d, &b1->name_span, "\"%s\" is here", k->first);
    size_t n = strlen(k->cname);
    if (!owner && n > 5 && strcmp(k->cname + n - 5, "_list") == 0)
        diag_note(&s->diags, d, NULL, "the rows of a model come in a type named after it plus _list");
    diag_note(&s->diags, d, NULL, "rename one: @map and @@map keep the database names as they are");
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
    /* Two schema names that would be one C name: located errors, and nothing written. */
    cgen_clash *clash = NULL;
    size_t nclash = cgen_name_clashes(&s.arena, &ir, opt.prefix, &clash);
    for (size_t i = 0; i < nclash; i++)
        cli__clash(&s, &clash[i]);
    if (nclash) {
        rc = cli_report(o, &s);
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
    if (cli__write(&s.arena, outdir, &out) != 0)
        rc = CLI_USAGE;
    cli_schema_free(&s);
    return rc;
}
