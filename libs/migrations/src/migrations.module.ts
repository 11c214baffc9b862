import { Module, type DynamicModule, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { BucketsModule } from '@landfall/backups';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { connectionOptionsOf, DATABASE_OPTIONS, type DatabaseOptions } from '@landfall/persistence';
import { PlacementAdminModule, PlacementModule } from '@landfall/placement';
import { MIGRATION_STORE, S3MigrationStore, type MigrationStoreSettings } from '@landfall/storage';
import { MigrationPlanner } from './services/migration-planner.service';
import { MigrationsAdminService } from './services/migrations-admin.service';
import { MigrationsController } from './controllers/migrations.admin.controller';
import { WorkerLivenessModule } from './worker-liveness.module';
import { OverrideMigrationController } from './controllers/override-migration.admin.controller';
import { OverrideMigrationService } from './services/override-migration.service';
import { MigrationItemRepository } from './repositories/migration-item.repository';
import { MigrationPlanRepository } from './repositories/migration-plan.repository';
import { ObjectCheckpointRepository } from './repositories/object-checkpoint.repository';
import { JOB_QUEUE, type JobQueue } from './services/job-queue';
import { PgBossJobQueue } from './services/pg-boss-queue';
import { MigrationRunner } from './services/migration-runner';
import { MigrationWorkerService } from './services/migration-worker.service';
import { ObjectCopier } from './services/object-copier';
import { SourceCleanup } from './services/source-cleanup';

function shared(storage: MigrationStoreSettings, maintenance: boolean): Provider[] {
  return [
    MigrationPlanRepository,
    MigrationItemRepository,
    ObjectCheckpointRepository,
    {
      provide: MIGRATION_STORE,
      useFactory: (config: AppConfig) =>
        new S3MigrationStore({
          ...storage,
          maxSockets: Math.max(16, config.migrations.concurrency * config.worker.jobs * 2),
        }),
      inject: [APP_CONFIG],
    },
    {
      provide: JOB_QUEUE,
      useFactory: (config: AppConfig, database: DatabaseOptions) =>
        new PgBossJobQueue({
          databaseUrl: database.url,
          dedupSeconds: Math.max(2, Math.floor(config.migrations.leaseSeconds / 2)),
          pollIntervalSeconds: config.worker.pollIntervalSeconds,
          maintenance,
          timeouts: connectionOptionsOf(database).timeouts,
        }),
      inject: [APP_CONFIG, DATABASE_OPTIONS],
    },
    {
      provide: MigrationsCloser,
      useFactory: (store: S3MigrationStore, queue: JobQueue) => new MigrationsCloser(store, queue),
      inject: [MIGRATION_STORE, JOB_QUEUE],
    },
  ];
}

/** The hub's side: plan, start, watch and cancel migrations (admin API). Needs the hub's S3 keys. */
@Module({})
export class MigrationsAdminModule {
  static forRoot(storage: MigrationStoreSettings): DynamicModule {
    return {
      module: MigrationsAdminModule,
      imports: [BucketsModule, PlacementModule, PlacementAdminModule, WorkerLivenessModule],
      controllers: [MigrationsController, OverrideMigrationController],
      providers: [
        ...shared(storage, false),
        MigrationPlanner,
        MigrationsAdminService,
        OverrideMigrationService,
      ],
    };
  }
}

/** The worker's side: runs migrations from the queue. */
@Module({})
export class MigrationsWorkerModule {
  static forRoot(storage: MigrationStoreSettings): DynamicModule {
    return {
      module: MigrationsWorkerModule,
      imports: [BucketsModule, WorkerLivenessModule],
      providers: [
        ...shared(storage, true),
        ObjectCopier,
        SourceCleanup,
        MigrationRunner,
        MigrationWorkerService,
      ],
      exports: [MigrationWorkerService],
    };
  }
}

class MigrationsCloser implements OnApplicationShutdown {
  constructor(
    private readonly store: S3MigrationStore,
    private readonly queue: JobQueue,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.stop({ graceful: false, timeoutMs: 1000 }).catch(() => undefined);
    this.store.destroy();
  }
}
