CREATE TABLE "C" (
    "x" INTEGER NOT NULL,
    "y" INTEGER NOT NULL,

    CONSTRAINT "C_pkey" PRIMARY KEY ("x", "y")
);

CREATE TABLE "I" (
    "id" INTEGER NOT NULL,
    "a" INTEGER NOT NULL,
    "b" TEXT NOT NULL,
    "c" JSONB NOT NULL,
    "d" INTEGER[],
    "e" TEXT NOT NULL,
    "f" box,
    "g" INTEGER NOT NULL,
    "h" INET NOT NULL,

    CONSTRAINT "I_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "I_a_key" ON "I"("a" DESC);

CREATE UNIQUE INDEX "I_b_g_key" ON "I"("b", "g" DESC);

CREATE INDEX "I_b_idx" ON "I" USING HASH ("b");

CREATE INDEX "I_c_idx" ON "I" USING GIN ("c" jsonb_path_ops);

CREATE INDEX "I_d_idx" ON "I" USING GIN ("d");

CREATE INDEX "I_e_idx" ON "I" USING SPGIST ("e");

CREATE INDEX "I_g_b_idx" ON "I"("g" DESC, "b");

CREATE INDEX "I_g_idx" ON "I" USING BRIN ("g");

CREATE INDEX "I_h_idx" ON "I" USING GIST ("h" inet_ops);

CREATE INDEX "b_btree" ON "I"("b");

CREATE INDEX "d_ops_idx" ON "I" USING GIN ("d" array_ops);

CREATE INDEX "g_minmax" ON "I" USING BRIN ("g" int4_minmax_ops);
