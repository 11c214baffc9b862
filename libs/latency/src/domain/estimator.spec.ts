import { describe, expect, it } from 'vitest';
import { decay, LatencyEstimator, weightedMedian, type LatencyObservation } from './estimator';
import { networkOf } from './network';
import { greatCircleKm, minimumRttMs } from './physics';

const NOW = Date.UTC(2026, 11, 1);
const DAY = 86_400_000;
const REGIONS = [
  { code: 'eu-west-2', latitude: 51.51, longitude: -0.13 }, // London
  { code: 'eu-central-1', latitude: 50.11, longitude: 8.68 }, // Frankfurt
];
/** Amsterdam-area places, ~20-60 km apart. */
const PLACES = [
  { latitude: 52.37, longitude: 4.9 },
  { latitude: 52.09, longitude: 5.12 },
  { latitude: 51.92, longitude: 4.48 },
  { latitude: 52.16, longitude: 4.49 },
  { latitude: 52.08, longitude: 4.3 },
];

function obs(
  partial: Partial<LatencyObservation> & Pick<LatencyObservation, 'reporter' | 'region' | 'rttMs'>,
) {
  return {
    latitude: 52.37,
    longitude: 4.9,
    accuracyKm: 20,
    countryCode: 'NL',
    network: `net-${partial.reporter}`,
    samples: 3,
    measuredAt: NOW - DAY,
    ...partial,
  } satisfies LatencyObservation;
}

/** Dutch reporters that find London (8 ms) faster than Frankfurt (15 ms), against geography. */
function dutchReports(): LatencyObservation[] {
  return PLACES.flatMap((place, i) => [
    obs({ ...place, reporter: `a${i}`, region: 'eu-west-2', rttMs: 8 + (i % 2) }),
    obs({ ...place, reporter: `a${i}`, region: 'eu-central-1', rttMs: 15 + (i % 3) }),
  ]);
}

