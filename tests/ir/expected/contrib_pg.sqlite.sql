CREATE TABLE "Account" (
    "id" TEXT NOT NULL PRIMARY KEY DEFAULT (uuid_generate_v4()),
    "email" TEXT NOT NULL,
    "attrs" hstore
);

CREATE UNIQUE INDEX "Account_email_key" ON "Account" ("email");
