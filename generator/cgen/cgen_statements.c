/*
 * cgen_statements.c - the statements of the generated code, read back from
 * it (cgen_statements, cgen.h): each `SC_STMT_SITE(lite, pg)` and each
 * `SC_STMT_SITE_PARTS` of a generated function, with that function's name.
 * A text is one literal or several the compiler joins, among them the
 * macros the file defines for a model's select list (`#define
 * p_model__columns "..."`).
 */
#include "cgen/cgen.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <schemac/sql.h>

#include "base/strbuf.h"
#include "base/strmap.h"

/* The C string literal at *P (after blanks), decoded into B; *P moves past it. false: none there. */
static bool st__literal(const char **p, strbuf *b)
{
    const char *s = *p;
    while (isspace((unsigned char)*s))
        s++;
    if (*s != '"')
        return false;
    for (s++; *s && *s != '"'; s++) {
        if (*s != '\\') {
            strbuf_putc(b, *s);
            continue;
        }
        s++;
        switch (*s) {
        case 'n': strbuf_putc(b, '\n'); break;
        case 't': strbuf_putc(b, '\t'); break;
        case 'r': strbuf_putc(b, '\r'); break;
        case '0': case '1': case '2': case '3': { /* octal */
            int v = 0, k = 0;
            while (k < 3 && *s >= '0' && *s <= '7')
                v = v * 8 + (*s++ - '0'), k++;
            s--;
            strbuf_putc(b, (char)v);
            break;
        }
        default: strbuf_putc(b, *s);
        }
    }
    *p = *s ? s + 1 : s;
    return true;
}

/*
 * The text at *P (after blanks): adjacent string literals and macros of
 * MACROS (a name to its text), joined into B as the compiler joins them; *P
 * moves past them. false: no literal or macro there.
 */
static bool st__text(const char **p, strbuf *b, const strmap *macros)
{
    bool any = false;
    for (;;) {
        if (st__literal(p, b)) {
            any = true;
            continue;
        }
        const char *s = *p;
        while (isspace((unsigned char)*s))
            s++;
        const char *e = s;
        while (isalnum((unsigned char)*e) || *e == '_')
            e++;
        const char *text = e > s ? strmap_get(macros, s, (size_t)(e - s)) : NULL;
        if (!text)
            return any;
        strbuf_puts(b, text);
        *p = e;
        any = true;
    }
}

/* The pieces of array NAME ("site_lite") declared in the function body [FROM, TO), joined; NULL if none. */
static const char *st__pieces(arena *a, const char *from, const char *to, const char *name)
{
    const char *decl = arena_printf(a, "%s[] = {", name);
    const char *at = strstr(from, decl);
    if (!at || at >= to)
        return NULL;
    at += strlen(decl);
    strbuf b;
    strbuf_init(&b, a);
    while (st__literal(&at, &b)) {
        while (isspace((unsigned char)*at) || *at == ',')
            at++;
    }
    return strbuf_str(&b);
}

size_t cgen_statements(arena *a, const ir_schema *s, const char *prefix, cgen_statement **out, const char **err)
{
    *out = NULL;
    cgen_options o = CGEN_OPTIONS_INIT;
    o.prefix = prefix;
    o.split = CGEN_SPLIT_NEVER;
    cgen_output g;
    if (cgen_generate(&g, a, s, &o, err) != 0)
        return 0;
    size_t n = 0, cap = 0;
    const char *text = g.source, *fn = NULL, *body = text;
    strmap macros;
    strmap_init(&macros, a);
    for (const char *line = text; line && *line;) {
        const char *eol = strchr(line, '\n');
        size_t len = eol ? (size_t)(eol - line) : strlen(line);
        /* a model's select list: #define NAME "..." */
        if (strncmp(line, "#define ", 8) == 0) {
            const char *name = line + 8, *e = name;
            while (isalnum((unsigned char)*e) || *e == '_')
                e++;
            strbuf b;
            strbuf_init(&b, a);
            const char *p = e;
            if (e > name && st__literal(&p, &b))
                strmap_set(&macros, arena_strndup(a, name, (size_t)(e - name)), (size_t)(e - name), strbuf_str(&b));
        }
        /* a function definition starts at column 0 and its body on the next line */
        if (len && isalpha((unsigned char)line[0]) && eol && eol[1] == '{' && memchr(line, '(', len)) {
            const char *paren = memchr(line, '(', len), *name = paren;
            while (name > line && (isalnum((unsigned char)name[-1]) || name[-1] == '_'))
                name--;
            fn = arena_strndup(a, name, (size_t)(paren - name));
            body = eol;
        }
        /* a statement shared by functions sits at file scope: `sc_stmt_site FN__site = ...` (the loaders; also
           `static` in code generated before their _ptrs variants moved to the header) */
        static const char shared[] = "sc_stmt_site ";
        bool file_scope = false;
        const char *decl = strncmp(line, "static ", 7) == 0 ? line + 7 : line;
        if (len > (size_t)(decl - line) + sizeof shared && strncmp(decl, shared, sizeof shared - 1) == 0) {
            const char *name = decl + sizeof shared - 1, *e = name;
            while (isalnum((unsigned char)*e) || *e == '_')
                e++;
            size_t nl = (size_t)(e - name);
            if (nl > 6 && strncmp(e - 6, "__site", 6) == 0) {
                fn = arena_strndup(a, name, nl - 6);
                file_scope = true;
            }
        }
        const char *site = NULL;
        for (const char *q = line; fn && (q = strstr(q, "SC_STMT_SITE")) && q < line + len; q += 12) {
            site = q;
            const char *end = strchr(body + 1, '\n') ? strstr(body, "\n}\n") : NULL;
            const char *lite = NULL, *pg = NULL;
            if (strncmp(q, "SC_STMT_SITE_PARTS(&", 20) == 0) {
                const char *nm = q + 20, *e = nm;
                while (isalnum((unsigned char)*e) || *e == '_')
                    e++;
                const char *base = arena_strndup(a, nm, (size_t)(e - nm));
                size_t bl = strlen(base);
                if (bl > 6 && strcmp(base + bl - 6, "_parts") == 0)
                    base = arena_strndup(a, base, bl - 6);
                /* a file-scope site's pieces are declared just before it, under names of its own */
                const char *from = file_scope ? text : body, *to = file_scope ? q : end ? end : q;
                lite = st__pieces(a, from, to, arena_printf(a, "%s_lite", base));
                pg = st__pieces(a, from, to, arena_printf(a, "%s_pg", base));
            } else if (strncmp(q, "SC_STMT_SITE(", 13) == 0) {
                const char *p = q + 13;
                strbuf b1, b2;
                strbuf_init(&b1, a);
                strbuf_init(&b2, a);
                if (st__text(&p, &b1, &macros)) {
                    lite = strbuf_str(&b1);
                    while (isspace((unsigned char)*p) || *p == ',')
                        p++;
                    if (st__text(&p, &b2, &macros))
                        pg = strbuf_str(&b2);
                }
            }
            if (!lite)
                continue; /* SC_STMT_SITE(NULL, NULL): built at run time */
            if (!pg) {
                char *conv = sc_sql_to_pg(lite);
                pg = conv ? arena_strdup(a, conv) : lite;
                free(conv);
            }
            *out = arena_reserve(a, *out, n, &cap, sizeof **out, 16);
            (*out)[n].function = fn;
            (*out)[n].sqlite = lite;
            (*out)[n].pg = pg;
            n++;
        }
        (void)site;
        line = eol ? eol + 1 : NULL;
    }
    if (!n && err)
        *err = "the generated code holds no statements";
    return n;
}
