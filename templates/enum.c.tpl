const char *{{enum}}_to_string({{enum}} v)
{
    return (unsigned)v < sizeof {{enum}}__names / sizeof *{{enum}}__names ? {{enum}}__names[v] : NULL;
}

int {{enum}}_from_string({{enum}} *out, const char *s)
{
    for (size_t i = 0; s && i < sizeof {{enum}}__names / sizeof *{{enum}}__names; i++) {
        if (strcmp({{enum}}__names[i], s) == 0) {
            *out = ({{enum}})i;
            return SC_OK;
        }
    }
    return SC_EINVAL;
}

int {{enum}}__column({{enum}} *out, sc_stmt *st, int col)
{
    const char *s = NULL;
    int rc = sc_stmt_column_text(&s, NULL, st, col);
    return rc == SC_OK && {{enum}}_from_string(out, s) != SC_OK ? SC_ETYPE : rc;
}

