/*
 * cgen_templates.c - the text templates of the generated C: the built-in
 * set embedded at build time, loading a replacement folder, and {{key}}
 * expansion.
 *
 * The expansion language is deliberately tiny (plain substitution, no
 * logic): the decisions live in cgen_*.c, the templates only hold the text a
 * user may want to restyle.
 */
#include "cgen/cgen.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ddl/ddl.h"
#include "base/fileio.h"
#include "base/strbuf.h"

/* Written by generator/cgen/templates.cmake; a build without it has no built-in set. */
#if defined(__has_include)
#if __has_include("cgen_templates.inc")
#include "cgen_templates.inc"
#endif
#endif

cgen_templates cgen_builtin_templates(void)
{
    cgen_templates t = {NULL, 0};
#ifdef CGEN_TEMPLATES_EMBEDDED
    t.items = cgen__builtin;
    t.count = cgen__nbuiltin;
#endif
    return t;
}

const char *cgen_template_find(const cgen_templates *t, const char *name)
{
    /* Later entries win: a loaded folder appends to the built-in set. */
    for (size_t i = t->count; i-- > 0;)
        if (strcmp(t->items[i].name, name) == 0)
            return t->items[i].text;
    return NULL;
}

/* A template file: a regular file of at most FILEIO_MAX_INPUT_BYTES, without NUL bytes. */
static char *cgen__read_file(arena *a, const char *path, const char **err)
{
    char *text = NULL;
    size_t len = 0;
    if (fileio_read(a, path, FILEIO_MAX_INPUT_BYTES, &text, &len, err) != 0)
        return NULL;
    if (strlen(text) != len) {
        *err = arena_printf(a, "template '%s' holds a NUL byte at offset %zu", path, strlen(text));
        return NULL;
    }
    return text;
}

int cgen_templates_load_dir(cgen_templates *out, arena *a, const char *dir, const char **err)
{
    cgen_templates base = cgen_builtin_templates();
    DIR *d = opendir(dir);
    if (!d) {
        *err = arena_printf(a, "cannot open template folder '%s': %s", dir, strerror(errno));
        return -1;
    }
    size_t cap = base.count + 16, n = 0;
    cgen_template *items = ARENA_ARRAY(a, cgen_template, cap);
    for (size_t i = 0; i < base.count; i++)
        items[n++] = base.items[i];
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".tpl") != 0)
            continue;
        const char *path = arena_printf(a, "%s/%s", dir, e->d_name);
        char *text = cgen__read_file(a, path, err);
        if (!text) {
            closedir(d);
            return -1;
        }
        if (n == cap) {
            items = arena_grow(a, items, cap * sizeof *items, 2 * cap * sizeof *items);
            cap *= 2;
        }
        items[n].name = arena_strdup(a, e->d_name);
        items[n].text = text;
        n++;
    }
    closedir(d);
    out->items = items;
    out->count = n;
    return 0;
}

static const char *cgen__lookup(const char *const *vars, const char *key, size_t klen)
{
    for (size_t i = 0; vars && vars[i]; i += 2)
        if (strlen(vars[i]) == klen && memcmp(vars[i], key, klen) == 0)
            return vars[i + 1];
    return NULL;
}

int cgen_expand_into(strbuf *b, arena *a, const char *text, const char *const *vars, const char **err)
{
    size_t before = b->len;
    const char *p = text;
    for (;;) {
        const char *open = strstr(p, "{{");
        if (!open) {
            strbuf_puts(b, p);
            break;
        }
        strbuf_putn(b, p, (size_t)(open - p));
        const char *key = open + 2;
        const char *close = strstr(key, "}}");
        if (!close) {
            *err = "template has '{{' without '}}'";
            goto fail;
        }
        const char *val = cgen__lookup(vars, key, (size_t)(close - key));
        if (!val) {
            *err = arena_printf(a, "template uses unknown key '%.*s'", (int)(close - key), key);
            goto fail;
        }
        strbuf_puts(b, val);
        p = close + 2;
    }
    return 0;
fail:
    b->len = before; /* nothing of a failed expansion stays */
    if (b->s)
        b->s[before] = '\0';
    return -1;
}

char *cgen_expand(arena *a, const char *text, const char *const *vars, const char **err)
{
    strbuf b;
    strbuf_init(&b, a);
    if (cgen_expand_into(&b, a, text, vars, err) != 0)
        return NULL;
    return strbuf_str(&b);
}
