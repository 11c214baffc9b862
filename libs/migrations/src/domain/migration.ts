import type { ListedObject } from '@landfall/storage';

export type { ListedObject };
/** One backup's move, as the domain sees it (`migration_items`). */
export type MigrationItemState =
  | 'queued'
  | 'copying'
  | 'verifying'
  | 'awaiting_quiet'
  | 'cut_over'
  | 'completed'
  | 'needs_attention'
  | 'failed'
  | 'cancelled';

/** States in which the backup is frozen (agents get 409 BACKUP.MIGRATING) and the source is authoritative. */
export const BEFORE_CUT_OVER: readonly MigrationItemState[] = [
  'queued',
  'copying',
  'verifying',
  'awaiting_quiet',
];

export type MigrationState =
  'running' | 'cleanup_pending' | 'completed' | 'needs_attention' | 'failed' | 'cancelled';

/** What a step of the worker records on its item, beside the new state (each field only when given). */
export interface ItemProgress {
  listedAt?: Date;
  finalListedAt?: Date;
  copyStartedAt?: Date;
  targetBucket?: string;
}

export interface MigrationItem {
  id: string;
  migrationId: string;
  backupId: string;
  state: MigrationItemState;
  source: { region: string; endpoint: string; bucket: string; prefix: string };
  target: { region: string; bucket: string | null; prefix: string };
  listedAt: Date | null;
  frozenAt: Date;
  quietAt: Date;
  finalListedAt: Date | null;
  copyStartedAt: Date | null;
  cutOverAt: Date | null;
  cleanupAfter: Date | null;
  sourceDeletedAt: Date | null;
  finishedAt: Date | null;
  failures: number;
  errorCount: number;
  lastError: string | null;
}

export interface ObjectCounts {
  objectsTotal: number;
  objectsCopied: number;
  objectsVerified: number;
  bytesTotal: number;
  bytesCopied: number;
}

/** A checkpoint row. */
export interface ObjectCheckpoint extends ListedObject {
  state: 'pending' | 'copied' | 'verified';
  targetEtag: string | null;
  attempts: number;
}

export interface BackupSelection {
  backupIds?: string[];
  sourceRegion?: string;
  accountId?: string;
  /** Backups whose placement index entry now puts the target region first. */
  indexPrefersTarget?: boolean;
  /** Backups placed in this country ("IE", its subdivisions included) or subdivision ("IE-L"). */
  placedIn?: string;
}
