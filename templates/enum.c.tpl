const char *{{enum}}_to_string({{enum}} v)
{
    if ((unsigned)v >= sizeof {{enum}}__names / sizeof {{enum}}__names[0])
        return NULL;
    return {{enum}}__names[v];
}

int {{enum}}_from_string({{enum}} *out, const char *s)
{
    for (size_t i = 0; s && i < sizeof {{enum}}__names / sizeof {{enum}}__names[0]; i++) {
        if (strcmp({{enum}}__names[i], s) == 0) {
            *out = ({{enum}})i;
            return SC_OK;
        }
    }
    return SC_EINVAL;
}

