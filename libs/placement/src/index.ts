export * from './airport-locations';
export * from './cidr';
export * from './client-address';
export * from './cloud-ip-ranges';
export * from './confidence';
export * from './decide';
export * from './effective-index';
export * from './forwarded-header';
export * from './geo';
export * from './index-generator/generate-default';
export * from './index-generator/generate-index';
export * from './index-generator/geonames-admin1';
export * from './index-generator/latency-table';
export * from './index-generator/locations';
export * from './ip-address';
export * from './placement-environment';
export * from './placement-error';
export * from './placement-index';
export * from './prefix-table';
export * from './turnkey-format';
export * from './weighted-fallback';
// The port's decision (engine decision + client IP) is the one the rest of the hub sees.
export {
  PLACEMENT,
  type PlacementDecision,
  type PlacementPort,
  type PlacementRequest,
  type ProbeTarget,
} from './placement.port';
export * from './runtime/client-address.service';
export * from './runtime/placement.module';
export * from './runtime/placement.repository';
export * from './runtime/placement.service';
export * from './runtime/placement-state';
export * from './runtime/runtime-index';
export * from './admin/overrides.repository';
export * from './admin/overrides.service';
export * from './admin/placement-admin.module';
export * from './scope-codes';
export { PlacementDecisionDto, IndexEntryDto, ProbeTargetDto } from './admin/explain.dto';
export * from './measured/measured-signal';
export * from './measured/latency.repository';
export * from './index-generator/centroid-baseline';
export * from './measured/measured.module';
