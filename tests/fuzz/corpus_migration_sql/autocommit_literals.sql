-- schemac:section tx
CREATE TABLE "Keep" ("id" INTEGER);

-- schemac:section post
INSERT INTO "Keep" ("label") VALUES ('a;
-- schemac:section pre
b'); -- c;
INSERT INTO "Keep" ("label") VALUES ('two');
