-- CreateEnum
CREATE TYPE "billing_order_status" AS ENUM ('created', 'pending', 'paid', 'failed', 'expired', 'refunded');

-- CreateEnum
CREATE TYPE "billing_order_line_kind" AS ENUM ('document', 'subscription', 'topup');

-- CreateEnum
CREATE TYPE "billing_payment_status" AS ENUM ('pending', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "billing_orders" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "workspace_id" UUID,
    "currency" CHAR(3) NOT NULL,
    "total_minor" INTEGER NOT NULL,
    "balance_minor" INTEGER NOT NULL DEFAULT 0,
    "refunded_minor" INTEGER NOT NULL DEFAULT 0,
    "status" "billing_order_status" NOT NULL DEFAULT 'created',
    "status_reason" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "paid_at" TIMESTAMPTZ(3),

    CONSTRAINT "billing_orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_order_lines" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "kind" "billing_order_line_kind" NOT NULL,
    "ref" VARCHAR(200),
    "title" VARCHAR(300) NOT NULL,
    "quantity" INTEGER NOT NULL DEFAULT 1,
    "unit_minor" INTEGER NOT NULL,
    "amount_minor" INTEGER NOT NULL,

    CONSTRAINT "billing_order_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_order_events" (
    "id" BIGSERIAL NOT NULL,
    "order_id" UUID NOT NULL,
    "from_status" "billing_order_status",
    "to_status" "billing_order_status" NOT NULL,
    "reason" VARCHAR(500) NOT NULL,
    "actor_id" UUID,
    "data" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_order_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_payments" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "order_id" UUID NOT NULL,
    "provider" VARCHAR(32) NOT NULL,
    "amount_minor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" "billing_payment_status" NOT NULL DEFAULT 'pending',
    "transaction_id" VARCHAR(64),
    "card_mask" VARCHAR(32),
    "reason" VARCHAR(500),
    "log" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "billing_payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_ledger_transfers" (
    "id" UUID NOT NULL,
    "key" VARCHAR(200) NOT NULL,
    "reason" VARCHAR(64) NOT NULL,
    "order_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_ledger_transfers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_ledger_entries" (
    "id" BIGSERIAL NOT NULL,
    "transfer_id" UUID NOT NULL,
    "account" VARCHAR(80) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "amount_minor" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "billing_orders_user_id_created_at_idx" ON "billing_orders"("user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "billing_orders_status_updated_at_idx" ON "billing_orders"("status", "updated_at");

-- CreateIndex
CREATE INDEX "billing_order_lines_order_id_idx" ON "billing_order_lines"("order_id");

-- CreateIndex
CREATE INDEX "billing_order_events_order_id_id_idx" ON "billing_order_events"("order_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "billing_payments_seq_key" ON "billing_payments"("seq");

-- CreateIndex
CREATE INDEX "billing_payments_order_id_idx" ON "billing_payments"("order_id");

-- CreateIndex
CREATE INDEX "billing_payments_status_created_at_idx" ON "billing_payments"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "billing_ledger_transfers_key_key" ON "billing_ledger_transfers"("key");

-- CreateIndex
CREATE INDEX "billing_ledger_entries_account_currency_id_idx" ON "billing_ledger_entries"("account", "currency", "id");

-- AddForeignKey
ALTER TABLE "billing_order_lines" ADD CONSTRAINT "billing_order_lines_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "billing_orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_order_events" ADD CONSTRAINT "billing_order_events_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "billing_orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_payments" ADD CONSTRAINT "billing_payments_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "billing_orders"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_ledger_entries" ADD CONSTRAINT "billing_ledger_entries_transfer_id_fkey" FOREIGN KEY ("transfer_id") REFERENCES "billing_ledger_transfers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

