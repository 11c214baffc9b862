import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdminKey, anAppliance, bearer } from '../init/support/fixtures';
import { startTestHub, uniqueSuffix, type TestHub } from '../support/test-hub';

interface Totals {
  backups: number;
  bytes: number;
  appliances: number;
}
interface Stats {
  totals: Totals;
  regions: (Totals & { code: string; status: string; buckets: Record<string, number> })[];
  accounts: (Totals & { accountId: string; name: string })[];
  accountsWithBackups: number;
  signalsLast24h: { signal: string; inits: number }[];
  at: string;
}

describe('GET /admin/v1/stats', () => {
  let hub: TestHub;
  let admin: Record<string, string>;
  const region = `stats-${uniqueSuffix()}`.toLowerCase();
  const signal = `stats-signal-${uniqueSuffix()}`;

  beforeAll(async () => {
    hub = await startTestHub();
    admin = bearer(await anAdminKey(hub.prisma));
    await hub.prisma.region.create({
      data: {
        code: region,
        displayName: 'Stats test',
        latitude: 1,
        longitude: 2,
        endpoint: 'http://127.0.0.1:1',
      },
    });
  });
  afterAll(async () => {
    await hub?.prisma.backup.deleteMany({ where: { regionCode: region } });
    await hub?.prisma.bucket.deleteMany({ where: { regionCode: region } });
    await hub?.prisma.region.deleteMany({ where: { code: region } });
    await hub?.close();
  });

  async function stats(url = '/admin/v1/stats?accounts=1000'): Promise<Stats> {
    const res = await hub.app.inject({ method: 'GET', url, headers: admin });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it('counts live backups, bytes and appliances per region and account, bucket readiness and recent signals', async () => {
    const before = await stats();
    expect(before.regions.find((r) => r.code === region)).toMatchObject({
      backups: 0,
      bytes: 0,
      appliances: 0,
      buckets: { ready: 0, pending: 0, writable: 0, notWritable: 0, unprobed: 0 },
    });

    const ready = await hub.prisma.bucket.create({
      data: {
        name: `st-${uniqueSuffix()}`.toLowerCase(),
        regionCode: region,
        status: 'ready',
        writable: true,
      },
    });
    await hub.prisma.bucket.create({
      data: {
        name: `st-${uniqueSuffix()}`.toLowerCase(),
        regionCode: region,
        status: 'ready',
        writable: false,
      },
    });
    await hub.prisma.bucket.create({
      data: { name: `st-${uniqueSuffix()}`.toLowerCase(), regionCode: region, status: 'pending' },
    });
    const one = await anAppliance(hub.prisma);
    const two = await anAppliance(hub.prisma, one.accountId);
    for (const [appliance, status, sizeBytes] of [
      [one, 'active', 1000],
      [two, 'migrating', 500],
      [two, 'retired', 7777],
    ] as const) {
      await hub.prisma.backup.create({
        data: {
          applianceId: appliance.applianceId,
          accountId: appliance.accountId,
          regionCode: region,
          bucketId: ready.id,
          prefix: `p-${uniqueSuffix()}`,
          status,
          sizeBytes,
        },
      });
    }
    const now = Date.now();
    for (const at of [new Date(now - 60_000), new Date(now - 120_000), new Date(now - 25 * 3600_000)]) {
      await hub.prisma.auditEvent.create({
        data: {
          at,
          actorType: 'appliance',
          action: 'backup.init',
          targetType: 'backup',
          after: { placementSignal: signal },
        },
      });
    }

    const after = await stats();
    expect(after.regions.find((r) => r.code === region)).toEqual({
      code: region,
      status: 'active',
      backups: 2,
      bytes: 1500,
      appliances: 2,
      buckets: { ready: 2, pending: 1, writable: 1, notWritable: 1, unprobed: 0 },
    });
    expect(after.accounts.find((a) => a.accountId === one.accountId)).toMatchObject({
      backups: 2,
      bytes: 1500,
      appliances: 2,
    });
    expect(after.accountsWithBackups).toBe(before.accountsWithBackups + 1);
    expect(after.totals).toEqual({
      backups: before.totals.backups + 2,
      bytes: before.totals.bytes + 1500,
      appliances: before.totals.appliances + 2,
    });
    // Only the two inits of the last 24 h count.
    expect(after.signalsLast24h.find((s) => s.signal === signal)).toEqual({ signal, inits: 2 });
    expect(after.accounts.map((a) => a.bytes)).toEqual(
      [...after.accounts.map((a) => a.bytes)].sort((a, b) => b - a),
    );

    const limited = await stats('/admin/v1/stats?accounts=1');
    expect(limited.accounts).toHaveLength(1);
    expect(limited.accountsWithBackups).toBe(after.accountsWithBackups);
  });

  it.each(['0', '1001', 'many', '1.5'])('refuses accounts=%s with the 400 envelope', async (value) => {
    const res = await hub.app.inject({
      method: 'GET',
      url: `/admin/v1/stats?accounts=${value}`,
      headers: admin,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'REQUEST.INVALID' } });
  });

  it('needs backups:read', async () => {
    const other = bearer(await anAdminKey(hub.prisma, ['regions:read']));
    const res = await hub.app.inject({ method: 'GET', url: '/admin/v1/stats', headers: other });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'AUTH.MISSING_PERMISSION' } });
    const reader = bearer(await anAdminKey(hub.prisma, ['backups:read']));
    expect(
      (await hub.app.inject({ method: 'GET', url: '/admin/v1/stats', headers: reader })).statusCode,
    ).toBe(200);
  });
});
