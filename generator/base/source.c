/*
 * source.c - loading schema files and mapping byte offsets to positions.
 */
#include "base/source.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/diag.h"
#include "base/fileio.h"

uint32_t source_add(sc_sources *s, arena *a, const char *path, const char *text, size_t len)
{
    if (s->nfiles == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        s->files = arena_grow(a, s->files, s->cap * sizeof(sc_file), cap * sizeof(sc_file));
        s->cap = cap;
    }
    sc_file *f = &s->files[s->nfiles];
    f->path = arena_strdup(a, path);
    f->text = arena_strndup(a, text, len); /* adds the NUL sentinel */
    f->len = len;
    return (uint32_t)s->nfiles++;
}

/* Add a file whose TEXT (NUL-terminated, LEN bytes) already lives in the arena. */
static void source__add_read(sc_sources *s, arena *a, const char *path, const char *text, size_t len)
{
    if (s->nfiles == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        s->files = arena_grow(a, s->files, s->cap * sizeof(sc_file), cap * sizeof(sc_file));
        s->cap = cap;
    }
    sc_file *f = &s->files[s->nfiles++];
    f->path = arena_strdup(a, path);
    f->text = text;
    f->len = len;
}

/*
 * Read one regular file whole, at most MAX bytes (what is left of the
 * schema's cap); IN_DIR names the folder it belongs to, for the message when
 * the folder's files together pass the cap. Reports its own errors;
 * returns 0, -1, or -2 when the file passes MAX.
 */
static int source__read_file(sc_sources *s, arena *a, sc_diags *d, const char *path, size_t max, const char *in_dir)
{
    char *text = NULL;
    size_t len = 0;
    const char *err = NULL;
    if (fileio_read(a, path, max, &text, &len, &err) != 0) {
        bool too_large = errno == EFBIG;
        if (too_large && in_dir && max < SC_SOURCE_MAX_BYTES)
            diag_io_error(d, "%s: the schema folder is too large (its .prisma files may hold at most %zu MiB in all)",
                          in_dir, SC_SOURCE_MAX_BYTES / (1024 * 1024));
        else
            diag_io_error(d, "%s", err);
        return too_large ? -2 : -1;
    }
    source__add_read(s, a, path, text, len);
    return 0;
}

static int source__cmp_names(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int source__has_suffix(const char *name, const char *suffix)
{
    size_t n = strlen(name), m = strlen(suffix);
    return n > m && strcmp(name + n - m, suffix) == 0;
}

typedef struct source__names {
    char **v;
    size_t n, cap;
    bool failed;
} source__names;

/*
 * The *.prisma files inside DIR and its subfolders (as Prisma reads a schema
 * folder), skipping names that start with '.' and folders reached through a
 * symlink (no loops). DEPTH bounds the nesting.
 */
static void source__collect(source__names *out, arena *a, sc_diags *d, const char *dir, int depth)
{
    if (depth > 32) {
        diag_io_error(d, "%s: schema folders nest more than 32 deep", dir);
        out->failed = true;
        return;
    }
    DIR *dp = opendir(dir);
    if (!dp) {
        diag_io_error(d, "cannot open folder %s: %s", dir, strerror(errno));
        out->failed = true;
        return;
    }
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        const char *path = arena_printf(a, "%s%s%s", dir, source__has_suffix(dir, "/") ? "" : "/", e->d_name);
        struct stat lst;
        if (lstat(path, &lst) != 0)
            continue;
        if (S_ISDIR(lst.st_mode)) {
            source__collect(out, a, d, path, depth + 1);
            continue;
        }
        if (!source__has_suffix(e->d_name, ".prisma"))
            continue;
        if (out->n == out->cap) {
            size_t ncap = out->cap ? out->cap * 2 : 16;
            char **grown = realloc(out->v, ncap * sizeof(char *));
            if (!grown) {
                diag_io_error(d, "out of memory");
                out->failed = true;
                break;
            }
            out->v = grown;
            out->cap = ncap;
        }
        out->v[out->n++] = (char *)path;
    }
    closedir(dp);
}

/* Every *.prisma file inside DIR, subfolders included, in path order. */
static int source__read_dir(sc_sources *s, arena *a, sc_diags *d, const char *dir)
{
    source__names names = {NULL, 0, 0, false};
    source__collect(&names, a, d, dir, 0);
    int rc = names.failed ? -1 : 0;
    if (names.n == 0 && !names.failed) {
        diag_io_error(d, "no .prisma files in folder %s (or its subfolders)", dir);
        rc = -1;
    }
    if (names.n)
        qsort(names.v, names.n, sizeof(char *), source__cmp_names);
    size_t used = 0;
    for (size_t i = 0; i < names.n; i++) {
        int r = source__read_file(s, a, d, names.v[i], SC_SOURCE_MAX_BYTES - used, dir);
        if (r != 0) {
            rc = -1;
            if (r == -2)
                break; /* the cap is spent: the rest would only repeat it */
            continue;
        }
        used += s->files[s->nfiles - 1].len;
    }
    free(names.v);
    return rc;
}

int source_load(sc_sources *out, arena *a, sc_diags *diags, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        diag_io_error(diags, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode))
        return source__read_dir(out, a, diags, path);
    return source__read_file(out, a, diags, path, SC_SOURCE_MAX_BYTES, NULL);
}

void source_line_bounds(const sc_file *f, size_t offset, size_t *start, size_t *end)
{
    if (offset > f->len)
        offset = f->len;
    size_t s = offset;
    while (s > 0 && f->text[s - 1] != '\n')
        s--;
    size_t e = offset;
    while (e < f->len && f->text[e] != '\n')
        e++;
    if (e > s && f->text[e - 1] == '\r')
        e--;
    *start = s;
    *end = e;
}

void source_position(const sc_file *f, size_t offset, uint32_t *line, uint32_t *col)
{
    if (offset > f->len)
        offset = f->len;
    uint32_t l = 1, c = 1;
    for (size_t i = 0; i < offset; i++) {
        unsigned char ch = (unsigned char)f->text[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++; /* count characters, not continuation bytes */
        }
    }
    *line = l;
    *col = c;
}

int source_mkdirs(arena *a, const char *dir)
{
    char *path = arena_strdup(a, dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return -1;
    /* An existing file of that name is not a folder to write into. */
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

sc_span span_join(sc_span a, sc_span b)
{
    sc_span r = a;
    if (b.file != a.file)
        return a;
    if (b.start < r.start) {
        r.start = b.start;
        r.line = b.line;
        r.col = b.col;
    }
    if (b.end > r.end)
        r.end = b.end;
    return r;
}
