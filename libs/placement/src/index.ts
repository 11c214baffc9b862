// The port's decision (engine decision + client IP) is the one the rest of the hub sees.
export { nearBestToleranceMs } from './domain/measured-signal';
export { decide } from './domain/decide';
export { buildEffectiveIndex, type EffectiveIndex } from './domain/effective-index';
export { compareCodes, nearestFirst } from './domain/geo';
export { generateCentroidBaseline } from './domain/index-generator/centroid-baseline';
export {
  AWS_REGIONS,
  awsRegionSites,
  CURATED_OVERRIDES,
  type DefaultIndexFile,
  generateDefaultIndex,
} from './domain/index-generator/generate-default';
export { generateIndex } from './domain/index-generator/generate-index';
export { isoAlignedCountries, subdivisionOf } from './domain/index-generator/geonames-admin1';
export { type LatencySample, parseLatencyCsv } from './domain/index-generator/latency-table';
export { buildLocations, loadCities } from './domain/index-generator/locations';
export { PlacementEnvironment, type PlacementRegionState } from './domain/placement-environment';
export type { IndexEntry, RegionSite } from './domain/placement-index';
export {
  PLACEMENT,
  type PlacementDecision,
  type PlacementPort,
  type PlacementRequest,
  type ProbeTarget,
} from './domain/placement.port';
export {
  diffIndexes,
  formatTurnkeyIndex,
  type IndexChange,
  parseTurnkeyIndex,
} from './domain/turnkey-format';
export { PlacementDecisionDto, ProbeTargetDto } from './dto/explain.dto';
export { MeasuredPlacementModule } from './measured.module';
export { PlacementAdminModule } from './placement-admin.module';
export { PlacementModule } from './placement.module';
export { ClientAddressService } from './services/client-address.service';
export { OverridesService } from './services/overrides.service';
export { type PlacementState, PlacementStateService } from './services/placement-state';
export { PlacementService } from './services/placement.service';
export { activeRegionSites } from './services/runtime-index';
