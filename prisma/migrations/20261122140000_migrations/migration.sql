-- CreateEnum
CREATE TYPE "MigrationItemState" AS ENUM ('queued', 'copying', 'verifying', 'awaiting_quiet', 'cut_over', 'completed', 'needs_attention', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "MigrationObjectState" AS ENUM ('pending', 'copied', 'verified');

-- CreateTable
CREATE TABLE "migrations" (
    "id" UUID NOT NULL,
    "target_region" TEXT NOT NULL,
    "selection" JSONB NOT NULL,
    "requested_by" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "migrations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "migration_items" (
    "id" UUID NOT NULL,
    "migration_id" UUID NOT NULL,
    "backup_id" UUID NOT NULL,
    "state" "MigrationItemState" NOT NULL DEFAULT 'queued',
    "source_region" TEXT NOT NULL,
    "source_endpoint" TEXT NOT NULL,
    "source_bucket" TEXT NOT NULL,
    "source_prefix" TEXT NOT NULL,
    "target_region" TEXT NOT NULL,
    "target_bucket" TEXT,
    "target_prefix" TEXT NOT NULL,
    "listed_at" TIMESTAMPTZ(3),
    "frozen_at" TIMESTAMPTZ(3) NOT NULL,
    "quiet_at" TIMESTAMPTZ(3) NOT NULL,
    "final_listed_at" TIMESTAMPTZ(3),
    "copy_started_at" TIMESTAMPTZ(3),
    "cut_over_at" TIMESTAMPTZ(3),
    "cleanup_after" TIMESTAMPTZ(3),
    "source_deleted_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "lease_owner" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "error_count" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "migration_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "migration_objects" (
    "item_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "size" BIGINT NOT NULL,
    "source_etag" TEXT NOT NULL,
    "state" "MigrationObjectState" NOT NULL DEFAULT 'pending',
    "target_etag" TEXT,
    "content_md5" TEXT,
    "method" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "migration_objects_pkey" PRIMARY KEY ("item_id","key")
);

-- CreateIndex
CREATE INDEX "migrations_created_at_id_idx" ON "migrations"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "migration_items_migration_id_idx" ON "migration_items"("migration_id");

-- CreateIndex
CREATE INDEX "migration_items_backup_id_idx" ON "migration_items"("backup_id");

-- CreateIndex
CREATE INDEX "migration_items_state_next_attempt_at_idx" ON "migration_items"("state", "next_attempt_at");

-- CreateIndex
CREATE INDEX "migration_objects_item_id_state_idx" ON "migration_objects"("item_id", "state");

-- AddForeignKey
ALTER TABLE "migration_items" ADD CONSTRAINT "migration_items_migration_id_fkey" FOREIGN KEY ("migration_id") REFERENCES "migrations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "migration_objects" ADD CONSTRAINT "migration_objects_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "migration_items"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- At most one unfinished move per backup: two operators racing to migrate the same backup cannot both win.
CREATE UNIQUE INDEX "migration_items_one_unfinished_per_backup" ON "migration_items"("backup_id") WHERE "state" IN ('queued', 'copying', 'verifying', 'awaiting_quiet');
