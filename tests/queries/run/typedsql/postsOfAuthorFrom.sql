-- The optional parameter's type comes only from its annotation: PostgreSQL meets it first in
-- "$2 IS NULL", which gives it none, so schemac sends it as CAST($2 AS integer) there.
-- @param {Int} $1:authorId
-- @param {Int} $2:minId? the lowest id, or NULL for every post
SELECT p.id FROM posts p WHERE p.author_id = $1 AND ($2 IS NULL OR p.id >= $2) ORDER BY p.id
