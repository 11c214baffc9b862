import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { applyMigrations } from '@landfall/persistence';
import { freePort } from './hub-process';

const run = promisify(execFile);
/** PostgreSQL 15's binaries (Debian's `postgresql-15`), else the newest installed. */
const BIN = ((): string => {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root).filter((v) => existsSync(`${root}/${v}/bin/initdb`))
    : [];
  const chosen = versions.includes('15') ? '15' : versions.sort((a, b) => Number(b) - Number(a))[0];
  return `${root}/${chosen ?? '15'}/bin`;
})();

/**
 * A PostgreSQL cluster of the test's own, which the test may stop, restart or kill (never the machine's shared
 * one on 5432). Run as the `postgres` user when the tests run as root (PostgreSQL refuses to run as root).
 */
export interface ThrowawayPostgres {
  port: number;
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` */
  serverUrl: string;
  dataDir: string;
  /** A new database with every migration applied; returns its URL. */
  createMigratedDatabase(name?: string): Promise<string>;
  stop(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  restart(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  /** Runs one query on a fresh connection (for pg_stat_activity checks); the cluster must be up. */
  query<T extends Record<string, unknown>>(sql: string, database?: string): Promise<T[]>;
  /** Stops the cluster and removes its files. */
  destroy(): Promise<void>;
}

export interface ThrowawayPostgresOptions {
  /** Default: a free port. Derive it from LANDFALL_TEST_PORT_BASE (above base+20) when it must be fixed. */
  port?: number;
  /** Extra `postgresql.conf` settings, e.g. `{ max_connections: '50' }`. */
  settings?: Record<string, string>;
}

export async function startThrowawayPostgres(
  options: ThrowawayPostgresOptions = {},
): Promise<ThrowawayPostgres> {
  const port = options.port ?? (await freePort());
  const root = mkdtempSync(path.join(tmpdir(), 'landfall-pg-'));
  const dataDir = path.join(root, 'data');
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(root, uid, gid);
    chmodSync(root, 0o700);
  }
  const pgCommand = (args: string[]) =>
    (asRoot ? ['runuser', ['-u', 'postgres', '--', ...args]] : [args[0], args.slice(1)]) as [
      string,
      string[],
    ];
  const exec = async (args: string[]) => {
    const [file, argv] = pgCommand(args);
    await run(file, argv, { timeout: 120_000 });
  };
  const settings = {
    listen_addresses: "'127.0.0.1'",
    port: String(port),
    unix_socket_directories: `'${root}'`,
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '100',
    shared_buffers: '32MB',
    ...options.settings,
  };
  await exec([`${BIN}/initdb`, '-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const conf = Object.entries(settings)
    .map(([k, v]) => `${k} = ${v}`)
    .join('\n');
  const [file, argv] = pgCommand(['sh', '-c', `cat >> '${dataDir}/postgresql.conf'`]);
  execFileSync(file, argv, { input: `${conf}\n` });

  const logFile = path.join(root, 'postgres.log');
  const ctl = (verb: string, extra: string[] = []) =>
    exec([`${BIN}/pg_ctl`, verb, '-D', dataDir, '-w', '-t', '60', ...extra]);
  const start = () => ctl('start', ['-l', logFile]);
  let running = false;
  const stopSync = () => {
    if (!running) return;
    const [f, a] = pgCommand([`${BIN}/pg_ctl`, 'stop', '-D', dataDir, '-m', 'immediate', '-w']);
    try {
      execFileSync(f, a, { stdio: 'ignore' });
    } catch {
      // already stopped
    }
  };
  // A crashed test must not leave a cluster running.
  process.once('exit', stopSync);

  await start();
  running = true;
  const serverUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  const urlOf = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;

  const query = async <T extends Record<string, unknown>>(
    sql: string,
    database = 'postgres',
  ): Promise<T[]> => {
    const client = new Client({ connectionString: urlOf(database) });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  return {
    port,
    serverUrl,
    dataDir,
    query,
    createMigratedDatabase: async (name = `landfall_${Date.now().toString(36)}`) => {
      await query(`CREATE DATABASE "${name}"`);
      const url = urlOf(name);
      await applyMigrations(url);
      return url;
    },
    stop: async (mode = 'fast') => {
      await ctl('stop', ['-m', mode]);
      running = false;
    },
    start: async () => {
      await start();
      running = true;
    },
    restart: async (mode = 'fast') => {
      await ctl('restart', ['-m', mode, '-l', logFile]);
      running = true;
    },
    destroy: async () => {
      process.removeListener('exit', stopSync);
      if (running) await ctl('stop', ['-m', 'immediate']).catch(() => undefined);
      running = false;
      rmSync(root, { recursive: true, force: true });
    },
  };
}
