-- name: Bad :many
SELECT id FROM products p JOIN orders o ON o.tenant_id = p.tenant_id;
