import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '@landfall/common';
import { mintApiKey } from '@landfall/identity';
import { applyMigrations, PrismaService, withDatabase } from '@landfall/persistence';
import { loadAwsRegionCatalogue } from '@landfall/regions';
import { onServer, runBench } from './support/bench-main';
import { CEPH_HUB_ENV, startCeph, type BenchGateway } from './init-bench-support';
import type { LoadJob, LoadSummary } from './support/autocannon-run';
import { runLoad, startHelloProcess, startHubProcess, type RunningProcess } from './support/processes';

/**
 * `npm run bench:http`: what an operator sizing a deployment sees. The built hub runs as its own process, started
 * as the README does (`node dist/apps/hub/src/main.js`, NODE_ENV=production, its log written to a file), against
 * PostgreSQL and the two-region Ceph gateway with real STS; autocannon drives it from another process; a bare
 * Fastify hello-world (a third process) is measured in the same run as the ceiling. Every row is run at the
 * default log level and at `warn`, to show what request logging costs.
 *
 * Env: BENCH_SECONDS (10 per row), BENCH_CONNECTIONS (32), BENCH_APPLIANCES (50 warm), BENCH_COLD (300 new
 * appliances), BENCH_LOG_LEVELS (`default,warn`), BENCH_PORT_BASE (27790), DATABASE_URL (server to create the
 * bench databases on; default the local PostgreSQL).
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WARM_APPLIANCES = Number(process.env.BENCH_APPLIANCES ?? 50);
const COLD_APPLIANCES = Number(process.env.BENCH_COLD ?? 300);
const LEVELS = (process.env.BENCH_LOG_LEVELS ?? 'default,warn').split(',').map((l) => l.trim());
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 27790);
const SERVER = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
/** A GB address in the bundled DB-IP database: placement answers from the GeoIP country entry. */
const EXPLAIN_IP = '81.2.69.142';

interface Row {
  label: string;
  result: LoadSummary;
  note?: string;
}

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
        `${SECONDS} s per row, node ${process.version}, ${gateway.regions.length} Ceph regions with STS`,
      ...tables,
      '',
    ].join('\n'),
  );
}

async function benchAtLevel(level: string, gateway: BenchGateway, hello: RunningProcess): Promise<string> {
  const database = `landfall_bench_http_${Date.now().toString(36)}`;
  await onServer(SERVER, `CREATE DATABASE "${database}"`);
  const databaseUrl = withDatabase(SERVER, database);
  let hub: RunningProcess | undefined;
  try {
    await applyMigrations(databaseUrl);
    const seed = await seedDatabase(databaseUrl, gateway);
    hub = await startHubProcess(
      {
        NODE_ENV: 'production',
        PORT: String(PORT_BASE + 30),
        DATABASE_URL: databaseUrl,
        ...CEPH_HUB_ENV,
        REGION_SEED: 'none',
        BUCKET_PREFIX: `lfhttp-${Date.now().toString(36)}`,
        ...(level === 'default' ? {} : { LOG_LEVEL: level }),
      },
      path.join(os.tmpdir(), `landfall-bench-http-${level}.log`),
    );
    const origin = hub.origin;
    const load = (job: Omit<LoadJob, 'connections' | 'seconds'> & Partial<LoadJob>) =>
      runLoad({ connections: CONNECTIONS, seconds: SECONDS, ...job });
    const adminAuth = { authorization: `Bearer ${seed.adminKey}` };

    const rows: Row[] = [];
    const bare = await load({ url: `${hello.origin}/`, method: 'GET' });
    rows.push({ label: 'bare Fastify GET /', result: bare });
    rows.push({ label: 'hub GET /healthz', result: await load({ url: `${origin}/healthz`, method: 'GET' }) });
    const explainUrl = `${origin}/admin/v1/placement/explain?ip=${EXPLAIN_IP}`;
    await load({ url: explainUrl, method: 'GET', headers: adminAuth, seconds: 2 });
    rows.push({
      label: 'hub GET /admin/v1/placement/explain',
      result: await load({ url: explainUrl, method: 'GET', headers: adminAuth }),
    });

    // Warm: every appliance has its backup and cached credentials before the measured run.
    const initJob = { url: `${origin}/v1/init`, method: 'POST' as const, body: '{}' };
    await load({ ...initJob, bearerKeys: seed.warmKeys, amount: seed.warmKeys.length });
    await load({ ...initJob, bearerKeys: seed.warmKeys, seconds: 2 });
    let before = await seed.stsCalls();
    const warm = await load({ ...initJob, bearerKeys: seed.warmKeys });
    const warmSts = (await seed.stsCalls()) - before;
    rows.push({
      label: 'hub POST /v1/init (warm)',
      result: warm,
      note: `STS ${perThousand(warmSts, warm.requests)}/1k`,
    });

    before = await seed.stsCalls();
    const cold = await load({ ...initJob, bearerKeys: seed.coldKeys, amount: seed.coldKeys.length });
    const coldSts = (await seed.stsCalls()) - before;
    rows.push({
      label: `hub POST /v1/init (cold, ${seed.coldKeys.length} new)`,
      result: cold,
      note: `STS ${perThousand(coldSts, cold.requests)}/1k`,
    });

    const subkey = await tklbamSubkey(origin, seed);
    const credentialsJob = {
      url: `${origin}/api/backup/credentials/`,
      method: 'GET' as const,
      headers: { subkey, accept: 'application/json' },
    };
    await load({ ...credentialsJob, seconds: 2 });
    before = await seed.stsCalls();
    const tklbam = await load(credentialsJob);
    const tklbamSts = (await seed.stsCalls()) - before;
    rows.push({
      label: 'hub GET /api/backup/credentials/',
      result: tklbam,
      note: `STS ${perThousand(tklbamSts, tklbam.requests)}/1k`,
    });
    await seed.close();
    return render(level, rows, bare);
  } finally {
    await hub?.stop();
    await onServer(SERVER, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
  }
}

interface Seed {
  adminKey: string;
  warmKeys: string[];
  coldKeys: string[];
  accountId: string;
  stsCalls(): Promise<number>;
  close(): Promise<void>;
}

/** Regions (the gateway's two, at their catalogue coordinates), one admin key, warm and cold appliances. */
async function seedDatabase(databaseUrl: string, gateway: BenchGateway): Promise<Seed> {
  const prisma = new PrismaService({ url: databaseUrl, poolSize: 4 });
  const catalogue = new Map(loadAwsRegionCatalogue().map((r) => [r.code, r]));
  for (const region of gateway.regions) {
    const known = catalogue.get(region.code);
    await prisma.region.create({
      data: {
        code: region.code,
        displayName: known?.displayName ?? region.code,
        city: known?.city,
        countryCode: known?.countryCode,
        latitude: known?.latitude ?? 0,
        longitude: known?.longitude ?? 0,
        endpoint: region.endpoint,
      },
    });
  }
  const adminKey = mintApiKey('admin');
  await prisma.apiKey.create({
    data: {
      kind: 'admin',
      prefix: adminKey.prefix,
      secretHash: adminKey.secretHash,
      label: 'bench',
      scopes: ['admin'],
    },
  });
  const account = await prisma.account.create({ data: { name: `bench-${Date.now().toString(36)}` } });
  const appliances = async (count: number, tag: string): Promise<string[]> => {
    const keys: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const appliance = await prisma.appliance.create({
        data: { accountId: account.id, name: `${tag}${i}` },
      });
      const key = mintApiKey('appliance');
      await prisma.apiKey.create({
        data: {
          kind: 'appliance',
          prefix: key.prefix,
          secretHash: key.secretHash,
          label: 'bench',
          scopes: ['agent'],
          accountId: account.id,
          applianceId: appliance.id,
        },
      });
      keys.push(key.plaintext);
    }
    return keys;
  };
  return {
    adminKey: adminKey.plaintext,
    warmKeys: await appliances(WARM_APPLIANCES, 'warm'),
    coldKeys: await appliances(COLD_APPLIANCES, 'cold'),
    accountId: account.id,
    stsCalls: () => prisma.auditEvent.count({ where: { action: 'credentials.issue' } }),
    close: () => prisma.onModuleDestroy(),
  };
}

