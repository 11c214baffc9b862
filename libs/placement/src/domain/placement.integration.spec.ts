import { normaliseGeoRecord, SubdivisionNameIndex } from '@landfall/geoip';
import { describe, expect, it } from 'vitest';
import defaultIndex from '../../../../data/placement/default-index.json';
import { resolveClientAddress, TrustedProxies } from './client-address';
import { decide } from './decide';
import { buildEffectiveIndex } from './effective-index';
import { AWS_REGIONS } from './index-generator/generate-default';
import { PlacementEnvironment } from './placement-environment';
import type { IndexEntry } from './placement-index';

const env = new PlacementEnvironment({
  regions: AWS_REGIONS.map((r) => ({ ...r, weight: 1, status: 'active' as const })),
  index: buildEffectiveIndex(defaultIndex.entries as IndexEntry[]),
});
const names = new SubdivisionNameIndex();
const trusted = TrustedProxies.fromCidrs(['10.0.0.0/8']);

/** Records as the shipped DB-IP Lite mmdb returns them for real addresses. */
const dbip = {
  toronto: { city: 'Toronto', country_code: 'CA', latitude: 43.6715, longitude: -79.38, state1: 'Ontario' },
  moscow: { city: 'Moscow', country_code: 'RU', latitude: 55.7342, longitude: 37.5859, state1: 'Moscow' },
  mountainView: {
    city: 'Mountain View',
    country_code: 'US',
    latitude: 37.422,
    longitude: -122.085,
    state1: 'California',
  },
  falkenstein: {
    city: 'Falkenstein',
    country_code: 'DE',
    latitude: 50.475,
    longitude: 12.365,
    state1: 'Saxony',
  },
  vancouver: {
    city: 'Vancouver',
    country_code: 'CA',
    latitude: 49.26,
    longitude: -123.11,
    state1: 'British Columbia',
  },
};

describe('placement with the shipped default index', () => {
  it.each([
    ['toronto', 'ca-central-1', 'geoip-subdivision'],
    ['moscow', 'eu-north-1', 'geoip-country'],
    ['mountainView', 'us-west-1', 'geoip-subdivision'],
    ['falkenstein', 'eu-central-1', 'geoip-subdivision'],
    ['vancouver', 'ca-west-1', 'geoip-subdivision'],
  ] as const)('places a %s client in %s', (place, region, signal) => {
    const client = resolveClientAddress({ peerAddress: '10.1.1.1', xForwardedFor: '198.51.100.20' }, trusted);
    const decision = decide({ applianceId: place, client, geo: normaliseGeoRecord(dbip[place], names) }, env);
    expect(decision).toMatchObject({ region, signal });
  });
});
