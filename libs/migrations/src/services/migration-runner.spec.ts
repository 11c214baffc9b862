import { loadConfig, type AppConfig } from '@landfall/config';
import { SourceChangedError, type BucketAt, type ListedObject } from '@landfall/storage';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/fakes/fake-clock';
import {
  InMemoryBuckets,
  InMemoryCheckpoints,
  InMemoryMigrationItems,
  migrationItem,
} from '../testing/in-memory-migration';
import type { MigrationItem } from '../domain/migration';
import { MigrationRunner } from './migration-runner';
import type { CopiedObject, CopyPlan } from './object-copier';

const SOURCE: BucketAt = { region: 'eu-west-1', endpoint: 'http://s3.local', bucket: 'lf-eu-west-1' };
const TARGET: BucketAt = { region: 'us-east-1', endpoint: 'http://s3.local', bucket: 'lf-us-east-1' };
const PREFIX = 'b/backup-1';

/** Copies within InMemoryBuckets; `before` runs ahead of each copy (a test's way to interfere). */
class FakeCopier {
  before: (object: ListedObject, call: number) => void | Promise<void> = () => {};
  calls = 0;
  constructor(private readonly s3: InMemoryBuckets) {}
  async copy(object: ListedObject, plan: CopyPlan): Promise<CopiedObject> {
    this.calls += 1;
    await this.before(object, this.calls);
    await plan.beforeWrite();
    this.s3.put(plan.to, plan.toPrefix, { ...object });
    return { targetEtag: object.etag, contentMd5: null, method: 'server' };
  }
}

