-- name: PostByID :one
SELECT p.id, p.title, p.views, a.name AS author FROM posts p JOIN authors a ON a.id = p.author_id WHERE p.id = $1;

-- name: PostsOfAuthor :many
SELECT p.id, p.title, p.views, a.name AS author FROM posts p JOIN authors a ON a.id = p.author_id
WHERE p.author_id = $1 ORDER BY p.id LIMIT $2;