/** A TKLBAM API key issued through the admin API, linked to a subkey as the agent does, with one record. */
async function tklbamSubkey(origin: string, seed: Seed): Promise<string> {
  const issued = await fetch(`${origin}/admin/v1/accounts/${seed.accountId}/tklbam-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${seed.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'bench' }),
  });
  if (issued.status !== 201) throw new Error(`issuing a TKLBAM key: ${issued.status} ${await issued.text()}`);
  const { apiKey } = (await issued.json()) as { apiKey: string };
  const linked = await fetch(`${origin}/api/backup/subkey/?apikey=${encodeURIComponent(apiKey)}`, {
    headers: { accept: 'application/json' },
  });
  if (linked.status !== 200) throw new Error(`subkey/: ${linked.status} ${await linked.text()}`);
  const { subkey } = (await linked.json()) as { subkey: string };
  const record = await fetch(`${origin}/api/backup/record/create/`, {
    method: 'POST',
    headers: { subkey, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      key: 'bench-key',
      turnkey_version: 'turnkey-core-18.0-bookworm-amd64',
    }).toString(),
  });
  if (record.status !== 200) throw new Error(`record/create/: ${record.status} ${await record.text()}`);
  return subkey;
}

function render(level: string, rows: Row[], bare: LoadSummary): string {
  const head = `\nlog level: ${level === 'default' ? 'default (LOG_LEVEL unset)' : level}`;
  const header = `${'route'.padEnd(42)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'ratio'.padStart(7)}  ${'non-2xx'.padStart(7)}  notes`;
  const lines = rows.map(({ label, result, note }) =>
    [
      label.padEnd(42),
      result.requestsPerSecond.toFixed(0).padStart(8),
      result.p50Ms.toFixed(1).padStart(8),
      result.p99Ms.toFixed(1).padStart(8),
      (result.requestsPerSecond / bare.requestsPerSecond).toFixed(3).padStart(7),
      ` ${String(result.non2xx + result.errors + result.timeouts).padStart(7)}`,
      ` ${note ?? ''}`,
    ].join(' '),
  );
  return [head, header, ...lines].join('\n');
}

function perThousand(calls: number, requests: number): string {
  return requests > 0 ? ((calls * 1000) / requests).toFixed(1) : 'n/a';
}

runBench(main);
