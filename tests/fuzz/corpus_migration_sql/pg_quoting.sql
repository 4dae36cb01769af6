-- schemac:data-loss
-- schemac:section pre
ALTER TYPE "Role" ADD VALUE IF NOT EXISTS 'X;y';
-- schemac:section tx
CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; -- ;
$body$ LANGUAGE sql;
SELECT E'it\'s; -- not a comment', U&"d\0061t;a", $$a;b$$;
/* outer /* nested; */ still; */ SELECT 2;
-- schemac:section post
CREATE INDEX CONCURRENTLY "i" ON "t" ("a");
VACUUM;
