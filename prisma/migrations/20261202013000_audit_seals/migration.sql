-- Tamper evidence for the audit trail (issue 15): a sealing job hash-chains batches of rows after they commit,
-- so writers never serialise on a chain head. seal_id marks a row as sealed, its content is not part of a hash.
CREATE TABLE "audit_seals" (
  "id" BIGSERIAL PRIMARY KEY,
  "sealed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "row_ids" BIGINT[] NOT NULL,
  "row_digests" TEXT[] NOT NULL,
  "prev_hash" TEXT NOT NULL,
  "hash" TEXT NOT NULL
);
ALTER TABLE "audit_events" ADD COLUMN "seal_id" BIGINT;
CREATE INDEX "audit_events_unsealed_idx" ON "audit_events" ("id") WHERE "seal_id" IS NULL;
CREATE INDEX "audit_events_seal_id_idx" ON "audit_events" ("seal_id");
