-- migration 20261123130316_roles_and_profiles: up (sqlite)
-- Written by `schemac migrate diff`. Editing it changes its checksum: run `schemac migrate hash` before anyone applies it.
--
-- steps:
--   create enum "Role"
--   create table "profiles"
--   add column "users"."role"
--   add index "profiles_user_id_key" on "profiles"
--   add foreign key "profiles_user_id_fkey" on "profiles"

-- schemac:section tx
CREATE TABLE "profiles" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "bio" TEXT,
    "website" TEXT,
    "user_id" INTEGER NOT NULL,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
ALTER TABLE "users" ADD COLUMN "role" TEXT NOT NULL DEFAULT 'READER';
CREATE UNIQUE INDEX "profiles_user_id_key" ON "profiles" ("user_id");
