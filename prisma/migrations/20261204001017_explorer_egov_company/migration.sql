-- AlterTable
ALTER TABLE "egov_sign_sessions" ADD COLUMN     "company_workspace_id" UUID;

