import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { BucketProvisioner, BucketRepository } from '@landfall/backups';
import { CLOCK, DomainError, type Clock } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { diffListing } from '../domain/listing-diff';
import { forEachBounded } from '../domain/pool';
import { retryDelaySeconds } from '../domain/progress';
import { MigrationItemRepository } from '../repositories/migration-item.repository';
import { ObjectCheckpointRepository } from '../repositories/object-checkpoint.repository';
import type { ItemProgress, ListedObject, MigrationItem } from '../domain/migration';
import {
  MIGRATION_STORE,
  SourceChangedError,
  TargetChangedError,
  type BucketAt,
  type MigrationStore,
} from '@landfall/storage';
import { PermanentMigrationError, type Attempt } from './attempt';
import { LeaseKeeper, LeaseLostError } from './lease';
import { ObjectCopier, type CopyPlan } from './object-copier';
import { countCopied, countCopiedBytes, countFailure } from './runner-metrics';
import { SourceCleanup } from './source-cleanup';

export { PermanentMigrationError };

const MAX_ROUNDS = 50;

/**
 * Drives one backup's migration as far as it can go now: list → copy (checkpointed per object) → verify → wait for
 * old credentials to expire (policy) → final re-list → cut-over; later, after the grace period, source clean-up.
 * Every step is safe to repeat, so a worker killed anywhere is simply followed by another one.
 */
