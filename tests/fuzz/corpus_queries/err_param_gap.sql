-- name: Bad :many
SELECT id FROM products WHERE stock = $1 AND tenant_id = $3;
