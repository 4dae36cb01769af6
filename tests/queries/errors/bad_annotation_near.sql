-- name: BadNear :many
-- @param {Strng} $1:email
SELECT id FROM products WHERE name = $1;
