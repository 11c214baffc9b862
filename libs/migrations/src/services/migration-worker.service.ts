import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { WorkerHeartbeatRepository } from '../repositories/worker-heartbeat.repository';
import { MigrationItemRepository } from '../repositories/migration-item.repository';
import { JOB_QUEUE, type JobQueue } from './job-queue';
import { MigrationRunner } from './migration-runner';

/**
 * One worker process: takes migration jobs from the queue, and every few seconds re-queues items that are due and
 * held by nobody (a worker was killed, a retry or the grace period is due), so nothing waits on a dead job.
 */
@Injectable()
export class MigrationWorkerService {
  private readonly logger = new Logger(MigrationWorkerService.name);
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly shutdown = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private reaper?: NodeJS.Timeout;
  private heart?: NodeJS.Timeout;
  private readonly startedAt = new Date();
  private inProcess = false;

  constructor(
    private readonly runner: MigrationRunner,
    private readonly repository: MigrationItemRepository,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly heartbeats: WorkerHeartbeatRepository,
  ) {}

  /** `inProcess`: this worker runs inside a hub (WORKER_IN_PROCESS), as its heartbeat says. */
  async start(where: { inProcess: boolean } = { inProcess: false }): Promise<void> {
    this.inProcess = where.inProcess;
    await this.beat();
    this.heart = setInterval(() => void this.beat(), this.config.worker.heartbeatSeconds * 1000);
    await this.queue.work(this.config.worker.jobs, (itemId) => this.handle(itemId));
    const everyMs = Math.max(1000, (this.config.migrations.leaseSeconds * 1000) / 2);
    this.reaper = setInterval(() => void this.requeueDue(), everyMs);
    await this.requeueDue();
    this.logger.log({ owner: this.owner, jobs: this.config.worker.jobs }, 'migration worker started');
  }

  /** SIGTERM: stop taking work, let in-flight objects finish, hand items back (another worker resumes them). */
  async drain(timeoutMs: number): Promise<void> {
    if (this.reaper) clearInterval(this.reaper);
    if (this.heart) clearInterval(this.heart);
    this.shutdown.abort(new Error('worker shutting down'));
    await Promise.race([
      Promise.allSettled([...this.running]),
      new Promise((resolve) => setTimeout(resolve, timeoutMs).unref()),
    ]);
    await this.queue.stop({ graceful: true, timeoutMs: 1000 });
    // Gone at once rather than after three missed beats; a failure here only delays that.
    await this.heartbeats.remove(this.owner).catch(() => undefined);
  }

  /** Tells the hubs this worker is alive (see WorkerLivenessService); a missed beat is retried at the next. */
  private async beat(): Promise<void> {
    try {
      await this.heartbeats.beat({
        owner: this.owner,
        host: hostname(),
        pid: process.pid,
        inProcess: this.inProcess,
        startedAt: this.startedAt,
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'could not record the worker heartbeat');
    }
  }

  private async handle(itemId: string): Promise<void> {
    if (this.shutdown.signal.aborted) return;
    const run = this.runner.run(itemId, this.owner, this.shutdown.signal);
    this.running.add(run);
    try {
      await run;
    } catch (error) {
      // The runner records every failure it can; what escapes it could not be recorded (the database was down).
      // Never hand it to pg-boss, whose failure path is not awaited: the lease runs out and the item is re-queued.
      this.logger.warn(
        { err: error, itemId },
        'migration attempt ended without being recorded; it will be retried',
      );
    } finally {
      this.running.delete(run);
    }
  }

  private async requeueDue(): Promise<void> {
    if (this.shutdown.signal.aborted) return;
    try {
      for (const id of await this.repository.dueItemIds(50)) await this.queue.enqueue(id);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not re-queue due migrations');
    }
  }
}
