export * from './geoip-reader';
export * from './geoip.module';
