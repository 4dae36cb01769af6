--name: Bad :many
SELECT 1;

-- name: Two Words :many
SELECT 1;

-- name: Unknown :fetch
SELECT 1;

-- name: 9lives :one
SELECT 1;
