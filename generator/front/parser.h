/*
 * parser.h - the front end's entry point: lexer (lexer.re) + grammar (grammar.y).
 *
 * parse_schema() lexes and parses every file of SRC into one ast_schema.
 * Syntax errors are added to DIAGS (code "syntax", message `near "X": ...`)
 * and parsing resumes at the next member or block, so one run reports every
 * independent error. Input that is not a schema at all (binary data, invalid
 * UTF-8, absurd nesting) gives a clear error, never a crash or a hang.
 */
#ifndef SCHEMAC_PARSER_H
#define SCHEMAC_PARSER_H

#include "base/arena.h"
#include "front/ast.h"
#include "base/diag.h"
#include "base/source.h"

/* Deeper nesting of arrays/objects/calls than this is an error, not a stack overflow. */
#define SC_PARSE_MAX_DEPTH 64

/* Returns 0 when no syntax error was found, -1 otherwise. OUT is usable either way. */
int parse_schema(ast_schema *out, arena *a, const sc_sources *src, sc_diags *diags);

#endif
