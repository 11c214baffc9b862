import { Injectable } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import { DomainError, type CursorPosition } from '@landfall/common';
import { isUniqueViolation, olderThan, PrismaService } from '@landfall/persistence';
import { writeAudit, writeAuditMany, type Actor } from '@landfall/audit';
import type { ListingDiff } from './core/listing-diff';
import {
  BEFORE_CUT_OVER,
  type BackupSelection,
  type MigrationItem,
  type MigrationItemState,
  type MigrationState,
  type ObjectCheckpoint,
  type ObjectCounts,
} from './migration';

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

type ItemRow = Prisma.MigrationItemGetPayload<object>;

/**
 * What a cut-over did: done, or why not. `lease_lost`: another worker holds the item now (hand it back);
 * `unverified`: a checkpoint is not verified (retry); `not_frozen`: the backup is no longer migrating at its source
 * (retired, moved, or edited by hand): retrying cannot help, the item fails.
 */
export type CutOverOutcome =
  | { done: true }
  | { done: false; reason: 'lease_lost' }
  | { done: false; reason: 'unverified' | 'not_frozen'; detail: string };
const UNFINISHED = [...BEFORE_CUT_OVER, 'cut_over'] as MigrationItemState[];

/** The most backups one migration may select (see findCandidates). */
export const MAX_SELECTION = 10_000;

@Injectable()
export class MigrationRepository {
  constructor(private readonly prisma: PrismaService) {}

  // --- Planning (hub) ---

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
      if (isUniqueViolation(error) || uniqueViolationInRaw(error)) throw alreadyMigrating();
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

