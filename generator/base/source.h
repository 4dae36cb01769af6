/*
 * source.h - the schema's source files and positions inside them.
 *
 * A schema is one .prisma file or every .prisma file of a folder. Each file
 * is read whole into memory (with a NUL sentinel for the lexer) and keeps its
 * path for diagnostics. A span names a byte range of one file plus the
 * 1-based line and column of its start, so every later stage can point at
 * the source without keeping the lexer around.
 */
#ifndef SCHEMAC_SOURCE_H
#define SCHEMAC_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

/*
 * The cap on a schema: one file, or a folder's .prisma files together. A
 * larger one is refused with a clear error before it is read.
 */
#define SC_SOURCE_MAX_BYTES ((size_t)64 * 1024 * 1024)

typedef struct sc_span {
    uint32_t file;  /* index into sc_sources.files */
    uint32_t start; /* byte offset of the first byte */
    uint32_t end;   /* byte offset one past the last byte */
    uint32_t line;  /* 1-based line of start */
    uint32_t col;   /* 1-based column of start, counted in UTF-8 characters */
} sc_span;

typedef struct sc_file {
    const char *path; /* as given or as found in the folder */
    const char *text; /* NUL-terminated copy of the contents */
    size_t len;       /* bytes, without the sentinel */
} sc_file;

typedef struct sc_sources {
    sc_file *files;
    size_t nfiles;
    size_t cap;
} sc_sources;

typedef struct sc_diags sc_diags;

/*
 * Load a schema from PATH: a file, or a folder whose *.prisma files, in it
 * and its subfolders (as Prisma reads a schema folder; names starting with
 * '.' and folders behind symlinks are skipped), are read in path order. Each must be a regular file (a symlink to
 * one is fine): a FIFO, device or folder is refused, never opened for a
 * blocking read. Errors (missing path, unreadable or not regular file, too
 * large, empty folder) are reported into DIAGS as I/O errors.
 * Returns 0 on success, -1 on an I/O error.
 */
int source_load(sc_sources *out, arena *a, sc_diags *diags, const char *path);

/* Add an in-memory file (tests, fuzzing, stdin). Returns its index. */
uint32_t source_add(sc_sources *s, arena *a, const char *path, const char *text, size_t len);

/* The start and end (exclusive, without the newline) of the line holding OFFSET. */
void source_line_bounds(const sc_file *f, size_t offset, size_t *start, size_t *end);

/* The 1-based line and UTF-8 column of byte OFFSET in F. */
void source_position(const sc_file *f, size_t offset, uint32_t *line, uint32_t *col);

/* mkdir -p DIR (folders made 0777 minus umask); DIR must end up a folder. 0, or -1 with errno set. */
int source_mkdirs(arena *a, const char *dir);

/* A span covering A through B (same file). */
sc_span span_join(sc_span a, sc_span b);

#endif
