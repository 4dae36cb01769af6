-- migration 20261123130317_publishing_and_tags: down (sqlite)
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
-- Tables are rebuilt: `schemac migrate apply` turns foreign_keys off before the transaction,
-- saves and re-creates views and triggers, and runs PRAGMA foreign_key_check before COMMIT.
-- schemac:sqlite-rebuild

-- schemac:section tx
-- rebuild "comments": SQLite cannot make this change with ALTER TABLE
CREATE TABLE "_schemac_new_comments" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "body" TEXT NOT NULL,
    "post_id" INTEGER NOT NULL,
    "author_id" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "comments_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "comments_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "posts" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "_schemac_new_comments" ("id", "body", "post_id", "author_id", "created_at") SELECT "id", "body", "post_id", "author_id", "created_at" FROM "comments";
INSERT INTO sqlite_sequence (name, seq) SELECT '_schemac_new_comments', 0 FROM sqlite_sequence WHERE name = 'comments' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '_schemac_new_comments');
UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM sqlite_sequence WHERE name IN ('comments', '_schemac_new_comments')) WHERE name = '_schemac_new_comments';
DROP TABLE "comments";
ALTER TABLE "_schemac_new_comments" RENAME TO "comments";
CREATE INDEX "comments_post_id_idx" ON "comments" ("post_id");
-- rebuild "posts": SQLite cannot make this change with ALTER TABLE
CREATE TABLE "_schemac_new_posts" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "author_id" INTEGER NOT NULL,
    "created_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" DATETIME NOT NULL,
    CONSTRAINT "posts_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "_schemac_new_posts" ("id", "title", "slug", "body", "published", "author_id", "created_at", "updated_at") SELECT "id", "title", "slug", "body", "published", "author_id", "created_at", "updated_at" FROM "posts";
INSERT INTO sqlite_sequence (name, seq) SELECT '_schemac_new_posts', 0 FROM sqlite_sequence WHERE name = 'posts' AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = '_schemac_new_posts');
UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM sqlite_sequence WHERE name IN ('posts', '_schemac_new_posts')) WHERE name = '_schemac_new_posts';
DROP TABLE "posts";
ALTER TABLE "_schemac_new_posts" RENAME TO "posts";
CREATE INDEX "posts_author_id_idx" ON "posts" ("author_id");
CREATE UNIQUE INDEX "posts_slug_key" ON "posts" ("slug");
DROP TABLE "_PostToTag";
DROP TABLE "tags";
