-- name: Bad :many
SELECT id, nmae FROM products WHERE tenant_id = $1;
