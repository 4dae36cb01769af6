/*
 * Up to LIMIT rows in primary-key order ({{order}}) after AFTER's key (NULL:
 * from the start; DESCENDING: the other way) into *OUT. Pass a page's last
 * row as AFTER for the next page.
 */
int {{model}}_list_page({{model}}_list *out, sc_conn *conn, const {{model}} *after, int64_t limit, bool descending);
