CREATE TABLE "Product" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "price" DECIMAL NOT NULL,
    "stock" INTEGER NOT NULL DEFAULT 0,
    "tags" JSONB NOT NULL,
    "attrs" JSONB NOT NULL,
    "addr" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 0,
    "deletedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Product_check" CHECK (char_length(name) > 0),
    CONSTRAINT "Product_check1" CHECK (price < 1000000 OR NOT active),
    CONSTRAINT "Product_price_check" CHECK (price >= 0),
    CONSTRAINT "stock_not_negative" CHECK (stock >= 0)
);

CREATE INDEX "Product_addr_idx" ON "Product" ("addr");

CREATE INDEX "Product_createdAt_idx" ON "Product" ("createdAt" DESC);

CREATE INDEX "Product_id_idx" ON "Product" ("id");

CREATE INDEX "Product_sku_idx" ON "Product" ("sku");

CREATE UNIQUE INDEX "Product_sku_key" ON "Product" ("sku") WHERE "deletedAt" IS NULL;

CREATE INDEX "Product_tags_idx" ON "Product" ("tags");

CREATE INDEX "product_active_named_idx" ON "Product" ("name", "active") WHERE "active" = true AND "name" <> '';

CREATE INDEX "product_attrs_path_idx" ON "Product" ("attrs");

CREATE INDEX "product_live_name_idx" ON "Product" ("name") WHERE active AND stock > 0;
