/*
 * {{model}}_find_many_by_{{key}}, with the relations WITH names (as for
 * {{model}}_load) loaded into the rows found. On PostgreSQL the relations
 * loaded by this key's values go in one pipeline with the lookup (one
 * round trip; their rows of a key that found no row are left out), the
 * others in one more. All or nothing: on failure *OUT is left empty.
 */
int {{model}}_find_many_by_{{key}}_with({{model}}_list *out, sc_conn *conn, {{param}}, size_t n, bool *found, unsigned with);
