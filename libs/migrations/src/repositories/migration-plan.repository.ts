import { Injectable } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import { DomainError, type ListRequest } from '@landfall/common';
import { findListPage, isUniqueViolation, PrismaService } from '@landfall/persistence';
import { writeAudit, writeAuditMany, type Actor } from '@landfall/audit';
import {
  BEFORE_CUT_OVER,
  type BackupSelection,
  type MigrationItem,
  type MigrationItemState,
  type MigrationState,
  type ObjectCounts,
} from '../migration';
import { emptyCounts, STATE_WHERE, toItem } from './migration-rows';

/** A backup a migration may move, with where it lives now. */
export interface BackupCandidate {
  id: string;
  accountId: string;
  status: 'active' | 'migrating' | 'retired';
  region: string;
  endpoint: string;
  bucket: string;
  prefix: string;
  placedCountry: string | null;
  placedSubdivision: string | null;
  /** As the agent last reported it (used by dry-run estimates). */
  sizeBytes: number;
}

export interface NewMigration {
  targetRegion: string;
  selection: BackupSelection;
  backups: BackupCandidate[];
  frozenAt: Date;
  quietAt: Date;
}

export interface MigrationRecord {
  id: string;
  targetRegion: string;
  selection: BackupSelection;
  requestedBy: string;
  createdAt: Date;
  items: (MigrationItem & { counts: ObjectCounts })[];
}

/** The most backups one migration may select (see findCandidates). */
export const MAX_SELECTION = 10_000;

