CREATE TABLE "Scalars" (
    "id" SERIAL NOT NULL,
    "str" TEXT NOT NULL,
    "strOpt" TEXT,
    "bool" BOOLEAN NOT NULL,
    "boolOpt" BOOLEAN,
    "int" INTEGER NOT NULL,
    "big" BIGINT NOT NULL,
    "float" DOUBLE PRECISION NOT NULL,
    "dec" DECIMAL(65,30) NOT NULL,
    "date" TIMESTAMP(3) NOT NULL,
    "dateOpt" TIMESTAMP(3),
    "json" JSONB NOT NULL,
    "bytes" BYTEA NOT NULL,
    "dStr" TEXT NOT NULL DEFAULT 'it''s',
    "dBool" BOOLEAN NOT NULL DEFAULT false,
    "dInt" INTEGER NOT NULL DEFAULT -1,
    "dBig" BIGINT NOT NULL DEFAULT 42,
    "dFloat" DOUBLE PRECISION NOT NULL DEFAULT 2.5,
    "dDec" DECIMAL(65,30) NOT NULL DEFAULT 1.50,
    "dNow" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dExpr" TEXT NOT NULL DEFAULT (lower(hex(randomblob(4)))),
    "updated" TIMESTAMP(3) NOT NULL,
    "nano" TEXT NOT NULL,
    "ulid" TEXT NOT NULL,

    CONSTRAINT "Scalars_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "TextKey" (
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,

    CONSTRAINT "TextKey_pkey" PRIMARY KEY ("code")
);
