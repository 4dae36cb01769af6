-- name: CreateNote :one
INSERT INTO notes (title, body) VALUES (@title, sqlc.narg(body)) RETURNING *;

-- name: GetNote :one
SELECT * FROM notes WHERE id = @id;

-- name: ListNotes :many
SELECT * FROM notes ORDER BY id;
