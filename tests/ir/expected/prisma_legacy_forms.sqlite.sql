CREATE TABLE "Note" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "traceId" TEXT NOT NULL,
    CONSTRAINT "Note_traceId_fkey" FOREIGN KEY ("traceId") REFERENCES "Trace" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    PRIMARY KEY ("id", "projectId")
);

CREATE TABLE "Trace" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "tags" JSONB NOT NULL,
    "projectId" TEXT NOT NULL,
    "sessionId" TEXT,
    CONSTRAINT "Trace_sessionId_projectId_fkey" FOREIGN KEY ("sessionId", "projectId") REFERENCES "Session" ("id", "projectId") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "Note_traceId_key" ON "Note" ("traceId");

CREATE INDEX "Trace_tags_idx" ON "Trace" ("tags");

CREATE INDEX "Trace_title_idx" ON "Trace" ("title");

CREATE INDEX "trace_by_user" ON "Trace" ("userId");
