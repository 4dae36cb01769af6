CREATE TABLE "Device" (
    "id" SERIAL NOT NULL,
    "mac" macaddr NOT NULL,

    CONSTRAINT "Device_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Event" (
    "id" SERIAL NOT NULL,
    "mac" macaddr,

    CONSTRAINT "Event_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "Device_mac_key" ON "Device"("mac");

CREATE INDEX "Event_mac_idx" ON "Event"("mac");

ALTER TABLE "Event" ADD CONSTRAINT "Event_mac_fkey" FOREIGN KEY ("mac") REFERENCES "Device"("mac") ON DELETE SET NULL ON UPDATE CASCADE;
