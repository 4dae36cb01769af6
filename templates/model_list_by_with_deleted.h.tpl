/* The same, soft-deleted rows listed too (history: a customer's orders, deleted ones included). */
int {{model}}_list_by_{{key}}_with_deleted({{model}}_list *out, sc_conn *conn{{params}});
