-- SQLite's own syntax: placeholders, INSERT OR IGNORE, LIMIT a, b, IFNULL, GLOB, strftime.

-- name: ProductByIDQ :one
SELECT * FROM products WHERE id = ?;

-- name: ProductNumbered :many
SELECT id FROM products WHERE tenant_id = ?1 AND stock > ?2 AND stock < ?2 + 10;

-- name: ProductNamed :many
-- GLOB is SQLite's: PostgreSQL's parser cannot read this query, so the annotations type the parameters.
-- @param {Int} $1:tenant
-- @param {String} $2:pattern
SELECT id FROM products WHERE tenant_id = :tenant AND name GLOB :pattern;

-- name: CreateTenant :execlastid
INSERT INTO tenants (name) VALUES (?);

-- name: InsertOrIgnore :execrows
-- @param {Int} $1:tenant_id
-- @param {String} $2:name
INSERT OR IGNORE INTO tenants (id, name) VALUES (?1, ?2);

-- name: ReplaceTenant :exec
-- No annotations: typed as the same INSERT without SQLite's conflict clause.
INSERT OR REPLACE INTO tenants (id, name) VALUES (?, ?);

-- name: PageOld :many
-- @param {Int} $1:skip
-- @param {Int} $2:take
SELECT id, name AS "name" FROM tenants ORDER BY id LIMIT ?1, ?2;

-- name: IfNull :many
SELECT id, ifnull(note, '-') AS note FROM products;

-- name: Day :many
SELECT CAST(strftime('%Y-%m-%d', placed_at) AS TEXT) AS day, count(*) AS n FROM orders GROUP BY day;
