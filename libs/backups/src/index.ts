export { BackupsModule } from './backups.module';
export { BucketsModule, CredentialRevokerModule } from './buckets.module';
export type { Backup, RegionTarget } from './domain/backup';
export { BackupRepository } from './repositories/backup.repository';
export { BucketRepository } from './repositories/bucket.repository';
export { BucketProvisioner } from './services/bucket-provisioner';
export { LiveBackupService } from './services/live-backup.service';
