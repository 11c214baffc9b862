import { describe, expect, it } from 'vitest';
import {
  decay,
  DEFAULT_ESTIMATOR_OPTIONS,
  LatencyEstimator,
  weightedMedian,
  type EstimatorRegion,
  type LatencyObservation,
  type RegionEstimate,
} from './estimator';
import { greatCircleKm, minimumRttMs } from './physics';

const NOW = Date.UTC(2026, 11, 1);
const DAY = 86_400_000;

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The estimator's algorithm written the straightforward way: every site of the region, distance to each,
 * one sort, maps and sets — no grid, no grouping by place, no cache. The fast path must agree exactly.
 */
function straightforward(
  regions: readonly EstimatorRegion[],
  observations: readonly LatencyObservation[],
  query: { latitude: number; longitude: number; countryCode: string | null },
): RegionEstimate[] {
  const o = DEFAULT_ESTIMATOR_OPTIONS;
  const out: RegionEstimate[] = [];
  for (const region of regions) {
    const groups = new Map<string, LatencyObservation[]>();
    for (const x of observations) {
      if (x.region !== region.code || NOW - x.measuredAt > o.maxAgeDays * DAY) continue;
      const km = greatCircleKm(x.latitude, x.longitude, region.latitude, region.longitude);
      if (x.rttMs < minimumRttMs(km, x.accuracyKm)) continue;
      groups.set(x.reporter, [...(groups.get(x.reporter) ?? []), x]);
    }
    const sites = [...groups.values()].map((list) => {
      const newest = list.reduce((a, b) => (b.measuredAt > a.measuredAt ? b : a));
      const samples = list.reduce((sum, x) => sum + Math.max(1, x.samples), 0);
      return {
        ...newest,
        net: newest.network ?? `reporter:${newest.reporter}`,
        rttMs: weightedMedian(
          list.map((x) => ({
            value: x.rttMs,
            weight: Math.max(1, x.samples) * decay(NOW - x.measuredAt, o.halfLifeDays),
          })),
        ),
        weight:
          Math.min(1, samples / o.samplesForFullWeight) * decay(NOW - newest.measuredAt, o.halfLifeDays),
        regionKm: greatCircleKm(newest.latitude, newest.longitude, region.latitude, region.longitude),
        km: greatCircleKm(query.latitude, query.longitude, newest.latitude, newest.longitude),
      };
    });
    const inRadius = sites
      .filter((s) => s.km <= o.radiusKm)
      .sort((a, b) => a.km - b.km || (a.reporter < b.reporter ? -1 : 1));
    const near: typeof inRadius = [];
    for (const s of inRadius) {
      if (near.length === o.neighbours) break;
      if (near.filter((n) => n.net === s.net).length < o.maxSitesPerNetwork) near.push(s);
    }
    const queryKm = greatCircleKm(query.latitude, query.longitude, region.latitude, region.longitude);
    const prior = o.baseMs + o.msPerKm * queryKm;
    if (near.length === 0) {
      out.push({
        region: region.code,
        rttMs: Math.round(prior * 10) / 10,
        confidence: 0,
        basis: 'geography',
        reporters: 0,
        networks: 0,
        nearestKm: null,
        newestAgeMs: null,
      });
      continue;
    }
    const weighted = near.map((s) => ({
      s,
      value: s.rttMs + o.msPerKm * (queryKm - s.regionKm),
      weight:
        s.weight *
        (1 / (1 + (s.km / o.distanceScaleKm) ** 2)) *
        (query.countryCode && s.countryCode === query.countryCode ? o.sameCountryFactor : 1),
    }));
    const perNetwork = new Map<string, number>();
    for (const w of weighted) perNetwork.set(w.s.net, (perNetwork.get(w.s.net) ?? 0) + w.weight);
    for (const w of weighted) {
      const total = perNetwork.get(w.s.net)!;
      if (total > o.maxNetworkWeight) w.weight *= o.maxNetworkWeight / total;
    }
    const totalWeight = weighted.reduce((sum, w) => sum + w.weight, 0);
    const value =
      (totalWeight * weightedMedian(weighted) + o.priorWeight * prior) / (totalWeight + o.priorWeight);
    const reporters = new Set(near.map((s) => s.reporter)).size;
    const networks = new Set(near.map((s) => s.net)).size;
    out.push({
      region: region.code,
      rttMs: Math.round(value * 10) / 10,
      confidence:
        reporters >= o.minReporters && networks >= o.minNetworks
          ? Math.round((totalWeight / (totalWeight + o.priorWeight)) * 100) / 100
          : 0,
      basis: 'measured',
      reporters,
      networks,
      nearestKm: Math.round(near[0].km),
      newestAgeMs: Math.max(0, NOW - Math.max(...near.map((s) => s.measuredAt))),
    });
  }
  return out.sort((a, b) => a.rttMs - b.rttMs || (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
}

describe('LatencyEstimator fast path', () => {
  it.each([1, 2, 3, 4, 5])('equals the straightforward computation on random inputs (seed %i)', (seed) => {
    const rand = random(seed);
    const regions: EstimatorRegion[] = Array.from({ length: 6 }, (_, i) => ({
      code: `r-${i}`,
      latitude: 35 + rand() * 25,
      longitude: -10 + rand() * 40,
    }));
    // Clustered places (several reporters at one exact location, several places at one distance), few
    // networks (the per-network caps bind), stale and physically impossible samples among them.
    const places = Array.from({ length: 40 }, () => ({
      latitude: 40 + rand() * 15,
      longitude: rand() * 25,
      countryCode: rand() < 0.5 ? 'AA' : 'BB',
    }));
    const observations: LatencyObservation[] = [];
    for (let reporter = 0; reporter < 120; reporter++) {
      const place = places[Math.floor(rand() * places.length)];
      const network = rand() < 0.2 ? null : `net-${Math.floor(rand() * 25)}`;
      for (const region of regions) {
        if (rand() < 0.3) continue;
        const km = greatCircleKm(place.latitude, place.longitude, region.latitude, region.longitude);
        for (let n = 1 + Math.floor(rand() * 3); n > 0; n--) {
          observations.push({
            ...place,
            accuracyKm: rand() < 0.5 ? null : 20,
            reporter: `rep-${reporter}`,
            network,
            region: region.code,
            rttMs: Math.max(0.5, 2 + km * (rand() < 0.05 ? 0.001 : 0.012 + rand() * 0.02)),
            samples: Math.floor(rand() * 4),
            measuredAt: NOW - Math.floor(rand() * 100 * DAY),
          });
        }
      }
    }
    const estimator = new LatencyEstimator(regions, observations, NOW);
    const queries = [
      ...places.slice(0, 10).map((p) => ({ ...p })),
      ...Array.from({ length: 60 }, () => ({
        latitude: 38 + rand() * 20,
        longitude: -5 + rand() * 35,
        countryCode: rand() < 0.3 ? null : rand() < 0.5 ? 'AA' : 'BB',
      })),
    ];
    let measured = 0;
    for (const query of queries) {
      const expected = straightforward(regions, observations, query);
      expect(estimator.estimate(query).regions).toEqual(expected);
      measured += expected.filter((r) => r.basis === 'measured').length;
    }
    // The comparison covered real evidence, not only the geography fallback.
    expect(measured).toBeGreaterThan(queries.length);
  });
});
