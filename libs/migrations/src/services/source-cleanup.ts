import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@landfall/common';
import { MIGRATION_STORE, type BucketAt, type ListedObject, type MigrationStore } from '@landfall/storage';
import { diffListing } from '../domain/listing-diff';
import type { MigrationItem } from '../domain/migration';
import { MigrationItemRepository } from '../repositories/migration-item.repository';
import { ObjectCheckpointRepository } from '../repositories/object-checkpoint.repository';
import type { Attempt } from './attempt';

/** The last step of an item, once it is cut over: the source's clean-up. */
@Injectable()
export class SourceCleanup {
  constructor(
    private readonly items: MigrationItemRepository,
    private readonly checkpoints: ObjectCheckpointRepository,
    @Inject(MIGRATION_STORE) private readonly store: MigrationStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * After the grace period: deletes the source, but only when it is exactly (key, size, ETag) what was copied and
   * verified. Anything else keeps the whole source and flags the item `needs_attention`: a late write with old
   * credentials (at the source, not at the target), a late delete (gone at the source, still at the target: the
   * agent would see it come back), or checkpoints that were never verified.
   */
  async run(item: MigrationItem, attempt: Attempt): Promise<void> {
    const { holder: owner, actor } = attempt;
    if (item.cleanupAfter && this.clock.now() < item.cleanupAfter.getTime()) {
      await this.items.release(item.id, owner, item.cleanupAfter);
      return;
    }
    const from: BucketAt = {
      region: item.source.region,
      endpoint: item.source.endpoint,
      bucket: item.source.bucket,
    };
    const listed: ListedObject[] = [];
    for await (const page of this.store.list(from, item.source.prefix)) listed.push(...page);
    const checkpoints = await this.checkpoints.checkpoints(item.id);
    const unverified = checkpoints.filter((c) => c.state !== 'verified');
    const diff = diffListing(listed, checkpoints);
    const reasons: string[] = [];
    if (diff.upserts.length > 0) {
      reasons.push(
        `${diff.upserts.length} objects were written or changed at the source after the copy (e.g. ${diff.upserts[0].key}); the target does not have them`,
      );
    }
    if (diff.removed.length > 0) {
      reasons.push(
        `${diff.removed.length} objects were deleted at the source after the copy (e.g. ${diff.removed[0]}); the target still has them`,
      );
    }
    if (unverified.length > 0) {
      reasons.push(
        `${unverified.length} checkpoints were never verified (e.g. ${unverified[0].key}); the copy is not proven`,
      );
    }
    if (reasons.length > 0) {
      await this.items.finish(
        item.id,
        owner,
        { state: 'needs_attention', reason: `source kept: ${reasons.join('; ')}`, deletedObjects: 0 },
        actor,
      );
      return;
    }
    await attempt.beforeWrite('cleanup');
    await this.store.deleteMany(
      from,
      listed.map((o) => `${item.source.prefix}/${o.key}`),
    );
    await this.items.finish(item.id, owner, { state: 'completed', deletedObjects: listed.length }, actor);
  }
}
