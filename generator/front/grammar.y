/*
 * grammar.y - lemon grammar of the schema language (Prisma Schema Language).
 *
 * The driver in parser.c feeds tokens: it drops newlines inside brackets,
 * turns braces inside argument lists into LCURLY/RCURLY, puts a NL before
 * every block-closing brace and sends SYNC when it has skipped to a safe
 * point after a syntax error. Actions stay tiny: each calls one parse_*
 * constructor in parser.c.
 */

%include {
#include <assert.h>
#include <string.h>

#include "front/lex.h"

/*
 * A completed `error SYNC` rule means the driver has resynchronised, so the
 * next syntax error must be reported even if fewer than three tokens have
 * been shifted since the last one (lemon's default would swallow it).
 */
#define PARSE_RESUME_REPORTING() (yypParser->yyerrcnt = -1)
}

%name parse_lemon
%token_prefix TK_
%token_type {parse_tok}
%extra_context {parse_state *ps}
%stack_size 2000

%syntax_error {
    parse_syntax_error(ps, yymajor, &TOKEN);
}
%stack_overflow {
    parse_stack_overflow(ps);
}
/* Tokens point into the source and nodes live in the arena: nothing to free. */
%token_destructor {
    (void)ps;
    (void)yypminor;
}

/* Keywords first so that %fallback can name them. */
%token MODEL VIEW ENUM TYPE DATASOURCE GENERATOR.
%token IDENT.
%fallback IDENT MODEL VIEW ENUM TYPE DATASOURCE GENERATOR.
%token NUMBER STRING NL SYNC.
%token LBRACE RBRACE LCURLY RCURLY LPAREN RPAREN LBRACKET RBRACKET LIST.
%token AT ATAT COMMA COLON EQ QUESTION.

%type field_type {parse_ftype}
%type base_type {parse_ftype}
%type attrs {ast_attr_list}
%type fattr {ast_attr *}
%type battr {ast_attr *}
%type arglist {ast_arg_list}
%type args {ast_arg_list}
%type arg {ast_arg *}
%type entries {ast_arg_list}
%type elist {ast_arg_list}
%type entry {ast_arg *}
%type items {ast_expr_list}
%type ilist {ast_expr_list}
%type expr {ast_expr *}

schema ::= blocks.

blocks ::= .
blocks ::= blocks NL.
blocks ::= blocks block.
blocks ::= blocks error SYNC. { PARSE_RESUME_REPORTING(); parse_recovered(ps); }

block ::= block_open body RBRACE(R). { parse_block_close(ps, &R); }

block_open ::= MODEL(K) IDENT(N) LBRACE. { parse_block_open(ps, AST_BLOCK_MODEL, &K, &N); }
block_open ::= VIEW(K) IDENT(N) LBRACE. { parse_block_open(ps, AST_BLOCK_VIEW, &K, &N); }
block_open ::= ENUM(K) IDENT(N) LBRACE. { parse_block_open(ps, AST_BLOCK_ENUM, &K, &N); }
block_open ::= TYPE(K) IDENT(N) LBRACE. { parse_block_open(ps, AST_BLOCK_TYPE, &K, &N); }
block_open ::= DATASOURCE(K) IDENT(N) LBRACE. { parse_block_open(ps, AST_BLOCK_DATASOURCE, &K, &N); }
block_open ::= GENERATOR(K) IDENT(N) LBRACE. { parse_block_open(ps, AST_BLOCK_GENERATOR, &K, &N); }

body ::= .
body ::= body NL.
body ::= body member.
body ::= body error SYNC. { PARSE_RESUME_REPORTING(); parse_recovered(ps); }

member ::= IDENT(N) field_type(T) attrs(A) NL. { parse_field(ps, &N, &T, &A); }
member ::= IDENT(N) attrs(A) NL. { parse_field(ps, &N, NULL, &A); }
member ::= IDENT(N) EQ(E) expr(V) NL. { parse_property(ps, &N, &E, V); }
member ::= battr(A) NL. { parse_block_attr(ps, A); }

