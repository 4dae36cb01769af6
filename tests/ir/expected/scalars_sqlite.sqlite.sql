CREATE TABLE "Scalars" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "str" TEXT NOT NULL,
    "strOpt" TEXT,
    "bool" BOOLEAN NOT NULL,
    "boolOpt" BOOLEAN,
    "int" INTEGER NOT NULL,
    "big" BIGINT NOT NULL,
    "float" REAL NOT NULL,
    "dec" DECIMAL NOT NULL,
    "date" DATETIME NOT NULL,
    "dateOpt" DATETIME,
    "json" JSONB NOT NULL,
    "bytes" BLOB NOT NULL,
    "dStr" TEXT NOT NULL DEFAULT 'it''s',
    "dBool" BOOLEAN NOT NULL DEFAULT false,
    "dInt" INTEGER NOT NULL DEFAULT -1,
    "dBig" BIGINT NOT NULL DEFAULT 42,
    "dFloat" REAL NOT NULL DEFAULT 2.5,
    "dDec" DECIMAL NOT NULL DEFAULT 1.50,
    "dNow" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dExpr" TEXT NOT NULL DEFAULT (lower(hex(randomblob(4)))),
    "updated" DATETIME NOT NULL,
    "nano" TEXT NOT NULL,
    "ulid" TEXT NOT NULL
);

CREATE TABLE "TextKey" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL
);