@Injectable()
export class MigrationRunner {
  private readonly logger = new Logger(MigrationRunner.name);
  constructor(
    private readonly items: MigrationItemRepository,
    private readonly checkpoints: ObjectCheckpointRepository,
    @Inject(MIGRATION_STORE) private readonly store: MigrationStore,
    private readonly buckets: BucketRepository,
    private readonly provisioner: BucketProvisioner,
    private readonly copier: ObjectCopier,
    private readonly cleanup: SourceCleanup,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Returns once the item is done for now (finished, waiting, failed, or handed back on shutdown). */
  async run(itemId: string, owner: string, shutdown: AbortSignal): Promise<void> {
    const settings = this.config.migrations;
    // The lease is held under a token of this attempt (the fencing token): once another attempt took the item, no
    // write of this one is accepted, even if this process still runs it (stalled, SIGSTOPped, its lease expired).
    const holder = `${owner}/${randomUUID()}`;
    const item = await this.items.acquire(itemId, holder, settings.leaseSeconds);
    if (!item) return;
    const lease = new LeaseKeeper(this.items, itemId, holder, settings.leaseSeconds, shutdown);
    const attempt: Attempt = {
      holder,
      actor: { type: 'system', id: `worker:${owner}` },
      signal: lease.signal,
      progressed: false,
      beforeWrite: async (phase) => {
        if (lease.signal.aborted) throw lease.signal.reason;
        if (!(await this.items.holds(itemId, holder, phase)))
          throw new LeaseLostError('lease lost or item changed before a write');
      },
    };
    try {
      if (item.state === 'cut_over') await this.cleanup.run(item, attempt);
      else await this.migrate(item, attempt);
    } catch (error) {
      await this.failed(item, attempt, error).catch((e: unknown) =>
        // The database itself is down: leave the item as it is; the lease runs out and a worker resumes it.
        this.logger.error({ itemId, err: e }, 'could not record a failed migration attempt'),
      );
    } finally {
      lease.stop();
    }
  }

  private async failed(item: MigrationItem, attempt: Attempt, error: unknown): Promise<void> {
    const settings = this.config.migrations;
    if (attempt.signal.aborted || error instanceof LeaseLostError) {
      // Shutdown or lost lease: hand the item back untouched; checkpoints keep what was done.
      await this.items.release(item.id, attempt.holder);
      const reason = attempt.signal.aborted ? String(attempt.signal.reason) : String(error);
      this.logger.log({ itemId: item.id, reason }, 'migration handed back');
      return;
    }
    // Consecutive failures: progress in an attempt resets the count (see noteProgress).
    const failures = (await this.items.item(item.id))?.failures ?? 0;
    const giveUp = error instanceof PermanentMigrationError || failures + 1 >= settings.maxFailures;
    const delay = retryDelaySeconds(failures + 1, settings.retryDelaySeconds);
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.logger.warn(
      { itemId: item.id, err: error, giveUp, consecutiveFailures: failures + 1 },
      'migration attempt failed',
    );
    countFailure({ region: item.target.region, outcome: giveUp ? 'gave_up' : 'retrying' });
    await this.items.recordFailure(
      item.id,
      attempt.holder,
      message,
      { give_up: giveUp, nextAttemptAt: new Date(this.clock.now() + delay * 1000) },
      attempt.actor,
    );
  }

  /** Something was copied or verified in this attempt: the consecutive-failure count starts again. */
  private async noteProgress(item: MigrationItem, attempt: Attempt): Promise<void> {
    if (attempt.progressed) return;
    attempt.progressed = true;
    await this.items.resetFailures(item.id, attempt.holder);
  }

  private async migrate(item: MigrationItem, attempt: Attempt): Promise<void> {
    const { holder: owner, actor, signal } = attempt;
    const target = await this.buckets.findRegionTarget(item.target.region);
    if (!target || target.status === 'disabled') {
      throw new PermanentMigrationError(`target region ${item.target.region} is unknown or disabled`);
    }
    const bucket = await this.provisioner.ensureReady(target).catch((error: unknown) => {
      if (error instanceof DomainError && error.kind !== 'unavailable')
        throw new PermanentMigrationError(error.message);
      throw error;
    });
    const from: BucketAt = {
      region: item.source.region,
      endpoint: item.source.endpoint,
      bucket: item.source.bucket,
    };
    const to: BucketAt = { region: target.region, endpoint: target.endpoint, bucket: bucket.name };
    const plan: CopyPlan = {
      from,
      fromPrefix: item.source.prefix,
      to,
      toPrefix: item.target.prefix,
      partSizeBytes: this.config.migrations.partSizeBytes,
      serverSide: this.config.migrations.copyMode === 'auto' && from.endpoint === to.endpoint,
      beforeWrite: () => attempt.beforeWrite('copy'),
    };
    if (!item.copyStartedAt) {
      await this.items.audit(actor, 'backup.migration.copy_started', item.backupId, {
        migrationId: item.migrationId,
        from: `${from.region}:${from.bucket}/${item.source.prefix}`,
        to: `${to.region}:${to.bucket}/${item.target.prefix}`,
        method: plan.serverSide ? 'server-side' : 'stream',
      });
    }
    await this.step(item, owner, 'copying', {
      targetBucket: bucket.name,
      copyStartedAt: item.copyStartedAt ?? new Date(this.clock.now()),
    });
    let needsListing = !item.listedAt;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      if (needsListing) {
        await this.syncListing(item, plan, attempt);
        await this.step(item, owner, 'copying', { listedAt: new Date(this.clock.now()) });
        needsListing = false;
      }
      if (await this.copyPending(item, plan, attempt)) {
        needsListing = true;
        continue;
      }
      await this.step(item, owner, 'verifying');
      if ((await this.verify(item, plan, attempt)) > 0) continue;
      if (
        this.config.migrations.cutoverWait === 'credential-expiry' &&
        this.clock.now() < item.quietAt.getTime()
      ) {
        // Credentials handed out before the freeze may still write to the source until then; come back after.
        await this.step(item, owner, 'awaiting_quiet');
        await this.items.release(item.id, owner, item.quietAt);
        return;
      }
      const finalListingStarted = new Date(this.clock.now());
      const changes = await this.syncListing(item, plan, attempt);
      await this.step(item, owner, 'verifying', { finalListedAt: finalListingStarted });
      if (changes > 0) continue;
      // The fence for multipart copies: an upload a stalled worker started (while it still held the lease) is
      // aborted here, before the cut-over, so it can never be completed over what the agent writes afterwards.
      await attempt.beforeWrite('copy');
      await this.store.abortStaleUploads(to, item.target.prefix);
      if (signal.aborted) throw signal.reason;
      const cut = await this.items.cutOver(item.id, owner, this.config.migrations.sourceGraceSeconds, actor);
      if (!cut.done && cut.reason === 'lease_lost') throw new LeaseLostError('item changed before cut-over');
      if (!cut.done && cut.reason === 'not_frozen')
        throw new PermanentMigrationError(`cut-over refused: ${cut.detail}`);
      if (!cut.done) throw new Error(`cut-over refused: ${cut.detail}`);
      this.logger.log({ itemId: item.id, backupId: item.backupId }, 'migration cut over');
      const after = await this.items.item(item.id);
      await this.items.release(item.id, owner, after?.cleanupAfter ?? undefined);
      return;
    }
    throw new Error(`source kept changing: no stable listing after ${MAX_ROUNDS} rounds`);
  }

