-- name: BooksByType :many
SELECT book_id, title, book_type, tags FROM books
WHERE book_type = $1 AND year >= @min_year
ORDER BY title
LIMIT $3;

-- name: BooksByTags :many
SELECT book_id, title, tags FROM books
WHERE tags && $1::varchar[];

-- name: BookAuthors :many
SELECT * FROM book_authors WHERE country = $1;

-- name: CountReviews :one
SELECT b.title, count(r.review_id) AS reviews, avg(r.stars) AS average
FROM books b LEFT JOIN reviews r ON r.book_id = b.book_id
WHERE b.book_id = $1
GROUP BY b.title;

-- name: UpdatePrice :execrows
UPDATE books SET price = $2 WHERE book_id = $1;
