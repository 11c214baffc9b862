-- AlterTable
ALTER TABLE "buckets" ADD COLUMN     "hardening" JSONB,
ADD COLUMN     "probed_at" TIMESTAMPTZ(3),
ADD COLUMN     "writable" BOOLEAN;

-- CreateTable
CREATE TABLE "credential_revocations" (
    "id" UUID NOT NULL,
    "prefix" TEXT NOT NULL,
    "revoked_at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "credential_revocations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "credential_revocations_revoked_at_idx" ON "credential_revocations"("revoked_at");
