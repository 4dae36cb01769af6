/* A {{enum}}[] column (read as array_to_json) into a malloc'd array. */
int {{enum}}__column_list({{enum}} **out, size_t *count, sc_stmt *st, int col)
{
    char **labels = NULL;
    size_t n = 0;
    int rc = sc_stmt_column_texts(&labels, &n, st, col);
    {{enum}} *v = rc == SC_OK && n ? malloc(n * sizeof *v) : NULL;
    if (rc == SC_OK && n && !v)
        rc = SC_ENOMEM;
    for (size_t i = 0; rc == SC_OK && i < n; i++)
        if (!labels[i] || {{enum}}_from_string(&v[i], labels[i]) != SC_OK)
            rc = SC_ETYPE;
    sc_texts_free(labels, n);
    if (rc != SC_OK) {
        free(v);
        return rc;
    }
    *out = v;
    *count = n;
    return SC_OK;
}

/* V[0..N) as one JSON array parameter of labels; a value out of range is SC_EINVAL. */
int {{enum}}__bind_list(sc_stmt *st, int idx, const {{enum}} *v, size_t n)
{
    sc_array a;
    sc_array_init(&a, SC_ARRAY_JSON);
    for (size_t i = 0; i < n; i++)
        sc_array_label(&a, {{enum}}_to_string(v[i]));
    return sc_stmt_bind_array(st, idx, &a);
}

