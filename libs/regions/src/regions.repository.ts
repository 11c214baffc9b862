import { Injectable } from '@nestjs/common';
import { type Region as RegionRow } from '@prisma/client';
import { DomainError, type ListRequest } from '@landfall/common';
import {
  announcePlacementChange,
  findListPage,
  PrismaService,
  isUniqueViolation,
  searchWhere,
} from '@landfall/persistence';
import { type Actor, recordPlacementChange } from '@landfall/audit';
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

  async list(request: ListRequest): Promise<{ rows: Region[]; total?: number }> {
    const { rows, total } = await findListPage(
      request,
      searchWhere(request.q, ['code', 'displayName', 'city']),
      (args) => this.prisma.region.findMany(args),
      (args) => this.prisma.region.count(args),
    );
    return { rows: rows.map(toRegion), total };
  }

  async findByCode(code: string): Promise<Region | null> {
    const row = await this.prisma.region.findUnique({ where: { code } });
    return row ? toRegion(row) : null;
  }

  async create(region: Region, actor: Actor): Promise<Region> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const created = toRegion(await tx.region.create({ data: region }));
        await recordPlacementChange(tx, actor, {
          action: 'region.create',
          targetType: 'region',
          targetId: region.code,
          after: created,
        });
        return created;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('conflict', 'REGION.DUPLICATE', `Region ${region.code} already exists`);
      }
      throw error;
    }
  }

  async update(code: string, change: Partial<Omit<Region, 'code'>>, actor: Actor): Promise<Region> {
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.region.findUnique({ where: { code } });
      if (!before) throw new DomainError('not_found', 'REGION.NOT_FOUND', `No region ${code}`);
      const after = toRegion(await tx.region.update({ where: { code }, data: change }));
      await recordPlacementChange(tx, actor, {
        action: 'region.update',
        targetType: 'region',
        targetId: code,
        before: toRegion(before),
        after,
      });
      return after;
    });
  }

  async countLiveBackups(code: string): Promise<number> {
    return this.prisma.backup.count({ where: { regionCode: code, status: { in: ['active', 'migrating'] } } });
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
    await this.prisma.$transaction(async (tx) => {
      const moved = await tx.region.updateMany({
        where: { endpoint: { not: endpoint } },
        data: { endpoint },
      });
      if (moved.count > 0) await announcePlacementChange(tx);
    });
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
