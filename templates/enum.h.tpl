/* The database name of V, or NULL when V is out of range. */
const char *{{enum}}_to_string({{enum}} v);
/* Parse a database name: SC_OK, or SC_EINVAL when S names no value. */
int {{enum}}_from_string({{enum}} *out, const char *s);

