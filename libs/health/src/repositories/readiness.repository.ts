import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';

/** What readiness asks the database: whether it answers, and which regions' buckets agents could not write to. */
@Injectable()
export class ReadinessRepository {
  constructor(private readonly prisma: PrismaService) {}

  databaseReachable(): Promise<boolean> {
    return this.prisma.isReachable();
  }

  /** Regions whose bucket agents were last found unable to write to (a hardening step or policy broke it). */
  async unwritableBucketRegions(): Promise<string[]> {
    const rows = await this.prisma.bucket.findMany({
      where: { writable: false },
      select: { regionCode: true },
    });
    return rows.map((row) => row.regionCode);
  }
}
