-- CreateEnum
CREATE TYPE "integration_driver" AS ENUM ('sandbox', 'live');

-- CreateEnum
CREATE TYPE "integration_outbox_status" AS ENUM ('recorded', 'sent', 'failed');

-- CreateTable
CREATE TABLE "integration_outbox" (
    "id" UUID NOT NULL,
    "provider" VARCHAR(64) NOT NULL,
    "operation" VARCHAR(64) NOT NULL,
    "recipient" VARCHAR(320),
    "payload" JSONB NOT NULL,
    "status" "integration_outbox_status" NOT NULL,
    "error" TEXT,
    "driver" "integration_driver" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "integration_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "integration_outbox_provider_created_at_idx" ON "integration_outbox"("provider", "created_at" DESC);

-- CreateIndex
CREATE INDEX "integration_outbox_created_at_idx" ON "integration_outbox"("created_at" DESC);

