-- migration x: up (sqlite)
--
-- steps:
--   create table "Victim"

-- schemac:section tx
CREATE TABLE "Victim" (
    "a" TEXT NOT NULL DEFAULT 'x
-- schemac:section pre
DROP TABLE "Canary";
-- ',
    "b" TEXT NOT NULL DEFAULT '
-- schemac:data-loss
'
);
