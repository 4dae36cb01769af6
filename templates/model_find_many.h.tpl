/*
 * The rows whose {{fields}} is one of {{fields}}[0..N) into *OUT, in that order, with
 * one query (free with _list_free); keys without a row are left out, and
 * FOUND (N flags, may be NULL) tells which keys found one.
 */
int {{model}}_find_many_by_{{key}}({{model}}_list *out, sc_conn *conn, {{param}}, size_t n, bool *found);
