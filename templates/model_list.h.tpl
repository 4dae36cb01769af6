/* Rows of {{model}} in one block: free with {{model}}_list_free(). */
typedef struct {{model}}_list {
    {{model}} *items;
    size_t count;
} {{model}}_list;

