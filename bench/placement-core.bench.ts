import { normaliseGeoRecord, SubdivisionNameIndex } from '@landfall/geoip';
import { bench, describe } from 'vitest';
import defaultIndex from '../data/placement/default-index.json';
import { decide } from '../libs/placement/src/domain/decide';
import { buildEffectiveIndex } from '../libs/placement/src/domain/effective-index';
import { AWS_REGIONS } from '../libs/placement/src/domain/index-generator/generate-default';
import { PlacementEnvironment } from '../libs/placement/src/domain/placement-environment';
import type { IndexEntry } from '../libs/placement/src/domain/placement-index';

const env = new PlacementEnvironment({
  regions: AWS_REGIONS.map((r) => ({ ...r, weight: 1, status: 'active' as const })),
  index: buildEffectiveIndex(defaultIndex.entries as IndexEntry[]),
});
const names = new SubdivisionNameIndex();
const records = [
  { country_code: 'US', state1: 'California', latitude: 37.42, longitude: -122.08, city: 'Mountain View' },
  { country_code: 'DE', state1: 'Saxony', latitude: 50.47, longitude: 12.36, city: 'Falkenstein' },
  { country_code: 'RU', state1: 'Moscow', latitude: 55.73, longitude: 37.58, city: 'Moscow' },
];
let i = 0;

describe('placement core', () => {
  bench('normalise DB-IP record', () => {
    normaliseGeoRecord(records[i++ % 3], names);
  });
  bench('normalise + decide (GeoIP path)', () => {
    decide({ applianceId: 'a', geo: normaliseGeoRecord(records[i++ % 3], names) }, env);
  });
});
