import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix, type TestHub } from '../support/test-hub';
import { anAppliance, bearer, type ApplianceFixture } from './support/fixtures';
import { startRegionA, stopRegionA } from './support/gateway-control';
import { gatewayOrSkip, startInitHub } from './support/init-hub';

const gateway = gatewayOrSkip();

/** Stops us-east-1's radosgw mid-run and starts it again (cluster and data survive: only the gateway stops). */
describe.skipIf(!gateway)('gateway outage', () => {
  let warm: TestHub; // its region bucket is already ready: an outage hits STS first
  let cold: TestHub; // its region bucket does not exist yet: an outage hits CreateBucket
  const coldPrefix = `lfo-${uniqueSuffix()}`;

  beforeAll(async () => {
    warm = await startInitHub({ UPSTREAM_RETRY_BUDGET_MS: '600' });
    cold = await startInitHub({ UPSTREAM_RETRY_BUDGET_MS: '600', BUCKET_PREFIX: coldPrefix });
    const first = await anAppliance(warm.prisma);
    const res = await warm.app.inject({
      method: 'POST',
      url: '/v1/init',
      headers: bearer(first.key),
      payload: {},
    });
    expect(res.statusCode).toBe(200);
  });
  afterAll(async () => {
    await startRegionA(gateway!);
    await warm?.close();
    await cold?.close();
  });

  const init = (hub: TestHub, a: ApplianceFixture) =>
    hub.app.inject({ method: 'POST', url: '/v1/init', headers: bearer(a.key), payload: {} });

  it('answers 503 with Retry-After while the gateway is down, leaves nothing half-made, and completes after', async () => {
    const viaWarm = await Promise.all(Array.from({ length: 5 }, () => anAppliance(warm.prisma)));
    const viaCold = await Promise.all(Array.from({ length: 5 }, () => anAppliance(cold.prisma)));

    await stopRegionA(gateway!);
    try {
      for (const [hub, appliances, code] of [
        [warm, viaWarm, 'CREDENTIALS.UNAVAILABLE'],
        [cold, viaCold, 'STORAGE.UNAVAILABLE'],
      ] as const) {
        const started = Date.now();
        const responses = await Promise.all(appliances.map((a) => init(hub, a)));
        expect(Date.now() - started).toBeLessThan(10_000); // retried, but within a bounded budget
        for (const res of responses) {
          expect(res.statusCode).toBe(503);
          expect(res.json().error.code).toBe(code);
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        }
      }
      // The cold hub never got its bucket: it stays `pending` and no backup points at it.
      const coldBucket = await cold.prisma.bucket.findFirstOrThrow({
        where: { name: { startsWith: coldPrefix } },
      });
      expect(coldBucket.status).toBe('pending');
      expect(await cold.prisma.backup.count({ where: { bucketId: coldBucket.id } })).toBe(0);
      // The warm hub's backups point only at a bucket that exists and is ready.
      const warmBackups = await warm.prisma.backup.findMany({
        where: { applianceId: { in: viaWarm.map((a) => a.applianceId) } },
        include: { bucket: true },
      });
      expect(warmBackups).toHaveLength(viaWarm.length); // created before STS failed; the retry must reuse them
      for (const b of warmBackups) expect(b.bucket.status).toBe('ready');
      expect(new Set(warmBackups.map((b) => b.applianceId)).size).toBe(warmBackups.length);
    } finally {
      await startRegionA(gateway!);
    }

    const recordedBefore = await warm.prisma.backup.findMany({
      where: { applianceId: { in: viaWarm.map((a) => a.applianceId) } },
    });
    for (const [hub, appliances] of [
      [warm, viaWarm],
      [cold, viaCold],
    ] as const) {
      const responses = await Promise.all(appliances.map((a) => init(hub, a)));
      expect(responses.map((r) => r.statusCode)).toEqual(appliances.map(() => 200));
    }
    const all = [...viaWarm, ...viaCold];
    const after = await warm.prisma.backup.findMany({
      where: { applianceId: { in: all.map((a) => a.applianceId) } },
    });
    expect(after).toHaveLength(all.length); // one backup each, none doubled by the retry
    for (const before of recordedBefore) expect(after.map((b) => b.id)).toContain(before.id);
    const coldBucket = await cold.prisma.bucket.findFirstOrThrow({
      where: { name: { startsWith: coldPrefix } },
    });
    expect(coldBucket.status).toBe('ready');
  });
});
