export * from './backup';
export * from './backups.module';
export * from './buckets/bucket-name';
export * from './buckets/bucket-policy';
export * from './dto/init.dto';
export * from './dto/backup.dto';
export { LiveBackupService } from './services/live-backup.service';
export { BackupRepository } from './backup.repository';
