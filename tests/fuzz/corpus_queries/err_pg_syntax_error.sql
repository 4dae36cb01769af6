-- name: Bad :many
SELECT id FROM products WHERE;
