CREATE TABLE "Legacy" (
    "id" INTEGER NOT NULL,
    "count" integer NOT NULL,
    "note" Text,
    "data" blob,
    "ratio" REAL,
    "flag" boolean,
    "shape" GEOMETRY,
    "label" varchar(10),

    CONSTRAINT "Legacy_pkey" PRIMARY KEY ("id")
);
