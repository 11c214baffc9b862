import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { TestHub } from '../support/test-hub';
import { anAdminKey, anAppliance, bearer } from '../init/support/fixtures';
import { migrationEnv, startMigrateHub } from './support/migrate-support';

const gateway = inject('gateway');
/** In London in the bundled DB-IP database: a new backup lands in eu-west-1 (Dublin) by geography. */
const LONDON_IP = '81.2.69.142';

/** Issue 12: an override (an accepted suggestion or any other) can migrate the backups it would have placed differently. */
describe.skipIf(!gateway)('migrating the backups an override would have placed differently', () => {
  let hub: TestHub;
  let admin: Record<string, string>;
  const created: string[] = [];

  beforeAll(async () => {
    hub = await startMigrateHub(migrationEnv());
    admin = bearer(await anAdminKey(hub.prisma));
    await hub.prisma.indexOverride.deleteMany({ where: { scope: { in: ['NZ', 'NZ-AUK'] } } });
  });
  afterAll(async () => {
    await hub?.prisma.indexOverride.deleteMany({ where: { scope: { in: ['NZ', 'NZ-AUK'] } } });
    await hub?.close();
  });

  const call = (url: string, payload?: object) =>
    hub.app.inject({ method: 'POST', url, headers: admin, payload });

  /** A live backup in eu-west-1, recorded as placed in `country` / `subdivision`. */
  async function backupPlacedIn(country: string, subdivision: string | null): Promise<string> {
    const appliance = await anAppliance(hub.prisma);
    const init = await hub.app.inject({
      method: 'POST',
      url: '/v1/init',
      headers: bearer(appliance.key),
      remoteAddress: LONDON_IP,
      payload: {},
    });
    expect(init.statusCode, init.body).toBe(200);
    const { backup } = init.json<{ backup: { id: string; region: string } }>();
    expect(backup.region).toBe('eu-west-1');
    await hub.prisma.backup.update({
      where: { id: backup.id },
      data: { placedCountry: country, placedSubdivision: subdivision },
    });
    created.push(backup.id);
    return backup.id;
  }

  it('plans first (which backups, from -> to), changing nothing, then starts through the migration machinery', async () => {
    const auckland = await backupPlacedIn('NZ', 'NZ-AUK');
    const wellington = await backupPlacedIn('NZ', 'NZ-WGN');
    const sydney = await backupPlacedIn('AU', 'AU-NSW');
    const ownOverride = await call('/admin/v1/overrides', {
      scope: 'NZ-AUK',
      region: 'eu-west-1',
      reason: 'test: Auckland keeps its own',
    });
    expect(ownOverride.statusCode).toBe(201);
    const override = await call('/admin/v1/overrides', {
      scope: 'NZ',
      region: 'us-east-1',
      reason: 'test: measured, Virginia is faster',
    });
    expect(override.statusCode).toBe(201);
    const id = override.json<{ id: string }>().id;

    const plan = await call(`/admin/v1/overrides/${id}/migration`, { dryRun: true });
    expect(plan.statusCode, plan.body).toBe(202);
    // Only Wellington: Auckland's own override keeps eu-west-1 first, Sydney is not in the scope.
    expect(plan.json()).toMatchObject({
      dryRun: true,
      targetRegion: 'us-east-1',
      backups: [expect.objectContaining({ backupId: wellington, sourceRegion: 'eu-west-1' })],
    });
    expect(plan.json<{ backups: unknown[] }>().backups).toHaveLength(1);
    const untouched = await hub.prisma.backup.findMany({
      where: { id: { in: [auckland, wellington, sydney] } },
    });
    expect(untouched.map((b) => b.status)).toEqual(['active', 'active', 'active']);

    const started = await call(`/admin/v1/overrides/${id}/migration`, {});
    expect(started.statusCode, started.body).toBe(202);
    const migration = started.json<{
      id: string;
      targetRegion: string;
      backups: Array<{ backupId: string }>;
    }>();
    expect(migration.targetRegion).toBe('us-east-1');
    expect(migration.backups.map((b) => b.backupId)).toEqual([wellington]);
    const after = await hub.prisma.backup.findMany({ where: { id: { in: [auckland, wellington, sydney] } } });
    expect(Object.fromEntries(after.map((b) => [b.id, b.status]))).toEqual({
      [auckland]: 'active',
      [wellington]: 'migrating',
      [sydney]: 'active',
    });
    const audit = await hub.prisma.auditEvent.count({ where: { targetId: migration.id } });
    expect(audit).toBeGreaterThan(0);

    // Nothing left to move: a second run is refused with a code, not an empty migration.
    const again = await call(`/admin/v1/overrides/${id}/migration`, { dryRun: true });
    expect(again.statusCode).toBe(400);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('MIGRATION.EMPTY_SELECTION');
    expect((await call(`/admin/v1/migrations/${migration.id}/cancel`)).statusCode).toBe(200);
  });

  it('refuses an unknown override, a bad id and a bad body with stable codes', async () => {
    const unknown = await call('/admin/v1/overrides/00000000-0000-4000-8000-000000000000/migration', {});
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('OVERRIDE.NOT_FOUND');
    expect((await call('/admin/v1/overrides/not-a-uuid/migration', {})).statusCode).toBe(400);
    const badBody = await call('/admin/v1/overrides/00000000-0000-4000-8000-000000000000/migration', {
      dryRun: 'yes',
    });
    expect(badBody.statusCode).toBe(400);
  });
});
