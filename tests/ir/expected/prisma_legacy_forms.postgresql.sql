CREATE TABLE "Note" (
    "id" INTEGER NOT NULL,
    "traceId" TEXT NOT NULL,

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id", "projectId")
);

CREATE TABLE "Trace" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tags" TEXT[],
    "projectId" TEXT NOT NULL,
    "sessionId" TEXT,

    CONSTRAINT "Trace_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Note_traceId_key" ON "Note"("traceId");

CREATE INDEX "Trace_tags_idx" ON "Trace" USING GIN ("tags" array_ops);

CREATE INDEX "Trace_title_idx" ON "Trace"("title");

CREATE INDEX "trace_by_user" ON "Trace"("userId");

ALTER TABLE "Note" ADD CONSTRAINT "Note_traceId_fkey" FOREIGN KEY ("traceId") REFERENCES "Trace"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "Trace" ADD CONSTRAINT "Trace_sessionId_projectId_fkey" FOREIGN KEY ("sessionId", "projectId") REFERENCES "Session"("id", "projectId") ON DELETE RESTRICT ON UPDATE CASCADE;
