export type { GeoLocation } from './domain/geo-location';
export { normaliseGeoRecord } from './domain/normalise-geo-record';
export { SubdivisionNameIndex } from './domain/subdivision-name-index';
export { GeoIpModule } from './geoip.module';
export { GeoIpService, type GeoIpStatus } from './services/geoip.service';
