/*
 * cgen_names.c - the registry that hands out every C name of the generated
 * code (cgen_internal.h has the contract), and the order in which a schema's
 * things claim their names (docs/generated-api.md, "C names").
 */
#include "cgen/cgen_internal.h"

#include <assert.h>
#include <string.h>

#include "base/strmap.h"

struct cgen_scope {
    strmap taken;            /* C name -> what holds it (a description) */
    const strmap *reserved;  /* the registry's keywords and predefined macros -> why they cannot be had */
    bool file;               /* the file scope: sc_ and SC_ names are libschemac's */
};

/* Keywords of C (C11, C23, GNU) and C++: the generated header is also read by C++ (extern "C").
   Both lists are in strcmp (byte) order: cgen__in bisects them (cgen_names_init checks the order). */
static const char *const cgen__keywords[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
    "char", "char16_t", "char32_t", "char8_t", "class", "co_await", "co_return", "co_yield", "compl", "concept",
    "const", "const_cast", "consteval", "constexpr", "constinit", "continue", "decltype", "default", "delete", "do",
    "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend",
    "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr",
    "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast", "requires",
    "restrict", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct", "switch",
    "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename", "typeof",
    "typeof_unqual", "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor",
    "xor_eq",
};

/*
 * Object-like macros a compiler or the included headers may define in lower
 * case: GNU modes (-std=gnu11, CMake's default) predefine the system names
 * (gcc -dM -E), and the standard headers define these.
 */
static const char *const cgen__macros[] = {
    "EOF", "NULL", "complex", "errno", "gcos", "hp9000", "hppa", "i386", "i486", "i586", "i686", "ibm032",
    "imaginary", "interdata", "linux", "m68k", "mc68000", "mips", "noreturn", "ns32000", "pdp11", "powerpc", "ppc",
    "pyr", "sequent", "sparc", "stderr", "stdin", "stdout", "sun", "tahoe", "u3b", "u3b15", "u3b2", "u3b20d",
    "u3b5", "unix", "vax",
};

/* Whether NAME is in LIST (N names in strcmp order): by bisection, as every name a schema's code gets is checked. */
static bool cgen__in(const char *const *list, size_t n, const char *name)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(list[mid], name);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

#define CGEN__N(list) (sizeof list / sizeof list[0])

bool cgen_name_reserved(const char *name)
{
    if (name[0] == '_' && (name[1] == '_' || (name[1] >= 'A' && name[1] <= 'Z')))
        return true;
    if (strcmp(name, CGEN_BLOCK_MEMBER) == 0)
        return true; /* every row struct's own member */
    return cgen__in(cgen__keywords, CGEN__N(cgen__keywords), name) ||
           cgen__in(cgen__macros, CGEN__N(cgen__macros), name);
}

/* Why NAME cannot be had in S, or NULL when it can. */
static const char *cgen__holder(const cgen_scope *s, const char *name)
{
    size_t n = strlen(name);
    const char *why = strmap_get(s->reserved, name, n);
    if (why)
        return why;
    if (name[0] == '_' && (name[1] == '_' || (name[1] >= 'A' && name[1] <= 'Z')))
        return "a name C reserves";
    if (s->file && (strncmp(name, "sc_", 3) == 0 || strncmp(name, "SC_", 3) == 0))
        return "a name of libschemac";
    return strmap_get(&s->taken, name, n);
}

void cgen_names_init(cgen_names *r, arena *a)
{
    memset(r, 0, sizeof *r);
    r->a = a;
    /* Every name a schema's code gets is checked against these: one lookup, not a bisection of each list. */
    r->reserved = ARENA_NEW(a, strmap);
    strmap_init(r->reserved, a);
    for (size_t i = 0; i < CGEN__N(cgen__keywords); i++)
        strmap_adds(r->reserved, cgen__keywords[i], (void *)"a keyword of C or C++");
    for (size_t i = 0; i < CGEN__N(cgen__macros); i++)
        strmap_adds(r->reserved, cgen__macros[i], (void *)"a macro compilers or C headers predefine");
    strmap_adds(r->reserved, CGEN_BLOCK_MEMBER, (void *)"the member every generated row has");
    r->file = cgen_names_scope(r);
    r->file->file = true;
#ifndef NDEBUG
    for (size_t i = 1; i < CGEN__N(cgen__keywords); i++)
        assert(strcmp(cgen__keywords[i - 1], cgen__keywords[i]) < 0);
    for (size_t i = 1; i < CGEN__N(cgen__macros); i++)
        assert(strcmp(cgen__macros[i - 1], cgen__macros[i]) < 0);
#endif
}

cgen_scope *cgen_names_scope(cgen_names *r)
{
    cgen_scope *s = ARENA_NEW(r->a, cgen_scope);
    strmap_init(&s->taken, r->a);
    s->reserved = r->reserved;
    return s;
}

bool cgen_names_free(const cgen_names *r, const cgen_scope *s, const char *name)
{
    (void)r;
    return cgen__holder(s, name) == NULL;
}

bool cgen_names_take(cgen_names *r, cgen_scope *s, const char *name, const char *holder)
{
    if (cgen__holder(s, name))
        return false;
    strmap_adds(&s->taken, arena_strdup(r->a, name), (void *)holder);
    return true;
}

