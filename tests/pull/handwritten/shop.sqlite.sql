-- A shop as someone writes it by hand for SQLite: inline UNIQUE and
-- REFERENCES without names, column and table CHECKs, NUMERIC(10,2) and
-- VARCHAR(n), a partial and a descending index, a compound unique, a
-- CURRENT_TIMESTAMP default, BOOLEAN defaults written 0 and 1.
CREATE TABLE customers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  email VARCHAR(200) NOT NULL UNIQUE,
  name TEXT,
  credit NUMERIC(10,2) NOT NULL DEFAULT 0 CHECK (credit >= 0),
  active BOOLEAN NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE products (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  sku VARCHAR(8) NOT NULL,
  vendor INTEGER NOT NULL,
  price NUMERIC(10,2) NOT NULL CHECK (price > 0),
  status VARCHAR(20) NOT NULL DEFAULT 'draft',
  hidden BOOLEAN NOT NULL DEFAULT 0,
  UNIQUE (vendor, sku),
  CHECK (length(sku) = 8 AND vendor > 0)
);
CREATE TABLE orders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
  product_id INTEGER,
  quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
  placed_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  FOREIGN KEY (product_id) REFERENCES products(id) ON UPDATE CASCADE
);
CREATE INDEX orders_customer ON orders (customer_id, placed_at DESC);
CREATE INDEX products_visible ON products (vendor) WHERE hidden = 0;
