import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAdminKey, anAppliance, bearer } from '../init/support/fixtures';
import { gatewayOrSkip, startInitHub } from '../init/support/init-hub';
import type { TestHub } from '../support/test-hub';

const gateway = gatewayOrSkip();

describe('placement pins', () => {
  let hub: TestHub;
  let admin: Record<string, string>;

  beforeAll(async () => {
    // eu-west-1 has weight 0 here: nothing but a pin (or hint) sends a new backup there.
    hub = await startInitHub();
    admin = bearer(await anAdminKey(hub.prisma));
  });
  afterAll(async () => hub?.close());

  const pin = (payload: object) =>
    hub.app.inject({ method: 'POST', url: '/admin/v1/placement-pins', headers: admin, payload });

  it('sends a pinned appliance to its region, explains why, and audits the pin', async () => {
    const appliance = await anAppliance(hub.prisma);
    const created = await pin({
      target: 'appliance',
      targetId: appliance.applianceId,
      region: 'eu-west-1',
      reason: 'customer data must stay in the EU',
    });
    expect(created.statusCode).toBe(201);

    const explained = await hub.app.inject({
      method: 'GET',
      url: `/admin/v1/placement/explain?ip=8.8.8.8&appliance=${appliance.applianceId}`,
      headers: admin,
    });
    expect(explained.json()).toMatchObject({
      region: 'eu-west-1',
      signal: 'appliance-pin',
      pin: { level: 'appliance', reason: 'customer data must stay in the EU' },
    });
    expect(
      await hub.prisma.auditEvent.count({ where: { action: 'pin.create', targetId: created.json().id } }),
    ).toBe(1);
  });

  it('filters the list by accountId / applianceId and refuses the old filter names with a 400', async () => {
    const appliance = await anAppliance(hub.prisma);
    expect(
      (
        await pin({
          target: 'appliance',
          targetId: appliance.applianceId,
          region: 'eu-west-1',
          reason: 'filter',
        })
      ).statusCode,
    ).toBe(201);
    const list = (query: string) =>
      hub.app.inject({ method: 'GET', url: `/admin/v1/placement-pins?${query}`, headers: admin });
    const byAppliance = await list(`applianceId=${appliance.applianceId}`);
    expect(byAppliance.statusCode).toBe(200);
    expect(byAppliance.json().items.map((p: { targetId: string }) => p.targetId)).toEqual([
      appliance.applianceId,
    ]);
    const byAccount = await list(`accountId=${appliance.accountId}`);
    expect(byAccount.json()).toEqual({ items: [], nextCursor: null });
    for (const query of [
      `appliance=${appliance.applianceId}`,
      `account=${appliance.accountId}`,
      'accountId=nope',
    ]) {
      const res = await list(query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json()).toMatchObject({ error: { code: 'REQUEST.INVALID' } });
    }
  });

  it.skipIf(!gateway)('places the first backup of a pinned account in the pinned region', async () => {
    const appliance = await anAppliance(hub.prisma);
    expect(
      (
        await pin({
          target: 'account',
          targetId: appliance.accountId,
          region: 'eu-west-1',
          reason: 'account-wide residency',
        })
      ).statusCode,
    ).toBe(201);
    const init = await hub.app.inject({
      method: 'POST',
      url: '/v1/init',
      headers: bearer(appliance.key),
      payload: {},
    });
    expect(init.statusCode).toBe(200);
    expect(init.json().backup.region).toBe('eu-west-1');
    expect(init.json().placement).toMatchObject({ signal: 'account-pin', pin: { level: 'account' } });
    const backup = await hub.prisma.backup.findFirstOrThrow({
      where: { applianceId: appliance.applianceId },
    });
    expect(backup).toMatchObject({ regionCode: 'eu-west-1', placementSignal: 'account-pin' });
  });

  it('rejects pins to unknown targets, unknown or disabled regions, and duplicates', async () => {
    const appliance = await anAppliance(hub.prisma);
    const base = { target: 'appliance', targetId: appliance.applianceId, reason: 'test pin' };
    expect(
      (await pin({ ...base, targetId: '00000000-0000-4000-8000-000000000000', region: 'us-east-1' })).json()
        .error.code,
    ).toBe('PIN.UNKNOWN_TARGET');
    expect((await pin({ ...base, region: 'nowhere-1' })).json().error.code).toBe('PIN.UNKNOWN_REGION');
    expect((await pin({ ...base, region: 'us-east-1', target: 'planet' })).statusCode).toBe(400);
    const first = await pin({ ...base, region: 'us-east-1' });
    expect(first.statusCode).toBe(201);
    const again = await pin({ ...base, region: 'eu-west-1' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('PIN.DUPLICATE');
    const removed = await hub.app.inject({
      method: 'DELETE',
      url: `/admin/v1/placement-pins/${first.json().id}`,
      headers: admin,
    });
    expect(removed.statusCode).toBe(204);
    expect(await hub.prisma.placementPin.count({ where: { applianceId: appliance.applianceId } })).toBe(0);
  });
});
