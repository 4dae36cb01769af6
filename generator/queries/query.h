/*
 * query.h - typed SQL: the user's own queries, read from query files,
 * checked against the schema model and given typed signatures.
 *
 * Pipeline (docs/queries.md):
 *   query files ──qfile──▶ q_query (name, command, SQL as written, annotations)
 *               ──qparam─▶ placeholders numbered, SQL per dialect
 *               ──qcheck─▶ parameters and result columns typed, nullability,
 *                          errors located in the query file
 *   PostgreSQL: the query is parsed by PostgreSQL's own parser (libpg_query)
 *   and resolved against the model. SQLite: the same resolution, and the
 *   query is prepared against an in-memory database built from the model's
 *   DDL, which decides validity.
 *
 * Formats:
 *   sqlc       any number of queries per file, each after a line
 *              "-- name: Name :cmd" (or the same in a block comment);
 *   TypedSQL   one query per file (the .sql files of Prisma's prisma/sql folder): the file name
 *              is the query's name, the command is :many.
 * Both take "-- @param {Type} $N:name? description" lines.
 */
#ifndef SCHEMAC_QUERY_H
#define SCHEMAC_QUERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/scalar.h"
#include "base/source.h"
#include "cgen/cgen.h"
#include "model/ir.h"

typedef enum q_cmd {
    Q_CMD_NONE = 0,
    Q_CMD_ONE,        /* one row, or SC_ENOTFOUND */
    Q_CMD_MANY,       /* a list of rows */
    Q_CMD_EXEC,       /* run; rows are discarded */
    Q_CMD_EXECROWS,   /* run; rows affected */
    Q_CMD_EXECRESULT, /* run; rows affected and the last insert id (SQLite) */
    Q_CMD_EXECLASTID, /* run; the last insert id (SQLite) */
    Q_CMD_COPYFROM,   /* bulk insert of many parameter sets */
    Q_CMD_BATCHEXEC,  /* one statement for many parameter sets */
    Q_CMD_BATCHMANY,
    Q_CMD_BATCHONE,
} q_cmd;

const char *q_cmd_name(q_cmd c); /* ":one", ... */
q_cmd q_cmd_from_name(const char *name, size_t len);

/* The dialects a query is emitted for (bit mask). */
enum { Q_SQLITE = 1, Q_POSTGRES = 2 };

/* A value's type, named as the schema language names it. */
typedef struct q_type {
    sc_scalar scalar;      /* NONE with enum_name NULL: unknown */
    const char *enum_name; /* the enum's schema name (model: ir_enum.name, else its db name) */
    const char *enum_db;   /* the enum's database name */
    bool list;             /* PostgreSQL array */
} q_type;

bool q_type_known(const q_type *t);
bool q_type_equal(const q_type *a, const q_type *b);
/* "Int", "String[]", "Role", "unknown". */
const char *q_type_name(arena *a, const q_type *t);

typedef struct q_param {
    int number;        /* 1-based, the order of the C arguments */
    const char *name;  /* sqlc's name ("author_id", "limit", "from_created_at"); "" when it has none */
    q_type type;
    bool nullable;
    bool slice;        /* sqlc.slice(): a list expanded at run time (SQLite), = ANY on PostgreSQL */
    const char *doc;   /* @param documentation */
    sc_span span;      /* its first occurrence in the query file */
} q_param;

typedef struct q_column {
    const char *name;   /* sqlc's name; "" when it has none (the C member is column_N) */
    q_type type;
    bool nullable;
    const char *table;  /* database table it comes from unchanged, else NULL */
    const char *column; /* its database column */
    const char *schema; /* table's database schema (multi-schema PostgreSQL), else NULL */
    const char *embed;  /* sqlc.embed(): the model whose row this column stands for */
    bool embed_optional; /* the embedded table is on the optional side of an outer join */
} q_column;

/* The format of a query file. */
typedef enum q_format {
    Q_FORMAT_AUTO = 0, /* sqlc when the file has a "-- name:" line, else TypedSQL */
    Q_FORMAT_SQLC,
    Q_FORMAT_TYPEDSQL,
} q_format;

/* A "-- @param {Type} $N:alias? doc" line (Prisma TypedSQL's grammar). */
typedef struct q_annot {
    int position;          /* N of $N; 0 when not given */
    const char *alias;     /* NULL when not given */
    const char *type;      /* the text between braces; NULL when not given */
    bool nullable;         /* alias?: the parameter may be NULL */
    const char *doc;
    sc_span span;
} q_annot;

