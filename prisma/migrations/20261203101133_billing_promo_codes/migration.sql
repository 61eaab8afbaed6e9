-- CreateEnum
CREATE TYPE "billing_promo_kind" AS ENUM ('percent', 'fixed');

-- AlterTable
ALTER TABLE "billing_orders" ADD COLUMN     "discount_minor" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "promo_code" VARCHAR(40);

-- CreateTable
CREATE TABLE "billing_promo_codes" (
    "id" UUID NOT NULL,
    "code" VARCHAR(40) NOT NULL,
    "kind" "billing_promo_kind" NOT NULL,
    "percent" INTEGER,
    "amount_minor" INTEGER,
    "currency" CHAR(3) NOT NULL,
    "max_redemptions" INTEGER,
    "redeemed_count" INTEGER NOT NULL DEFAULT 0,
    "valid_from" TIMESTAMPTZ(3),
    "valid_until" TIMESTAMPTZ(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_promo_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_promo_redemptions" (
    "id" UUID NOT NULL,
    "promo_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "discount_minor" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_promo_redemptions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "billing_promo_codes_code_key" ON "billing_promo_codes"("code");

-- CreateIndex
CREATE UNIQUE INDEX "billing_promo_redemptions_order_id_key" ON "billing_promo_redemptions"("order_id");

-- CreateIndex
CREATE UNIQUE INDEX "billing_promo_redemptions_promo_id_user_id_key" ON "billing_promo_redemptions"("promo_id", "user_id");

-- AddForeignKey
ALTER TABLE "billing_promo_redemptions" ADD CONSTRAINT "billing_promo_redemptions_promo_id_fkey" FOREIGN KEY ("promo_id") REFERENCES "billing_promo_codes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

