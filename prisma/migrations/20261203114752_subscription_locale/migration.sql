-- AlterTable
ALTER TABLE "subscriptions" ADD COLUMN     "locale" VARCHAR(5) NOT NULL DEFAULT 'ru';

-- AlterTable
ALTER TABLE "subscription_checkouts" ADD COLUMN     "locale" VARCHAR(5) NOT NULL DEFAULT 'ru';

