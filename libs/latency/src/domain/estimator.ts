import { greatCircleKm, minimumRttMs } from './physics';
import {
  CELL_DEGREES,
  COLUMNS,
  cellKey,
  decay,
  round1,
  round2,
  usable,
  weightedMedian,
  wrapColumn,
} from './estimator-math';
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

/** One reporter's robust value for one region, at its (newest) location. */
interface Site {
  region: string;
  latitude: number;
  longitude: number;
  countryCode: string | null;
  reporter: string;
  network: string | null;
  rttMs: number;
  /** Capped at 1: one reporter never counts more than one. */
  weight: number;
  newest: number;
  /** Great-circle km from the site to the region (precomputed). */
  regionKm: number;
}

const CACHE_LIMIT = 50_000;

/**
 * Learned RTT from any location to every region, from the reports of nearby places: the k nearest reporting
 * places within a radius, each corrected for the difference in distance to the region, weighted by
 * nearness, country, recency and sample count, with every reporter capped at weight 1 and every network at
 * `maxNetworkWeight`; their weighted median, shrunk toward a geography-only model where evidence is thin.
 *
 * Immutable and pure: build one from a snapshot of observations, query it any number of times, build a new
 * one to change it. Queries are memoised per 0.01 degree cell, so a placement costs a Map lookup after the
 * first caller from a place.
 */
