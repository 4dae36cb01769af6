-- name: Bad :many
SELECT id FROM product;
