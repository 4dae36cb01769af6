CREATE TABLE "U" (
    "id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "U_pkey" PRIMARY KEY ("id")
);
