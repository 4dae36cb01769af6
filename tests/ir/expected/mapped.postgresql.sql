CREATE TABLE "customers" (
    "customer_id" SERIAL NOT NULL,
    "email_address" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,

    CONSTRAINT "customers_pk" PRIMARY KEY ("customer_id")
);

CREATE TABLE "orders" (
    "order_id" SERIAL NOT NULL,
    "customer_id" INTEGER NOT NULL,
    "placed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("order_id")
);

CREATE UNIQUE INDEX "customers_email_uq" ON "customers"("email_address");

CREATE UNIQUE INDEX "customers_first_name_last_name_key" ON "customers"("first_name", "last_name");

CREATE INDEX "customers_name_idx" ON "customers"("last_name", "first_name");

CREATE INDEX "orders_placed_at_idx" ON "orders"("placed_at");

ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_fk" FOREIGN KEY ("customer_id") REFERENCES "customers"("customer_id") ON DELETE RESTRICT ON UPDATE CASCADE;
