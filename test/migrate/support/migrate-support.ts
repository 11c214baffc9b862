import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { inject } from 'vitest';
import type { TestHub } from '../../support/test-hub';
import { uniqueSuffix } from '../../support/test-hub';
import { freePort } from '../../support/hub-process';
import { startInitHub } from '../../init/support/init-hub';

export type { InitBody } from '../../init/support/init-hub';
/** The agent's side of a migration test (its objects, written, listed, hashed, changed) lives beside it. */
export * from './backup-objects';

const WORKER_MAIN = path.resolve(__dirname, '..', '..', '..', 'dist', 'apps', 'worker', 'src', 'main.js');

/** Settings hub and workers of one test file share (the bucket prefix above all). */
export function migrationEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    BUCKET_PREFIX: `lfm-${uniqueSuffix()}`,
    MIGRATION_CUTOVER_WAIT: 'final-relist',
    MIGRATION_SOURCE_GRACE_SECONDS: '8',
    MIGRATION_LEASE_SECONDS: '3',
    MIGRATION_RETRY_DELAY_SECONDS: '1',
    MIGRATION_PART_SIZE_MB: '5',
    MIGRATION_CONCURRENCY: '8',
    WORKER_POLL_INTERVAL_SECONDS: '0.5',
    ...overrides,
  };
}

export async function startMigrateHub(env: Record<string, string>): Promise<TestHub> {
  return startInitHub(env);
}

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** The built worker (`dist/apps/worker/src/main.js`) as its own OS process on the run's database and gateway. */
export async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const gateway = inject('gateway')!;
  let output = '';
  const child = spawn(process.execPath, [WORKER_MAIN], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      DATABASE_URL: inject('databaseUrl'),
      STORAGE_MODE: 'remote',
      S3_ACCESS_KEY_ID: gateway.hub.accessKeyId,
      S3_SECRET_ACCESS_KEY: gateway.hub.secretAccessKey,
      STS_ROLE_ARN: gateway.roleArn,
      STS_ACCESS_KEY_ID: gateway.broker.accessKeyId,
      STS_SECRET_ACCESS_KEY: gateway.broker.secretAccessKey,
      BUCKET_OWNER_ARN: gateway.ownerArn,
      REGION_SEED: 'none',
      LOG_LEVEL: 'info',
      SHUTDOWN_GRACE_MS: '5000',
      // Each worker serves /metrics on a port of its own: tests run several at once (one may be stopped, not dead).
      WORKER_METRICS_PORT: String(await freePort()),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 30_000;
  while (!output.includes('landfall worker running')) {
    if (child.exitCode !== null) throw new Error(`worker exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`worker did not start:\n${output}`);
    }
    await sleep(50);
  }
  return {
    child,
    output: () => output,
    kill: async (signal) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

export async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await sleep(250);
  }
}

/** A migration still being worked on (or waiting for a worker to work on it): not yet a final state. */
export const inProgress = (state: string): boolean => state === 'running' || state === 'waiting_for_worker';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
