import { Module, type DynamicModule } from '@nestjs/common';
import { ClockModule } from '@landfall/common';
import { ConfigModule, type AppConfig } from '@landfall/config';
import { MigrationsWorkerModule } from '@landfall/migrations';
import { PersistenceModule } from '@landfall/persistence';
import { StorageModule, type S3Settings } from '@landfall/storage';

/** The composition root of a worker process: no HTTP, only the job runners. */
@Module({})
export class WorkerModule {
  static register(config: AppConfig, databaseUrl: string, storage: S3Settings): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        PersistenceModule.forRoot({
          url: databaseUrl,
          poolSize: config.database.poolSize,
          timeouts: config.database.timeouts,
          applicationName: 'landfall-worker',
        }),
        StorageModule.forRoot(storage),
        MigrationsWorkerModule.forRoot(storage),
      ],
    };
  }
}
