-- A typed query of the consumer test: valid on both engines, its row of plain values.

-- name: CustomersLike :many
SELECT id, email FROM "Customer" WHERE email LIKE $1 ORDER BY id;
