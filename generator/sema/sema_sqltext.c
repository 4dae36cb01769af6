/*
 * sema_sqltext.c - SQL text a schema carries (@check and @@check
 * conditions, dbgenerated() defaults, raw() index conditions,
 * Unsupported("...") types) goes into DDL and migration files as it is
 * written. It must stay one expression or type: text that could end the
 * statement, comment out what follows, or reach past its parentheses is
 * refused here, for the dialect being built (both when the schema names none).
 */
#include "sema/sema_internal.h"

#include <string.h>

#include "base/sqlscan.h"

static bool sqltext__one(sema_ctx *c, sqlscan_dialect d, const char *text, size_t len, sc_span span,
                         const char *what)
{
    size_t at = 0;
    const char *why = sqlscan_fragment_check(d, text, len, &at);
    if (!why)
        return true;
    sc_diag *dg = diag_error(c->diags, span, "invalid-sql-text",
                             "%s must be one SQL %s, but it holds %s (at byte %zu)", what,
                             strstr(what, "type") ? "type" : "expression", why, at + 1);
    diag_note(c->diags, dg, NULL,
              "SQL text from a schema is put into DDL and migration files as written: it cannot hold ';', "
              "comments, control characters or unbalanced parentheses, quotes or quoted names");
    return false;
}

bool sema_check_sql_text(sema_ctx *c, const char *text, sc_span span, const char *what)
{
    if (!text)
        return true;
    size_t len = strlen(text);
    sc_provider p = c->target != SC_PROVIDER_NONE ? c->target : c->provider;
    if (p == SC_PROVIDER_POSTGRESQL)
        return sqltext__one(c, SQLSCAN_POSTGRES, text, len, span, what);
    if (p == SC_PROVIDER_SQLITE)
        return sqltext__one(c, SQLSCAN_SQLITE, text, len, span, what);
    return sqltext__one(c, SQLSCAN_POSTGRES, text, len, span, what) &&
           sqltext__one(c, SQLSCAN_SQLITE, text, len, span, what);
}
