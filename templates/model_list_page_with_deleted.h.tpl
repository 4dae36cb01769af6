/* The same, soft-deleted rows included (history, an export of every row). */
int {{model}}_list_page_with_deleted({{model}}_list *out, sc_conn *conn, const {{model}} *after, int64_t limit, bool descending);
