-- PostgreSQL's own syntax: casts, ANY with arrays, ILIKE, DISTINCT ON, date_trunc, unnest.

-- name: ByIdsAny :many
SELECT id, name FROM products WHERE id = ANY($1::int[]);

-- name: ILikeName :many
SELECT id FROM products WHERE name ILIKE $1;

-- name: LatestPerTenant :many
SELECT DISTINCT ON (tenant_id) tenant_id, id, placed_at FROM orders ORDER BY tenant_id, placed_at DESC;

-- name: Daily :many
SELECT date_trunc('day', placed_at) AS day, count(*) AS n, sum(total) AS revenue FROM orders GROUP BY 1;

-- name: Unnested :many
SELECT x FROM unnest($1::text[]) AS t(x);

-- name: TextCast :many
SELECT id::text AS id_text, total::numeric(20, 2) AS total FROM orders WHERE status = $1::"Status";

-- name: Revenue :one
SELECT coalesce(sum(total), 0)::bigint AS revenue FROM orders WHERE tenant_id = $1;
