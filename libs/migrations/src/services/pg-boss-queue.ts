import { Logger } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { PoolConfig } from 'pg';
import type { SessionTimeouts } from '@landfall/persistence';
import { MIGRATION_QUEUE_NAME, type JobQueue } from './job-queue';

export interface PgBossQueueOptions {
  databaseUrl: string;
  /** Duplicate jobs for one item within this window are dropped (singleton slot). */
  dedupSeconds: number;
  pollIntervalSeconds: number;
  /** Only workers run pg-boss maintenance; the hub only sends. */
  maintenance: boolean;
  timeouts: SessionTimeouts;
}

interface MigrationJob {
  itemId: string;
}

/**
 * The job queue on PostgreSQL (pg-boss). Jobs only say "drive item X": the item's state, lease and checkpoints live
 * in our tables, so a lost, duplicated or expired job costs nothing but a look at the item.
 */
export class PgBossJobQueue implements JobQueue {
  private readonly logger = new Logger('MigrationQueue');
  private started: Promise<PgBoss> | null = null;
  private stopping = false;

  constructor(private readonly options: PgBossQueueOptions) {}

  async enqueue(itemId: string, startAfter?: Date): Promise<void> {
    const boss = await this.boss();
    await boss.send(MIGRATION_QUEUE_NAME, { itemId } satisfies MigrationJob, {
      singletonKey: itemId,
      singletonSeconds: this.options.dedupSeconds,
      startAfter,
    });
  }

  async work(concurrency: number, handler: (itemId: string) => Promise<void>): Promise<void> {
    const boss = await this.boss();
    for (let i = 0; i < concurrency; i += 1) {
      await boss.work<MigrationJob>(
        MIGRATION_QUEUE_NAME,
        { batchSize: 1, pollingIntervalSeconds: this.options.pollIntervalSeconds },
        async (jobs) => {
          for (const job of jobs) {
            try {
              await handler(job.data.itemId);
            } catch (error) {
              this.logger.error({ err: error, itemId: job.data.itemId }, 'migration job handler failed');
            }
            await this.complete(boss, job.id);
          }
        },
      );
    }
  }

  /**
   * Marks the job done ourselves, retrying through a database outage. pg-boss 10 completes (or fails) a job without
   * awaiting it, so a database down at that moment left the job `active` for hours and rejected unhandled; after
   * this its own attempt finds nothing to do.
   */
  private async complete(boss: PgBoss, jobId: string): Promise<void> {
    for (let attempt = 1; !this.stopping; attempt += 1) {
      try {
        await boss.complete(MIGRATION_QUEUE_NAME, jobId);
        return;
      } catch (error) {
        this.logger.warn({ err: error, jobId, attempt }, 'could not mark a migration job done; retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** attempt)).unref());
      }
    }
  }

  async stop(options: { graceful: boolean; timeoutMs: number }): Promise<void> {
    this.stopping = true;
    if (!this.started) return;
    const boss = await this.started.catch(() => null);
    await boss?.stop({ graceful: options.graceful, timeout: options.timeoutMs, wait: true });
  }

  private boss(): Promise<PgBoss> {
    this.started ??= (async () => {
      // pg-boss hands these to its own pg pool. No lock_timeout: its schema set-up waits on an advisory lock while
      // another worker installs it, and that wait is bounded by the statement timeout anyway.
      const session: PoolConfig = {
        statement_timeout: this.options.timeouts.statementMs,
        idle_in_transaction_session_timeout: this.options.timeouts.idleInTransactionMs,
        connectionTimeoutMillis: this.options.timeouts.connectMs,
        keepAlive: true,
      };
      const boss = new PgBoss({
        connectionString: this.options.databaseUrl,
        max: 4,
        supervise: this.options.maintenance,
        schedule: false,
        application_name: 'landfall-migrations',
        ...(session as PgBoss.ConstructorOptions),
      });
      boss.on('error', (error) => this.logger.warn({ err: error }, 'job queue error'));
      await boss.start();
      await boss.createQueue(MIGRATION_QUEUE_NAME, {
        name: MIGRATION_QUEUE_NAME,
        retryLimit: 1,
        expireInSeconds: 4 * 3600,
      });
      return boss;
    })().catch((error: unknown) => {
      this.started = null;
      throw error;
    });
    return this.started;
  }
}
