/*
 * lex.h - the front end's internal interface (not used outside the parser).
 *
 * Three pieces meet here: the re2c lexer (lexer.re), the lemon grammar
 * (grammar.y) and the driver plus node constructors (parser.c). The lexer
 * hands out one token at a time; the driver decides block structure,
 * newline significance and error recovery, and feeds the grammar; grammar
 * actions only call the parse_* constructors declared below.
 */
#ifndef SCHEMAC_LEX_H
#define SCHEMAC_LEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/arena.h"
#include "front/ast.h"
#include "base/source.h"

/* ---------------------------------------------------------------- tokens */

/*
 * One token. TEXT points into the source file (not NUL-terminated). DOC is
 * the `///` run directly above the line, set by the driver on the first
 * token of a line; FIRST says the token starts its line.
 */
typedef struct parse_tok {
    const char *text;
    uint32_t len;
    sc_span span;
    const char *doc;
    bool first;
} parse_tok;

/*
 * Token codes: the grammar's TK_* (grammar.h) plus these, which the lexer
 * returns but the grammar never sees.
 */
enum {
    LEX_EOF = 0,
    LEX_COMMENT = 0x100,       /* `//`, `///` or a slash-star comment */
    LEX_BAD_CHAR,              /* a character that starts no token */
    LEX_UNTERMINATED_STRING,   /* `"` without a closing quote on its line */
    LEX_UNTERMINATED_COMMENT,  /* slash-star without its end */
};

typedef struct lexer {
    const unsigned char *base; /* start of the file */
    const unsigned char *cur;
    const unsigned char *lim;  /* the NUL sentinel */
    uint32_t file;
    /* The line/column of byte offset pos_off, advanced incrementally so that
     * positions cost linear time over the whole file. */
    size_t pos_off;
    uint32_t pos_line;
    uint32_t pos_col;
} lexer;

void lex_init(lexer *lx, uint32_t file, const char *text, size_t len);
/* The next token into T; returns its code (LEX_EOF at the end). */
int lex_next(lexer *lx, parse_tok *t);
/* The span of the empty range at byte offset OFF (not before the last token). */
sc_span lex_point(lexer *lx, size_t off);

/*
 * Unescape the body of a string literal (between the quotes). On success the
 * result (NUL-terminated, never holding a NUL: \u0000 is refused) is in
 * *OUT and *OUT_LEN and 0 is returned; on a bad escape -1, with *BAD_OFF the
 * offset of the backslash inside S and *WHY a short reason.
 */
int lex_unescape(arena *a, const char *s, size_t n, char **out, size_t *out_len, size_t *bad_off,
                 const char **why);

/*
 * The first byte offset in TEXT that is not valid UTF-8 or is a NUL byte,
 * or LEN when the whole text is fine. *IS_NUL tells which.
 */
size_t lex_check_utf8(const char *text, size_t len, bool *is_nul);

/* ---------------------------------------------------------------- grammar actions */

typedef struct parse_state parse_state;

/* A field type under construction: Name, Name?, Name[], Unsupported("x")?. */
typedef struct parse_ftype {
    const char *name;
    sc_span span;
    ast_type_mod mod;
    const char *unsupported;
} parse_ftype;

void parse_block_open(parse_state *ps, ast_block_kind kind, const parse_tok *kw, const parse_tok *name);
void parse_block_close(parse_state *ps, const parse_tok *rbrace);
void parse_field(parse_state *ps, const parse_tok *name, const parse_ftype *type,
                 const ast_attr_list *attrs);
void parse_property(parse_state *ps, const parse_tok *name, const parse_tok *eq, ast_expr *value);
void parse_block_attr(parse_state *ps, ast_attr *attr);
/* Called when an `error SYNC` rule completes: error reporting resumes. */
void parse_recovered(parse_state *ps);

parse_ftype parse_ftype_base(parse_state *ps, const parse_tok *name, const parse_tok *arg,
                             const parse_tok *rparen);
parse_ftype parse_ftype_mod(parse_ftype t, ast_type_mod mod, const parse_tok *last);

ast_attr *parse_attr(parse_state *ps, bool block, const parse_tok *at, const parse_tok *name,
                     const ast_arg_list *args, const parse_tok *rparen);
void parse_attr_append(ast_attr_list *l, ast_attr *a);

ast_arg *parse_arg(parse_state *ps, const parse_tok *name, ast_expr *value);
void parse_arg_append(ast_arg_list *l, ast_arg *a);
/* A comma before a closing bracket or parenthesis: Prisma refuses it, and so does schemac. */
void parse_trailing_comma(parse_state *ps, const parse_tok *comma);
void parse_expr_append(ast_expr_list *l, ast_expr *e);

ast_expr *parse_expr_string(parse_state *ps, const parse_tok *t);
ast_expr *parse_expr_number(parse_state *ps, const parse_tok *t);
ast_expr *parse_expr_ident(parse_state *ps, const parse_tok *t);
ast_expr *parse_expr_call(parse_state *ps, const parse_tok *callee, const ast_arg_list *args,
                          const parse_tok *rparen);
ast_expr *parse_expr_array(parse_state *ps, const parse_tok *open, const ast_expr_list *items,
                           const parse_tok *close);
ast_expr *parse_expr_object(parse_state *ps, const parse_tok *open, const ast_arg_list *entries,
                            const parse_tok *close);

/* Called by the grammar's %syntax_error and %stack_overflow. */
void parse_syntax_error(parse_state *ps, int major, const parse_tok *t);
void parse_stack_overflow(parse_state *ps);

/* The lemon parser (grammar.y, %name parse_lemon); declared here so the
 * generated code compiles under -Wmissing-prototypes. */
void *parse_lemonAlloc(void *(*malloc_fn)(size_t), parse_state *ps);
void parse_lemonFree(void *p, void (*free_fn)(void *));
void parse_lemon(void *p, int major, parse_tok minor);
void parse_lemonInit(void *p, parse_state *ps);
void parse_lemonFinalize(void *p);
int parse_lemonFallback(int token);
void parse_lemonTrace(FILE *out, char *prompt);

#endif
