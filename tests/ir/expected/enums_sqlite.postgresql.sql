CREATE TYPE "Level" AS ENUM ('LOW', 'high!');

CREATE TABLE "M" (
    "id" INTEGER NOT NULL,
    "level" "Level" NOT NULL DEFAULT 'high!',
    "opt" "Level",

    CONSTRAINT "M_pkey" PRIMARY KEY ("id")
);
