-- Typed queries of the blog example (docs/queries.md): checked against
-- schema.prisma at build time, compiled into blog_queries.h / blog_queries.c.

-- name: SearchPosts :many
-- Live posts whose title matches PATTERN (a LIKE pattern, any case), newest first.
SELECT p.id, p.slug, p.title, u.name AS author
FROM posts p JOIN users u ON u.id = p.author_id
WHERE p.deleted_at IS NULL AND lower(p.title) LIKE lower(@pattern) ESCAPE '\'
ORDER BY p.id DESC;

-- name: PostsPerAuthor :many
-- Every user with the number of live posts and when they last published.
SELECT u.id, u.name, count(p.id) AS posts, max(p.published_at) AS last_published
FROM users u LEFT JOIN posts p ON p.author_id = u.id AND p.deleted_at IS NULL
GROUP BY u.id, u.name
ORDER BY posts DESC, u.name;

-- name: FeedBetween :many
-- Published live posts with FROM_AT <= published_at < TO_AT, oldest first.
SELECT p.id, p.slug, p.title, p.published_at, u.name AS author
FROM posts p JOIN users u ON u.id = p.author_id
WHERE p.deleted_at IS NULL AND p.published AND p.published_at >= @from_at AND p.published_at < @to_at
ORDER BY p.published_at, p.id;
