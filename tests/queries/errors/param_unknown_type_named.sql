-- name: Bad :many
SELECT id FROM products WHERE sqlc.narg(min_stock) IS NULL;
