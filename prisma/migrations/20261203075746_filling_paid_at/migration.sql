-- AlterTable
ALTER TABLE "fillings" ADD COLUMN     "paid_at" TIMESTAMPTZ(3);

