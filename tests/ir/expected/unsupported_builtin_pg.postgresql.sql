CREATE TABLE "Legacy" (
    "id" INTEGER NOT NULL,
    "amount" numeric(5, 2) NOT NULL,
    "whole" DECIMAL(7),
    "counter" INT4,
    "big" int8,
    "flag" bool,
    "ratio" float8,
    "code" varchar( 10 ),
    "letter" char(2),
    "at" timestamptz(3),
    "plain" timestamp,
    "clock" time(0) with time zone,
    "shape" circle,

    CONSTRAINT "Legacy_pkey" PRIMARY KEY ("id")
);
