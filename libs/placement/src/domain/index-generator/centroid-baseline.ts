import countries from 'world-countries';
import type { IndexEntry, RegionSite } from '../placement-index';
import { generateIndex } from './generate-index';
import type { PlacementLocation } from './locations';

const COUNTRY_CENTROIDS = new Map(
  countries.map((c) => [c.cca2, { latitude: c.latlng[0], longitude: c.latlng[1] }]),
);

/**
 * The classic index (TurnKey's hub): every location reduced to one centroid — a country's geographic
 * centroid, a subdivision's unweighted mean of its cities — and regions ordered by plain haversine distance,
 * no population weighting, no same-country preference, no overrides. Kept to compare against, never served.
 */
export function generateCentroidBaseline(
  locations: readonly PlacementLocation[],
  regions: readonly RegionSite[],
): IndexEntry[] {
  const centroids = locations.map((location) => ({
    ...location,
    points: [centroidOf(location)],
    basis: 'centroid' as const,
  }));
  return generateIndex({ locations: centroids, regions, preferSameCountry: false }).map((entry) => ({
    ...entry,
    reason: `centroid haversine: ${entry.reason}`,
  }));
}

function centroidOf(location: PlacementLocation): { latitude: number; longitude: number; weight: number } {
  const country = COUNTRY_CENTROIDS.get(location.code);
  if (country) return { ...country, weight: 1 };
  const n = location.points.length;
  return {
    latitude: location.points.reduce((sum, p) => sum + p.latitude, 0) / n,
    longitude: location.points.reduce((sum, p) => sum + p.longitude, 0) / n,
    weight: 1,
  };
}
