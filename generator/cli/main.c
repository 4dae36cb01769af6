/*
 * main.c - the schemac command line: global options and dispatch.
 *
 * Global options may stand before or after the command:
 *   --format text|json   diagnostics format (json goes to stdout)
 *   --color / --no-color colour in text diagnostics (default: stderr is a
 *                        TTY and NO_COLOR is unset)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_diagram.h"
#include "cli/cli_lint.h"
#include "cli/cli_pull.h"
#include "cli/cli_seed.h"
#include "cli/cli_explain.h"

#ifndef SCHEMAC_VERSION
#define SCHEMAC_VERSION "0.1.0"
#endif

typedef struct cli_command {
    const char *name;
    int (*run)(const cli_options *o, int argc, char **argv);
    const char *usage;
} cli_command;

static const cli_command commands[] = {
    {"check", cli_check, "check PATH                       parse and check a schema (file or folder)"},
    {"fmt", cli_fmt, "fmt [--check|--write] PATH       print a schema in canonical layout (or check/rewrite it)"},
    {"ir", cli_ir, "ir [--dialect D] PATH            print the schema model (IR) as JSON"},
    {"sql", cli_sql, "sql [--dialect sqlite|postgresql] PATH  print the DDL that creates the schema"},
    {"diagram", cli_diagram, "diagram [--format mermaid|dot] [--dialect D] PATH  print an ER diagram of the schema"},
    {"lint", cli_lint, "lint [--dialect D] [--strict] PATH  report risky but valid constructs (docs/lint.md)"},
    {"generate", cli_generate, "generate SCHEMA -o DIR [--prefix P] [--queries PATH...] [--templates DIR] [--split|--no-split] [--list-outputs]  write PREFIX.h and PREFIX.c (and a source per model; PREFIX_queries.h/.c with typed queries, docs/queries.md)\n"
                               "  generate --sqlc sqlc.yaml -o DIR [--list-outputs | --list-inputs]  C for a sqlc project instead of Go"},
    {"queries", cli_queries, "queries SCHEMA --queries PATH... [--database-url URL]  check typed SQL queries and print their signatures (--format json before the command: JSON)\n"
                             "  queries --sqlc sqlc.yaml          the same for a sqlc project (SQL DDL schema)"},
    {"pull", cli_pull, "pull --url URL [-o FILE] [--schema FILE]  write a schema from a live database (docs/pull.md)"},
    {"seed", cli_seed, "seed --url URL [--schema S] [--rows N | --rows Model=N,...] [--seed K]  fill a database with realistic rows (docs/seed.md)"},
    {"explain", cli_explain, "explain SCHEMA [--queries PATH...] [--url URL] [--strict] [--prefix P] [--format json]  plan every query, propose indexes (docs/explain.md)"},
    {"migrate", cli_migrate, "migrate diff|apply|status|rollback|check|baseline|hash  migrations (migrate help)"},
};

/* The usage on OUT: every command's lines, or with ONLY set that command's alone. */
static void usage(FILE *out, const char *only)
{
    fprintf(out, "usage: schemac [--format text|json] [--color|--no-color] COMMAND [ARGS]\n\n%s", only ? "" : "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!only || strcmp(commands[i].name, only) == 0)
            fprintf(out, "  %s\n", commands[i].usage);
    if (!only)
        fprintf(out, "  help                             this text\n  version                          print the version\n");
}

int main(int argc, char **argv)
{
    cli_options o = {SC_DIAG_TEXT, false};
    const char *no_color = getenv("NO_COLOR");
    o.color = isatty(fileno(stderr)) && !(no_color && *no_color);

    /* Pull the global options out of argv, wherever they stand. */
    int n = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *fmt = NULL;
        if (strcmp(a, "--format") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("", n > 0 && strcmp(argv[1], "diagram") == 0
                                               ? "--format needs a value (mermaid or dot)"
                                               : "--format needs a value (text or json)");
            fmt = argv[++i];
        } else if (strncmp(a, "--format=", 9) == 0) {
            fmt = a + 9;
        } else if (strcmp(a, "--color") == 0) {
            o.color = true;
            continue;
        } else if (strcmp(a, "--no-color") == 0) {
            o.color = false;
            continue;
        } else {
            argv[++n] = argv[i];
            continue;
        }
        if (strcmp(fmt, "json") == 0)
            o.format = SC_DIAG_JSON;
        else if (strcmp(fmt, "text") == 0)
            o.format = SC_DIAG_TEXT;
        else if (n > 0 && strcmp(argv[1], "diagram") == 0) {
            /* `diagram --format mermaid|dot` names the diagram's format: the command reads it. */
            argv[++n] = (char *)a;
            if (strcmp(a, "--format") == 0)
                argv[++n] = argv[i];
        } else
            return cli_usage_error("", "unknown format '%s' (expected text or json)", fmt);
    }
    argc = n + 1;
    if (argc < 2) {
        usage(stderr, NULL);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        usage(stdout, NULL);
        return CLI_OK;
    }
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("schemac %s\n", SCHEMAC_VERSION);
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(commands[i].name, cmd) != 0)
            continue;
        /* COMMAND --help (or -h): its lines of the usage; migrate has a help of its own. */
        for (int k = 2; k < argc && strcmp(cmd, "migrate") != 0; k++)
            if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
                usage(stdout, cmd);
                return fflush(stdout) == 0 ? CLI_OK : CLI_USAGE;
            }
        return commands[i].run(&o, argc - 1, argv + 1);
    }
    if (cmd[0] == '-') {
        fprintf(stderr, "schemac: unknown option '%s'\n", cmd);
    } else {
        const char *names[sizeof commands / sizeof commands[0] + 2];
        size_t nn = 0;
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            names[nn++] = commands[i].name;
        names[nn++] = "help";
        names[nn++] = "version";
        const char *hint = diag_suggest(cmd, names, nn);
        if (hint)
            fprintf(stderr, "schemac: unknown command '%s' (did you mean '%s'?)\n", cmd, hint);
        else
            fprintf(stderr, "schemac: unknown command '%s'\n", cmd);
    }
    usage(stderr, NULL);
    return CLI_USAGE;
}
