/*
 * cli_lint.h - `schemac lint`: the lint findings (lint.h) of a schema on the
 * command line.
 */
#ifndef SCHEMAC_CLI_LINT_H
#define SCHEMAC_CLI_LINT_H

#include "cli/cli.h"

/*
 * `schemac lint [--dialect sqlite|postgresql] [--strict] PATH`. Exit 0 when
 * the schema is valid (findings are warnings and notes), 1 on schema errors
 * or, with --strict, on any finding, 2 on usage or I/O errors.
 */
int cli_lint(const cli_options *o, int argc, char **argv);

#endif
