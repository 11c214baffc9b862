import { readFileSync } from 'node:fs';
import type { Region } from '@landfall/regions';
import { CURATED_OVERRIDES } from '../domain/index-generator/generate-default';
import { generateIndex } from '../domain/index-generator/generate-index';
import { parseLatencyCsv, type LatencySample } from '../domain/index-generator/latency-table';
import { buildLocations, type PlacementLocation } from '../domain/index-generator/locations';
import type { IndexEntry, RegionSite } from '../domain/placement-index';
import { parseTurnkeyIndex } from '../domain/turnkey-format';

export interface RuntimeIndexOptions {
  /** A TurnKey-format index to serve as is, instead of generating one from the regions. */
  indexFile?: string;
  latencyTableFile?: string;
  latencyMinSamples: number;
}

/**
 * Produces the base index for the regions the database holds now: generated from geography (population
 * weighted), the curated overrides and the optional latency table; or an imported TurnKey index file.
 * Admin overrides from Postgres go on top of this (buildEffectiveIndex).
 */
export class RuntimeIndexBuilder {
  private locations?: readonly PlacementLocation[];
  private readonly latency?: readonly LatencySample[];
  private readonly imported?: readonly IndexEntry[];
  private centres?: ReadonlyMap<string, GeoPoint>;

  constructor(private readonly options: RuntimeIndexOptions) {
    if (options.indexFile) this.imported = parseTurnkeyIndex(readFileSync(options.indexFile, 'utf8'));
    if (options.latencyTableFile)
      this.latency = parseLatencyCsv(readFileSync(options.latencyTableFile, 'utf8'));
  }

  build(regions: readonly Region[]): IndexEntry[] {
    if (this.imported) return [...this.imported];
    const sites = activeRegionSites(regions);
    if (sites.length === 0) return [];
    const known = new Set(sites.map((s) => s.code));
    this.locations ??= buildLocations();
    return generateIndex({
      locations: this.locations,
      regions: sites,
      overrides: CURATED_OVERRIDES.filter((o) => known.has(o.region)),
      latency: this.latency?.filter((sample) => known.has(sample.region)),
      minSamples: this.options.latencyMinSamples,
    });
  }

  /** Each known country's and subdivision's weighted centre (maps draw a marker where no shape exists). */
  locationCentres(): ReadonlyMap<string, GeoPoint> {
    this.locations ??= buildLocations();
    this.centres ??= new Map(this.locations.map((location) => [location.code, weightedCentre(location)]));
    return this.centres;
  }
}

export interface GeoPoint {
  latitude: number;
  longitude: number;
}

/** Where a location's people are on average: the population-weighted mean of its points. */
export function weightedCentre(location: PlacementLocation): GeoPoint {
  const total = location.points.reduce((sum, p) => sum + p.weight, 0) || 1;
  return {
    latitude: location.points.reduce((sum, p) => sum + p.latitude * p.weight, 0) / total,
    longitude: location.points.reduce((sum, p) => sum + p.longitude * p.weight, 0) / total,
  };
}

/** The active regions as the index generator sees them. */
export function activeRegionSites(regions: readonly Region[]): RegionSite[] {
  return regions
    .filter((r) => r.status === 'active')
    .map((r) => ({
      code: r.code,
      latitude: r.latitude,
      longitude: r.longitude,
      weight: r.weight,
      countryCode: r.countryCode,
    }));
}
