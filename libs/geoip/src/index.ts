export * from './geo-location';
export * from './geoip-reader';
export * from './geoip.module';
export * from './geoip.service';
export * from './normalise-geo-record';
export * from './subdivision-name-index';
export { SUBDIVISION_ALIASES } from './subdivision-aliases';
