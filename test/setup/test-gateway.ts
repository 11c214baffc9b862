import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TWIN = path.resolve(__dirname, '..', 'bed', 'twin-ceph.sh');

/** A real S3 + STS gateway (Ceph radosgw, RGW multisite) with two regions on loopback. */
export interface TestGateway {
  regions: { code: string; endpoint: string }[];
  /** The bucket-owning identity (S3_ACCESS_KEY_ID): creates and hardens buckets, never assumes the role. */
  hub: { accessKeyId: string; secretAccessKey: string };
  /** The identity that may only assume the tenant role (STS_ACCESS_KEY_ID). */
  broker: { accessKeyId: string; secretAccessKey: string };
  /** The owner's principal, granted object access by bucket policy (BUCKET_OWNER_ARN). */
  ownerArn: string;
  other: { accessKeyId: string; secretAccessKey: string };
  roleArn: string;
  dir: string;
}

export type GatewayOutcome = { gateway: TestGateway } | { skipped: string };

export async function startGateway(): Promise<GatewayOutcome> {
  const missing = ['radosgw', 'ceph-mon', 'ceph-osd', 'radosgw-admin'].filter((bin) => !onPath(bin));
  if (missing.length > 0) {
    const reason = `Ceph gateway not installed (missing ${missing.join(', ')}; apt-get install ceph-mon ceph-osd radosgw ceph-common)`;
    if (process.env.CI === 'true') throw new Error(`CI needs the real S3 gateway: ${reason}`);
    return { skipped: reason };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'landfall-ceph-'));
  // Several checkouts may test on one machine at once: LANDFALL_TEST_PORT_BASE keeps their gateways apart.
  const base = Number(process.env.LANDFALL_TEST_PORT_BASE ?? 17490);
  const ports = [String(base + 1), String(base + 2)];
  const { stdout } = await run('bash', [TWIN, 'start', dir, ...ports], {
    env: { ...process.env, MON_PORT: String(base + 10) },
    timeout: 180_000,
  });
  const line = stdout.trim().split('\n').pop() ?? '';
  const regions = line.split(' ').map((pair) => {
    const [code, endpoint] = pair.split('=');
    return { code, endpoint };
  });
  if (regions.length !== 2 || regions.some((r) => !r.endpoint))
    throw new Error(`unexpected twin-ceph output: ${stdout}`);
  return {
    gateway: {
      regions,
      hub: { accessKeyId: 'HUBADMIN', secretAccessKey: 'HUBADMINSECRET' },
      broker: { accessKeyId: 'BROKERKEY', secretAccessKey: 'BROKERSECRET' },
      ownerArn: 'arn:aws:iam:::user/hub',
      other: { accessKeyId: 'OTHERKEY', secretAccessKey: 'OTHERSECRET' },
      roleArn: 'arn:aws:iam:::role/TenantWriter',
      dir,
    },
  };
}

export async function stopGateway(gateway: TestGateway): Promise<void> {
  await run('bash', [TWIN, 'stop', gateway.dir], { timeout: 60_000 }).catch(() => undefined);
  await rm(gateway.dir, { recursive: true, force: true });
}

/** Region B learns of buckets and users made in region A only after a metadata sync. */
export async function syncGateway(gateway: TestGateway): Promise<void> {
  await run('bash', [TWIN, 'sync', gateway.dir], { timeout: 60_000 });
}

function onPath(bin: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => existsSync(path.join(dir, bin)));
}
