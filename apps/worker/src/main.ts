import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createRootLogger, installUnhandledRejectionHandler, PinoNestLogger } from '@landfall/common';
import { ConfigError, loadConfig, type AppConfig } from '@landfall/config';
import { runningEmbeddedPostgresUrl, LOCAL_ACCESS_KEY } from '@landfall/local';
import { MigrationWorkerService } from '@landfall/migrations';
import type { S3Settings } from '@landfall/storage';
import { startWorkerHttp } from './worker-http';
import { WorkerModule } from './worker.module';

/**
 * The database the hub uses: DATABASE_URL, or (embedded mode) the hub's running embedded PostgreSQL. A worker
 * never starts a database of its own: it would be a second, empty queue.
 */
async function workerDatabaseUrl(config: AppConfig): Promise<string> {
  if (config.database.url) return config.database.url;
  const { dataDir, port } = config.database.embedded;
  const url = await runningEmbeddedPostgresUrl(dataDir, port);
  if (!url) {
    throw new ConfigError([
      `DATABASE_URL: unset, and no hub's embedded PostgreSQL is running in ${dataDir} (port ${port}); ` +
        'start the hub first (npm start) or give the database the hubs share',
    ]);
  }
  return url;
}

/** The hub's S3 keys, or in local mode the local store's own account. */
function workerStorage(config: AppConfig): S3Settings {
  const base = {
    forcePathStyle: config.storage.forcePathStyle,
    requestTimeoutMs: config.storage.requestTimeoutMs,
  };
  if (config.storage.mode === 'local') {
    return {
      ...base,
      accessKeyId: LOCAL_ACCESS_KEY,
      secretAccessKey: LOCAL_ACCESS_KEY,
      forcePathStyle: true,
    };
  }
  return {
    ...base,
    accessKeyId: config.storage.accessKeyId!,
    secretAccessKey: config.storage.secretAccessKey!,
  };
}

async function main(): Promise<void> {
  let config: AppConfig;
  let databaseUrl: string;
  try {
    config = loadConfig();
    databaseUrl = await workerDatabaseUrl(config);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`landfall worker: refusing to start.\n${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createRootLogger(config.log.level);
  // A database restart must not kill the worker (pg-boss leaves unawaited rejections behind); a bug still does.
  installUnhandledRejectionHandler(logger);
  // The schema is the hub's (it applies migrations at every start, or `npm run migrate:deploy`).
  const app = await NestFactory.createApplicationContext(
    WorkerModule.register(config, databaseUrl, workerStorage(config)),
    { logger: new PinoNestLogger(logger), bufferLogs: false },
  );
  const worker = app.get(MigrationWorkerService);
  const http = await startWorkerHttp(config.http.host, config.worker.metricsPort);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker draining: finishing in-flight objects, handing migrations back');
    const deadline = setTimeout(() => {
      logger.error('drain took too long; exiting');
      process.exit(1);
    }, config.http.shutdownGraceMs + 10_000).unref();
    void worker
      .drain(config.http.shutdownGraceMs)
      .then(() => http.close())
      .then(() => app.close())
      .then(() => {
        clearTimeout(deadline);
        logger.info('worker stopped');
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await worker.start({ inProcess: false });
  logger.info(
    { owner: worker.owner, metrics: `http://${config.http.host}:${config.worker.metricsPort}/metrics` },
    'landfall worker running',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `landfall worker: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
