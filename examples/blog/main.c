/*
 * main.c - a small command-line blog on the code schemac generates from
 * schema.prisma (blog.h / blog.c, built by schemac_generate in CMake).
 *
 *   blog init                               create the tables
 *   blog add-user EMAIL NAME [reader|author|admin]
 *   blog post EMAIL SLUG TITLE BODY [TAG...] write a post (published) with tags
 *   blog comment SLUG EMAIL TEXT
 *   blog feed [LIMIT]                       newest posts, authors, tags and comment counts
 *   blog edit SLUG VERSION TITLE            change a title if nobody changed the post since VERSION
 *   blog delete SLUG VERSION                soft-delete a post
 *   blog search PREFIX                      posts whose title starts with PREFIX (any case)
 *   blog authors                            every user with their number of posts
 *   blog between FROM TO                    posts published in [FROM, TO) (ISO dates)
 *
 * The last three are typed queries (queries/posts.sql, compiled into
 * blog_queries.h by schemac_generate(... QUERIES queries)).
 *
 * The database is $DATABASE_URL (sqlite:..., postgres://...), or the file
 * blog.db in the working directory. Each command is one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blog_queries.h"

#ifndef BLOG_DDL_DIR
#define BLOG_DDL_DIR "."
#endif

enum { FEED_DEFAULT = 10 };

static int fail(sc_conn *conn, const char *what, int rc)
{
    const sc_error *e = sc_conn_error(conn);
    fprintf(stderr, "blog: %s: %s", what, sc_strerror(rc));
    if (e && e->code == rc && e->constraint[0])
        fprintf(stderr, " (%s)", e->constraint);
    if (e && e->code == rc && e->message[0])
        fprintf(stderr, ": %s", e->message);
    fputc('\n', stderr);
    return 1;
}

static char *read_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[4096];
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
        if (len + n + 1 > cap) {
            cap = 2 * (len + n + 1);
            char *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(fp);
                return NULL;
            }
            buf = grown;
        }
        memcpy(buf + len, chunk, n);
        len += n;
        buf[len] = '\0';
    }
    fclose(fp);
    return buf;
}

static int cmd_init(sc_conn *conn)
{
    char path[1024];
    bool pg = sc_conn_dialect(conn) == SC_DIALECT_POSTGRES;
    snprintf(path, sizeof path, "%s/blog_%s.sql", BLOG_DDL_DIR, pg ? "postgresql" : "sqlite");
    char *ddl = read_file(path);
    if (!ddl) {
        fprintf(stderr, "blog: cannot read %s\n", path);
        return 1;
    }
    int rc = sc_conn_exec(conn, ddl);
    free(ddl);
    if (rc != SC_OK)
        return fail(conn, "init", rc);
    printf("tables created\n");
    return 0;
}

static int cmd_add_user(sc_conn *conn, int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: blog add-user EMAIL NAME [reader|author|admin]\n");
        return 2;
    }
    blog_user u;
    blog_user_init(&u);
    u.email = argv[0];
    u.name = argv[1];
    if (argc > 2) {
        char label[16];
        size_t i = 0;
        for (; argv[2][i] && i + 1 < sizeof label; i++)
            label[i] = (char)(argv[2][i] >= 'a' && argv[2][i] <= 'z' ? argv[2][i] - 'a' + 'A' : argv[2][i]);
        label[i] = '\0';
        if (blog_role_from_string(&u.role, label) != SC_OK) {
            fprintf(stderr, "blog: unknown role '%s'\n", argv[2]);
            return 2;
        }
    }
    blog_user *out = NULL;
    int rc = blog_user_create(&out, conn, &u);
    if (rc != SC_OK)
        return fail(conn, "add-user", rc);
    printf("user %d: %s <%s> (%s)\n", out->id, out->name, out->email, blog_role_to_string(out->role));
    blog_user_free(out);
    return 0;
}

/* The tag called NAME, created when it does not exist yet. */
static int tag_get(blog_tag **out, sc_conn *conn, const char *name)
{
    int rc = blog_tag_find_by_name(out, conn, name);
    if (rc != SC_ENOTFOUND)
        return rc;
    blog_tag t;
    blog_tag_init(&t);
    t.name = (char *)name;
    return blog_tag_create(out, conn, &t);
}

static int cmd_post(sc_conn *conn, int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: blog post EMAIL SLUG TITLE BODY [TAG...]\n");
        return 2;
    }
    blog_user *author = NULL;
    int rc = blog_user_find_by_email(&author, conn, argv[0]);
    if (rc != SC_OK)
        return fail(conn, "post: author", rc);
    blog_post p;
    blog_post_init(&p);
    p.slug = argv[1];
    p.title = argv[2];
    p.body = argv[3];
    p.author_id = author->id;
    p.published = true;
    p.has_published_at = true;
    p.published_at = sc_timestamp_now();
    blog_user_free(author);
    blog_post *out = NULL;
    rc = blog_post_create(&out, conn, &p);
    if (rc != SC_OK)
        return fail(conn, "post", rc);
    for (int i = 4; i < argc && rc == SC_OK; i++) {
        blog_tag *tag = NULL;
        rc = tag_get(&tag, conn, argv[i]);
        if (rc == SC_OK)
            rc = blog_post_link_tags(conn, out->id, tag->id);
        blog_tag_free(tag);
    }
    if (rc != SC_OK) {
        blog_post_free(out);
        return fail(conn, "post: tags", rc);
    }
    printf("post %d: %s (version %d)\n", out->id, out->slug, out->version);
    blog_post_free(out);
    return 0;
}

