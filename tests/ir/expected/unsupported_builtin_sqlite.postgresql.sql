CREATE TABLE "Legacy" (
    "id" INTEGER NOT NULL,
    "count" integer NOT NULL,
    "note" Text,
    "data" blob,
    "ratio" REAL,
    "shape" GEOMETRY,

    CONSTRAINT "Legacy_pkey" PRIMARY KEY ("id")
);
