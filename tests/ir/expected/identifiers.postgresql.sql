CREATE TYPE "mood type" AS ENUM ('très "content"', 'sad');

CREATE TABLE "Wh""ere's" (
    "id" SERIAL NOT NULL,
    "select id" INTEGER NOT NULL,
    "größe" INTEGER NOT NULL,

    CONSTRAINT "Wh""ere's_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Wh""ere's_größe_check" CHECK ("größe" > 0)
);

CREATE TABLE "select" (
    "order" SERIAL NOT NULL,
    "from ""here""" TEXT NOT NULL,
    "naïve name" TEXT NOT NULL,
    "mood" "mood type" NOT NULL DEFAULT 'très "content"',

    CONSTRAINT "select_pkey" PRIMARY KEY ("order")
);

CREATE INDEX "select_from ""here""_naïve name_idx" ON "select"("from ""here""", "naïve name");

CREATE UNIQUE INDEX "select_naïve name_key" ON "select"("naïve name");

ALTER TABLE "Wh""ere's" ADD CONSTRAINT "Wh""ere's_select id_fkey" FOREIGN KEY ("select id") REFERENCES "select"("order") ON DELETE RESTRICT ON UPDATE CASCADE;
