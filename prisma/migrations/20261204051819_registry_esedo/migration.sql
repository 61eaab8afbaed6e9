-- AlterTable
ALTER TABLE "document_cards" ADD COLUMN     "esedo_at" TIMESTAMPTZ(3),
ADD COLUMN     "esedo_error" VARCHAR(500),
ADD COLUMN     "esedo_message_id" VARCHAR(64),
ADD COLUMN     "esedo_recipient" VARCHAR(64),
ADD COLUMN     "esedo_status" VARCHAR(16);

