/*
 * cli_sql.c - `schemac sql [--dialect sqlite|postgresql] PATH`: print the
 * DDL that creates the schema in an empty database. The dialect defaults
 * to the datasource provider; another dialect is checked against that
 * database's rules first (sema_check_dialect). Exit 0 ok, 1 schema errors, 2 usage or I/O.
 */
#include "cli/cli.h"

#include "cli/cli_ir.h"
#include "ddl/ddl.h"
#include "model/ir.h"


int cli_sql(const cli_options *o, int argc, char **argv)
{
    const char *path;
    const ddl_dialect *d;
    int rc = cli_ir_args("sql", argc, argv, &path, &d);
    if (rc)
        return rc;
    cli_schema s;
    ir_schema ir;
    rc = cli_ir_lower(o, &s, &ir, path, d);
    if (rc == CLI_OK) {
        if (!d)
            d = ddl_dialect_for(ir.provider);
        if (!d) {
            rc = cli_usage_error("sql", "the schema has no datasource naming its database; pass --dialect sqlite|postgresql");
        } else {
            fputs(ddl_create_script(&s.arena, d, &ir), stdout);
        }
    }
    cli_schema_free(&s);
    return rc;
}
