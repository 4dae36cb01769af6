/*
 * main.c - the consumer test's program: creates the tables from the DDL
 * file given as argument, then calls generated functions on in-memory
 * SQLite and checks what they return. Exits 0 only when every check holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shop_queries.h"

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "consumer: %s:%d: check failed: %s\n", __FILE__, \
                    __LINE__, #cond);                                        \
            return 1;                                                        \
        }                                                                    \
    } while (0)

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = malloc(1 << 16);
    size_t n = buf ? fread(buf, 1, (1 << 16) - 1, fp) : 0;
    fclose(fp);
    if (buf)
        buf[n] = '\0';
    return buf;
}

static int run(sc_conn *conn, const char *ddl)
{
    CHECK(sc_conn_exec(conn, ddl) == SC_OK);

    shop_customer c;
    shop_customer_init(&c);
    c.email = "ada@example.com";
    c.has_name = true;
    c.name = "Ada";
    shop_customer *made = NULL;
    CHECK(shop_customer_create(&made, conn, &c) == SC_OK);
    CHECK(made != NULL && made->id > 0);

    shop_order o;
    shop_order_init(&o);
    o.customer_id = made->id;
    o.total = "12.50";
    CHECK(shop_order_create(NULL, conn, &o) == SC_OK);

    shop_customer *found = NULL;
    CHECK(shop_customer_find_by_email(&found, conn, "ada@example.com") == SC_OK);
    CHECK(found->id == made->id && found->has_name && strcmp(found->name, "Ada") == 0);
    CHECK(shop_customer_load_orders(conn, found, 1) == SC_OK);
    /* SQLite keeps DECIMAL columns as numbers: "12.50" comes back as 12.5. */
    CHECK(found->orders_count == 1 && strtod(found->orders[0].total, NULL) == 12.5);

    /* A second customer with the same email is refused as a unique violation. */
    CHECK(shop_customer_create(NULL, conn, &c) == SC_EUNIQUE);

    int64_t n = 0;
    CHECK(shop_customer_count(&n, conn) == SC_OK && n == 1);

    /* a typed query (its code also reads PostgreSQL rows with libpq: it builds with libpq's headers and library) */
    shop_customers_like_row_list like = {0};
    CHECK(shop_customers_like(&like, conn, "ada%") == SC_OK);
    CHECK(like.count == 1 && like.items[0].id == made->id && strcmp(like.items[0].email, "ada@example.com") == 0);
    shop_customers_like_row_list_free(&like);
    shop_customer_free(found);
    shop_customer_free(made);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: shop DDL-FILE\n");
        return 2;
    }
    char *ddl = slurp(argv[1]);
    if (!ddl) {
        fprintf(stderr, "shop: cannot read %s\n", argv[1]);
        return 2;
    }
    sc_conn *conn = NULL;
    sc_error err;
    if (sc_conn_open(&conn, "sqlite::memory:", NULL, &err) != SC_OK) {
        fprintf(stderr, "shop: cannot open the database: %s\n", err.message);
        free(ddl);
        return 1;
    }
    int rc = run(conn, ddl);
    sc_conn_close(conn);
    free(ddl);
    if (rc == 0)
        printf("consumer: ok\n");
    return rc;
}
