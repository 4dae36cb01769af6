/* Every row with the given {{fields}} into *OUT, in primary-key order (free with _list_free). */
int {{model}}_list_by_{{key}}({{model}}_list *out, sc_conn *conn{{params}});
