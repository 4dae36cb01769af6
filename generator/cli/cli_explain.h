/*
 * cli_explain.h - `schemac explain`: every generated and typed query through
 * the planner, with index advice (docs/explain.md).
 */
#ifndef SCHEMAC_CLI_EXPLAIN_H
#define SCHEMAC_CLI_EXPLAIN_H

#include "cli/cli.h"

/* The subcommand; ARGV[0] is "explain". Exit 0 ok (or findings without --strict), 1 findings with --strict or a schema/query error, 2 usage. */
int cli_explain(const cli_options *o, int argc, char **argv);

#endif
