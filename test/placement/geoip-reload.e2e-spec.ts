import { copyFile, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '@landfall/common';
import { GeoIpService } from '@landfall/geoip';
import { PlacementStateService } from '@landfall/placement';
import { anAdminKey, bearer } from '../init/support/fixtures';
import { startTestHub, useGatewayRegions, type TestHub } from '../support/test-hub';

const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'geoip');
const IP = '81.2.69.142';

/** Replaces the database the way operators should: write beside it, then rename over it (atomic). */
async function replaceDatabase(target: string, contents: Buffer): Promise<void> {
  const staging = `${target}.${process.pid}.tmp`;
  await writeFile(staging, contents);
  await rename(staging, target);
}

describe('GeoIP hot reload under load', () => {
  let dir: string;
  let database: string;
  let hub: TestHub;
  let admin: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'landfall-geoip-'));
    database = path.join(dir, 'city.mmdb');
    await copyFile(path.join(FIXTURES, 'city-a.mmdb'), database);
    hub = await startTestHub({ env: { GEOIP_DATABASES: database, GEOIP_RELOAD_INTERVAL_MS: '100' } });
    await useGatewayRegions(hub.prisma);
    await hub.app.get(PlacementStateService).rebuild();
    admin = bearer(await anAdminKey(hub.prisma));
  });
  afterAll(async () => {
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('follows a new good file, rejects corrupt ones, and never fails a request meanwhile', async () => {
    const geoip = hub.app.get(GeoIpService);
    const outcomes: { status: number; country?: string }[] = [];
    let running = true;
    // Real HTTP on loopback, so the load interleaves with the reload the way production traffic does.
    await hub.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${await hub.app.getUrl()}/admin/v1/placement/explain?ip=${IP}`.replace('[::1]', '127.0.0.1');
    const worker = async () => {
      while (running) {
        try {
          const res = await fetch(url, { headers: admin });
          const body = (await res.json()) as { countryCode?: string };
          outcomes.push({ status: res.status, country: res.status === 200 ? body.countryCode : undefined });
        } catch {
          outcomes.push({ status: 0 });
        }
      }
    };
    const load = Promise.all([worker(), worker(), worker(), worker()]);
    const waitFor = async (predicate: () => boolean, what: string) => {
      const deadline = Date.now() + 10_000;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    try {
      await waitFor(() => outcomes.some((o) => o.country === 'GB'), 'decisions from the first file');
      const rejectedBefore = await METRICS.value('landfall_geoip_reloads_total', { outcome: 'rejected' });

      await replaceDatabase(database, await readFile(path.join(FIXTURES, 'city-b.mmdb')));
      await waitFor(() => geoip.status().reloads === 1, 'the new file to load');
      const afterSwap = outcomes.length;
      await waitFor(() => outcomes.length > afterSwap + 20, 'requests on the new file');
      expect(outcomes.slice(afterSwap).every((o) => o.country === 'US')).toBe(true);

      const good = await readFile(path.join(FIXTURES, 'city-b.mmdb'));
      await replaceDatabase(database, good.subarray(0, Math.floor(good.length / 2)));
      await waitFor(() => geoip.status().rejectedReloads === 1, 'the truncated file to be rejected');
      await replaceDatabase(database, Buffer.alloc(good.length, 0x5a));
      await waitFor(() => geoip.status().rejectedReloads === 2, 'the garbage file to be rejected');
      const afterCorrupt = outcomes.length;
      await waitFor(() => outcomes.length > afterCorrupt + 20, 'requests after the corrupt files');

      running = false;
      await load;
      expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);
      expect(outcomes.slice(afterCorrupt).every((o) => o.country === 'US')).toBe(true);
      expect(geoip.status().reloads).toBe(1);
      expect(await METRICS.value('landfall_geoip_reloads_total', { outcome: 'rejected' })).toBe(
        rejectedBefore + 2,
      );

      expect((await hub.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ ready: true });
      const ready = await hub.app.inject({ method: 'GET', url: '/admin/v1/readiness', headers: admin });
      const geoipCheck = ready.json().checks.find((c: { name: string }) => c.name === 'geoip');
      expect(geoipCheck).toMatchObject({ ok: true, detail: expect.stringContaining('last rejected reload') });
      expect(ready.json().geoip).toMatchObject({ reloads: 1, rejectedReloads: 2 });
    } finally {
      running = false;
      await load;
    }
  });
});
