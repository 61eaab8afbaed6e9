-- CreateEnum
CREATE TYPE "file_version_status" AS ENUM ('uploading', 'scanning', 'clean', 'infected');

-- CreateTable
CREATE TABLE "folders" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "parent_id" UUID,
    "name" VARCHAR(255) NOT NULL,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "trashed_at" TIMESTAMPTZ(3),

    CONSTRAINT "folders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "files" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "folder_id" UUID,
    "name" VARCHAR(255) NOT NULL,
    "current_version" INTEGER NOT NULL DEFAULT 1,
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "trashed_at" TIMESTAMPTZ(3),

    CONSTRAINT "files_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "file_versions" (
    "id" UUID NOT NULL,
    "file_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "object_key" VARCHAR(512) NOT NULL,
    "size" INTEGER NOT NULL,
    "mime_type" VARCHAR(127) NOT NULL,
    "status" "file_version_status" NOT NULL DEFAULT 'uploading',
    "sha256" VARCHAR(64),
    "threat" VARCHAR(255),
    "scanned_at" TIMESTAMPTZ(3),
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmed_at" TIMESTAMPTZ(3),

    CONSTRAINT "file_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "file_signatures" (
    "id" UUID NOT NULL,
    "file_id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "cms" BYTEA NOT NULL,
    "attached" BOOLEAN NOT NULL,
    "user_id" UUID,
    "company_workspace_id" UUID,
    "signed_at" TIMESTAMPTZ(3),
    "serial_number" VARCHAR(80) NOT NULL,
    "common_name" VARCHAR(255),
    "iin" VARCHAR(12),
    "bin" VARCHAR(12),
    "organization" VARCHAR(500),
    "key_user" TEXT[],
    "issuer_dn" VARCHAR(1000) NOT NULL,
    "not_before" TIMESTAMPTZ(3) NOT NULL,
    "not_after" TIMESTAMPTZ(3) NOT NULL,
    "revocation" VARCHAR(16) NOT NULL,
    "sign_alg" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "file_signatures_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "folders_workspace_id_parent_id_idx" ON "folders"("workspace_id", "parent_id");

-- CreateIndex
CREATE INDEX "folders_trashed_at_idx" ON "folders"("trashed_at");

-- CreateIndex
CREATE INDEX "files_workspace_id_folder_id_idx" ON "files"("workspace_id", "folder_id");

-- CreateIndex
CREATE INDEX "files_trashed_at_idx" ON "files"("trashed_at");

-- CreateIndex
CREATE UNIQUE INDEX "file_versions_object_key_key" ON "file_versions"("object_key");

-- CreateIndex
CREATE INDEX "file_versions_status_created_at_idx" ON "file_versions"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "file_versions_file_id_number_key" ON "file_versions"("file_id", "number");

-- CreateIndex
CREATE INDEX "file_signatures_file_id_created_at_idx" ON "file_signatures"("file_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "file_signatures_version_id_serial_number_key" ON "file_signatures"("version_id", "serial_number");

-- AddForeignKey
ALTER TABLE "folders" ADD CONSTRAINT "folders_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "folders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "files" ADD CONSTRAINT "files_folder_id_fkey" FOREIGN KEY ("folder_id") REFERENCES "folders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "file_versions" ADD CONSTRAINT "file_versions_file_id_fkey" FOREIGN KEY ("file_id") REFERENCES "files"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "file_signatures" ADD CONSTRAINT "file_signatures_file_id_fkey" FOREIGN KEY ("file_id") REFERENCES "files"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "file_signatures" ADD CONSTRAINT "file_signatures_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "file_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

