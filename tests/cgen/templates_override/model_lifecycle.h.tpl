/** Restyled: create an empty {{Model}} ({{model}}). */
void {{model}}_init({{model}} *row);
/** Restyled: free a {{model}}. */
void {{model}}_free({{model}} *row);
/** Restyled: free a {{model}}_list. */
void {{model}}_list_free({{model}}_list *list);

