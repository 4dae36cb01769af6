/*
 * sqltext.h - writing user text into SQL safely, for every stage that
 * writes SQL: quoted names, string literals, and comment lines.
 */
#ifndef SCHEMAC_SQLTEXT_H
#define SCHEMAC_SQLTEXT_H

#include "base/arena.h"
#include "base/strbuf.h"

/* "name" with inner double quotes doubled: any name survives. NULL is "". */
const char *sqltext_ident(arena *a, const char *name);
/* The same appended to B. */
void sqltext_put_ident(strbuf *b, const char *name);
/* 'text' with inner single quotes doubled (a backslash is an ordinary character:
   PostgreSQL connections keep standard_conforming_strings on). NULL is ''. */
const char *sqltext_string(arena *a, const char *text);
/*
 * TEXT for a "-- " SQL comment line: control characters (a line end would
 * end the comment and turn the rest into SQL) and DEL as escapes (\n, \r,
 * \t, \xNN).
 */
const char *sqltext_comment(arena *a, const char *text);

#endif
