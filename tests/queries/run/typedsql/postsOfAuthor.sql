-- Prisma TypedSQL's format: the file name is the query's name, the command :many.
-- @param {Int} $1:authorId the author
-- @param {String} $2:titlePrefix? a LIKE pattern, or NULL for every title */ ??/ "quoted"
SELECT id, title, score FROM posts
WHERE author_id = $1 AND (CAST($2 AS TEXT) IS NULL OR title LIKE CAST($2 AS TEXT))
ORDER BY id;
