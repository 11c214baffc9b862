import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';

import { BackupRepository } from './repositories/backup.repository';
import { BucketProvisioner } from './services/bucket-provisioner';
import { BucketRepository } from './repositories/bucket.repository';
import { CredentialRevocationRepository } from './repositories/credential-revocation.repository';
import { CredentialRevocations } from './services/credential-revocations';
import { AdminBackupsController } from './controllers/backups.admin.controller';
import { AgentBackupsController } from './controllers/backups.controller';
import { InitController } from './controllers/init.controller';
import { IdempotencyRepository } from './repositories/idempotency.repository';
import { AdminBackupsService } from './services/admin-backups.service';
import { AgentBackupsService } from './services/agent-backups.service';
import { BackupMigrationGuard } from './services/backup-migration.guard';
import { InitService } from './services/init.service';
import { LiveBackupService } from './services/live-backup.service';
import { StatsController } from './controllers/stats.admin.controller';
import { StatsRepository } from './repositories/stats.repository';

const metadata = {
  controllers: [InitController, AgentBackupsController, AdminBackupsController, StatsController],
  providers: [
    BackupRepository,
    BucketRepository,
    BucketProvisioner,
    CredentialRevocationRepository,
    CredentialRevocations,
    IdempotencyRepository,
    LiveBackupService,
    InitService,
    AgentBackupsService,
    AdminBackupsService,
    BackupMigrationGuard,
    StatsRepository,
  ],
  // Reused by the TKLBAM compatibility layer (libs/tklbam): a TKLBAM record is an appliance with a live backup;
  // the guard tells every agent surface whether a backup is migrating.
  exports: [
    LiveBackupService,
    BackupRepository,
    BackupMigrationGuard,
    BucketRepository,
    BucketProvisioner,
    CredentialRevocations,
  ],
} satisfies ModuleMetadata;

/**
 * Agent init and backups. Needs CredentialsModule (global) and PLACEMENT: pass the module that exports it
 * (libs/placement's PlacementModule) in `imports`, or provide it from a global module. Without it the hub still
 * boots, and inits answer 503 PLACEMENT.UNAVAILABLE.
 */
@Module({})
export class BackupsModule {
  static forRoot(options: { imports?: ModuleMetadata['imports'] } = {}): DynamicModule {
    return { module: BackupsModule, imports: options.imports ?? [], ...metadata };
  }
}
