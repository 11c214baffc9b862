import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubProcess, type HubProcess } from '../support/hub-process';
import { startTestHub, uniqueSuffix, useGatewayRegions, type TestHub } from '../support/test-hub';
import { anAppliance } from './support/fixtures';
import { gatewayOrSkip } from './support/init-hub';

const gateway = gatewayOrSkip();

/** Two hub OS processes (built with `npm run build`) on one database and gateway, as behind a load balancer. */
describe.skipIf(!gateway)('concurrent inits across two hub processes', () => {
  const bucketPrefix = `lfp-${uniqueSuffix()}`;
  let db: TestHub;
  let replicas: HubProcess[] = [];

  beforeAll(async () => {
    db = await startTestHub();
    await useGatewayRegions(db.prisma);
    const env = { BUCKET_PREFIX: bucketPrefix, LOG_LEVEL: 'silent' };
    replicas = await Promise.all([startHubProcess(env), startHubProcess(env)]);
  }, 240_000);
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await db?.close();
  });

  it('240 simultaneous inits of one new appliance: one backup, one bucket, one address', async () => {
    const a = await anAppliance(db.prisma);
    const responses = await Promise.all(
      Array.from({ length: 240 }, (_, i) =>
        fetch(`${replicas[i % 2].url}/v1/init`, {
          method: 'POST',
          headers: { authorization: `Bearer ${a.key}`, 'content-type': 'application/json' },
          body: '{}',
        }).then(async (res) => ({
          status: res.status,
          body: (await res.json()) as { backup: { address: string; id: string } },
        })),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    expect(new Set(responses.map((r) => r.body.backup.address)).size).toBe(1);
    expect(await db.prisma.backup.count({ where: { applianceId: a.applianceId } })).toBe(1);
    expect(await db.prisma.bucket.count({ where: { name: { startsWith: bucketPrefix } } })).toBe(1);
    const issues = await db.prisma.auditEvent.count({
      where: { targetId: responses[0].body.backup.id, action: 'credentials.issue' },
    });
    expect(issues).toBeGreaterThanOrEqual(1);
    expect(issues).toBeLessThanOrEqual(2); // at most one STS call per process
  });
});
