import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { MigrationDto } from '@landfall/migrations';
import type { TestHub } from '../support/test-hub';
import { anAdminKey, anAppliance, bearer } from '../init/support/fixtures';
import {
  hashAll,
  migrationEnv,
  rewriteAll,
  s3For,
  startMigrateHub,
  startWorker,
  waitFor,
  writeBackup,
  type InitBody,
  type WorkerProcess,
  inProgress,
} from './support/migrate-support';

const gateway = inject('gateway');

/**
 * Issue 10: a worker frozen (SIGSTOP) mid-copy past its lease, resumed after another worker cut over and the agent
 * rewrote its objects at the new place, must not revert one of those writes, and must never block the new holder.
 */
describe.skipIf(!gateway)('a worker stopped past its lease and resumed after the cut-over', () => {
  const env = migrationEnv({
    NODE_ENV: 'production',
    MIGRATION_LEASE_SECONDS: '2',
    MIGRATION_CONCURRENCY: '8',
    WORKER_JOBS: '1',
  });
  let hub: TestHub;
  let adminKey: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    hub = await startMigrateHub(env);
    adminKey = await anAdminKey(hub.prisma);
  });
  afterAll(async () => {
    for (const w of workers) {
      w.child.kill('SIGCONT');
      await w.kill('SIGKILL');
    }
    await hub?.close();
  });

  const progress = async (id: string) =>
    (
      await hub.app.inject({ method: 'GET', url: `/admin/v1/migrations/${id}`, headers: bearer(adminKey) })
    ).json<MigrationDto>();

  /** Sessions sitting in an open transaction with a lock on the migration tables for more than 2 s. */
  const stuckTransactions = async () =>
    (
      await hub.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity a
        WHERE a.datname = current_database() AND a.state LIKE 'idle in transaction%'
          AND now() - a.state_change > interval '2 seconds'
          AND EXISTS (SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                      WHERE l.pid = a.pid AND c.relname IN ('migration_objects', 'migration_items'))`
    )[0].n;

  const rounds: { stoppedAt: string; reverted: number; handedBack: boolean; final: string }[] = [];

  for (const round of [1, 2, 3]) {
    it(`round ${round}: not one agent write reverted, the new holder never blocked`, async () => {
      const a = await anAppliance(hub.prisma);
      const first = (
        await hub.app.inject({ method: 'POST', url: '/v1/init', headers: bearer(a.key), payload: {} })
      ).json<InitBody>();
      const source = first.backup;
      const agentAtSource = s3For(source.endpoint, source.region, first.credentials);
      const written = await writeBackup(agentAtSource, source.bucket, source.prefix, {
        small: 300,
        medium: 24,
        multipart: 2,
      });
      const total = written.size;
      const started = await hub.app.inject({
        method: 'POST',
        url: '/admin/v1/migrations',
        headers: bearer(adminKey),
        payload: { targetRegion: 'eu-west-1', backupIds: [source.id] },
      });
      expect(started.statusCode).toBe(202);
      const id: string = started.json().id;

      // Worker A copies for a while; freeze it mid-copy (copies in flight) and keep it frozen past its lease.
      const stalled = await startWorker(env);
      workers.push(stalled);
      const before = await waitFor(
        () => progress(id),
        (p) => p.objects.done >= 20 + round * 10 || !inProgress(p.state),
        90_000,
        'worker A copying',
      );
      expect(before.state).toBe('running');
      stalled.child.kill('SIGSTOP');
      const stoppedAt = `${before.objects.done}/${before.objects.total}`;

      // Worker B takes over once A's lease ran out and goes all the way to the cut-over while A stays frozen.
      const next = await startWorker(env);
      workers.push(next);
      const cut = await waitFor(
        () => progress(id),
        (p) => !inProgress(p.state),
        120_000,
        'worker B to cut over while A is stopped',
      ).catch(async (error: Error) => {
        throw new Error(`${error.message}\nstuck transactions: ${await stuckTransactions()}`);
      });
      expect(cut.state, JSON.stringify(cut)).toBe('cleanup_pending');
      expect(cut.objects).toEqual({ total, done: total, verified: total });
      expect(await stuckTransactions()).toBe(0);

      // The agent now writes every object again, at the new place, with its new credentials.
      const after = (
        await hub.app.inject({ method: 'POST', url: '/v1/init', headers: bearer(a.key), payload: {} })
      ).json<InitBody>();
      expect(after.backup.region).toBe('eu-west-1');
      const agentAtTarget = s3For(after.backup.endpoint, after.backup.region, after.credentials);
      const last = new Map(written);
      await rewriteAll(agentAtTarget, after.backup.bucket, after.backup.prefix, last);

      // A wakes up with its copies in flight: it must notice the lost lease and write nothing.
      const handedBackBefore = stalled.output().split('migration handed back').length;
      stalled.child.kill('SIGCONT');
      await waitFor(
        () => Promise.resolve(stalled.output().split('migration handed back').length),
        (n) => n > handedBackBefore,
        60_000,
        'worker A to hand the item back',
      );
      // B is still free to finish: the clean-up after the grace period goes through.
      const final = await waitFor(
        () => progress(id),
        (p) => ['completed', 'needs_attention', 'failed'].includes(p.state),
        60_000,
        'clean-up',
      );
      const eu = s3For(after.backup.endpoint, 'eu-west-1', gateway!.hub);
      const atTarget = await hashAll(eu, after.backup.bucket, after.backup.prefix);
      const reverted = [...last].filter(([key, hash]) => atTarget.get(key) !== hash).map(([key]) => key);
      rounds.push({ stoppedAt, reverted: reverted.length, handedBack: true, final: final.state });
      expect(reverted, `agent writes reverted by the stalled worker (round ${round})`).toEqual([]);
      expect([...atTarget.keys()].sort()).toEqual([...last.keys()].sort());
      expect(final.state).toBe('completed');
      await stalled.kill('SIGKILL');
      await next.kill('SIGKILL');
      process.stdout.write(`stalled worker round ${round}: ${JSON.stringify(rounds.at(-1))}\n`);
    }, 300_000);
  }
});
