import { Logger } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { MIGRATION_QUEUE_NAME, type JobQueue } from './job-queue';

export interface PgBossQueueOptions {
  databaseUrl: string;
  /** Duplicate jobs for one item within this window are dropped (singleton slot). */
  dedupSeconds: number;
  pollIntervalSeconds: number;
  /** Only workers run pg-boss maintenance; the hub only sends. */
  maintenance: boolean;
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
          for (const job of jobs) await handler(job.data.itemId);
        },
      );
    }
  }

  async stop(options: { graceful: boolean; timeoutMs: number }): Promise<void> {
    if (!this.started) return;
    const boss = await this.started.catch(() => null);
    await boss?.stop({ graceful: options.graceful, timeout: options.timeoutMs, wait: true });
  }

  private boss(): Promise<PgBoss> {
    this.started ??= (async () => {
      const boss = new PgBoss({
        connectionString: this.options.databaseUrl,
        max: 4,
        supervise: this.options.maintenance,
        schedule: false,
        application_name: 'landfall-migrations',
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