/** Migrations as the hub plans, lists and cancels them (the admin API's side of the three tables). */
@Injectable()
export class MigrationPlanRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * The backups a selection names, at most MAX_SELECTION of them: a larger selection is refused
   * (`MIGRATION.SELECTION_TOO_LARGE`, 422) rather than silently cut, so nobody believes everything moved.
   */
  async findCandidates(selection: BackupSelection): Promise<BackupCandidate[]> {
    const rows = await this.prisma.backup.findMany({
      where: {
        id: selection.backupIds ? { in: selection.backupIds } : undefined,
        regionCode: selection.sourceRegion,
        accountId: selection.accountId,
        ...placedWhere(selection.placedIn),
        status: selection.backupIds ? undefined : { in: ['active', 'migrating'] },
      },
      include: { bucket: { select: { name: true } }, region: { select: { endpoint: true } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: MAX_SELECTION + 1,
    });
    if (rows.length > MAX_SELECTION) {
      throw new DomainError(
        'invalid',
        'MIGRATION.SELECTION_TOO_LARGE',
        `The selection matches more than ${MAX_SELECTION} backups; narrow it (sourceRegion, accountId or backupIds) and migrate in several runs`,
        { details: { limit: MAX_SELECTION } },
      );
    }
    return rows.map((r) => ({
      id: r.id,
      accountId: r.accountId,
      status: r.status,
      region: r.regionCode,
      endpoint: r.region.endpoint,
      bucket: r.bucket.name,
      prefix: r.prefix,
      placedCountry: r.placedCountry,
      placedSubdivision: r.placedSubdivision,
      sizeBytes: Number(r.sizeBytes),
    }));
  }

  /**
   * Freezes the backups and records the migration in one transaction: every backup goes `active → migrating`
   * (agents now get 409 BACKUP.MIGRATING) or nothing happens.
   */
  async create(input: NewMigration, actor: Actor): Promise<string> {
    const ids = input.backups.map((b) => b.id);
    try {
      // Set-based: a handful of statements whatever the number of backups, so thousands fit well inside the
      // transaction's time limit.
      return await this.prisma.$transaction(
        async (tx) => {
          const migration = await tx.migration.create({
            data: {
              targetRegion: input.targetRegion,
              selection: input.selection as Prisma.InputJsonValue,
              requestedBy: actor.id,
            },
          });
          const frozen = await tx.$queryRaw<{ id: string }[]>`
            UPDATE backups SET status = 'migrating', updated_at = now()
            WHERE id = ANY(${ids}::uuid[]) AND status = 'active' RETURNING id`;
          if (frozen.length !== ids.length) {
            const done = new Set(frozen.map((r) => r.id));
            throw alreadyMigrating(ids.find((id) => !done.has(id)));
          }
          await tx.$executeRaw`
            INSERT INTO migration_items (id, migration_id, backup_id, source_region, source_endpoint,
              source_bucket, source_prefix, target_region, target_prefix, frozen_at, quiet_at, updated_at)
            SELECT gen_random_uuid(), ${migration.id}::uuid, t.backup_id, t.region, t.endpoint, t.bucket,
              t.prefix, ${input.targetRegion}, t.prefix, ${input.frozenAt}, ${input.quietAt}, now()
            FROM unnest(${ids}::uuid[], ${input.backups.map((b) => b.region)}::text[],
                        ${input.backups.map((b) => b.endpoint)}::text[],
                        ${input.backups.map((b) => b.bucket)}::text[],
                        ${input.backups.map((b) => b.prefix)}::text[])
              AS t(backup_id, region, endpoint, bucket, prefix)`;
          await writeAuditMany(
            tx,
            actor,
            input.backups.map((backup) => ({
              action: 'backup.migration.freeze',
              targetType: 'backup',
              targetId: backup.id,
              before: { status: 'active', region: backup.region },
              after: { status: 'migrating', migrationId: migration.id, targetRegion: input.targetRegion },
            })),
          );
          await writeAudit(tx, actor, {
            action: 'migration.create',
            targetType: 'migration',
            targetId: migration.id,
            after: {
              targetRegion: input.targetRegion,
              selection: input.selection,
              backups: input.backups.length,
            },
          });
          return migration.id;
        },
        { timeout: 30_000 },
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyMigrating();
      throw error;
    }
  }

  async find(id: string): Promise<MigrationRecord | null> {
    const row = await this.prisma.migration.findUnique({
      where: { id },
      include: { items: { orderBy: { createdAt: 'asc' } } },
    });
    if (!row) return null;
    const counts = await this.countsFor(row.items.map((i) => i.id));
    return {
      id: row.id,
      targetRegion: row.targetRegion,
      selection: row.selection as BackupSelection,
      requestedBy: row.requestedBy,
      createdAt: row.createdAt,
      items: row.items.map((i) => ({ ...toItem(i), counts: counts.get(i.id) ?? emptyCounts() })),
    };
  }

  /** One page of migrations, optionally in one derived state or touching one region (as source or target). */
  async list(
    filter: { state?: MigrationState; region?: string },
    request: ListRequest,
  ): Promise<{ rows: MigrationRecord[]; total?: number }> {
    const where: Prisma.MigrationWhereInput = {
      AND: [
        filter.state ? STATE_WHERE[filter.state] : {},
        filter.region
          ? { OR: [{ targetRegion: filter.region }, { items: { some: { sourceRegion: filter.region } } }] }
          : {},
      ],
    };
    const { rows, total } = await findListPage(
      request,
      where,
      (args) =>
        this.prisma.migration.findMany({ ...args, include: { items: { orderBy: { createdAt: 'asc' } } } }),
      (args) => this.prisma.migration.count(args),
    );
    const counts = await this.countsFor(rows.flatMap((r) => r.items.map((i) => i.id)));
    const records = rows.map((row) => ({
      id: row.id,
      targetRegion: row.targetRegion,
      selection: row.selection as BackupSelection,
      requestedBy: row.requestedBy,
      createdAt: row.createdAt,
      items: row.items.map((i) => ({ ...toItem(i), counts: counts.get(i.id) ?? emptyCounts() })),
    }));
    return { rows: records, total };
  }

  /**
   * Cancels every item not yet cut over: the backup is writable at its source again. Set-based like `create`, so a
   * migration of thousands of backups cancels within the transaction's time limit.
   */
  async cancel(id: string, actor: Actor): Promise<number> {
    return this.prisma.$transaction(
      async (tx) => {
        const items = await tx.$queryRaw<{ id: string; backup_id: string; state: MigrationItemState }[]>`
          SELECT id, backup_id, state::text AS state FROM migration_items
          WHERE migration_id = ${id}::uuid AND state::text IN (${Prisma.join([...BEFORE_CUT_OVER])})
          FOR UPDATE`;
        if (items.length === 0) return 0;
        await tx.$executeRaw`
          UPDATE migration_items SET state = 'cancelled', finished_at = now(), lease_owner = NULL,
            lease_until = NULL, updated_at = now()
          WHERE id = ANY(${items.map((i) => i.id)}::uuid[])`;
        await tx.$executeRaw`
          UPDATE backups SET status = 'active', updated_at = now()
          WHERE id = ANY(${items.map((i) => i.backup_id)}::uuid[]) AND status = 'migrating'`;
        await writeAuditMany(
          tx,
          actor,
          items.map((item) => ({
            action: 'backup.migration.cancel',
            targetType: 'backup',
            targetId: item.backup_id,
            before: { status: 'migrating', state: item.state },
            after: { status: 'active', migrationId: id },
          })),
        );
        return items.length;
      },
      { timeout: 30_000 },
    );
  }

  private async countsFor(itemIds: string[]): Promise<Map<string, ObjectCounts>> {
    if (itemIds.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<
      {
        item_id: string;
        total: bigint;
        copied: bigint;
        verified: bigint;
        bytes: bigint | null;
        bytes_copied: bigint | null;
      }[]
    >`
      SELECT item_id, count(*) AS total,
        count(*) FILTER (WHERE state <> 'pending') AS copied,
        count(*) FILTER (WHERE state = 'verified') AS verified,
        sum(size) AS bytes, sum(size) FILTER (WHERE state <> 'pending') AS bytes_copied
      FROM migration_objects WHERE item_id IN (${Prisma.join(itemIds.map((id) => Prisma.sql`${id}::uuid`))})
      GROUP BY item_id`;
    return new Map(
      rows.map((r) => [
        r.item_id,
        {
          objectsTotal: Number(r.total),
          objectsCopied: Number(r.copied),
          objectsVerified: Number(r.verified),
          bytesTotal: Number(r.bytes ?? 0),
          bytesCopied: Number(r.bytes_copied ?? 0),
        },
      ]),
    );
  }
}

function alreadyMigrating(backupId?: string): DomainError {
  return new DomainError(
    'conflict',
    'MIGRATION.ALREADY_MIGRATING',
    backupId
      ? `Backup ${backupId} is already migrating (or not active)`
      : 'A selected backup is already migrating',
  );
}

/** Backups placed in a country ("IE", its subdivisions included) or in one subdivision ("IE-L"). */
function placedWhere(scope: string | undefined): { placedCountry?: string; placedSubdivision?: string } {
  if (scope === undefined) return {};
  return scope.length === 2 ? { placedCountry: scope } : { placedSubdivision: scope };
}
