-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateTable
CREATE TABLE "search_entries" (
    "id" BIGSERIAL NOT NULL,
    "ref" VARCHAR(128) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "locale" VARCHAR(2) NOT NULL,
    "region" VARCHAR(2) NOT NULL,
    "path" VARCHAR(512) NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "section_id" VARCHAR(128),
    "section_title" TEXT,
    "price" VARCHAR(16) NOT NULL,
    "languages" VARCHAR(2)[],
    "tags" TEXT[],
    "document" tsvector NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "search_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "search_words" (
    "locale" VARCHAR(2) NOT NULL,
    "word" VARCHAR(64) NOT NULL,
    "lexemes" TEXT[],

    CONSTRAINT "search_words_pkey" PRIMARY KEY ("locale","word")
);

-- CreateIndex
CREATE INDEX "search_entries_region_locale_idx" ON "search_entries"("region", "locale");

-- CreateIndex
CREATE INDEX "search_entries_document_idx" ON "search_entries" USING GIN ("document");

-- CreateIndex
CREATE UNIQUE INDEX "search_entries_ref_locale_key" ON "search_entries"("ref", "locale");

-- CreateIndex
CREATE INDEX "search_words_word_idx" ON "search_words" USING GIST ("word" gist_trgm_ops);

-- CreateIndex
CREATE INDEX "search_words_lexemes_idx" ON "search_words" USING GIN ("lexemes");

