import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { AccountsModule } from '@landfall/accounts';
import { AuditModule } from '@landfall/audit';
import { AuditAdminModule } from '@landfall/audit-admin';
import { BackupsModule, CredentialRevokerModule } from '@landfall/backups';
import { ClockModule } from '@landfall/common';
import { ConfigModule, type AppConfig } from '@landfall/config';
import { CredentialsModule } from '@landfall/credentials';
import { GeoIpModule } from '@landfall/geoip';
import { HealthModule } from '@landfall/health';
import { IdentityModule } from '@landfall/identity';
import { MigrationsAdminModule, MigrationsWorkerModule } from '@landfall/migrations';
import { PersistenceModule } from '@landfall/persistence';
import { MeasuredPlacementModule, PlacementAdminModule, PlacementModule } from '@landfall/placement';
import { RegionsAdminModule, RegionsModule } from '@landfall/regions';
import { StorageModule } from '@landfall/storage';
import { TklbamModule } from '@landfall/tklbam';
import type { HubRuntime } from './runtime';

/** The composition root of the HTTP service: it only wires modules; behaviour lives in libs/. */
@Module({})
export class HubModule {
  static register(config: AppConfig, runtime: HubRuntime, extraModules: Type[] = []): DynamicModule {
    const backups = BackupsModule.forRoot({ imports: [PlacementModule] });
    return {
      module: HubModule,
      imports: [
        ConfigModule.forRoot(config),
        ClockModule,
        PersistenceModule.forRoot({
          url: runtime.databaseUrl,
          poolSize: config.database.poolSize,
          timeouts: config.database.timeouts,
          applicationName: 'landfall-hub',
        }),
        StorageModule.forRoot(runtime.storage),
        GeoIpModule.forRoot({
          databases: config.geoip.databases,
          reloadIntervalMs: config.placement.geoipReloadIntervalMs,
        }),
        RegionsModule,
        AuditModule,
        AuditAdminModule,
        IdentityModule,
        PlacementModule,
        PlacementAdminModule,
        MeasuredPlacementModule,
        RegionsAdminModule,
        CredentialsModule.forRoot({ ...runtime.storage }),
        backups,
        CredentialRevokerModule,
        AccountsModule,
        HealthModule,
        TklbamModule.forRoot({ imports: [PlacementModule, backups] }),
        MigrationsAdminModule.forRoot(runtime.storage),
        // Local mode: the hub also runs a worker, so `npm start` alone carries a migration through (main.ts starts it).
        ...(config.worker.inProcess ? [MigrationsWorkerModule.forRoot(runtime.storage)] : []),
        ...extraModules,
      ],
    };
  }
}
