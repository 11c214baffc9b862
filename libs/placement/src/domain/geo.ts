import { greatCircleKm } from '@landfall/latency';

/** Great-circle distance in km (the latency lib's haversine; the ~0.3% ellipsoid error is irrelevant for ranking). */
export const haversineKm = greatCircleKm;

export interface LatLon {
  latitude: number;
  longitude: number;
}

/** Codes of `sites` ordered nearest first from a point; ties broken by code for determinism. */
export function nearestFirst<T extends LatLon & { code: string }>(
  point: LatLon,
  sites: readonly T[],
): string[] {
  return sites
    .map((site) => ({
      code: site.code,
      km: haversineKm(point.latitude, point.longitude, site.latitude, site.longitude),
    }))
    .sort((a, b) => a.km - b.km || compareCodes(a.code, b.code))
    .map((s) => s.code);
}

/** Locale-independent ordering so output is identical on every machine. */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
