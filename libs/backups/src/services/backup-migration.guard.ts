import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import type { Backup } from '../domain/backup';
import { BackupRepository } from '../repositories/backup.repository';

/**
 * While a backup migrates, its agent gets no credentials (neither new nor cached): every route that hands out
 * credentials or a backup's address asks this first. 409 BACKUP.MIGRATING with Retry-After; after the cut-over the
 * next call gets the new place. The TurnKey compatibility routes call `assertWritable`/`isMigrating` too.
 */
@Injectable()
export class BackupMigrationGuard {
  constructor(
    private readonly backups: BackupRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  assertWritable(backup: Pick<Backup, 'id' | 'status'>): void {
    if (backup.status === 'migrating') throw this.migrating(backup.id);
  }

  async isMigrating(backupId: string): Promise<boolean> {
    return (await this.backups.findById(backupId))?.status === 'migrating';
  }

  migrating(backupId: string): DomainError {
    return new DomainError(
      'conflict',
      'BACKUP.MIGRATING',
      `Backup ${backupId} is being moved to another region; retry later`,
      { retryAfterSeconds: this.config.migrations.retryAfterSeconds },
    );
  }
}
