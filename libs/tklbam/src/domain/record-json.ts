import type { Backup } from '@landfall/backups';
import type { TklbamRecord } from './tklbam';
import { formatRecordDate, s3Address } from './wire';

/** A backup record as hub.py's `BackupRecord` reads it. */
export interface TklbamRecordJson {
  backup_id: string;
  address: string;
  key: string;
  server_id: string | null;
  turnkey_version: string;
  description: string;
  /** Bytes: tklbam-list prints it with `fmt_size(bytes)` and documents `%size` as "in bytes". */
  size: number;
  date_created: string;
  date_updated: string | null;
  sessions: never[];
}

/** `addressHost`: the host the record's address names for the backup's region (tklbamS3Host). */
export function recordJson(
  record: TklbamRecord,
  backup: Backup | null,
  addressHost: (backup: Backup) => string,
): TklbamRecordJson {
  return {
    backup_id: String(record.id),
    address: backup ? s3Address(addressHost(backup), backup.bucket, backup.prefix) : '',
    key: record.key,
    server_id: record.serverId,
    turnkey_version: record.turnkeyVersion,
    description: record.description,
    size: backup?.sizeBytes ?? 0,
    date_created: formatRecordDate(record.createdAt)!,
    date_updated: formatRecordDate(backup?.lastBackupAt ?? null),
    sessions: [],
  };
}
