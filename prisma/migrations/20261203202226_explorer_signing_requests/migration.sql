-- CreateEnum
CREATE TYPE "signing_request_status" AS ENUM ('active', 'completed', 'declined', 'cancelled', 'expired');

-- CreateEnum
CREATE TYPE "signing_party_status" AS ENUM ('waiting', 'invited', 'signed', 'declined');

-- CreateTable
CREATE TABLE "signing_requests" (
    "id" UUID NOT NULL,
    "file_id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "created_by" UUID NOT NULL,
    "sender_name" VARCHAR(255) NOT NULL,
    "sender_email" VARCHAR(254),
    "sender_locale" VARCHAR(8) NOT NULL,
    "message" VARCHAR(1000),
    "deadline" TIMESTAMPTZ(3),
    "status" "signing_request_status" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "signing_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signing_parties" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "step" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "email" VARCHAR(254),
    "phone" VARCHAR(16),
    "iin" VARCHAR(12),
    "bin" VARCHAR(12),
    "role" VARCHAR(120),
    "locale" VARCHAR(8) NOT NULL,
    "status" "signing_party_status" NOT NULL DEFAULT 'waiting',
    "token_hash" VARCHAR(64) NOT NULL,
    "link_sealed" TEXT NOT NULL,
    "signature_id" UUID,
    "decline_reason" VARCHAR(1000),
    "invited_at" TIMESTAMPTZ(3),
    "reminded_at" TIMESTAMPTZ(3),
    "acted_at" TIMESTAMPTZ(3),

    CONSTRAINT "signing_parties_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "signing_requests_file_id_created_at_idx" ON "signing_requests"("file_id", "created_at");

-- CreateIndex
CREATE INDEX "signing_requests_status_deadline_idx" ON "signing_requests"("status", "deadline");

-- CreateIndex
CREATE UNIQUE INDEX "signing_parties_token_hash_key" ON "signing_parties"("token_hash");

-- CreateIndex
CREATE INDEX "signing_parties_request_id_step_idx" ON "signing_parties"("request_id", "step");

-- CreateIndex
CREATE INDEX "signing_parties_status_invited_at_idx" ON "signing_parties"("status", "invited_at");

-- AddForeignKey
ALTER TABLE "signing_requests" ADD CONSTRAINT "signing_requests_file_id_fkey" FOREIGN KEY ("file_id") REFERENCES "files"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signing_requests" ADD CONSTRAINT "signing_requests_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "file_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signing_parties" ADD CONSTRAINT "signing_parties_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "signing_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

