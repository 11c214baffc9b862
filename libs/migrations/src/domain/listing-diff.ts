import { normalizeEtag } from './etag';
import type { ListedObject, ObjectCheckpoint } from './migration';

export interface ListingDiff {
  /** New at the source, or changed since it was checkpointed: (re)copy. */
  upserts: ListedObject[];
  /** Checkpointed but gone from the source: drop the checkpoint and the target copy. */
  removed: string[];
}

/** Compares a fresh source listing with the checkpoints. Equal when key, size and ETag all match. */
export function diffListing(
  listed: readonly ListedObject[],
  checkpoints: readonly ObjectCheckpoint[],
): ListingDiff {
  const known = new Map(checkpoints.map((c) => [c.key, c]));
  const upserts: ListedObject[] = [];
  for (const object of listed) {
    const prior = known.get(object.key);
    known.delete(object.key);
    if (!prior || prior.size !== object.size || normalizeEtag(prior.etag) !== normalizeEtag(object.etag)) {
      upserts.push(object);
    }
  }
  return { upserts, removed: [...known.keys()] };
}
