-- CreateEnum
CREATE TYPE "egov_sign_status" AS ENUM ('waiting_scan', 'waiting_signature', 'signed', 'failed', 'expired', 'cancelled');

-- CreateTable
CREATE TABLE "egov_sign_sessions" (
    "id" UUID NOT NULL,
    "file_id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "party_id" UUID,
    "user_id" UUID,
    "status" "egov_sign_status" NOT NULL DEFAULT 'waiting_scan',
    "qr_code" TEXT NOT NULL,
    "mobile_link" VARCHAR(2000),
    "business_link" VARCHAR(2000),
    "data_url" VARCHAR(2000) NOT NULL,
    "sign_url" VARCHAR(2000) NOT NULL,
    "scan_deadline" TIMESTAMPTZ(3) NOT NULL,
    "sign_deadline" TIMESTAMPTZ(3),
    "error_code" VARCHAR(80),
    "error_params" JSONB,
    "signature_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "egov_sign_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "egov_sign_sessions_party_id_created_at_idx" ON "egov_sign_sessions"("party_id", "created_at");

-- CreateIndex
CREATE INDEX "egov_sign_sessions_status_scan_deadline_idx" ON "egov_sign_sessions"("status", "scan_deadline");

