import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
}

/** Keep-alive HTTP load: `concurrency` loops, each sending its next request when the last answered. */
export async function load(
  port: number,
  makeRequest: (i: number) => { path: string; headers: Record<string, string>; body: string },
  total: number,
  concurrency: number,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const request = makeRequest(i);
        const t0 = process.hrtime.bigint();
        const status = await send(agent, port, request);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (status !== 200) failures += 1;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { requests: total, seconds, perSecond: total / seconds, p50Ms: at(0.5), p99Ms: at(0.99), failures };
}

function send(
  agent: http.Agent,
  port: number,
  request: { path: string; headers: Record<string, string>; body: string },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: request.path,
        agent,
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(request.body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

export interface BenchGateway {
  regions: { code: string; endpoint: string }[];
  stop(): Promise<void>;
}

/** The two-region Ceph test bed from test/bed, on its own ports. Null when Ceph is not installed. */
export async function startCeph(root: string, portBase: number): Promise<BenchGateway | null> {
  const onPath = (bin: string) =>
    (process.env.PATH ?? '').split(path.delimiter).some((dir) => existsSync(path.join(dir, bin)));
  if (!['radosgw', 'ceph-mon', 'ceph-osd'].every(onPath)) return null;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'landfall-bench-ceph-'));
  const script = path.join(root, 'test', 'bed', 'twin-ceph.sh');
  const { stdout } = await run('bash', [script, 'start', dir, String(portBase + 1), String(portBase + 2)], {
    env: { ...process.env, MON_PORT: String(portBase + 10) },
    timeout: 180_000,
  });
  const regions = (stdout.trim().split('\n').pop() ?? '').split(' ').map((pair) => {
    const [code, endpoint] = pair.split('=');
    return { code, endpoint };
  });
  return {
    regions,
    stop: async () => {
      await run('bash', [script, 'stop', dir], { timeout: 60_000 }).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The hub's settings for the test bed's identities: bucket owner, STS broker, tenant role (docs/gateway-identities.md). */
export const CEPH_HUB_ENV = {
  STORAGE_MODE: 'remote',
  S3_ACCESS_KEY_ID: 'HUBADMIN',
  S3_SECRET_ACCESS_KEY: 'HUBADMINSECRET',
  STS_ROLE_ARN: 'arn:aws:iam:::role/TenantWriter',
  STS_ACCESS_KEY_ID: 'BROKERKEY',
  STS_SECRET_ACCESS_KEY: 'BROKERSECRET',
  BUCKET_OWNER_ARN: 'arn:aws:iam:::user/hub',
} as const;
