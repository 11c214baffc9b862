import { Injectable } from '@nestjs/common';
import { type IndexOverride as OverrideRow } from '@prisma/client';
import { DomainError, type ListRequest } from '@landfall/common';
import { findListPage, PrismaService, isUniqueViolation, searchWhere } from '@landfall/persistence';
import { type Actor, recordPlacementChange } from '@landfall/audit';
import type { ScopeKind } from '../scope-codes';

export interface IndexOverride {
  id: string;
  scope: string;
  scopeKind: ScopeKind;
  region: string;
  reason: string;
  author: string;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date | null;
}

export interface NewOverride {
  scope: string;
  scopeKind: ScopeKind;
  region: string;
  reason: string;
  expiresAt: Date | null;
}

export interface OverrideFilter {
  region?: string;
  scope?: string;
}

export interface OverrideChange {
  region?: string;
  reason?: string;
  expiresAt?: Date | null;
}

/** Overrides in Postgres. Every write is audited and announced to all hub replicas in the same transaction. */
@Injectable()
export class OverridesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async list(
    filter: OverrideFilter,
    request: ListRequest,
  ): Promise<{ rows: IndexOverride[]; total?: number }> {
    const { rows, total } = await findListPage(
      request,
      { regionCode: filter.region, scope: filter.scope, ...searchWhere(request.q, ['scope', 'reason']) },
      (args) => this.prisma.indexOverride.findMany(args),
      (args) => this.prisma.indexOverride.count(args),
    );
    return { rows: rows.map(toOverride), total };
  }

  async findRegion(
    code: string,
  ): Promise<{ code: string; status: 'active' | 'draining' | 'disabled' } | null> {
    return this.prisma.region.findUnique({ where: { code }, select: { code: true, status: true } });
  }

  async findById(id: string): Promise<IndexOverride | null> {
    const row = await this.prisma.indexOverride.findUnique({ where: { id } });
    return row ? toOverride(row) : null;
  }

  async create(input: NewOverride, actor: Actor): Promise<IndexOverride> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const row = await tx.indexOverride.create({
          data: {
            scope: input.scope,
            scopeKind: input.scopeKind,
            regionCode: input.region,
            reason: input.reason,
            author: actor.id,
            expiresAt: input.expiresAt,
          },
        });
        const created = toOverride(row);
        await recordPlacementChange(tx, actor, {
          action: 'override.create',
          targetType: 'index_override',
          targetId: row.id,
          after: created,
        });
        return created;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError(
          'conflict',
          'OVERRIDE.DUPLICATE_SCOPE',
          `An override for ${input.scope} already exists`,
        );
      }
      throw error;
    }
  }

  async update(id: string, change: OverrideChange, actor: Actor): Promise<IndexOverride> {
    return this.prisma.$transaction(async (tx) => {
      const before = await tx.indexOverride.findUnique({ where: { id } });
      if (!before) throw overrideNotFound();
      const row = await tx.indexOverride.update({
        where: { id },
        data: {
          regionCode: change.region,
          reason: change.reason,
          expiresAt: change.expiresAt,
          author: actor.id,
        },
      });
      const after = toOverride(row);
      await recordPlacementChange(tx, actor, {
        action: 'override.update',
        targetType: 'index_override',
        targetId: id,
        before: toOverride(before),
        after,
      });
      return after;
    });
  }

  async delete(id: string, actor: Actor): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const before = await tx.indexOverride.findUnique({ where: { id } });
      if (!before) throw overrideNotFound();
      await tx.indexOverride.delete({ where: { id } });
      await recordPlacementChange(tx, actor, {
        action: 'override.delete',
        targetType: 'index_override',
        targetId: id,
        before: toOverride(before),
      });
    });
  }

  /**
   * Live backups placed in a scope, grouped by the region they are in. For a country, backups placed in
   * `exceptSubdivisions` (those with an override of their own) are left out.
   */
  async countLiveBackupsInScope(
    scope: string,
    kind: ScopeKind,
    exceptSubdivisions: readonly string[] = [],
  ): Promise<{ region: string; backups: number; appliances: number }[]> {
    const live = { in: ['active' as const, 'migrating' as const] };
    const where =
      kind === 'country'
        ? {
            placedCountry: scope,
            status: live,
            ...(exceptSubdivisions.length > 0
              ? {
                  OR: [
                    { placedSubdivision: null },
                    { placedSubdivision: { notIn: [...exceptSubdivisions] } },
                  ],
                }
              : {}),
          }
        : { placedSubdivision: scope, status: live };
    // One row per live backup in the scope (region, appliance); grouping in memory keeps the query simple.
    const backups = await this.prisma.backup.findMany({
      where,
      select: { regionCode: true, applianceId: true },
    });
    const byRegion = new Map<string, { backups: number; appliances: Set<string> }>();
    for (const backup of backups) {
      const tally = byRegion.get(backup.regionCode) ?? { backups: 0, appliances: new Set<string>() };
      tally.backups += 1;
      tally.appliances.add(backup.applianceId);
      byRegion.set(backup.regionCode, tally);
    }
    return [...byRegion].map(([region, tally]) => ({
      region,
      backups: tally.backups,
      appliances: tally.appliances.size,
    }));
  }
}

function overrideNotFound(): DomainError {
  return new DomainError('not_found', 'OVERRIDE.NOT_FOUND', 'No such override');
}

function toOverride(row: OverrideRow): IndexOverride {
  return {
    id: row.id,
    scope: row.scope,
    scopeKind: row.scopeKind,
    region: row.regionCode,
    reason: row.reason,
    author: row.author,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    expiresAt: row.expiresAt,
  };
}
