/*
 * diag.h - diagnostics: collected by every stage, rendered once by the CLI.
 *
 * Library code never prints. A stage that finds a problem adds a diagnostic
 * with a span and keeps going, so one run reports every independent error.
 * The CLI renders them gcc-style:
 *
 *     schema.prisma:12:9: error: unknown type "Strng"
 *        12 |   name  Strng
 *           |         ^~~~~
 *     note: did you mean "String"?
 *
 * or as JSON (--format json).
 */
#ifndef SCHEMAC_DIAG_H
#define SCHEMAC_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/source.h"

typedef enum sc_severity {
    SC_SEV_ERROR,
    SC_SEV_WARNING,
    SC_SEV_NOTE,
} sc_severity;

/* What kind of failure, for the exit code: schema errors exit 1, I/O and usage 2. */
typedef enum sc_diag_class {
    SC_DIAG_SCHEMA,
    SC_DIAG_IO,
} sc_diag_class;

typedef struct sc_note {
    struct sc_note *next;
    bool has_span;
    sc_span span;
    const char *message;
} sc_note;

typedef struct sc_diag {
    struct sc_diag *next;
    sc_severity severity;
    sc_diag_class klass;
    bool has_span;
    sc_span span;
    const char *code;    /* stable short identifier, e.g. "unknown-type"; never NULL */
    const char *message; /* one line, no trailing period */
    sc_note *notes;
} sc_diag;

struct sc_diags {
    arena *arena;
    sc_diag *first;
    sc_diag *last;
    unsigned nerrors;
    unsigned nwarnings;
    unsigned limit; /* stop recording errors after this many (0 = 200) */
    bool truncated; /* the limit was hit */
};

void diag_init(sc_diags *d, arena *a);

/* Add an error/warning at SPAN. CODE is a static string. Returns the diagnostic so notes can be attached. */
sc_diag *diag_error(sc_diags *d, sc_span span, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
sc_diag *diag_warning(sc_diags *d, sc_span span, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* A note of its own at SPAN (not attached to an error): information, counted as neither. */
sc_diag *diag_info(sc_diags *d, sc_span span, const char *code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* An error without a source position (I/O, usage). */
sc_diag *diag_io_error(sc_diags *d, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void diag_note(sc_diags *d, sc_diag *diag, const sc_span *span, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* "did you mean" helper: the candidate closest to NAME within a small edit distance, or NULL. */
const char *diag_suggest(const char *name, const char *const *candidates, size_t n);
/* Levenshtein distance, case-insensitive; used by diag_suggest. */
size_t diag_edit_distance(const char *a, const char *b);

typedef enum sc_diag_format {
    SC_DIAG_TEXT,
    SC_DIAG_JSON,
} sc_diag_format;

/* Render every diagnostic to OUT. COLOR adds ANSI colour (the CLI decides: TTY and no NO_COLOR). */
void diag_render(const sc_diags *d, const sc_sources *src, FILE *out, sc_diag_format fmt, bool color);

/* Sort diagnostics by file, line, column (stable), so output order does not depend on stage order. */
void diag_sort(sc_diags *d);

#endif
