export type BackupStatus = 'active' | 'migrating' | 'retired';

/** A backup as the domain sees it, with where it lives. */
export interface Backup {
  id: string;
  applianceId: string;
  accountId: string;
  region: string;
  endpoint: string;
  bucket: string;
  prefix: string;
  status: BackupStatus;
  sizeBytes: number;
  inProgress: boolean;
  lastBackupAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface BackupProgress {
  sizeBytes?: number;
  lastBackupAt?: Date;
  inProgress?: boolean;
}

export interface BackupFilter {
  accountId?: string;
  applianceId?: string;
  region?: string;
  status?: BackupStatus;
}

export interface RegionTarget {
  region: string;
  endpoint: string;
  status: 'active' | 'draining' | 'disabled';
}

export interface BucketRecord {
  id: string;
  name: string;
  region: string;
  status: 'pending' | 'ready';
  /** Last write probe (null: never probed). */
  writable?: boolean | null;
}
