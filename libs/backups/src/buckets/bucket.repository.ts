import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';
import type { BucketRecord, RegionTarget } from '../backup';

@Injectable()
export class BucketRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findRegionTarget(code: string): Promise<RegionTarget | null> {
    const row = await this.prisma.region.findUnique({
      where: { code },
      select: { code: true, endpoint: true, status: true },
    });
    return row ? { region: row.code, endpoint: row.endpoint, status: row.status } : null;
  }

  async findByName(name: string): Promise<BucketRecord | null> {
    const row = await this.prisma.bucket.findUnique({ where: { name } });
    return row ? { id: row.id, name: row.name, region: row.regionCode, status: row.status } : null;
  }

  /** Records the intent to create a bucket; a no-op when a row of that name exists (whatever its status). */
  async recordPending(name: string, region: string): Promise<BucketRecord> {
    try {
      const row = await this.prisma.bucket.upsert({
        where: { name },
        create: { name, regionCode: region, status: 'pending' },
        update: {},
      });
      return { id: row.id, name: row.name, region: row.regionCode, status: row.status };
    } catch (error) {
      // Two hubs inserting the same name at once: the loser reads the winner's row.
      if ((error as { code?: string }).code !== 'P2002') throw error;
      const existing = await this.findByName(name);
      if (!existing) throw error;
      return existing;
    }
  }

  async markReady(id: string, at: Date): Promise<void> {
    await this.prisma.bucket.updateMany({
      where: { id, status: 'pending' },
      data: { status: 'ready', readyAt: at },
    });
  }
}
