import { DomainError } from '@landfall/common';

/** Stable, machine-readable error codes; callers map them to HTTP/CLI responses. */
export type PlacementErrorCode =
  | 'PLACEMENT.MALFORMED_FORWARDED_HEADER'
  | 'PLACEMENT.INVALID_CIDR'
  | 'PLACEMENT.INVALID_IP_RANGES'
  | 'PLACEMENT.INVALID_LATENCY_TABLE'
  | 'PLACEMENT.INVALID_TURNKEY_INDEX'
  | 'PLACEMENT.INVALID_OVERRIDE'
  | 'PLACEMENT.NO_ACTIVE_REGIONS';

/** A DomainError, so the hub answers it with its stable code: 503 when no region is active, else 400. */
export class PlacementError extends DomainError {
  declare readonly code: PlacementErrorCode;

  constructor(code: PlacementErrorCode, message: string) {
    super(code === 'PLACEMENT.NO_ACTIVE_REGIONS' ? 'unavailable' : 'invalid', code, message);
    this.name = 'PlacementError';
  }
}
