-- AlterTable
ALTER TABLE "search_entries" ADD COLUMN     "title_document" tsvector;

-- The document stays in the row (compressed if need be) and title, summary and body go to
-- TOAST first: every matched row is re-checked and ranked on its document, and a document
-- moved out of the row cost ~10 buffer reads per row (a capped query: 168 → 25 ms).
-- Prisma's schema cannot say this; the drift check does not compare storage.
ALTER TABLE "search_entries" ALTER COLUMN "document" SET STORAGE MAIN;

-- Backfill: the title's lexemes are the weight-A entries of the document (search/analyse.ts);
-- `|| ''` writes each document anew, so rows written before move it back into the row.
UPDATE "search_entries" SET "title_document" = ts_filter("document", '{a}'), "document" = "document" || ''::tsvector;

-- CreateIndex
CREATE INDEX "search_entries_title_document_idx" ON "search_entries" USING GIN ("title_document");
