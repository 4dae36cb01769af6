CREATE TABLE "Legacy" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "count" integer NOT NULL,
    "note" Text,
    "data" blob,
    "ratio" REAL,
    "shape" GEOMETRY
);
