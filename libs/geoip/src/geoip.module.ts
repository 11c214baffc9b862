import { Global, Module, type DynamicModule } from '@nestjs/common';
import { GeoIpService } from './services/geoip.service';

export interface GeoIpModuleOptions {
  databases: string[];
  reloadIntervalMs: number;
}

@Global()
@Module({})
export class GeoIpModule {
  static forRoot(options: GeoIpModuleOptions): DynamicModule {
    return {
      module: GeoIpModule,
      providers: [
        {
          provide: GeoIpService,
          useFactory: () => GeoIpService.open(options.databases, options.reloadIntervalMs),
        },
      ],
      exports: [GeoIpService],
    };
  }
}
