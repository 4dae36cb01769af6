CREATE TABLE "Wh""ere's" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "select id" INTEGER NOT NULL,
    "größe" INTEGER NOT NULL,
    CONSTRAINT "Wh""ere's_select id_fkey" FOREIGN KEY ("select id") REFERENCES "select" ("order") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Wh""ere's_größe_check" CHECK ("größe" > 0)
);

CREATE TABLE "select" (
    "order" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "from ""here""" TEXT NOT NULL,
    "naïve name" TEXT NOT NULL,
    "mood" TEXT NOT NULL DEFAULT 'très "content"'
);

CREATE INDEX "select_from ""here""_naïve name_idx" ON "select" ("from ""here""", "naïve name");

CREATE UNIQUE INDEX "select_naïve name_key" ON "select" ("naïve name");