/* FORM over BASE: "%s" is BASE, "%S" BASE in upper case; any other character stands for itself. */
static const char *cgen__form(arena *a, const char *form, const char *base, const char *upper)
{
    /* Measured first, then written into a block of its exact size: a registry makes one per form of
       every name, and a growing buffer's first 256 bytes each added up to tens of megabytes. */
    size_t nbase = strlen(base), n = 0;
    for (const char *p = form; *p; p++) {
        if (p[0] == '%' && (p[1] == 's' || p[1] == 'S')) {
            n += nbase;
            p++;
        } else {
            n++;
        }
    }
    char *out = arena_alloc(a, n + 1), *q = out;
    for (const char *p = form; *p; p++) {
        if (p[0] == '%' && (p[1] == 's' || p[1] == 'S')) {
            memcpy(q, p[1] == 's' ? base : upper, nbase);
            q += nbase;
            p++;
        } else {
            *q++ = *p;
        }
    }
    *q = '\0';
    return out;
}

static const char *cgen__upper_ascii(arena *a, const char *s)
{
    char *u = arena_strdup(a, s);
    for (char *p = u; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    return u;
}

/* The first form of BASE that cannot be had in S (its name into *NAME), or NULL when all can; the
   forms made so far are in BUILT (all NFORMS of them when none is blocked). */
static const char *cgen__family_blocked(cgen_names *r, const cgen_scope *s, const char *base, const char *const *forms,
                                        size_t nforms, const char **name, const char **built)
{
    const char *upper = cgen__upper_ascii(r->a, base);
    /* Two forms of one family must differ too: a family is a few dozen forms at most, compared
       pairwise while it is small (a map per candidate cost more memory than the names). */
    enum { FEW = 32 };
    const char *few[FEW];
    strmap mine;
    strmap_init(&mine, r->a);
    for (size_t i = 0; i < nforms; i++) {
        const char *n = cgen__form(r->a, forms[i], base, upper);
        built[i] = n;
        const char *h = cgen__holder(s, n);
        if (!h && nforms <= FEW) {
            for (size_t j = 0; j < i && !h; j++)
                if (strcmp(few[j], n) == 0)
                    h = "one of its own names twice";
            few[i] = n;
        } else if (!h && strmap_adds(&mine, n, (void *)"x")) {
            h = "one of its own names twice";
        }
        if (h) {
            *name = n;
            return h;
        }
    }
    return NULL;
}

static const char *cgen__describe(arena *a, const cgen_rename *who)
{
    if (!who)
        return "a generated name";
    if (who->owner)
        return arena_printf(a, "%s \"%s\" of \"%s\"", who->what, who->name, who->owner);
    return arena_printf(a, "%s \"%s\"", who->what, who->name);
}

const char *cgen_names_claim(cgen_names *r, cgen_scope *s, const char *want, const char *const *forms, size_t nforms,
                             const cgen_rename *who)
{
    static const char *const one[] = {"%s"};
    if (!forms) {
        forms = one;
        nforms = 1;
    }
    const char *first_name = NULL, *first_holder = NULL;
    const char *base = NULL;
    unsigned k_used = 0;
    /* The forms of the candidate that wins are added as family_blocked made them. */
    const char *few[64];
    const char **built = nforms <= 64 ? few : ARENA_ARRAY(r->a, const char *, nforms);
    for (unsigned k = 1; k < 10000 && !base; k++) {
        const char *cand;
        if (k == 1)
            cand = want;
        else if (k == 2)
            cand = cgen_name_reserved(want) ? arena_printf(r->a, "%s_", want) : NULL;
        else
            cand = arena_printf(r->a, "%s_%u", want, k - 1);
        if (!cand)
            continue;
        const char *blocked_name = NULL;
        const char *h = cgen__family_blocked(r, s, cand, forms, nforms, &blocked_name, built);
        if (!h) {
            base = cand;
            k_used = k;
        }
        else if (k == 1) {
            first_name = blocked_name;
            first_holder = h;
        }
    }
    if (!base)
        return NULL;
    const char *desc = arena_printf(r->a, "already generated for %s", cgen__describe(r->a, who));
    for (size_t i = 0; i < nforms; i++)
        strmap_adds(&s->taken, built[i], (void *)desc);
    /* A reserved word's trailing underscore is the rule itself (default -> default_), not worth a note. */
    bool rule = k_used == 2;
    if (base != want && !rule) {
        cgen_rename x = who ? *who : (cgen_rename){"name", NULL, want, NULL, NULL, NULL};
        x.wanted = want;
        x.given = base;
        x.holder = arena_printf(r->a, "%s is %s", first_name, first_holder);
        cgen_names_note(r, x);
    }
    return base;
}

void cgen_names_note(cgen_names *r, cgen_rename x)
{
    if (r->nrenames == r->cap) {
        size_t ncap = r->cap ? 2 * r->cap : 8;
        r->renames = arena_grow(r->a, r->renames, r->cap * sizeof *r->renames, ncap * sizeof *r->renames);
        r->cap = ncap;
    }
    r->renames[r->nrenames++] = x;
}
