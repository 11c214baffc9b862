-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AccountStatus" AS ENUM ('active', 'disabled');

-- CreateEnum
CREATE TYPE "ApiKeyKind" AS ENUM ('admin', 'appliance');

-- CreateEnum
CREATE TYPE "ApplianceStatus" AS ENUM ('active', 'disabled');

-- CreateEnum
CREATE TYPE "RegionStatus" AS ENUM ('active', 'draining', 'disabled');

-- CreateEnum
CREATE TYPE "OverrideScopeKind" AS ENUM ('country', 'subdivision');

-- CreateEnum
CREATE TYPE "BucketStatus" AS ENUM ('pending', 'ready');

-- CreateEnum
CREATE TYPE "BackupStatus" AS ENUM ('active', 'migrating', 'retired');

-- CreateEnum
CREATE TYPE "ActorType" AS ENUM ('admin', 'appliance', 'system', 'cli');

-- CreateTable
CREATE TABLE "accounts" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "status" "AccountStatus" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "kind" "ApiKeyKind" NOT NULL,
    "prefix" TEXT NOT NULL,
    "secret_hash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "account_id" UUID,
    "appliance_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "appliances" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "server_id" TEXT,
    "status" "ApplianceStatus" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "appliances_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "regions" (
    "code" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "city" TEXT,
    "country_code" CHAR(2),
    "latitude" DOUBLE PRECISION NOT NULL,
    "longitude" DOUBLE PRECISION NOT NULL,
    "endpoint" TEXT NOT NULL,
    "status" "RegionStatus" NOT NULL DEFAULT 'active',
    "weight" INTEGER NOT NULL DEFAULT 100,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "regions_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "index_overrides" (
    "id" UUID NOT NULL,
    "scope_kind" "OverrideScopeKind" NOT NULL,
    "scope" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "index_overrides_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "placement_pins" (
    "id" UUID NOT NULL,
    "account_id" UUID,
    "appliance_id" UUID,
    "region_code" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "author" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "placement_pins_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "buckets" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "account_id" UUID,
    "status" "BucketStatus" NOT NULL DEFAULT 'pending',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ready_at" TIMESTAMPTZ(3),

    CONSTRAINT "buckets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "backups" (
    "id" UUID NOT NULL,
    "appliance_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "region_code" TEXT NOT NULL,
    "bucket_id" UUID NOT NULL,
    "prefix" TEXT NOT NULL,
    "status" "BackupStatus" NOT NULL DEFAULT 'active',
    "size_bytes" BIGINT NOT NULL DEFAULT 0,
    "in_progress" BOOLEAN NOT NULL DEFAULT false,
    "last_backup_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "backups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" "ActorType" NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "source_ip" TEXT,
    "request_id" TEXT,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "accounts_name_key" ON "accounts"("name");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

-- CreateIndex
CREATE INDEX "api_keys_account_id_idx" ON "api_keys"("account_id");

-- CreateIndex
CREATE INDEX "api_keys_appliance_id_idx" ON "api_keys"("appliance_id");

-- CreateIndex
CREATE UNIQUE INDEX "appliances_account_id_name_key" ON "appliances"("account_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "appliances_account_id_server_id_key" ON "appliances"("account_id", "server_id");

-- CreateIndex
CREATE UNIQUE INDEX "index_overrides_scope_key" ON "index_overrides"("scope");

-- CreateIndex
CREATE UNIQUE INDEX "placement_pins_account_id_key" ON "placement_pins"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "placement_pins_appliance_id_key" ON "placement_pins"("appliance_id");

-- CreateIndex
CREATE UNIQUE INDEX "buckets_name_key" ON "buckets"("name");

-- CreateIndex
CREATE INDEX "backups_account_id_idx" ON "backups"("account_id");

-- CreateIndex
CREATE INDEX "backups_region_code_status_idx" ON "backups"("region_code", "status");

-- CreateIndex
CREATE UNIQUE INDEX "backups_bucket_id_prefix_key" ON "backups"("bucket_id", "prefix");

-- CreateIndex
CREATE INDEX "audit_events_target_type_target_id_idx" ON "audit_events"("target_type", "target_id");

-- CreateIndex
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at");

-- CreateIndex
CREATE INDEX "audit_events_action_at_idx" ON "audit_events"("action", "at");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_appliance_id_fkey" FOREIGN KEY ("appliance_id") REFERENCES "appliances"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "appliances" ADD CONSTRAINT "appliances_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "index_overrides" ADD CONSTRAINT "index_overrides_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "placement_pins" ADD CONSTRAINT "placement_pins_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "placement_pins" ADD CONSTRAINT "placement_pins_appliance_id_fkey" FOREIGN KEY ("appliance_id") REFERENCES "appliances"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "placement_pins" ADD CONSTRAINT "placement_pins_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "buckets" ADD CONSTRAINT "buckets_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "buckets" ADD CONSTRAINT "buckets_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backups" ADD CONSTRAINT "backups_appliance_id_fkey" FOREIGN KEY ("appliance_id") REFERENCES "appliances"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backups" ADD CONSTRAINT "backups_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backups" ADD CONSTRAINT "backups_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "regions"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backups" ADD CONSTRAINT "backups_bucket_id_fkey" FOREIGN KEY ("bucket_id") REFERENCES "buckets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written constraints Prisma cannot express.
-- One live (active or migrating) backup per appliance.
CREATE UNIQUE INDEX "backups_one_live_per_appliance" ON "backups"("appliance_id") WHERE "status" IN ('active', 'migrating');
-- A pin targets exactly one of an account or an appliance.
ALTER TABLE "placement_pins" ADD CONSTRAINT "placement_pins_one_target" CHECK (num_nonnulls("account_id", "appliance_id") = 1);
-- An override scope is a country code ("DE") or a subdivision code ("US-CA"), matching its kind.
ALTER TABLE "index_overrides" ADD CONSTRAINT "index_overrides_scope_shape" CHECK (
  ("scope_kind" = 'country' AND "scope" ~ '^[A-Z]{2}$') OR
  ("scope_kind" = 'subdivision' AND "scope" ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$')
);
-- Regions: positive weight, coordinates on the globe, a lower-case region code.
ALTER TABLE "regions" ADD CONSTRAINT "regions_weight_nonnegative" CHECK ("weight" >= 0);
ALTER TABLE "regions" ADD CONSTRAINT "regions_coordinates_valid" CHECK ("latitude" BETWEEN -90 AND 90 AND "longitude" BETWEEN -180 AND 180);
ALTER TABLE "regions" ADD CONSTRAINT "regions_code_shape" CHECK ("code" ~ '^[a-z0-9][a-z0-9-]{1,62}$');
-- API keys: an appliance key belongs to an appliance, an admin key to none (no semicolons in comments: the JS schema engine splits on them).
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_owner_matches_kind" CHECK (
  ("kind" = 'appliance' AND "appliance_id" IS NOT NULL AND "account_id" IS NOT NULL) OR
  ("kind" = 'admin' AND "appliance_id" IS NULL)
);
