-- name: Bad :many
-- @param {Integer} $1:limit
SELECT id FROM products LIMIT $1;
