-- +goose Up
CREATE TYPE book_type AS ENUM ('FICTION', 'NONFICTION');

CREATE TABLE authors (
    author_id  bigserial PRIMARY KEY,
    name       text NOT NULL DEFAULT '',
    bio        text,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX authors_name_idx ON authors (name);

-- +goose Down
DROP TABLE authors;
DROP TYPE book_type;
