import { geoNaturalEarth1, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries50m from 'world-atlas/countries-50m.json';
import states10m from 'us-atlas/states-10m.json';
import worldCountries from 'world-countries';

export const WIDTH = 960;
export const HEIGHT = 500;

export const projection = geoNaturalEarth1().fitSize([WIDTH, HEIGHT], { type: 'Sphere' });
const path = geoPath(projection);

export function pathOf(shape: GeoPermissibleObjects): string {
  return path(shape) ?? '';
}

/** [x, y] on the map for a latitude/longitude, or null when it falls outside the projection. */
export function pointOf(latitude: number, longitude: number): [number, number] | null {
  return projection([longitude, latitude]);
}

// world-atlas names countries by ISO 3166-1 numeric code; the index uses alpha-2.
const ALPHA2_BY_NUMERIC = new Map(worldCountries.map((c) => [c.ccn3, c.cca2]));

// us-atlas names states by FIPS code; the index uses ISO 3166-2 (US-CA).
const US_POSTAL_BY_FIPS: Record<string, string> = {
  '01': 'AL',
  '02': 'AK',
  '04': 'AZ',
  '05': 'AR',
  '06': 'CA',
  '08': 'CO',
  '09': 'CT',
  '10': 'DE',
  '11': 'DC',
  '12': 'FL',
  '13': 'GA',
  '15': 'HI',
  '16': 'ID',
  '17': 'IL',
  '18': 'IN',
  '19': 'IA',
  '20': 'KS',
  '21': 'KY',
  '22': 'LA',
  '23': 'ME',
  '24': 'MD',
  '25': 'MA',
  '26': 'MI',
  '27': 'MN',
  '28': 'MS',
  '29': 'MO',
  '30': 'MT',
  '31': 'NE',
  '32': 'NV',
  '33': 'NH',
  '34': 'NJ',
  '35': 'NM',
  '36': 'NY',
  '37': 'NC',
  '38': 'ND',
  '39': 'OH',
  '40': 'OK',
  '41': 'OR',
  '42': 'PA',
  '44': 'RI',
  '45': 'SC',
  '46': 'SD',
  '47': 'TN',
  '48': 'TX',
  '49': 'UT',
  '50': 'VT',
  '51': 'VA',
  '53': 'WA',
  '54': 'WV',
  '55': 'WI',
  '56': 'WY',
  '60': 'AS',
  '66': 'GU',
  '69': 'MP',
  '72': 'PR',
  '78': 'VI',
};

export interface Shape {
  code: string | null;
  name: string;
  d: string;
}

/** One shape per code: features sharing a code (Australia and its Ashmore and Cartier Islands) become one path. */
function shapesOf(topology: Topology, object: string, codeOf: (id: string) => string | null): Shape[] {
  const collection = feature(topology, topology.objects[object] as GeometryCollection);
  const shapes: Shape[] = [];
  const byCode = new Map<string, Shape>();
  for (const f of collection.features as Feature<Geometry, { name?: string }>[]) {
    const code = f.id === undefined ? null : codeOf(String(f.id));
    const existing = code ? byCode.get(code) : undefined;
    if (existing) {
      existing.d += pathOf(f);
      continue;
    }
    const shape = { code, name: f.properties?.name ?? '', d: pathOf(f) };
    shapes.push(shape);
    if (code) byCode.set(code, shape);
  }
  return shapes;
}

let cache: { countries: Shape[]; usStates: Shape[]; sphere: string } | null = null;

/** Country and US state outlines, projected once per page load. */
export function shapes(): { countries: Shape[]; usStates: Shape[]; sphere: string } {
  cache ??= {
    countries: shapesOf(
      countries50m as unknown as Topology,
      'countries',
      (id) => ALPHA2_BY_NUMERIC.get(id) ?? null,
    ),
    usStates: shapesOf(states10m as unknown as Topology, 'states', (id) =>
      US_POSTAL_BY_FIPS[id] ? `US-${US_POSTAL_BY_FIPS[id]}` : null,
    ),
    sphere: pathOf({ type: 'Sphere' }),
  };
  return cache;
}

const PALETTE = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
  '#393b79',
  '#637939',
  '#8c6d31',
  '#843c39',
  '#7b4173',
  '#3182bd',
  '#e6550d',
  '#31a354',
  '#756bb1',
  '#636363',
];

/** One colour per region, by the region's position in the hub's (sorted) region list. */
export function regionColours(regions: readonly string[]): Map<string, string> {
  return new Map(regions.map((code, i) => [code, PALETTE[i % PALETTE.length]]));
}
