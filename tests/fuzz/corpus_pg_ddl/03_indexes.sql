-- Indexes: named and unnamed, unique, methods, sort orders, partial, covering.
CREATE TABLE events (
    id         bigint PRIMARY KEY,
    kind       text NOT NULL,
    at         timestamptz NOT NULL,
    payload    jsonb,
    tags       text[],
    score      integer
);
CREATE INDEX ON events (kind);
CREATE INDEX ON events (kind, at DESC);
CREATE UNIQUE INDEX events_kind_score ON events (kind, score) WHERE score IS NOT NULL;
CREATE INDEX events_payload ON events USING gin (payload jsonb_path_ops);
CREATE INDEX events_tags ON events USING gin (tags);
CREATE INDEX events_hash ON events USING hash (kind);
CREATE INDEX events_brin ON events USING brin (at);
CREATE INDEX events_cover ON events (at) INCLUDE (kind, score);
CREATE INDEX events_nulls ON events (score ASC NULLS FIRST, at DESC NULLS LAST);
CREATE INDEX IF NOT EXISTS events_hash ON events (id);
