-- AlterTable
ALTER TABLE "integration_outbox" ADD COLUMN     "seq" BIGSERIAL NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "integration_outbox_seq_key" ON "integration_outbox"("seq");

