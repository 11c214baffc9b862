import { Inject, Injectable, Logger } from '@nestjs/common';
import { BucketProvisioner, BucketRepository } from '@landfall/backups';
import { DomainError } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import type { Actor } from '@landfall/persistence';
import { diffListing } from '../core/listing-diff';
import { forEachBounded } from '../core/pool';
import { retryDelaySeconds } from '../core/progress';
import { MigrationRepository } from '../migration.repository';
import type { ListedObject, MigrationItem } from '../migration';
import {
  MIGRATION_STORE,
  SourceChangedError,
  type BucketAt,
  type MigrationStore,
} from '../storage/migration-store';
import { LeaseKeeper, LeaseLostError } from './lease';
import { ObjectCopier, type CopyPlan } from './object-copier';

/** A failure retrying cannot fix. */
export class PermanentMigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentMigrationError';
  }
}

const MAX_ROUNDS = 50;

/**
 * Drives one backup's migration as far as it can go now: list → copy (checkpointed per object) → verify → wait for
 * old credentials to expire (policy) → final re-list → cut-over; later, after the grace period, source clean-up.
 * Every step is safe to repeat, so a worker killed anywhere is simply followed by another one.
 */
@Injectable()
export class MigrationRunner {
  private readonly logger = new Logger(MigrationRunner.name);
  private readonly copier: ObjectCopier;

  constructor(
    private readonly repository: MigrationRepository,
    @Inject(MIGRATION_STORE) private readonly store: MigrationStore,
    private readonly buckets: BucketRepository,
    private readonly provisioner: BucketProvisioner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.copier = new ObjectCopier(store);
  }

  /** Returns once the item is done for now (finished, waiting, failed, or handed back on shutdown). */
  async run(itemId: string, owner: string, shutdown: AbortSignal): Promise<void> {
    const settings = this.config.migrations;
    const item = await this.repository.acquire(itemId, owner, settings.leaseSeconds);
    if (!item) return;
    const lease = new LeaseKeeper(this.repository, itemId, owner, settings.leaseSeconds, shutdown);
    const actor: Actor = { type: 'system', id: `worker:${owner}` };
    try {
      if (item.state === 'cut_over') await this.cleanUp(item, owner, actor, lease.signal);
      else await this.migrate(item, owner, actor, lease.signal);
    } catch (error) {
      if (lease.signal.aborted) {
        // Shutdown or lost lease: hand the item back untouched; checkpoints keep what was done.
        await this.repository.release(itemId, owner);
        this.logger.log({ itemId, reason: String(lease.signal.reason) }, 'migration handed back');
        return;
      }
      const failures = (await this.repository.item(itemId))?.failures ?? 0;
      const giveUp = error instanceof PermanentMigrationError || failures + 1 >= settings.maxFailures;
      const delay = retryDelaySeconds(failures + 1, settings.retryDelaySeconds);
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.logger.warn({ itemId, err: error, giveUp }, 'migration attempt failed');
      await this.repository.recordFailure(
        itemId,
        owner,
        message,
        { give_up: giveUp, nextAttemptAt: new Date(Date.now() + delay * 1000) },
        actor,
      );
    } finally {
      lease.stop();
    }
  }

