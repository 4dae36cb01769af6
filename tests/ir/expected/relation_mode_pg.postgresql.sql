CREATE TABLE "A" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "A_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "B" (
    "id" INTEGER NOT NULL,
    "aId" INTEGER NOT NULL,

    CONSTRAINT "B_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "C" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "C_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "_AToC" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_AToC_AB_pkey" PRIMARY KEY ("A", "B")
);

CREATE INDEX "B_aId_idx" ON "B"("aId");

CREATE INDEX "_AToC_B_index" ON "_AToC"("B");
