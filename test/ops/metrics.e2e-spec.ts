import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { MigrationDto } from '@landfall/migrations';
import { anAdminKey, anAppliance, bearer } from '../init/support/fixtures';
import {
  inProgress,
  migrationEnv,
  s3For,
  startWorker,
  waitFor,
  writeBackup,
  type WorkerProcess,
} from '../migrate/support/migrate-support';
import { freePort, startHubProcess, type HubProcess } from '../support/hub-process';
import { startTestHub, useGatewayRegions, type TestHub } from '../support/test-hub';

const gateway = inject('gateway');

const HUB_FAMILIES = [
  'landfall_http_request_duration_seconds',
  'landfall_inits_total',
  'landfall_credential_cache_lookups_total',
  'landfall_sts_requests_total',
  'landfall_sts_errors_total',
  'landfall_s3_requests_total',
  'landfall_s3_errors_total',
  'landfall_auth_failures_total',
  'landfall_rate_limit_refusals_total',
  'landfall_migration_items',
  'landfall_migration_workers_live',
  'landfall_geoip_reloads_total',
  'landfall_geoip_loaded_timestamp_seconds',
  'landfall_placement_rebuilds_total',
  'landfall_placement_index_generation',
  'landfall_placement_regions',
  'landfall_process_cpu_seconds_total',
  'landfall_nodejs_eventloop_lag_seconds',
];
const WORKER_FAMILIES = [
  'landfall_migration_objects_copied_total',
  'landfall_migration_bytes_copied_total',
  'landfall_migration_attempt_failures_total',
  'landfall_migration_items',
  'landfall_s3_requests_total',
  'landfall_s3_errors_total',
  'landfall_process_resident_memory_bytes',
];

/** `promtool check metrics` (Debian's prometheus package) on one exposition: its complaints, or '' when clean. */
function promtool(text: string): string {
  try {
    execFileSync('/usr/bin/promtool', ['check', 'metrics'], { input: text, stdio: 'pipe' });
    return '';
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    return `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}` || String(error);
  }
}

/** The value of one sample line (`name{labels} value`), summed over the series that match every filter. */
function sum(text: string, name: string, ...filters: string[]): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => filters.every((f) => line.includes(f)))
    .reduce((n, line) => n + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/**
 * Real traffic through a built hub process and a built worker process (inits with STS, failed keys past the
 * limit, a migration the worker copies), then both `/metrics` pages are checked by promtool and for every family.
 */
describe.skipIf(!gateway)('metrics of the hub and the worker after real traffic', () => {
  const env = migrationEnv();
  let db: TestHub;
  let hub: HubProcess;
  let worker: WorkerProcess | undefined;
  let workerMetrics: string;
  let adminKey: string;

  beforeAll(async () => {
    db = await startTestHub({ env });
    await useGatewayRegions(db.prisma);
    adminKey = await anAdminKey(db.prisma);
    hub = await startHubProcess({ ...env, LOG_LEVEL: 'warn' });
  }, 240_000);
  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await hub?.stop();
    await db?.close();
  });

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${hub.url}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...init.headers },
    });
  const progress = async (id: string) =>
    (await (await call(`/admin/v1/migrations/${id}`, { headers: bearer(adminKey) })).json()) as MigrationDto;

  it('a migration no live worker runs says "waiting for a worker" (API and readiness); a worker then runs it', async () => {
    const a = await anAppliance(db.prisma);
    const first = await call('/v1/init', { method: 'POST', headers: bearer(a.key), body: '{}' });
    expect(first.status).toBe(200);
    const { backup, credentials } = (await first.json()) as {
      backup: { id: string; bucket: string; prefix: string; region: string; endpoint: string };
      credentials: { accessKeyId: string; secretAccessKey: string; sessionToken: string };
    };
    await writeBackup(s3For(backup.endpoint, backup.region, credentials), backup.bucket, backup.prefix, {
      small: 30,
      multipart: 0,
    });
    for (let i = 0; i < 12; i += 1) {
      const bad = await call('/v1/init', { method: 'POST', headers: bearer(`${a.key}x`), body: '{}' });
      expect([401, 429]).toContain(bad.status);
    }

    // Workers of earlier test files are gone; a SIGKILLed one would still look live for three heartbeats.
    await db.prisma.workerHeartbeat.deleteMany({});
    const target = gateway!.regions.find((r) => r.code !== backup.region)!.code;
    const started = await call('/admin/v1/migrations', {
      method: 'POST',
      headers: bearer(adminKey),
      body: JSON.stringify({ targetRegion: target, backupIds: [backup.id] }),
    });
    expect(started.status).toBe(202);
    const id = ((await started.json()) as MigrationDto).id;
    expect(await progress(id)).toMatchObject({ state: 'waiting_for_worker', waitingForWorker: true });
    const readiness = (await (await call('/admin/v1/readiness', { headers: bearer(adminKey) })).json()) as {
      ready: boolean;
      checks: { name: string; ok: boolean; detail?: string }[];
    };
    expect(readiness.checks.find((c) => c.name === 'workers')?.detail).toContain('waiting for a worker');
    expect((await call('/readyz')).status).toBe(200);

    const metricsPort = await freePort();
    worker = await startWorker({ ...env, WORKER_METRICS_PORT: String(metricsPort) });
    expect(await (await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).json()).toEqual({ status: 'ok' });
    const done = await waitFor(
      () => progress(id),
      (p) => !inProgress(p.state),
      120_000,
      'the cut-over',
    );
    expect(done.state).toBe('cleanup_pending');
    expect(done.waitingForWorker).toBe(false);
    workerMetrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(sum(workerMetrics, 'landfall_migration_objects_copied_total', `region="${target}"`)).toBe(30);
    expect(sum(workerMetrics, 'landfall_migration_bytes_copied_total')).toBe(done.bytes.total);
    expect(sum(workerMetrics, 'landfall_s3_requests_total', `region="${target}"`)).toBeGreaterThan(0);
  });

  it('the hub and the worker pass promtool and show every family', async () => {
    const response = await fetch(`${hub.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const hubMetrics = await response.text();
    expect(promtool(hubMetrics)).toBe('');
    expect(promtool(workerMetrics)).toBe('');
    const families = (text: string) => new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    expect(HUB_FAMILIES.filter((f) => !families(hubMetrics).has(f))).toEqual([]);
    expect(WORKER_FAMILIES.filter((f) => !families(workerMetrics).has(f))).toEqual([]);

    // What the traffic above did, by label.
    expect(sum(hubMetrics, 'landfall_inits_total', 'outcome="created"')).toBe(1);
    expect(sum(hubMetrics, 'landfall_auth_failures_total', 'code="AUTH.INVALID_KEY"')).toBe(12);
    expect(sum(hubMetrics, 'landfall_rate_limit_refusals_total', 'code="AUTH.RATE_LIMITED"')).toBe(2);
    expect(sum(hubMetrics, 'landfall_credential_cache_lookups_total', 'result="miss"')).toBeGreaterThan(0);
    expect(sum(hubMetrics, 'landfall_sts_requests_total', 'operation="AssumeRole"')).toBeGreaterThan(0);
    expect(
      sum(
        hubMetrics,
        'landfall_http_request_duration_seconds_count',
        'route="/admin/v1/migrations/:id"',
        'status="200"',
      ),
    ).toBeGreaterThan(1);
    expect(sum(hubMetrics, 'landfall_migration_items', 'state="cut_over"')).toBeGreaterThanOrEqual(1);
    expect(sum(hubMetrics, 'landfall_migration_workers_live')).toBe(1);
  });
});
