-- name: Bad :many
SELEC id FROM products;
