-- CreateEnum
CREATE TYPE "document_card_status" AS ENUM ('draft', 'sent', 'partially_signed', 'signed', 'declined', 'expired', 'terminated');

-- CreateEnum
CREATE TYPE "card_party_kind" AS ENUM ('person', 'company');

-- CreateTable
CREATE TABLE "document_cards" (
    "id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "number" VARCHAR(64) NOT NULL,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "type_code" VARCHAR(64),
    "title" VARCHAR(500) NOT NULL,
    "status" "document_card_status" NOT NULL DEFAULT 'draft',
    "amount_minor" BIGINT,
    "currency" VARCHAR(3),
    "term_until" DATE,
    "file_id" UUID,
    "filling_id" UUID,
    "note" VARCHAR(2000),
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "document_cards_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "card_parties" (
    "id" UUID NOT NULL,
    "card_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "card_party_kind" NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "tax_id" VARCHAR(12),
    "ogrn" VARCHAR(15),
    "role" VARCHAR(120),
    "signed_at" TIMESTAMPTZ(3),
    "signature_id" UUID,

    CONSTRAINT "card_parties_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "card_sequences" (
    "workspace_id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "card_sequences_pkey" PRIMARY KEY ("workspace_id","year")
);

-- CreateTable
CREATE TABLE "registry_settings" (
    "workspace_id" UUID NOT NULL,
    "prefix" VARCHAR(16) NOT NULL DEFAULT '',
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "registry_settings_pkey" PRIMARY KEY ("workspace_id")
);

-- CreateTable
CREATE TABLE "dictionaries" (
    "id" UUID NOT NULL,
    "workspace_id" UUID,
    "kind" VARCHAR(32) NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "label" JSONB NOT NULL,
    "data" JSONB,
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dictionaries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "document_cards_filling_id_key" ON "document_cards"("filling_id");

-- CreateIndex
CREATE INDEX "document_cards_workspace_id_date_idx" ON "document_cards"("workspace_id", "date");

-- CreateIndex
CREATE INDEX "document_cards_file_id_idx" ON "document_cards"("file_id");

-- CreateIndex
CREATE UNIQUE INDEX "document_cards_workspace_id_year_seq_key" ON "document_cards"("workspace_id", "year", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "card_parties_card_id_position_key" ON "card_parties"("card_id", "position");

-- CreateIndex
CREATE INDEX "dictionaries_kind_workspace_id_idx" ON "dictionaries"("kind", "workspace_id");

-- AddForeignKey
ALTER TABLE "card_parties" ADD CONSTRAINT "card_parties_card_id_fkey" FOREIGN KEY ("card_id") REFERENCES "document_cards"("id") ON DELETE CASCADE ON UPDATE CASCADE;

