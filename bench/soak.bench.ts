import 'reflect-metadata';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '@landfall/common';
import { runBench } from './support/bench-main';
import { startCeph } from './init-bench-support';
import { benchDatabase, hubEnv, seedDatabase } from './support/http-seed';
import { memoryAfterGc, type MemoryAfterGc } from './support/after-gc';
import { runLoad, startHubProcess } from './support/processes';

/**
 * `npm run bench:soak`: memory and tail latency over time. One production hub process (as bench:http starts it,
 * default log level, plus `--inspect` on loopback) under a steady mix of warm `POST /v1/init` and placement explains
 * from two autocannon processes. After the warm-up and after every interval it forces a full garbage collection in the
 * hub over the DevTools protocol and reads its resident set size (VmRSS) and V8 heap in use, so memory is compared at
 * the same point of the collector's cycle; each interval also prints each route's req/s and p99. At the end: start,
 * middle and end figures, and whether post-GC RSS stayed within ±10 % of the start.
 *
 * Env: BENCH_SOAK_SECONDS (600), BENCH_SOAK_INTERVAL (60 s), BENCH_CONNECTIONS (32, split between the two routes),
 * BENCH_APPLIANCES (50), BENCH_PORT_BASE (27790; the hub listens on +30, its inspector on +31), DATABASE_URL.
 */
const TOTAL = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const INTERVAL = Math.min(TOTAL, Number(process.env.BENCH_SOAK_INTERVAL ?? 60));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const APPLIANCES = Number(process.env.BENCH_APPLIANCES ?? 50);
const PORT_BASE = Number(process.env.BENCH_PORT_BASE ?? 27790);
const EXPLAIN_IP = '81.2.69.142';

async function main(): Promise<void> {
  const gateway = await startCeph(projectRoot(), PORT_BASE);
  if (!gateway)
    throw new Error('bench:soak needs the Ceph gateway (apt-get install ceph-mon ceph-osd radosgw)');
  const database = await benchDatabase('soak');
  const seed = await seedDatabase(database.url, gateway, { warm: APPLIANCES, cold: 0 });
  const inspectPort = PORT_BASE + 31;
  const hub = await startHubProcess(
    hubEnv(database.url, PORT_BASE + 30),
    path.join(os.tmpdir(), 'landfall-bench-soak.log'),
    [`--inspect=127.0.0.1:${inspectPort}`],
  );
  const measure = () => memoryAfterGc(hub.child.pid!, inspectPort);
  try {
    const half = Math.max(1, Math.floor(CONNECTIONS / 2));
    const init = {
      url: `${hub.origin}/v1/init`,
      method: 'POST' as const,
      body: '{}',
      bearerKeys: seed.warmKeys,
    };
    const explain = {
      url: `${hub.origin}/admin/v1/placement/explain?ip=${EXPLAIN_IP}`,
      method: 'GET' as const,
      headers: { authorization: `Bearer ${seed.adminKey}` },
    };
    await runLoad({ ...init, connections: half, seconds: 0, amount: seed.warmKeys.length });
    await Promise.all([
      runLoad({ ...init, connections: half, seconds: 5 }),
      runLoad({ ...explain, connections: half, seconds: 5 }),
    ]);
    const lines: string[] = [];
    const samples: Array<MemoryAfterGc & { at: number }> = [{ at: 0, ...(await measure()) }];
    const stsBefore = await seed.stsCalls();
    let inits = 0;
    for (let at = INTERVAL; at <= TOTAL; at += INTERVAL) {
      const [i, e] = await Promise.all([
        runLoad({ ...init, connections: half, seconds: INTERVAL }),
        runLoad({ ...explain, connections: half, seconds: INTERVAL }),
      ]);
      inits += i.requests;
      const memory = await measure();
      samples.push({ at, ...memory });
      const line =
        `${String(at).padStart(5)} s  init ${i.requestsPerSecond.toFixed(0).padStart(6)} req/s p99 ${i.p99Ms.toFixed(0).padStart(5)} ms` +
        `  explain ${e.requestsPerSecond.toFixed(0).padStart(6)} req/s p99 ${e.p99Ms.toFixed(0).padStart(5)} ms` +
        `  failed ${i.non2xx + i.errors + i.timeouts + e.non2xx + e.errors + e.timeouts}` +
        `  after GC: RSS ${memory.rssMb.toFixed(0).padStart(4)} MB heap ${memory.heapUsedMb.toFixed(0).padStart(4)} MB` +
        `  load1 ${os.loadavg()[0].toFixed(1)}`;
      lines.push(line);
      process.stderr.write(`${line}\n`);
    }
    const rss = samples.map((m) => m.rssMb);
    const first = rss[0];
    const worst = rss
      .map((r) => (r - first) / first)
      .reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a), 0);
    const figure = (label: string, m: MemoryAfterGc & { at: number }) =>
      `${label} (${m.at} s) RSS ${m.rssMb.toFixed(0)} MB, heap ${m.heapUsedMb.toFixed(1)} MB`;
    const sts = (await seed.stsCalls()) - stsBefore;
    process.stdout.write(
      [
        '',
        `landfall bench:soak — one hub process, warm inits and explains (${half} + ${half} connections, autocannon in ` +
          `two other processes), ${TOTAL} s in ${INTERVAL} s intervals, node ${process.version}, ${os.cpus().length} CPUs`,
        ...lines,
        `after a full GC: ${[
          figure('start', samples[0]),
          figure('middle', samples[Math.floor((samples.length - 1) / 2)]),
          figure('end', samples[samples.length - 1]),
        ].join('; ')}`,
        `post-GC RSS min ${Math.min(...rss).toFixed(0)} MB, max ${Math.max(...rss).toFixed(0)} MB; largest change ` +
          `from the start ${(worst * 100).toFixed(1)} % → ${Math.abs(worst) <= 0.1 ? 'within' : 'OUTSIDE'} ±10 %`,
        `STS calls during the soak: ${sts} for ${inits} warm inits`,
        '',
      ].join('\n'),
    );
  } finally {
    await hub.stop();
    await seed.close();
    await database.drop();
    await gateway.stop();
  }
}

runBench(main);
