-- Declared types as sqlc reads them, keys SQLite enforces, a view.
CREATE TABLE kinds (
    id        INTEGER PRIMARY KEY,
    small     smallint,
    name      VARCHAR(40) NOT NULL UNIQUE,
    flag      BOOLEAN NOT NULL DEFAULT 0,
    at        timestamp,
    day       date,
    price     numeric(10, 2),
    ratio     double,
    data      blob,
    doc       json,
    nchar_col NCHAR(3),
    anything,
    qty       int NOT NULL DEFAULT 1 CHECK (qty > 0)
);
CREATE TABLE pairs (
    a text,
    b text,
    kind_id INTEGER REFERENCES kinds (id) ON DELETE CASCADE,
    PRIMARY KEY (a, b)
);
CREATE TABLE strict_pairs (
    a text,
    b text,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX pairs_kind ON pairs (kind_id);
CREATE VIEW kind_names AS SELECT id, name FROM kinds WHERE flag;
