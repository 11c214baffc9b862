import type { BackupScope } from '@landfall/credentials';
import type { Backup } from '../domain/backup';

export function scopeOf(backup: Backup): BackupScope {
  return {
    backupId: backup.id,
    applianceId: backup.applianceId,
    bucket: backup.bucket,
    prefix: backup.prefix,
    region: backup.region,
    endpoint: backup.endpoint,
  };
}
