import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';
import type { Region } from '@landfall/regions';
import type { RegionOverride } from '../domain/placement-index';

export interface PinRecord {
  accountId: string | null;
  applianceId: string | null;
  region: string;
  reason: string;
}

/** Everything placement holds in memory, read in one consistent snapshot. */
export interface PlacementSnapshot {
  regions: Region[];
  overrides: RegionOverride[];
  pins: PinRecord[];
}

@Injectable()
export class PlacementRepository {
  constructor(private readonly prisma: PrismaService) {}

  async loadSnapshot(now: Date): Promise<PlacementSnapshot> {
    const live = { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
    const [regions, overrides, pins] = await this.prisma.$transaction(
      [
        this.prisma.region.findMany({ orderBy: { code: 'asc' } }),
        this.prisma.indexOverride.findMany({ where: live, orderBy: { scope: 'asc' } }),
        this.prisma.placementPin.findMany({ where: live }),
      ],
      { isolationLevel: 'RepeatableRead' },
    );
    return {
      regions: regions.map((r) => ({
        code: r.code,
        displayName: r.displayName,
        city: r.city,
        countryCode: r.countryCode,
        latitude: r.latitude,
        longitude: r.longitude,
        endpoint: r.endpoint,
        status: r.status,
        weight: r.weight,
      })),
      overrides: overrides.map((o) => ({ scope: o.scope, region: o.regionCode, reason: o.reason })),
      pins: pins.map((p) => ({
        accountId: p.accountId,
        applianceId: p.applianceId,
        region: p.regionCode,
        reason: p.reason,
      })),
    };
  }

  /** The appliance's account and the region of its live backup, for explaining a decision about it. */
  async findApplianceContext(
    applianceId: string,
  ): Promise<{ accountId: string; backupRegion: string | null } | null> {
    const appliance = await this.prisma.appliance.findUnique({
      where: { id: applianceId },
      select: {
        accountId: true,
        backups: {
          where: { status: { in: ['active', 'migrating'] } },
          select: { regionCode: true },
          take: 1,
        },
      },
    });
    if (!appliance) return null;
    return { accountId: appliance.accountId, backupRegion: appliance.backups[0]?.regionCode ?? null };
  }
}
