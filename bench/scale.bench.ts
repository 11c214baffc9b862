import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '@landfall/common';
import { runBench } from './support/bench-main';
import { startCeph } from './init-bench-support';
import type { LoadJob, LoadSummary } from './support/autocannon-run';
import { benchDatabase, databaseQueries, hubEnv, seedDatabase } from './support/http-seed';
import { runLoad, startHubProcess, type RunningProcess } from './support/processes';

/**
 * `npm run bench:scale`: one hub process against two behind a real haproxy (`/usr/sbin/haproxy`, Debian's), all
 * on this machine, same database, same Ceph gateway with STS; autocannon in its own process. Rows: one hub direct,
 * haproxy → one hub (what the proxy hop costs), haproxy → two hubs (round robin, keep-alive to the backends).
 * Warm inits and explains, with req/s, p50, p99, PostgreSQL statements per request and STS calls per 1,000 inits.
 *
 * Env: BENCH_SECONDS (10), BENCH_CONNECTIONS (32), BENCH_APPLIANCES (50), BENCH_PORT_BASE (27790), HAPROXY
 * (/usr/sbin/haproxy), DATABASE_URL.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const APPLIANCES = Number(process.env.BENCH_APPLIANCES ?? 50);
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 27790);
const HAPROXY = process.env.HAPROXY ?? '/usr/sbin/haproxy';
const EXPLAIN_IP = '81.2.69.142';

async function main(): Promise<void> {
  if (!existsSync(HAPROXY))
    throw new Error(`bench:scale needs haproxy at ${HAPROXY} (apt-get install haproxy)`);
  const gateway = await startCeph(projectRoot(), PORT_BASE);
  if (!gateway)
    throw new Error('bench:scale needs the Ceph gateway (apt-get install ceph-mon ceph-osd radosgw)');
  const database = await benchDatabase('scale');
  const seed = await seedDatabase(database.url, gateway, { warm: APPLIANCES, cold: 0 });
  const hubs: RunningProcess[] = [];
  const proxies: Proxy[] = [];
  try {
    for (const i of [0, 1]) {
      hubs.push(
        await startHubProcess(
          hubEnv(database.url, PORT_BASE + 30 + i),
          path.join(os.tmpdir(), `landfall-bench-scale-hub${i}.log`),
        ),
      );
    }
    const one = await startHaproxy(PORT_BASE + 40, hubs.slice(0, 1));
    proxies.push(one);
    const two = await startHaproxy(PORT_BASE + 41, hubs);
    proxies.push(two);
    const load = (job: Omit<LoadJob, 'connections' | 'seconds'>, seconds = SECONDS) =>
      runLoad({ connections: CONNECTIONS, seconds, ...job });
    const init = (origin: string) => ({
      url: `${origin}/v1/init`,
      method: 'POST' as const,
      body: '{}',
      bearerKeys: seed.warmKeys,
    });
    const explain = (origin: string) => ({
      url: `${origin}/admin/v1/placement/explain?ip=${EXPLAIN_IP}`,
      method: 'GET' as const,
      headers: { authorization: `Bearer ${seed.adminKey}` },
    });
    // Both hubs warm: every backup exists and each hub holds its credentials.
    for (const hub of hubs) {
      await runLoad({ ...init(hub.origin), connections: 8, seconds: 0, amount: seed.warmKeys.length });
      await load(init(hub.origin), 2);
      await load(explain(hub.origin), 2);
    }
    const setups: { label: string; origin: string }[] = [
      { label: 'one hub, direct', origin: hubs[0].origin },
      { label: 'haproxy → one hub', origin: one.origin },
      { label: 'haproxy → two hubs', origin: two.origin },
    ];
    const rows: string[] = [];
    const base: Record<string, number> = {};
    for (const route of ['init', 'explain'] as const) {
      for (const setup of setups) {
        const job = route === 'init' ? init(setup.origin) : explain(setup.origin);
        const queries = await totalQueries(hubs);
        const sts = await seed.stsCalls();
        const result: LoadSummary = await load(job);
        const pg = ((await totalQueries(hubs)) - queries) / Math.max(1, result.requests);
        const stsPerK = (((await seed.stsCalls()) - sts) * 1000) / Math.max(1, result.requests);
        base[route] ??= result.requestsPerSecond;
        rows.push(
          [
            `${route === 'init' ? 'POST /v1/init (warm)' : 'GET explain'}`.padEnd(22),
            setup.label.padEnd(20),
            result.requestsPerSecond.toFixed(0).padStart(7),
            result.p50Ms.toFixed(1).padStart(7),
            result.p99Ms.toFixed(1).padStart(7),
            (result.requestsPerSecond / base[route]).toFixed(2).padStart(6),
            String(result.non2xx + result.errors + result.timeouts).padStart(7),
            os.loadavg()[0].toFixed(1).padStart(5),
            `  PG ${pg.toFixed(2)}/req${route === 'init' ? `, STS ${stsPerK.toFixed(1)}/1k` : ''}`,
          ].join(' '),
        );
      }
    }
    process.stdout.write(
      [
        '',
        `landfall bench:scale — hubs as production processes, ${HAPROXY} (http mode, round robin), autocannon in its ` +
          `own process, ${CONNECTIONS} connections, ${SECONDS} s per row, node ${process.version}, ${os.cpus().length} CPUs`,
        `${'route'.padEnd(22)} ${'setup'.padEnd(20)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ` +
          `${'vs 1'.padStart(6)} ${'non-2xx'.padStart(7)} ${'load1'.padStart(5)}  notes`,
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    for (const proxy of proxies) await proxy.stop();
    for (const hub of hubs) await hub.stop();
    await seed.close();
    await database.drop();
    await gateway.stop();
  }
}

async function totalQueries(hubs: RunningProcess[]): Promise<number> {
  let sum = 0;
  for (const hub of hubs) sum += await databaseQueries(hub.origin);
  return sum;
}

interface Proxy {
  origin: string;
  stop(): Promise<void>;
}

/** haproxy in the foreground (`-db`) with its own config: HTTP mode, round robin over `hubs`, checks on /healthz. */
async function startHaproxy(port: number, hubs: RunningProcess[]): Promise<Proxy> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'landfall-haproxy-'));
  const config = path.join(dir, 'haproxy.cfg');
  await writeFile(
    config,
    [
      'global',
      '  maxconn 4096',
      'defaults',
      '  mode http',
      '  timeout connect 5s',
      '  timeout client 60s',
      '  timeout server 60s',
      '  option http-keep-alive',
      'frontend landfall',
      `  bind 127.0.0.1:${port}`,
      '  default_backend hubs',
      'backend hubs',
      '  balance roundrobin',
      '  option httpchk GET /healthz',
      '  http-reuse always',
      ...hubs.map((hub, i) => `  server hub${i} ${new URL(hub.origin).host} check inter 2s`),
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(HAPROXY, ['-db', '-f', config], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}`);
    const ok = await fetch(`${origin}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error('haproxy did not answer /healthz');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    origin,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

runBench(main);
