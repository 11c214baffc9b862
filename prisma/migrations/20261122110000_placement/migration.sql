-- AlterTable
ALTER TABLE "backups" ADD COLUMN     "placed_country" TEXT,
ADD COLUMN     "placed_subdivision" TEXT,
ADD COLUMN     "placement_signal" TEXT;

-- CreateIndex
CREATE INDEX "backups_placed_country_idx" ON "backups"("placed_country");

-- CreateIndex
CREATE INDEX "backups_placed_subdivision_idx" ON "backups"("placed_subdivision");


