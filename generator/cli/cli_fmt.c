/*
 * cli_fmt.c - `schemac fmt [--check|--write] PATH`: print a schema in its
 * canonical layout, check that it already is, or rewrite it in place.
 *
 * fmt needs a parse, not a clean check: a schema with semantic errors still
 * formats. Every file of PATH is parsed before anything is written, so a
 * syntax error anywhere leaves every file untouched, and the files --write
 * changes are written all or nothing (fileio_write_files). Before output, the
 * formatted text is parsed again and its tree compared with the original's;
 * a formatter bug therefore shows up as an error, never as a damaged file.
 */
#include "cli/cli.h"

#include <errno.h>
#include <string.h>

#include "base/fileio.h"
#include "front/fmt.h"
#include "front/parser.h"

typedef enum fmt_mode {
    FMT_MODE_PRINT,
    FMT_MODE_CHECK,
    FMT_MODE_WRITE,
} fmt_mode;

/* The tree of TEXT as ast_dump() prints it, or NULL on a syntax error. */
static const char *cli_fmt__dump(arena *a, const char *path, const char *text, size_t len)
{
    sc_sources src;
    memset(&src, 0, sizeof(src));
    source_add(&src, a, path, text, len);
    sc_diags d;
    diag_init(&d, a);
    ast_schema s;
    memset(&s, 0, sizeof(s));
    if (parse_schema(&s, a, &src, &d) != 0)
        return NULL;
    return ast_dump(a, &s);
}

/* True when OUT parses to the same tree as the file F it was made from. */
static bool cli_fmt__same_tree(const sc_file *f, const char *out, size_t out_len)
{
    arena a;
    arena_init(&a);
    const char *before = cli_fmt__dump(&a, f->path, f->text, f->len);
    const char *after = cli_fmt__dump(&a, f->path, out, out_len);
    bool same = before && after && strcmp(before, after) == 0;
    arena_free(&a);
    return same;
}

int cli_fmt(const cli_options *o, int argc, char **argv)
{
    fmt_mode mode = FMT_MODE_PRINT;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--check") == 0 || strcmp(arg, "--write") == 0) {
            fmt_mode m = arg[2] == 'c' ? FMT_MODE_CHECK : FMT_MODE_WRITE;
            if (mode != FMT_MODE_PRINT && mode != m)
                return cli_usage_error("fmt", "--check and --write exclude each other");
            mode = m;
        } else if (arg[0] == '-' && arg[1] != '\0') {
            return cli_usage_error("fmt", "unknown option '%s'", arg);
        } else if (path) {
            return cli_usage_error("fmt", "expected one schema path, got '%s' too", arg);
        } else {
            path = arg;
        }
    }
    if (!path)
        return cli_usage_error("fmt", "missing schema path (a .prisma file or a folder)");

    cli_schema s;
    memset(&s, 0, sizeof(s));
    arena_init(&s.arena);
    diag_init(&s.diags, &s.arena);
    if (source_load(&s.sources, &s.arena, &s.diags, path) != 0)
        s.io_failed = true;
    else if (parse_schema(&s.ast, &s.arena, &s.sources, &s.diags) != 0)
        s.parse_failed = true;
    if (s.io_failed || s.parse_failed) {
        int rc = cli_report(o, &s);
        if (s.parse_failed && s.diags.nerrors == 0)
            fprintf(stderr, "schemac fmt: %s: syntax errors; nothing formatted\n", path);
        cli_schema_free(&s);
        return rc == CLI_OK ? CLI_SCHEMA_ERROR : rc;
    }
    if (mode == FMT_MODE_PRINT && s.sources.nfiles != 1) {
        cli_schema_free(&s);
        return cli_usage_error("fmt", "%s holds several files; use --check or --write for a folder", path);
    }

    int rc = CLI_OK;
    fileio_file *writes = ARENA_ARRAY(&s.arena, fileio_file, s.sources.nfiles + 1);
    size_t nwrites = 0;
    for (uint32_t i = 0; i < s.sources.nfiles; i++) {
        const sc_file *f = &s.sources.files[i];
        char *out;
        size_t len;
        fmt_file(&out, &len, &s.arena, &s.ast, &s.sources, i);
        if (!cli_fmt__same_tree(f, out, len)) {
            fprintf(stderr, "schemac fmt: %s: formatting would change the schema's meaning; "
                            "file left as it is (please report this bug)\n", f->path);
            rc = CLI_USAGE;
            continue;
        }
        bool changed = len != f->len || memcmp(out, f->text, len) != 0;
        if (mode == FMT_MODE_PRINT) {
            fwrite(out, 1, len, stdout);
        } else if (mode == FMT_MODE_CHECK) {
            if (changed) {
                fprintf(stderr, "%s: not formatted (`schemac fmt --write %s` rewrites it)\n", f->path,
                        f->path);
                if (rc == CLI_OK)
                    rc = CLI_SCHEMA_ERROR;
            }
        } else if (changed) {
            fileio_file w = {f->path, out, len};
            writes[nwrites++] = w;
        }
    }
    /* The files of a folder are rewritten together: all of them or none. */
    const char *failed = NULL;
    if (nwrites && fileio_write_files(writes, nwrites, &failed) != 0) {
        fprintf(stderr, "schemac fmt: cannot write %s: %s%s\n", failed ? failed : path, strerror(errno),
                nwrites > 1 ? " (no file rewritten)" : "");
        rc = CLI_USAGE;
    }
    /* Warnings from the parse (if any) still deserve to be seen. */
    if (s.diags.first)
        cli_report(o, &s);
    cli_schema_free(&s);
    return rc;
}
