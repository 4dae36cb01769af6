CREATE TABLE "AVeryLongTableNameThatGoesOnAndOnForeverAndEver" (
    "id" INTEGER NOT NULL,
    "aVeryLongColumnNameThatIsAlsoQuiteLongIndeed" INTEGER NOT NULL,
    "b" INTEGER NOT NULL,
    "c" INTEGER NOT NULL,
    "otherId" INTEGER NOT NULL,

    CONSTRAINT "AVeryLongTableNameThatGoesOnAndOnForeverAndEver_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "AnotherModelWithAVeryLongNameToo" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "AnotherModelWithAVeryLongNameToo_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "AVeryLongTableNameThatGoesOnAndOnForeverAndEver_aVeryLongCo_key" ON "AVeryLongTableNameThatGoesOnAndOnForeverAndEver"("aVeryLongColumnNameThatIsAlsoQuiteLongIndeed");

CREATE INDEX "AVeryLongTableNameThatGoesOnAndOnForeverAndEver_b_c_aVeryLo_idx" ON "AVeryLongTableNameThatGoesOnAndOnForeverAndEver"("b", "c", "aVeryLongColumnNameThatIsAlsoQuiteLongIndeed");

ALTER TABLE "AVeryLongTableNameThatGoesOnAndOnForeverAndEver" ADD CONSTRAINT "AVeryLongTableNameThatGoesOnAndOnForeverAndEver_otherId_fkey" FOREIGN KEY ("otherId") REFERENCES "AnotherModelWithAVeryLongNameToo"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
