// The placement port (owned by libs/placement). Imported by path until libs/placement has its index on this branch;
// once merged this becomes `export … from '@landfall/placement'`.
export {
  PLACEMENT,
  type PlacementDecision,
  type PlacementPort,
  type PlacementRequest,
} from '../../placement/src/placement.port';
