/*
 * qresolve.h - one query resolved against the schema model for one dialect
 * (qresolve.c).
 */
#ifndef SCHEMAC_QRESOLVE_H
#define SCHEMAC_QRESOLVE_H

#include "queries/qinternal.h"

typedef struct q_resolution {
    q_param *params;
    size_t nparams;
    q_column *columns;
    size_t ncolumns;
    bool returns;             /* SELECT, or RETURNING: rows come back */
    const char *stmt_kind;    /* "SelectStmt", "InsertStmt", ... */
    const char *insert_table; /* INSERT: the table */
    const char *syntax_error; /* -2: the parser's message */
    sc_span syntax_span;
    q_edit *edits;            /* the select list's stars spelt out, so new columns never change the result */
    size_t nedits;
    q_edit *casts;            /* PostgreSQL: parameters its parser cannot type where they stand, written
                                 CAST($N AS type); AT and END are offsets into the canonical text (qt->pg) */
    size_t ncasts;
    const char *why;          /* -1: the first error */
    sc_span why_span;
} q_resolution;

/*
 * Parse QT's canonical text with PostgreSQL's parser and resolve it against
 * S as DIALECT (Q_SQLITE or Q_POSTGRES) reads it. REPORT: errors go to
 * DIAGS, located; else only the first is kept in out->why. Returns 0, -1
 * (the query is wrong for this dialect) or -2 (PostgreSQL's parser cannot
 * read it: out->syntax_error).
 */
int q_resolve(q_resolution *out, arena *a, const sc_sources *src, sc_diags *diags, const q_query *q, const q_text *qt,
              const ir_schema *s, unsigned dialect, bool report);

#endif
