-- CreateEnum
CREATE TYPE "company_verification" AS ENUM ('verified', 'unverified');

-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "company_verification" "company_verification" NOT NULL DEFAULT 'verified',
ADD COLUMN     "verified_at" TIMESTAMPTZ(3),
ADD COLUMN     "verified_by" UUID,
ADD COLUMN     "verified_via" VARCHAR(32);

-- CreateTable
CREATE TABLE "user_consents" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "version" VARCHAR(32) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ip" TEXT,

    CONSTRAINT "user_consents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "user_consents_user_id_kind_idx" ON "user_consents"("user_id", "kind");

-- CreateIndex
CREATE INDEX "workspaces_bin_idx" ON "workspaces"("bin");

-- CreateIndex
CREATE INDEX "workspaces_inn_idx" ON "workspaces"("inn");

-- AddForeignKey
ALTER TABLE "user_consents" ADD CONSTRAINT "user_consents_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Company workspaces from before verification existed keep acting as their company: there is
-- no way to tell a first claimant from a later one among them now (the first to sign with a
-- qualified certificate will settle it). They are marked so that they can be found.
UPDATE "workspaces" SET "verified_via" = 'existing', "verified_at" = "created_at" WHERE "kind" = 'company';
