-- name: GetAuthor :one
SELECT * FROM authors
WHERE author_id = $1;

-- name: ListAuthors :many
SELECT author_id, name, biography FROM authors
ORDER BY name;

-- name: CreateAuthor :one
INSERT INTO authors (name, biography, country)
VALUES (@name, sqlc.narg(biography), $3)
RETURNING *;

-- name: DeleteAuthor :exec
DELETE FROM authors WHERE author_id = $1;