  private async migrate(
    item: MigrationItem,
    owner: string,
    actor: Actor,
    signal: AbortSignal,
  ): Promise<void> {
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
    };
    if (!item.copyStartedAt) {
      await this.repository.audit(actor, 'backup.migration.copy_started', item.backupId, {
        migrationId: item.migrationId,
        from: `${from.region}:${from.bucket}/${item.source.prefix}`,
        to: `${to.region}:${to.bucket}/${item.target.prefix}`,
        method: plan.serverSide ? 'server-side' : 'stream',
      });
    }
    await this.step(item, owner, 'copying', {
      targetBucket: bucket.name,
      copyStartedAt: item.copyStartedAt ?? new Date(),
    });
    let needsListing = !item.listedAt;
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      if (needsListing) {
        await this.syncListing(item, plan, signal);
        await this.step(item, owner, 'copying', { listedAt: new Date() });
        needsListing = false;
      }
      if (await this.copyPending(item, plan, signal)) {
        needsListing = true;
        continue;
      }
      await this.step(item, owner, 'verifying');
      if ((await this.verify(item, plan)) > 0) continue;
      if (this.config.migrations.cutoverWait === 'credential-expiry' && Date.now() < item.quietAt.getTime()) {
        // Credentials handed out before the freeze may still write to the source until then; come back after.
        await this.step(item, owner, 'awaiting_quiet');
        await this.repository.release(item.id, owner, item.quietAt);
        return;
      }
      const finalListingStarted = new Date();
      const changes = await this.syncListing(item, plan, signal);
      await this.step(item, owner, 'verifying', { finalListedAt: finalListingStarted });
      if (changes > 0) continue;
      await this.store.abortStaleUploads(to, item.target.prefix);
      if (signal.aborted) throw signal.reason;
      const cut = await this.repository.cutOver(
        item.id,
        owner,
        this.config.migrations.sourceGraceSeconds,
        actor,
      );
      if (!cut) throw new LeaseLostError('item changed before cut-over');
      this.logger.log({ itemId: item.id, backupId: item.backupId }, 'migration cut over');
      const after = await this.repository.item(item.id);
      await this.repository.release(item.id, owner, after?.cleanupAfter ?? undefined);
      return;
    }
    throw new Error(`source kept changing: no stable listing after ${MAX_ROUNDS} rounds`);
  }

  /** Lists the source and reconciles the checkpoints; returns how many objects were new, changed or gone. */
  private async syncListing(item: MigrationItem, plan: CopyPlan, signal: AbortSignal): Promise<number> {
    const listed: ListedObject[] = [];
    for await (const page of this.store.list(plan.from, plan.fromPrefix)) {
      if (signal.aborted) throw signal.reason;
      listed.push(...page);
    }
    const diff = diffListing(listed, await this.repository.checkpoints(item.id));
    await this.repository.applyListing(item.id, diff);
    if (diff.removed.length > 0) {
      await this.store.deleteMany(
        plan.to,
        diff.removed.map((key) => `${plan.toPrefix}/${key}`),
      );
    }
    return diff.upserts.length + diff.removed.length;
  }

  /** Copies every pending object; true when some source object changed under us (re-list needed). */
  private async copyPending(item: MigrationItem, plan: CopyPlan, signal: AbortSignal): Promise<boolean> {
    const pending = await this.repository.checkpoints(item.id, 'pending');
    let sourceChanged = false;
    await forEachBounded(
      pending,
      this.config.migrations.concurrency,
      async (object) => {
        try {
          const result = await this.copier.copy(object, plan);
          await this.repository.markCopied(item.id, object, result);
        } catch (error) {
          if (!(error instanceof SourceChangedError)) throw error;
          sourceChanged = true;
          await this.repository.recordError(item.id, error.message);
        }
      },
      signal,
    );
    return sourceChanged;
  }

  /**
   * Checks every copied object at the target (size and the ETag the copy produced); good ones become `verified`,
   * others go back to `pending`. Target objects no checkpoint accounts for are removed. Returns the mismatches.
   */
  private async verify(item: MigrationItem, plan: CopyPlan): Promise<number> {
    const checkpoints = await this.repository.checkpoints(item.id);
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
      await this.store.deleteMany(
        plan.to,
        [...atTarget.keys()].map((key) => `${plan.toPrefix}/${key}`),
      );
    }
    await this.repository.markVerified(item.id, good);
    await this.repository.resetToPending(item.id, bad);
    if (bad.length > 0)
      await this.repository.recordError(item.id, `${bad.length} objects failed verification; re-copying`);
    const unverified = await this.repository.unverifiedCount(item.id);
    return bad.length + unverified;
  }

  /**
   * After the grace period: deletes the source, but only objects that are exactly (key, size, ETag) what was copied
   * and verified. Anything else there (a late write with old credentials) keeps the whole source and flags the item.
   */
  private async cleanUp(
    item: MigrationItem,
    owner: string,
    actor: Actor,
    signal: AbortSignal,
  ): Promise<void> {
    if (item.cleanupAfter && Date.now() < item.cleanupAfter.getTime()) {
      await this.repository.release(item.id, owner, item.cleanupAfter);
      return;
    }
    const from: BucketAt = {
      region: item.source.region,
      endpoint: item.source.endpoint,
      bucket: item.source.bucket,
    };
    const listed: ListedObject[] = [];
    for await (const page of this.store.list(from, item.source.prefix)) listed.push(...page);
    const checkpoints = await this.repository.checkpoints(item.id);
    const unverified = checkpoints.filter((c) => c.state !== 'verified');
    const diff = diffListing(listed, checkpoints);
    if (diff.upserts.length > 0 || unverified.length > 0) {
      const example = diff.upserts[0]?.key ?? unverified[0]?.key;
      await this.repository.finish(
        item.id,
        owner,
        {
          state: 'needs_attention',
          reason: `source kept: ${diff.upserts.length} objects were written or changed at the source after the copy (e.g. ${example})`,
          deletedObjects: 0,
        },
        actor,
      );
      return;
    }
    if (signal.aborted) throw signal.reason;
    await this.store.deleteMany(
      from,
      listed.map((o) => `${item.source.prefix}/${o.key}`),
    );
    await this.repository.finish(
      item.id,
      owner,
      { state: 'completed', deletedObjects: listed.length },
      actor,
    );
  }

  private async step(
    item: MigrationItem,
    owner: string,
    state: 'copying' | 'verifying' | 'awaiting_quiet',
    data: Parameters<MigrationRepository['advance']>[3] = {},
  ): Promise<void> {
    if (!(await this.repository.advance(item.id, owner, state, data)))
      throw new LeaseLostError('item taken or cancelled');
  }
}
