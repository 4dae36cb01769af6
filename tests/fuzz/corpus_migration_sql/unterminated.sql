-- schemac:section tx
INSERT INTO "Keep" ("label") VALUES ('oops);
