/*
 * cli_ir.h - what `schemac ir` and `schemac sql` share: their arguments.
 */
#ifndef SCHEMAC_CLI_IR_H
#define SCHEMAC_CLI_IR_H

#include "ddl.h"

/*
 * Parse `[--dialect sqlite|postgresql] PATH` for COMMAND. *DIALECT is NULL
 * when not given. Returns 0, or the usage exit code after printing why.
 */
int cli_ir_args(const char *command, int argc, char **argv, const char **path, const ddl_dialect **dialect);

#endif
