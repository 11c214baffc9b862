import { migrationState, throughput } from '../domain/progress';
import type { MigrationRecord } from '../repositories/migration-plan.repository';
import type { ObjectCounts } from '../domain/migration';
import type { MigrationDto } from '../dto/migration.dto';

/**
 * The progress view of a migration: totals over its backups, rate since copying began, ETA. A running migration
 * when no worker is live is `waiting_for_worker`, with no rate or ETA: nothing is moving it.
 */
export function toMigrationDto(record: MigrationRecord, now: Date, workerLive: boolean): MigrationDto {
  const sum: ObjectCounts = {
    objectsTotal: 0,
    objectsCopied: 0,
    objectsVerified: 0,
    bytesTotal: 0,
    bytesCopied: 0,
  };
  for (const item of record.items) {
    for (const k of Object.keys(sum) as (keyof ObjectCounts)[]) sum[k] += item.counts[k];
  }
  const starts = record.items
    .map((i) => i.copyStartedAt?.getTime())
    .filter((t): t is number => t !== undefined);
  const state = migrationState(record.items.map((i) => i.state));
  const waitingForWorker = state === 'running' && !workerLive;
  const running =
    !waitingForWorker && record.items.some((i) => ['queued', 'copying', 'verifying'].includes(i.state));
  const rate = running
    ? throughput(sum, starts.length > 0 ? new Date(Math.min(...starts)) : null, now)
    : { bytesPerSecond: null, objectsPerSecond: null, etaSeconds: null };
  return {
    id: record.id,
    state: waitingForWorker ? 'waiting_for_worker' : state,
    waitingForWorker,
    targetRegion: record.targetRegion,
    requestedBy: record.requestedBy,
    createdAt: record.createdAt.toISOString(),
    objects: { total: sum.objectsTotal, done: sum.objectsCopied, verified: sum.objectsVerified },
    bytes: { total: sum.bytesTotal, done: sum.bytesCopied },
    ...rate,
    errors: record.items
      .filter((i) => i.errorCount > 0 && i.lastError)
      .map((i) => ({ backupId: i.backupId, count: i.errorCount, lastError: i.lastError! })),
    backups: record.items.map((i) => ({
      backupId: i.backupId,
      state: i.state,
      sourceRegion: i.source.region,
      source: `${i.source.region}:${i.source.bucket}/${i.source.prefix}`,
      target: `${i.target.region}:${i.target.bucket ?? '(pending)'}/${i.target.prefix}`,
      objects: {
        total: i.counts.objectsTotal,
        done: i.counts.objectsCopied,
        verified: i.counts.objectsVerified,
      },
      bytes: { total: i.counts.bytesTotal, done: i.counts.bytesCopied },
      lastError: i.lastError,
      writersQuietAt: i.quietAt.toISOString(),
      cutOverAt: i.cutOverAt?.toISOString() ?? null,
      sourceDeleteAfter: i.cleanupAfter?.toISOString() ?? null,
      sourceDeletedAt: i.sourceDeletedAt?.toISOString() ?? null,
    })),
  };
}
