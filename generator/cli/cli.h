/*
 * cli.h - the schemac command line: one function per subcommand.
 *
 * main.c parses the global options and dispatches to cli_<command>(), each
 * in its own file (cli_check.c, cli_fmt.c, cli_sql.c, ...). A command returns
 * the process exit code: 0 ok, 1 schema errors (or --check found changes),
 * 2 usage or I/O errors. Commands print results to stdout and diagnostics to
 * stderr through cli_report().
 */
#ifndef SCHEMAC_CLI_H
#define SCHEMAC_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "base/arena.h"
#include "front/ast.h"
#include "base/diag.h"
#include "base/source.h"

enum { CLI_OK = 0, CLI_SCHEMA_ERROR = 1, CLI_USAGE = 2 };

typedef struct cli_options {
    sc_diag_format format; /* --format text|json */
    bool color;            /* decided once: stderr is a TTY and NO_COLOR is unset */
} cli_options;

/*
 * A loaded schema: files read, parsed and (if parse succeeded) checked.
 * Everything lives in ctx->arena; cli_schema_free() releases it.
 */
typedef struct cli_schema {
    arena arena;
    sc_sources sources;
    sc_diags diags;
    ast_schema ast;
    bool io_failed;     /* the path could not be read */
    bool parse_failed;  /* syntax errors */
    bool sema_failed;   /* semantic errors */
} cli_schema;

/* Load PATH (file or folder), parse and check it. Returns 0 when error-free. */
int cli_schema_load(cli_schema *s, const char *path);

/* The base name of PATH without its extension, every character outside [A-Za-z0-9] as '_': "a/blog.prisma" -> "blog". */
const char *cli_base_name(arena *a, const char *path);

/* The C prefix of a sqlc package: gen.go's package, else its name, else "db" (what generate --sqlc writes). */
struct sqlc_package;
const char *cli_sqlc_prefix(arena *a, const struct sqlc_package *pkg);
void cli_schema_free(cli_schema *s);

/* Print the diagnostics of S to stderr and return the exit code they imply. */
int cli_report(const cli_options *o, cli_schema *s);

/* Print a usage error for COMMAND to stderr; returns CLI_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The subcommands. ARGV[0] is the command name. */
int cli_check(const cli_options *o, int argc, char **argv);
int cli_fmt(const cli_options *o, int argc, char **argv);
int cli_ir(const cli_options *o, int argc, char **argv);
int cli_sql(const cli_options *o, int argc, char **argv);
int cli_migrate(const cli_options *o, int argc, char **argv);
int cli_generate(const cli_options *o, int argc, char **argv);
/* The prefix `generate` names S's C with when no --prefix is given: its schemac generator block's, else
 * SCHEMA_PATH's base name (cli_generate.c). */
const char *cli_generate_prefix(cli_schema *s, const char *schema_path);
int cli_queries(const cli_options *o, int argc, char **argv);

#endif
