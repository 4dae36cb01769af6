CREATE TABLE line_items (
    id       INTEGER PRIMARY KEY,
    sku      TEXT NOT NULL,
    quantity INTEGER NOT NULL DEFAULT 1,
    price    REAL
);
