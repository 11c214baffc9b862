import type { Actor } from '@landfall/audit';
import type { BucketAt, ListedObject } from '@landfall/storage';
import type { ListingDiff } from '../domain/listing-diff';
import type { ItemProgress, MigrationItem, MigrationItemState, ObjectCheckpoint } from '../domain/migration';
import type { CutOverOutcome } from '../repositories/migration-item.repository';

export function migrationItem(overrides: Partial<MigrationItem> = {}): MigrationItem {
  return {
    id: 'item-1',
    migrationId: 'mig-1',
    backupId: 'backup-1',
    state: 'queued',
    source: {
      region: 'eu-west-1',
      endpoint: 'http://s3.local',
      bucket: 'lf-eu-west-1',
      prefix: 'b/backup-1',
    },
    target: { region: 'us-east-1', bucket: null, prefix: 'b/backup-1' },
    listedAt: null,
    frozenAt: new Date('2026-12-01T23:00:00Z'),
    quietAt: new Date('2026-12-01T23:30:00Z'),
    finalListedAt: null,
    copyStartedAt: null,
    cutOverAt: null,
    cleanupAfter: null,
    sourceDeletedAt: null,
    finishedAt: null,
    failures: 0,
    errorCount: 0,
    lastError: null,
    ...overrides,
  };
}

/** The worker's side of MigrationItemRepository, over one item in memory, with the lease as a holder string. */
export class InMemoryMigrationItems {
  holder: string | null = null;
  /** When set, `holds` answers false from then on: another attempt took the item. */
  leaseLost = false;
  cutOverOutcome: CutOverOutcome = { done: true };
  readonly released: { owner: string; nextAttemptAt?: Date }[] = [];
  readonly failures: { message: string; give_up: boolean; nextAttemptAt: Date }[] = [];
  readonly errors: string[] = [];
  readonly audits: { action: string; after: Record<string, unknown> }[] = [];
  readonly states: MigrationItemState[] = [];
  cutOvers = 0;

  constructor(public current: MigrationItem) {}

  async acquire(itemId: string, owner: string): Promise<MigrationItem | null> {
    if (itemId !== this.current.id || this.holder) return null;
    this.holder = owner;
    return { ...this.current };
  }
  async renew(): Promise<MigrationItemState | null> {
    return this.leaseLost ? null : this.current.state;
  }
  async release(_itemId: string, owner: string, nextAttemptAt?: Date): Promise<void> {
    this.released.push({ owner, nextAttemptAt });
    if (this.holder === owner) this.holder = null;
  }
  async holds(_itemId: string, owner: string): Promise<boolean> {
    return !this.leaseLost && this.holder === owner;
  }
  async item(): Promise<MigrationItem | null> {
    return { ...this.current };
  }
  async advance(
    _itemId: string,
    owner: string,
    state: MigrationItemState,
    data: ItemProgress,
  ): Promise<boolean> {
    if (this.leaseLost || this.holder !== owner) return false;
    const { targetBucket, ...dates } = data;
    this.current = { ...this.current, ...dates, state };
    if (targetBucket) this.current.target = { ...this.current.target, bucket: targetBucket };
    if (this.states.at(-1) !== state) this.states.push(state);
    return true;
  }
  async resetFailures(): Promise<void> {
    this.current.failures = 0;
  }
  async cutOver(): Promise<CutOverOutcome> {
    this.cutOvers += 1;
    if (this.cutOverOutcome.done) {
      this.current = { ...this.current, state: 'cut_over', cleanupAfter: new Date('2026-12-09T00:00:00Z') };
    }
    return this.cutOverOutcome;
  }
  async recordFailure(
    _itemId: string,
    _owner: string,
    message: string,
    outcome: { give_up: boolean; nextAttemptAt: Date },
  ): Promise<void> {
    this.failures.push({ message, ...outcome });
    this.current.failures += 1;
    this.holder = null;
  }
  async recordError(_itemId: string, _owner: string, message: string): Promise<void> {
    this.errors.push(message);
  }
  async audit(
    _actor: Actor,
    action: string,
    _backupId: string,
    after: Record<string, unknown>,
  ): Promise<void> {
    this.audits.push({ action, after });
  }
}

/** ObjectCheckpointRepository in memory. */
export class InMemoryCheckpoints {
  readonly rows = new Map<string, ObjectCheckpoint>();

  async checkpoints(_itemId: string, state?: ObjectCheckpoint['state']): Promise<ObjectCheckpoint[]> {
    return [...this.rows.values()].filter((c) => !state || c.state === state).map((c) => ({ ...c }));
  }
  async applyListing(_itemId: string, _owner: string, diff: ListingDiff): Promise<void> {
    for (const o of diff.upserts)
      this.rows.set(o.key, { ...o, state: 'pending', targetEtag: null, attempts: 0 });
    for (const key of diff.removed) this.rows.delete(key);
  }
  async markCopied(
    _itemId: string,
    _owner: string,
    object: ListedObject,
    result: { targetEtag: string },
  ): Promise<boolean> {
    const row = this.rows.get(object.key);
    if (!row || row.state !== 'pending' || row.etag !== object.etag) return false;
    this.rows.set(object.key, { ...row, state: 'copied', targetEtag: result.targetEtag });
    return true;
  }
  async markVerified(_itemId: string, _owner: string, keys: string[]): Promise<void> {
    for (const key of keys) this.rows.set(key, { ...this.rows.get(key)!, state: 'verified' });
  }
  async resetToPending(_itemId: string, _owner: string, keys: string[]): Promise<void> {
    for (const key of keys)
      this.rows.set(key, { ...this.rows.get(key)!, state: 'pending', targetEtag: null });
  }
  async unverifiedCount(): Promise<number> {
    return [...this.rows.values()].filter((c) => c.state !== 'verified').length;
  }
}

/** The listing/deleting part of a MigrationStore: buckets as maps of key → object. */
export class InMemoryBuckets {
  private readonly objects = new Map<string, Map<string, ListedObject>>();
  readonly abortedUploads: string[] = [];

  bucket(at: BucketAt): Map<string, ListedObject> {
    const name = `${at.region}/${at.bucket}`;
    if (!this.objects.has(name)) this.objects.set(name, new Map());
    return this.objects.get(name)!;
  }
  /** Puts `key` (relative to `prefix`) into the bucket. */
  put(at: BucketAt, prefix: string, object: ListedObject): void {
    this.bucket(at).set(`${prefix}/${object.key}`, object);
  }
  async *list(at: BucketAt, prefix: string): AsyncIterable<ListedObject[]> {
    const page = [...this.bucket(at).entries()]
      .filter(([key]) => key.startsWith(`${prefix}/`))
      .map(([key, o]) => ({ ...o, key: key.slice(prefix.length + 1) }));
    yield page;
  }
  async deleteMany(at: BucketAt, keys: string[]): Promise<void> {
    for (const key of keys) this.bucket(at).delete(key);
  }
  async abortStaleUploads(at: BucketAt, prefix: string): Promise<number> {
    this.abortedUploads.push(`${at.bucket}/${prefix}`);
    return 0;
  }
}
