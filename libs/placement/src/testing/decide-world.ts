import type { GeoLocation } from '@landfall/geoip';
import { CloudIpRanges } from '../domain/cloud-ip-ranges';
import { decide, type PlacementContext } from '../domain/decide';
import { buildEffectiveIndex } from '../domain/effective-index';
import { AWS_REGIONS } from '../domain/index-generator/generate-default';
import { parseIp } from '../domain/ip-address';
import {
  PlacementEnvironment,
  type PlacementRegionState,
  type PlacementSignals,
} from '../domain/placement-environment';
import type { IndexEntry } from '../domain/placement-index';

// The world decide.spec.ts decides in: six regions in every status, a small index with one override, two cloud ranges.

const status: Record<string, PlacementRegionState['status']> = {
  'us-east-1': 'active',
  'us-west-2': 'active',
  'ca-central-1': 'active',
  'eu-central-1': 'active',
  'eu-west-1': 'draining',
  'ap-southeast-2': 'disabled',
};
const regions: PlacementRegionState[] = AWS_REGIONS.filter((r) => r.code in status).map((r) => ({
  code: r.code,
  latitude: r.latitude,
  longitude: r.longitude,
  weight: r.code === 'us-east-1' ? 3 : 1,
  status: status[r.code],
}));
const entry = (scope: string, order: string[]): IndexEntry => ({
  scope,
  name: scope,
  regions: order,
  source: 'geography',
  reason: `nearest to ${scope}`,
});
const index = buildEffectiveIndex(
  [
    entry('US', ['us-east-1', 'us-west-2', 'ca-central-1']),
    entry('US-CA', ['us-west-1', 'us-west-2', 'us-east-1']),
    entry('DE', ['eu-central-1', 'eu-west-1']),
    entry('IE', ['eu-west-1', 'eu-central-1']),
    entry('CA', ['us-west-2', 'ca-central-1']),
    entry('AU', ['ap-southeast-2']),
  ],
  [{ scope: 'CA', region: 'ca-central-1', reason: 'data residency' }],
);
const cloudRanges = CloudIpRanges.fromAwsIpRanges({
  prefixes: [
    { ip_prefix: '52.94.76.0/22', region: 'us-west-2' },
    { ip_prefix: '52.95.0.0/16', region: 'eu-west-1' },
  ],
  ipv6_prefixes: [{ ipv6_prefix: '2a05:d014::/36', region: 'eu-central-1' }],
});
export const env = (signals: Partial<PlacementSignals> = {}) =>
  new PlacementEnvironment({ regions, index, cloudRanges, signals });
const sutEnv = env();

export const geo = (patch: Partial<GeoLocation> = {}): GeoLocation => ({
  countryCode: 'US',
  subdivisionCode: 'US-CA',
  latitude: 37.39,
  longitude: -122.08,
  accuracyRadiusKm: 20,
  city: 'Mountain View',
  ...patch,
});
export const client = (ip: string, viaCdn = false) => ({ parsed: parseIp(ip), viaCdn });
/** A context where every signal is present, so each test removes what it needs. */
export const full: PlacementContext = {
  applianceId: 'appliance-1',
  existingBackupRegion: 'us-east-1',
  appliancePin: { region: 'eu-central-1', reason: 'customer asked' },
  accountPin: { region: 'ca-central-1', reason: 'account policy' },
  regionHint: 'us-west-2',
  client: client('52.94.77.7', true),
  cdn: { cfIpCountry: 'DE', cfRay: '8a1b2c3d4e5f6789-YUL' },
  geo: geo(),
};
export const sut = (context: Partial<PlacementContext>, environment = sutEnv) =>
  decide({ applianceId: 'appliance-1', ...context }, environment);
