void {{model}}_free({{model}} *row)
{
    if (row) {
        {{model}}__clear(row);
        free(row);
    }
}

void {{model}}_list_free({{model}}_list *list)
{
    sc_list_free(list, &{{model}}__model);
}

