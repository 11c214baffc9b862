import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestHub } from '../support/test-hub';
import { anAppliance, bearer } from './support/fixtures';
import { gatewayOrSkip, postInit, startInitHub } from './support/init-hub';

const gateway = gatewayOrSkip();

describe.skipIf(!gateway)('the agent backups API (/v1/backups) against the real Ceph gateway', () => {
  let hub: TestHub;

  beforeAll(async () => {
    hub = await startInitHub();
  });
  afterAll(async () => hub?.close());

  it("lists, reads and updates the appliance's own backup", async () => {
    const a = await anAppliance(hub.prisma);
    const { backup } = (await postInit(hub, a)).json();
    const list = await hub.app.inject({ method: 'GET', url: '/v1/backups', headers: bearer(a.key) });
    expect(list.json().items.map((b: { id: string }) => b.id)).toEqual([backup.id]);
    // The read routes carry probes too: the backup's region first, each at its S3 endpoint.
    const probes = list.json<{ probes: Array<{ region: string; url: string; method: string }> }>().probes;
    expect(probes[0]).toEqual({
      region: backup.region,
      url: gateway!.regions.find((r) => r.code === backup.region)!.endpoint,
      method: 'https-head',
      attempts: 5,
    });
    expect(new Set(probes.map((p) => p.region)).size).toBe(probes.length);
    const one = await hub.app.inject({
      method: 'GET',
      url: `/v1/backups/${backup.id}`,
      headers: bearer(a.key),
    });
    expect(one.json<{ probes: unknown }>().probes).toEqual(probes);
    const patched = await hub.app.inject({
      method: 'PATCH',
      url: `/v1/backups/${backup.id}`,
      headers: bearer(a.key),
      payload: { sizeBytes: 123456789, lastBackupAt: '2026-11-22T03:00:00.000Z', inProgress: true },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      sizeBytes: 123456789,
      lastBackupAt: '2026-11-22T03:00:00.000Z',
      inProgress: true,
    });
    const got = await hub.app.inject({
      method: 'GET',
      url: `/v1/backups/${backup.id}`,
      headers: bearer(a.key),
    });
    expect(got.json()).toMatchObject({ id: backup.id, sizeBytes: 123456789, status: 'active' });
  });

  it("answers another appliance's backup exactly like a missing one: 404 BACKUP.NOT_FOUND", async () => {
    const a = await anAppliance(hub.prisma);
    const b = await anAppliance(hub.prisma);
    const { backup } = (await postInit(hub, b)).json();
    const requests = [
      { method: 'GET' as const, url: `/v1/backups/${backup.id}` },
      { method: 'PATCH' as const, url: `/v1/backups/${backup.id}`, payload: { inProgress: false } },
      { method: 'POST' as const, url: `/v1/backups/${backup.id}/credentials` },
      { method: 'GET' as const, url: `/v1/backups/00000000-0000-4000-8000-000000000000` },
    ];
    for (const request of requests) {
      const res = await hub.app.inject({ ...request, headers: bearer(a.key) });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('BACKUP.NOT_FOUND');
    }
    const mine = await hub.app.inject({ method: 'GET', url: '/v1/backups', headers: bearer(a.key) });
    expect(mine.json().items).toEqual([]);
  });

  it('answers malformed ids and bodies with 400, never 500', async () => {
    const a = await anAppliance(hub.prisma);
    const { backup } = (await postInit(hub, a)).json();
    const badId = await hub.app.inject({
      method: 'GET',
      url: '/v1/backups/not-a-uuid',
      headers: bearer(a.key),
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.code).toBe('REQUEST.INVALID_ID');
    for (const payload of [
      { sizeBytes: -1 },
      { sizeBytes: 'big' },
      { status: 'retired' },
      { lastBackupAt: 'x' },
    ]) {
      const res = await hub.app.inject({
        method: 'PATCH',
        url: `/v1/backups/${backup.id}`,
        headers: bearer(a.key),
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('REQUEST.INVALID');
    }
  });
});
