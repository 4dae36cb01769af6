-- name: Bad :many
SELECT lowr(name) FROM products;
