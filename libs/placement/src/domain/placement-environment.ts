import type { LatencyEstimator } from '@landfall/latency';
import type { RegionStatus } from '@landfall/regions';
import { buildAirportLocations, type AirportLocations } from './airport-locations';
import type { CloudIpRanges } from './cloud-ip-ranges';
import { DEFAULT_CONFIDENCE_OPTIONS, type ConfidenceOptions } from './confidence';
import type { EffectiveIndex } from './effective-index';
import { compareCodes, nearestFirst, type LatLon } from './geo';
import type { IndexEntry } from './placement-index';
import { PlacementError } from './placement-error';

export interface PlacementRegionState {
  code: string;
  latitude: number;
  longitude: number;
  weight: number;
  status: RegionStatus;
}

/** Each signal can be switched off; the engine then falls through to the next. */
export interface PlacementSignals {
  existingBackup: boolean;
  pins: boolean;
  regionHint: boolean;
  cloudIpRanges: boolean;
  cdnHeaders: boolean;
  /** Learned RTT from agents' latency reports (libs/latency). */
  measured: boolean;
  geoipSubdivision: boolean;
  geoipCountry: boolean;
}

export const ALL_SIGNALS_ON: Readonly<PlacementSignals> = Object.freeze({
  existingBackup: true,
  pins: true,
  regionHint: true,
  cloudIpRanges: true,
  cdnHeaders: true,
  measured: true,
  geoipSubdivision: true,
  geoipCountry: true,
});

export interface PlacementEnvironmentInput {
  regions: readonly PlacementRegionState[];
  index: EffectiveIndex;
  cloudRanges?: CloudIpRanges | null;
  airports?: AirportLocations;
  signals?: Partial<PlacementSignals>;
  confidence?: ConfidenceOptions;
  /** Built from stored latency reports; null/absent: the measured signal has nothing to say. */
  estimator?: LatencyEstimator | null;
}

export interface ResolvedEntry {
  entry: IndexEntry;
  /** Active regions only, index order first, then the rest nearest to the first. */
  candidates: readonly string[];
}

/**
 * Everything decide() needs, precomputed once per config/region change so a
 * decision is a handful of Map lookups. Immutable after construction.
 */
export class PlacementEnvironment {
  readonly signals: Readonly<PlacementSignals>;
  readonly confidence: ConfidenceOptions;
  readonly cloudRanges: CloudIpRanges | null;
  readonly estimator: LatencyEstimator | null;
  private readonly statuses = new Map<string, RegionStatus>();
  private readonly entries = new Map<string, ResolvedEntry>();
  /** Any known region -> itself first, then every active region nearest first. */
  private readonly neighbours = new Map<string, readonly string[]>();
  private readonly activeSites: PlacementRegionState[];
  private readonly airports: AirportLocations;
  private readonly coloCache = new Map<string, readonly string[] | null>();
  readonly weightedChoices: ReadonlyArray<{ code: string; weight: number }>;

  constructor(input: PlacementEnvironmentInput) {
    this.signals = Object.freeze({ ...ALL_SIGNALS_ON, ...input.signals });
    this.confidence = input.confidence ?? DEFAULT_CONFIDENCE_OPTIONS;
    this.cloudRanges = input.cloudRanges ?? null;
    this.estimator = input.estimator ?? null;
    this.airports = input.airports ?? buildAirportLocations();
    for (const region of input.regions) this.statuses.set(region.code, region.status);
    this.activeSites = input.regions
      .filter((r) => r.status === 'active')
      .sort((a, b) => compareCodes(a.code, b.code));
    if (this.activeSites.length === 0)
      throw new PlacementError('PLACEMENT.NO_ACTIVE_REGIONS', 'No active regions');
    this.weightedChoices = this.activeSites.map((r) => ({ code: r.code, weight: r.weight }));
    for (const region of input.regions) {
      const others = nearestFirst(region, this.activeSites).filter((code) => code !== region.code);
      this.neighbours.set(region.code, [region.code, ...others]);
    }
    for (const [scope, entry] of input.index) {
      const candidates = this.completeCandidates(entry.regions);
      if (candidates.length > 0) this.entries.set(scope, { entry, candidates });
    }
  }

  statusOf(region: string): RegionStatus | undefined {
    return this.statuses.get(region);
  }

  isActive(region: string): boolean {
    return this.statuses.get(region) === 'active';
  }

  entryFor(scope: string): ResolvedEntry | undefined {
    return this.entries.get(scope);
  }

  /** Candidates when `region` was chosen by a non-index signal: it first, then its active neighbours. */
  candidatesFrom(region: string): readonly string[] {
    return this.neighbours.get(region) ?? [region, ...this.activeSites.map((s) => s.code)];
  }

  /** Active regions nearest first from an IATA airport, cached per code; null for unknown codes. */
  candidatesNearAirport(iata: string): readonly string[] | null {
    const cached = this.coloCache.get(iata);
    if (cached !== undefined) return cached;
    const point: LatLon | undefined = this.airports.get(iata);
    const result = point ? nearestFirst(point, this.activeSites) : null;
    this.coloCache.set(iata, result);
    return result;
  }

  /**
   * Keeps the index order for active regions, then appends the other active
   * regions nearest to the index's first choice (even if that one is draining),
   * so failover candidates stay geographically sensible.
   */
  private completeCandidates(order: readonly string[]): string[] {
    const active = order.filter((code) => this.isActive(code));
    const anchor = order.find((code) => this.neighbours.has(code));
    const seen = new Set(active);
    const rest =
      anchor === undefined
        ? []
        : this.neighbours.get(anchor)!.filter((c) => !seen.has(c) && this.isActive(c));
    return [...active, ...rest];
  }
}
