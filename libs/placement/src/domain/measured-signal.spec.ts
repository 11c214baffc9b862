import type { GeoLocation } from '@landfall/geoip';
import { LatencyEstimator, type LatencyObservation } from '@landfall/latency';
import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import { buildEffectiveIndex } from './effective-index';
import { PlacementEnvironment, type PlacementRegionState } from './placement-environment';

const NOW = Date.UTC(2026, 11, 1);
const regions: PlacementRegionState[] = [
  { code: 'us-west-2', latitude: 45.84, longitude: -119.7, weight: 1, status: 'active' },
  { code: 'ca-central-1', latitude: 45.5, longitude: -73.57, weight: 1, status: 'active' },
  { code: 'us-east-1', latitude: 39.04, longitude: -77.49, weight: 1, status: 'active' },
];
const index = (overrides: Array<{ scope: string; region: string; reason: string }> = []) =>
  buildEffectiveIndex(
    [
      {
        scope: 'CA',
        name: 'Canada',
        regions: ['ca-central-1', 'us-east-1', 'us-west-2'],
        source: 'geography',
        reason: 'in-country',
      },
      {
        scope: 'CA-BC',
        name: 'British Columbia',
        regions: ['ca-central-1', 'us-west-2'],
        source: 'geography',
        reason: 'in-country',
      },
    ],
    overrides,
  );
/** Vancouver-area appliances on different networks: Oregon ~ 20 ms, Montreal ~ 65 ms. */
const vancouverReports: LatencyObservation[] = [
  [49.28, -123.12],
  [49.17, -123.14],
  [49.25, -122.98],
  [49.1, -122.8],
].flatMap(([latitude, longitude], i) =>
  (
    [
      ['us-west-2', 20 + i],
      ['ca-central-1', 65 + i],
      ['us-east-1', 70 + i],
    ] as const
  ).map(([region, rttMs]) => ({
    latitude,
    longitude,
    accuracyKm: 20,
    countryCode: 'CA',
    reporter: `a${i}`,
    network: `10.0.${i}.0/24`,
    region,
    rttMs,
    samples: 3,
    measuredAt: NOW - 3_600_000,
  })),
);
const estimator = (reports = vancouverReports) => new LatencyEstimator(regions, reports, NOW);
const burnaby: GeoLocation = {
  countryCode: 'CA',
  subdivisionCode: 'CA-BC',
  latitude: 49.24,
  longitude: -122.97,
  accuracyRadiusKm: 20,
  city: 'Burnaby',
};
const env = (
  options: {
    reports?: LatencyObservation[];
    measured?: boolean;
    overrides?: Parameters<typeof index>[0];
  } = {},
) =>
  new PlacementEnvironment({
    regions,
    index: index(options.overrides),
    estimator: estimator(options.reports),
    signals: { measured: options.measured ?? true },
  });

describe('the measured signal', () => {
  it('orders candidates by estimated RTT where confident, and explains the evidence', () => {
    const decision = decide({ applianceId: 'x', geo: burnaby }, env());
    expect(decision).toMatchObject({ signal: 'measured', region: 'us-west-2' });
    expect(decision.candidates).toEqual(['us-west-2', 'ca-central-1', 'us-east-1']);
    expect(decision.measured?.summary).toMatch(
      /^us-west-2 ≈ 2\d ms, ca-central-1 ≈ 6\d ms, .*from 4 reporters within \d+ km, newest 1 h old$/,
    );
  });

  it('can be switched off: the index decides again', () => {
    const decision = decide({ applianceId: 'x', geo: burnaby }, env({ measured: false }));
    expect(decision).toMatchObject({ signal: 'geoip-subdivision', region: 'ca-central-1' });
    expect(decision.measured).toBeUndefined();
  });

  it('falls through to the index without evidence, for imprecise locations and for sticky backups', () => {
    const toronto = { ...burnaby, subdivisionCode: 'CA-ON', latitude: 43.65, longitude: -79.38 };
    expect(decide({ applianceId: 'x', geo: toronto }, env()).signal).toBe('geoip-country');
    const vague = { ...burnaby, accuracyRadiusKm: 1000 };
    expect(decide({ applianceId: 'x', geo: vague }, env()).signal).toBe('geoip-country');
    const sticky = decide({ applianceId: 'x', geo: burnaby, existingBackupRegion: 'ca-central-1' }, env());
    expect(sticky).toMatchObject({ signal: 'existing-backup', region: 'ca-central-1' });
  });

  it('keeps the index choice when it is near-best, and an operator override always stands', () => {
    const close = vancouverReports.map((r) => (r.region === 'us-west-2' ? { ...r, rttMs: r.rttMs + 46 } : r));
    const near = decide({ applianceId: 'x', geo: burnaby }, env({ reports: close }));
    expect(near).toMatchObject({ signal: 'geoip-subdivision', region: 'ca-central-1' });
    expect(near.reasons.some((r) => r.includes('near-best'))).toBe(true);
    expect(near.measured).toBeDefined();
    const overridden = decide(
      { applianceId: 'x', geo: burnaby },
      env({ overrides: [{ scope: 'CA-BC', region: 'ca-central-1', reason: 'data residency' }] }),
    );
    expect(overridden).toMatchObject({ signal: 'geoip-subdivision', region: 'ca-central-1' });
  });
});
