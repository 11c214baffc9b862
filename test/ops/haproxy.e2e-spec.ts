import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MigrationDto } from '@landfall/migrations';
import { anAdminKey, anAppliance } from '../init/support/fixtures';
import {
  migrationEnv,
  s3For,
  startWorker,
  waitFor,
  writeBackup,
  type WorkerProcess,
} from '../migrate/support/migrate-support';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process';
import { startTestHub, uniqueSuffix, useGatewayRegions, type TestHub } from '../support/test-hub';

const HAPROXY = '/usr/sbin/haproxy';
const gateway = inject('gateway');

// Loopback addresses of this run (Linux routes all of 127/8 to lo): haproxy's own source address towards the hubs,
// and two clients. The third octet comes from the port base, so parallel runs never share an address.
const octet = Math.floor(Number(process.env.LANDFALL_TEST_PORT_BASE ?? 20500) / 100) % 250;
const PROXY = `127.${octet}.9.1`;
const CLIENT_A = `127.${octet}.9.11`;
const CLIENT_B = `127.${octet}.9.12`;
const LIMIT = 10; // AUTH_FAILURE_LIMIT's default
const WRONG = `lf_adm_abcdefghijkl_${'A'.repeat(43)}`;

interface Reply {
  status: number;
  body: string;
}

