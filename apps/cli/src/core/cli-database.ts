import { readFile } from 'node:fs/promises';
import { Client } from 'pg';
import type { AppConfig } from '@landfall/config';
import { startEmbeddedPostgres } from '@landfall/local';

export interface CliDatabase {
  url: string;
  /** Stops the embedded PostgreSQL when this process started it; a no-op otherwise. */
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set. Otherwise the hub's embedded PostgreSQL: used as is when it is running (a hub is up),
 * else started for the duration of the command, so an operator never has to start the hub to run one.
 */
export async function connectCliDatabase(
  config: AppConfig,
  log: (line: string) => void,
): Promise<CliDatabase> {
  if (config.database.url) return { url: config.database.url, stop: async () => undefined };
  const { dataDir, port } = config.database.embedded;
  const password = await readFile(`${dataDir}.secret`, 'utf8').then(
    (text) => text.trim(),
    () => null,
  );
  if (password !== null) {
    const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/landfall`;
    if (await canConnect(url)) return { url, stop: async () => undefined };
  }
  log(`starting the embedded PostgreSQL in ${dataDir} (port ${port})`);
  const embedded = await startEmbeddedPostgres(dataDir, port);
  return { url: embedded.url, stop: () => embedded.stop() };
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}
