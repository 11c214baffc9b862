import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { inject } from 'vitest';

const MAIN = path.resolve(__dirname, '..', '..', 'dist', 'apps', 'hub', 'src', 'main.js');

/** A second hub as its own OS process (the built `npm start` entry point) on the run's test database. */
export interface HubProcess {
  url: string;
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startHubProcess(env: Record<string, string> = {}): Promise<HubProcess> {
  const gateway = inject('gateway');
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: inject('databaseUrl'),
      STORAGE_MODE: 'remote',
      S3_ACCESS_KEY_ID: gateway?.hub.accessKeyId ?? 'none',
      S3_SECRET_ACCESS_KEY: gateway?.hub.secretAccessKey ?? 'none',
      STS_ROLE_ARN: gateway?.roleArn ?? 'arn:aws:iam:::role/TenantWriter',
      STS_ACCESS_KEY_ID: gateway?.broker.accessKeyId ?? 'none-broker',
      STS_SECRET_ACCESS_KEY: gateway?.broker.secretAccessKey ?? 'none',
      BUCKET_OWNER_ARN: gateway?.ownerArn ?? 'arn:aws:iam:::user/none',
      REGION_SEED: 'none',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, () => output);
  return {
    url,
    child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = (await once(child, 'exit')) as [number | null];
      return code;
    },
  };
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hub process exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`hub process did not become healthy:\n${output()}`);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}
