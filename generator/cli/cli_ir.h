/*
 * cli_ir.h - what `schemac ir` and `schemac sql` share: their arguments
 * and the load-check-lower steps before their output.
 */
#ifndef SCHEMAC_CLI_IR_H
#define SCHEMAC_CLI_IR_H

#include "cli/cli.h"
#include "ddl/ddl.h"
#include "model/ir.h"

/*
 * Parse `[--dialect sqlite|postgresql] PATH` for COMMAND. *DIALECT is NULL
 * when not given. Returns 0, or the usage exit code after printing why.
 */
int cli_ir_args(const char *command, int argc, char **argv, const char **path, const ddl_dialect **dialect);

/*
 * When TARGET (an --dialect) differs from the datasource provider of S, check
 * S against TARGET's rules too (sema_check_dialect), adding any errors to
 * S's diagnostics. Call after cli_schema_load and before cli_report, so a
 * schema that does not fit the requested database never reaches lowering.
 */
void cli_check_dialect(cli_schema *s, ir_provider target);

/*
 * Before lowering S to build something from it (DDL, code, a migration):
 * refuse what schemac cannot build faithfully (sema_check_buildable). Adds
 * errors to S's diagnostics; a no-op when S already has errors.
 */
void cli_check_buildable(cli_schema *s);

/*
 * The front half that `ir` and `sql` share, so both accept and reject the
 * same schemas: load PATH into S, check it against DIALECT (when not NULL),
 * print the diagnostics, and on CLI_OK lower it into IR with DIALECT's
 * conventions. Returns cli_report's exit code; free S with cli_schema_free
 * whatever it returns.
 */
int cli_ir_lower(const cli_options *o, cli_schema *s, ir_schema *ir, const char *path, const ddl_dialect *dialect);

#endif
