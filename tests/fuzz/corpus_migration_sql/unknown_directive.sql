-- schemac:section middle
SELECT 1;
-- schemac:
