void {{model}}_free({{model}} *row)
{
    if (!row)
        return;
    {{model}}__clear(row);
    free(row);
}

void {{model}}_list_free({{model}}_list *list)
{
    if (!list)
        return;
    for (size_t i = 0; i < list->count; i++)
        {{model}}__clear(&list->items[i]);
    free(list->items);
    list->items = NULL;
    list->count = 0;
}

