CREATE SCHEMA IF NOT EXISTS "auth";

CREATE SCHEMA IF NOT EXISTS "public";

CREATE SCHEMA IF NOT EXISTS "shop";

CREATE TYPE "auth"."Role" AS ENUM ('USER', 'ADMIN');

CREATE TYPE "shop"."Status" AS ENUM ('OPEN', 'SHIPPED');

CREATE TABLE "shop"."Order" (
    "id" BIGSERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "status" "shop"."Status" NOT NULL DEFAULT 'OPEN',
    "seenBy" "auth"."Role",

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "public"."Setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

CREATE TABLE "shop"."Tag" (
    "id" INTEGER NOT NULL,
    "label" TEXT NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "auth"."User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "roles" "auth"."Role"[] DEFAULT ARRAY['USER']::"auth"."Role"[],
    "role" "auth"."Role" NOT NULL DEFAULT 'USER',

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "shop"."_TagToUser" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_TagToUser_AB_pkey" PRIMARY KEY ("A", "B")
);

CREATE TABLE "auth"."log" (
    "id" INTEGER NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "log_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "shop"."log" (
    "id" INTEGER NOT NULL,
    "text" TEXT NOT NULL,

    CONSTRAINT "log_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "Order_userId_idx" ON "shop"."Order"("userId");

CREATE INDEX "by_status" ON "shop"."Order"("status");

CREATE UNIQUE INDEX "Tag_label_key" ON "shop"."Tag"("label");

CREATE UNIQUE INDEX "User_email_key" ON "auth"."User"("email");

CREATE INDEX "by_role" ON "auth"."User"("role");

CREATE INDEX "_TagToUser_B_index" ON "shop"."_TagToUser"("B");

CREATE INDEX "by_text" ON "auth"."log"("text");

CREATE INDEX "by_text" ON "shop"."log"("text");

ALTER TABLE "shop"."Order" ADD CONSTRAINT "Order_userId_fkey" FOREIGN KEY ("userId") REFERENCES "auth"."User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "shop"."_TagToUser" ADD CONSTRAINT "_TagToUser_A_fkey" FOREIGN KEY ("A") REFERENCES "shop"."Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "shop"."_TagToUser" ADD CONSTRAINT "_TagToUser_B_fkey" FOREIGN KEY ("B") REFERENCES "auth"."User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
