void {{model}}_free({{model}} *row)
{
    sc_row_free(row, &{{model}}__model);
}

void {{model}}_list_free({{model}}_list *list)
{
    sc_list_free(list, &{{model}}__model);
}

