import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';
import type { ListingDiff } from '../domain/listing-diff';
import type { ObjectCheckpoint } from '../domain/migration';
import { heldBy } from './migration-rows';

/** One row per source object of an item: what was listed, copied and verified. Every write is fenced by the lease. */
@Injectable()
export class ObjectCheckpointRepository {
  constructor(private readonly prisma: PrismaService) {}

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
}