export class LatencyEstimator {
  readonly options: Readonly<EstimatorOptions>;
  readonly regions: readonly EstimatorRegion[];
  /** Observations used after dropping stale, malformed and physically impossible ones. */
  readonly observationCount: number;
  readonly reporterCount: number;
  readonly builtAt: number;
  /** Every site of every region in 2-degree cells (numeric keys): one scan per query finds all neighbours. */
  private readonly grid = new Map<number, Site[]>();
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
    for (const list of groups.values()) {
      const region = byCode.get(list[0].region)!;
      const site = this.siteOf(list, region, now);
      reporters.add(site.reporter);
      const cell = cellKey(site.latitude, site.longitude);
      const sites = this.grid.get(cell);
      if (sites) sites.push(site);
      else this.grid.set(cell, [site]);
    }
    this.reporterCount = reporters.size;
  }

  /** RTT estimates for every region from a location. */
  estimate(query: EstimateQuery): Estimate {
    const key = `${query.latitude.toFixed(2)},${query.longitude.toFixed(2)},${query.countryCode ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const near = this.sitesNear(query);
    const regions = this.regions
      .map((region) => this.estimateRegion(query, region, near.get(region.code) ?? []))
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

  private siteOf(list: LatencyObservation[], region: EstimatorRegion, now: number): Site {
    const o = this.options;
    const newestObservation = list.reduce((a, b) => (b.measuredAt > a.measuredAt ? b : a));
    const values = list.map((x) => ({
      value: x.rttMs,
      weight: Math.max(1, x.samples) * decay(now - x.measuredAt, o.halfLifeDays),
    }));
    const samples = list.reduce((sum, x) => sum + Math.max(1, x.samples), 0);
    const weight =
      Math.min(1, samples / o.samplesForFullWeight) *
      decay(now - newestObservation.measuredAt, o.halfLifeDays);
    return {
      region: region.code,
      latitude: newestObservation.latitude,
      longitude: newestObservation.longitude,
      countryCode: newestObservation.countryCode,
      reporter: newestObservation.reporter,
      network: newestObservation.network,
      rttMs: weightedMedian(values),
      weight,
      newest: newestObservation.measuredAt,
      regionKm: greatCircleKm(
        newestObservation.latitude,
        newestObservation.longitude,
        region.latitude,
        region.longitude,
      ),
    };
  }

  private estimateRegion(
    query: EstimateQuery,
    region: EstimatorRegion,
    found: Array<{ site: Site; km: number }>,
  ): RegionEstimate {
    const o = this.options;
    const queryKm = greatCircleKm(query.latitude, query.longitude, region.latitude, region.longitude);
    const prior = this.geographyRttMs(queryKm);
    const near = this.nearest(found);
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
    // Network cap: all sites of one network together weigh at most maxNetworkWeight.
    const perNetwork = new Map<string, number>();
    for (const w of weighted) {
      const net = w.site.network ?? `reporter:${w.site.reporter}`;
      perNetwork.set(net, (perNetwork.get(net) ?? 0) + w.weight);
    }
    for (const w of weighted) {
      const total = perNetwork.get(w.site.network ?? `reporter:${w.site.reporter}`)!;
      if (total > o.maxNetworkWeight) w.weight *= o.maxNetworkWeight / total;
    }
    const totalWeight = weighted.reduce((sum, w) => sum + w.weight, 0);
    const median = weightedMedian(weighted);
    const value = (totalWeight * median + o.priorWeight * prior) / (totalWeight + o.priorWeight);
    const reporters = new Set(weighted.map((w) => w.site.reporter)).size;
    const networks = new Set(weighted.map((w) => w.site.network ?? `reporter:${w.site.reporter}`)).size;
    const enough = reporters >= o.minReporters && networks >= o.minNetworks;
    return {
      region: region.code,
      rttMs: round1(value),
      confidence: enough ? round2(totalWeight / (totalWeight + o.priorWeight)) : 0,
      basis: 'measured',
      reporters,
      networks,
      nearestKm: Math.round(weighted[0].km),
      newestAgeMs: Math.max(0, this.builtAt - Math.max(...weighted.map((w) => w.site.newest))),
    };
  }

  /** Every site within the radius of the query, by region (one grid scan for all regions). */
  private sitesNear(query: EstimateQuery): Map<string, Array<{ site: Site; km: number }>> {
    const o = this.options;
    const latSpan = o.radiusKm / 111.2;
    const cosLat = Math.max(
      0.05,
      Math.cos((Math.min(89, Math.abs(query.latitude) + latSpan) * Math.PI) / 180),
    );
    const lonSpan = Math.min(180, latSpan / cosLat);
    const byRegion = new Map<string, Array<{ site: Site; km: number }>>();
    const latLo = Math.floor((query.latitude - latSpan) / CELL_DEGREES);
    const latHi = Math.floor((query.latitude + latSpan) / CELL_DEGREES);
    const lonCells = Math.min(COLUMNS >> 1, Math.ceil(lonSpan / CELL_DEGREES));
    const lonCentre = Math.floor(query.longitude / CELL_DEGREES);
    for (let la = latLo; la <= latHi; la++) {
      for (let dl = -lonCells; dl <= lonCells; dl++) {
        if (dl === lonCells && -lonCells + COLUMNS === lonCells) continue;
        const sites = this.grid.get(la * COLUMNS + wrapColumn(lonCentre + dl, COLUMNS));
        if (!sites) continue;
        for (const site of sites) {
          const km = greatCircleKm(query.latitude, query.longitude, site.latitude, site.longitude);
          if (km > o.radiusKm) continue;
          const list = byRegion.get(site.region);
          if (list) list.push({ site, km });
          else byRegion.set(site.region, [{ site, km }]);
        }
      }
    }
    return byRegion;
  }

  /** The k nearest of a region's sites, at most maxSitesPerNetwork per network, nearest first. */
  private nearest(found: Array<{ site: Site; km: number }>): Array<{ site: Site; km: number }> {
    const o = this.options;
    found.sort((a, b) => a.km - b.km || (a.site.reporter < b.site.reporter ? -1 : 1));
    const chosen: Array<{ site: Site; km: number }> = [];
    const perNetwork = new Map<string, number>();
    for (const candidate of found) {
      const net = candidate.site.network ?? `reporter:${candidate.site.reporter}`;
      const taken = perNetwork.get(net) ?? 0;
      if (taken >= o.maxSitesPerNetwork) continue;
      perNetwork.set(net, taken + 1);
      chosen.push(candidate);
      if (chosen.length === o.neighbours) break;
    }
    return chosen;
  }
}
