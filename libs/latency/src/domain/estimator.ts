import { greatCircleKm, minimumRttMs } from './physics';
import { cellKey, round1, round2, usable, weightedMedian } from './estimator-math';
import {
  byReporterThenRegion,
  nearestByRegion,
  siteOf,
  type Neighbour,
  type Place,
} from './estimator-neighbours';
import type {
  Estimate,
  EstimateQuery,
  EstimatorOptions,
  EstimatorRegion,
  LatencyObservation,
  RegionEstimate,
} from './estimator-types';
import { DEFAULT_ESTIMATOR_OPTIONS } from './estimator-types';

export * from './estimator-types';
export { decay, weightedMedian } from './estimator-math';

const CACHE_LIMIT = 50_000;

/**
 * Learned RTT from any location to every region, from the reports of nearby places: the k nearest reporting
 * places within a radius, each corrected for the difference in distance to the region, weighted by
 * nearness, country, recency and sample count, with every reporter capped at weight 1 and every network at
 * `maxNetworkWeight`; their weighted median, shrunk toward a geography-only model where evidence is thin.
 *
 * Immutable and pure: build one from a snapshot of observations, query it any number of times, build a new
 * one to change it. Queries are memoised per 0.01 degree cell, so a placement costs a Map lookup after the
 * first caller from a place. Built once per snapshot: sites grouped by reporting place in a grid, each with
 * its robust value, weight, distance to its region and network key, so a query only measures distances to
 * nearby places and allocates nothing but the chosen neighbours.
 */
export class LatencyEstimator {
  readonly options: Readonly<EstimatorOptions>;
  readonly regions: readonly EstimatorRegion[];
  /** Observations used after dropping stale, malformed and physically impossible ones. */
  readonly observationCount: number;
  readonly reporterCount: number;
  readonly builtAt: number;
  /** Every reporting place in 2-degree cells (numeric keys): one scan per query finds all neighbours. */
  private readonly grid = new Map<number, Place[]>();
  private readonly cache = new Map<string, Estimate>();

  constructor(
    regions: readonly EstimatorRegion[],
    observations: readonly LatencyObservation[],
    now: number,
    options: Partial<EstimatorOptions> = {},
  ) {
    this.options = Object.freeze({ ...DEFAULT_ESTIMATOR_OPTIONS, ...options });
    this.regions = [...regions].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    this.builtAt = now;
    const byCode = new Map(this.regions.map((r) => [r.code, r]));
    const maxAgeMs = this.options.maxAgeDays * 86_400_000;
    const groups = new Map<string, LatencyObservation[]>();
    let used = 0;
    for (const o of observations) {
      const region = byCode.get(o.region);
      if (!region || !usable(o, now, maxAgeMs)) continue;
      const km = greatCircleKm(o.latitude, o.longitude, region.latitude, region.longitude);
      if (o.rttMs < minimumRttMs(km, o.accuracyKm)) continue;
      used++;
      const key = `${o.region}\u0000${o.reporter}`;
      const list = groups.get(key);
      if (list) list.push(o);
      else groups.set(key, [o]);
    }
    this.observationCount = used;
    const reporters = new Set<string>();
    const regionIndex = new Map(this.regions.map((r, i) => [r.code, i]));
    const places = new Map<string, Place>();
    for (const list of groups.values()) {
      const region = byCode.get(list[0].region)!;
      const site = siteOf(list, region, regionIndex.get(region.code)!, now, this.options);
      reporters.add(site.reporter);
      const key = `${site.latitude},${site.longitude}`;
      const place = places.get(key);
      if (place) place.sites.push(site);
      else places.set(key, { latitude: site.latitude, longitude: site.longitude, sites: [site] });
    }
    for (const place of places.values()) {
      place.sites.sort(byReporterThenRegion);
      const cell = cellKey(place.latitude, place.longitude);
      const cellPlaces = this.grid.get(cell);
      if (cellPlaces) cellPlaces.push(place);
      else this.grid.set(cell, [place]);
    }
    this.reporterCount = reporters.size;
  }

  /** RTT estimates for every region from a location. */
  estimate(query: EstimateQuery): Estimate {
    const key = `${query.latitude.toFixed(2)},${query.longitude.toFixed(2)},${query.countryCode ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const near = nearestByRegion(this.grid, this.regions.length, query, this.options);
    const regions = this.regions
      .map((region, i) => this.estimateRegion(query, region, near[i]))
      .sort((a, b) => a.rttMs - b.rttMs || (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
    const result: Estimate = Object.freeze({ regions: Object.freeze(regions) });
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, result);
    return result;
  }

  /** The geography-only model: base + distance x inflated fibre speed. */
  geographyRttMs(km: number): number {
    return this.options.baseMs + this.options.msPerKm * km;
  }

  private estimateRegion(query: EstimateQuery, region: EstimatorRegion, near: Neighbour[]): RegionEstimate {
    const o = this.options;
    const queryKm = greatCircleKm(query.latitude, query.longitude, region.latitude, region.longitude);
    const prior = this.geographyRttMs(queryKm);
    if (near.length === 0) {
      return {
        region: region.code,
        rttMs: round1(prior),
        confidence: 0,
        basis: 'geography',
        reporters: 0,
        networks: 0,
        nearestKm: null,
        newestAgeMs: null,
      };
    }
    // Weights: nearness x country x the site's own (sample count, recency; <= 1 per reporter).
    const weighted = near.map(({ site, km }) => ({
      site,
      km,
      value: site.rttMs + o.msPerKm * (queryKm - site.regionKm),
      weight:
        site.weight *
        (1 / (1 + (km / o.distanceScaleKm) ** 2)) *
        (query.countryCode && site.countryCode === query.countryCode ? o.sameCountryFactor : 1),
    }));
    // Network cap: all sites of one network together weigh at most maxNetworkWeight. At most k sites, so
    // pairwise loops beat maps; every total is summed in neighbour order before any weight is scaled.
    const totals = weighted.map((w) => {
      let total = 0;
      for (const other of weighted) if (other.site.netKey === w.site.netKey) total += other.weight;
      return total;
    });
    weighted.forEach((w, i) => {
      if (totals[i] > o.maxNetworkWeight) w.weight *= o.maxNetworkWeight / totals[i];
    });
    let totalWeight = 0;
    let newest = -Infinity;
    let reporters = 0;
    let networks = 0;
    weighted.forEach((w, i) => {
      totalWeight += w.weight;
      newest = Math.max(newest, w.site.newest);
      if (weighted.findIndex((x) => x.site.reporter === w.site.reporter) === i) reporters++;
      if (weighted.findIndex((x) => x.site.netKey === w.site.netKey) === i) networks++;
    });
    const median = weightedMedian(weighted);
    const value = (totalWeight * median + o.priorWeight * prior) / (totalWeight + o.priorWeight);
    const enough = reporters >= o.minReporters && networks >= o.minNetworks;
    return {
      region: region.code,
      rttMs: round1(value),
      confidence: enough ? round2(totalWeight / (totalWeight + o.priorWeight)) : 0,
      basis: 'measured',
      reporters,
      networks,
      nearestKm: Math.round(weighted[0].km),
      newestAgeMs: Math.max(0, this.builtAt - newest),
    };
  }
}
