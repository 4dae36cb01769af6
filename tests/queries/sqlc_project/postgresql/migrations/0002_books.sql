-- +goose Up
-- +goose StatementBegin
CREATE TABLE books (
    book_id   serial PRIMARY KEY,
    author_id bigint NOT NULL REFERENCES authors (author_id) ON DELETE CASCADE,
    isbn      varchar(17) NOT NULL UNIQUE,
    book_type book_type NOT NULL DEFAULT 'FICTION',
    title     text NOT NULL,
    year      integer NOT NULL DEFAULT 2000 CHECK (year > 1400),
    price     numeric(10, 2),
    tags      varchar[] NOT NULL DEFAULT '{}'
);
-- +goose StatementEnd
CREATE INDEX books_title_idx ON books (title);

-- +goose Down
DROP TABLE books;
