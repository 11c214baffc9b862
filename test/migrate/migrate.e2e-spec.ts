import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { MigrationDto } from '@landfall/migrations';
import type { TestHub } from '../support/test-hub';
import { anAdminKey, anAppliance, bearer, type ApplianceFixture } from '../init/support/fixtures';
import {
  hashAll,
  listAll,
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

describe.skipIf(!gateway)('migrating a backup between two real regions', () => {
  const env = migrationEnv();
  let hub: TestHub;
  let adminKey: string;
  let worker: WorkerProcess | undefined;
  const endpointOf = (region: string) => gateway!.regions.find((r) => r.code === region)!.endpoint;
  const admin = (region: string): S3Client => s3For(endpointOf(region), region, gateway!.hub);

  beforeAll(async () => {
    hub = await startMigrateHub(env);
    adminKey = await anAdminKey(hub.prisma);
  });
  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await hub?.close();
  });

  const init = async (a: ApplianceFixture) =>
    hub.app.inject({ method: 'POST', url: '/v1/init', headers: bearer(a.key), payload: {} });
  const migrate = (payload: object) =>
    hub.app.inject({ method: 'POST', url: '/admin/v1/migrations', headers: bearer(adminKey), payload });
  const progress = async (id: string) =>
    (
      await hub.app.inject({ method: 'GET', url: `/admin/v1/migrations/${id}`, headers: bearer(adminKey) })
    ).json<MigrationDto>();

  async function backupWithData(counts: { small: number; multipart: number }) {
    const a = await anAppliance(hub.prisma);
    const first: InitBody = (await init(a)).json();
    const { backup, credentials } = first;
    const agent = s3For(backup.endpoint, backup.region, credentials);
    const written = await writeBackup(agent, backup.bucket, backup.prefix, counts);
    return { a, backup, written };
  }

  describe('bad input answers 4xx with a code', () => {
    it('unknown or disabled target, target = source, empty or missing selection, unknown backup', async () => {
      const a = await anAppliance(hub.prisma);
      const { backup } = (await init(a)).json<InitBody>();
      await hub.prisma.region.upsert({
        where: { code: 'xx-off-1' },
        create: {
          code: 'xx-off-1',
          displayName: 'off',
          latitude: 0,
          longitude: 0,
          endpoint: 'http://127.0.0.1:9',
          status: 'disabled',
        },
        update: { status: 'disabled' },
      });
      const cases: [object, number, string][] = [
        [{ targetRegion: 'nowhere-1', backupIds: [backup.id] }, 400, 'MIGRATION.UNKNOWN_REGION'],
        [{ targetRegion: 'xx-off-1', backupIds: [backup.id] }, 409, 'MIGRATION.REGION_NOT_ACTIVE'],
        [{ targetRegion: 'us-east-1', backupIds: [backup.id] }, 400, 'MIGRATION.TARGET_IS_SOURCE'],
        [{ targetRegion: 'eu-west-1', sourceRegion: 'eu-west-1' }, 400, 'MIGRATION.TARGET_IS_SOURCE'],
        [{ targetRegion: 'eu-west-1' }, 400, 'MIGRATION.NO_SELECTION'],
        [
          { targetRegion: 'eu-west-1', accountId: '00000000-0000-4000-8000-000000000000' },
          400,
          'MIGRATION.EMPTY_SELECTION',
        ],
        [
          { targetRegion: 'eu-west-1', backupIds: ['00000000-0000-4000-8000-000000000000'] },
          404,
          'BACKUP.NOT_FOUND',
        ],
        [{ targetRegion: 'eu-west-1', backupIds: ['not-a-uuid'] }, 400, 'REQUEST.INVALID'],
      ];
      for (const [payload, status, code] of cases) {
        const res = await migrate(payload);
        expect({ payload, status: res.statusCode, code: res.json().error?.code }).toEqual({
          payload,
          status,
          code,
        });
      }
    });
  });

  // One story told in order, so one test: no test depends on another's state (each step below needs the previous).
  it('migrates a backup of 1,000+ objects (small and multipart): dry run, freeze, copy, cut-over, clean-up', async () => {
    const { a, backup: source, written } = await backupWithData({ small: 1000, multipart: 3 });
    let migrationId = '';

    // dry run returns the plan: objects, bytes, estimated time; nothing changes
    {
      const res = await migrate({ targetRegion: 'eu-west-1', backupIds: [source.id], dryRun: true });
      expect(res.statusCode).toBe(202);
      const plan = res.json();
      const listed = await listAll(admin('us-east-1'), source.bucket, source.prefix);
      const bytes = [...listed.values()].reduce((n, o) => n + o.size, 0);
      expect(plan).toMatchObject({ dryRun: true, targetRegion: 'eu-west-1', objects: 1003, bytes });
      expect(plan.backups).toEqual([
        { backupId: source.id, sourceRegion: 'us-east-1', objects: 1003, bytes, basis: 'listed' },
      ]);
      expect(plan.estimatedSeconds).toBeGreaterThan(0);
      expect((await init(a)).statusCode).toBe(200);
    }

    // freezes the backup: init and credential refresh answer 409 BACKUP.MIGRATING with Retry-After
    {
      const res = await migrate({ targetRegion: 'eu-west-1', backupIds: [source.id] });
      expect(res.statusCode).toBe(202);
      migrationId = res.json().id;
      // No worker runs yet (one a previous test file killed may still count as live for three heartbeats).
      expect(res.json().state).toMatch(/^(waiting_for_worker|running)$/);
      const blocked = await init(a);
      expect(blocked.statusCode).toBe(409);
      expect(blocked.json().error.code).toBe('BACKUP.MIGRATING');
      expect(blocked.headers['retry-after']).toBe('60');
      const refresh = await hub.app.inject({
        method: 'POST',
        url: `/v1/backups/${source.id}/credentials`,
        headers: bearer(a.key),
      });
      expect(refresh.statusCode).toBe(409);
      expect(refresh.json().error.code).toBe('BACKUP.MIGRATING');
      const again = await migrate({ targetRegion: 'eu-west-1', backupIds: [source.id] });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('MIGRATION.ALREADY_MIGRATING');
    }

    // a worker process copies, verifies and cuts over; every object is byte-identical at the target
    {
      worker = await startWorker(env);
      const seen: string[] = [];
      const done = await waitFor(
        () => progress(migrationId),
        (p) => {
          seen.push(
            `${p.state} ${p.objects.done}/${p.objects.total} ${JSON.stringify(p.errors)} ${p.backups[0]?.state}`,
          );
          return !inProgress(p.state);
        },
        // A deadline for a condition, not a speed check: this machine may be shared and slow.
        180_000,
        'cut-over',
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${seen.slice(-5).join('\n')}\n${worker!.output().slice(-4000)}`);
      });
      expect(done.state, JSON.stringify(done)).toBe('cleanup_pending');
      expect(done.objects).toEqual({ total: 1003, done: 1003, verified: 1003 });
      expect(done.bytes.done).toBe(done.bytes.total);
      expect(done.backups[0]).toMatchObject({ state: 'cut_over', sourceDeletedAt: null });
      // Kept until the grace period is over (checked first: hashing the target may outlast the grace period).
      expect((await listAll(admin('us-east-1'), source.bucket, source.prefix)).size).toBe(1003);

      const target = (await init(a)).json<InitBody>();
      expect(target.backup).toMatchObject({
        id: source.id,
        region: 'eu-west-1',
        endpoint: endpointOf('eu-west-1'),
      });
      expect(target.backup.bucket).not.toBe(source.bucket);
      expect(await hashAll(admin('eu-west-1'), target.backup.bucket, target.backup.prefix)).toEqual(written);

      // The agent writes to the new place with the new credentials.
      const agent = s3For(target.backup.endpoint, target.backup.region, target.credentials);
      await agent.send(
        new PutObjectCommand({
          Bucket: target.backup.bucket,
          Key: `${target.backup.prefix}/after.txt`,
          Body: 'new',
        }),
      );
    }

    // removes the source only after the grace period, and audits every step
    {
      const done = await waitFor(
        () => progress(migrationId),
        (p) => ['completed', 'failed', 'needs_attention', 'cancelled'].includes(p.state),
        60_000,
        'clean-up',
      );
      expect(done.state, JSON.stringify(done)).toBe('completed');
      expect(done.backups[0].sourceDeletedAt).not.toBeNull();
      const deletedAt = new Date(done.backups[0].sourceDeletedAt!).getTime();
      expect(deletedAt - new Date(done.backups[0].cutOverAt!).getTime()).toBeGreaterThanOrEqual(8000);
      expect((await listAll(admin('us-east-1'), source.bucket, source.prefix)).size).toBe(0);
      const events = await hub.prisma.auditEvent.findMany({
        where: {
          OR: [{ targetId: source.id }, { targetId: migrationId }],
          action: { startsWith: 'backup.migration' },
        },
        orderBy: { id: 'asc' },
      });
      expect(events.map((e) => e.action)).toEqual([
        'backup.migration.freeze',
        'backup.migration.copy_started',
        'backup.migration.cutover',
        'backup.migration.source_deleted',
      ]);
      expect(
        await hub.prisma.auditEvent.count({ where: { targetId: migrationId, action: 'migration.create' } }),
      ).toBe(1);
    }
  }, 480_000);

  it('cancel before cut-over leaves the source untouched and the backup writable again', async () => {
    await worker?.kill('SIGTERM');
    worker = undefined;
    const { a, backup, written } = await backupWithData({ small: 40, multipart: 0 });
    const started = await migrate({ targetRegion: 'eu-west-1', accountId: a.accountId });
    expect(started.statusCode).toBe(202);
    expect((await init(a)).statusCode).toBe(409);
    const cancelled = await hub.app.inject({
      method: 'POST',
      url: `/admin/v1/migrations/${started.json().id}/cancel`,
      headers: bearer(adminKey),
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().state).toBe('cancelled');
    const after = (await init(a)).json<InitBody>();
    expect(after.backup).toMatchObject({ id: backup.id, region: 'us-east-1', bucket: backup.bucket });
    expect(await hashAll(admin('us-east-1'), backup.bucket, backup.prefix)).toEqual(written);
    const again = await hub.app.inject({
      method: 'POST',
      url: `/admin/v1/migrations/${started.json().id}/cancel`,
      headers: bearer(adminKey),
    });
    expect(again.statusCode).toBe(200);
  });
});
