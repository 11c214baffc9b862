import { Injectable } from '@nestjs/common';
import type { Region as RegionRow } from '@prisma/client';
import { PrismaService } from '@landfall/persistence';
import type { Region } from './region';

export interface RegionSeed {
  code: string;
  displayName: string;
  city: string;
  countryCode: string;
  latitude: number;
  longitude: number;
}

@Injectable()
export class RegionsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async listAll(): Promise<Region[]> {
    const rows = await this.prisma.region.findMany({ orderBy: { code: 'asc' } });
    return rows.map(toRegion);
  }

  async listActiveEndpoints(): Promise<string[]> {
    const rows = await this.prisma.region.findMany({
      where: { status: { not: 'disabled' } },
      distinct: ['endpoint'],
      select: { endpoint: true },
    });
    return rows.map((r) => r.endpoint);
  }

  /** Seeds the catalogue into an empty table only: operators' later edits are never overwritten. */
  async seedIfEmpty(catalogue: RegionSeed[], endpointFor: (code: string) => string): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      if ((await tx.region.count()) > 0) return 0;
      const created = await tx.region.createMany({
        data: catalogue.map((r) => ({
          ...r,
          endpoint: endpointFor(r.code),
          status: 'active' as const,
          weight: 100,
        })),
      });
      return created.count;
    });
  }

  /** Points every region at one endpoint: the local store serves all regions in embedded mode. */
  async pointAllAt(endpoint: string): Promise<void> {
    await this.prisma.region.updateMany({ where: { endpoint: { not: endpoint } }, data: { endpoint } });
  }
}

function toRegion(row: RegionRow): Region {
  return {
    code: row.code,
    displayName: row.displayName,
    city: row.city,
    countryCode: row.countryCode,
    latitude: row.latitude,
    longitude: row.longitude,
    endpoint: row.endpoint,
    status: row.status,
    weight: row.weight,
  };
}
