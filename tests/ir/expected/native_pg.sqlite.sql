CREATE TABLE "BigSerial" (
    "id" BIGINT NOT NULL PRIMARY KEY
);

CREATE TABLE "Native" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "text" TEXT NOT NULL,
    "char3" TEXT NOT NULL,
    "char" TEXT NOT NULL,
    "vc" TEXT NOT NULL,
    "vcAny" TEXT NOT NULL,
    "bit" TEXT NOT NULL,
    "varbit" TEXT NOT NULL,
    "uuid" TEXT NOT NULL,
    "xml" TEXT NOT NULL,
    "inet" TEXT NOT NULL,
    "bool" BOOLEAN NOT NULL,
    "integer" INTEGER NOT NULL,
    "small" INTEGER NOT NULL,
    "oid" INTEGER NOT NULL,
    "big" BIGINT NOT NULL,
    "double" REAL NOT NULL,
    "real" REAL NOT NULL,
    "dec" DECIMAL NOT NULL,
    "decAny" DECIMAL NOT NULL,
    "money" DECIMAL NOT NULL,
    "ts" DATETIME NOT NULL,
    "tsAny" DATETIME NOT NULL,
    "tstz" DATETIME NOT NULL,
    "tstzAny" DATETIME NOT NULL,
    "date" DATETIME NOT NULL,
    "time" DATETIME NOT NULL,
    "timeAny" DATETIME NOT NULL,
    "timetz" DATETIME NOT NULL,
    "json" JSONB NOT NULL,
    "jsonb" JSONB NOT NULL,
    "bytea" BLOB NOT NULL,
    "vcs" JSONB NOT NULL,
    "other" circle,
    "dUuid" TEXT NOT NULL DEFAULT (gen_random_uuid()),
    "dVc" TEXT NOT NULL DEFAULT 'x'
);

CREATE TABLE "SmallSerial" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);
