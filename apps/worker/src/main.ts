import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { createRootLogger, installUnhandledRejectionHandler, PinoNestLogger } from '@landfall/common';
import { ConfigError, loadConfig, type AppConfig } from '@landfall/config';
import { MigrationWorkerService } from '@landfall/migrations';
import { WorkerModule } from './worker.module';

/** What a worker needs beyond the shared schema: a shared database and a real object store. */
export function workerConfigProblems(config: AppConfig): string[] {
  const problems: string[] = [];
  if (!config.database.url)
    problems.push('DATABASE_URL: required (workers share the job queue in PostgreSQL)');
  if (config.storage.mode !== 'remote')
    problems.push('STORAGE_MODE: must be remote (workers reach the regions)');
  return problems;
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
    const problems = workerConfigProblems(config);
    if (problems.length > 0) throw new ConfigError(problems);
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
    WorkerModule.register(config, config.database.url!, {
      accessKeyId: config.storage.accessKeyId!,
      secretAccessKey: config.storage.secretAccessKey!,
      forcePathStyle: config.storage.forcePathStyle,
      requestTimeoutMs: config.storage.requestTimeoutMs,
    }),
    { logger: new PinoNestLogger(logger), bufferLogs: false },
  );
  const worker = app.get(MigrationWorkerService);

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
      .then(() => app.close())
      .then(() => {
        clearTimeout(deadline);
        logger.info('worker stopped');
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await worker.start();
  logger.info({ owner: worker.owner }, 'landfall worker running');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `landfall worker: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