describe(MigrationRunner.name, () => {
  let sut: MigrationRunner;
  let items: InMemoryMigrationItems;
  let checkpoints: InMemoryCheckpoints;
  let s3: InMemoryBuckets;
  let copier: FakeCopier;
  let clock: FakeClock;
  let config: AppConfig;
  let cleanups: MigrationItem[];

  const build = (item: MigrationItem, env: NodeJS.ProcessEnv = {}) => {
    config = loadConfig(env);
    items = new InMemoryMigrationItems(item);
    checkpoints = new InMemoryCheckpoints();
    copier = new FakeCopier(s3);
    cleanups = [];
    sut = new MigrationRunner(
      items as never,
      checkpoints as never,
      s3 as never,
      { findRegionTarget: async (region: string) => ({ ...TARGET, region, status: 'active' }) } as never,
      { ensureReady: async () => ({ name: TARGET.bucket, status: 'ready' }) } as never,
      copier as never,
      { run: async (i: MigrationItem) => void cleanups.push(i) } as never,
      config,
      clock,
    );
  };
  const run = () => sut.run('item-1', 'worker-a', new AbortController().signal);
  const targetKeys = () => [...s3.bucket(TARGET).keys()].sort();

  beforeEach(() => {
    clock = new FakeClock();
    s3 = new InMemoryBuckets();
    s3.put(SOURCE, PREFIX, { key: 'a', size: 3, etag: '"e-a"' });
    s3.put(SOURCE, PREFIX, { key: 'b', size: 5, etag: '"e-b"' });
    build(migrationItem());
  });

  it('copies, verifies and cuts over, then hands the item back until clean-up is due', async () => {
    await run();

    expect(targetKeys()).toEqual([`${PREFIX}/a`, `${PREFIX}/b`]);
    expect([...checkpoints.rows.values()].map((c) => c.state)).toEqual(['verified', 'verified']);
    expect(items.states).toEqual(['copying', 'verifying']);
    expect(items.cutOvers).toBe(1);
    expect(s3.abortedUploads).toEqual([`${TARGET.bucket}/${PREFIX}`]);
    expect(items.released.at(-1)?.nextAttemptAt).toEqual(new Date('2026-12-09T00:00:00Z'));
    expect(items.audits.map((a) => a.action)).toEqual(['backup.migration.copy_started']);
    expect(items.failures).toEqual([]);
  });

  it('waits for old credentials to expire before the cut-over', async () => {
    const quietAt = new Date(clock.now() + 60_000);
    build(migrationItem({ quietAt }), { MIGRATION_CUTOVER_WAIT: 'credential-expiry' });

    await run();

    expect(items.current.state).toBe('awaiting_quiet');
    expect(items.cutOvers).toBe(0);
    expect(items.released.at(-1)?.nextAttemptAt).toEqual(quietAt);
  });

  it('hands the item back untouched when the lease is lost mid-copy', async () => {
    copier.before = (object) => {
      if (object.key === 'b') items.leaseLost = true;
    };

    await run();

    expect(targetKeys()).not.toContain(`${PREFIX}/b`);
    expect(checkpoints.rows.get('b')?.state).toBe('pending');
    expect(items.cutOvers).toBe(0);
    expect(items.failures).toEqual([]);
    expect(items.released).toHaveLength(1);
  });

  it('gives up at once when the cut-over is refused because the backup is not frozen', async () => {
    items.cutOverOutcome = { done: false, reason: 'not_frozen', detail: 'backup was unfrozen' };

    await run();

    expect(items.failures).toHaveLength(1);
    expect(items.failures[0]).toMatchObject({ give_up: true });
    expect(items.failures[0].message).toContain('cut-over refused: backup was unfrozen');
  });

  it('retries a refused cut-over of unverified objects later, with the retry delay', async () => {
    items.cutOverOutcome = { done: false, reason: 'unverified', detail: '1 object unverified' };

    await run();

    expect(items.failures).toEqual([
      {
        message: 'Error: cut-over refused: 1 object unverified',
        give_up: false,
        nextAttemptAt: new Date(clock.now() + config.migrations.retryDelaySeconds * 1000),
      },
    ]);
  });

  it(`gives up after ${loadConfig({}).migrations.maxFailures} consecutive failures`, async () => {
    const maxFailures = config.migrations.maxFailures;
    build(migrationItem({ failures: maxFailures - 2 }));
    copier.before = () => {
      throw new Error('connection reset');
    };

    await run();
    await run();

    expect(items.failures.map((f) => f.give_up)).toEqual([false, true]);
    expect(items.failures[0].message).toBe('Error: connection reset');
  });

  it('re-lists and copies the new version when the source changes under a copy', async () => {
    copier.before = (object, call) => {
      if (call !== 1) return;
      s3.put(SOURCE, PREFIX, { key: object.key, size: 9, etag: '"e-new"' });
      throw new SourceChangedError(object.key);
    };

    await run();

    expect(items.errors).toEqual(['source object a changed or vanished during the copy']);
    expect(s3.bucket(TARGET).get(`${PREFIX}/a`)).toMatchObject({ size: 9, etag: '"e-new"' });
    expect(items.cutOvers).toBe(1);
  });

  it('copies an object written late, and drops one deleted late, before the cut-over', async () => {
    let written = false;
    copier.before = () => {
      if (written) return;
      written = true;
      s3.put(SOURCE, PREFIX, { key: 'late', size: 1, etag: '"e-late"' });
      s3.bucket(SOURCE).delete(`${PREFIX}/b`);
    };

    await run();

    expect(targetKeys()).toEqual([`${PREFIX}/a`, `${PREFIX}/late`]);
    expect([...checkpoints.rows.keys()].sort()).toEqual(['a', 'late']);
    expect(items.cutOvers).toBe(1);
  });

  it('runs the source clean-up, and only that, for an item already cut over', async () => {
    build(migrationItem({ state: 'cut_over' }));

    await run();

    expect(cleanups.map((i) => i.id)).toEqual(['item-1']);
    expect(copier.calls).toBe(0);
    expect(items.cutOvers).toBe(0);
  });

  it('does nothing when another worker holds the item', async () => {
    items.holder = 'worker-b/other';

    await run();

    expect(copier.calls).toBe(0);
    expect(items.released).toEqual([]);
  });
});
