-- name: HugeNumbered :one
SELECT id FROM products WHERE stock = ?4294967297;
