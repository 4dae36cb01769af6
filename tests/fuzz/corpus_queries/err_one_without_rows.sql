-- name: Bad :one
DELETE FROM orders WHERE id = $1;
