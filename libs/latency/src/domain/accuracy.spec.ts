import { describe, expect, it } from 'vitest';
import { isNearBest, placementAccuracy, type AccuracySample } from './accuracy';

const sample = (appliance: string, region: string, rttMs: number, countryCode = 'NL', measuredAt = 1) =>
  ({ appliance, region, rttMs, countryCode, measuredAt }) satisfies AccuracySample;

describe(isNearBest.name, () => {
  it('uses max(5 ms, 10 %) of the best', () => {
    expect(isNearBest(14, 10)).toBe(true);
    expect(isNearBest(16, 10)).toBe(false);
    expect(isNearBest(215, 200)).toBe(true);
    expect(isNearBest(221, 200)).toBe(false);
  });
});

describe(placementAccuracy.name, () => {
  it('scores each live backup by its region against the appliance’s best measured one', () => {
    const sut = placementAccuracy(
      [
        sample('a', 'eu-central-1', 15),
        sample('a', 'eu-west-2', 8),
        sample('b', 'eu-central-1', 12),
        sample('b', 'eu-west-2', 30),
        sample('c', 'us-east-1', 90, 'PE'),
        sample('c', 'sa-east-1', 130, 'PE'),
      ],
      [
        { appliance: 'a', region: 'eu-central-1' },
        { appliance: 'b', region: 'eu-central-1' },
        { appliance: 'c', region: 'sa-east-1' },
      ],
    );
    // a: 15 vs 8 (7 ms > 5 ms: not near-best); b: at its best; c: 40 ms over Virginia.
    expect(sut).toMatchObject({ placements: 3, nearBest: 1, nearBestShare: 0.333, meanExcessMs: 15.7 });
    expect(sut.byRegion).toEqual([
      expect.objectContaining({ region: 'eu-central-1', placements: 2, nearBest: 1, meanExcessMs: 3.5 }),
      expect.objectContaining({ region: 'sa-east-1', placements: 1, nearBest: 0, meanExcessMs: 40 }),
    ]);
    expect(sut.byCountry).toEqual([
      expect.objectContaining({ country: 'NL', placements: 2, nearBestShare: 0.5 }),
      expect.objectContaining({ country: 'PE', placements: 1, nearBestShare: 0 }),
    ]);
  });

  it('uses each appliance’s median per region, so one wild sample does not decide', () => {
    const samples = [
      sample('a', 'eu-west-2', 8),
      sample('a', 'eu-west-2', 9),
      sample('a', 'eu-west-2', 900),
      sample('a', 'eu-central-1', 15),
    ];
    const sut = placementAccuracy(samples, [{ appliance: 'a', region: 'eu-west-2' }]);
    expect(sut).toMatchObject({ placements: 1, nearBest: 1, meanExcessMs: 0 });
  });

  it('counts a current region the appliance never measured instead of guessing', () => {
    const sut = placementAccuracy(
      [sample('a', 'eu-west-2', 8)],
      [
        { appliance: 'a', region: 'ap-south-1' },
        { appliance: 'z', region: 'eu-west-2' },
      ],
    );
    expect(sut).toMatchObject({ placements: 0, unmeasured: 1, nearBestShare: null, meanExcessMs: null });
  });

  it('scores two backups of one appliance in one region once', () => {
    const samples = [sample('a', 'eu-west-2', 8), sample('a', 'eu-central-1', 40)];
    const p = { appliance: 'a', region: 'eu-central-1' };
    expect(placementAccuracy(samples, [p, p]).placements).toBe(1);
  });

  it('reports a trimmed mean that a few extreme excesses cannot set', () => {
    const samples: AccuracySample[] = [];
    const placements = [];
    for (let i = 0; i < 10; i++) {
      samples.push(sample(`x${i}`, 'eu-west-2', 10), sample(`x${i}`, 'eu-central-1', i === 9 ? 1010 : 12));
      placements.push({ appliance: `x${i}`, region: 'eu-central-1' });
    }
    const sut = placementAccuracy(samples, placements);
    expect(sut.meanExcessMs).toBe(101.8);
    expect(sut.trimmedMeanExcessMs).toBe(2);
  });
});
