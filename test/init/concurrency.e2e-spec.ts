import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { BackupRepository } from '../../libs/backups/src/repositories/backup.repository';
import { uniqueSuffix, type TestHub } from '../support/test-hub';
import { anAppliance, bearer } from './support/fixtures';
import { gatewayOrSkip, startInitHub } from './support/init-hub';

const gateway = gatewayOrSkip();

const initBody = (res: LightMyRequestResponse) =>
  res.json<{
    backup: { id: string; address: string; bucket: string };
    credentials: { accessKeyId: string };
  }>();

describe.skipIf(!gateway)('concurrent inits', () => {
  const hubs: TestHub[] = [];
  const bucketPrefix = `lfc-${uniqueSuffix()}`;

  beforeAll(async () => {
    // Two hub instances on one database and gateway, as two processes behind a load balancer would be.
    for (let i = 0; i < 2; i += 1) hubs.push(await startInitHub({ BUCKET_PREFIX: bucketPrefix }));
  });
  afterAll(async () => {
    for (const hub of hubs) await hub.close();
  });

  it('240 simultaneous inits of one new appliance through two hubs: one backup, one bucket, one address', async () => {
    const [one, two] = hubs;
    const a = await anAppliance(one.prisma);
    const responses = await Promise.all(
      Array.from({ length: 240 }, (_, i) =>
        (i % 2 === 0 ? one : two).app.inject({
          method: 'POST',
          url: '/v1/init',
          headers: bearer(a.key),
          payload: {},
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(responses.map(() => 200));
    const addresses = new Set(responses.map((r) => initBody(r).backup.address));
    expect(addresses.size).toBe(1);

    expect(await one.prisma.backup.count({ where: { applianceId: a.applianceId } })).toBe(1);
    const buckets = await one.prisma.bucket.findMany({ where: { name: { startsWith: bucketPrefix } } });
    expect(buckets).toHaveLength(1);
    expect(buckets[0].status).toBe('ready');
    const backupId = initBody(responses[0]).backup.id;
    const issues = await one.prisma.auditEvent.count({
      where: { targetId: backupId, action: 'credentials.issue' },
    });
    expect(issues).toBeGreaterThanOrEqual(1);
    expect(issues).toBeLessThanOrEqual(2); // at most one STS call per hub process
    expect(await one.prisma.auditEvent.count({ where: { targetId: backupId, action: 'backup.init' } })).toBe(
      240,
    );
  });

  it('the database alone keeps one live backup when 50 creations race past every in-process guard', async () => {
    const [one, two] = hubs;
    const a = await anAppliance(one.prisma);
    const bucket = (await one.prisma.bucket.findFirst({ where: { name: { startsWith: bucketPrefix } } }))!;
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? one : two).app.get(BackupRepository, { strict: false }).findOrCreateLive({
          applianceId: a.applianceId,
          accountId: a.accountId,
          region: 'us-east-1',
          bucketId: bucket.id,
          placedCountry: null,
          placedSubdivision: null,
          placementSignal: 'weighted-fallback',
        }),
      ),
    );
    expect(new Set(outcomes.map((o) => o.backup.id)).size).toBe(1);
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    expect(await one.prisma.backup.count({ where: { applianceId: a.applianceId } })).toBe(1);
  });

  it('1,000 simultaneous inits of one backup on one hub make one STS call', async () => {
    const [one] = hubs;
    const a = await anAppliance(one.prisma);
    const responses = await Promise.all(
      Array.from({ length: 1000 }, () =>
        one.app.inject({ method: 'POST', url: '/v1/init', headers: bearer(a.key), payload: {} }),
      ),
    );
    expect(new Set(responses.map((r) => r.statusCode))).toEqual(new Set([200]));
    const backupId = initBody(responses[0]).backup.id;
    expect(new Set(responses.map((r) => initBody(r).credentials.accessKeyId)).size).toBe(1);
    expect(
      await one.prisma.auditEvent.count({ where: { targetId: backupId, action: 'credentials.issue' } }),
    ).toBe(1);
  });

  it('many appliances at once each get their own backup, all in the one shared bucket', async () => {
    const [one, two] = hubs;
    const appliances = await Promise.all(Array.from({ length: 20 }, () => anAppliance(one.prisma)));
    const responses = await Promise.all(
      appliances.flatMap((a, i) =>
        [one, two, one].map((hub) =>
          hub.app.inject({
            method: 'POST',
            url: '/v1/init',
            headers: bearer(a.key),
            payload: { agentVersion: `${i}` },
          }),
        ),
      ),
    );
    expect(new Set(responses.map((r) => r.statusCode))).toEqual(new Set([200]));
    const ids = new Set(responses.map((r) => initBody(r).backup.id));
    expect(ids.size).toBe(20);
    expect(new Set(responses.map((r) => initBody(r).backup.bucket)).size).toBe(1);
  });
});
