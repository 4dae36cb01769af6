CREATE TABLE "AVeryLongTableNameThatGoesOnAndOnForeverAndEver" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "aVeryLongColumnNameThatIsAlsoQuiteLongIndeed" INTEGER NOT NULL,
    "b" INTEGER NOT NULL,
    "c" INTEGER NOT NULL,
    "otherId" INTEGER NOT NULL,
    CONSTRAINT "AVeryLongTableNameThatGoesOnAndOnForeverAndEver_otherId_fkey" FOREIGN KEY ("otherId") REFERENCES "AnotherModelWithAVeryLongNameToo" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE TABLE "AnotherModelWithAVeryLongNameToo" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);

CREATE TABLE "Label" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);

CREATE TABLE "Note" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);

CREATE TABLE "_a_relation_name_that_is_much_too_long_for_postgres_identifier_limits" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,
    CONSTRAINT "_a_relation_name_that_is_much_too_long_for_postgres_identifier_limits_A_fkey" FOREIGN KEY ("A") REFERENCES "Label" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_a_relation_name_that_is_much_too_long_for_postgres_identifier_limits_B_fkey" FOREIGN KEY ("B") REFERENCES "Note" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "AVeryLongTableNameThatGoesOnAndOnForeverAndEver_aVeryLongColumnNameThatIsAlsoQuiteLongIndeed_key" ON "AVeryLongTableNameThatGoesOnAndOnForeverAndEver" ("aVeryLongColumnNameThatIsAlsoQuiteLongIndeed");

CREATE INDEX "AVeryLongTableNameThatGoesOnAndOnForeverAndEver_b_c_aVeryLongColumnNameThatIsAlsoQuiteLongIndeed_idx" ON "AVeryLongTableNameThatGoesOnAndOnForeverAndEver" ("b", "c", "aVeryLongColumnNameThatIsAlsoQuiteLongIndeed");

CREATE UNIQUE INDEX "_a_relation_name_that_is_much_too_long_for_postgres_identifier_limits_AB_unique" ON "_a_relation_name_that_is_much_too_long_for_postgres_identifier_limits" ("A", "B");

CREATE INDEX "_a_relation_name_that_is_much_too_long_for_postgres_identifier_limits_B_index" ON "_a_relation_name_that_is_much_too_long_for_postgres_identifier_limits" ("B");
