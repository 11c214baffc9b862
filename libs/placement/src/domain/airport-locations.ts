import airports from 'airports';
import type { LatLon } from './geo';

/** IATA code -> coordinates, for Cloudflare colo codes (CF-Ray suffix). */
export type AirportLocations = ReadonlyMap<string, LatLon>;

export function buildAirportLocations(
  list: ReadonlyArray<{ iata?: string; lat?: string; lon?: string }> = airports,
): AirportLocations {
  const map = new Map<string, LatLon>();
  for (const airport of list) {
    const latitude = Number(airport.lat);
    const longitude = Number(airport.lon);
    if (
      !airport.iata ||
      !/^[A-Z]{3}$/.test(airport.iata) ||
      airport.lat === undefined ||
      airport.lon === undefined
    )
      continue;
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) continue;
    if (!map.has(airport.iata)) map.set(airport.iata, { latitude, longitude });
  }
  return map;
}

/** "8a1b2c3d4e5f6789-FRA" -> "FRA"; null for anything else. */
export function coloFromCfRay(cfRay: string | null | undefined): string | null {
  if (!cfRay) return null;
  const match = /^[0-9a-f]+-([A-Za-z]{3})$/.exec(cfRay.trim());
  return match ? match[1].toUpperCase() : null;
}
