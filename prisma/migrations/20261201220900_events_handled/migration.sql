-- AlterTable
ALTER TABLE "event_outbox" ADD COLUMN     "handled_at" TIMESTAMPTZ(3),
ADD COLUMN     "redeliveries" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "routed_to" VARCHAR(32)[] DEFAULT ARRAY[]::VARCHAR(32)[];

-- CreateIndex
CREATE INDEX "event_outbox_handled_at_relayed_at_id_idx" ON "event_outbox"("handled_at", "relayed_at", "id");


-- Rows relayed before this migration recorded no routing: nothing tells which receipts
-- they owe, so they count as handled (as the relay treated them) and age out by prune.
UPDATE "event_outbox" SET "handled_at" = "relayed_at" WHERE "relayed_at" IS NOT NULL;
