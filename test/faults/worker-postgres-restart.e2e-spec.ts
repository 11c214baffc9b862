import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { MigrationDto } from '@landfall/migrations';
import { anAdminKey, anAppliance, bearer } from '../init/support/fixtures';
import {
  hashAll,
  migrationEnv,
  s3For,
  startWorker,
  writeBackup,
  type WorkerProcess,
  inProgress,
} from '../migrate/support/migrate-support';
import { startDatabaseFaultBed, type DatabaseFaultBed } from '../support/database-fault-bed';
import type { HubProcess } from '../support/hub-process';

const gateway = inject('gateway');

/**
 * PostgreSQL restarted four times while a worker process copies a backup to another region: the hub and the worker
 * stay up (no unhandled rejection kills either), the migration completes by itself, and no pg-boss job is left
 * `active`.
 */
describe.skipIf(!gateway)('hub and worker processes while PostgreSQL restarts during a migration', () => {
  let bed: DatabaseFaultBed;
  let hub: HubProcess;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    bed = await startDatabaseFaultBed(migrationEnv({ MIGRATION_CONCURRENCY: '2', WORKER_JOBS: '1' }));
    hub = await bed.startHub();
  }, 240_000);
  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await bed?.close();
  });

  it('four restarts mid-copy: both processes stay up, the migration completes, no job stuck active', async () => {
    const adminKey = await anAdminKey(bed.prisma);
    const a = await anAppliance(bed.prisma);
    const init = await call(hub.url, 'POST', '/v1/init', a.key, {});
    expect(init.status).toBe(200);
    const { backup, credentials } = init.body as {
      backup: { id: string; endpoint: string; region: string; bucket: string; prefix: string };
      credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
    };
    const agent = s3For(backup.endpoint, backup.region, credentials);
    const written = await writeBackup(agent, backup.bucket, backup.prefix, { small: 600, multipart: 0 });

    worker = await startWorker({ ...bed.env, LOG_LEVEL: 'info' });
    const started = await call(hub.url, 'POST', '/admin/v1/migrations', adminKey, {
      targetRegion: 'eu-west-1',
      backupIds: [backup.id],
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const id = (started.body as { id: string }).id;
    const progress = async (): Promise<MigrationDto | null> => {
      // A process that died fails the test at once, with what it said last.
      for (const [name, p] of [
        ['hub', hub],
        ['worker', worker!],
      ] as const) {
        if (p.child.exitCode !== null || p.child.signalCode !== null)
          throw new Error(
            `${name} exited (${p.child.exitCode ?? p.child.signalCode}):\n${p.output().slice(-4000)}`,
          );
      }
      const res = await call(hub.url, 'GET', `/admin/v1/migrations/${id}`, adminKey).catch(() => null);
      return res?.status === 200 ? (res.body as MigrationDto) : null;
    };

    const restarts: { doneBefore: number }[] = [];
    let lastDone = -1;
    while (restarts.length < 4) {
      const now = await waitFor(
        progress,
        (p) => p !== null && (p.objects.done > lastDone || !inProgress(p.state)),
        120_000,
        'progress before a restart',
      );
      lastDone = now!.objects.done;
      restarts.push({ doneBefore: lastDone });
      await bed.pg.restart('fast');
    }
    const done = await waitFor(
      progress,
      (p) => p !== null && !inProgress(p.state) && p.state !== 'cleanup_pending',
      180_000,
      'a final state',
    );
    expect(done!.state, JSON.stringify(done)).toBe('completed');
    expect(done!.objects).toEqual({ total: 600, done: 600, verified: 600 });

    expect(hub.child.exitCode, hub.output()).toBeNull();
    expect(worker.child.exitCode, worker.output()).toBeNull();
    expect(worker.child.signalCode).toBeNull();
    await waitFor(
      async () =>
        (
          await bed.pg.query<{ n: number }>(ACTIVE_JOBS, databaseOf(bed.databaseUrl)).catch(() => [{ n: -1 }])
        )[0].n,
      (n) => n === 0,
      60_000,
      'no pg-boss job left active',
    );

    const after = await call(hub.url, 'POST', '/v1/init', a.key, {});
    const moved = (
      after.body as { backup: { endpoint: string; bucket: string; prefix: string; region: string } }
    ).backup;
    expect(moved.region).toBe('eu-west-1');
    expect(
      await hashAll(s3For(moved.endpoint, 'eu-west-1', gateway!.hub), moved.bucket, moved.prefix),
    ).toEqual(written);
    const seen = (pattern: RegExp) => (worker!.output().match(pattern) ?? []).length;
    const paths = {
      attemptsNotRecorded: seen(/migration attempt ended without being recorded/g),
      jobCompletionRetried: seen(/could not mark a migration job done/g),
      queueErrors: seen(/job queue error/g),
      databaseRejectionsSurvived: seen(/unhandled rejection from a database outage/g),
    };
    process.stdout.write(`worker under 4 PostgreSQL restarts: ${JSON.stringify({ restarts, paths })}\n`);
  }, 420_000);
});

const ACTIVE_JOBS = `select count(*)::int as n from pgboss.job where state = 'active'`;

function databaseOf(url: string): string {
  return new URL(url).pathname.slice(1);
}

async function call(
  base: string,
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...bearer(key), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
