CREATE TYPE "Status" AS ENUM ('DRAFT', 'PUBLISHED');

CREATE TYPE "user_role" AS ENUM ('USER', 'administrator', 'GUEST');

CREATE TABLE "Member" (
    "id" SERIAL NOT NULL,
    "role" "user_role" NOT NULL DEFAULT 'administrator',
    "status" "Status",
    "roles" "user_role"[],
    "history" "Status"[] DEFAULT ARRAY['DRAFT', 'PUBLISHED']::"Status"[],

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);
