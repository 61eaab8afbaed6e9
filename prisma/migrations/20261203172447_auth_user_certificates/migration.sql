-- CreateTable
CREATE TABLE "user_certificates" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "serial_number" VARCHAR(80) NOT NULL,
    "issuer_dn" VARCHAR(1000) NOT NULL,
    "iin" VARCHAR(12),
    "common_name" VARCHAR(255),
    "not_after" TIMESTAMPTZ(3) NOT NULL,
    "linked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),

    CONSTRAINT "user_certificates_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "user_certificates_user_id_idx" ON "user_certificates"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "user_certificates_serial_number_issuer_dn_key" ON "user_certificates"("serial_number", "issuer_dn");

-- AddForeignKey
ALTER TABLE "user_certificates" ADD CONSTRAINT "user_certificates_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

