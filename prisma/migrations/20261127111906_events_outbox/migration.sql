-- CreateTable
CREATE TABLE "event_outbox" (
    "id" UUID NOT NULL,
    "name" VARCHAR(128) NOT NULL,
    "version" INTEGER NOT NULL,
    "payload" JSONB NOT NULL,
    "publisher" VARCHAR(32) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "relayed_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,

    CONSTRAINT "event_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_receipts" (
    "event_id" UUID NOT NULL,
    "listener" VARCHAR(128) NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_receipts_pkey" PRIMARY KEY ("event_id","listener")
);

-- CreateIndex
CREATE INDEX "event_outbox_relayed_at_created_at_idx" ON "event_outbox"("relayed_at", "created_at");

