import 'reflect-metadata';
import { createRootLogger, installUnhandledRejectionHandler } from '@landfall/common';
import { ConfigError, loadConfig, type AppConfig } from '@landfall/config';
import { DataDirError } from '@landfall/local';
import { MigrationWorkerService } from '@landfall/migrations';
import { createHubApp, drainAndClose } from './bootstrap';
import { firstStartMessage, prepareData } from './first-start';
import { prepareRuntime } from './runtime';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`landfall: refusing to start.\n${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createRootLogger(config.log.level);
  installUnhandledRejectionHandler(logger);
  const runtime = await prepareRuntime(config, (message) => logger.info(message));
  const app = await createHubApp(config, runtime, logger);
  const firstStart = await prepareData(app, config, runtime);
  const worker = config.worker.inProcess ? app.get(MigrationWorkerService) : null;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    const deadline = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.http.shutdownGraceMs + 10_000).unref();
    // The in-process worker hands its migrations back first; then requests drain; the databases stop last.
    void (worker ? worker.drain(config.http.shutdownGraceMs) : Promise.resolve())
      .then(() => drainAndClose(app, config.http.shutdownGraceMs))
      .then((drained) => {
        if (!drained) logger.warn('grace period over: closed requests still in flight');
        return runtime.stop();
      })
      .then(() => {
        clearTimeout(deadline);
        logger.info('stopped');
        process.exit(0);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ host: config.http.host, port: config.http.port });
  const baseUrl = config.http.publicBaseUrl ?? `http://${config.http.host}:${config.http.port}`;
  logger.info(
    { url: baseUrl, embeddedPostgres: runtime.embedded.postgres, localS3: runtime.embedded.s3 },
    'landfall hub listening',
  );
  if (worker) {
    await worker.start({ inProcess: true });
    logger.info({ owner: worker.owner }, 'migration worker running in this process (WORKER_IN_PROCESS)');
  }
  // Development prints a one-time banner; production prints only where the key file is (no secret on stdout).
  if (firstStart) process.stdout.write(firstStartMessage(firstStart, baseUrl));
}

main().catch((error: unknown) => {
  if (error instanceof DataDirError) {
    process.stderr.write(`landfall: refusing to start.\n${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `landfall: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
