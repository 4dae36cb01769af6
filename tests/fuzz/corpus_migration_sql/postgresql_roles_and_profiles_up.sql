-- migration 20261123130316_roles_and_profiles: up (postgresql)
-- Written by `schemac migrate diff`. Editing it changes its checksum: run `schemac migrate hash` before anyone applies it.
--
-- steps:
--   create enum "Role"
--   create table "profiles"
--   add column "users"."role"
--   add index "profiles_user_id_key" on "profiles"
--   add foreign key "profiles_user_id_fkey" on "profiles"

-- schemac:section tx
SET lock_timeout = '10s';
CREATE TYPE "Role" AS ENUM ('READER', 'AUTHOR');
CREATE TABLE "profiles" (
    "id" SERIAL NOT NULL,
    "bio" TEXT,
    "website" TEXT,
    "user_id" INTEGER NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "profiles_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "users" ADD COLUMN "role" "Role" NOT NULL DEFAULT 'READER';
CREATE UNIQUE INDEX "profiles_user_id_key" ON "profiles"("user_id");
ALTER TABLE "profiles" ADD CONSTRAINT "profiles_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
