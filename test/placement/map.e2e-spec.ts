import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PlacementStateService } from '@landfall/placement';
import { anAdminKey, anAppliance, bearer } from '../init/support/fixtures';
import { startTestHub, uniqueSuffix, useGatewayRegions, type TestHub } from '../support/test-hub';

interface MapEntry {
  code: string;
  kind: string;
  countryCode: string;
  regions: string[];
  source: string;
  reason: string;
  latitude: number | null;
  appliances: number;
  backups: number;
}

describe.skipIf(!inject('gateway'))('GET /admin/v1/placement/map', () => {
  let hub: TestHub;
  let admin: Record<string, string>;
  const overrideScope = 'PT';

  beforeAll(async () => {
    hub = await startTestHub();
    await useGatewayRegions(hub.prisma);
    await hub.prisma.indexOverride.deleteMany({ where: { scope: overrideScope } });
    await hub.app.get(PlacementStateService).rebuild();
    admin = bearer(await anAdminKey(hub.prisma));
  });
  afterAll(async () => {
    await hub?.prisma.indexOverride.deleteMany({ where: { scope: overrideScope } });
    await hub?.close();
  });

  async function readMap(headers = admin): Promise<{ entries: MapEntry[]; regions: { code: string }[] }> {
    const res = await hub.app.inject({ method: 'GET', url: '/admin/v1/placement/map', headers });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  it('lists every index entry with its deciding source, location and the appliances placed there', async () => {
    const before = await readMap();
    const index = (await hub.app.inject({ method: 'GET', url: '/admin/v1/index', headers: admin })).json<
      { scope: string }[]
    >();
    expect(before.entries.map((e) => e.code).sort()).toEqual(index.map((e) => e.scope).sort());
    expect(before.regions.map((r) => r.code)).toEqual(expect.arrayContaining(['us-east-1', 'eu-west-1']));
    const california = before.entries.find((e) => e.code === 'US-CA');
    // The run's database is shared: an earlier file's US or US-CA override (a country's covers its subdivisions)
    // makes California's entry an override; otherwise geography decides it.
    const overridesOf = async (scope: string) =>
      (
        await hub.app.inject({ method: 'GET', url: `/admin/v1/overrides?scope=${scope}`, headers: admin })
      ).json<{ items: { scope: string }[] }>().items;
    const overridden = (await overridesOf('US')).length + (await overridesOf('US-CA')).length > 0;
    expect(california).toMatchObject({
      kind: 'subdivision',
      countryCode: 'US',
      source: overridden ? 'override' : 'geography',
    });
    expect(california!.latitude).toBeGreaterThan(32);
    expect(california!.latitude).toBeLessThan(42);

    // Two appliances placed in Portugal / Lisbon, one of them with a retired backup too (not counted twice).
    const bucket = await hub.prisma.bucket.create({
      data: { name: `map-${uniqueSuffix()}`, regionCode: 'eu-west-1', status: 'ready' },
    });
    const appliances: Record<number, Awaited<ReturnType<typeof anAppliance>>> = {};
    for (const [n, status] of [
      [1, 'active'],
      [2, 'active'],
      [2, 'retired'],
    ] as const) {
      const appliance = (appliances[n] ??= await anAppliance(hub.prisma));
      await hub.prisma.backup.create({
        data: {
          applianceId: appliance.applianceId,
          accountId: appliance.accountId,
          regionCode: 'eu-west-1',
          bucketId: bucket.id,
          prefix: `p-${uniqueSuffix()}`,
          status,
          placedCountry: 'PT',
          placedSubdivision: 'PT-11',
        },
      });
    }
    const portugalBefore = before.entries.find((e) => e.code === 'PT')!;
    const created = await hub.app.inject({
      method: 'POST',
      url: '/admin/v1/overrides',
      headers: admin,
      payload: { scope: overrideScope, region: 'us-east-1', reason: 'test: the map shows who decided' },
    });
    expect(created.statusCode).toBe(201);

    const after = await readMap();
    const portugal = after.entries.find((e) => e.code === 'PT')!;
    expect(portugal).toMatchObject({
      kind: 'country',
      source: 'override',
      reason: 'override: test: the map shows who decided',
      appliances: portugalBefore.appliances + 2,
      backups: portugalBefore.backups + 2,
    });
    expect(portugal.regions[0]).toBe('us-east-1');
  });

  it('needs placement:read', async () => {
    const res = await hub.app.inject({
      method: 'GET',
      url: '/admin/v1/placement/map',
      headers: bearer(await anAdminKey(hub.prisma, ['backups:read'])),
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toMatch(/^AUTH\./);
    await readMap(bearer(await anAdminKey(hub.prisma, ['placement:read'])));
  });
});
