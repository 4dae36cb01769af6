/*
 * cli_pull.h - `schemac pull`: a database as a schema file, and what
 * `schemac seed` shares with it (opening and reading a database by URL).
 */
#ifndef SCHEMAC_CLI_PULL_H
#define SCHEMAC_CLI_PULL_H

#include "cli/cli.h"
#include "model/ir.h"

struct sc_conn;

/* The subcommand; ARGV[0] is "pull". Exit 0 ok, 1 an internal failure to write a valid schema, 2 usage or I/O. */
int cli_pull(const cli_options *o, int argc, char **argv);

/*
 * Open URL for COMMAND through libschemac, refusing an SQLite path that does
 * not exist (opening would create it). *PROVIDER gets the database, *DISPLAY
 * the URL without its password. CLI_OK, or CLI_USAGE after printing why.
 */
int cli_open_database(arena *a, const char *command, const char *url, struct sc_conn **out, ir_provider *provider,
                      const char **display);

/* Introspect CONN (PostgreSQL: schema "public") with views, comments and identity columns. */
int cli_introspect_database(arena *a, const char *command, struct sc_conn *conn, ir_provider provider, ir_schema *out);
/* The same for the NSCHEMAS schemas SCHEMAS of a multi-schema PostgreSQL datasource (none: as above). */
int cli_introspect_database_in(arena *a, const char *command, struct sc_conn *conn, ir_provider provider,
                               const char *const *schemas, size_t nschemas, ir_schema *out);

/*
 * The schema `pull` writes for CONN, checked and lowered into *IR (allocated
 * in S, which the caller frees with cli_schema_free whatever this returns).
 * What `seed` and `explain` use when no schema file is given.
 */
int cli_pull_model(const cli_options *o, cli_schema *s, const char *command, struct sc_conn *conn,
                   ir_provider provider, ir_schema *ir);

#endif