field_type(T) ::= base_type(B). { T = B; }
field_type(T) ::= base_type(B) QUESTION(Q). { T = parse_ftype_mod(B, AST_TYPE_OPTIONAL, &Q); }
field_type(T) ::= base_type(B) LIST(L). { T = parse_ftype_mod(B, AST_TYPE_LIST, &L); }
field_type(T) ::= base_type(B) LIST QUESTION(Q). { T = parse_ftype_mod(B, AST_TYPE_OPTIONAL_LIST, &Q); }

base_type(T) ::= IDENT(N). { T = parse_ftype_base(ps, &N, NULL, NULL); }
base_type(T) ::= IDENT(N) LPAREN STRING(S) RPAREN(R). { T = parse_ftype_base(ps, &N, &S, &R); }

attrs(L) ::= . { memset(&L, 0, sizeof(L)); }
attrs(L) ::= attrs(L0) fattr(A). { L = L0; parse_attr_append(&L, A); }

fattr(A) ::= AT(T) IDENT(N). { A = parse_attr(ps, false, &T, &N, NULL, NULL); }
fattr(A) ::= AT(T) IDENT(N) LPAREN arglist(L) RPAREN(R). { A = parse_attr(ps, false, &T, &N, &L, &R); }
battr(A) ::= ATAT(T) IDENT(N). { A = parse_attr(ps, true, &T, &N, NULL, NULL); }
battr(A) ::= ATAT(T) IDENT(N) LPAREN arglist(L) RPAREN(R). { A = parse_attr(ps, true, &T, &N, &L, &R); }

arglist(L) ::= . { memset(&L, 0, sizeof(L)); }
arglist(L) ::= args(L0). { L = L0; }
arglist(L) ::= args(L0) COMMA(C). { L = L0; parse_trailing_comma(ps, &C); }
args(L) ::= arg(A). { memset(&L, 0, sizeof(L)); parse_arg_append(&L, A); }
args(L) ::= args(L0) COMMA arg(A). { L = L0; parse_arg_append(&L, A); }
arg(A) ::= expr(E). { A = parse_arg(ps, NULL, E); }
arg(A) ::= IDENT(N) COLON expr(E). { A = parse_arg(ps, &N, E); }

expr(E) ::= STRING(S). { E = parse_expr_string(ps, &S); }
expr(E) ::= NUMBER(N). { E = parse_expr_number(ps, &N); }
expr(E) ::= IDENT(N). { E = parse_expr_ident(ps, &N); }
expr(E) ::= IDENT(N) LPAREN arglist(L) RPAREN(R). { E = parse_expr_call(ps, &N, &L, &R); }
expr(E) ::= LBRACKET(O) items(L) RBRACKET(C). { E = parse_expr_array(ps, &O, &L, &C); }
expr(E) ::= LIST(O). { E = parse_expr_array(ps, &O, NULL, &O); }
expr(E) ::= LCURLY(O) entries(L) RCURLY(C). { E = parse_expr_object(ps, &O, &L, &C); }

items(L) ::= . { memset(&L, 0, sizeof(L)); }
items(L) ::= ilist(L0). { L = L0; }
items(L) ::= ilist(L0) COMMA(C). { L = L0; parse_trailing_comma(ps, &C); }
ilist(L) ::= expr(E). { memset(&L, 0, sizeof(L)); parse_expr_append(&L, E); }
ilist(L) ::= ilist(L0) COMMA expr(E). { L = L0; parse_expr_append(&L, E); }

entries(L) ::= . { memset(&L, 0, sizeof(L)); }
entries(L) ::= elist(L0). { L = L0; }
entries(L) ::= elist(L0) COMMA(C). { L = L0; parse_trailing_comma(ps, &C); }
elist(L) ::= entry(A). { memset(&L, 0, sizeof(L)); parse_arg_append(&L, A); }
elist(L) ::= elist(L0) COMMA entry(A). { L = L0; parse_arg_append(&L, A); }
entry(A) ::= IDENT(N) COLON expr(E). { A = parse_arg(ps, &N, E); }