typedef struct q_query {
    const char *name;
    q_cmd cmd;
    const char *file;       /* the query file, as given */
    sc_span span;           /* the name line (sqlc) or the file's first byte (TypedSQL) */
    sc_span sql_span;       /* the statement */
    const char *doc;        /* comment lines around the query, joined by '\n' */
    const char *sql;        /* as written, comment lines and the name line removed */
    const uint32_t *sql_map; /* the file offset of each byte of sql */
    size_t sql_len;
    unsigned dialects;      /* Q_SQLITE | Q_POSTGRES: where it checked and is emitted */
    const char *sql_sqlite; /* with ?NNN placeholders; NULL when not for SQLite */
    const char *sql_postgres; /* with $N placeholders; NULL when not for PostgreSQL */
    const char *why_not;    /* why one dialect is missing (a note), else NULL */
    q_param *params;
    size_t nparams;
    q_column *columns;
    size_t ncolumns;
    const char *model_row;  /* the columns are exactly this model's row (its schema name), else NULL */
    const char *insert_table; /* :copyfrom: the table inserted into */
    bool has_slice;
    uint32_t source;        /* the source file index */
    q_format format;      /* Q_FORMAT_SQLC or Q_FORMAT_TYPEDSQL */
    q_annot *annots;
    size_t nannots;
} q_query;

typedef struct q_set {
    q_query *items;
    size_t n;
} q_set;


/*
 * Read PATHS (files, or folders whose *.sql files are read in name order,
 * not recursively) into SRC (so diagnostics can show the lines) and cut them
 * into queries. Problems go to DIAGS, located. Returns the number of errors.
 */
size_t q_read(q_set *out, arena *a, sc_sources *src, sc_diags *diags, const char *const *paths, size_t npaths,
              q_format format, ir_provider provider);

/* Cut one query file TEXT (source FILE in SRC) into queries (exposed for tests and the fuzz target). */
size_t q_read_text(q_set *out, arena *a, const sc_sources *src, sc_diags *diags, uint32_t file, q_format format,
                   ir_provider provider);

/*
 * Check every query of SET against SCHEMA (its provider is the primary
 * dialect: a query must be valid there; the other dialect is tried and
 * emitted where the query is valid and types the same). Fills params,
 * columns, SQL per dialect. Returns the number of errors (in DIAGS).
 */
size_t q_check(q_set *set, arena *a, const sc_sources *src, sc_diags *diags, const ir_schema *schema);

/*
 * Check the checked queries of SET against the live database at URL too
 * (`--database-url`): prepared and described there, never run; every
 * disagreement with the inferred types is an error. Returns the number of
 * errors.
 */
size_t q_check_live(q_set *set, arena *a, sc_diags *diags, const char *url);

/*
 * Free the memory PostgreSQL's parser keeps for this thread, once, when the
 * thread is done with queries and SQL DDL: libpg_query 15-4.0.0 cannot
 * parse again after it (so q_check and the DDL readers never call it).
 */
void q_parser_release(void);

/*
 * The C code of the checked queries of SET (docs/queries.md, "The generated
 * C"): PREFIX_queries.h, which includes the CRUD API's PREFIX.h, and
 * PREFIX_queries.c. S and O are what cgen_generate was given;
 * CRUD_HEADERS[0..NCRUD) are the texts of the headers it wrote, whose
 * names a query may not take. A name a query would take twice is an error
 * at the query's name line (DIAGS); returns the number of errors (OUT is
 * filled only when 0).
 */
typedef struct q_cgen_output {
    char *header_name; /* "blog_queries.h" */
    char *header;
    char *source_name; /* "blog_queries.c" */
    char *source;
} q_cgen_output;

size_t q_cgen(q_cgen_output *out, arena *a, sc_diags *diags, const q_set *set, const ir_schema *s,
              const cgen_options *o, const char *const *crud_headers, size_t ncrud);
/* "PREFIX_queries.h" */
const char *q_cgen_header_name(arena *a, const char *prefix);

/* The queries as JSON text (`schemac queries --format json`; docs/queries.md). */
char *q_to_json(arena *a, const q_set *set);

#endif
