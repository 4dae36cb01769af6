-- +goose Up
CREATE TABLE notes (
  id    BIGSERIAL PRIMARY KEY,
  title TEXT NOT NULL,
  body  TEXT
);

-- +goose Down
DROP TABLE notes;
