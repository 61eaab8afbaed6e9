-- One hash chain per scope instead of one platform-wide chain (server/domains/history).
-- Rows written before this migration form the `legacy` scope: their hashes were
-- computed without scope and seq, and verify.ts checks them that way.
ALTER TABLE "audit_log" ADD COLUMN "scope" VARCHAR(80),
ADD COLUMN "seq" BIGINT;

-- The append-only trigger would refuse this one-time backfill.
ALTER TABLE "audit_log" DISABLE TRIGGER audit_log_no_update_delete;
UPDATE "audit_log" a SET "scope" = 'legacy', "seq" = n.seq
  FROM (SELECT id, row_number() OVER (ORDER BY id) AS seq FROM "audit_log") n WHERE n.id = a.id;
ALTER TABLE "audit_log" ENABLE TRIGGER audit_log_no_update_delete;

ALTER TABLE "audit_log" ALTER COLUMN "scope" SET NOT NULL,
ALTER COLUMN "seq" SET NOT NULL;

-- CreateTable
CREATE TABLE "audit_heads" (
    "scope" VARCHAR(80) NOT NULL,
    "seq" BIGINT NOT NULL,
    "hash" CHAR(64) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_heads_pkey" PRIMARY KEY ("scope")
);

INSERT INTO "audit_heads" ("scope", "seq", "hash")
  SELECT 'legacy', "seq", "hash" FROM "audit_log" WHERE "scope" = 'legacy' ORDER BY "seq" DESC LIMIT 1;

-- CreateTable
CREATE TABLE "audit_checkpoints" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "heads" JSONB NOT NULL,
    "prev_mac" CHAR(64) NOT NULL,
    "mac" CHAR(64) NOT NULL,

    CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "audit_log_scope_seq_key" ON "audit_log"("scope", "seq");

-- Checkpoints are append-only too; the message names the table it protects.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_checkpoints_no_update_delete BEFORE UPDATE OR DELETE ON "audit_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON "audit_checkpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
