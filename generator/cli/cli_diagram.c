/*
 * cli_diagram.c - `schemac diagram [--format mermaid|dot]
 * [--dialect sqlite|postgresql] PATH`: print an ER diagram of the schema
 * (Mermaid erDiagram by default, or Graphviz DOT) to stdout.
 *
 * The schema is loaded, checked and lowered exactly as `schemac sql` does
 * it (cli_ir_lower), so both accept and refuse the same schemas with the
 * same diagnostics and exit codes, and print nothing on stdout on failure.
 * Column types are the --dialect's DDL spelling, or the Prisma types when
 * no dialect is given.
 */
#include "cli/cli_diagram.h"

#include <string.h>

#include "base/arena.h"
#include "cli/cli_ir.h"
#include "intel/diagram.h"

/*
 * Take `--format mermaid|dot` out of ARGV into *FORMAT and leave the rest,
 * in order, in OUT (OUT[0] is the command name) for cli_ir_args. Returns 0,
 * or the usage exit code after printing why.
 */
static int cli_diagram_format(diagram_format *format, int argc, char **argv, char **out, int *nout)
{
    *format = DIAGRAM_MERMAID;
    int n = 0;
    out[n++] = argv[0];
    for (int i = 1; i < argc; i++) {
        const char *value;
        if (strcmp(argv[i], "--format") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("diagram", "--format needs a value (mermaid or dot)");
            value = argv[++i];
        } else if (strncmp(argv[i], "--format=", 9) == 0) {
            value = argv[i] + 9;
        } else {
            out[n++] = argv[i];
            continue;
        }
        if (diagram_format_from_name(format, value) != 0)
            return cli_usage_error("diagram", "unknown diagram format '%s' (expected mermaid or dot)", value);
    }
    *nout = n;
    return 0;
}

int cli_diagram(const cli_options *o, int argc, char **argv)
{
    diagram_options opt = DIAGRAM_OPTIONS_INIT;
    arena scratch;
    arena_init(&scratch);
    char **rest = ARENA_ARRAY(&scratch, char *, (size_t)argc + 1);
    int nrest = 0;
    const char *path;
    int rc = cli_diagram_format(&opt.format, argc, argv, rest, &nrest);
    if (!rc)
        rc = cli_ir_args("diagram", nrest, rest, &path, &opt.dialect);
    arena_free(&scratch);
    if (rc)
        return rc;
    cli_schema s;
    ir_schema ir;
    rc = cli_ir_lower(o, &s, &ir, path, opt.dialect);
    if (rc == CLI_OK)
        fputs(diagram_render(&s.arena, &ir, &opt), stdout);
    cli_schema_free(&s);
    return rc;
}
