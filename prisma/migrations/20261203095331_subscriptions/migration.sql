-- CreateEnum
CREATE TYPE "subscription_status" AS ENUM ('trialing', 'active', 'past_due', 'canceled', 'expired');

-- CreateEnum
CREATE TYPE "subscription_period" AS ENUM ('month', 'year');

-- CreateEnum
CREATE TYPE "subscription_checkout_kind" AS ENUM ('new', 'upgrade', 'renew');

-- CreateTable
CREATE TABLE "subscriptions" (
    "id" UUID NOT NULL,
    "subject_kind" VARCHAR(16) NOT NULL,
    "subject_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "plan_code" VARCHAR(64) NOT NULL,
    "region" VARCHAR(2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "price_minor" INTEGER NOT NULL,
    "period" "subscription_period" NOT NULL,
    "entitlements" JSONB NOT NULL,
    "status" "subscription_status" NOT NULL,
    "trial" BOOLEAN NOT NULL DEFAULT false,
    "current_period_start" TIMESTAMPTZ(3) NOT NULL,
    "current_period_end" TIMESTAMPTZ(3) NOT NULL,
    "grace_until" TIMESTAMPTZ(3),
    "cancel_at_period_end" BOOLEAN NOT NULL DEFAULT false,
    "next_plan_code" VARCHAR(64),
    "ended_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription_trials" (
    "user_id" UUID NOT NULL,
    "plan_code" VARCHAR(64) NOT NULL,
    "subscription_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscription_trials_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "subscription_checkouts" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "subject_kind" VARCHAR(16) NOT NULL,
    "subject_id" UUID NOT NULL,
    "kind" "subscription_checkout_kind" NOT NULL,
    "plan_code" VARCHAR(64) NOT NULL,
    "subscription_id" UUID,
    "currency" CHAR(3) NOT NULL,
    "price_minor" INTEGER NOT NULL,
    "credit_minor" INTEGER NOT NULL DEFAULT 0,
    "amount_minor" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_at" TIMESTAMPTZ(3),

    CONSTRAINT "subscription_checkouts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription_usage" (
    "id" BIGSERIAL NOT NULL,
    "subscription_id" UUID NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "key" VARCHAR(40) NOT NULL,
    "ref" VARCHAR(200),
    "amount" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscription_usage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription_events" (
    "id" BIGSERIAL NOT NULL,
    "subscription_id" UUID NOT NULL,
    "kind" VARCHAR(40) NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscription_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "subscriptions_subject_kind_subject_id_status_idx" ON "subscriptions"("subject_kind", "subject_id", "status");

-- CreateIndex
CREATE INDEX "subscriptions_status_current_period_end_idx" ON "subscriptions"("status", "current_period_end");

-- CreateIndex
CREATE INDEX "subscription_checkouts_subscription_id_idx" ON "subscription_checkouts"("subscription_id");

-- CreateIndex
CREATE UNIQUE INDEX "subscription_usage_subscription_id_period_start_key_ref_key" ON "subscription_usage"("subscription_id", "period_start", "key", "ref");

-- CreateIndex
CREATE INDEX "subscription_events_subscription_id_id_idx" ON "subscription_events"("subscription_id", "id");

-- AddForeignKey
ALTER TABLE "subscription_usage" ADD CONSTRAINT "subscription_usage_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscription_events" ADD CONSTRAINT "subscription_events_subscription_id_fkey" FOREIGN KEY ("subscription_id") REFERENCES "subscriptions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

