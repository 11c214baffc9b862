import { Global, Module, type DynamicModule } from '@nestjs/common';
import { GeoIpReader } from './geoip-reader';

@Global()
@Module({})
export class GeoIpModule {
  static forRoot(databases: string[]): DynamicModule {
    return {
      module: GeoIpModule,
      providers: [{ provide: GeoIpReader, useFactory: () => GeoIpReader.open(databases) }],
      exports: [GeoIpReader],
    };
  }
}
