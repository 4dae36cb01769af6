CREATE TABLE "C" (
    "x" INTEGER NOT NULL,
    "y" INTEGER NOT NULL,
    PRIMARY KEY ("x", "y")
);

CREATE TABLE "I" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "a" INTEGER NOT NULL,
    "b" TEXT NOT NULL,
    "c" JSONB NOT NULL,
    "d" JSONB NOT NULL,
    "e" TEXT NOT NULL,
    "f" box,
    "g" INTEGER NOT NULL,
    "h" TEXT NOT NULL
);

CREATE UNIQUE INDEX "I_a_key" ON "I" ("a" DESC);

CREATE UNIQUE INDEX "I_b_g_key" ON "I" ("b", "g" DESC);

CREATE INDEX "I_b_idx" ON "I" ("b");

CREATE INDEX "I_c_idx" ON "I" ("c");

CREATE INDEX "I_d_idx" ON "I" ("d");

CREATE INDEX "I_e_idx" ON "I" ("e");

CREATE INDEX "I_g_b_idx" ON "I" ("g" DESC, "b");

CREATE INDEX "I_g_idx" ON "I" ("g");

CREATE INDEX "I_h_idx" ON "I" ("h");

CREATE INDEX "b_btree" ON "I" ("b");

CREATE INDEX "d_ops_idx" ON "I" ("d");

CREATE INDEX "g_minmax" ON "I" ("g");
