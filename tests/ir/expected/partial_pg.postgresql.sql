CREATE TABLE "P" (
    "id" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL,

    CONSTRAINT "P_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "P_email_idx" ON "P"("email") WHERE "active" = true;

CREATE UNIQUE INDEX "P_email_key" ON "P"("email") WHERE active;
