/*
 * qinternal.h - what the files of the queries stage share (not part of its
 * interface).
 */
#ifndef SCHEMAC_QINTERNAL_H
#define SCHEMAC_QINTERNAL_H

#include "queries/query.h"

/* A parameter as the query text writes it, before inference. */
typedef struct q_placeholder {
    int number;
    const char *name;  /* @name, sqlc.arg(name), ...; NULL for $N, ?, ?N */
    bool narg;         /* sqlc.narg(): nullable */
    bool slice;        /* sqlc.slice() */
    size_t at, end;    /* its first occurrence, offsets into the query's sql */
} q_placeholder;

typedef struct q_embed {
    size_t pg_at;      /* offset of "t.*" in the canonical text */
    const char *table; /* the name or alias given to sqlc.embed() */
    size_t at, end;    /* offsets into the query's sql */
} q_embed;

/*
 * A query's text with its placeholders numbered: the canonical form (every
 * parameter $N; sqlc.slice() inside IN (...) as = ANY($N); sqlc.embed(t) as
 * t.*) that PostgreSQL's parser reads for both dialects, and the SQLite
 * form (?N; a slice as IN (SELECT value FROM json_each(?N))).
 */
typedef struct q_text {
    char *pg;
    size_t pg_len;
    uint32_t *pg_map;  /* per byte of pg: the offset in the query's sql */
    char *sqlite;
    size_t sqlite_len;
    uint32_t *sqlite_map; /* per byte of sqlite: the offset in the query's sql */
    q_placeholder *ph; /* indexed by number - 1 */
    int nparams;
    q_embed *embeds;
    size_t nembeds;
} q_text;

/* A replacement in a query's sql: bytes [AT, END) become TEXT (a * spelt out as its columns). */
typedef struct q_edit {
    size_t at, end;
    const char *text;
} q_edit;

/* Apply EDITS to TEXT (LEN bytes), whose bytes come from the query's sql as MAP says. */
char *q_apply_edits(arena *a, const char *text, size_t len, const uint32_t *map, const q_edit *edits, size_t nedits);

/*
 * QT with EDITS made in its canonical text (AT and END are offsets into
 * qt->pg: PostgreSQL's casts, qresolve.h); the byte map follows, an edit's
 * bytes mapping to what they replace. The SQLite form is QT's.
 */
q_text q_text_edit_pg(arena *a, const q_text *qt, const q_edit *edits, size_t nedits);

/* Number Q's placeholders and build both forms. Errors go to DIAGS; returns false after one. */
bool q_text_build(q_text *out, arena *a, sc_diags *diags, const sc_sources *src, const q_query *q,
                  ir_provider provider);

/* ---------------------------------------------------------------- functions (qcatalog.c) */

/* What a function returns. */
typedef enum q_ret {
    QR_FIXED,    /* q_func.type */
    QR_ARG1,     /* the first argument's type */
    QR_SUM,      /* sum(): PostgreSQL int -> BigInt, BigInt/Decimal -> Decimal; SQLite ints -> BigInt; Float stays */
    QR_AVG,      /* avg(): PostgreSQL Float stays, else Decimal; SQLite Float */
    QR_COMMON,   /* coalesce, greatest, least, nullif: the arguments' common type */
    QR_ELEM,     /* unnest(): the element type of its array argument */
    QR_ARRAY,    /* array_agg(): a list of its argument's type */
} q_ret;

/* When a function's result may be NULL. */
typedef enum q_null {
    QN_STRICT,   /* when an argument may be */
    QN_NEVER,    /* never (count, row_number, exists) */
    QN_AGG,      /* an aggregate: NULL over no rows (without GROUP BY), or when its argument may be NULL */
    QN_ALWAYS,   /* may always be (lag, lead, nullif, json_extract) */
    QN_ALL,      /* only when every argument may be (coalesce) */
} q_null;

typedef struct q_func {
    const char *name;  /* lower case */
    unsigned dialects; /* Q_SQLITE | Q_POSTGRES */
    bool agg;          /* an aggregate (also usable as a window function) */
    bool window;       /* a window function only (needs OVER) */
    int min_args, max_args; /* -1: any number */
    q_ret ret;
    sc_scalar type;    /* QR_FIXED */
    q_null null;
} q_func;

/* The function NAME (lower case) of DIALECT (Q_SQLITE or Q_POSTGRES), or NULL. */
const q_func *q_func_find(const char *name, unsigned dialect);
/* Names of DIALECT's functions, for "did you mean". */
const char *const *q_func_names(arena *a, unsigned dialect, size_t *n);

/* strcasestr, which C does not have: the first occurrence of NEEDLE in HAY, ignoring ASCII case. */
const char *q_strcasestr(const char *hay, const char *needle);

/* The file span of bytes [AT, END) of Q's sql. */
sc_span q_sql_span(const sc_sources *src, const q_query *q, size_t at, size_t end);

#endif
