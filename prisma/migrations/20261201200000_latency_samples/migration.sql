-- CreateEnum
CREATE TYPE "LatencySource" AS ENUM ('agent', 'import');

-- CreateTable
CREATE TABLE "latency_samples" (
    "id" BIGSERIAL NOT NULL,
    "batch_id" UUID NOT NULL,
    "source" "LatencySource" NOT NULL,
    "appliance_id" UUID,
    "network" TEXT,
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "accuracy_km" INTEGER,
    "country_code" CHAR(2),
    "subdivision" TEXT,
    "region_code" TEXT NOT NULL,
    "rtt_ms" DOUBLE PRECISION NOT NULL,
    "attempts" INTEGER NOT NULL,
    "samples" INTEGER NOT NULL DEFAULT 1,
    "measured_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "latency_samples_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "latency_samples_rtt_check" CHECK ("rtt_ms" > 0 AND "rtt_ms" <= 10000),
    CONSTRAINT "latency_samples_source_check" CHECK (("source" = 'agent') = ("appliance_id" IS NOT NULL))
);

-- CreateIndex
CREATE INDEX "latency_samples_measured_at_idx" ON "latency_samples"("measured_at");

-- CreateIndex
CREATE INDEX "latency_samples_appliance_id_received_at_idx" ON "latency_samples"("appliance_id", "received_at");

-- AddForeignKey
ALTER TABLE "latency_samples" ADD CONSTRAINT "latency_samples_appliance_id_fkey" FOREIGN KEY ("appliance_id") REFERENCES "appliances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "latency_samples" ADD CONSTRAINT "latency_samples_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE CASCADE ON UPDATE CASCADE;

-- A suggestion (scope -> region) an operator dismissed: hidden until the measured best changes.
CREATE TABLE "placement_suggestion_dismissals" (
    "scope" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "dismissed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "placement_suggestion_dismissals_pkey" PRIMARY KEY ("scope", "region_code")
);
