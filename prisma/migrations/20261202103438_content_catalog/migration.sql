-- CreateEnum
CREATE TYPE "content_kind" AS ENUM ('section', 'folder', 'description', 'article');

-- CreateEnum
CREATE TYPE "content_region" AS ENUM ('kz', 'ru');

-- CreateTable
CREATE TABLE "content_items" (
    "id" UUID NOT NULL,
    "kind" "content_kind" NOT NULL,
    "region" "content_region" NOT NULL,
    "parent_id" UUID,
    "position" INTEGER NOT NULL DEFAULT 0,
    "draft" JSONB NOT NULL,
    "published" JSONB,
    "published_version" INTEGER,
    "published_at" TIMESTAMPTZ(3),
    "slug_ru" VARCHAR(120),
    "slug_kk" VARCHAR(120),
    "slug_en" VARCHAR(120),
    "publish_at" TIMESTAMPTZ(3),
    "scheduled_by" UUID,
    "draft_changed" BOOLEAN NOT NULL DEFAULT true,
    "created_by" UUID NOT NULL,
    "updated_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "content_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "content_versions" (
    "id" UUID NOT NULL,
    "item_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    "published_by" UUID NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "scheduled" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "content_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "content_items_region_kind_parent_id_position_idx" ON "content_items"("region", "kind", "parent_id", "position");

-- CreateIndex
CREATE INDEX "content_items_region_kind_slug_ru_idx" ON "content_items"("region", "kind", "slug_ru");

-- CreateIndex
CREATE INDEX "content_items_region_kind_slug_kk_idx" ON "content_items"("region", "kind", "slug_kk");

-- CreateIndex
CREATE INDEX "content_items_region_kind_slug_en_idx" ON "content_items"("region", "kind", "slug_en");

-- CreateIndex
CREATE INDEX "content_items_publish_at_idx" ON "content_items"("publish_at");

-- CreateIndex
CREATE UNIQUE INDEX "content_versions_item_id_number_key" ON "content_versions"("item_id", "number");

-- AddForeignKey
ALTER TABLE "content_items" ADD CONSTRAINT "content_items_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "content_items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_versions" ADD CONSTRAINT "content_versions_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "content_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;

