import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type AppConfig } from '@landfall/config';
import { GeoIpModule } from '@landfall/geoip';
import { PersistenceModule } from '@landfall/persistence';
import { PlacementAdminModule, PlacementModule } from '@landfall/placement';
import { RegionsModule } from '@landfall/regions';
import { TklbamKeysModule } from '@landfall/tklbam';

export interface CliModuleOptions {
  databaseUrl: string;
  /** Loads GeoIP and builds the in-memory placement index (resolve, live index, import). */
  placement: boolean;
}

/** The composition root of the ops CLI: the hub's domain modules without HTTP. */
@Module({})
export class CliModule {
  static register(config: AppConfig, options: CliModuleOptions): DynamicModule {
    const base = [
      ConfigModule.forRoot(config),
      // One command at a time: a small pool is plenty and leaves connections to the hubs.
      PersistenceModule.forRoot({
        url: options.databaseUrl,
        poolSize: Math.min(config.database.poolSize, 3),
        timeouts: config.database.timeouts,
        applicationName: 'landfall-cli',
      }),
      RegionsModule,
      TklbamKeysModule,
    ];
    const placement = options.placement
      ? [
          GeoIpModule.forRoot({
            databases: config.geoip.databases,
            reloadIntervalMs: config.placement.geoipReloadIntervalMs,
          }),
          PlacementModule,
          PlacementAdminModule,
        ]
      : [];
    return { module: CliModule, imports: [...base, ...placement] };
  }
}
