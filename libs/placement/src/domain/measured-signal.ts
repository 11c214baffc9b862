import { nearBestToleranceMs, type LatencyEstimator, type RegionEstimate } from '@landfall/latency';
import type { PlacementEnvironment, ResolvedEntry } from './placement-environment';

export { nearBestToleranceMs };

export interface MeasuredEvidence {
  /** Active regions, lowest estimated RTT first. */
  estimates: Array<Pick<RegionEstimate, 'region' | 'rttMs' | 'confidence' | 'basis' | 'reporters'>>;
  /** "eu-west-2 ≈ 8 ms, eu-central-1 ≈ 15 ms, from 14 reports within 300 km, newest 2 days old" */
  summary: string;
}

export type MeasuredOutcome =
  | { kind: 'choose'; candidates: string[]; evidence: MeasuredEvidence; why: string }
  | { kind: 'defer'; evidence: MeasuredEvidence | null; why: string };

/**
 * The measured signal: where the estimator is confident about the best active region for a precise location,
 * order candidates by estimated RTT — unless the index's own first choice is already near-best (then the index
 * decides, keeping its same-country preference and reasons), or an operator override decides the entry
 * (people outrank the estimate; suggestions are how measurements reach overrides).
 */
export function measuredOutcome(
  estimator: LatencyEstimator,
  env: PlacementEnvironment,
  point: { latitude: number; longitude: number; countryCode: string | null },
  entry: ResolvedEntry | undefined,
): MeasuredOutcome {
  const all = estimator.estimate(point).regions.filter((r) => env.isActive(r.region));
  if (all.length === 0) return { kind: 'defer', evidence: null, why: 'measured: no active region estimated' };
  const evidence = describe(all);
  const best = all[0];
  if (best.basis !== 'measured' || best.confidence === 0)
    return { kind: 'defer', evidence, why: `measured: not confident (${evidence.summary})` };
  if (entry) {
    if (entry.entry.source === 'override')
      return { kind: 'defer', evidence, why: `measured: operator override for ${entry.entry.scope} stands` };
    const indexFirst = all.find((r) => r.region === entry.candidates[0]);
    if (indexFirst && indexFirst.rttMs - best.rttMs <= nearBestToleranceMs(best.rttMs))
      return {
        kind: 'defer',
        evidence,
        why: `measured: index choice ${indexFirst.region} ≈ ${indexFirst.rttMs} ms is near-best (${evidence.summary})`,
      };
  }
  const ordered = all.map((r) => r.region);
  const rest = env.candidatesFrom(best.region).filter((c) => !ordered.includes(c) && env.isActive(c));
  return {
    kind: 'choose',
    candidates: [...ordered, ...rest],
    evidence,
    why: `measured: ${evidence.summary} -> ${best.region}`,
  };
}

function describe(regions: readonly RegionEstimate[]): MeasuredEvidence {
  const top = regions.slice(0, 3);
  const used = regions.filter((r) => r.basis === 'measured');
  const reporters = Math.max(0, ...used.map((r) => r.reporters));
  const nearest = used.length ? Math.max(...used.map((r) => r.nearestKm ?? 0)) : null;
  const newest = used.length ? Math.min(...used.map((r) => r.newestAgeMs ?? Infinity)) : null;
  const list = top.map(
    (r) => `${r.region} ≈ ${Math.round(r.rttMs)} ms${r.basis === 'geography' ? ' (geography)' : ''}`,
  );
  const from =
    used.length === 0
      ? 'no reports nearby'
      : `from ${reporters} reporters within ${nearest} km, newest ${age(newest ?? 0)} old`;
  return {
    estimates: regions.map((r) => ({
      region: r.region,
      rttMs: r.rttMs,
      confidence: r.confidence,
      basis: r.basis,
      reporters: r.reporters,
    })),
    summary: `${list.join(', ')}, ${from}`,
  };
}

function age(ms: number): string {
  if (ms < 3_600_000) return `${Math.max(1, Math.round(ms / 60_000))} min`;
  if (ms < 2 * 86_400_000) return `${Math.round(ms / 3_600_000)} h`;
  return `${Math.round(ms / 86_400_000)} days`;
}
