-- +goose Up
CREATE TABLE authors (
  id   BIGSERIAL PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  bio  TEXT
);

CREATE TABLE books (
  id        BIGSERIAL PRIMARY KEY,
  author_id BIGINT NOT NULL REFERENCES authors (id),
  title     TEXT NOT NULL,
  pages     BIGINT
);

-- +goose Down
DROP TABLE books;
DROP TABLE authors;