  /** Migrations newest first, optionally in one derived state or touching one region (as source or target). */
  async list(
    filter: { state?: MigrationState; region?: string },
    position: CursorPosition | null,
    take: number,
  ): Promise<MigrationRecord[]> {
    const rows = await this.prisma.migration.findMany({
      where: {
        AND: [
          filter.state ? STATE_WHERE[filter.state] : {},
          filter.region
            ? { OR: [{ targetRegion: filter.region }, { items: { some: { sourceRegion: filter.region } } }] }
            : {},
          olderThan(position),
        ],
      },
      include: { items: { orderBy: { createdAt: 'asc' } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
    });
    const counts = await this.countsFor(rows.flatMap((r) => r.items.map((i) => i.id)));
    return rows.map((row) => ({
      id: row.id,
      targetRegion: row.targetRegion,
      selection: row.selection as BackupSelection,
      requestedBy: row.requestedBy,
      createdAt: row.createdAt,
      items: row.items.map((i) => ({ ...toItem(i), counts: counts.get(i.id) ?? emptyCounts() })),
    }));
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

  // --- Work (worker) ---

  /** Items a worker should pick up now: unfinished, not held by a live worker, due. */
  async dueItemIds(limit: number): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM migration_items
      WHERE state::text IN (${Prisma.join(UNFINISHED)})
        AND (lease_until IS NULL OR lease_until < now()) AND next_attempt_at <= now()
      ORDER BY next_attempt_at LIMIT ${limit}`;
    return rows.map((r) => r.id);
  }

  /** Takes the item for `owner` unless a live worker holds it or it is finished or not due. */
  async acquire(itemId: string, owner: string, leaseSeconds: number): Promise<MigrationItem | null> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE migration_items SET lease_owner = ${owner},
        lease_until = now() + make_interval(secs => ${leaseSeconds}), updated_at = now()
      WHERE id = ${itemId}::uuid AND state::text IN (${Prisma.join(UNFINISHED)})
        AND (lease_until IS NULL OR lease_until < now() OR lease_owner = ${owner}) AND next_attempt_at <= now()
      RETURNING id`;
    if (rows.length === 0) return null;
    return this.item(itemId);
  }

  /** Extends the lease; null when it was lost (expired and taken) or the item was cancelled. */
  async renew(itemId: string, owner: string, leaseSeconds: number): Promise<MigrationItemState | null> {
    const rows = await this.prisma.$queryRaw<{ state: MigrationItemState }[]>`
      UPDATE migration_items SET lease_until = now() + make_interval(secs => ${leaseSeconds})
      WHERE id = ${itemId}::uuid AND lease_owner = ${owner} RETURNING state::text AS state`;
    return rows[0]?.state ?? null;
  }

  // Every write below is one statement fenced by the holder's token (`lease_owner`): a worker that lost its lease
  // (stalled, SIGSTOPped) changes nothing once another holder took the item. None runs inside an interactive
  // transaction, so a worker frozen mid-call can never leave a row lock behind (no "idle in transaction").

  async release(itemId: string, owner: string, nextAttemptAt?: Date): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE migration_items SET lease_owner = NULL, lease_until = NULL,
        next_attempt_at = COALESCE(${nextAttemptAt ?? null}::timestamptz, next_attempt_at), updated_at = now()
      WHERE id = ${itemId}::uuid AND lease_owner = ${owner}`;
  }

  /**
   * True while `owner` holds a lease that has not run out and the item is still in `phase` (before cut-over for
   * the copy, `cut_over` for clean-up). Checked immediately before every write to a bucket.
   */
  async holds(itemId: string, owner: string, phase: 'copy' | 'cleanup'): Promise<boolean> {
    const states = phase === 'copy' ? [...BEFORE_CUT_OVER] : ['cut_over'];
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM migration_items
      WHERE id = ${itemId}::uuid AND lease_owner = ${owner} AND lease_until > now()
        AND state::text IN (${Prisma.join(states)})`;
    return rows.length === 1;
  }

  async item(itemId: string): Promise<MigrationItem | null> {
    const row = await this.prisma.migrationItem.findUnique({ where: { id: itemId } });
    return row ? toItem(row) : null;
  }

  /**
   * Moves a held item to `state` (only while `owner` holds it and it is not cancelled). A step before cut-over
   * never applies to an item already cut over: a worker that lost its lease mid-copy and got the item back late
   * must not drag a cut-over item back to copying.
   */
  async advance(
    itemId: string,
    owner: string,
    state: MigrationItemState,
    data: Partial<Pick<ItemRow, 'listedAt' | 'finalListedAt' | 'copyStartedAt' | 'targetBucket'>> = {},
  ): Promise<boolean> {
    const from = BEFORE_CUT_OVER.includes(state) ? [...BEFORE_CUT_OVER] : UNFINISHED;
    const done = await this.prisma.$executeRaw`
      UPDATE migration_items SET state = ${state}::"MigrationItemState",
        listed_at = COALESCE(${data.listedAt ?? null}::timestamptz, listed_at),
        final_listed_at = COALESCE(${data.finalListedAt ?? null}::timestamptz, final_listed_at),
        copy_started_at = COALESCE(${data.copyStartedAt ?? null}::timestamptz, copy_started_at),
        target_bucket = COALESCE(${data.targetBucket ?? null}::text, target_bucket),
        updated_at = now()
      WHERE id = ${itemId}::uuid AND lease_owner = ${owner} AND state::text IN (${Prisma.join(from)})`;
    return done === 1;
  }

  /** Progress was made: the failure count starts again (MIGRATION_MAX_FAILURES counts consecutive failures). */
  async resetFailures(itemId: string, owner: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE migration_items SET failures = 0
      WHERE id = ${itemId}::uuid AND lease_owner = ${owner} AND failures > 0`;
  }

  async checkpoints(itemId: string, state?: ObjectCheckpoint['state']): Promise<ObjectCheckpoint[]> {
    const rows = await this.prisma.migrationObject.findMany({
      where: { itemId, state },
      orderBy: { key: 'asc' },
    });
    return rows.map((r) => ({
      key: r.key,
      size: Number(r.size),
      etag: r.sourceEtag,
      state: r.state,
      targetEtag: r.targetEtag,
      attempts: r.attempts,
    }));
  }

  /** Records a source listing: new or changed objects become `pending`, vanished ones are dropped. */
  async applyListing(itemId: string, owner: string, diff: ListingDiff): Promise<void> {
    for (let i = 0; i < diff.upserts.length; i += 1000) {
      const batch = diff.upserts.slice(i, i + 1000);
      await this.prisma.$executeRaw`
        INSERT INTO migration_objects (item_id, key, size, source_etag, state)
        SELECT ${itemId}::uuid, k, s, e, 'pending'
        FROM unnest(${batch.map((o) => o.key)}::text[], ${batch.map((o) => BigInt(o.size))}::bigint[],
                    ${batch.map((o) => o.etag)}::text[]) AS t(k, s, e)
        WHERE ${heldBy(itemId, owner)}
        ON CONFLICT (item_id, key) DO UPDATE SET size = EXCLUDED.size, source_etag = EXCLUDED.source_etag,
          state = 'pending', target_etag = NULL, content_md5 = NULL, updated_at = now()`;
    }
    for (let i = 0; i < diff.removed.length; i += 5000) {
      await this.prisma.$executeRaw`
        DELETE FROM migration_objects
        WHERE item_id = ${itemId}::uuid AND key = ANY(${diff.removed.slice(i, i + 5000)}::text[])
          AND ${heldBy(itemId, owner)}`;
    }
  }

  /** Checkpoints one copy, unless the object was re-listed with another ETag meanwhile or the lease was lost. */
  async markCopied(
    itemId: string,
    owner: string,
    object: { key: string; etag: string },
    result: { targetEtag: string; contentMd5: string | null; method: string },
  ): Promise<boolean> {
    const done = await this.prisma.$executeRaw`
      UPDATE migration_objects SET state = 'copied', target_etag = ${result.targetEtag},
        content_md5 = ${result.contentMd5}, method = ${result.method}, attempts = attempts + 1, updated_at = now()
      WHERE item_id = ${itemId}::uuid AND key = ${object.key} AND source_etag = ${object.etag}
        AND state = 'pending' AND ${heldBy(itemId, owner)}`;
    return done === 1;
  }

  async markVerified(itemId: string, owner: string, keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 5000) {
      await this.prisma.$executeRaw`
        UPDATE migration_objects SET state = 'verified', updated_at = now()
        WHERE item_id = ${itemId}::uuid AND key = ANY(${keys.slice(i, i + 5000)}::text[]) AND state = 'copied'
          AND ${heldBy(itemId, owner)}`;
    }
  }

  async resetToPending(itemId: string, owner: string, keys: string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 5000) {
      await this.prisma.$executeRaw`
        UPDATE migration_objects SET state = 'pending', target_etag = NULL, updated_at = now()
        WHERE item_id = ${itemId}::uuid AND key = ANY(${keys.slice(i, i + 5000)}::text[])
          AND ${heldBy(itemId, owner)}`;
    }
  }

  async unverifiedCount(itemId: string): Promise<number> {
    return this.prisma.migrationObject.count({ where: { itemId, state: { not: 'verified' } } });
  }

  /**
   * The cut-over, in one transaction: with every checkpoint verified, the backup's region, bucket and prefix flip to
   * the target and it becomes writable there; the item records when the source may be deleted; audited.
   */
  async cutOver(itemId: string, owner: string, graceSeconds: number, actor: Actor): Promise<CutOverOutcome> {
    return this.prisma.$transaction(async (tx) => {
      await boundedTransaction(tx);
      const locked = await tx.$queryRaw<{ state: MigrationItemState; lease_owner: string | null }[]>`
        SELECT state::text AS state, lease_owner FROM migration_items WHERE id = ${itemId}::uuid FOR UPDATE`;
      if (locked[0]?.lease_owner !== owner || !BEFORE_CUT_OVER.includes(locked[0].state))
        return { done: false, reason: 'lease_lost' };
      const item = await tx.migrationItem.findUniqueOrThrow({ where: { id: itemId } });
      const unverified = await tx.migrationObject.count({ where: { itemId, state: { not: 'verified' } } });
      if (unverified > 0)
        return { done: false, reason: 'unverified', detail: `${unverified} objects not verified` };
      const targetBucket = await tx.bucket.findUniqueOrThrow({ where: { name: item.targetBucket! } });
      const before = await tx.backup.findUniqueOrThrow({ where: { id: item.backupId } });
      const flipped = await tx.backup.updateMany({
        where: {
          id: item.backupId,
          status: 'migrating',
          regionCode: item.sourceRegion,
          prefix: item.sourcePrefix,
        },
        data: {
          status: 'active',
          regionCode: item.targetRegion,
          bucketId: targetBucket.id,
          prefix: item.targetPrefix,
        },
      });
      if (flipped.count !== 1) {
        return {
          done: false,
          reason: 'not_frozen',
          detail: `backup ${item.backupId} is ${before.status} in ${before.regionCode}, not migrating at its source ${item.sourceRegion}`,
        };
      }
      const now = new Date();
      const cleanupAfter = new Date(now.getTime() + graceSeconds * 1000);
      await tx.migrationItem.update({
        where: { id: itemId },
        data: { state: 'cut_over', cutOverAt: now, cleanupAfter, nextAttemptAt: cleanupAfter, failures: 0 },
      });
      const objects = await tx.migrationObject.aggregate({
        where: { itemId },
        _count: true,
        _sum: { size: true },
      });
      await writeAudit(tx, actor, {
        action: 'backup.migration.cutover',
        targetType: 'backup',
        targetId: item.backupId,
        before: {
          region: before.regionCode,
          bucket: item.sourceBucket,
          prefix: item.sourcePrefix,
          status: 'migrating',
        },
        after: {
          region: item.targetRegion,
          bucket: item.targetBucket,
          prefix: item.targetPrefix,
          status: 'active',
          migrationId: item.migrationId,
          objects: objects._count,
          bytes: Number(objects._sum.size ?? 0),
          sourceDeleteAfter: cleanupAfter.toISOString(),
        },
      });
      return { done: true };
    });
  }

  /** A failed attempt: retried later, or (after too many, or when it cannot succeed) the migration fails loudly. */
  async recordFailure(
    itemId: string,
    owner: string,
    message: string,
    outcome: { give_up: boolean; nextAttemptAt: Date },
    actor: Actor,
  ): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await boundedTransaction(tx);
      await tx.$queryRaw`SELECT id FROM migration_items WHERE id = ${itemId}::uuid FOR UPDATE`;
      const item = await tx.migrationItem.findUnique({ where: { id: itemId } });
      if (!item || item.leaseOwner !== owner) return;
      const beforeCutOver = BEFORE_CUT_OVER.includes(item.state);
      await tx.migrationItem.update({
        where: { id: itemId },
        data: {
          failures: { increment: 1 },
          errorCount: { increment: 1 },
          lastError: message.slice(0, 2000),
          nextAttemptAt: outcome.nextAttemptAt,
          leaseOwner: null,
          leaseUntil: null,
          ...(outcome.give_up
            ? { state: beforeCutOver ? 'failed' : 'needs_attention', finishedAt: new Date() }
            : {}),
        },
      });
      if (!outcome.give_up) return;
      // Nothing was cut over: the source is still the backup; make it writable there again.
      if (beforeCutOver) {
        await tx.backup.updateMany({
          where: { id: item.backupId, status: 'migrating' },
          data: { status: 'active' },
        });
      }
      await writeAudit(tx, actor, {
        action: beforeCutOver ? 'backup.migration.failed' : 'backup.migration.needs_attention',
        targetType: 'backup',
        targetId: item.backupId,
        after: { migrationId: item.migrationId, state: item.state, error: message.slice(0, 500) },
      });
    });
  }

  async recordError(itemId: string, owner: string, message: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE migration_items SET error_count = error_count + 1, last_error = ${message.slice(0, 2000)}
      WHERE id = ${itemId}::uuid AND lease_owner = ${owner}`;
  }

  /** After clean-up: `completed` (source deleted) or `needs_attention` (source kept, with the reason). */
  async finish(
    itemId: string,
    owner: string,
    outcome: { state: 'completed' | 'needs_attention'; reason?: string; deletedObjects: number },
    actor: Actor,
  ): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await boundedTransaction(tx);
      const item = await tx.migrationItem.findUnique({ where: { id: itemId } });
      if (!item || item.leaseOwner !== owner || item.state !== 'cut_over') return;
      const now = new Date();
      await tx.migrationItem.update({
        where: { id: itemId },
        data: {
          state: outcome.state,
          finishedAt: now,
          sourceDeletedAt: outcome.state === 'completed' ? now : null,
          lastError: outcome.reason ?? item.lastError,
          // A kept source is something to look at: it shows among the migration's errors.
          ...(outcome.state === 'needs_attention' ? { errorCount: { increment: 1 } } : {}),
          leaseOwner: null,
          leaseUntil: null,
        },
      });
      await writeAudit(tx, actor, {
        action:
          outcome.state === 'completed'
            ? 'backup.migration.source_deleted'
            : 'backup.migration.needs_attention',
        targetType: 'backup',
        targetId: item.backupId,
        after: {
          migrationId: item.migrationId,
          region: item.sourceRegion,
          bucket: item.sourceBucket,
          prefix: item.sourcePrefix,
          deletedObjects: outcome.deletedObjects,
          reason: outcome.reason,
        },
      });
    });
  }

  async audit(actor: Actor, action: string, backupId: string, after: Record<string, unknown>): Promise<void> {
    await this.prisma.$transaction((tx) =>
      writeAudit(tx, actor, { action, targetType: 'backup', targetId: backupId, after }),
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

/** A unique violation raised by a raw statement (Prisma reports it as P2010 with the database's SQLSTATE). */
/**
 * A worker's transaction takes row locks another worker may wait for: if this process stalls inside it (SIGSTOP, a
 * frozen VM), the server ends the session after a while and the locks go, whatever the pool's own settings.
 */
async function boundedTransaction(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SET LOCAL idle_in_transaction_session_timeout = '15s'`;
}

/** The fence of a worker's write: true only while `owner` still holds the item. */
function heldBy(itemId: string, owner: string): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM migration_items mi WHERE mi.id = ${itemId}::uuid AND mi.lease_owner = ${owner})`;
}

function uniqueViolationInRaw(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string }; message?: string };
  return e.code === 'P2010' && (e.meta?.code === '23505' || /23505|unique/i.test(e.message ?? ''));
}
const RUNNING: MigrationItemState[] = [...BEFORE_CUT_OVER];
const none = (states: MigrationItemState[]) => ({ items: { none: { state: { in: states } } } });
const some = (state: MigrationItemState) => ({ items: { some: { state } } });
const allCancelled = {
  AND: [{ items: { some: {} } }, { items: { every: { state: 'cancelled' as const } } }],
};

