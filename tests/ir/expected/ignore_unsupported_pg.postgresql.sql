CREATE TABLE "A" (
    "id" INTEGER NOT NULL,
    "secret" TEXT NOT NULL,
    "junk" polygon,
    "point" point NOT NULL DEFAULT '(1,2)'::point,

    CONSTRAINT "A_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "B" (
    "id" INTEGER NOT NULL,
    "aId" INTEGER NOT NULL,

    CONSTRAINT "B_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "C" (
    "id" INTEGER NOT NULL,
    "u" circle NOT NULL,

    CONSTRAINT "C_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "C_u_idx" ON "C" USING GIST ("u");

ALTER TABLE "B" ADD CONSTRAINT "B_aId_fkey" FOREIGN KEY ("aId") REFERENCES "A"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
