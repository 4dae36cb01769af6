-- name: GetAuthor :one
SELECT * FROM authors WHERE id = @id;

-- name: ListAuthors :many
SELECT * FROM authors ORDER BY name;

-- name: CreateAuthor :one
INSERT INTO authors (name, bio) VALUES (@name, sqlc.narg(bio)) RETURNING *;

-- name: UpdateBio :execrows
UPDATE authors SET bio = sqlc.narg(bio) WHERE id = @id;

-- name: DeleteAuthor :exec
DELETE FROM authors WHERE id = @id;

-- name: BooksWithAuthors :many
SELECT sqlc.embed(books), authors.name AS author FROM books JOIN authors ON authors.id = books.author_id ORDER BY books.id;

-- name: PagesPerAuthor :many
SELECT authors.name, count(books.id) AS books, CAST(coalesce(sum(books.pages), 0) AS BIGINT) AS pages
FROM authors LEFT JOIN books ON books.author_id = authors.id
GROUP BY authors.name ORDER BY authors.name;

-- name: AddBooks :copyfrom
INSERT INTO books (author_id, title, pages) VALUES (@author_id, @title, @pages);

-- name: GetBook :batchone
SELECT id, title FROM books WHERE id = @id;
