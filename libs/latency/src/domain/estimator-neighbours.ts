import { greatCircleKm } from './physics';
import { CELL_DEGREES, COLUMNS, decay, weightedMedian, wrapColumn } from './estimator-math';
import type { EstimateQuery, EstimatorOptions, EstimatorRegion, LatencyObservation } from './estimator-types';

// The estimator's index of reporting places and its k-nearest search (LatencyEstimator in estimator.ts).

/** One reporter's robust value for one region, at its (newest) location. */
export interface Site {
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
export interface Place {
  latitude: number;
  longitude: number;
  /** By reporter (then region), so sites at one distance come out in the order the k-nearest search needs. */
  sites: Site[];
}

export interface Neighbour {
  site: Site;
  km: number;
}

/** One reporter's sites for one region reduced to one site: robust value, capped weight, precomputed distances. */
export function siteOf(
  list: LatencyObservation[],
  region: EstimatorRegion,
  regionIndex: number,
  now: number,
  o: Readonly<EstimatorOptions>,
): Site {
  const newestObservation = list.reduce((a, b) => (b.measuredAt > a.measuredAt ? b : a));
  const values = list.map((x) => ({
    value: x.rttMs,
    weight: Math.max(1, x.samples) * decay(now - x.measuredAt, o.halfLifeDays),
  }));
  const samples = list.reduce((sum, x) => sum + Math.max(1, x.samples), 0);
  const weight =
    Math.min(1, samples / o.samplesForFullWeight) * decay(now - newestObservation.measuredAt, o.halfLifeDays);
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

/**
 * For every region, its k nearest sites within the radius (nearest first, ties by reporter), at most
 * maxSitesPerNetwork per network. One grid scan computes each place's distance once for all its regions;
 * places are then walked nearest first and each region takes sites until it has k, so only the chosen
 * sites are ever allocated.
 */
export function nearestByRegion(
  grid: ReadonlyMap<number, Place[]>,
  regionCount: number,
  query: EstimateQuery,
  o: Readonly<EstimatorOptions>,
): Neighbour[][] {
  const places = placesNear(grid, query, o);
  places.sort((a, b) => a.km - b.km);
  const chosen: Neighbour[][] = Array.from({ length: regionCount }, () => []);
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
function placesNear(
  grid: ReadonlyMap<number, Place[]>,
  query: EstimateQuery,
  o: Readonly<EstimatorOptions>,
): Array<{ place: Place; km: number }> {
  const latSpan = o.radiusKm / 111.2;
  const cosLat = Math.max(0.05, Math.cos((Math.min(89, Math.abs(query.latitude) + latSpan) * Math.PI) / 180));
  const lonSpan = Math.min(180, latSpan / cosLat);
  const found: Array<{ place: Place; km: number }> = [];
  const latLo = Math.floor((query.latitude - latSpan) / CELL_DEGREES);
  const latHi = Math.floor((query.latitude + latSpan) / CELL_DEGREES);
  const lonCells = Math.min(COLUMNS >> 1, Math.ceil(lonSpan / CELL_DEGREES));
  const lonCentre = Math.floor(query.longitude / CELL_DEGREES);
  for (let la = latLo; la <= latHi; la++) {
    for (let dl = -lonCells; dl <= lonCells; dl++) {
      if (dl === lonCells && -lonCells + COLUMNS === lonCells) continue;
      const cell = grid.get(la * COLUMNS + wrapColumn(lonCentre + dl, COLUMNS));
      if (!cell) continue;
      for (const place of cell) {
        const km = greatCircleKm(query.latitude, query.longitude, place.latitude, place.longitude);
        if (km <= o.radiusKm) found.push({ place, km });
      }
    }
  }
  return found;
}

export function byReporterThenRegion(a: Site, b: Site): number {
  return a.reporter < b.reporter ? -1 : a.reporter > b.reporter ? 1 : a.regionIndex - b.regionIndex;
}
