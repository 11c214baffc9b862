import type { AppConfig } from '@landfall/config';
import { startEmbeddedPostgres, startLocalS3 } from '@landfall/local';
import { applyMigrations } from '@landfall/persistence';
import type { S3Settings } from '@landfall/storage';

/** What the hub runs against once its outside systems are up: given ones, or embedded ones it started. */
export interface HubRuntime {
  databaseUrl: string;
  storage: S3Settings;
  /** Set in local storage mode: the one endpoint that serves every region. */
  localS3Endpoint?: string;
  embedded: { postgres: boolean; s3: boolean };
  stop(): Promise<void>;
}

export async function prepareRuntime(config: AppConfig, log: (message: string) => void): Promise<HubRuntime> {
  const stops: (() => Promise<void>)[] = [];
  try {
    let databaseUrl = config.database.url;
    if (!databaseUrl) {
      log(`starting embedded PostgreSQL in ${config.database.embedded.dataDir}`);
      const pg = await startEmbeddedPostgres(config.database.embedded.dataDir, config.database.embedded.port);
      stops.push(pg.stop);
      databaseUrl = pg.url;
    }
    await applyMigrations(databaseUrl);

    const base = {
      forcePathStyle: config.storage.forcePathStyle,
      requestTimeoutMs: config.storage.requestTimeoutMs,
    };
    let storage: S3Settings;
    let localS3Endpoint: string | undefined;
    if (config.storage.mode === 'local') {
      log(`starting the local S3 store in ${config.storage.dataDir}`);
      const s3 = await startLocalS3(config.storage.dataDir, config.storage.localPort);
      stops.push(s3.stop);
      localS3Endpoint = s3.endpoint;
      storage = {
        ...base,
        accessKeyId: s3.accessKeyId,
        secretAccessKey: s3.secretAccessKey,
        forcePathStyle: true,
      };
    } else {
      storage = {
        ...base,
        accessKeyId: config.storage.accessKeyId!,
        secretAccessKey: config.storage.secretAccessKey!,
      };
    }
    return {
      databaseUrl,
      storage,
      localS3Endpoint,
      embedded: { postgres: !config.database.url, s3: config.storage.mode === 'local' },
      stop: () => stopAll(stops),
    };
  } catch (error) {
    await stopAll(stops);
    throw error;
  }
}

async function stopAll(stops: (() => Promise<void>)[]): Promise<void> {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
}
