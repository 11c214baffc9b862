import { Prisma } from '@prisma/client';
import {
  BEFORE_CUT_OVER,
  type MigrationItem,
  type MigrationItemState,
  type MigrationState,
  type ObjectCounts,
} from '../domain/migration';

/** Rows and SQL fragments the migration repositories share; no type here leaves libs/migrations/repositories. */
export type ItemRow = Prisma.MigrationItemGetPayload<object>;

export const UNFINISHED = [...BEFORE_CUT_OVER, 'cut_over'] as MigrationItemState[];

/**
 * A worker's transaction takes row locks another worker may wait for: if this process stalls inside it (SIGSTOP, a
 * frozen VM), the server ends the session after a while and the locks go, whatever the pool's own settings.
 */
export async function boundedTransaction(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SET LOCAL idle_in_transaction_session_timeout = '15s'`;
}

/** The fence of a worker's write: true only while `owner` still holds the item. */
export function heldBy(itemId: string, owner: string): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM migration_items mi WHERE mi.id = ${itemId}::uuid AND mi.lease_owner = ${owner})`;
}

export function emptyCounts(): ObjectCounts {
  return { objectsTotal: 0, objectsCopied: 0, objectsVerified: 0, bytesTotal: 0, bytesCopied: 0 };
}

export function toItem(row: ItemRow): MigrationItem {
  return {
    id: row.id,
    migrationId: row.migrationId,
    backupId: row.backupId,
    state: row.state,
    source: {
      region: row.sourceRegion,
      endpoint: row.sourceEndpoint,
      bucket: row.sourceBucket,
      prefix: row.sourcePrefix,
    },
    target: { region: row.targetRegion, bucket: row.targetBucket, prefix: row.targetPrefix },
    listedAt: row.listedAt,
    frozenAt: row.frozenAt,
    quietAt: row.quietAt,
    finalListedAt: row.finalListedAt,
    copyStartedAt: row.copyStartedAt,
    cutOverAt: row.cutOverAt,
    cleanupAfter: row.cleanupAfter,
    sourceDeletedAt: row.sourceDeletedAt,
    finishedAt: row.finishedAt,
    failures: row.failures,
    errorCount: row.errorCount,
    lastError: row.lastError,
  };
}

const RUNNING: MigrationItemState[] = [...BEFORE_CUT_OVER];
const none = (states: MigrationItemState[]) => ({ items: { none: { state: { in: states } } } });
const some = (state: MigrationItemState) => ({ items: { some: { state } } });
const allCancelled = {
  AND: [{ items: { some: {} } }, { items: { every: { state: 'cancelled' as const } } }],
};

/** `migrationState` (core/progress.ts) as a WHERE clause: the first rule that matches names the state. */
export const STATE_WHERE: Record<MigrationState, Prisma.MigrationWhereInput> = {
  running: { items: { some: { state: { in: RUNNING } } } },
  needs_attention: { AND: [none(RUNNING), some('needs_attention')] },
  failed: { AND: [none([...RUNNING, 'needs_attention']), some('failed')] },
  cleanup_pending: { AND: [none([...RUNNING, 'needs_attention', 'failed']), some('cut_over')] },
  cancelled: { AND: [none([...RUNNING, 'needs_attention', 'failed', 'cut_over']), allCancelled] },
  completed: { AND: [none([...RUNNING, 'needs_attention', 'failed', 'cut_over']), { NOT: allCancelled }] },
};
