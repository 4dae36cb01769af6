CREATE TABLE "Course" (
    "code" TEXT NOT NULL PRIMARY KEY
);

CREATE TABLE "Student" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL
);

CREATE TABLE "_CourseToStudent" (
    "A" TEXT NOT NULL,
    "B" INTEGER NOT NULL,
    CONSTRAINT "_CourseToStudent_A_fkey" FOREIGN KEY ("A") REFERENCES "Course" ("code") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_CourseToStudent_B_fkey" FOREIGN KEY ("B") REFERENCES "Student" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "_CourseToStudent_AB_unique" ON "_CourseToStudent" ("A", "B");

CREATE INDEX "_CourseToStudent_B_index" ON "_CourseToStudent" ("B");
