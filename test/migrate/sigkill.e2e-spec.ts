import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { MigrationDto } from '@landfall/migrations';
import type { TestHub } from '../support/test-hub';
import { anAdminKey, anAppliance, bearer } from '../init/support/fixtures';
import {
  hashAll,
  listAll,
  migrationEnv,
  s3For,
  sleep,
  startMigrateHub,
  startWorker,
  waitFor,
  writeBackup,
  type WorkerProcess,
  inProgress,
} from './support/migrate-support';

const gateway = inject('gateway');

describe.skipIf(!gateway)('worker processes killed with SIGKILL mid-migration', () => {
  const env = migrationEnv({ MIGRATION_CONCURRENCY: '4', MIGRATION_LEASE_SECONDS: '2', WORKER_JOBS: '1' });
  let hub: TestHub;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    hub = await startMigrateHub(env);
  });
  afterAll(async () => {
    for (const w of workers) await w.kill('SIGKILL');
    await hub?.close();
  });

  it('resumes after every kill and completes with every object verified, none lost or duplicated', async () => {
    const adminKey = await anAdminKey(hub.prisma);
    const a = await anAppliance(hub.prisma);
    const { backup, credentials } = (
      await hub.app.inject({ method: 'POST', url: '/v1/init', headers: bearer(a.key), payload: {} })
    ).json();
    const agent = s3For(backup.endpoint, backup.region, credentials);
    const written = await writeBackup(agent, backup.bucket, backup.prefix, { small: 1200, multipart: 2 });
    const started = await hub.app.inject({
      method: 'POST',
      url: '/admin/v1/migrations',
      headers: bearer(adminKey),
      payload: { targetRegion: 'eu-west-1', backupIds: [backup.id] },
    });
    expect(started.statusCode).toBe(202);
    const id: string = started.json().id;
    const progress = async () =>
      (
        await hub.app.inject({ method: 'GET', url: `/admin/v1/migrations/${id}`, headers: bearer(adminKey) })
      ).json<MigrationDto>();

    // Kill a freshly started worker at a random moment, again and again, while the migration runs.
    const kills: { afterMs: number; doneBefore: number; state: string }[] = [];
    let lastDone = 0;
    while (kills.length < 6) {
      const worker = await startWorker(env);
      workers.push(worker);
      // Let this worker make some progress first (it waits out the killed one's lease), then kill it at random.
      const t0 = Date.now();
      await waitFor(progress, (p) => p.objects.done > lastDone || !inProgress(p.state), 30_000, 'progress');
      await sleep(Math.floor(Math.random() * 1500));
      const afterMs = Date.now() - t0;
      const before = await progress();
      if (!inProgress(before.state)) break;
      await worker.kill('SIGKILL');
      expect(worker.child.signalCode).toBe('SIGKILL');
      // Checkpoints survive the kill: progress never goes back.
      expect(before.objects.done).toBeGreaterThanOrEqual(lastDone);
      lastDone = before.objects.done;
      kills.push({ afterMs, doneBefore: before.objects.done, state: before.backups[0].state });
    }
    expect(kills.length, JSON.stringify(kills)).toBeGreaterThanOrEqual(5);

    workers.push(await startWorker(env), await startWorker(env));
    const done = await waitFor(progress, (p) => !inProgress(p.state), 120_000, 'cut-over after the kills');
    expect(done.state, JSON.stringify({ done, kills })).toBe('cleanup_pending');
    expect(done.objects).toEqual({ total: 1202, done: 1202, verified: 1202 });

    const after = (
      await hub.app.inject({ method: 'POST', url: '/v1/init', headers: bearer(a.key), payload: {} })
    ).json();
    expect(after.backup.region).toBe('eu-west-1');
    const eu = s3For(after.backup.endpoint, 'eu-west-1', gateway!.hub);
    const us = s3For(backup.endpoint, 'us-east-1', gateway!.hub);
    // Exactly the source's keys, sizes and bytes: nothing lost, nothing extra.
    const target = await listAll(eu, after.backup.bucket, after.backup.prefix);
    const source = await listAll(us, backup.bucket, backup.prefix);
    expect([...target.keys()].sort()).toEqual([...source.keys()].sort());
    for (const [key, o] of source) expect(target.get(key)?.size, key).toBe(o.size);
    expect(await hashAll(eu, after.backup.bucket, after.backup.prefix)).toEqual(written);
    // One cut-over, and no copy repeated more than once per kill.
    expect(
      await hub.prisma.auditEvent.count({
        where: { targetId: backup.id, action: 'backup.migration.cutover' },
      }),
    ).toBe(1);
    const item = await hub.prisma.migrationItem.findFirstOrThrow({ where: { migrationId: id } });
    const maxAttempts = await hub.prisma.migrationObject.aggregate({
      where: { itemId: item.id },
      _max: { attempts: true },
    });
    expect(maxAttempts._max.attempts).toBeLessThanOrEqual(kills.length + 1);
    process.stdout.write(`SIGKILL test: ${kills.length} kills ${JSON.stringify(kills)}\n`);
  }, 300_000);
});
