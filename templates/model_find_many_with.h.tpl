/*
 * {{model}}_find_many_by_{{key}}, with the relations WITH names loaded into
 * the rows found, each as its _load_ would. WITH is 0 or an OR of
 *     {{flags}}
 * Related rows of a key that found no row are left out. On PostgreSQL the
 * lookup and the loaders go in one pipeline: one round trip. All or
 * nothing: on failure *OUT is left empty.
 */
int {{model}}_find_many_by_{{key}}_with({{model}}_list *out, sc_conn *conn, {{param}}, size_t n, bool *found, unsigned with);
