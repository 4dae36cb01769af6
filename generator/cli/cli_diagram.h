/*
 * cli_diagram.h - `schemac diagram [--format mermaid|dot]
 * [--dialect sqlite|postgresql] PATH`: an ER diagram of the schema.
 */
#ifndef SCHEMAC_CLI_DIAGRAM_H
#define SCHEMAC_CLI_DIAGRAM_H

#include "cli/cli.h"

/* The subcommand; ARGV[0] is "diagram". Exit 0 ok, 1 schema errors, 2 usage or I/O errors. */
int cli_diagram(const cli_options *o, int argc, char **argv);

#endif
