import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '@landfall/audit';
import type { BucketRepository } from '@landfall/backups';
import type { AppConfig } from '@landfall/config';
import type { PlacementStateService } from '@landfall/placement';
import type { BucketAt, ListedObject, MigrationStore } from '@landfall/storage';
import { FakeClock } from '../../../../test/fakes/fake-clock';
import type { JobQueue } from './job-queue';
import type { MigrationPlanRepository } from '../repositories/migration-plan.repository';
import { InMemoryBuckets } from '../testing/in-memory-migration';
import { FakeJobQueue, FakeMigrationPlanRepository, backupCandidate } from '../testing/fake-migration-plan';
import type { CreateMigrationDto } from '../dto/migration.dto';
import { DRY_RUN_LISTED_BACKUPS, MigrationPlanner } from './migration-planner.service';

const actor: Actor = { type: 'admin', id: 'admin-key-1' };
const TTL_SECONDS = 900;
const BYTES_PER_SECOND = 1_000_000;
const config = {
  migrations: { estimateBytesPerSecond: BYTES_PER_SECOND },
  credentials: { ttlSeconds: TTL_SECONDS },
} as unknown as AppConfig;

type RegionStatus = 'active' | 'draining' | 'disabled';

class FakeRegions implements Pick<BucketRepository, 'findRegionTarget'> {
  readonly regions = new Map<string, RegionStatus>();
  async findRegionTarget(code: string) {
    const status = this.regions.get(code);
    return status ? { region: code, endpoint: 'http://s3.local', status } : null;
  }
}

class FakePlacement {
  index = new Map<string, { regions: string[] }>();
  current() {
    return { index: this.index };
  }
}

/** A store whose every backup lists as pages of `pageSize` objects of `size` bytes, `pages` times. */
class PagedStore {
  readonly listed: string[] = [];
  constructor(
    private readonly pageSize: number,
    private readonly pages: number,
  ) {}
  async *list(_at: BucketAt, prefix: string): AsyncIterable<ListedObject[]> {
    this.listed.push(prefix);
    for (let p = 0; p < this.pages; p++)
      yield Array.from({ length: this.pageSize }, (_, i) => ({ key: `${p}-${i}`, size: 10, etag: 'e' }));
  }
}

