-- The wide query file whose generated functions test_q_run.c runs on both engines.

-- name: AuthorByID :one
SELECT * FROM authors WHERE id = $1;

-- name: AuthorByName :one
SELECT id, name, bio FROM authors WHERE name = $1;

-- name: PostsWithAuthors :many
-- Embeds: a post and its author, each as its model's struct.
SELECT sqlc.embed(p), sqlc.embed(a) FROM posts p JOIN authors a ON a.id = p.author_id ORDER BY p.id;

-- name: AuthorsAndPosts :many
SELECT a.id, a.name, p.id AS post_id, p.title FROM authors a LEFT JOIN posts p ON p.author_id = a.id ORDER BY a.id, p.id;

-- name: AuthorsMaybePost :many
SELECT a.name, sqlc.embed(p) FROM authors a LEFT JOIN posts p ON p.author_id = a.id ORDER BY a.id, p.id;

-- name: PostStats :many
SELECT author_id, count(*) AS posts, CAST(sum(views) AS BIGINT) AS views, max(score) AS best
FROM posts GROUP BY author_id HAVING count(*) >= @min_posts ORDER BY author_id;

-- name: AuthorPostKinds :many
-- A value of each kind PostgreSQL rows are read as they are (int4, text, float8, int8, timestamp, bool), each
-- from the optional side of an outer join.
SELECT a.id, p.id AS post_id, p.title, p.score, p.views, p.created_at, p.score > 3 AS high
FROM authors a LEFT JOIN posts p ON p.author_id = a.id ORDER BY a.id, p.id;

-- name: AuthorPostKind :one
SELECT a.id, p.id AS post_id, p.title, p.score, p.views, p.created_at, p.score > 3 AS high
FROM authors a LEFT JOIN posts p ON p.author_id = a.id WHERE a.id = $1 ORDER BY p.id LIMIT 1;

-- name: ActiveAuthors :many
SELECT a.name, (SELECT count(*) FROM posts p WHERE p.author_id = a.id) AS n
FROM authors a WHERE EXISTS (SELECT 1 FROM posts p WHERE p.author_id = a.id) ORDER BY a.name;

-- name: TopAuthors :many
WITH top AS (SELECT author_id, count(*) AS n FROM posts GROUP BY author_id)
SELECT a.name, top.n FROM top JOIN authors a ON a.id = top.author_id ORDER BY top.n DESC, a.name;

-- name: Labels :many
SELECT name AS label FROM authors UNION SELECT title FROM posts ORDER BY label;

-- name: CreateAuthor :one
INSERT INTO authors (name, bio) VALUES ($1, $2) RETURNING id, name, bio;

-- name: UpsertAuthor :one
INSERT INTO authors (name, bio, avatar) VALUES (@name, sqlc.narg(bio), sqlc.narg(avatar))
ON CONFLICT (name) DO UPDATE SET bio = excluded.bio, avatar = excluded.avatar
RETURNING *;

-- name: PostsByStatus :many
SELECT id, title, status FROM posts WHERE status = $1 ORDER BY id;

-- name: PostMeta :many
SELECT id, meta, price FROM posts ORDER BY id;

-- name: TitleLike :many
SELECT id, title FROM posts WHERE title LIKE $1 ORDER BY id;

-- name: PostsIn :many
SELECT id FROM posts WHERE id IN ($1, $2) ORDER BY id;

-- name: PostsInSlice :many
SELECT id, title FROM posts WHERE id IN (sqlc.slice(ids)) ORDER BY id;

-- name: PostsNotInSlice :many
SELECT id FROM posts WHERE id NOT IN (sqlc.slice(ids)) ORDER BY id;

-- name: StatusIn :many
SELECT id FROM posts WHERE status IN (sqlc.slice(statuses)) ORDER BY id;

-- name: PostPage :many
SELECT id, title FROM posts ORDER BY id LIMIT $1 OFFSET $2;

-- name: PostFilter :many
SELECT id FROM posts WHERE author_id = $1 AND views >= $2 AND title <> $3 ORDER BY id;

-- name: PostsBetween :many
SELECT id, created_at FROM posts WHERE created_at >= @from_at AND created_at < @to_at ORDER BY created_at;

-- name: PostsMinViews :many
-- The select list meets sqlc.narg(min_views) first on PostgreSQL, where IS NULL gives it no type (views >= gives
-- it one in WHERE, read later): schemac sends it there as CAST($1 AS bigint).
SELECT id, sqlc.narg(min_views) IS NULL AS every_post FROM posts
WHERE author_id = sqlc.arg(author_id) AND (views >= sqlc.narg(min_views) OR sqlc.narg(min_views) IS NULL)
ORDER BY id;

-- name: PostsMinViewsFirst :many
-- sqlc's common idiom, the IS NULL first: PostgreSQL meets the parameter untyped there and refuses the query as
-- written; schemac sends that occurrence as CAST($2 AS bigint), typed by the comparison after it.
SELECT id FROM posts WHERE author_id = @author_id AND (sqlc.narg(min_views) IS NULL OR views >= sqlc.narg(min_views))
ORDER BY id;

-- name: BumpViews :exec
UPDATE posts SET views = views + 1 WHERE id = $1;

-- name: SetStatus :execrows
UPDATE posts SET status = $1 WHERE author_id = $2;

-- name: DeleteComments :execresult
DELETE FROM comments WHERE post_id = $1;

-- name: AddComment :execlastid
-- SQLite's own syntax, so SQLite's only: its function returns SC_EINVAL on PostgreSQL.
-- @param {Int} $1:post_id
-- @param {String} $2:body
INSERT OR IGNORE INTO comments (post_id, body) VALUES (?, ?);

-- name: CopyComments :copyfrom
INSERT INTO comments (post_id, body, author_id) VALUES ($1, $2, $3);

-- name: AddViews :batchexec
UPDATE posts SET views = views + @by WHERE id = @id;

-- name: MovePosts :batchexec
UPDATE posts SET author_id = @author_id WHERE id = @id;

-- name: PostTitles :batchone
SELECT id, title FROM posts WHERE id = $1;

-- name: CommentsOf :batchmany
SELECT id, body, author_id FROM comments WHERE post_id = $1 ORDER BY id;

-- name: CommentsOfPost :many
SELECT id, body, author_id FROM comments WHERE post_id = $1 ORDER BY id;
