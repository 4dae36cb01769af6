-- migration 20261123130315_init: down (sqlite)
-- Written by `schemac migrate diff`. Editing it changes its checksum: run `schemac migrate hash` before anyone applies it.
--
-- warning[drop-table] (data loss): table "comments" is dropped: every row in it is lost
--   fix: keep the model, or back the table up and apply with --allow-data-loss
-- warning[drop-table] (data loss): table "posts" is dropped: every row in it is lost
--   fix: keep the model, or back the table up and apply with --allow-data-loss
-- warning[drop-table] (data loss): table "users" is dropped: every row in it is lost
--   fix: keep the model, or back the table up and apply with --allow-data-loss
--
-- steps:
--   drop foreign key "comments_author_id_fkey" on "comments"
--   drop foreign key "comments_post_id_fkey" on "comments"
--   drop foreign key "posts_author_id_fkey" on "posts"
--   drop table "comments"
--   drop table "posts"
--   drop table "users"
-- schemac:data-loss

-- schemac:section tx
DROP TABLE "comments";
DROP TABLE "posts";
DROP TABLE "users";
