import type { LatencyEstimator } from '@landfall/latency';
import type { EffectiveIndex } from './effective-index';
import type { PlacementLocation } from './index-generator/locations';
import { nearBestToleranceMs } from './measured-signal';

export interface IndexSuggestion {
  scope: string;
  name: string;
  current: string;
  suggested: string;
  /** Population-weighted mean estimated RTT over the entry's measured places. */
  currentMs: number;
  suggestedMs: number;
  savedMs: number;
  /** Share of the entry's population (its biggest places) where the estimate is confident. */
  coverage: number;
  evidence: string;
}

/** Places per entry the estimate is taken at (its biggest cities, by population). */
const POINTS_PER_ENTRY = 5;
/** An entry is judged only when confident estimates cover at least this share of those places' people. */
const MIN_COVERAGE = 0.5;

/**
 * Compares every index entry's first choice with the measured best at the entry's biggest places: a suggestion
 * where the measured best saves more than max(5 ms, 10 %). Entries decided by an operator override are left
 * alone (people decided them; a suggestion would only repeat what the measured signal shows in explain).
 */
export function computeSuggestions(
  index: EffectiveIndex,
  locations: readonly PlacementLocation[],
  estimator: LatencyEstimator,
  isActive: (region: string) => boolean,
): IndexSuggestion[] {
  const suggestions: IndexSuggestion[] = [];
  for (const location of locations) {
    const entry = index.get(location.code);
    if (!entry || entry.source === 'override') continue;
    const current = entry.regions.find(isActive);
    if (!current) continue;
    const points = [...location.points].sort((a, b) => b.weight - a.weight).slice(0, POINTS_PER_ENTRY);
    const total = points.reduce((sum, p) => sum + p.weight, 0);
    if (total <= 0) continue;
    const sums = new Map<string, number>();
    let covered = 0;
    let reporters = 0;
    for (const point of points) {
      const estimate = estimator.estimate({
        latitude: point.latitude,
        longitude: point.longitude,
        countryCode: location.code.slice(0, 2),
      });
      const best = estimate.regions.find((r) => isActive(r.region));
      if (!best || best.basis !== 'measured' || best.confidence === 0) continue;
      covered += point.weight;
      reporters = Math.max(reporters, best.reporters);
      for (const r of estimate.regions)
        sums.set(r.region, (sums.get(r.region) ?? 0) + point.weight * r.rttMs);
    }
    if (covered / total < MIN_COVERAGE) continue;
    const means = [...sums]
      .filter(([region]) => isActive(region))
      .map(([region, sum]) => ({ region, ms: sum / covered }))
      .sort((a, b) => a.ms - b.ms || (a.region < b.region ? -1 : 1));
    const best = means[0];
    const currentMs = means.find((m) => m.region === current)?.ms;
    if (!best || currentMs === undefined || best.region === current) continue;
    const savedMs = currentMs - best.ms;
    if (savedMs <= nearBestToleranceMs(best.ms)) continue;
    suggestions.push({
      scope: location.code,
      name: location.name,
      current,
      suggested: best.region,
      currentMs: round1(currentMs),
      suggestedMs: round1(best.ms),
      savedMs: round1(savedMs),
      coverage: Math.round((covered / total) * 100) / 100,
      evidence: `${best.region} ≈ ${Math.round(best.ms)} ms vs ${current} ≈ ${Math.round(currentMs)} ms (population-weighted over ${points.length} biggest places, ${Math.round((covered / total) * 100)} % covered, up to ${reporters} reporters each)`,
    });
  }
  return suggestions.sort((a, b) => b.savedMs - a.savedMs || (a.scope < b.scope ? -1 : 1));
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
