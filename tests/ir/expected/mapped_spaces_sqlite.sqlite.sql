CREATE TABLE "Wh'ere" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "select id" INTEGER NOT NULL,
    CONSTRAINT "Wh'ere_select id_fkey" FOREIGN KEY ("select id") REFERENCES "select table" ("the id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE TABLE "select table" (
    "the id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "naïve name" TEXT NOT NULL,
    "mood" TEXT NOT NULL DEFAULT 'its sad'
);

CREATE UNIQUE INDEX "Wh'ere_select id_id_key" ON "Wh'ere" ("select id", "id");

CREATE UNIQUE INDEX "select table_naïve name_key" ON "select table" ("naïve name");

CREATE INDEX "select table_naïve name_mood_idx" ON "select table" ("naïve name", "mood");
