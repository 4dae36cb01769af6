/*
 * diagram.h - entity-relationship diagrams drawn from the schema model:
 * Mermaid `erDiagram` text and Graphviz DOT.
 *
 * Both formats show the same facts, read from the IR only: one entity per
 * table (join tables included) with its columns, their types and PK/FK/UK
 * markers, one entity per enum with its values, and one relationship per
 * foreign key whose crow's-foot ends follow from the nullability and
 * uniqueness of the key's columns. The output follows the model's canonical
 * order, so equal models give byte-identical diagrams.
 *
 * Every name passes through one escaping function per target syntax, so
 * no table, column or enum name can break the diagram's grammar; see
 * docs/diagram.md for what each syntax cannot carry and how it is shown.
 */
#ifndef SCHEMAC_DIAGRAM_H
#define SCHEMAC_DIAGRAM_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "ddl/ddl.h"
#include "model/ir.h"

typedef enum diagram_format {
    DIAGRAM_MERMAID = 0,
    DIAGRAM_DOT,
} diagram_format;

typedef struct diagram_options {
    unsigned version;
    diagram_format format;
    /* Spell column types as this dialect's DDL does; NULL: the Prisma scalar ("String", "Int[]", enum name). */
    const ddl_dialect *dialect;
} diagram_options;

#define DIAGRAM_OPTIONS_VERSION 1
#define DIAGRAM_OPTIONS_INIT {DIAGRAM_OPTIONS_VERSION, DIAGRAM_MERMAID, NULL}

/* "mermaid" or "dot" to a format; 0, or -1 for another name. */
int diagram_format_from_name(diagram_format *out, const char *name);

/* How many rows one end of a relationship may have for each row of the other end. */
typedef enum diagram_card {
    DIAGRAM_CARD_ONE = 0,     /* exactly one */
    DIAGRAM_CARD_ZERO_OR_ONE,
    DIAGRAM_CARD_MANY,        /* zero or more */
} diagram_card;

/* The shape of the relationship a foreign key draws. */
typedef struct diagram_link {
    diagram_card parent; /* referenced rows per referencing row: ONE, or ZERO_OR_ONE when a key column is nullable */
    diagram_card child;  /* referencing rows per referenced row: ZERO_OR_ONE when the key columns are unique, else MANY */
    bool identifying;    /* every key column is part of the referencing table's primary key */
} diagram_link;

/*
 * The relationship that foreign-key columns COLUMNS (N of them) of table T
 * draw. The columns are unique when T's primary key or a unique index
 * without a WHERE predicate lies within them.
 */
diagram_link diagram_link_of(const ir_table *t, const char *const *columns, size_t n);

/* ---------------------------------------------------------------- escaping */

/*
 * TEXT inside Mermaid double quotes (entity names, relationship labels,
 * attribute comments): '"' becomes '\'', the other characters Mermaid's
 * lexer cannot carry there (% \ # ~ and control characters) become '_',
 * and so does the whitespace after "direction", since Mermaid reads
 * "direction lr" anywhere on a line as a layout statement. The quotes are
 * not added.
 */
const char *diagram_mermaid_text(arena *a, const char *text);

/*
 * TEXT as one Mermaid attribute word (a column name, a type, an enum
 * value): letters, digits, non-ASCII from U+00C0 on (but not the Unicode
 * spaces there, which Mermaid's lexer skips as whitespace) and - _ [ ]
 * ( ) . , stay, anything else becomes '_', and a word that would start with
 * another character or read as a key marker (PK, FK, UK) gets a leading
 * '_'. *CHANGED (may be NULL) tells whether the word differs from TEXT.
 */
const char *diagram_mermaid_word(arena *a, const char *text, bool *changed);

/*
 * TEXT for a Graphviz HTML-like label: & < > " and ' as entities, control
 * characters, U+FFFE, U+FFFF (not XML characters) and bytes that are not
 * UTF-8 as U+FFFD.
 */
const char *diagram_html_text(arena *a, const char *text);

/* ---------------------------------------------------------------- rendering */

/*
 * The column's type as the diagram shows it: the dialect's DDL spelling
 * with identifier quotes removed ("Role"[] -> Role[]), or without a dialect
 * the Prisma type (scalar or enum name, "[]" for lists, Unsupported("x")).
 */
const char *diagram_column_type(arena *a, const ir_schema *s, const ir_column *c, const ddl_dialect *d);

/* The whole diagram of S, ending in a newline. Allocated in A. */
char *diagram_render(arena *a, const ir_schema *s, const diagram_options *opt);

#endif
