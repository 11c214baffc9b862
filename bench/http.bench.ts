import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '@landfall/common';
import { runBench } from './support/bench-main';
import { startCeph, type BenchGateway } from './init-bench-support';
import type { LoadJob, LoadSummary } from './support/autocannon-run';
import { benchDatabase, databaseQueries, hubEnv, seedDatabase, tklbamSubkey } from './support/http-seed';
import { runLoad, startHelloProcess, startHubProcess, type RunningProcess } from './support/processes';

/**
 * `npm run bench:http`: what an operator sizing a deployment sees. The built hub runs as its own process, started
 * as the README does (`node dist/apps/hub/src/main.js`, NODE_ENV=production, its log written to a file), against
 * PostgreSQL and the two-region Ceph gateway with real STS; autocannon drives it from another process; a bare
 * Fastify hello-world (a third process) is measured in the same run as the ceiling. Every row is run at the
 * default log level and at `warn`, to show what request logging costs. Each row also shows the statements the hub
 * sent to PostgreSQL per request (its `landfall_database_queries_total`) and the load average while it ran.
 *
 * Env: BENCH_SECONDS (10 per row), BENCH_CONNECTIONS (32), BENCH_APPLIANCES (50 warm), BENCH_COLD (300 new
 * appliances), BENCH_LOG_LEVELS (`default,warn`), BENCH_PORT_BASE (27790), DATABASE_URL (server to create the
 * bench databases on; default the local PostgreSQL), BENCH_PROFILE_DIR (set: a fresh hub per row, run with
 * `--cpu-prof`, writes `<level>-<row>.cpuprofile` there; read them with `node dist/bench/profile-top.js`).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WARM_APPLIANCES = Number(process.env.BENCH_APPLIANCES ?? 50);
const COLD_APPLIANCES = Number(process.env.BENCH_COLD ?? 300);
const LEVELS = (process.env.BENCH_LOG_LEVELS ?? 'default,warn').split(',').map((l) => l.trim());
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 27790);
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
/** A GB address in the bundled DB-IP database: placement answers from the GeoIP country entry. */
const EXPLAIN_IP = '81.2.69.142';

async function main(): Promise<void> {
  const root = projectRoot();
  const gateway = await startCeph(root, PORT_BASE);
  if (!gateway)
    throw new Error('bench:http needs the Ceph gateway (apt-get install ceph-mon ceph-osd radosgw)');
  const hello = await startHelloProcess();
  const tables: string[] = [];
  try {
    for (const level of LEVELS) tables.push(await benchAtLevel(level, gateway, hello));
  } finally {
    await hello.stop();
    await gateway.stop();
  }
  process.stdout.write(
    [
      '',
      `landfall bench:http — hub process vs bare Fastify process, autocannon in a third process, ${CONNECTIONS} connections, ` +
        `${SECONDS} s per row, node ${process.version}, ${os.cpus().length} CPUs, ${gateway.regions.length} Ceph regions with STS` +
        (PROFILE_DIR ? `, profiled (--cpu-prof into ${PROFILE_DIR}; slower than unprofiled)` : ''),
      ...tables,
      '',
    ].join('\n'),
  );
}

interface Row {
  label: string;
  result: LoadSummary;
  note?: string;
  load: number;
}

interface Step {
  label: string;
  /** File name of its CPU profile. */
  slug: string;
  /** Warm-up outside the measurement (not counted). */
  warm?(origin: string): Promise<void>;
  /** The measured load; `note` receives the STS calls counted around it. */
  measure(origin: string): Promise<LoadSummary>;
  sts?: boolean;
}

