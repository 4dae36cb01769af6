CREATE TABLE "Ticket" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 3,
    "open" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 0,
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "Ticket_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Ticket_check" CHECK (priority < 5 OR open),
    CONSTRAINT "Ticket_priority_check" CHECK (priority BETWEEN 1 AND 5),
    CONSTRAINT "Ticket_title_check" CHECK (length(title) > 0)
);

CREATE INDEX "Ticket_priority_title_idx" ON "Ticket"("priority" DESC, "title");

CREATE UNIQUE INDEX "ticket_live_title_key" ON "Ticket"("title") WHERE "deletedAt" IS NULL;

CREATE INDEX "ticket_open_title_idx" ON "Ticket"("title") WHERE open = 1;
