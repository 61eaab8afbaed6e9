-- AlterTable
ALTER TABLE "integration_outbox" ADD COLUMN     "ref" VARCHAR(128);

-- CreateIndex
CREATE INDEX "integration_outbox_ref_idx" ON "integration_outbox"("ref");

