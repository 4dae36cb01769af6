-- name: Bad :many
SELECT id, createdAt FROM AuditLog;
