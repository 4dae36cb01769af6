-- +goose Up
CREATE TABLE authors (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  bio  TEXT
);

CREATE TABLE books (
  id        INTEGER PRIMARY KEY,
  author_id INTEGER NOT NULL REFERENCES authors (id),
  title     TEXT NOT NULL,
  pages     INTEGER
);

-- +goose Down
DROP TABLE books;
DROP TABLE authors;