  /** Lists the source and reconciles the checkpoints; returns how many objects were new, changed or gone. */
  private async syncListing(item: MigrationItem, plan: CopyPlan, attempt: Attempt): Promise<number> {
    const listed: ListedObject[] = [];
    for await (const page of this.store.list(plan.from, plan.fromPrefix)) {
      if (attempt.signal.aborted) throw attempt.signal.reason;
      listed.push(...page);
    }
    const diff = diffListing(listed, await this.checkpoints.checkpoints(item.id));
    await this.checkpoints.applyListing(item.id, attempt.holder, diff);
    if (diff.removed.length > 0) {
      await plan.beforeWrite();
      await this.store.deleteMany(
        plan.to,
        diff.removed.map((key) => `${plan.toPrefix}/${key}`),
      );
    }
    return diff.upserts.length + diff.removed.length;
  }

  /** Copies every pending object; true when some source object changed under us (re-list needed). */
  private async copyPending(item: MigrationItem, plan: CopyPlan, attempt: Attempt): Promise<boolean> {
    const pending = await this.checkpoints.checkpoints(item.id, 'pending');
    let sourceChanged = false;
    await forEachBounded(
      pending,
      this.config.migrations.concurrency,
      async (object) => {
        try {
          const result = await this.copier.copy(object, plan);
          if (await this.checkpoints.markCopied(item.id, attempt.holder, object, result)) {
            countCopied({ region: item.target.region, method: result.method });
            countCopiedBytes({ region: item.target.region, method: result.method }, object.size);
            await this.noteProgress(item, attempt);
          }
        } catch (error) {
          if (!(error instanceof SourceChangedError || error instanceof TargetChangedError)) throw error;
          // The source changed under the copy (re-list), or the target did (another writer: verify re-checks).
          sourceChanged = true;
          await this.items.recordError(item.id, attempt.holder, error.message);
        }
      },
      attempt.signal,
    );
    return sourceChanged;
  }

  /**
   * Checks every copied object at the target (size and the ETag the copy produced); good ones become `verified`,
   * others go back to `pending`. Target objects no checkpoint accounts for are removed. Returns the mismatches.
   */
  private async verify(item: MigrationItem, plan: CopyPlan, attempt: Attempt): Promise<number> {
    const checkpoints = await this.checkpoints.checkpoints(item.id);
    const atTarget = new Map<string, ListedObject>();
    for await (const page of this.store.list(plan.to, plan.toPrefix))
      for (const o of page) atTarget.set(o.key, o);
    const good: string[] = [];
    const bad: string[] = [];
    for (const checkpoint of checkpoints) {
      const found = atTarget.get(checkpoint.key);
      atTarget.delete(checkpoint.key);
      if (checkpoint.state !== 'copied') continue;
      if (found && found.size === checkpoint.size && found.etag === checkpoint.targetEtag)
        good.push(checkpoint.key);
      else bad.push(checkpoint.key);
    }
    if (atTarget.size > 0) {
      await plan.beforeWrite();
      await this.store.deleteMany(
        plan.to,
        [...atTarget.keys()].map((key) => `${plan.toPrefix}/${key}`),
      );
    }
    await this.checkpoints.markVerified(item.id, attempt.holder, good);
    if (good.length > 0) await this.noteProgress(item, attempt);
    await this.checkpoints.resetToPending(item.id, attempt.holder, bad);
    if (bad.length > 0) {
      await this.items.recordError(
        item.id,
        attempt.holder,
        `${bad.length} objects failed verification; re-copying`,
      );
    }
    const unverified = await this.checkpoints.unverifiedCount(item.id);
    return bad.length + unverified;
  }

  private async step(
    item: MigrationItem,
    owner: string,
    state: 'copying' | 'verifying' | 'awaiting_quiet',
    data: ItemProgress = {},
  ): Promise<void> {
    if (!(await this.items.advance(item.id, owner, state, data)))
      throw new LeaseLostError('item taken or cancelled');
  }
}
