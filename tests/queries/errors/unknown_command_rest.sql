-- An unknown :command leaves its query out; the file's other queries are
-- still checked, so every error shows in one run.
-- name: MissingColumn :many
SELECT nosuch FROM tenants;

-- name: Unknown :fetchall
SELECT id FROM tenants;

-- name: MissingTable :one
SELECT id FROM nosuchtable;

-- name: Fine :many
SELECT id, name FROM tenants ORDER BY id;
