import type { MigrationItemState, MigrationState, ObjectCounts } from './migration';

/** What a whole migration is doing, from its items' states. */
export function migrationState(states: readonly MigrationItemState[]): MigrationState {
  if (states.some((s) => ['queued', 'copying', 'verifying', 'awaiting_quiet'].includes(s))) return 'running';
  if (states.includes('needs_attention')) return 'needs_attention';
  if (states.includes('failed')) return 'failed';
  if (states.includes('cut_over')) return 'cleanup_pending';
  if (states.length > 0 && states.every((s) => s === 'cancelled')) return 'cancelled';
  return 'completed';
}

export interface Throughput {
  bytesPerSecond: number | null;
  objectsPerSecond: number | null;
  etaSeconds: number | null;
}

/** Average rate since copying began, and the time left at that rate (null until there is a rate). */
export function throughput(counts: ObjectCounts, copyStartedAt: Date | null, now: Date): Throughput {
  const elapsed = copyStartedAt ? (now.getTime() - copyStartedAt.getTime()) / 1000 : 0;
  if (elapsed <= 0 || counts.bytesCopied + counts.objectsCopied === 0) {
    return { bytesPerSecond: null, objectsPerSecond: null, etaSeconds: null };
  }
  const bytesPerSecond = counts.bytesCopied / elapsed;
  const objectsPerSecond = counts.objectsCopied / elapsed;
  const byBytes = bytesPerSecond > 0 ? (counts.bytesTotal - counts.bytesCopied) / bytesPerSecond : 0;
  const byObjects =
    objectsPerSecond > 0 ? (counts.objectsTotal - counts.objectsCopied) / objectsPerSecond : 0;
  return {
    bytesPerSecond,
    objectsPerSecond,
    etaSeconds: Math.max(0, Math.round(Math.max(byBytes, byObjects))),
  };
}

/** Dry-run estimate: bytes at the assumed throughput, plus a per-object request cost. */
export function estimateSeconds(objects: number, bytes: number, bytesPerSecond: number): number {
  const perObjectSeconds = 0.01;
  return Math.ceil(bytes / bytesPerSecond + objects * perObjectSeconds);
}

/** The longest wait between two attempts. */
export const MAX_RETRY_DELAY_SECONDS = 300;

/**
 * Exponential backoff after the `consecutiveFailures`-th failure in a row, capped at 5 minutes (progress resets the
 * count, so an item that keeps moving never waits long).
 */
export function retryDelaySeconds(consecutiveFailures: number, baseSeconds: number): number {
  return Math.min(MAX_RETRY_DELAY_SECONDS, baseSeconds * 2 ** Math.max(0, consecutiveFailures - 1));
}
