-- migration 20261123130317_publishing_and_tags: up (postgresql)
-- Written by `schemac migrate diff`. Editing it changes its checksum: run `schemac migrate hash` before anyone applies it.
--
-- warning[constraint-full-lock]: check "comments_body_check" on existing table "comments" is validated under a full-table lock
--   fix: diff with --low-lock: add it NOT VALID, then VALIDATE without blocking writes
-- warning[constraint-full-lock]: check "posts_published_has_date" on existing table "posts" is validated under a full-table lock
--   fix: diff with --low-lock: add it NOT VALID, then VALIDATE without blocking writes
-- warning[constraint-full-lock]: check "posts_title_check" on existing table "posts" is validated under a full-table lock
--   fix: diff with --low-lock: add it NOT VALID, then VALIDATE without blocking writes
--
-- steps:
--   add value 'ADMIN' to enum "Role"
--   create table "_PostToTag"
--   create table "tags"
--   add column "posts"."published_at"
--   add column "posts"."version"
--   add column "posts"."deleted_at"
--   add check "comments_body_check" on "comments"
--   add check "posts_published_has_date" on "posts"
--   add check "posts_title_check" on "posts"
--   add index "_PostToTag_B_index" on "_PostToTag"
--   add index "comments_author_id_idx" on "comments"
--   add index "posts_published_at_idx" on "posts"
--   add index "tags_name_key" on "tags"
--   add foreign key "_PostToTag_A_fkey" on "_PostToTag"
--   add foreign key "_PostToTag_B_fkey" on "_PostToTag"

-- schemac:section tx
SET lock_timeout = '10s';
ALTER TYPE "Role" ADD VALUE IF NOT EXISTS 'ADMIN';
CREATE TABLE "_PostToTag" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_PostToTag_AB_pkey" PRIMARY KEY ("A", "B")
);
CREATE TABLE "tags" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "tags_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "posts" ADD COLUMN "published_at" TIMESTAMP(3);
ALTER TABLE "posts" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "posts" ADD COLUMN "deleted_at" TIMESTAMP(3);
ALTER TABLE "comments" ADD CONSTRAINT "comments_body_check" CHECK (length(body) > 0);
ALTER TABLE "posts" ADD CONSTRAINT "posts_published_has_date" CHECK (NOT published OR published_at IS NOT NULL);
ALTER TABLE "posts" ADD CONSTRAINT "posts_title_check" CHECK (length(title) > 0);
CREATE INDEX "_PostToTag_B_index" ON "_PostToTag"("B");
CREATE UNIQUE INDEX "tags_name_key" ON "tags"("name");
ALTER TABLE "_PostToTag" ADD CONSTRAINT "_PostToTag_A_fkey" FOREIGN KEY ("A") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "_PostToTag" ADD CONSTRAINT "_PostToTag_B_fkey" FOREIGN KEY ("B") REFERENCES "tags"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- schemac:section post
SET lock_timeout = '10s';
DROP INDEX CONCURRENTLY IF EXISTS "comments_author_id_idx";
CREATE INDEX CONCURRENTLY "comments_author_id_idx" ON "comments"("author_id");
DROP INDEX CONCURRENTLY IF EXISTS "posts_published_at_idx";
CREATE INDEX CONCURRENTLY "posts_published_at_idx" ON "posts"("published_at") WHERE deleted_at IS NULL;
