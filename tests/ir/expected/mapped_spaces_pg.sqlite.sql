CREATE TABLE "Wh'ere" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "select id" INTEGER NOT NULL,
    CONSTRAINT "Wh'ere_select id_fkey" FOREIGN KEY ("select id") REFERENCES "select table" ("the id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE TABLE "_TagToWhere" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,
    CONSTRAINT "_TagToWhere_A_fkey" FOREIGN KEY ("A") REFERENCES "tag\s" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_TagToWhere_B_fkey" FOREIGN KEY ("B") REFERENCES "Wh'ere" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "select table" (
    "the id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "naïve name" TEXT NOT NULL,
    "mood" TEXT NOT NULL DEFAULT 'its sad',
    "moods" JSONB NOT NULL
);

CREATE TABLE "tag\s" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);

CREATE UNIQUE INDEX "Wh'ere_select id_id_key" ON "Wh'ere" ("select id", "id");

CREATE UNIQUE INDEX "_TagToWhere_AB_unique" ON "_TagToWhere" ("A", "B");

CREATE INDEX "_TagToWhere_B_index" ON "_TagToWhere" ("B");

CREATE UNIQUE INDEX "select table_naïve name_key" ON "select table" ("naïve name");

CREATE INDEX "select table_naïve name_mood_idx" ON "select table" ("naïve name", "mood");
