-- name: DocByID :one
SELECT * FROM docs WHERE id = $1;

-- name: DocsTagged :many
SELECT id, tags, scores FROM docs WHERE $1 = ANY(tags) ORDER BY id;

-- name: CreateDoc :one
INSERT INTO docs (title, tags, scores, colors) VALUES ($1, $2, $3, $4) RETURNING id, tags, colors;

-- name: DocIDs :one
SELECT array_agg(id ORDER BY id) AS ids FROM docs WHERE title LIKE $1;

-- name: DocsWithScore :many
SELECT id FROM docs WHERE scores && $1 ORDER BY id;

-- name: CopyDocs :copyfrom
INSERT INTO docs (title, tags, scores, colors) VALUES ($1, $2, $3, $4);

-- name: DocsByIDs :many
SELECT id, title FROM docs WHERE id = ANY($1) ORDER BY id;
