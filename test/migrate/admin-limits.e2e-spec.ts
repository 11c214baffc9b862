import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { MigrationDto } from '@landfall/migrations';
import type { TestHub } from '../support/test-hub';
import { uniqueSuffix } from '../support/test-hub';
import { anAdminKey, anAppliance, bearer } from '../init/support/fixtures';
import {
  migrationEnv,
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
 * Issue 10: a migration of thousands of backups is created in one go (not 3 statements per backup in a 5 s
 * transaction), a larger selection than the limit is refused with a code, the dry run stays bounded; a migrating
 * backup cannot be retired; a cut-over that can never happen ends the item at once instead of retrying for hours.
 */
describe.skipIf(!gateway)('migration limits and the backup lifecycle', () => {
  const env = migrationEnv({ NODE_ENV: 'production' });
  let hub: TestHub;
  let adminKey: string;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    hub = await startMigrateHub(env);
    adminKey = await anAdminKey(hub.prisma);
  });
  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await hub?.close();
  });

  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    hub.app.inject({ method, url, headers: bearer(adminKey), payload });
  const init = (key: string) =>
    hub.app.inject({ method: 'POST', url: '/v1/init', headers: bearer(key), payload: {} });

  /** `n` backups of one account in us-east-1's shared bucket, written straight to the database. */
  async function manyBackups(n: number, sizeBytes: number): Promise<string> {
    const seed = await anAppliance(hub.prisma);
    const { backup } = (await init(seed.key)).json<InitBody>();
    const bucket = await hub.prisma.bucket.findUniqueOrThrow({ where: { name: backup.bucket } });
    const tag = uniqueSuffix();
    const appliances = Array.from({ length: n - 1 }, (_, i) => ({
      id: randomUUID(),
      accountId: seed.accountId,
      name: `bulk-${tag}-${i}`,
    }));
    for (let i = 0; i < appliances.length; i += 2000) {
      await hub.prisma.appliance.createMany({ data: appliances.slice(i, i + 2000) });
      await hub.prisma.backup.createMany({
        data: appliances.slice(i, i + 2000).map((a) => ({
          applianceId: a.id,
          accountId: seed.accountId,
          regionCode: 'us-east-1',
          bucketId: bucket.id,
          prefix: `bulk/${tag}/${a.id}`,
          sizeBytes: BigInt(sizeBytes),
        })),
      });
    }
    return seed.accountId;
  }

  it('a backup no longer frozen at its source at cut-over → the item fails at once, coded, not retried', async () => {
    const a = await anAppliance(hub.prisma);
    const { backup, credentials } = (await init(a.key)).json<InitBody>();
    await writeBackup(s3For(backup.endpoint, backup.region, credentials), backup.bucket, backup.prefix, {
      small: 30,
      multipart: 0,
    });
    const started = await call('POST', '/admin/v1/migrations', {
      targetRegion: 'eu-west-1',
      backupIds: [backup.id],
    });
    const id: string = started.json().id;
    // Someone edits the backup behind the migration's back (the API refuses this; a database edit does not).
    await hub.prisma.backup.update({ where: { id: backup.id }, data: { status: 'retired' } });
    worker = await startWorker(env);
    const done = await waitFor(
      async () => (await call('GET', `/admin/v1/migrations/${id}`)).json<MigrationDto>(),
      (p) => !inProgress(p.state),
      120_000,
      'the migration to stop',
    );
    expect(done.state, JSON.stringify(done)).toBe('failed');
    const item = await hub.prisma.migrationItem.findFirstOrThrow({ where: { migrationId: id } });
    expect(item.failures).toBe(1);
    expect(item.lastError).toMatch(/PermanentMigrationError: cut-over refused: backup .* is retired/);
    expect((await hub.prisma.backup.findUniqueOrThrow({ where: { id: backup.id } })).status).toBe('retired');
    // The tests below queue thousands of items they never mean to run.
    await worker.kill('SIGTERM');
    worker = undefined;
  }, 180_000);

  it('3,000 backups: one migration, created in one go; the dry run says what its estimate is based on', async () => {
    const accountId = await manyBackups(3000, 1024 * 1024);
    const plan = await call('POST', '/admin/v1/migrations', {
      targetRegion: 'eu-west-1',
      accountId,
      dryRun: true,
    });
    expect(plan.statusCode, plan.body).toBe(202);
    expect(plan.json().estimate).toMatchObject({ listedBackups: 20, totalBackups: 3000 });
    expect(plan.json().estimate.note).toMatch(/estimate based on 20 listed backups of 3000/);
    expect(plan.json().backups).toHaveLength(3000);
    expect(plan.json().backups[2999]).toMatchObject({ basis: 'reported', bytes: 1024 * 1024 });

    const started = await call('POST', '/admin/v1/migrations', { targetRegion: 'eu-west-1', accountId });
    expect(started.statusCode, started.body).toBe(202);
    const id: string = started.json().id;
    expect(await hub.prisma.migrationItem.count({ where: { migrationId: id } })).toBe(3000);
    expect(await hub.prisma.backup.count({ where: { accountId, status: 'migrating' } })).toBe(3000);
    expect(
      await hub.prisma.auditEvent.count({
        where: { action: 'backup.migration.freeze', after: { path: ['migrationId'], equals: id } },
      }),
    ).toBe(3000);
    const cancelled = await call('POST', `/admin/v1/migrations/${id}/cancel`);
    expect(cancelled.json().state).toBe('cancelled');
    expect(await hub.prisma.backup.count({ where: { accountId, status: 'active' } })).toBe(3000);
    // Each cancelled item still has its job queued (a worker would only find it cancelled): remove them, so the
    // workers of the test files after this one do not first drain 3,000 no-op jobs from the shared queue.
    await hub.prisma.$executeRaw`
      DELETE FROM pgboss.job WHERE name = 'landfall-migration' AND state = 'created'
        AND data->>'itemId' IN (SELECT id::text FROM migration_items WHERE migration_id = ${id}::uuid)`;
  }, 240_000);

  it('a selection above 10,000 backups → 400 MIGRATION.SELECTION_TOO_LARGE, nothing frozen', async () => {
    const accountId = await manyBackups(10_001, 0);
    const res = await call('POST', '/admin/v1/migrations', { targetRegion: 'eu-west-1', accountId });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('MIGRATION.SELECTION_TOO_LARGE');
    expect(res.json().error.message).toMatch(/10000/);
    expect(await hub.prisma.backup.count({ where: { accountId, status: 'migrating' } })).toBe(0);
  }, 240_000);

  it('a migrating backup cannot be retired: 409 BACKUP.MIGRATING; after cancelling it can', async () => {
    const a = await anAppliance(hub.prisma);
    const { backup } = (await init(a.key)).json<InitBody>();
    const started = await call('POST', '/admin/v1/migrations', {
      targetRegion: 'eu-west-1',
      backupIds: [backup.id],
    });
    expect(started.statusCode).toBe(202);
    const refused = await call('POST', `/admin/v1/backups/${backup.id}/retire`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('BACKUP.MIGRATING');
    expect((await hub.prisma.backup.findUniqueOrThrow({ where: { id: backup.id } })).status).toBe(
      'migrating',
    );
    await call('POST', `/admin/v1/migrations/${started.json().id}/cancel`);
    const retired = await call('POST', `/admin/v1/backups/${backup.id}/retire`);
    expect(retired.statusCode).toBe(200);
    expect(retired.json().status).toBe('retired');
  });
});
