-- name: Bad :copyfrom
INSERT INTO tenants (name) SELECT name FROM tenants WHERE id = $1;
