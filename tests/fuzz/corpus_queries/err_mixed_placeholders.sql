-- name: Bad :many
SELECT id FROM products WHERE stock = ? AND tenant_id = ?2;
