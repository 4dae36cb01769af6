/*
 * Up to LIMIT rows{{live_note}} with the given {{fields}}, in ({{order}}) order
 * after AFTER's values (NULL: from the start; DESCENDING: the other way),
 * into *OUT; no other {{fields}}'s rows ever appear. Pass a page's last row
 * as AFTER for the next page.
 */
int {{model}}_list_page_of_{{key}}({{model}}_list *out, sc_conn *conn{{params}}, const {{model}} *after, int64_t limit, bool descending);
