CREATE TABLE "Order" (
    "id" BIGINT NOT NULL PRIMARY KEY,
    "userId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "seenBy" TEXT,
    CONSTRAINT "Order_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL
);

CREATE TABLE "Tag" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "label" TEXT NOT NULL
);

CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "roles" JSONB NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'USER'
);

CREATE TABLE "_TagToUser" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL,
    CONSTRAINT "_TagToUser_A_fkey" FOREIGN KEY ("A") REFERENCES "Tag" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_TagToUser_B_fkey" FOREIGN KEY ("B") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "log" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "text" TEXT NOT NULL
);

CREATE TABLE "log" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "text" TEXT NOT NULL
);

CREATE INDEX "Order_userId_idx" ON "Order" ("userId");

CREATE INDEX "by_status" ON "Order" ("status");

CREATE UNIQUE INDEX "Tag_label_key" ON "Tag" ("label");

CREATE UNIQUE INDEX "User_email_key" ON "User" ("email");

CREATE INDEX "by_role" ON "User" ("role");

CREATE UNIQUE INDEX "_TagToUser_AB_unique" ON "_TagToUser" ("A", "B");

CREATE INDEX "_TagToUser_B_index" ON "_TagToUser" ("B");

CREATE INDEX "by_text" ON "log" ("text");

CREATE INDEX "by_text" ON "log" ("text");
