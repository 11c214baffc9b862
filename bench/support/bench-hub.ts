import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { onServer } from './bench-main';
import pino from 'pino';
import { loadConfig } from '@landfall/config';
import { applyMigrations, withDatabase } from '@landfall/persistence';
import { PlacementStateService } from '@landfall/placement';
import { createHubApp } from '../../apps/hub/src/bootstrap';
import { FirstRunService } from '@landfall/identity';
import { loadAwsRegionCatalogue, RegionsRepository } from '@landfall/regions';
import type { HubRuntime } from '../../apps/hub/src/runtime';

const LOCAL_SERVER = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface BenchHub {
  origin: string;
  adminKey: string;
  close(): Promise<void>;
}

/**
 * The real hub (shared bootstrap, first start: AWS regions seeded, first admin key minted) on a database of its
 * own, created on DATABASE_URL's server or the local PostgreSQL, and dropped again on close. Logs are silent.
 */
export async function startBenchHub(geoipDatabases: string[]): Promise<BenchHub> {
  const server = process.env.DATABASE_URL ?? LOCAL_SERVER;
  const name = `landfall_bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await onServer(server, `CREATE DATABASE "${name}"`);
  let app: NestFastifyApplication | undefined;
  try {
    const databaseUrl = withDatabase(server, name);
    await applyMigrations(databaseUrl);
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      STORAGE_MODE: 'remote',
      S3_ACCESS_KEY_ID: 'bench',
      S3_SECRET_ACCESS_KEY: 'bench',
      STS_ROLE_ARN: 'arn:aws:iam::000000000000:role/bench',
      STS_ACCESS_KEY_ID: 'bench-broker',
      STS_SECRET_ACCESS_KEY: 'bench',
      REGION_SEED: 'none',
      LOG_LEVEL: 'silent',
      GEOIP_DATABASES: geoipDatabases.join(','),
    });
    const runtime: HubRuntime = {
      databaseUrl,
      storage: {
        accessKeyId: 'bench',
        secretAccessKey: 'bench',
        forcePathStyle: true,
        requestTimeoutMs: 2000,
      },
      embedded: { postgres: false, s3: false },
      stop: async () => undefined,
    };
    app = await createHubApp(config, runtime, pino({ level: 'silent' }));
    // The AWS catalogue, served by nothing: the bench only asks placement, and must never reach real S3.
    await app.get(RegionsRepository).seedIfEmpty(loadAwsRegionCatalogue(), () => 'http://127.0.0.1:9');
    await app.get(PlacementStateService).rebuild();
    const firstRun = await app.get(FirstRunService).setUpIfFresh({ demo: false });
    if (!firstRun) throw new Error('the fresh bench database already had an admin key');
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.getHttpServer().address() as AddressInfo;
    const started = app;
    return {
      origin: `http://127.0.0.1:${port}`,
      adminKey: firstRun.adminKey,
      close: async () => {
        await started.close();
        await onServer(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await onServer(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    throw error;
  }
}
