-- name: Same :many
SELECT id FROM products;

-- name: Same :many
SELECT id FROM orders;
