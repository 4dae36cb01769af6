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

CREATE UNIQUE INDEX "AVeryLongTableNameThatGoesOnAndOnForeverAndEver_aVeryLongColumnNameThatIsAlsoQuiteLongIndeed_key" ON "AVeryLongTableNameThatGoesOnAndOnForeverAndEver" ("aVeryLongColumnNameThatIsAlsoQuiteLongIndeed");

CREATE INDEX "AVeryLongTableNameThatGoesOnAndOnForeverAndEver_b_c_aVeryLongColumnNameThatIsAlsoQuiteLongIndeed_idx" ON "AVeryLongTableNameThatGoesOnAndOnForeverAndEver" ("b", "c", "aVeryLongColumnNameThatIsAlsoQuiteLongIndeed");
