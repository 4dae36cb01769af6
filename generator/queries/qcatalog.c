/*
 * qcatalog.c - the functions typed queries may call, with what they return
 * and when the result may be NULL, per dialect (qinternal.h). A function
 * that is not here is an error on PostgreSQL ("function does not exist")
 * and an unknown type on SQLite (the prepare decides whether it exists;
 * a cast gives its type).
 */
#include "queries/qinternal.h"

#include <string.h>

#define B (Q_SQLITE | Q_POSTGRES)
#define L Q_SQLITE
#define P Q_POSTGRES
#define S SC_SCALAR_STRING
#define I SC_SCALAR_INT
#define BI SC_SCALAR_BIGINT
#define F SC_SCALAR_FLOAT
#define D SC_SCALAR_DECIMAL
#define BO SC_SCALAR_BOOLEAN
#define DT SC_SCALAR_DATETIME
#define J SC_SCALAR_JSON
#define BY SC_SCALAR_BYTES
#define N SC_SCALAR_NONE

static const q_func q__funcs[] = {
    /* aggregates */
    {"count", B, true, false, 0, 1, QR_FIXED, BI, QN_NEVER},
    {"sum", B, true, false, 1, 1, QR_SUM, N, QN_AGG},
    {"total", L, true, false, 1, 1, QR_FIXED, F, QN_NEVER},
    {"avg", B, true, false, 1, 1, QR_AVG, N, QN_AGG},
    {"min", B, true, false, 1, 1, QR_ARG1, N, QN_AGG},
    {"max", B, true, false, 1, 1, QR_ARG1, N, QN_AGG},
    {"bool_and", P, true, false, 1, 1, QR_FIXED, BO, QN_AGG},
    {"bool_or", P, true, false, 1, 1, QR_FIXED, BO, QN_AGG},
    {"every", P, true, false, 1, 1, QR_FIXED, BO, QN_AGG},
    {"string_agg", P, true, false, 2, 2, QR_FIXED, S, QN_AGG},
    {"group_concat", L, true, false, 1, 2, QR_FIXED, S, QN_AGG},
    {"array_agg", P, true, false, 1, 1, QR_ARRAY, N, QN_AGG},
    {"json_agg", P, true, false, 1, 1, QR_FIXED, J, QN_AGG},
    {"jsonb_agg", P, true, false, 1, 1, QR_FIXED, J, QN_AGG},
    {"json_group_array", L, true, false, 1, 1, QR_FIXED, J, QN_NEVER},
    {"json_object_agg", P, true, false, 2, 2, QR_FIXED, J, QN_AGG},
    {"jsonb_object_agg", P, true, false, 2, 2, QR_FIXED, J, QN_AGG},
    {"json_group_object", L, true, false, 2, 2, QR_FIXED, J, QN_NEVER},
    /* window functions */
    {"row_number", B, false, true, 0, 0, QR_FIXED, BI, QN_NEVER},
    {"rank", B, false, true, 0, 0, QR_FIXED, BI, QN_NEVER},
    {"dense_rank", B, false, true, 0, 0, QR_FIXED, BI, QN_NEVER},
    {"percent_rank", B, false, true, 0, 0, QR_FIXED, F, QN_NEVER},
    {"cume_dist", B, false, true, 0, 0, QR_FIXED, F, QN_NEVER},
    {"ntile", B, false, true, 1, 1, QR_FIXED, I, QN_NEVER},
    {"lag", B, false, true, 1, 3, QR_ARG1, N, QN_ALWAYS},
    {"lead", B, false, true, 1, 3, QR_ARG1, N, QN_ALWAYS},
    {"first_value", B, false, true, 1, 1, QR_ARG1, N, QN_STRICT},
    {"last_value", B, false, true, 1, 1, QR_ARG1, N, QN_STRICT},
    {"nth_value", B, false, true, 2, 2, QR_ARG1, N, QN_ALWAYS},
    /* conditional */
    {"coalesce", B, false, false, 1, -1, QR_COMMON, N, QN_ALL},
    {"ifnull", L, false, false, 2, 2, QR_COMMON, N, QN_ALL},
    {"nullif", B, false, false, 2, 2, QR_COMMON, N, QN_ALWAYS},
    {"greatest", P, false, false, 1, -1, QR_COMMON, N, QN_ALL},
    {"least", P, false, false, 1, -1, QR_COMMON, N, QN_ALL},
    {"iif", L, false, false, 3, 3, QR_COMMON, N, QN_STRICT},
    /* text */
    {"lower", B, false, false, 1, 1, QR_FIXED, S, QN_STRICT},
    {"upper", B, false, false, 1, 1, QR_FIXED, S, QN_STRICT},
    /* PostgreSQL's parser writes "a LIKE b ESCAPE c" as a LIKE like_escape(b, c) on both engines. */
    {"like_escape", B, false, false, 2, 2, QR_FIXED, S, QN_STRICT},
    {"length", B, false, false, 1, 1, QR_FIXED, I, QN_STRICT},
    {"char_length", P, false, false, 1, 1, QR_FIXED, I, QN_STRICT},
    {"octet_length", B, false, false, 1, 1, QR_FIXED, I, QN_STRICT},
    {"substr", B, false, false, 2, 3, QR_FIXED, S, QN_STRICT},
    {"substring", P, false, false, 2, 3, QR_FIXED, S, QN_STRICT},
    {"trim", B, false, false, 1, 2, QR_FIXED, S, QN_STRICT},
    {"btrim", P, false, false, 1, 2, QR_FIXED, S, QN_STRICT},
    {"ltrim", B, false, false, 1, 2, QR_FIXED, S, QN_STRICT},
    {"rtrim", B, false, false, 1, 2, QR_FIXED, S, QN_STRICT},
    {"replace", B, false, false, 3, 3, QR_FIXED, S, QN_STRICT},
    {"concat", P, false, false, 1, -1, QR_FIXED, S, QN_NEVER},
    {"concat_ws", P, false, false, 2, -1, QR_FIXED, S, QN_STRICT},
    {"left", P, false, false, 2, 2, QR_FIXED, S, QN_STRICT},
    {"right", P, false, false, 2, 2, QR_FIXED, S, QN_STRICT},
    {"position", P, false, false, 2, 2, QR_FIXED, I, QN_STRICT},
    {"strpos", P, false, false, 2, 2, QR_FIXED, I, QN_STRICT},
    {"instr", L, false, false, 2, 2, QR_FIXED, I, QN_STRICT},
    {"split_part", P, false, false, 3, 3, QR_FIXED, S, QN_STRICT},
    {"lpad", P, false, false, 2, 3, QR_FIXED, S, QN_STRICT},
    {"rpad", P, false, false, 2, 3, QR_FIXED, S, QN_STRICT},
    {"repeat", P, false, false, 2, 2, QR_FIXED, S, QN_STRICT},
    {"reverse", P, false, false, 1, 1, QR_FIXED, S, QN_STRICT},
    {"initcap", P, false, false, 1, 1, QR_FIXED, S, QN_STRICT},
    {"md5", P, false, false, 1, 1, QR_FIXED, S, QN_STRICT},
    {"printf", L, false, false, 1, -1, QR_FIXED, S, QN_ALWAYS},
    {"format", B, false, false, 1, -1, QR_FIXED, S, QN_ALWAYS},
    {"quote", L, false, false, 1, 1, QR_FIXED, S, QN_NEVER},
    {"hex", L, false, false, 1, 1, QR_FIXED, S, QN_NEVER},
    {"unicode", L, false, false, 1, 1, QR_FIXED, I, QN_STRICT},
    {"char", L, false, false, 1, -1, QR_FIXED, S, QN_NEVER},
    {"to_char", P, false, false, 2, 2, QR_FIXED, S, QN_STRICT},
    {"gen_random_uuid", P, false, false, 0, 0, QR_FIXED, S, QN_NEVER},
    /* numbers */
    {"abs", B, false, false, 1, 1, QR_ARG1, N, QN_STRICT},
    {"round", B, false, false, 1, 2, QR_ARG1, N, QN_STRICT},
    {"ceil", B, false, false, 1, 1, QR_ARG1, N, QN_STRICT},
    {"ceiling", B, false, false, 1, 1, QR_ARG1, N, QN_STRICT},
    {"floor", B, false, false, 1, 1, QR_ARG1, N, QN_STRICT},
    {"trunc", B, false, false, 1, 2, QR_ARG1, N, QN_STRICT},
    {"mod", B, false, false, 2, 2, QR_ARG1, N, QN_STRICT},
    {"sign", B, false, false, 1, 1, QR_ARG1, N, QN_STRICT},
    {"sqrt", B, false, false, 1, 1, QR_FIXED, F, QN_STRICT},
    {"power", B, false, false, 2, 2, QR_FIXED, F, QN_STRICT},
    {"pow", B, false, false, 2, 2, QR_FIXED, F, QN_STRICT},
    {"exp", B, false, false, 1, 1, QR_FIXED, F, QN_STRICT},
    {"ln", B, false, false, 1, 1, QR_FIXED, F, QN_STRICT},
    {"log", B, false, false, 1, 2, QR_FIXED, F, QN_STRICT},
    {"random", B, false, false, 0, 0, QR_FIXED, F, QN_NEVER},
    /* time */
    {"now", P, false, false, 0, 0, QR_FIXED, DT, QN_NEVER},
    {"clock_timestamp", P, false, false, 0, 0, QR_FIXED, DT, QN_NEVER},
    {"statement_timestamp", P, false, false, 0, 0, QR_FIXED, DT, QN_NEVER},
    {"date_trunc", P, false, false, 2, 3, QR_FIXED, DT, QN_STRICT},
    {"date_part", P, false, false, 2, 2, QR_FIXED, F, QN_STRICT},
    {"extract", P, false, false, 2, 2, QR_FIXED, D, QN_STRICT},
    {"to_timestamp", P, false, false, 1, 2, QR_FIXED, DT, QN_STRICT},
    {"make_interval", P, false, false, 0, 7, QR_FIXED, S, QN_STRICT},
    {"age", P, false, false, 1, 2, QR_FIXED, S, QN_STRICT},
    {"datetime", L, false, false, 0, -1, QR_FIXED, DT, QN_ALWAYS},
    {"date", L, false, false, 0, -1, QR_FIXED, S, QN_ALWAYS},
    {"time", L, false, false, 0, -1, QR_FIXED, S, QN_ALWAYS},
    {"julianday", L, false, false, 0, -1, QR_FIXED, F, QN_ALWAYS},
    {"unixepoch", L, false, false, 0, -1, QR_FIXED, BI, QN_ALWAYS},
    {"strftime", L, false, false, 1, -1, QR_FIXED, S, QN_ALWAYS},
    /* JSON */
    {"json_extract", L, false, false, 2, -1, QR_FIXED, J, QN_ALWAYS},
    {"json_array_length", B, false, false, 1, 2, QR_FIXED, I, QN_ALWAYS},
    {"jsonb_array_length", P, false, false, 1, 1, QR_FIXED, I, QN_STRICT},
    {"json_build_object", P, false, false, 0, -1, QR_FIXED, J, QN_NEVER},
    {"jsonb_build_object", P, false, false, 0, -1, QR_FIXED, J, QN_NEVER},
    {"json_build_array", P, false, false, 0, -1, QR_FIXED, J, QN_NEVER},
    {"jsonb_build_array", P, false, false, 0, -1, QR_FIXED, J, QN_NEVER},
    {"json_object", L, false, false, 0, -1, QR_FIXED, J, QN_NEVER},
    {"json_array", L, false, false, 0, -1, QR_FIXED, J, QN_NEVER},
    {"json", L, false, false, 1, 1, QR_FIXED, J, QN_STRICT},
    {"to_json", P, false, false, 1, 1, QR_FIXED, J, QN_STRICT},
    {"to_jsonb", P, false, false, 1, 1, QR_FIXED, J, QN_STRICT},
    {"jsonb_set", P, false, false, 3, 4, QR_FIXED, J, QN_STRICT},
    {"json_typeof", P, false, false, 1, 1, QR_FIXED, S, QN_STRICT},
    {"jsonb_typeof", P, false, false, 1, 1, QR_FIXED, S, QN_STRICT},
    {"json_type", L, false, false, 1, 2, QR_FIXED, S, QN_ALWAYS},
    /* arrays */
    {"array_length", P, false, false, 2, 2, QR_FIXED, I, QN_ALWAYS},
    {"cardinality", P, false, false, 1, 1, QR_FIXED, I, QN_STRICT},
    {"unnest", P, false, false, 1, 1, QR_ELEM, N, QN_ALWAYS},
    {"array_position", P, false, false, 2, 3, QR_FIXED, I, QN_ALWAYS},
};

#undef B
#undef L
#undef P

const q_func *q_func_find(const char *name, unsigned dialect)
{
    for (size_t i = 0; i < sizeof q__funcs / sizeof q__funcs[0]; i++)
        if ((q__funcs[i].dialects & dialect) && strcmp(q__funcs[i].name, name) == 0)
            return &q__funcs[i];
    return NULL;
}

const char *const *q_func_names(arena *a, unsigned dialect, size_t *n)
{
    size_t total = sizeof q__funcs / sizeof q__funcs[0];
    const char **names = arena_alloc(a, (total + 1) * sizeof *names);
    size_t c = 0;
    for (size_t i = 0; i < total; i++)
        if (q__funcs[i].dialects & dialect)
            names[c++] = q__funcs[i].name;
    *n = c;
    return names;
}
