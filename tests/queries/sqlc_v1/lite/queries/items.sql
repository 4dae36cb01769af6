-- name: ListItems :many
SELECT * FROM line_items WHERE quantity > ? ORDER BY sku;

-- name: AddItem :exec
INSERT INTO line_items (sku, quantity, price) VALUES (?, ?, ?);
