CREATE TABLE "Device" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "mac" macaddr NOT NULL
);

CREATE TABLE "Event" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "mac" macaddr,
    CONSTRAINT "Event_mac_fkey" FOREIGN KEY ("mac") REFERENCES "Device" ("mac") ON DELETE SET NULL ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "Device_mac_key" ON "Device" ("mac");

CREATE INDEX "Event_mac_idx" ON "Event" ("mac");
