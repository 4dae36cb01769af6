/*
 * sqlc_project.h - a sqlc project built unchanged: its configuration
 * (sqlc.yaml, sqlc.yml or sqlc.json, versions 1 and 2) read as sqlc reads
 * it, and each package's schema, written as SQL DDL, made into the schema
 * model (docs/queries.md, "sqlc projects").
 *
 *   sqlc.yaml ──sqlc_project_read─▶ packages: engine, schema files, query files,
 *                                   naming options
 *   schema files ──sqlc_package_schema─▶ ir_schema (SQLite: run in memory and
 *                                   introspected; PostgreSQL: PostgreSQL's parser),
 *                                   views typed by the resolver, tables and
 *                                   enums named as sqlc names its structs
 *
 * Every key sqlc accepts is accepted; options that only shape sqlc's Go
 * output are read and ignored. An unknown key is an error located in the
 * configuration file, as sqlc's is.
 */
#ifndef SCHEMAC_SQLC_PROJECT_H
#define SCHEMAC_SQLC_PROJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/source.h"
#include "model/ir.h"

typedef struct sqlc_rename {
    const char *from; /* a (singular) table, enum or column name */
    const char *to;   /* the name to give it */
} sqlc_rename;

typedef struct sqlc_package {
    const char *name;      /* sql[].name (v2), packages[].name or the base name of path (v1); NULL if none */
    ir_provider engine;
    const char **schema;   /* the schema files, in the order sqlc reads them */
    size_t nschema;
    const char **queries;  /* the query files, likewise */
    size_t nqueries;
    const char *out;       /* gen.go.out (v2) or path (v1), relative to the configuration's folder; NULL if none */
    const char *package;   /* gen.go.package, else the base name of out */
    /* How sqlc names structs (gen.go options, honoured for model names). */
    bool exact_table_names;           /* emit_exact_table_names */
    const char **inflection_exclude;  /* inflection_exclude_table_names */
    size_t ninflection_exclude;
    const char **initialisms;         /* default: "id" */
    size_t ninitialisms;
    sqlc_rename *renames;             /* the package's rename, then the global one */
    size_t nrenames;
    sc_span span;          /* the package's entry in the configuration */
} sqlc_package;

typedef struct sqlc_project {
    const char *path; /* the configuration file */
    const char *dir;  /* its folder: every path in it is relative to this */
    int version;      /* 1 or 2 */
    sqlc_package *packages;
    size_t npackages;
    /* What a build system watches to see a schema or query file come or go: each folder listed (ending in '/')
     * and each glob pattern, as paths like the files' (joined to dir), in the order the configuration names them. */
    const char **watch;
    size_t nwatch;
} sqlc_project;

/*
 * Read the configuration PATH (a file, or a folder holding sqlc.yaml,
 * sqlc.yml or sqlc.json) into OUT, the file into SRC so diagnostics can
 * show its lines, and list each package's schema and query files as sqlc
 * does: globs, folders (not recursive, sorted), only *.sql, no dot files,
 * no *.down.sql. Returns the number of errors (in DIAGS, located).
 */
size_t sqlc_project_read(sqlc_project *out, arena *a, sc_sources *src, sc_diags *diags, const char *path);

/*
 * The same for a configuration already in SRC (file FILE), with paths
 * relative to DIR. EXPAND false: paths are kept as written (joined to DIR),
 * the file system is not looked at (tests, the fuzz target).
 */
size_t sqlc_project_parse(sqlc_project *out, arena *a, sc_sources *src, sc_diags *diags, uint32_t file,
                          const char *dir, bool expand);

/*
 * The schema model of PKG: its schema files read into SRC, each up to its
 * rollback part (sqlc_up_length), applied as DDL for the package's engine
 * (introspect.h), views typed from their SELECT, tables, views and enums
 * given the names sqlc gives their structs. Returns the number of errors.
 */
size_t sqlc_package_schema(ir_schema *out, arena *a, sc_sources *src, sc_diags *diags, const sqlc_package *pkg);

/*
 * The length of a schema file's up part: the text before the first line
 * that starts with a rollback marker (goose "-- +goose Down", sql-migrate
 * "-- +migrate Down", dbmate "-- migrate:down", tern "---- create above /
 * drop below ----"), compared as sqlc compares them.
 */
size_t sqlc_up_length(const char *text, size_t len);

/* jinzhu/inflection's Singular, with sqlc's own exceptions (campus, meta, calories, waves, metadata). */
const char *sqlc_singular(arena *a, const char *name);

/*
 * The name sqlc gives the struct of table (or view) NAME, or (TABLE false)
 * of enum NAME: singular unless emit_exact_table_names or excluded, renamed
 * when a rename says so, else CamelCase with the package's initialisms.
 */
const char *sqlc_struct_name(arena *a, const sqlc_package *pkg, const char *name, bool table);

#endif