/** `migrationState` (core/progress.ts) as a WHERE clause: the first rule that matches names the state. */
const STATE_WHERE: Record<MigrationState, Prisma.MigrationWhereInput> = {
  running: { items: { some: { state: { in: RUNNING } } } },
  needs_attention: { AND: [none(RUNNING), some('needs_attention')] },
  failed: { AND: [none([...RUNNING, 'needs_attention']), some('failed')] },
  cleanup_pending: { AND: [none([...RUNNING, 'needs_attention', 'failed']), some('cut_over')] },
  cancelled: { AND: [none([...RUNNING, 'needs_attention', 'failed', 'cut_over']), allCancelled] },
  completed: { AND: [none([...RUNNING, 'needs_attention', 'failed', 'cut_over']), { NOT: allCancelled }] },
};

function alreadyMigrating(backupId?: string): DomainError {
  return new DomainError(
    'conflict',
    'MIGRATION.ALREADY_MIGRATING',
    backupId
      ? `Backup ${backupId} is already migrating (or not active)`
      : 'A selected backup is already migrating',
  );
}

function emptyCounts(): ObjectCounts {
  return { objectsTotal: 0, objectsCopied: 0, objectsVerified: 0, bytesTotal: 0, bytesCopied: 0 };
}

function toItem(row: ItemRow): MigrationItem {
  return {
    id: row.id,
    migrationId: row.migrationId,
    backupId: row.backupId,
    state: row.state,
    source: {
      region: row.sourceRegion,
      endpoint: row.sourceEndpoint,
      bucket: row.sourceBucket,
      prefix: row.sourcePrefix,
    },
    target: { region: row.targetRegion, bucket: row.targetBucket, prefix: row.targetPrefix },
    listedAt: row.listedAt,
    frozenAt: row.frozenAt,
    quietAt: row.quietAt,
    finalListedAt: row.finalListedAt,
    copyStartedAt: row.copyStartedAt,
    cutOverAt: row.cutOverAt,
    cleanupAfter: row.cleanupAfter,
    sourceDeletedAt: row.sourceDeletedAt,
    finishedAt: row.finishedAt,
    failures: row.failures,
    errorCount: row.errorCount,
    lastError: row.lastError,
  };
}
