import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { LoadJob, LoadSummary } from './autocannon-run';

const DIST = path.resolve(__dirname, '..', '..');

export interface RunningProcess {
  origin: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * The built hub started the way the README does (`node dist/apps/hub/src/main.js`), as its own OS process, with its
 * log written to a file as a log shipper would read it. Resolves once `/healthz` answers.
 */
export async function startHubProcess(
  env: Record<string, string>,
  logFile: string,
  nodeArgs: string[] = [],
): Promise<RunningProcess> {
  const port = env.PORT;
  const child = spawn(process.execPath, [...nodeArgs, path.join(DIST, 'apps', 'hub', 'src', 'main.js')], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Two pipes into one file: neither may end it (stderr can still write after stdout closed), the exit does.
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.once('close', () => log.end());
  const origin = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`hub exited with ${code} before it was ready; see ${logFile}`)),
    ),
  );
  await Promise.race([waitFor(`${origin}/healthz`, 120_000), exited]);
  return { origin, child, stop: () => stopChild(child) };
}

/** The bare Fastify hello-world, in its own process. */
export async function startHelloProcess(): Promise<RunningProcess> {
  const child = spawn(process.execPath, [path.join(DIST, 'bench', 'support', 'hello-process.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const origin = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`hello-world exited with ${code}`)));
  });
  return { origin, child, stop: () => stopChild(child) };
}

/** Runs one load job in a separate autocannon process and returns its summary. */
export async function runLoad(job: LoadJob): Promise<LoadSummary> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'landfall-load-'));
  const file = path.join(dir, 'job.json');
  await writeFile(file, JSON.stringify(job));
  const child = spawn(process.execPath, [path.join(DIST, 'bench', 'support', 'autocannon-run.js'), file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as LoadSummary;
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
