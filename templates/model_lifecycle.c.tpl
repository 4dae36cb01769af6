void {{model}}_free({{model}} *row)
{
    sc_row_free(row, {{model}}__clear);
}

void {{model}}_list_free({{model}}_list *list)
{
    if (!list)
        return;
    sc_rows_free(list->items, list->count, sizeof *list->items, {{model}}__clear);
    list->items = NULL;
    list->count = 0;
}

