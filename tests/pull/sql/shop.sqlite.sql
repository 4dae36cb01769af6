-- A shop written by hand for SQLite: an implicit many-to-many join table as
-- Prisma names it, index sort order, a compound unique, a partial index, a
-- check, a now() default and two keys between the same two tables.
-- expect: Product Product[]
-- expect: Category Category[]
-- expect: @@index([added(sort: Desc), id], map: "product_added")
-- expect: @@index([vendor], map: "product_visible", where: raw("hidden = 0"))
-- expect: @@unique([vendor, sku])
-- expect: price Float @check("price >= 0")
-- expect: added DateTime @default(now())
-- expect: hidden Boolean @default(false)
-- expect: swaps_swaps_gaveToProduct swaps[] @relation("swaps_gaveToProduct")
-- expect: Product_swaps_gotToProduct Product @relation("swaps_gotToProduct", fields: [got], references: [id], onDelete: NoAction, onUpdate: NoAction)
CREATE TABLE "Category" (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE "Product" (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  sku TEXT NOT NULL,
  vendor INTEGER NOT NULL,
  price REAL NOT NULL CHECK (price >= 0),
  added DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  hidden BOOLEAN NOT NULL DEFAULT 0,
  UNIQUE (vendor, sku)
);
CREATE INDEX product_added ON "Product" (added DESC, id);
CREATE INDEX product_visible ON "Product" (vendor) WHERE hidden = 0;
CREATE TABLE "_CategoryToProduct" (
  "A" INTEGER NOT NULL REFERENCES "Category"(id) ON DELETE CASCADE ON UPDATE CASCADE,
  "B" INTEGER NOT NULL REFERENCES "Product"(id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE UNIQUE INDEX "_CategoryToProduct_AB_unique" ON "_CategoryToProduct"("A", "B");
CREATE INDEX "_CategoryToProduct_B_index" ON "_CategoryToProduct"("B");
CREATE TABLE swaps (
  id INTEGER PRIMARY KEY,
  gave INTEGER NOT NULL REFERENCES "Product"(id),
  got INTEGER NOT NULL REFERENCES "Product"(id)
);
