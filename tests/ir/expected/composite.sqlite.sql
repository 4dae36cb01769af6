CREATE TABLE "Account" (
    "tenant" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "code" INTEGER NOT NULL,
    PRIMARY KEY ("tenant", "number")
);

CREATE TABLE "Entry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "tenant" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "amount" DECIMAL NOT NULL,
    CONSTRAINT "Entry_tenant_number_fkey" FOREIGN KEY ("tenant", "number") REFERENCES "Account" ("tenant", "number") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE TABLE "Named" (
    "a" INTEGER NOT NULL,
    "b" INTEGER NOT NULL,
    PRIMARY KEY ("a", "b")
);

CREATE UNIQUE INDEX "Account_email_region_key" ON "Account" ("email", "region");

CREATE INDEX "Account_region_number_idx" ON "Account" ("region", "number" DESC);

CREATE UNIQUE INDEX "account_region_code_uq" ON "Account" ("region", "code");

CREATE INDEX "Entry_tenant_number_idx" ON "Entry" ("tenant", "number");
