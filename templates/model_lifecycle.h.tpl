/* A {{model}} with every field zero and the schema's literal defaults set. */
void {{model}}_init({{model}} *row);
/* Free ROW and everything it owns (loaded relations included). NULL is a no-op. */
void {{model}}_free({{model}} *row);
/* Free every row of LIST and the block; LIST itself is the caller's. */
void {{model}}_list_free({{model}}_list *list);

