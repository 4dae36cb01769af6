-- A text parameter typed by its annotation only: "$1 IS NULL" and "$1 || '%'" type it nowhere on PostgreSQL.
-- @param {String} $1:prefix? the names' beginning, or NULL for every author
SELECT id FROM authors WHERE ($1 IS NULL OR name LIKE $1 || '%') ORDER BY id
