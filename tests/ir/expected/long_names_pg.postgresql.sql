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

CREATE TABLE "Label" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "Label_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Note" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "_a_relation_name_that_is_much_too_long_for_postgres_identifier_" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,

    CONSTRAINT "_a_relation_name_that_is_much_too_long_for_postgres_ide_AB_pkey" PRIMARY KEY ("A", "B")
);

CREATE UNIQUE INDEX "AVeryLongTableNameThatGoesOnAndOnForeverAndEver_aVeryLongCo_key" ON "AVeryLongTableNameThatGoesOnAndOnForeverAndEver"("aVeryLongColumnNameThatIsAlsoQuiteLongIndeed");

CREATE INDEX "AVeryLongTableNameThatGoesOnAndOnForeverAndEver_b_c_aVeryLo_idx" ON "AVeryLongTableNameThatGoesOnAndOnForeverAndEver"("b", "c", "aVeryLongColumnNameThatIsAlsoQuiteLongIndeed");

CREATE INDEX "_a_relation_name_that_is_much_too_long_for_postgres_ide_B_index" ON "_a_relation_name_that_is_much_too_long_for_postgres_identifier_"("B");

ALTER TABLE "AVeryLongTableNameThatGoesOnAndOnForeverAndEver" ADD CONSTRAINT "AVeryLongTableNameThatGoesOnAndOnForeverAndEver_otherId_fkey" FOREIGN KEY ("otherId") REFERENCES "AnotherModelWithAVeryLongNameToo"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "_a_relation_name_that_is_much_too_long_for_postgres_identifier_" ADD CONSTRAINT "_a_relation_name_that_is_much_too_long_for_postgres_iden_A_fkey" FOREIGN KEY ("A") REFERENCES "Label"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "_a_relation_name_that_is_much_too_long_for_postgres_identifier_" ADD CONSTRAINT "_a_relation_name_that_is_much_too_long_for_postgres_iden_B_fkey" FOREIGN KEY ("B") REFERENCES "Note"("id") ON DELETE CASCADE ON UPDATE CASCADE;