describe('LatencyEstimator', () => {
  it('generalises: a place with no report of its own gets the measured order of places near it', () => {
    const estimator = new LatencyEstimator(REGIONS, dutchReports(), NOW);
    // Delft, not itself a reporter.
    const query = { latitude: 52.01, longitude: 4.36, countryCode: 'NL' };
    const [best, second] = estimator.estimate(query).regions;
    expect(best).toMatchObject({ region: 'eu-west-2', basis: 'measured', reporters: 5 });
    expect(best.confidence).toBeGreaterThan(0.8);
    expect(best.rttMs).toBeGreaterThan(6);
    expect(best.rttMs).toBeLessThan(12);
    expect(second.region).toBe('eu-central-1');
    // Without reports the same place gets the geography model only, with no confidence.
    const blind = new LatencyEstimator(REGIONS, [], NOW).estimate(query).regions;
    expect(blind.every((r) => r.basis === 'geography' && r.confidence === 0)).toBe(true);
  });

  it('corrects a neighbour for the difference in distance to the region', () => {
    // One reporter at Amsterdam: 10 ms to Frankfurt. A caller 300 km farther from Frankfurt should read higher.
    const reports = PLACES.slice(0, 3).map((p, i) =>
      obs({ ...p, reporter: `r${i}`, region: 'eu-central-1', rttMs: 10 }),
    );
    const estimator = new LatencyEstimator(REGIONS, reports, NOW, { radiusKm: 2000 });
    const near = estimator
      .estimate({ latitude: 52.2, longitude: 4.8 })
      .regions.find((r) => r.region === 'eu-central-1')!;
    const far = estimator
      .estimate({ latitude: 53.2, longitude: 6.57 })
      .regions.find((r) => r.region === 'eu-central-1')!;
    expect(far.rttMs).toBeGreaterThan(near.rttMs);
  });

  it('falls back to geography where evidence is thin, with no confidence', () => {
    const estimator = new LatencyEstimator(REGIONS, dutchReports(), NOW);
    const lisbon = estimator.estimate({ latitude: 38.72, longitude: -9.14, countryCode: 'PT' });
    expect(lisbon.regions.map((r) => [r.region, r.basis, r.confidence])).toEqual([
      ['eu-west-2', 'geography', 0],
      ['eu-central-1', 'geography', 0],
    ]);
    // Two reporters are below the minimum of three: measured values, but not confident.
    const two = new LatencyEstimator(
      REGIONS,
      dutchReports().filter((o) => ['a0', 'a1'].includes(o.reporter)),
      NOW,
    );
    expect(two.estimate({ latitude: 52.3, longitude: 4.8 }).regions.every((r) => r.confidence === 0)).toBe(
      true,
    );
  });

  it('caps one appliance: a thousand samples from one reporter do not outvote three others', () => {
    const honest = PLACES.slice(0, 3).map((p, i) =>
      obs({ ...p, reporter: `h${i}`, region: 'eu-west-2', rttMs: 9 }),
    );
    const loud = Array.from({ length: 1000 }, (_, i) =>
      obs({ reporter: 'loud', region: 'eu-west-2', rttMs: 90, samples: 50, measuredAt: NOW - i * 1000 }),
    );
    const estimate = new LatencyEstimator(REGIONS, [...honest, ...loud], NOW)
      .estimate({ latitude: 52.2, longitude: 4.7, countryCode: 'NL' })
      .regions.find((r) => r.region === 'eu-west-2')!;
    expect(estimate.rttMs).toBeLessThan(15);
    expect(estimate.reporters).toBe(4);
  });

  it('caps one network: fifty appliances on one /24 weigh as one', () => {
    const honest = PLACES.slice(0, 3).map((p, i) =>
      obs({ ...p, reporter: `h${i}`, region: 'eu-west-2', rttMs: 9 }),
    );
    const sybils = Array.from({ length: 50 }, (_, i) =>
      obs({ reporter: `s${i}`, network: '198.51.100.0/24', region: 'eu-west-2', rttMs: 200 }),
    );
    // Even when every neighbour slot could go to the flood (all at one point, k = 60), its weight is one.
    const wide = new LatencyEstimator(REGIONS, [...honest, ...sybils], NOW, {
      neighbours: 60,
      maxSitesPerNetwork: 60,
    });
    const estimate = wide.estimate({ latitude: 52.2, longitude: 4.7, countryCode: 'NL' }).regions[0];
    expect(estimate.region).toBe('eu-west-2');
    expect(estimate.rttMs).toBeLessThan(15);
    // With the defaults the flood also takes at most two of the k slots: the honest reporters stay in view.
    const sameSpot = [...honest.map((h) => ({ ...h, latitude: 52.37, longitude: 4.9 })), ...sybils];
    const capped = new LatencyEstimator(REGIONS, sameSpot, NOW).estimate({ latitude: 52.37, longitude: 4.9 });
    expect(capped.regions[0]).toMatchObject({ region: 'eu-west-2', reporters: 5, networks: 4 });
    expect(capped.regions[0].rttMs).toBeLessThan(15);
    // Alone, one network never makes a confident estimate.
    const alone = new LatencyEstimator(REGIONS, sybils, NOW).estimate({ latitude: 52.2, longitude: 4.7 });
    expect(alone.regions.every((r) => r.confidence === 0)).toBe(true);
  });

  it('decays old reports: newer measurements win, and reports past the maximum age are ignored', () => {
    const old = PLACES.slice(0, 3).map((p, i) =>
      obs({ ...p, reporter: `o${i}`, region: 'eu-west-2', rttMs: 40, measuredAt: NOW - 60 * DAY }),
    );
    const fresh = PLACES.slice(2, 5).map((p, i) =>
      obs({ ...p, reporter: `f${i}`, region: 'eu-west-2', rttMs: 9, measuredAt: NOW - DAY }),
    );
    const estimate = new LatencyEstimator(REGIONS, [...old, ...fresh], NOW)
      .estimate({ latitude: 52.1, longitude: 4.7, countryCode: 'NL' })
      .regions.find((r) => r.region === 'eu-west-2')!;
    expect(estimate.rttMs).toBeLessThan(15);
    const expired = new LatencyEstimator(REGIONS, old, NOW, { maxAgeDays: 30 });
    expect(expired.observationCount).toBe(0);
    // Within one reporter, too: its value follows its recent samples.
    expect(decay(14 * DAY, 14)).toBeCloseTo(0.5);
    expect(decay(-DAY, 14)).toBe(1);
  });

  it('drops physically impossible samples (faster than light in fibre for the distance)', () => {
    // Amsterdam -> Frankfurt is ~360 km: with 20 km accuracy at least ~3.4 ms.
    const km = greatCircleKm(52.37, 4.9, 50.11, 8.68);
    expect(minimumRttMs(km, 20)).toBeCloseTo((2 * (km - 20)) / 200);
    const lies = PLACES.map((p, i) => obs({ ...p, reporter: `l${i}`, region: 'eu-central-1', rttMs: 0.5 }));
    const estimator = new LatencyEstimator(REGIONS, [...dutchReports(), ...lies], NOW);
    expect(estimator.observationCount).toBe(dutchReports().length);
    expect(estimator.estimate({ latitude: 52.2, longitude: 4.7, countryCode: 'NL' }).regions[0].region).toBe(
      'eu-west-2',
    );
  });

  it('memoises per place and never changes once built', () => {
    const estimator = new LatencyEstimator(REGIONS, dutchReports(), NOW);
    const a = estimator.estimate({ latitude: 52.2, longitude: 4.7, countryCode: 'NL' });
    expect(estimator.estimate({ latitude: 52.2, longitude: 4.7, countryCode: 'NL' })).toBe(a);
    expect(Object.isFrozen(a.regions)).toBe(true);
  });
});

describe('weightedMedian', () => {
  it('is robust to one extreme value and respects weights', () => {
    expect(weightedMedian([1, 2, 3, 1000].map((value) => ({ value, weight: 1 })))).toBe(2);
    expect(
      weightedMedian([
        { value: 5, weight: 3 },
        { value: 100, weight: 1 },
      ]),
    ).toBe(5);
  });
});

describe('networkOf', () => {
  it('is the /24 of IPv4 and the /48 of IPv6', () => {
    expect(networkOf('81.2.69.142')).toBe('81.2.69.0/24');
    expect(networkOf('::ffff:81.2.69.142')).toBe('81.2.69.0/24');
    expect(networkOf('2001:db8:abcd:12::1')).toBe('2001:db8:abcd::/48');
    expect(networkOf('2001:db8::1')).toBe('2001:db8:0::/48');
    expect(networkOf('not an ip')).toBeNull();
  });
});
