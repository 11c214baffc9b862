import { userInfo } from 'node:os';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { PinoNestLogger } from '@landfall/common';
import { loadConfig, type AppConfig } from '@landfall/config';
import { applyMigrations, type Actor } from '@landfall/persistence';
import type { CliIo } from '../cli/command';
import { connectCliDatabase } from './cli-database';
import { CliModule } from './cli.module';

/** The CLI's configuration: the hub's, with logs at warn unless LOG_LEVEL says otherwise. */
export function cliConfig(io: CliIo): AppConfig {
  return loadConfig({ LOG_LEVEL: 'warn', ...io.env });
}

export function cliActor(): Actor {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = process.env.USER ?? 'unknown';
  }
  return { type: 'cli', id: name };
}

export interface ContextOptions {
  placement: boolean;
}

/**
 * Runs `work` inside a Nest application context on the database (migrated first, as the hub does), then closes
 * the context and any embedded PostgreSQL this process started, whatever `work` did.
 */
export async function withCliContext<T>(
  io: CliIo,
  options: ContextOptions,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const config = cliConfig(io);
  const database = await connectCliDatabase(config, (line) => io.err(`${line}\n`));
  const stopOnSignal = () => void database.stop().finally(() => process.exit(130));
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    await applyMigrations(database.url);
    // Logs go to stderr so stdout stays the command's result (JSON, TurnKey lines) and can be piped.
    const logger = pino({ level: config.log.level, base: { service: 'landfall-cli' } }, pino.destination(2));
    const app = await NestFactory.createApplicationContext(
      CliModule.register(config, { databaseUrl: database.url, placement: options.placement }),
      { logger: new PinoNestLogger(logger), abortOnError: false },
    );
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  } finally {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    await database.stop();
  }
}
