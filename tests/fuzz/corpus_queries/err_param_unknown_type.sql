-- name: Bad :many
SELECT id FROM products WHERE $1 IS NULL;
