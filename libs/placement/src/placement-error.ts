/** Stable, machine-readable error codes; callers map them to HTTP/CLI responses. */
export type PlacementErrorCode =
  | 'PLACEMENT.MALFORMED_FORWARDED_HEADER'
  | 'PLACEMENT.INVALID_CIDR'
  | 'PLACEMENT.INVALID_IP_RANGES'
  | 'PLACEMENT.INVALID_LATENCY_TABLE'
  | 'PLACEMENT.INVALID_TURNKEY_INDEX'
  | 'PLACEMENT.INVALID_OVERRIDE'
  | 'PLACEMENT.NO_ACTIVE_REGIONS';

export class PlacementError extends Error {
  constructor(
    readonly code: PlacementErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PlacementError';
  }
}
