-- Agent init: idempotent replays of POST /v1/init (issue 4).

-- CreateTable
CREATE TABLE "idempotency_records" (
    "appliance_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("appliance_id","key")
);

-- CreateIndex
CREATE INDEX "idempotency_records_created_at_idx" ON "idempotency_records"("created_at");

-- AddForeignKey
ALTER TABLE "idempotency_records" ADD CONSTRAINT "idempotency_records_appliance_id_fkey" FOREIGN KEY ("appliance_id") REFERENCES "appliances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Admin listings page newest first by (created_at, id)
CREATE INDEX "backups_created_at_id_idx" ON "backups"("created_at" DESC, "id" DESC);
CREATE INDEX "appliances_created_at_id_idx" ON "appliances"("created_at" DESC, "id" DESC);
CREATE INDEX "api_keys_created_at_id_idx" ON "api_keys"("created_at" DESC, "id" DESC);
