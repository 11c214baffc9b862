import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlacementStateService } from '@landfall/placement';
import { anAdminKey, anAppliance, bearer } from '../init/support/fixtures';
import { startHubProcess, type HubProcess } from '../support/hub-process';
import { startTestHub, useGatewayRegions, type TestHub } from '../support/test-hub';

/** 81.2.69.142 is in London in the bundled DB-IP database: GB / GB-ENG, nearest test region eu-west-1. */
const LONDON_IP = '81.2.69.142';

describe('index overrides across hub replicas', () => {
  let hubA: TestHub;
  let hubB: HubProcess;
  let admin: Record<string, string>;

  beforeAll(async () => {
    hubA = await startTestHub();
    await useGatewayRegions(hubA.prisma);
    await hubA.prisma.indexOverride.deleteMany({ where: { scope: { in: ['GB', 'GB-ENG'] } } });
    await hubA.app.get(PlacementStateService).rebuild();
    hubB = await startHubProcess();
    admin = bearer(await anAdminKey(hubA.prisma));
  });
  afterAll(async () => {
    await hubA?.prisma.indexOverride.deleteMany({ where: { scope: { in: ['GB', 'GB-ENG'] } } });
    await hubB?.stop();
    await hubA?.close();
  });

  async function explainOnB(): Promise<{
    region: string;
    signal: string;
    override?: { scope: string };
    subdivisionCode: string;
  }> {
    const res = await fetch(`${hubB.url}/admin/v1/placement/explain?ip=${LONDON_IP}`, { headers: admin });
    if (res.status !== 200)
      throw new Error(`explain on B: ${res.status} ${await res.text()}\n${hubB.output()}`);
    return (await res.json()) as never;
  }

  it('previews, applies on another replica within a second, audits, and reverts an override', async () => {
    const before = await explainOnB();
    expect(before).toMatchObject({ region: 'eu-west-1', subdivisionCode: 'GB-ENG' });
    const scope = before.signal === 'geoip-subdivision' ? 'GB-ENG' : 'GB';

    const body = { scope, region: 'us-east-1', reason: 'test: transatlantic peering agreement' };
    const preview = await hubA.app.inject({
      method: 'POST',
      url: '/admin/v1/overrides:preview',
      headers: admin,
      payload: body,
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json().changedEntries).toEqual([
      expect.objectContaining({
        scope,
        before: expect.arrayContaining(['eu-west-1']),
        after: expect.arrayContaining(['us-east-1']),
      }),
    ]);
    expect(preview.json().changedEntries[0].after[0]).toBe('us-east-1');

    const created = await hubA.app.inject({
      method: 'POST',
      url: '/admin/v1/overrides',
      headers: admin,
      payload: body,
    });
    expect(created.statusCode).toBe(201);
    const override = created.json();
    const appliedAt = Date.now();

    let after = await explainOnB();
    while (after.region !== 'us-east-1' && Date.now() - appliedAt < 1000) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      after = await explainOnB();
    }
    expect(after).toMatchObject({ region: 'us-east-1', override: { scope } });

    const audit = await hubA.prisma.auditEvent.findFirstOrThrow({
      where: { action: 'override.create', targetId: override.id },
    });
    expect(audit).toMatchObject({
      actorType: 'admin',
      after: expect.objectContaining({ scope, region: 'us-east-1' }),
    });

    const removed = await hubA.app.inject({
      method: 'DELETE',
      url: `/admin/v1/overrides/${override.id}`,
      headers: admin,
    });
    expect(removed.statusCode).toBe(204);
    const deletedAt = Date.now();
    let reverted = await explainOnB();
    while (reverted.region !== 'eu-west-1' && Date.now() - deletedAt < 1000) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      reverted = await explainOnB();
    }
    expect(reverted.region).toBe('eu-west-1');
    expect(
      await hubA.prisma.auditEvent.count({ where: { action: 'override.delete', targetId: override.id } }),
    ).toBe(1);
  });

  it("a country override applies to the country's subdivision entries unless they have their own, and preview says which", async () => {
    const resolve = async () => {
      const res = await hubA.app.inject({
        method: 'POST',
        url: '/admin/v1/placement:resolve',
        headers: admin,
        payload: {
          locations: [
            { id: 'london', latitude: 51.51, longitude: -0.13, country: 'GB', subdivision: 'GB-ENG' },
            { id: 'edinburgh', latitude: 55.95, longitude: -3.19, country: 'GB', subdivision: 'GB-SCT' },
          ],
        },
      });
      expect(res.statusCode).toBe(200);
      return Object.fromEntries(
        (res.json().items as { id: string; region: string; signal: string }[]).map((i) => [i.id, i]),
      );
    };
    const post = async <T>(url: string, payload: object, status: number): Promise<T> => {
      const res = await hubA.app.inject({ method: 'POST', url, headers: admin, payload });
      expect(res.statusCode).toBe(status);
      return res.json<T>();
    };
    const create = async (payload: object) =>
      (await post<{ id: string }>('/admin/v1/overrides', payload, 201)).id;
    const preview = (payload: object) =>
      post<{
        changedEntries: { scope: string }[];
        subdivisions: { covered: string[]; notCovered: { scope: string; region: string }[] };
      }>('/admin/v1/overrides:preview', payload, 200);
    const before = await resolve();
    expect(before.london).toMatchObject({ region: 'eu-west-1', signal: 'geoip-subdivision' });

    const country = { scope: 'GB', region: 'us-east-1', reason: 'test: country-wide override' };
    const shown = await preview(country);
    expect(shown.subdivisions.covered).toEqual(
      expect.arrayContaining(['GB-ENG', 'GB-SCT', 'GB-WLS', 'GB-NIR']),
    );
    expect(shown.subdivisions.notCovered).toEqual([]);
    expect(shown.changedEntries.map((e) => e.scope)).toEqual(
      expect.arrayContaining(['GB', 'GB-ENG', 'GB-SCT']),
    );

    const ids = [await create(country)];
    try {
      const covered = await resolve();
      expect(covered.london).toMatchObject({ region: 'us-east-1', signal: 'geoip-subdivision' });
      expect(covered.edinburgh).toMatchObject({ region: 'us-east-1' });

      ids.push(
        await create({ scope: 'GB-SCT', region: 'eu-west-1', reason: 'test: Scotland keeps its own' }),
      );
      const mixed = await resolve();
      expect(mixed.london.region).toBe('us-east-1');
      expect(mixed.edinburgh.region).toBe('eu-west-1');
      const again = await preview({ ...country, reason: 'test: the same override, previewed again' });
      expect(again.subdivisions.notCovered).toEqual([{ scope: 'GB-SCT', region: 'eu-west-1' }]);
      expect(again.subdivisions.covered).not.toContain('GB-SCT');
      expect(again.subdivisions.covered).toContain('GB-ENG');
    } finally {
      for (const id of ids)
        await hubA.app.inject({ method: 'DELETE', url: `/admin/v1/overrides/${id}`, headers: admin });
    }
    expect((await resolve()).london.region).toBe('eu-west-1');
  });

  it.each([
    [{ scope: 'ZZ', region: 'us-east-1', reason: 'nowhere land' }, 400, 'OVERRIDE.UNKNOWN_SCOPE'],
    [{ scope: 'US-ZZ', region: 'us-east-1', reason: 'no such state' }, 400, 'OVERRIDE.UNKNOWN_SCOPE'],
    [{ scope: 'FR', region: 'mars-north-1', reason: 'too far' }, 400, 'OVERRIDE.UNKNOWN_REGION'],
    [{ scope: 'FR', region: 'us-east-1' }, 400, 'REQUEST.INVALID'],
    [
      { scope: 'FR', region: 'us-east-1', reason: 'ok reason', expiresAt: '2001-01-01T00:00:00Z' },
      400,
      'OVERRIDE.EXPIRY_IN_PAST',
    ],
    [{ scope: 'fr', region: 'us-east-1', reason: 'lower case' }, 400, 'REQUEST.INVALID'],
  ])('rejects %j with %i %s, writing nothing', async (payload, status, code) => {
    const res = await hubA.app.inject({
      method: 'POST',
      url: '/admin/v1/overrides',
      headers: admin,
      payload,
    });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(await hubA.prisma.indexOverride.count({ where: { scope: payload.scope } })).toBe(0);
  });

  it('refuses a second override for the same scope with 409', async () => {
    const payload = { scope: 'PT', region: 'eu-west-1', reason: 'test duplicate' };
    const first = await hubA.app.inject({
      method: 'POST',
      url: '/admin/v1/overrides',
      headers: admin,
      payload,
    });
    expect(first.statusCode).toBe(201);
    try {
      const second = await hubA.app.inject({
        method: 'POST',
        url: '/admin/v1/overrides',
        headers: admin,
        payload,
      });
      expect(second.statusCode).toBe(409);
      expect(second.json().error.code).toBe('OVERRIDE.DUPLICATE_SCOPE');
    } finally {
      await hubA.app.inject({
        method: 'DELETE',
        url: `/admin/v1/overrides/${first.json().id}`,
        headers: admin,
      });
    }
  });

  it('refuses overrides naming a disabled region', async () => {
    const code = `off-${Date.now().toString(36)}`;
    await hubA.prisma.region.create({
      data: {
        code,
        displayName: code,
        latitude: 1,
        longitude: 1,
        endpoint: 'http://127.0.0.1:9',
        status: 'disabled',
      },
    });
    try {
      const res = await hubA.app.inject({
        method: 'POST',
        url: '/admin/v1/overrides',
        headers: admin,
        payload: { scope: 'ES', region: code, reason: 'disabled target' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('OVERRIDE.REGION_DISABLED');
    } finally {
      await hubA.prisma.region.delete({ where: { code } });
    }
  });

  it('keeps appliance keys out and explains only real IPs', async () => {
    const appliance = await anAppliance(hubA.prisma);
    const asAgent = await hubA.app.inject({
      method: 'GET',
      url: `/admin/v1/placement/explain?ip=${LONDON_IP}`,
      headers: bearer(appliance.key),
    });
    expect(asAgent.statusCode).toBe(403);
    const badIp = await hubA.app.inject({
      method: 'GET',
      url: '/admin/v1/placement/explain?ip=999.1.1.1',
      headers: admin,
    });
    expect(badIp.statusCode).toBe(400);
    expect(badIp.json().error.code).toBe('PLACEMENT.INVALID_IP');
  });

  it('explains an appliance with a live backup as sticky', async () => {
    const appliance = await anAppliance(hubA.prisma);
    const bucket = await hubA.prisma.bucket.create({
      data: { name: `sticky-${appliance.applianceId}`, regionCode: 'us-east-1', status: 'ready' },
    });
    await hubA.prisma.backup.create({
      data: {
        applianceId: appliance.applianceId,
        accountId: appliance.accountId,
        regionCode: 'us-east-1',
        bucketId: bucket.id,
        prefix: 'p',
      },
    });
    const res = await hubA.app.inject({
      method: 'GET',
      url: `/admin/v1/placement/explain?ip=${LONDON_IP}&appliance=${appliance.applianceId}`,
      headers: admin,
    });
    expect(res.json()).toMatchObject({ region: 'us-east-1', signal: 'existing-backup' });
  });
});
