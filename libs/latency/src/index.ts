export {
  type AccuracyReport,
  type AccuracySample,
  type AccuracyTally,
  type CurrentPlacement,
  nearBestToleranceMs,
  placementAccuracy,
} from './domain/accuracy';
export { LatencyEstimator } from './domain/estimator';
export type { LatencyObservation, RegionEstimate } from './domain/estimator-types';
export { parseLatencyImport } from './domain/import-csv';
export { networkOf } from './domain/network';
export { greatCircleKm } from './domain/physics';
export {
  type ReportRegion,
  ReportRejection,
  validateReport,
  type ValidSample,
} from './domain/report-validation';
