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
  /** Position of the region in `regions` (sorted by code). */
  regionIndex: number;
  /** The unit of the network cap: the network, or the reporter when it has none (precomputed). */
  netKey: string;
}

/** Every site reported from one exact location: the distance to a query is computed once for all of them. */
interface Place {
  latitude: number;
  longitude: number;
  /** By reporter (then region), so sites at one distance come out in the order the k-nearest search needs. */
  sites: Site[];
}

interface Neighbour {
  site: Site;
  km: number;
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
      const site = this.siteOf(list, region, regionIndex.get(region.code)!, now);
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
    const near = this.nearestByRegion(query);
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

  private siteOf(
    list: LatencyObservation[],
    region: EstimatorRegion,
    regionIndex: number,
    now: number,
  ): Site {
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
      regionIndex,
      netKey: newestObservation.network ?? `reporter:${newestObservation.reporter}`,
    };
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

  /**
   * For every region, its k nearest sites within the radius (nearest first, ties by reporter), at most
   * maxSitesPerNetwork per network. One grid scan computes each place's distance once for all its regions;
   * places are then walked nearest first and each region takes sites until it has k, so only the chosen
   * sites are ever allocated.
   */
  private nearestByRegion(query: EstimateQuery): Neighbour[][] {
    const o = this.options;
    const places = this.placesNear(query);
    places.sort((a, b) => a.km - b.km);
    const chosen: Neighbour[][] = this.regions.map(() => []);
    let full = 0;
    for (let i = 0; i < places.length && full < chosen.length;) {
      // A run of places at exactly one distance: their sites in reporter order, as a sort by (km, reporter).
      let j = i + 1;
      while (j < places.length && places[j].km === places[i].km) j++;
      const km = places[i].km;
      const sites =
        j === i + 1
          ? places[i].place.sites
          : places
              .slice(i, j)
              .flatMap((p) => p.place.sites)
              .sort(byReporterThenRegion);
      for (const site of sites) {
        const list = chosen[site.regionIndex];
        if (list.length === o.neighbours) continue;
        let taken = 0;
        for (const n of list) if (n.site.netKey === site.netKey) taken++;
        if (taken >= o.maxSitesPerNetwork) continue;
        list.push({ site, km });
        if (list.length === o.neighbours) full++;
      }
      i = j;
    }
    return chosen;
  }

  /** Every reporting place within the radius of the query, with its distance. */
  private placesNear(query: EstimateQuery): Array<{ place: Place; km: number }> {
    const o = this.options;
    const latSpan = o.radiusKm / 111.2;
    const cosLat = Math.max(
      0.05,
      Math.cos((Math.min(89, Math.abs(query.latitude) + latSpan) * Math.PI) / 180),
    );
    const lonSpan = Math.min(180, latSpan / cosLat);
    const found: Array<{ place: Place; km: number }> = [];
    const latLo = Math.floor((query.latitude - latSpan) / CELL_DEGREES);
    const latHi = Math.floor((query.latitude + latSpan) / CELL_DEGREES);
    const lonCells = Math.min(COLUMNS >> 1, Math.ceil(lonSpan / CELL_DEGREES));
    const lonCentre = Math.floor(query.longitude / CELL_DEGREES);
    for (let la = latLo; la <= latHi; la++) {
      for (let dl = -lonCells; dl <= lonCells; dl++) {
        if (dl === lonCells && -lonCells + COLUMNS === lonCells) continue;
        const cell = this.grid.get(la * COLUMNS + wrapColumn(lonCentre + dl, COLUMNS));
        if (!cell) continue;
        for (const place of cell) {
          const km = greatCircleKm(query.latitude, query.longitude, place.latitude, place.longitude);
          if (km <= o.radiusKm) found.push({ place, km });
        }
      }
    }
    return found;
  }
}

function byReporterThenRegion(a: Site, b: Site): number {
  return a.reporter < b.reporter ? -1 : a.reporter > b.reporter ? 1 : a.regionIndex - b.regionIndex;
}