static int cmd_comment(sc_conn *conn, int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: blog comment SLUG EMAIL TEXT\n");
        return 2;
    }
    blog_post *post = NULL;
    blog_user *user = NULL;
    int rc = blog_post_find_by_slug(&post, conn, argv[0]);
    if (rc == SC_OK)
        rc = blog_user_find_by_email(&user, conn, argv[1]);
    if (rc == SC_OK) {
        blog_comment c;
        blog_comment_init(&c);
        c.post_id = post->id;
        c.author_id = user->id;
        c.body = argv[2];
        rc = blog_comment_create(NULL, conn, &c);
    }
    blog_post_free(post);
    blog_user_free(user);
    if (rc != SC_OK)
        return fail(conn, "comment", rc);
    printf("comment added\n");
    return 0;
}

/*
 * Newest posts first; authors, tags and comments each come in one query for
 * the whole page, the three sent together (one round trip on PostgreSQL).
 */
static int cmd_feed(sc_conn *conn, int argc, char **argv)
{
    long limit = argc > 0 ? strtol(argv[0], NULL, 10) : FEED_DEFAULT;
    if (limit <= 0)
        limit = FEED_DEFAULT;
    blog_post_list feed = {NULL, 0};
    int rc = blog_post_list_page(&feed, conn, NULL, limit, true);
    if (rc == SC_OK)
        rc = blog_post_load(conn, feed.items, feed.count, BLOG_POST_WITH_AUTHOR | BLOG_POST_WITH_TAGS | BLOG_POST_WITH_COMMENTS);
    if (rc != SC_OK) {
        blog_post_list_free(&feed);
        return fail(conn, "feed", rc);
    }
    for (size_t i = 0; i < feed.count; i++) {
        const blog_post *p = &feed.items[i];
        char when[SC_TIMESTAMP_BUFSIZE] = "draft";
        if (p->has_published_at)
            sc_timestamp_format(when, sizeof when, p->published_at, SC_TIME_ISO_MS);
        printf("#%d %s  [%s] by %s, %s, v%d\n", p->id, p->title, p->slug, p->author ? p->author->name : "?", when, p->version);
        printf("    tags:");
        for (size_t t = 0; t < p->tags_count; t++)
            printf(" %s", p->tags[t].name);
        printf("%s\n    comments: %zu\n", p->tags_count ? "" : " -", p->comments_count);
    }
    if (feed.count == 0)
        printf("no posts yet\n");
    blog_post_list_free(&feed);
    return 0;
}

static int cmd_edit(sc_conn *conn, int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: blog edit SLUG VERSION TITLE\n");
        return 2;
    }
    blog_post *post = NULL;
    int rc = blog_post_find_by_slug(&post, conn, argv[0]);
    if (rc != SC_OK)
        return fail(conn, "edit", rc);
    /* The version the editor saw: a newer one in the database means someone else saved first. */
    post->version = (int32_t)strtol(argv[1], NULL, 10);
    char *old = post->title;
    post->title = argv[2];
    blog_post *out = NULL;
    rc = blog_post_update_fields(&out, conn, post, BLOG_POST_F_TITLE);
    post->title = old;
    blog_post_free(post);
    if (rc == SC_ECONFLICT) {
        fprintf(stderr, "blog: edit: the post changed since version %s; reload and try again\n", argv[1]);
        return 3;
    }
    if (rc != SC_OK)
        return fail(conn, "edit", rc);
    printf("post %d: \"%s\" now at version %d\n", out->id, out->title, out->version);
    blog_post_free(out);
    return 0;
}

static int cmd_delete(sc_conn *conn, int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: blog delete SLUG VERSION\n");
        return 2;
    }
    blog_post *post = NULL;
    int rc = blog_post_find_by_slug(&post, conn, argv[0]);
    if (rc == SC_OK)
        rc = blog_post_delete(conn, post->id, (int32_t)strtol(argv[1], NULL, 10));
    blog_post_free(post);
    if (rc == SC_ECONFLICT) {
        fprintf(stderr, "blog: delete: the post changed since version %s\n", argv[1]);
        return 3;
    }
    if (rc != SC_OK)
        return fail(conn, "delete", rc);
    printf("deleted %s\n", argv[0]);
    return 0;
}

