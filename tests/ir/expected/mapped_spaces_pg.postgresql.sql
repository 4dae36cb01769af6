CREATE TYPE "mood enum" AS ENUM ('très content', 'its sad');

CREATE TABLE "Wh'ere" (
    "id" INTEGER NOT NULL,
    "select id" INTEGER NOT NULL,

    CONSTRAINT "Wh'ere_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "_TagToWhere" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_TagToWhere_AB_pkey" PRIMARY KEY ("A", "B")
);

CREATE TABLE "select table" (
    "the id" SERIAL NOT NULL,
    "naïve name" TEXT NOT NULL,
    "mood" "mood enum" NOT NULL DEFAULT 'its sad',
    "moods" "mood enum"[] DEFAULT ARRAY['très content']::"mood enum"[],

    CONSTRAINT "select table_pkey" PRIMARY KEY ("the id")
);

CREATE TABLE "tag\s" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "tag\s_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Wh'ere_select id_id_key" ON "Wh'ere"("select id", "id");

CREATE INDEX "_TagToWhere_B_index" ON "_TagToWhere"("B");

CREATE UNIQUE INDEX "select table_naïve name_key" ON "select table"("naïve name");

CREATE INDEX "select table_naïve name_mood_idx" ON "select table"("naïve name", "mood");

ALTER TABLE "Wh'ere" ADD CONSTRAINT "Wh'ere_select id_fkey" FOREIGN KEY ("select id") REFERENCES "select table"("the id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "_TagToWhere" ADD CONSTRAINT "_TagToWhere_A_fkey" FOREIGN KEY ("A") REFERENCES "tag\s"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "_TagToWhere" ADD CONSTRAINT "_TagToWhere_B_fkey" FOREIGN KEY ("B") REFERENCES "Wh'ere"("id") ON DELETE CASCADE ON UPDATE CASCADE;
