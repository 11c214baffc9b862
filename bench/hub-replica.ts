import 'reflect-metadata';
import pino from 'pino';
import { createHubApp } from '../apps/hub/src/bootstrap';
import type { HubRuntime } from '../apps/hub/src/runtime';
import { loadConfig } from '@landfall/config';
import { BenchPlacementModule } from './init-bench-support';

/**
 * One hub process as production runs it (shared bootstrap, configuration from the environment), plus the bench's
 * deterministic placement. Used by the two-process concurrency test: `node dist/bench/hub-replica.js <port>`.
 * Prints "ready <port>" once it listens; stops on SIGTERM.
 */
async function main(): Promise<void> {
  const port = Number(process.argv[2]);
  const config = loadConfig();
  const runtime: HubRuntime = {
    databaseUrl: config.database.url!,
    storage: {
      accessKeyId: config.storage.accessKeyId!,
      secretAccessKey: config.storage.secretAccessKey!,
      forcePathStyle: config.storage.forcePathStyle,
      requestTimeoutMs: config.storage.requestTimeoutMs,
    },
    embedded: { postgres: false, s3: false },
    stop: async () => undefined,
  };
  const app = await createHubApp(config, runtime, pino({ level: 'silent' }), {
    extraModules: [BenchPlacementModule],
  });
  await app.listen({ host: '127.0.0.1', port });
  process.stdout.write(`ready ${port}\n`);
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `hub replica failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
