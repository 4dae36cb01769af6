/*
 * cli_check.c - `schemac check [PATH]`: parse and check a schema, report
 * every problem. Exit 0 clean, 1 schema errors, 2 usage or I/O errors.
 */
#include "cli/cli.h"

#include <string.h>

int cli_check(const cli_options *o, int argc, char **argv)
{
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            return cli_usage_error("check", "unknown option '%s'", argv[i]);
        if (path)
            return cli_usage_error("check", "expected one schema path, got '%s' too", argv[i]);
        path = argv[i];
    }
    if (!path)
        return cli_usage_error("check", "missing schema path (a .prisma file or a folder)");
    cli_schema s;
    cli_schema_load(&s, path);
    int rc = cli_report(o, &s);
    if (rc == CLI_OK && o->format == SC_DIAG_TEXT)
        printf("%s: ok\n", path);
    cli_schema_free(&s);
    return rc;
}
