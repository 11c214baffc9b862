// The placement port, re-exported where the backups library uses it.
export {
  PLACEMENT,
  type PlacementDecision,
  type PlacementPort,
  type PlacementRequest,
  type ProbeTarget,
} from '@landfall/placement';
