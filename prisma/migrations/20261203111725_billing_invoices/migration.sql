-- CreateTable
CREATE TABLE "billing_invoices" (
    "id" UUID NOT NULL,
    "number" BIGSERIAL NOT NULL,
    "order_id" UUID NOT NULL,
    "company_name" VARCHAR(300) NOT NULL,
    "tax_id" VARCHAR(12) NOT NULL,
    "address" VARCHAR(500),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paid_at" TIMESTAMPTZ(3),
    "paid_reference" VARCHAR(200),
    "marked_by" UUID,

    CONSTRAINT "billing_invoices_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "billing_invoices_number_key" ON "billing_invoices"("number");

-- CreateIndex
CREATE UNIQUE INDEX "billing_invoices_order_id_key" ON "billing_invoices"("order_id");

