-- The operator policy for applying index suggestions without review: one row, none means off.
CREATE TABLE "placement_auto_apply_policy" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "min_saved_ms" DOUBLE PRECISION NOT NULL,
    "min_coverage" DOUBLE PRECISION NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "placement_auto_apply_policy_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "placement_auto_apply_policy_one_row" CHECK ("id" = 1)
);
