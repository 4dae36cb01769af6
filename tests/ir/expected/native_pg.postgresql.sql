CREATE TABLE "BigSerial" (
    "id" BIGSERIAL NOT NULL,

    CONSTRAINT "BigSerial_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Native" (
    "id" SERIAL NOT NULL,
    "text" TEXT NOT NULL,
    "char3" CHAR(3) NOT NULL,
    "char" CHAR(1) NOT NULL,
    "vc" VARCHAR(200) NOT NULL,
    "vcAny" VARCHAR NOT NULL,
    "bit" BIT(4) NOT NULL,
    "varbit" VARBIT(8) NOT NULL,
    "uuid" UUID NOT NULL,
    "xml" XML NOT NULL,
    "inet" INET NOT NULL,
    "bool" BOOLEAN NOT NULL,
    "integer" INTEGER NOT NULL,
    "small" SMALLINT NOT NULL,
    "oid" OID NOT NULL,
    "big" BIGINT NOT NULL,
    "double" DOUBLE PRECISION NOT NULL,
    "real" REAL NOT NULL,
    "dec" DECIMAL(10,2) NOT NULL,
    "decAny" DECIMAL NOT NULL,
    "money" MONEY NOT NULL,
    "ts" TIMESTAMP(6) NOT NULL,
    "tsAny" TIMESTAMP NOT NULL,
    "tstz" TIMESTAMPTZ(3) NOT NULL,
    "tstzAny" TIMESTAMPTZ NOT NULL,
    "date" DATE NOT NULL,
    "time" TIME(2) NOT NULL,
    "timeAny" TIME NOT NULL,
    "timetz" TIMETZ NOT NULL,
    "json" JSON NOT NULL,
    "jsonb" JSONB NOT NULL,
    "bytea" BYTEA NOT NULL,
    "vcs" VARCHAR(20)[],
    "other" circle,
    "dUuid" UUID NOT NULL DEFAULT gen_random_uuid(),
    "dVc" VARCHAR(10) NOT NULL DEFAULT 'x',

    CONSTRAINT "Native_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "SmallSerial" (
    "id" SMALLSERIAL NOT NULL,

    CONSTRAINT "SmallSerial_pkey" PRIMARY KEY ("id")
);
