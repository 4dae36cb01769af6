/* The same, soft-deleted or not (history: a deleted row is still found by its {{fields}}). */
int {{model}}_find_by_{{key}}_with_deleted({{model}} **out, sc_conn *conn{{params}});
