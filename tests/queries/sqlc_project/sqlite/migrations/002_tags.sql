-- +migrate Up
CREATE TABLE tags (
    tag_id INTEGER PRIMARY KEY AUTOINCREMENT,
    label  VARCHAR(40) NOT NULL UNIQUE
);
CREATE TABLE note_tags (
    note_id INTEGER NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    tag_id  INTEGER NOT NULL REFERENCES tags (tag_id),
    PRIMARY KEY (note_id, tag_id)
);
CREATE VIEW pinned_notes AS SELECT id, title FROM notes WHERE pinned;

-- +migrate Down
DROP VIEW pinned_notes;
DROP TABLE note_tags;
DROP TABLE tags;
