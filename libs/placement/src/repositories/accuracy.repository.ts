import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';
import type { AccuracySample, CurrentPlacement } from '@landfall/latency';
import { OBSERVATION_LIMIT } from './latency.repository';

/** What accuracy reads: recent agent samples and where those appliances' live backups are now. */
@Injectable()
export class AccuracyRepository {
  constructor(private readonly prisma: PrismaService) {}

  async loadRecent(
    since: Date,
    limit = OBSERVATION_LIMIT,
  ): Promise<{ samples: AccuracySample[]; placements: CurrentPlacement[] }> {
    const rows = await this.prisma.latencySample.findMany({
      where: { source: 'agent', applianceId: { not: null }, measuredAt: { gte: since } },
      select: { applianceId: true, regionCode: true, rttMs: true, countryCode: true, measuredAt: true },
      orderBy: { measuredAt: 'desc' },
      take: limit,
    });
    const samples = rows.map((r) => ({
      appliance: r.applianceId!,
      region: r.regionCode,
      rttMs: r.rttMs,
      countryCode: r.countryCode,
      measuredAt: r.measuredAt.getTime(),
    }));
    const appliances = [...new Set(samples.map((s) => s.appliance))];
    if (appliances.length === 0) return { samples, placements: [] };
    const backups = await this.prisma.backup.findMany({
      where: { applianceId: { in: appliances }, status: { in: ['active', 'migrating'] } },
      select: { applianceId: true, regionCode: true },
    });
    return {
      samples,
      placements: backups.map((b) => ({ appliance: b.applianceId, region: b.regionCode })),
    };
  }
}