async function benchAtLevel(level: string, gateway: BenchGateway, hello: RunningProcess): Promise<string> {
  const database = await benchDatabase('http');
  const seed = await seedDatabase(database.url, gateway, { warm: WARM_APPLIANCES, cold: COLD_APPLIANCES });
  const env = hubEnv(database.url, PORT_BASE + 30, level === 'default' ? {} : { LOG_LEVEL: level });
  const logFile = (slug: string) =>
    path.join(os.tmpdir(), `landfall-bench-http-${level}${slug ? `-${slug}` : ''}.log`);
  const startHub = (slug: string) => {
    if (!PROFILE_DIR) return startHubProcess(env, logFile(''));
    mkdirSync(PROFILE_DIR, { recursive: true });
    return startHubProcess(env, logFile(slug), [
      '--cpu-prof',
      `--cpu-prof-dir=${PROFILE_DIR}`,
      `--cpu-prof-name=${level}-${slug}.cpuprofile`,
    ]);
  };
  let shared: RunningProcess | undefined;
  try {
    const load = (job: Omit<LoadJob, 'connections' | 'seconds'> & Partial<LoadJob>) =>
      runLoad({ connections: CONNECTIONS, seconds: SECONDS, ...job });
    const adminAuth = { authorization: `Bearer ${seed.adminKey}` };
    const explain = (origin: string) => ({
      url: `${origin}/admin/v1/placement/explain?ip=${EXPLAIN_IP}`,
      method: 'GET' as const,
      headers: adminAuth,
    });
    const init = (origin: string) => ({ url: `${origin}/v1/init`, method: 'POST' as const, body: '{}' });
    let subkey: string | undefined;
    const credentials = async (origin: string) => ({
      url: `${origin}/api/backup/credentials/`,
      method: 'GET' as const,
      headers: { subkey: (subkey ??= await tklbamSubkey(origin, seed)), accept: 'application/json' },
    });
    const steps: Step[] = [
      {
        label: 'hub GET /healthz',
        slug: 'healthz',
        measure: (o) => load({ url: `${o}/healthz`, method: 'GET' }),
      },
      {
        label: 'hub GET /admin/v1/placement/explain',
        slug: 'explain',
        warm: async (o) => void (await load({ ...explain(o), seconds: 2 })),
        measure: (o) => load(explain(o)),
      },
      {
        // Warm: every appliance has its backup and cached credentials before the measured run.
        label: 'hub POST /v1/init (warm)',
        slug: 'warm-init',
        warm: async (o) => {
          await load({ ...init(o), bearerKeys: seed.warmKeys, amount: seed.warmKeys.length });
          await load({ ...init(o), bearerKeys: seed.warmKeys, seconds: 2 });
        },
        measure: (o) => load({ ...init(o), bearerKeys: seed.warmKeys }),
        sts: true,
      },
      {
        label: `hub POST /v1/init (cold, ${seed.coldKeys.length} new)`,
        slug: 'cold-init',
        measure: (o) => load({ ...init(o), bearerKeys: seed.coldKeys, amount: seed.coldKeys.length }),
        sts: true,
      },
      {
        label: 'hub GET /api/backup/credentials/',
        slug: 'tklbam-credentials',
        warm: async (o) => void (await load({ ...(await credentials(o)), seconds: 2 })),
        measure: async (o) => load(await credentials(o)),
        sts: true,
      },
    ];

    const rows: Row[] = [];
    const bare = await load({ url: `${hello.origin}/`, method: 'GET' });
    rows.push({ label: 'bare Fastify GET /', result: bare, load: os.loadavg()[0] });
    if (!PROFILE_DIR) shared = await startHub('');
    for (const step of steps) {
      const hub = shared ?? (await startHub(step.slug));
      try {
        await step.warm?.(hub.origin);
        const sts = step.sts ? await seed.stsCalls() : 0;
        const queries = await databaseQueries(hub.origin);
        const result = await step.measure(hub.origin);
        const notes = [
          `PG ${perRequest((await databaseQueries(hub.origin)) - queries, result.requests)}/req`,
        ];
        if (step.sts) notes.push(`STS ${perThousand((await seed.stsCalls()) - sts, result.requests)}/1k`);
        rows.push({ label: step.label, result, note: notes.join(', '), load: os.loadavg()[0] });
      } finally {
        if (!shared) await hub.stop();
      }
    }
    return render(level, rows, bare);
  } finally {
    await shared?.stop();
    await seed.close();
    await database.drop();
  }
}

function render(level: string, rows: Row[], bare: LoadSummary): string {
  const head = `\nlog level: ${level === 'default' ? 'default (LOG_LEVEL unset)' : level}`;
  const header = `${'route'.padEnd(42)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'ratio'.padStart(7)}  ${'non-2xx'.padStart(7)}  ${'load1'.padStart(5)}  notes`;
  const lines = rows.map(({ label, result, note, load }) =>
    [
      label.padEnd(42),
      result.requestsPerSecond.toFixed(0).padStart(8),
      result.p50Ms.toFixed(1).padStart(8),
      result.p99Ms.toFixed(1).padStart(8),
      (result.requestsPerSecond / bare.requestsPerSecond).toFixed(3).padStart(7),
      ` ${String(result.non2xx + result.errors + result.timeouts).padStart(7)}`,
      ` ${load.toFixed(1).padStart(5)}`,
      ` ${note ?? ''}`,
    ].join(' '),
  );
  return [head, header, ...lines].join('\n');
}

function perRequest(queries: number, requests: number): string {
  return requests > 0 && Number.isFinite(queries) ? (queries / requests).toFixed(2) : 'n/a';
}

function perThousand(calls: number, requests: number): string {
  return requests > 0 ? ((calls * 1000) / requests).toFixed(1) : 'n/a';
}

runBench(main);
