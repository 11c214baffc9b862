import { median, trimmedMean } from './robust';

/** One agent sample as accuracy reads it. */
export interface AccuracySample {
  appliance: string;
  region: string;
  rttMs: number;
  countryCode: string | null;
  /** Epoch ms. */
  measuredAt: number;
}

/** Where one of an appliance's live backups is stored now. */
export interface CurrentPlacement {
  appliance: string;
  region: string;
}

export interface AccuracyTally {
  /** Placements (appliance x region of a live backup) whose region the appliance measured. */
  placements: number;
  /** Of those, within max(5 ms, 10 %) of the appliance's best measured region. */
  nearBest: number;
  /** nearBest / placements; null without placements. */
  nearBestShare: number | null;
  /** Mean of (RTT to the current region − RTT to the best), ms, 0.1 precision; null without placements. */
  meanExcessMs: number | null;
  /** The same, 10 % trimmed at each end, so a few wild reporters cannot set it. */
  trimmedMeanExcessMs: number | null;
}

export interface AccuracyReport extends AccuracyTally {
  /** Reporting appliances with a live backup in a region they did not measure (not scored). */
  unmeasured: number;
  byRegion: Array<AccuracyTally & { region: string }>;
  byCountry: Array<AccuracyTally & { country: string }>;
}

/** A candidate within max(5 ms, 10 %) of the best is "near-best": not worth deviating from the index for. */
export function nearBestToleranceMs(bestMs: number): number {
  return Math.max(5, bestMs * 0.1);
}

export function isNearBest(rttMs: number, bestMs: number): boolean {
  return rttMs - bestMs <= nearBestToleranceMs(bestMs);
}

/**
 * How well the current placement of reporting appliances matches their own measurements: per appliance
 * the median RTT to each region it measured, its best region the lowest median, and each live backup scored
 * by the excess of its region over that best. Unmeasured current regions are counted, not guessed.
 */
export function placementAccuracy(
  samples: readonly AccuracySample[],
  placements: readonly CurrentPlacement[],
): AccuracyReport {
  const byAppliance = new Map<string, { regions: Map<string, number[]>; newest: AccuracySample }>();
  for (const s of samples) {
    if (!Number.isFinite(s.rttMs) || s.rttMs <= 0) continue;
    const entry = byAppliance.get(s.appliance) ?? { regions: new Map<string, number[]>(), newest: s };
    byAppliance.set(s.appliance, entry);
    if (s.measuredAt > entry.newest.measuredAt) entry.newest = s;
    const list = entry.regions.get(s.region) ?? [];
    list.push(s.rttMs);
    entry.regions.set(s.region, list);
  }
  const all: number[] = [];
  const regions = new Map<string, number[]>();
  const countries = new Map<string, number[]>();
  const nearAll = { count: 0 };
  const nearRegion = new Map<string, number>();
  const nearCountry = new Map<string, number>();
  let unmeasured = 0;
  const seen = new Set<string>();
  for (const p of placements) {
    const key = `${p.appliance}\u0000${p.region}`;
    const measured = byAppliance.get(p.appliance);
    if (!measured || seen.has(key)) continue;
    seen.add(key);
    const medians = [...measured.regions.values()].map(median);
    const best = Math.min(...medians);
    const own = measured.regions.get(p.region);
    if (!own) {
      unmeasured++;
      continue;
    }
    const current = median(own);
    const excess = current - best;
    const near = isNearBest(current, best) ? 1 : 0;
    const country = measured.newest.countryCode ?? 'unknown';
    all.push(excess);
    nearAll.count += near;
    push(regions, p.region, excess);
    push(countries, country, excess);
    nearRegion.set(p.region, (nearRegion.get(p.region) ?? 0) + near);
    nearCountry.set(country, (nearCountry.get(country) ?? 0) + near);
  }
  return {
    ...tally(all, nearAll.count),
    unmeasured,
    byRegion: [...regions]
      .map(([region, list]) => ({ region, ...tally(list, nearRegion.get(region) ?? 0) }))
      .sort((a, b) => (a.region < b.region ? -1 : 1)),
    byCountry: [...countries]
      .map(([country, list]) => ({ country, ...tally(list, nearCountry.get(country) ?? 0) }))
      .sort((a, b) => (a.country < b.country ? -1 : 1)),
  };
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function tally(excess: readonly number[], nearBest: number): AccuracyTally {
  if (excess.length === 0)
    return { placements: 0, nearBest: 0, nearBestShare: null, meanExcessMs: null, trimmedMeanExcessMs: null };
  const mean = excess.reduce((sum, v) => sum + v, 0) / excess.length;
  return {
    placements: excess.length,
    nearBest,
    nearBestShare: Math.round((nearBest / excess.length) * 1000) / 1000,
    meanExcessMs: Math.round(mean * 10) / 10,
    trimmedMeanExcessMs: Math.round(trimmedMean(excess) * 10) / 10,
  };
}
