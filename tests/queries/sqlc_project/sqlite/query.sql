-- name: GetNote :one
SELECT * FROM notes WHERE id = ?;

-- name: ListNotes :many
SELECT id, title, pinned FROM notes
ORDER BY created_at DESC
LIMIT ?;

-- name: CreateNote :execlastid
INSERT INTO notes (title, body) VALUES (?, ?);

-- name: NotesWithTag :many
SELECT n.id, n.title, t.label
FROM notes n
JOIN note_tags nt ON nt.note_id = n.id
JOIN tags t ON t.tag_id = nt.tag_id
WHERE t.label IN (sqlc.slice('labels'));

-- name: PinnedNotes :many
SELECT * FROM pinned_notes;

-- name: TagCount :one
SELECT count(*) FROM note_tags WHERE tag_id = @tag_id;