/* blog search PREFIX: a LIKE pattern from the prefix, its wildcards escaped. */
static int cmd_search(sc_conn *conn, int argc, char **argv)
{
    if (argc < 1) {
        fprintf(stderr, "usage: blog search PREFIX\n");
        return 2;
    }
    size_t n = strlen(argv[0]);
    char *pattern = malloc(2 * n + 2);
    if (!pattern)
        return fail(conn, "search", SC_ENOMEM);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (argv[0][i] == '%' || argv[0][i] == '_' || argv[0][i] == '\\')
            pattern[k++] = '\\';
        pattern[k++] = argv[0][i];
    }
    pattern[k++] = '%';
    pattern[k] = '\0';
    blog_search_posts_row_list found = {NULL, 0};
    int rc = blog_search_posts(&found, conn, pattern);
    free(pattern);
    if (rc != SC_OK)
        return fail(conn, "search", rc);
    for (size_t i = 0; i < found.count; i++)
        printf("#%d %s  [%s] by %s\n", found.items[i].id, found.items[i].title, found.items[i].slug, found.items[i].author);
    if (found.count == 0)
        printf("no post starts with \"%s\"\n", argv[0]);
    blog_search_posts_row_list_free(&found);
    return 0;
}

/* blog authors: posts per user, with a count and the last publication (NULL when none). */
static int cmd_authors(sc_conn *conn)
{
    blog_posts_per_author_row_list list = {NULL, 0};
    int rc = blog_posts_per_author(&list, conn);
    if (rc != SC_OK)
        return fail(conn, "authors", rc);
    for (size_t i = 0; i < list.count; i++) {
        const blog_posts_per_author_row *r = &list.items[i];
        char when[SC_TIMESTAMP_BUFSIZE] = "never";
        if (r->has_last_published)
            sc_timestamp_format(when, sizeof when, r->last_published, SC_TIME_ISO_MS);
        printf("%s: %lld posts, last published %s\n", r->name, (long long)r->posts, when);
    }
    blog_posts_per_author_row_list_free(&list);
    return 0;
}

/* blog between FROM TO: the feed of a date range. */
static int cmd_between(sc_conn *conn, int argc, char **argv)
{
    sc_timestamp from, to;
    if (argc < 2 || sc_timestamp_parse(&from, argv[0], -1) != SC_OK || sc_timestamp_parse(&to, argv[1], -1) != SC_OK) {
        fprintf(stderr, "usage: blog between FROM TO (ISO dates, 2024-05-01 or 2024-05-01T10:00:00Z)\n");
        return 2;
    }
    blog_feed_between_row_list feed = {NULL, 0};
    int rc = blog_feed_between(&feed, conn, from, to);
    if (rc != SC_OK)
        return fail(conn, "between", rc);
    for (size_t i = 0; i < feed.count; i++) {
        char when[SC_TIMESTAMP_BUFSIZE] = "?";
        if (feed.items[i].has_published_at)
            sc_timestamp_format(when, sizeof when, feed.items[i].published_at, SC_TIME_ISO_MS);
        printf("%s  %s  [%s] by %s\n", when, feed.items[i].title, feed.items[i].slug, feed.items[i].author);
    }
    printf("%zu posts\n", feed.count);
    blog_feed_between_row_list_free(&feed);
    return 0;
}

static int run(sc_conn *conn, const char *cmd, int argc, char **argv)
{
    if (strcmp(cmd, "init") == 0)
        return cmd_init(conn);
    if (strcmp(cmd, "add-user") == 0)
        return cmd_add_user(conn, argc, argv);
    if (strcmp(cmd, "post") == 0)
        return cmd_post(conn, argc, argv);
    if (strcmp(cmd, "comment") == 0)
        return cmd_comment(conn, argc, argv);
    if (strcmp(cmd, "feed") == 0)
        return cmd_feed(conn, argc, argv);
    if (strcmp(cmd, "edit") == 0)
        return cmd_edit(conn, argc, argv);
    if (strcmp(cmd, "delete") == 0)
        return cmd_delete(conn, argc, argv);
    if (strcmp(cmd, "search") == 0)
        return cmd_search(conn, argc, argv);
    if (strcmp(cmd, "authors") == 0)
        return cmd_authors(conn);
    if (strcmp(cmd, "between") == 0)
        return cmd_between(conn, argc, argv);
    fprintf(stderr, "blog: unknown command '%s'\n", cmd);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: blog init|add-user|post|comment|feed|edit|delete|search|authors|between ...\n");
        return 2;
    }
    const char *url = getenv("DATABASE_URL");
    if (!url || !*url)
        url = "sqlite:blog.db";
    sc_error err = SC_ERROR_INIT;
    sc_conn *conn = NULL;
    int rc = sc_conn_open(&conn, url, NULL, &err);
    if (rc != SC_OK) {
        fprintf(stderr, "blog: cannot open the database: %s\n", err.message);
        return 1;
    }
    /* One transaction per command: a failed post leaves no half-linked tags behind. */
    rc = sc_tx_begin(conn, SC_TX_IMMEDIATE);
    if (rc != SC_OK) {
        int status = fail(conn, "begin", rc);
        sc_conn_close(conn);
        return status;
    }
    int status = run(conn, argv[1], argc - 2, argv + 2);
    rc = status == 0 ? sc_tx_commit(conn) : sc_tx_rollback(conn);
    if (rc != SC_OK && status == 0)
        status = fail(conn, "commit", rc);
    sc_conn_close(conn);
    return status;
}
