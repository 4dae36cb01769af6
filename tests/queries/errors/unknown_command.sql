-- name: Low :manyy
SELECT id FROM products;

-- name: Other :select
SELECT id FROM products;
