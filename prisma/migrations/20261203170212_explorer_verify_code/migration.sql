-- AlterTable
ALTER TABLE "files" ADD COLUMN     "verify_code" VARCHAR(16);

-- CreateIndex
CREATE UNIQUE INDEX "files_verify_code_key" ON "files"("verify_code");

