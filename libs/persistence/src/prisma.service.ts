import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@prisma/client';
import type pg from 'pg';
import { createDatabasePool, DEFAULT_SESSION_TIMEOUTS, type SessionTimeouts } from './database-pool';

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  /** Default: DEFAULT_SESSION_TIMEOUTS (the config's defaults). The hub and the worker pass the configured ones. */
  timeouts?: SessionTimeouts;
  /** `application_name` of this process's connections (`landfall-hub`, `landfall-worker`); default `landfall`. */
  applicationName?: string;
}

/** The options with their defaults filled in. */
export function connectionOptionsOf(options: DatabaseOptions): Required<DatabaseOptions> {
  return {
    url: options.url,
    poolSize: options.poolSize,
    timeouts: options.timeouts ?? DEFAULT_SESSION_TIMEOUTS,
    applicationName: options.applicationName ?? 'landfall',
  };
}

/** A named prepared statement inside `preparedTransaction`. */
export type PreparedStatement = <R extends object>(
  name: string,
  text: string,
  values: unknown[],
) => Promise<R[]>;

/** The one Prisma client of a process. Only repositories inject it. */
@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  private readonly logger = new Logger(PrismaService.name);
  private readonly pool: pg.Pool;

  constructor(@Inject(DATABASE_OPTIONS) options: DatabaseOptions) {
    const pool = createDatabasePool(connectionOptionsOf(options));
    super({ adapter: new PrismaPg(pool) });
    this.pool = pool;
  }

  /**
   * One statement sent straight to the pool as a named prepared statement (parsed and planned once per connection),
   * for the few hot-path queries where the profile showed Prisma's query compiler and interpreter costing more than
   * the query (bench:http, docs/scaling.md). `name` must be unique per `text`. Rows come as pg parses them: uuid and
   * text as strings, timestamptz as Date, int8 as string, json as values. Errors are the driver's (pg `code`), which
   * `libs/common/src/database-errors.ts` classifies like Prisma's.
   */
  async prepared<T extends object>(name: string, text: string, values: unknown[]): Promise<T[]> {
    return (await this.pool.query<T>({ name, text, values })).rows;
  }

  /**
   * One transaction on one pooled connection, its statements sent as `prepared` sends them: for background work
   * whose rows Prisma would map one by one (the audit sealer reads, hashes and marks a thousand rows a batch). Commits
   * when `work` resolves, rolls back when it throws; a connection that cannot even roll back is dropped from the pool.
   */
  async preparedTransaction<T>(work: (statement: PreparedStatement) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(
        async <R extends object>(name: string, text: string, values: unknown[]) =>
          (await client.query<R>({ name, text, values })).rows,
      );
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollback: unknown) => {
        broken = rollback instanceof Error ? rollback : new Error(String(rollback));
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async isReachable(): Promise<boolean> {
    try {
      await this.$queryRaw`SELECT 1`;
      return true;
    } catch (error) {
      this.logger.warn({ err: error }, 'database check failed');
      return false;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    await this.pool.end().catch(() => undefined);
  }
}
