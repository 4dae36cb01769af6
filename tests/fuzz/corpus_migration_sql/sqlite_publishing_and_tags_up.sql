-- migration 20261123130317_publishing_and_tags: up (sqlite)
-- Written by `schemac migrate diff`. Editing it changes its checksum: run `schemac migrate hash` before anyone applies it.
--
-- warning[constraint-full-lock]: check "comments_body_check" on "comments": SQLite rebuilds the table to add it
--   fix: apply off-peak; the rebuild copies every row
-- warning[constraint-full-lock]: check "posts_published_has_date" on "posts": SQLite rebuilds the table to add it
--   fix: apply off-peak; the rebuild copies every row
-- warning[constraint-full-lock]: check "posts_title_check" on "posts": SQLite rebuilds the table to add it
--   fix: apply off-peak; the rebuild copies every row
-- warning[index-not-concurrent]: index "comments_author_id_idx" is built on existing table "comments" without CONCURRENTLY: writes wait until it is built
--   fix: SQLite cannot build concurrently: apply off-peak
-- warning[index-not-concurrent]: index "posts_published_at_idx" is built on existing table "posts" without CONCURRENTLY: writes wait until it is built
--   fix: SQLite cannot build concurrently: apply off-peak
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
--   add index "_PostToTag_AB_unique" on "_PostToTag"
--   add index "_PostToTag_B_index" on "_PostToTag"
--   add index "comments_author_id_idx" on "comments"
--   add index "posts_published_at_idx" on "posts"
--   add index "tags_name_key" on "tags"
--   add foreign key "_PostToTag_A_fkey" on "_PostToTag"
--   add foreign key "_PostToTag_B_fkey" on "_PostToTag"
-- Tables are rebuilt: `schemac migrate apply` turns foreign_keys off before the transaction,
-- saves and re-creates views and triggers, and runs PRAGMA foreign_key_check before COMMIT.
-- schemac:sqlite-rebuild

-- schemac:section tx
CREATE TABLE "_PostToTag" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,
    CONSTRAINT "_PostToTag_A_fkey" FOREIGN KEY ("A") REFERENCES "posts" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_PostToTag_B_fkey" FOREIGN KEY ("B") REFERENCES "tags" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE TABLE "tags" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL
);
-- rebuild "comments": SQLite cannot make this change with ALTER TABLE
CREATE TABLE "_schemac_new_comments" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "body" TEXT NOT NULL,
    "post_id" INTEGER NOT NULL,
    "author_id" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "comments_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "comments_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "posts" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "comments_body_check" CHECK (length(body) > 0)
);
INSERT INTO "_schemac_new_comments" ("id", "body", "post_id", "author_id", "created_at") SELECT "id", "body", "post_id", "author_id", "created_at" FROM "comments";
INSERT INTO sqlite_sequence (name, seq) SELECT '_schemac_new_comments', 0 FROM sqlite_sequence WHERE name = 'comments' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '_schemac_new_comments');
UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM sqlite_sequence WHERE name IN ('comments', '_schemac_new_comments')) WHERE name = '_schemac_new_comments';
DROP TABLE "comments";
ALTER TABLE "_schemac_new_comments" RENAME TO "comments";
CREATE INDEX "comments_author_id_idx" ON "comments" ("author_id");
CREATE INDEX "comments_post_id_idx" ON "comments" ("post_id");
-- rebuild "posts": SQLite cannot make this change with ALTER TABLE
CREATE TABLE "_schemac_new_posts" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "published_at" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deleted_at" DATETIME,
    "author_id" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "posts_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "posts_published_has_date" CHECK (NOT published OR published_at IS NOT NULL),
    CONSTRAINT "posts_title_check" CHECK (length(title) > 0)
);
INSERT INTO "_schemac_new_posts" ("id", "title", "slug", "body", "published", "author_id", "created_at", "updated_at") SELECT "id", "title", "slug", "body", "published", "author_id", "created_at", "updated_at" FROM "posts";
INSERT INTO sqlite_sequence (name, seq) SELECT '_schemac_new_posts', 0 FROM sqlite_sequence WHERE name = 'posts' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '_schemac_new_posts');
UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM sqlite_sequence WHERE name IN ('posts', '_schemac_new_posts')) WHERE name = '_schemac_new_posts';
DROP TABLE "posts";
ALTER TABLE "_schemac_new_posts" RENAME TO "posts";
CREATE INDEX "posts_author_id_idx" ON "posts" ("author_id");
CREATE INDEX "posts_published_at_idx" ON "posts" ("published_at") WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX "posts_slug_key" ON "posts" ("slug");
CREATE UNIQUE INDEX "_PostToTag_AB_unique" ON "_PostToTag" ("A", "B");
CREATE INDEX "_PostToTag_B_index" ON "_PostToTag" ("B");
CREATE UNIQUE INDEX "tags_name_key" ON "tags" ("name");
