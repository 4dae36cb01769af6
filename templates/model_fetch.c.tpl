/* The row ST answers into a new *OUT (OUT NULL: not read); SC_ENOTFOUND when none. Ends ST (see schemac/rows.h). */
static inline int {{model}}__fetch_one({{model}} **out, sc_stmt *st, int rc)
{
    void *row = NULL;
    rc = sc_stmt_fetch_one(out ? &row : NULL, st, rc, sizeof **out, {{model}}__read);
    if (rc == SC_OK && out)
        *out = row;
    return rc;
}

/* Every row ST answers into one block; EXPECTED (0: unknown) sizes the first allocation. Ends ST. */
static inline int {{model}}__fetch_list({{model}}_list *out, sc_stmt *st, int rc, size_t expected)
{
    void *items = NULL;
    size_t n = 0;
    rc = sc_stmt_fetch_list(&items, &n, st, rc, expected, sizeof *out->items, {{model}}__read, {{model}}__clear);
    if (rc == SC_OK) {
        out->items = items;
        out->count = n;
    }
    return rc;
}

