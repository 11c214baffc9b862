const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance in km (haversine; the ~0.3% ellipsoid error is irrelevant for ranking). */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

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
