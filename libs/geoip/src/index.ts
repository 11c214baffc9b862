export * from './geo-location';
export * from './normalise-geo-record';
export * from './subdivision-name-index';
export { SUBDIVISION_ALIASES } from './subdivision-aliases';
