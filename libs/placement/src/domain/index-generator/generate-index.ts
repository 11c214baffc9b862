import { compareCodes, haversineKm } from '../geo';
import type { IndexEntry, RegionOverride, RegionSite } from '../placement-index';
import { PlacementError } from '../placement-error';
import { countryOfScope, isSubdivisionScope } from '../scope-codes';
import type { LatencySample } from './latency-table';
import type { PlacementLocation } from './locations';

export interface GenerateIndexInput {
  locations: readonly PlacementLocation[];
  /** Active regions only: the caller excludes draining/disabled ones. */
  regions: readonly RegionSite[];
  overrides?: readonly RegionOverride[];
  latency?: readonly LatencySample[];
  /** Latency rows with fewer samples are ignored (noise). */
  minSamples?: number;
  /**
   * Put regions in the location's own country first (default true). Backups
   * are regulated data and domestic paths rarely leave the country, so
   * Massachusetts stays in the US although Montreal is nearer, and Texas does
   * not go to Querétaro. Latency data and overrides still take precedence.
   */
  preferSameCountry?: boolean;
}

interface Ranked {
  code: string;
  km: number;
}

/**
 * Population-weighted mean of per-city great-circle distances, i.e. the
 * expected distance for a randomly chosen inhabitant. This is deliberately
 * not the distance from a weighted centroid: Canada's centroid sits in the
 * empty north and Russia's drifts toward Siberia, which is exactly how the
 * classic "Canada -> Oregon", "Russia -> Seoul" mistakes happen.
 */
export function rankRegionsByGeography(
  location: PlacementLocation,
  regions: readonly RegionSite[],
): Ranked[] {
  const total = location.points.reduce((sum, p) => sum + p.weight, 0);
  return regions
    .map((region) => {
      let sum = 0;
      for (const p of location.points)
        sum += p.weight * haversineKm(p.latitude, p.longitude, region.latitude, region.longitude);
      return { code: region.code, km: total > 0 ? sum / total : Number.POSITIVE_INFINITY };
    })
    .sort((a, b) => a.km - b.km || compareCodes(a.code, b.code));
}

function geographyReason(location: PlacementLocation, best: Ranked, inCountry: boolean): string {
  const basis =
    location.basis === 'cities'
      ? `population-weighted mean over ${location.points.length} cities`
      : 'country centroid (no city data)';
  const what = inCountry ? 'nearest in-country region' : 'nearest by geography';
  return `${what}: ${Math.round(best.km)} km to ${best.code} (${basis})`;
}

/** Stable partition: regions in `country` first, each group keeping its distance order. */
function sameCountryFirst(ranked: Ranked[], country: string, regions: readonly RegionSite[]): Ranked[] {
  const domestic = new Set(regions.filter((r) => r.countryCode === country).map((r) => r.code));
  if (domestic.size === 0) return ranked;
  return [...ranked.filter((r) => domestic.has(r.code)), ...ranked.filter((r) => !domestic.has(r.code))];
}

/**
 * A subdivision's own override, else its country's: a country override must not be shadowed by the
 * country's subdivision entries (the engine looks the subdivision up first).
 */
export function overrideFor<T extends { scope: string }>(
  scope: string,
  byScope: ReadonlyMap<string, T>,
): { override: T | undefined; inherited: boolean } {
  const own = byScope.get(scope);
  if (own || !isSubdivisionScope(scope)) return { override: own, inherited: false };
  const country = byScope.get(countryOfScope(scope));
  return { override: country, inherited: country !== undefined };
}

export function overrideReason(override: RegionOverride, inherited: boolean): string {
  return inherited ? `override of ${override.scope}: ${override.reason}` : `override: ${override.reason}`;
}

/** Builds one entry per location: latency-measured regions first, then geography, then overrides on top. */
export function generateIndex(input: GenerateIndexInput): IndexEntry[] {
  if (input.regions.length === 0)
    throw new PlacementError('PLACEMENT.NO_ACTIVE_REGIONS', 'No active regions to index');
  const active = new Set(input.regions.map((r) => r.code));
  const minSamples = input.minSamples ?? 30;
  const latencyByScope = new Map<string, LatencySample[]>();
  for (const sample of input.latency ?? []) {
    if (sample.sampleCount < minSamples || !active.has(sample.region)) continue;
    const list = latencyByScope.get(sample.scope) ?? [];
    list.push(sample);
    latencyByScope.set(sample.scope, list);
  }
  const scopes = new Set(input.locations.map((l) => l.code));
  const overrideByScope = new Map<string, RegionOverride>();
  for (const override of input.overrides ?? []) {
    if (!scopes.has(override.scope)) {
      throw new PlacementError(
        'PLACEMENT.INVALID_OVERRIDE',
        `Override for unknown scope "${override.scope}"`,
      );
    }
    overrideByScope.set(override.scope, override);
  }

  const preferSameCountry = input.preferSameCountry ?? true;
  return input.locations.map((location) => {
    const byDistance = rankRegionsByGeography(location, input.regions);
    const ranked = preferSameCountry
      ? sameCountryFirst(byDistance, location.code.slice(0, 2), input.regions)
      : byDistance;
    let regions = ranked.map((r) => r.code);
    let source: IndexEntry['source'] = 'geography';
    let reason = geographyReason(location, ranked[0], ranked[0] !== byDistance[0]);

    const measured = latencyByScope.get(location.code);
    if (measured) {
      const byRtt = [...measured].sort(
        (a, b) => a.medianRttMs - b.medianRttMs || compareCodes(a.region, b.region),
      );
      const first = new Set(byRtt.map((s) => s.region));
      regions = [...byRtt.map((s) => s.region), ...regions.filter((code) => !first.has(code))];
      source = 'latency';
      reason = `measured median RTT ${byRtt[0].medianRttMs} ms to ${byRtt[0].region} (${byRtt[0].sampleCount} samples)`;
    }

    const { override, inherited } = overrideFor(location.code, overrideByScope);
    if (override) {
      if (active.has(override.region)) {
        regions = [override.region, ...regions.filter((code) => code !== override.region)];
        source = 'override';
        reason = overrideReason(override, inherited);
      } else {
        reason = `${reason}; override to ${override.region} skipped: region not active`;
      }
    }
    return { scope: location.code, name: location.name, regions, source, reason };
  });
}
