-- +goose Up
ALTER TYPE book_type ADD VALUE 'POETRY' AFTER 'FICTION';
ALTER TABLE authors ADD COLUMN country char(2);
ALTER TABLE authors RENAME COLUMN bio TO biography;
ALTER TABLE books ALTER COLUMN price SET NOT NULL;
CREATE DOMAIN rating AS smallint NOT NULL CHECK (VALUE BETWEEN 1 AND 5);
CREATE TABLE reviews (
    review_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    book_id   integer NOT NULL REFERENCES books,
    stars     rating,
    body      text
);
CREATE VIEW book_authors AS
    SELECT b.book_id, b.title, a.name AS author, a.country
    FROM books b JOIN authors a ON a.author_id = b.author_id;
COMMENT ON TABLE books IS 'books on sale';
CREATE TABLE scratch (id int);
DROP TABLE scratch;

-- +goose Down
DROP VIEW book_authors;
DROP TABLE reviews;
DROP DOMAIN rating;
ALTER TABLE authors DROP COLUMN country;
