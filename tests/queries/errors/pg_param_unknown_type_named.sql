-- name: Bad :many
SELECT id FROM products WHERE @min_stock IS NULL;
