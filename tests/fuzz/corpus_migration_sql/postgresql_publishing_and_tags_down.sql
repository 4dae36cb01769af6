-- migration 20261123130317_publishing_and_tags: down (postgresql)
-- Written by `schemac migrate diff`. Editing it changes its checksum: run `schemac migrate hash` before anyone applies it.
--
-- warning[drop-column] (data loss): column "posts"."published_at" is dropped: its values are lost
--   fix: if it was renamed, re-run diff with --rename-column; else apply with --allow-data-loss
-- warning[drop-column] (data loss): column "posts"."version" is dropped: its values are lost
--   fix: if it was renamed, re-run diff with --rename-column; else apply with --allow-data-loss
-- warning[drop-column] (data loss): column "posts"."deleted_at" is dropped: its values are lost
--   fix: if it was renamed, re-run diff with --rename-column; else apply with --allow-data-loss
-- warning[drop-table] (data loss): table "_PostToTag" is dropped: every row in it is lost
--   fix: keep the model, or back the table up and apply with --allow-data-loss
-- warning[drop-table] (data loss): table "tags" is dropped: every row in it is lost
--   fix: keep the model, or back the table up and apply with --allow-data-loss
-- warning[enum-value-removed] (data loss): enum "Role" loses or reorders values: rows holding a removed value make the migration fail
--   fix: update rows that hold the removed values first, then apply with --allow-data-loss
--
-- steps:
--   drop foreign key "_PostToTag_A_fkey" on "_PostToTag"
--   drop foreign key "_PostToTag_B_fkey" on "_PostToTag"
--   drop index "comments_author_id_idx" on "comments"
--   drop index "posts_published_at_idx" on "posts"
--   drop check "comments_body_check" on "comments"
--   drop check "posts_published_has_date" on "posts"
--   drop check "posts_title_check" on "posts"
--   drop column "posts"."published_at"
--   drop column "posts"."version"
--   drop column "posts"."deleted_at"
--   drop table "_PostToTag"
--   drop table "tags"
--   remove or reorder values of enum "Role"
-- schemac:data-loss

-- schemac:section tx
SET lock_timeout = '10s';
ALTER TABLE "_PostToTag" DROP CONSTRAINT "_PostToTag_A_fkey";
ALTER TABLE "_PostToTag" DROP CONSTRAINT "_PostToTag_B_fkey";
DROP INDEX "comments_author_id_idx";
DROP INDEX "posts_published_at_idx";
ALTER TABLE "comments" DROP CONSTRAINT "comments_body_check";
ALTER TABLE "posts" DROP CONSTRAINT "posts_published_has_date";
ALTER TABLE "posts" DROP CONSTRAINT "posts_title_check";
ALTER TABLE "posts" DROP COLUMN "published_at";
ALTER TABLE "posts" DROP COLUMN "version";
ALTER TABLE "posts" DROP COLUMN "deleted_at";
DROP TABLE "_PostToTag";
DROP TABLE "tags";
ALTER TYPE "Role" RENAME TO "Role_old";
CREATE TYPE "Role" AS ENUM ('READER', 'AUTHOR');
ALTER TABLE "users" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "users" ALTER COLUMN "role" SET DATA TYPE "Role" USING "role"::text::"Role";
ALTER TABLE "users" ALTER COLUMN "role" SET DEFAULT 'READER';
DROP TYPE "Role_old";
