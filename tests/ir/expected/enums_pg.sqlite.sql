CREATE TABLE "Member" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "role" TEXT NOT NULL DEFAULT 'administrator',
    "status" TEXT,
    "roles" JSONB NOT NULL,
    "history" JSONB NOT NULL
);