describe(MigrationPlanner.name, () => {
  let sut: MigrationPlanner;
  let repository: FakeMigrationPlanRepository;
  let regions: FakeRegions;
  let placement: FakePlacement;
  let buckets: InMemoryBuckets;
  let queue: FakeJobQueue;
  let clock: FakeClock;
  const request = (over: Partial<CreateMigrationDto> = {}): CreateMigrationDto => ({
    targetRegion: 'us-east-1',
    sourceRegion: 'eu-west-1',
    ...over,
  });
  const build = (store: Pick<MigrationStore, 'list'>) =>
    new MigrationPlanner(
      repository as unknown as MigrationPlanRepository,
      regions as unknown as BucketRepository,
      placement as unknown as PlacementStateService,
      store as unknown as MigrationStore,
      queue as unknown as JobQueue,
      config,
      clock,
    );

  beforeEach(() => {
    repository = new FakeMigrationPlanRepository();
    regions = new FakeRegions();
    regions.regions.set('eu-west-1', 'active').set('us-east-1', 'active').set('ap-south-1', 'draining');
    placement = new FakePlacement();
    buckets = new InMemoryBuckets();
    queue = new FakeJobQueue();
    clock = new FakeClock();
    sut = build(buckets);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe('selection', () => {
    it.each([
      [
        'an unknown target region',
        request({ targetRegion: 'mars-1' }),
        'MIGRATION.UNKNOWN_REGION',
        'invalid',
      ],
      [
        'a target region that is not active',
        request({ targetRegion: 'ap-south-1' }),
        'MIGRATION.REGION_NOT_ACTIVE',
        'conflict',
      ],
      [
        'no selection at all',
        { targetRegion: 'us-east-1', indexPrefersTarget: false },
        'MIGRATION.NO_SELECTION',
        'invalid',
      ],
      [
        'a source that is the target',
        request({ sourceRegion: 'us-east-1' }),
        'MIGRATION.TARGET_IS_SOURCE',
        'invalid',
      ],
      ['a selection that matches nothing', request(), 'MIGRATION.EMPTY_SELECTION', 'invalid'],
    ])('rejects %s, starting nothing', async (_label, bad, code, kind) => {
      await expect(sut.start(bad, actor)).rejects.toMatchObject({ code, kind });
      await expect(sut.plan(bad)).rejects.toMatchObject({ code });
      expect(repository.created).toEqual([]);
      expect(queue.enqueued).toEqual([]);
    });

    it.each([
      ['a missing backup', 'nobody', 'BACKUP.NOT_FOUND'],
      ['a retired backup', 'b-retired', 'MIGRATION.BACKUP_RETIRED'],
      ['a backup already migrating', 'b-migrating', 'MIGRATION.ALREADY_MIGRATING'],
      ['a backup already in the target', 'b-there', 'MIGRATION.TARGET_IS_SOURCE'],
    ])('refuses explicit backupIds naming %s', async (_label, id, code) => {
      repository.backups.push(
        backupCandidate({ id: 'b-ok' }),
        backupCandidate({ id: 'b-retired', status: 'retired' }),
        backupCandidate({ id: 'b-migrating', status: 'migrating' }),
        backupCandidate({ id: 'b-there', region: 'us-east-1' }),
      );
      await expect(
        sut.start({ targetRegion: 'us-east-1', backupIds: ['b-ok', id] }, actor),
      ).rejects.toMatchObject({
        code,
      });
      expect(repository.created).toEqual([]);
    });

    it('leaves out of a broad selection what is already there or on its way', async () => {
      repository.backups.push(
        backupCandidate({ id: 'b-1', accountId: 'acc' }),
        backupCandidate({ id: 'b-2', accountId: 'acc', status: 'migrating' }),
        backupCandidate({ id: 'b-3', accountId: 'acc', region: 'us-east-1' }),
        backupCandidate({ id: 'b-4', accountId: 'other' }),
      );
      await sut.start({ targetRegion: 'us-east-1', accountId: 'acc' }, actor);
      expect(repository.created[0].input.backups.map((b) => b.id)).toEqual(['b-1']);
    });

    it('with indexPrefersTarget keeps the backups whose entry (subdivision first) puts the target first', async () => {
      placement.index
        .set('IE', { regions: ['us-east-1', 'eu-west-1'] })
        .set('IE-L', { regions: ['eu-west-1', 'us-east-1'] })
        .set('FR', { regions: ['eu-west-1'] });
      repository.backups.push(
        backupCandidate({ id: 'b-ie', placedCountry: 'IE' }),
        backupCandidate({ id: 'b-ie-l', placedCountry: 'IE', placedSubdivision: 'IE-L' }),
        backupCandidate({ id: 'b-ie-c', placedCountry: 'IE', placedSubdivision: 'IE-C' }),
        backupCandidate({ id: 'b-fr', placedCountry: 'FR' }),
        backupCandidate({ id: 'b-nowhere', placedCountry: null }),
      );
      await sut.start({ targetRegion: 'us-east-1', indexPrefersTarget: true }, actor);
      expect(repository.created[0].input.backups.map((b) => b.id)).toEqual(['b-ie', 'b-ie-c']);
      expect(repository.created[0].input.selection).toEqual({
        backupIds: undefined,
        sourceRegion: undefined,
        accountId: undefined,
        indexPrefersTarget: true,
        placedIn: undefined,
      });
    });
  });

  describe('start', () => {
    it('freezes now, sets quiet after the credential TTL plus slack, audits the actor and queues every item', async () => {
      repository.backups.push(backupCandidate({ id: 'b-1' }), backupCandidate({ id: 'b-2' }));
      const id = await sut.start(request(), actor);
      expect(id).toBe('mig-1');
      const { input, actor: by } = repository.created[0];
      expect(by).toEqual(actor);
      expect(input.targetRegion).toBe('us-east-1');
      expect(input.selection).toMatchObject({ sourceRegion: 'eu-west-1' });
      expect(input.frozenAt).toEqual(clock.date());
      expect(input.quietAt).toEqual(new Date(clock.now() + (TTL_SECONDS + 60) * 1000));
      expect(queue.enqueued).toEqual(['item-b-1', 'item-b-2']);
    });

    it('still returns the migration when queueing an item fails (a worker sweep finds it)', async () => {
      repository.backups.push(backupCandidate({ id: 'b-1' }), backupCandidate({ id: 'b-2' }));
      queue.failFor.add('item-b-1');
      const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      await expect(sut.start(request(), actor)).resolves.toBe('mig-1');
      expect(queue.enqueued).toEqual(['item-b-2']);
      expect(warn).toHaveBeenCalledOnce();
    });
  });

  describe('plan', () => {
    it('lists every backup when few, and says the figures are exact', async () => {
      const a = backupCandidate({ id: 'b-1' });
      const b = backupCandidate({ id: 'b-2' });
      repository.backups.push(a, b);
      buckets.put(a, a.prefix, { key: 'x', size: 400, etag: '1' });
      buckets.put(a, a.prefix, { key: 'y', size: 600, etag: '2' });
      buckets.put(b, b.prefix, { key: 'z', size: 2_000_000, etag: '3' });
      const plan = await sut.plan(request());
      expect(plan).toEqual({
        dryRun: true,
        targetRegion: 'us-east-1',
        backups: [
          { backupId: 'b-1', sourceRegion: 'eu-west-1', objects: 2, bytes: 1000, basis: 'listed' },
          { backupId: 'b-2', sourceRegion: 'eu-west-1', objects: 1, bytes: 2_000_000, basis: 'listed' },
        ],
        objects: 3,
        bytes: 2_001_000,
        // ceil(2_001_000 / 1e6 + 3 * 0.01)
        estimatedSeconds: 3,
        estimate: { listedBackups: 2, totalBackups: 2, note: 'exact: all 2 backups listed' },
      });
      expect(repository.created).toEqual([]);
    });

    it(`lists the first ${DRY_RUN_LISTED_BACKUPS} backups and extrapolates the others from their reported size`, async () => {
      for (let i = 0; i <= DRY_RUN_LISTED_BACKUPS; i++)
        repository.backups.push(backupCandidate({ id: `b-${i}`, sizeBytes: 95 }));
      const store = new PagedStore(2, 1); // 2 objects of 10 bytes: 5 bytes per object
      sut = build(store);
      const plan = await sut.plan(request());
      expect(store.listed).toHaveLength(DRY_RUN_LISTED_BACKUPS);
      expect(plan.backups.at(-1)).toEqual({
        backupId: `b-${DRY_RUN_LISTED_BACKUPS}`,
        sourceRegion: 'eu-west-1',
        objects: 10, // ceil(95 / 5)
        bytes: 95,
        basis: 'reported',
      });
      expect(plan.estimate).toEqual({
        listedBackups: DRY_RUN_LISTED_BACKUPS,
        totalBackups: DRY_RUN_LISTED_BACKUPS + 1,
        note: `estimate based on ${DRY_RUN_LISTED_BACKUPS} listed backups of ${DRY_RUN_LISTED_BACKUPS + 1}; the others count with the size their agents reported`,
      });
      expect(plan.objects).toBe(DRY_RUN_LISTED_BACKUPS * 2 + 10);
    });

    it('stops listing when the object budget runs out, counting that backup as reported', async () => {
      repository.backups.push(
        backupCandidate({ id: 'b-1', sizeBytes: 1 }),
        backupCandidate({ id: 'b-2', sizeBytes: 500_000 }),
      );
      const store = new PagedStore(30_000, 2); // 60k objects per backup; the budget is 100k
      sut = build(store);
      const plan = await sut.plan(request());
      expect(plan.backups.map((b) => [b.backupId, b.basis])).toEqual([
        ['b-1', 'listed'],
        ['b-2', 'reported'],
      ]);
      expect(plan.backups[0]).toMatchObject({ objects: 60_000, bytes: 600_000 });
      expect(plan.backups[1]).toMatchObject({ objects: 50_000, bytes: 500_000 });
      expect(plan.estimate.listedBackups).toBe(1);
    });

    it('counts reported backups with no objects when nothing listed has any', async () => {
      const store = new PagedStore(100_001, 1); // one page blows the whole budget
      repository.backups.push(backupCandidate({ id: 'b-1', sizeBytes: 42 }));
      sut = build(store);
      const plan = await sut.plan(request());
      expect(plan.backups).toEqual([
        { backupId: 'b-1', sourceRegion: 'eu-west-1', objects: 0, bytes: 42, basis: 'reported' },
      ]);
      expect(plan.estimate.note).toBe(
        'estimate based on 0 listed backups of 1; the others count with the size their agents reported',
      );
    });
  });
});
