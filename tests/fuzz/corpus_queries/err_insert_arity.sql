-- name: Bad :exec
INSERT INTO tenants (name) VALUES ($1, $2);