/** One HTTP request on a fresh connection from `localAddress`: haproxy sees that address as the peer. */
function from(
  localAddress: string,
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
) {
  return new Promise<Reply>((resolve, reject) => {
    const req = request(url, { method, headers, localAddress, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function haproxyConfig(port: number, hubs: HubProcess[]): string {
  const servers = hubs.map(
    (hub, i) => `    server hub${i} ${new URL(hub.url).host} source ${PROXY} check inter 1s`,
  );
  return [
    'global',
    '    maxconn 256',
    'defaults',
    '    mode http',
    '    timeout connect 5s',
    '    timeout client 60s',
    '    timeout server 60s',
    'frontend landfall',
    `    bind 127.0.0.1:${port}`,
    // Appends the real peer (the client's socket address) to X-Forwarded-For, as a production balancer does.
    '    option forwardfor',
    '    default_backend hubs',
    'backend hubs',
    '    balance roundrobin',
    '    option httpchk GET /healthz',
    ...servers,
    '',
  ].join('\n');
}

/**
 * Two built hub processes and a built worker behind a real haproxy, TRUSTED_PROXIES naming haproxy's address. The
 * clients connect from distinct loopback addresses; haproxy's `option forwardfor` is the only thing telling the
 * hubs who they are.
 */
// Without haproxy the test skips on a workstation; in CI (which installs it) it fails instead.
describe.skipIf(!gateway || (!existsSync(HAPROXY) && !process.env.CI))(
  'two hubs and a worker behind haproxy',
  () => {
    const env = migrationEnv({ TRUSTED_PROXIES: `${PROXY}/32` });
    let db: TestHub;
    const hubs: HubProcess[] = [];
    let worker: WorkerProcess | undefined;
    let haproxy: ChildProcess | undefined;
    let haproxyOutput = '';
    let dir: string;
    let lb: string;
    let adminKey: string;

    beforeAll(async () => {
      db = await startTestHub({ env });
      await useGatewayRegions(db.prisma);
      adminKey = await anAdminKey(db.prisma);
      hubs.push(await startHubProcess(env), await startHubProcess(env));
      dir = mkdtempSync(path.join(tmpdir(), 'landfall-haproxy-'));
      const port = await freePort();
      const config = path.join(dir, 'haproxy.cfg');
      writeFileSync(config, haproxyConfig(port, hubs));
      haproxy = spawn(HAPROXY, ['-db', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
      haproxy.stdout?.on('data', (chunk: Buffer) => (haproxyOutput += chunk.toString()));
      haproxy.stderr?.on('data', (chunk: Buffer) => (haproxyOutput += chunk.toString()));
      haproxy.on('error', (error) => (haproxyOutput += `${error.message}\n`));
      lb = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 20_000;
      for (;;) {
        if (haproxy.exitCode !== null)
          throw new Error(`haproxy exited (${haproxy.exitCode}):\n${haproxyOutput}`);
        const ok = await from(CLIENT_B, `${lb}/healthz`, 'GET', {}).catch(() => undefined);
        if (ok?.status === 200) break;
        if (Date.now() > deadline) throw new Error(`haproxy did not answer:\n${haproxyOutput}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }, 240_000);
    afterAll(async () => {
      await worker?.kill('SIGTERM');
      if (haproxy && haproxy.exitCode === null) {
        const exited = once(haproxy, 'exit');
        haproxy.kill('SIGTERM');
        await exited;
      }
      for (const hub of hubs) await hub.stop();
      await db?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    const json = (client: string, key: string, method: string, route: string, body?: unknown) =>
      from(
        client,
        `${lb}${route}`,
        method,
        {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body === undefined ? undefined : JSON.stringify(body),
      );

    it('the client address reaches placement: init and explain agree on the forwarded client', async () => {
      const a = await anAppliance(db.prisma);
      const init = await json(CLIENT_A, a.key, 'POST', '/v1/init', {});
      expect(init.status, init.body).toBe(200);
      const body = JSON.parse(init.body) as {
        backup: { id: string; region: string };
        placement: { clientIp: string; signal: string };
      };
      expect(body.placement.clientIp).toBe(CLIENT_A);
      const event = await db.prisma.auditEvent.findFirstOrThrow({
        where: { action: 'backup.init', targetId: body.backup.id },
      });
      expect(event.sourceIp).toBe(CLIENT_A);

      const explained = await json(CLIENT_B, adminKey, 'GET', `/admin/v1/placement/explain?ip=${CLIENT_A}`);
      expect(explained.status, explained.body).toBe(200);
      const decision = JSON.parse(explained.body) as { clientIp: string; signal: string };
      expect(decision.clientIp).toBe(CLIENT_A);
      expect(decision.signal).toBe(body.placement.signal);
    });

    it('the audit row of an admin change names the client, not haproxy', async () => {
      const name = `via-haproxy-${uniqueSuffix()}`;
      const created = await json(CLIENT_B, adminKey, 'POST', '/admin/v1/accounts', { name });
      expect(created.status, created.body).toBe(201);
      const id = (JSON.parse(created.body) as { id: string }).id;
      const event = await db.prisma.auditEvent.findFirstOrThrow({
        where: { action: 'account.create', targetId: id },
      });
      expect(event.sourceIp).toBe(CLIENT_B);
      expect(event.sourceIp).not.toBe(PROXY);
    });

    it('the failed-auth limiter locks out one client and not another behind the same haproxy', async () => {
      // Each hub counts on its own and haproxy alternates: 2 × LIMIT failures put both hubs at the limit.
      const statuses: number[] = [];
      for (let i = 0; i < 2 * LIMIT + 4; i += 1) {
        statuses.push((await json(CLIENT_A, WRONG, 'GET', '/admin/v1/accounts?limit=1')).status);
      }
      expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
      expect(statuses.slice(2 * LIMIT)).toEqual([429, 429, 429, 429]);
      // The other client, through the same haproxy and both hubs: an honest 401, then in with a valid key.
      for (let i = 0; i < 2; i += 1) {
        expect((await json(CLIENT_B, WRONG, 'GET', '/admin/v1/accounts?limit=1')).status).toBe(401);
        expect((await json(CLIENT_B, adminKey, 'GET', '/admin/v1/accounts?limit=1')).status).toBe(200);
      }
    });

    it('a migration started through one hub is run by the worker and seen completed through the other', async () => {
      const a = await anAppliance(db.prisma);
      const init = await json(CLIENT_B, a.key, 'POST', '/v1/init', {});
      expect(init.status, init.body).toBe(200);
      const { backup, credentials } = JSON.parse(init.body) as {
        backup: { id: string; bucket: string; prefix: string; region: string; endpoint: string };
        credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
      };
      await writeBackup(s3For(backup.endpoint, backup.region, credentials), backup.bucket, backup.prefix, {
        small: 12,
        multipart: 0,
      });
      const target = gateway!.regions.find((r) => r.code !== backup.region)!.code;
      const direct = (hub: HubProcess, route: string, init: RequestInit = {}) =>
        fetch(`${hub.url}${route}`, {
          ...init,
          headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
        });
      const started = await direct(hubs[0], '/admin/v1/migrations', {
        method: 'POST',
        body: JSON.stringify({ targetRegion: target, backupIds: [backup.id] }),
      });
      expect(started.status).toBe(202);
      const id = ((await started.json()) as MigrationDto).id;

      worker = await startWorker(env);
      const done = await waitFor(
        async () => (await (await direct(hubs[1], `/admin/v1/migrations/${id}`)).json()) as MigrationDto,
        (p) => p.state === 'completed' || p.state === 'failed' || p.state === 'needs_attention',
        120_000,
        'completion seen through the second hub',
      );
      expect(done.state, worker.output()).toBe('completed');
      expect(done.waitingForWorker).toBe(false);
      const moved = await db.prisma.backup.findUniqueOrThrow({ where: { id: backup.id } });
      expect(moved.regionCode).toBe(target);
    });
  },
);
