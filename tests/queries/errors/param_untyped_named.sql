-- name: Bad :many
SELECT id FROM products WHERE stock > abs(sqlc.arg(delta));
