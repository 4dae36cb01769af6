-- migration 20261123130316_roles_and_profiles: down (postgresql)
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

-- schemac:section tx
SET lock_timeout = '10s';
ALTER TABLE "profiles" DROP CONSTRAINT "profiles_user_id_fkey";
ALTER TABLE "users" DROP COLUMN "role";
DROP TABLE "profiles";
DROP TYPE "Role";
