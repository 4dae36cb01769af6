-- name: Bad :many
SELECT id FROM products WHERE stock = $1 OR name = $1;
