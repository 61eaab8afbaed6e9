-- CreateEnum
CREATE TYPE "template_status" AS ENUM ('draft', 'published', 'archived');

-- CreateEnum
CREATE TYPE "filling_status" AS ENUM ('draft', 'complete');

-- CreateEnum
CREATE TYPE "answer_set_kind" AS ENUM ('person', 'company', 'bankDetails', 'address');

-- CreateEnum
CREATE TYPE "document_format" AS ENUM ('docx', 'pdf');

-- CreateEnum
CREATE TYPE "generated_status" AS ENUM ('pending', 'ready', 'failed');

-- CreateTable
CREATE TABLE "templates" (
    "id" UUID NOT NULL,
    "workspace_id" UUID,
    "title" JSONB NOT NULL,
    "bilingual" BOOLEAN NOT NULL DEFAULT false,
    "region" VARCHAR(8) NOT NULL,
    "body" JSONB NOT NULL,
    "questionnaire" JSONB NOT NULL,
    "status" "template_status" NOT NULL DEFAULT 'draft',
    "price_minor" INTEGER NOT NULL DEFAULT 0,
    "currency" VARCHAR(3),
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "template_versions" (
    "id" UUID NOT NULL,
    "template_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "title" JSONB NOT NULL,
    "bilingual" BOOLEAN NOT NULL,
    "region" VARCHAR(8) NOT NULL,
    "body" JSONB NOT NULL,
    "questionnaire" JSONB NOT NULL,
    "price_minor" INTEGER NOT NULL DEFAULT 0,
    "currency" VARCHAR(3),
    "published_by" UUID NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "template_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fillings" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "workspace_id" UUID,
    "version_id" UUID NOT NULL,
    "answers" JSONB NOT NULL DEFAULT '{}',
    "current_page" VARCHAR(64),
    "status" "filling_status" NOT NULL DEFAULT 'draft',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fillings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "answer_sets" (
    "id" UUID NOT NULL,
    "user_id" UUID,
    "workspace_id" UUID,
    "kind" "answer_set_kind" NOT NULL,
    "label" VARCHAR(200) NOT NULL,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "answer_sets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "generated_documents" (
    "id" UUID NOT NULL,
    "filling_id" UUID NOT NULL,
    "format" "document_format" NOT NULL,
    "s3_key" VARCHAR(512),
    "file_name" VARCHAR(255) NOT NULL,
    "size" INTEGER,
    "status" "generated_status" NOT NULL DEFAULT 'pending',
    "error_code" VARCHAR(64),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "generated_documents_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "templates_workspace_id_idx" ON "templates"("workspace_id");

-- CreateIndex
CREATE UNIQUE INDEX "template_versions_template_id_number_key" ON "template_versions"("template_id", "number");

-- CreateIndex
CREATE INDEX "fillings_user_id_updated_at_idx" ON "fillings"("user_id", "updated_at");

-- CreateIndex
CREATE INDEX "answer_sets_user_id_idx" ON "answer_sets"("user_id");

-- CreateIndex
CREATE INDEX "answer_sets_workspace_id_idx" ON "answer_sets"("workspace_id");

-- CreateIndex
CREATE INDEX "generated_documents_filling_id_idx" ON "generated_documents"("filling_id");

-- AddForeignKey
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "templates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fillings" ADD CONSTRAINT "fillings_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "template_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "generated_documents" ADD CONSTRAINT "generated_documents_filling_id_fkey" FOREIGN KEY ("filling_id") REFERENCES "fillings"("id") ON DELETE CASCADE ON UPDATE CASCADE;

