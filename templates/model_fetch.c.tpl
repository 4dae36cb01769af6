/* The one row ST answers into a new *OUT (nothing read when OUT is NULL); SC_ENOTFOUND when none. */
static int {{model}}__fetch_one({{model}} **out, sc_stmt *st)
{
    int rc = sc_stmt_step(st);
    if (rc == SC_DONE)
        return SC_ENOTFOUND;
    if (rc != SC_ROW)
        return rc;
    if (!out)
        return SC_OK;
    {{model}} *row = malloc(sizeof *row);
    if (!row)
        return SC_ENOMEM;
    rc = {{model}}__read(row, st, 0);
    if (rc != SC_OK) {
        free(row);
        return rc;
    }
    *out = row;
    return SC_OK;
}

/*
 * Every row of ST into one block. EXPECTED (0: unknown, then 16 rows first)
 * sizes the first allocation, so a page of LIMIT rows is allocated once.
 */
static int {{model}}__fetch_list({{model}}_list *out, sc_stmt *st, size_t expected)
{
    {{model}}_list list = {NULL, 0};
    size_t cap = 0;
    int rc;
    while ((rc = sc_stmt_step(st)) == SC_ROW) {
        if (list.count == cap) {
            size_t ncap = cap ? 2 * cap : expected ? expected : 16;
            {{model}} *items = realloc(list.items, ncap * sizeof *items);
            if (!items) {
                rc = SC_ENOMEM;
                break;
            }
            list.items = items;
            cap = ncap;
        }
        rc = {{model}}__read(&list.items[list.count], st, 0);
        if (rc != SC_OK)
            break;
        list.count++;
    }
    if (rc != SC_DONE) {
        {{model}}_list_free(&list);
        return rc;
    }
    *out = list;
    return SC_OK;
}

