import { Inject, Injectable } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import { CLOCK, type Clock } from '@landfall/common';
import { PrismaService } from '@landfall/persistence';
import { writeAudit, type Actor } from '@landfall/audit';
import {
  BEFORE_CUT_OVER,
  type ItemProgress,
  type MigrationItem,
  type MigrationItemState,
} from '../domain/migration';
import { boundedTransaction, toItem, UNFINISHED } from './migration-rows';

/**
 * What a cut-over did: done, or why not. `lease_lost`: another worker holds the item now (hand it back);
 * `unverified`: a checkpoint is not verified (retry); `not_frozen`: the backup is no longer migrating at its source
 * (retired, moved, or edited by hand): retrying cannot help, the item fails.
 */
export type CutOverOutcome =
  | { done: true }
  | { done: false; reason: 'lease_lost' }
  | { done: false; reason: 'unverified' | 'not_frozen'; detail: string };

/**
 * A migration item as the worker holds it: leases (the database's clock, shared by every worker), steps, failures,
 * the cut-over and the clean-up. Time the worker decides (cut-over, finish, give-up) comes from `CLOCK`.
 */
@Injectable()
export class MigrationItemRepository {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

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
    data: ItemProgress = {},
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
      const now = new Date(this.clock.now());
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
            ? { state: beforeCutOver ? 'failed' : 'needs_attention', finishedAt: new Date(this.clock.now()) }
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
      const now = new Date(this.clock.now());
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
}
