/* Up to LIMIT rows in ({{order}}) order after AFTER's values (NULL: from the start); NULLs sort lowest. */
int {{model}}_list_page_by_{{key}}({{model}}_list *out, sc_conn *conn, const {{model}} *after, int64_t limit, bool descending);
