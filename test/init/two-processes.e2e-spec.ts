import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestHub, uniqueSuffix, useGatewayRegions, type TestHub } from '../support/test-hub';
import { anAppliance } from './support/fixtures';
import { gatewayOrSkip } from './support/init-hub';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const gateway = gatewayOrSkip();

/** Two hub OS processes (built with `npm run build`) on one database and gateway, as behind a load balancer. */
describe.skipIf(!gateway)('concurrent inits across two hub processes', () => {
  const children: ChildProcess[] = [];
  const ports = [
    Number(process.env.LANDFALL_TEST_PORT_BASE ?? 17490) + 40,
    Number(process.env.LANDFALL_TEST_PORT_BASE ?? 17490) + 41,
  ];
  const bucketPrefix = `lfp-${uniqueSuffix()}`;
  let db: TestHub;

  beforeAll(async () => {
    await run('npm', ['run', 'build'], { cwd: ROOT, timeout: 180_000 });
    db = await startTestHub();
    await useGatewayRegions(db.prisma);
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: inject('databaseUrl'),
      STORAGE_MODE: 'remote',
      S3_ACCESS_KEY_ID: gateway!.hub.accessKeyId,
      S3_SECRET_ACCESS_KEY: gateway!.hub.secretAccessKey,
      STS_ROLE_ARN: gateway!.roleArn,
      REGION_SEED: 'none',
      BUCKET_PREFIX: bucketPrefix,
      BUCKET_BLOCK_PUBLIC_ACCESS: 'false',
    };
    for (const port of ports) {
      const child = spawn(
        process.execPath,
        [path.join(ROOT, 'dist', 'bench', 'hub-replica.js'), String(port)],
        {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      children.push(child);
      await new Promise<void>((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.stdout.on('data', (d: Buffer) => d.toString().includes(`ready ${port}`) && resolve());
        child.once('exit', (code) => reject(new Error(`replica exited ${code}: ${err}`)));
      });
    }
  }, 240_000);
  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await db?.close();
  });

  it('240 simultaneous inits of one new appliance: one backup, one bucket, one address', async () => {
    const a = await anAppliance(db.prisma);
    const responses = await Promise.all(
      Array.from({ length: 240 }, (_, i) =>
        fetch(`http://127.0.0.1:${ports[i % 2]}/v1/init`, {
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
