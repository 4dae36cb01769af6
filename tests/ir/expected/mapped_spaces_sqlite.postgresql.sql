CREATE TYPE "mood enum" AS ENUM ('très content', 'its sad');

CREATE TABLE "Wh'ere" (
    "id" INTEGER NOT NULL,
    "select id" INTEGER NOT NULL,

    CONSTRAINT "Wh'ere_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "select table" (
    "the id" SERIAL NOT NULL,
    "naïve name" TEXT NOT NULL,
    "mood" "mood enum" NOT NULL DEFAULT 'its sad',

    CONSTRAINT "select table_pkey" PRIMARY KEY ("the id")
);

CREATE UNIQUE INDEX "Wh'ere_select id_id_key" ON "Wh'ere"("select id", "id");

CREATE UNIQUE INDEX "select table_naïve name_key" ON "select table"("naïve name");

CREATE INDEX "select table_naïve name_mood_idx" ON "select table"("naïve name", "mood");

ALTER TABLE "Wh'ere" ADD CONSTRAINT "Wh'ere_select id_fkey" FOREIGN KEY ("select id") REFERENCES "select table"("the id") ON DELETE RESTRICT ON UPDATE CASCADE;
