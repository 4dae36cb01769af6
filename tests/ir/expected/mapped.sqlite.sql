CREATE TABLE "customers" (
    "customer_id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email_address" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL
);

CREATE TABLE "orders" (
    "order_id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "customer_id" INTEGER NOT NULL,
    "placed_at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "orders_customer_fk" FOREIGN KEY ("customer_id") REFERENCES "customers" ("customer_id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "customers_email_uq" ON "customers" ("email_address");

CREATE UNIQUE INDEX "customers_first_name_last_name_key" ON "customers" ("first_name", "last_name");

CREATE INDEX "customers_name_idx" ON "customers" ("last_name", "first_name");

CREATE INDEX "orders_placed_at_idx" ON "orders" ("placed_at");
