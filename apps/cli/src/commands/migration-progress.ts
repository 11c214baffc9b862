import { SingleBar } from 'cli-progress';
import type { CliIo } from '../core/io';

export interface MigrationView {
  id: string;
  state: string;
  targetRegion: string;
  requestedBy: string;
  createdAt: string;
  /** True while the migration has work but no worker has heartbeated recently (nothing is moving it). */
  waitingForWorker?: boolean;
  objects: { total: number; done: number; verified: number };
  bytes: { total: number; done: number };
  bytesPerSecond: number | null;
  etaSeconds: number | null;
  errors: { backupId: string; count: number; lastError: string }[];
  backups: { backupId: string; state: string; source: string; target: string; lastError: string | null }[];
}

export const FINAL_STATES = new Set([
  'cleanup_pending',
  'completed',
  'needs_attention',
  'failed',
  'cancelled',
]);

/**
 * What the migration is doing, said honestly: a final state as is; "waiting for a worker" when the hub knows no
 * live worker; "stuck" when nothing moved for a while; otherwise running, with its error count.
 */
export function describeState(
  view: MigrationView,
  stalledSeconds: number,
  stuckAfterSeconds: number,
): string {
  const errors = view.errors.reduce((n, e) => n + e.count, 0);
  const suffix =
    errors > 0 ? `, ${errors} errors (last: ${view.errors[view.errors.length - 1].lastError})` : '';
  if (FINAL_STATES.has(view.state)) return `${view.state}${suffix}`;
  if (view.waitingForWorker) return `waiting for a worker${suffix}`;
  if (stalledSeconds >= stuckAfterSeconds)
    return `stuck? no progress for ${Math.round(stalledSeconds)}s${suffix}`;
  return `${view.state}${suffix}`;
}

function mb(n: number): string {
  return (n / 1_000_000).toFixed(1);
}

/** A cli-progress bar on stderr fed from polled views; stdout stays for the result. */
export class MigrationProgress {
  private readonly bar: SingleBar;
  private started = false;
  private lastDone = -1;
  private lastMoveAt = Date.now();

  constructor(
    io: CliIo,
    private readonly stuckAfterSeconds: number,
  ) {
    this.bar = new SingleBar({
      format: '{bar} {percentage}% | {objects} objects | {megabytes} MB | {rate} | ETA {eta_text} | {status}',
      stream: process.stderr,
      noTTYOutput: !io.errIsTty,
      notTTYSchedule: 1000,
      hideCursor: io.errIsTty,
      clearOnComplete: false,
      etaBuffer: 1,
      barsize: 30,
    });
  }

  update(view: MigrationView): void {
    const done = view.bytes.done + view.objects.done;
    const now = Date.now();
    if (done !== this.lastDone) {
      this.lastDone = done;
      this.lastMoveAt = now;
    }
    const final = FINAL_STATES.has(view.state);
    const status = describeState(view, (now - this.lastMoveAt) / 1000, this.stuckAfterSeconds);
    // Progress by bytes when there are any, else by objects; an empty final migration is full, a failed one is not.
    const total = view.bytes.total > 0 ? view.bytes.total : Math.max(view.objects.total, 1);
    const value =
      view.bytes.total > 0
        ? view.bytes.done
        : view.objects.total > 0
          ? view.objects.done
          : view.state === 'completed' || view.state === 'cleanup_pending'
            ? 1
            : 0;
    const payload = {
      objects: `${view.objects.done}/${view.objects.total} (${view.objects.verified} verified)`,
      megabytes: `${mb(view.bytes.done)}/${mb(view.bytes.total)}`,
      rate: view.bytesPerSecond !== null && !final ? `${mb(view.bytesPerSecond)} MB/s` : '-',
      eta_text: view.etaSeconds !== null && !final && !view.waitingForWorker ? `${view.etaSeconds}s` : '-',
      status,
    };
    if (!this.started) {
      this.bar.start(total, value, payload);
      this.started = true;
    } else {
      this.bar.setTotal(total);
      this.bar.update(value, payload);
    }
  }

  stop(): void {
    if (this.started) this.bar.stop();
  }
}
