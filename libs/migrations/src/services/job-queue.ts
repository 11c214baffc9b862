/** The queue migrations run from: any number of workers on any number of machines take jobs from it. */
export interface JobQueue {
  /** Asks a worker to drive the item now (or at `startAfter`); duplicates within a lease period are dropped. */
  enqueue(itemId: string, startAfter?: Date): Promise<void>;
  /** Runs `handler` for jobs, `concurrency` at a time, until `stop`. */
  work(concurrency: number, handler: (itemId: string) => Promise<void>): Promise<void>;
  stop(options: { graceful: boolean; timeoutMs: number }): Promise<void>;
}

export const JOB_QUEUE = Symbol('JOB_QUEUE');
export const MIGRATION_QUEUE_NAME = 'landfall-migration';
