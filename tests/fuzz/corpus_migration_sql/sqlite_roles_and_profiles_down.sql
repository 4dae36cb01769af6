-- migration 20261123130316_roles_and_profiles: down (sqlite)
-- Written by `schemac migrate diff`. Editing it changes its checksum: run `schemac migrate hash` before anyone applies it.
--
-- warning[drop-column] (data loss): column "users"."role" is dropped: its values are lost
--   fix: if it was renamed, re-run diff with --rename-column; else apply with --allow-data-loss
-- warning[drop-table] (data loss): table "profiles" is dropped: every row in it is lost
--   fix: keep the model, or back the table up and apply with --allow-data-loss
--
-- steps:
--   drop foreign key "profiles_user_id_fkey" on "profiles"
--   drop column "users"."role"
--   drop table "profiles"
--   drop enum "Role"
-- schemac:data-loss
-- Tables are rebuilt: `schemac migrate apply` turns foreign_keys off before the transaction,
-- saves and re-creates views and triggers, and runs PRAGMA foreign_key_check before COMMIT.
-- schemac:sqlite-rebuild

-- schemac:section tx
-- rebuild "users": SQLite cannot make this change with ALTER TABLE
CREATE TABLE "_schemac_new_users" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL
);
INSERT INTO "_schemac_new_users" ("id", "email", "name", "created_at", "updated_at") SELECT "id", "email", "name", "created_at", "updated_at" FROM "users";
INSERT INTO sqlite_sequence (name, seq) SELECT '_schemac_new_users', 0 FROM sqlite_sequence WHERE name = 'users' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '_schemac_new_users');
UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM sqlite_sequence WHERE name IN ('users', '_schemac_new_users')) WHERE name = '_schemac_new_users';
DROP TABLE "users";
ALTER TABLE "_schemac_new_users" RENAME TO "users";
CREATE UNIQUE INDEX "users_email_key" ON "users" ("email");
DROP TABLE "profiles";
