import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@landfall/local';
import { withDatabase } from '@landfall/persistence';

const LOCAL_SERVER = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestPostgres {
  serverUrl: string;
  stop(): Promise<void>;
}

/** DATABASE_URL when given; else the machine's PostgreSQL; else an embedded one in a temporary directory. */
export async function reachPostgres(): Promise<TestPostgres> {
  const given = process.env.DATABASE_URL;
  if (given) return { serverUrl: given, stop: async () => undefined };
  if (await canConnect(LOCAL_SERVER)) return { serverUrl: LOCAL_SERVER, stop: async () => undefined };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'landfall-test-pg-'));
  const embedded: EmbeddedPostgresHandle = await startEmbeddedPostgres(path.join(dir, 'data'), 55432);
  return {
    serverUrl: embedded.url,
    stop: async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A new, empty database on the server; the returned URL points at it. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await withAdmin(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return withDatabase(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdmin(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

export function uniqueDatabaseName(label: string): string {
  return `landfall_${label}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

async function withAdmin<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}
