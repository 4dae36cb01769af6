-- name: Bad :many
SELECT id FROM products WHERE id = sqlc.slice(ids);
