-- name: Braces :many
-- @param Int $1:lim
SELECT id FROM products LIMIT $1;
