const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance in km (haversine). Kept here so the estimator depends on nothing. */
export function greatCircleKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Light in optical fibre (refractive index ~1.47) covers ~200 km per millisecond, one way. */
export const FIBRE_KM_PER_MS = 200;

/** Used when the GeoIP record has no accuracy radius (DB-IP Lite has none): city-level databases are rarely better. */
export const DEFAULT_ACCURACY_KM = 100;

/**
 * The fastest round trip physics allows between a caller located at `distanceKm` (± its GeoIP accuracy radius)
 * and a region: there and back in fibre along the great circle. Anything below is a lie or a wrong location.
 */
export function minimumRttMs(distanceKm: number, accuracyKm: number | null = DEFAULT_ACCURACY_KM): number {
  const slack = accuracyKm ?? DEFAULT_ACCURACY_KM;
  return (2 * Math.max(0, distanceKm - slack)) / FIBRE_KM_PER_MS;
}
