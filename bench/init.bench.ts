import { PlacementStateService } from '@landfall/placement';
import 'reflect-metadata';
import Fastify from 'fastify';
import pino from 'pino';
import { createHubApp } from '../apps/hub/src/bootstrap';
import { prepareRuntime } from '../apps/hub/src/runtime';
import { projectRoot } from '@landfall/common';
import { loadConfig } from '@landfall/config';
import { mintApiKey } from '@landfall/identity';
import { PrismaService, withDatabase } from '@landfall/persistence';
import { onServer, runBench } from './support/bench-main';
import { CEPH_HUB_ENV, load, startCeph, type LoadResult } from './init-bench-support';

/**
 * `npm run bench:init`: POST /v1/init throughput and p99 on the real hub (real bootstrap, PostgreSQL, Ceph gateway
 * with STS when installed, else the local s3rver store with static credentials) with a warm credential cache,
 * against a bare Fastify hello-world on the same machine in the same run; and STS calls per 1,000 inits.
 * Env: BENCH_REQUESTS (default 5000), BENCH_CONCURRENCY (32), BENCH_APPLIANCES (50), DATABASE_URL, BENCH_PORT_BASE,
 * BENCH_STORAGE=local (skip Ceph even when installed).
 */
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const APPLIANCES = Number(process.env.BENCH_APPLIANCES ?? 50);
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 27690);

async function main(): Promise<void> {
  const root = projectRoot();
  const server = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const database = `landfall_bench_${Date.now().toString(36)}`;
  await onServer(server, `CREATE DATABASE "${database}"`);
  const gateway = process.env.BENCH_STORAGE === 'local' ? null : await startCeph(root, PORT_BASE);
  const stops: (() => Promise<void>)[] = [
    () => onServer(server, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
  ];
  if (gateway) stops.unshift(gateway.stop);
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: withDatabase(server, database),
      DATABASE_POOL_SIZE: '20',
      REGION_SEED: 'none',
      BUCKET_PREFIX: `lfbench-${Date.now().toString(36)}`,
      LANDFALL_DATA_DIR: `${root}/.landfall/bench`,
      LOCAL_S3_PORT: String(PORT_BASE + 20),
      ...(gateway ? CEPH_HUB_ENV : { STORAGE_MODE: 'local' }),
    });
    const runtime = await prepareRuntime(config, () => undefined);
    stops.unshift(runtime.stop);
    const app = await createHubApp(config, runtime, pino({ level: 'silent' }));
    stops.unshift(() => app.close());
    const prisma = app.get(PrismaService);
    const regions = gateway?.regions ?? [{ code: 'us-east-1', endpoint: runtime.localS3Endpoint! }];
    for (const r of regions) {
      await prisma.region.create({
        data: { code: r.code, displayName: r.code, latitude: 0, longitude: 0, endpoint: r.endpoint },
      });
    }
    await app.get(PlacementStateService).rebuild();
    const keys = await appliances(prisma, APPLIANCES);
    await app.listen({ host: '127.0.0.1', port: PORT_BASE + 30 });

    const stsCalls = () => prisma.auditEvent.count({ where: { action: 'credentials.issue' } });
    const init = (i: number) => ({
      path: '/v1/init',
      headers: { authorization: `Bearer ${keys[i % keys.length]}` },
      body: '{}',
    });

    // Cold: every appliance's first init creates its backup (and the region bucket) and issues credentials.
    const cold = await load(PORT_BASE + 30, init, keys.length, Math.min(CONCURRENCY, keys.length));
    const afterCold = await stsCalls();
    // Warm: the credential cache holds every backup's credentials.
    await load(PORT_BASE + 30, init, Math.min(1000, REQUESTS), CONCURRENCY);
    const beforeWarm = await stsCalls();
    const warm = await load(PORT_BASE + 30, init, REQUESTS, CONCURRENCY);
    const warmSts = (await stsCalls()) - beforeWarm;
    // One new appliance, 1,000 simultaneous first inits: single flight.
    const [burstKey] = await appliances(prisma, 1);
    const beforeBurst = await stsCalls();
    const burst = await load(
      PORT_BASE + 30,
      () => ({ path: '/v1/init', headers: { authorization: `Bearer ${burstKey}` }, body: '{}' }),
      1000,
      Math.min(200, CONCURRENCY * 4),
    );
    const burstSts = (await stsCalls()) - beforeBurst;

    const bare = await bareFastify(REQUESTS, CONCURRENCY, PORT_BASE + 31);

    const line = (label: string, r: LoadResult) =>
      `${label.padEnd(44)} ${r.perSecond.toFixed(0).padStart(7)} req/s   p50 ${r.p50Ms.toFixed(2).padStart(7)} ms   p99 ${r.p99Ms
        .toFixed(2)
        .padStart(7)} ms   (${r.requests} requests, ${r.failures} non-200)`;
    const out = [
      '',
      `landfall init bench — storage: ${gateway ? 'Ceph radosgw + STS (twin-ceph)' : 'local s3rver + static credentials'}, ` +
        `concurrency ${CONCURRENCY}, ${keys.length} appliances, node ${process.version}`,
      line('bare Fastify hello-world', bare),
      line('POST /v1/init, warm credential cache', warm),
      line('POST /v1/init, first init of each appliance', cold),
      line('POST /v1/init, 1,000 at once for one new one', burst),
      `warm init / bare Fastify throughput ratio:    ${(warm.perSecond / bare.perSecond).toFixed(3)}` +
        `   (p99 ratio ${(warm.p99Ms / bare.p99Ms).toFixed(1)}x)`,
      `STS calls per 1,000 inits, warm cache:        ${((warmSts * 1000) / warm.requests).toFixed(2)}`,
      `STS calls for 1,000 simultaneous inits of one new appliance: ${burstSts}`,
      `STS calls for the ${keys.length} first inits:              ${afterCold}`,
      '',
    ];
    process.stdout.write(out.join('\n'));
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

async function bareFastify(total: number, concurrency: number, port: number): Promise<LoadResult> {
  const fastify = Fastify({ logger: false });
  const body = {
    backup: { id: 'x', region: 'us-east-1', bucket: 'b', prefix: 'p', address: 's3://b/p', endpoint: 'e' },
  };
  fastify.post('/v1/init', async () => body);
  await fastify.listen({ host: '127.0.0.1', port });
  try {
    await load(
      port,
      () => ({ path: '/v1/init', headers: {}, body: '{}' }),
      Math.min(1000, total),
      concurrency,
    );
    return await load(port, () => ({ path: '/v1/init', headers: {}, body: '{}' }), total, concurrency);
  } finally {
    await fastify.close();
  }
}

async function appliances(prisma: PrismaService, count: number): Promise<string[]> {
  const account = await prisma.account.create({ data: { name: `bench-${Date.now()}-${Math.random()}` } });
  const keys: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const appliance = await prisma.appliance.create({ data: { accountId: account.id, name: `a${i}` } });
    const key = mintApiKey('appliance');
    await prisma.apiKey.create({
      data: {
        kind: 'appliance',
        prefix: key.prefix,
        secretHash: key.secretHash,
        label: 'bench',
        accountId: account.id,
        applianceId: appliance.id,
      },
    });
    keys.push(key.plaintext);
  }
  return keys;
}

runBench(main);
