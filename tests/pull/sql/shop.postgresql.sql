-- A shop written by hand for PostgreSQL: a sequence that is not a serial's,
-- an implicit many-to-many join table as Prisma names it, index sort order,
-- a compound unique, a timestamp default of now(), a native type that is not
-- the default mapping, a check and an Unsupported column.
-- expect: Product Product[]
-- expect: Category Category[]
-- expect: order_no BigInt @id @default(autoincrement())
-- expect: name String @unique @db.VarChar(80)
-- expect: sku String @db.Char(12)
-- expect: price Decimal @db.Decimal(10, 2) @check("price >= (0)::numeric")
-- expect: added DateTime @default(now())
-- expect: // "point" has no schema type: Unsupported fields stay out of the generated code
-- expect: area Unsupported("point")?
-- expect: @@unique([vendor, sku])
-- expect: @@index([added(sort: Desc), id], map: "product_added")
-- expect: Product Product? @relation(fields: [product], references: [id], onDelete: NoAction, onUpdate: NoAction)
CREATE SEQUENCE order_no_seq START 1000;
CREATE TABLE "Category" (id serial PRIMARY KEY, name varchar(80) NOT NULL UNIQUE);
CREATE TABLE "Product" (
  id serial PRIMARY KEY,
  sku char(12) NOT NULL,
  vendor int NOT NULL,
  price numeric(10, 2) NOT NULL CHECK (price >= 0),
  added timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  area point,
  UNIQUE (vendor, sku)
);
CREATE INDEX product_added ON "Product" (added DESC, id);
CREATE TABLE "_CategoryToProduct" (
  "A" int NOT NULL REFERENCES "Category"(id) ON DELETE CASCADE ON UPDATE CASCADE,
  "B" int NOT NULL REFERENCES "Product"(id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT "_CategoryToProduct_AB_pkey" PRIMARY KEY ("A", "B")
);
CREATE INDEX "_CategoryToProduct_B_index" ON "_CategoryToProduct"("B");
CREATE TABLE orders (order_no bigint PRIMARY KEY DEFAULT nextval('order_no_seq'), product int REFERENCES "Product");
