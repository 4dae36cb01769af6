/*
 * cli_seed.h - `schemac seed`: deterministic, realistic rows in a database
 * (docs/seed.md).
 */
#ifndef SCHEMAC_CLI_SEED_H
#define SCHEMAC_CLI_SEED_H

#include "cli/cli.h"

/* The subcommand; ARGV[0] is "seed". Exit 0 ok, 1 the rows could not be made or written, 2 usage or I/O. */
int cli_seed(const cli_options *o, int argc, char **argv);

#endif
