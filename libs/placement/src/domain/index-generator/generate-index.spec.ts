import { beforeAll, describe, expect, it } from 'vitest';
import type { IndexEntry } from '../placement-index';
import { awsRegionSites } from './generate-default';
import { generateIndex, rankRegionsByGeography } from './generate-index';
import { parseLatencyCsv } from './latency-table';
import { buildLocations, type PlacementLocation } from './locations';

let locations: PlacementLocation[];
let geographic: Map<string, IndexEntry>;
const regions = awsRegionSites();
const first = (scope: string) => geographic.get(scope)!.regions[0];

beforeAll(() => {
  locations = buildLocations();
  geographic = new Map(generateIndex({ locations, regions }).map((e) => [e.scope, e]));
});

describe(generateIndex.name, () => {
  it('sends Canada to ca-central-1, never to Oregon', () => {
    expect(first('CA')).toBe('ca-central-1');
    const order = geographic.get('CA')!.regions;
    expect(order.indexOf('us-west-2')).toBeGreaterThan(order.indexOf('ca-central-1'));
  });

  it('sends Russia to a European region, never to Seoul', () => {
    expect(['eu-north-1', 'eu-central-1']).toContain(first('RU'));
    expect(geographic.get('RU')!.regions.slice(0, 3)).not.toContain('ap-northeast-2');
  });

  it('splits big countries by subdivision', () => {
    expect(first('US-CA')).toBe('us-west-1');
    expect(first('US-WA')).toBe('us-west-2');
    expect(first('US-VA')).toBe('us-east-1');
    expect(first('CA-AB')).toBe('ca-west-1');
    expect(first('CA-BC')).toBe('ca-west-1');
    expect(first('CA-QC')).toBe('ca-central-1');
    expect(first('AU-VIC')).toBe('ap-southeast-4');
    expect(first('AU-NSW')).toBe('ap-southeast-2');
    expect(first('CH-GE')).toBe('eu-central-2');
    expect(first('IN-MH')).toBe('ap-south-1');
    expect(first('IN-TG')).toBe('ap-south-2');
    expect(first('JP-13')).toBe('ap-northeast-1');
    expect(first('JP-27')).toBe('ap-northeast-3');
  });

  it('gives every country the catalogue serves with several regions entries for its subdivisions', () => {
    const byCountry = new Map<string, Set<string>>();
    for (const r of regions)
      byCountry.set(r.countryCode!, (byCountry.get(r.countryCode!) ?? new Set()).add(r.code));
    const multi = [...byCountry].filter(([, codes]) => codes.size > 1).map(([country]) => country);
    expect(multi).toEqual(expect.arrayContaining(['US', 'CA', 'AU', 'IN', 'JP']));
    for (const country of multi) {
      const subdivisions = [...geographic.keys()].filter((s) => s.startsWith(`${country}-`));
      expect(subdivisions.length, country).toBeGreaterThanOrEqual(8);
      // And they disagree with the country-level rule somewhere: otherwise they would be useless.
      const firsts = new Set(subdivisions.map(first));
      expect(firsts.size, country).toBeGreaterThan(1);
    }
  });

  it("applies a country override to that country's subdivisions unless they have their own", () => {
    const entries = new Map(
      generateIndex({
        locations,
        regions,
        overrides: [
          { scope: 'IN', region: 'ap-southeast-1', reason: 'test contract' },
          { scope: 'IN-TN', region: 'ap-south-2', reason: 'test own' },
        ],
      }).map((e) => [e.scope, e]),
    );
    expect(entries.get('IN-MH')).toMatchObject({
      source: 'override',
      reason: 'override of IN: test contract',
      regions: expect.arrayContaining(['ap-south-1']),
    });
    expect(entries.get('IN-MH')!.regions[0]).toBe('ap-southeast-1');
    expect(entries.get('IN-TN')).toMatchObject({ source: 'override', reason: 'override: test own' });
    expect(entries.get('IN-TN')!.regions[0]).toBe('ap-south-2');
    expect(entries.get('JP-27')!.source).toBe('geography');
  });

  it.each([
    ['DE', 'eu-central-1'],
    ['JP', 'ap-northeast-1'],
    ['BR', 'sa-east-1'],
    ['ZA', 'af-south-1'],
    ['GB', 'eu-west-2'],
    ['IE', 'eu-west-1'],
    ['NZ', 'ap-southeast-6'],
  ])('places %s in %s', (scope, region) => {
    expect(first(scope)).toBe(region);
  });

  it('covers every world-countries country and every US state with the full region list', () => {
    const scopes = new Set(geographic.keys());
    expect([...scopes].filter((s) => /^[A-Z]{2}$/.test(s)).length).toBe(250);
    expect([...scopes].filter((s) => s.startsWith('US-')).length).toBeGreaterThanOrEqual(51);
    for (const entry of geographic.values())
      expect([...entry.regions].sort()).toEqual(regions.map((r) => r.code).sort());
  });

  it('keeps locations in their own country when it has a region', () => {
    for (const [scope, region] of [
      ['US-MA', 'us-east-1'],
      ['US-TX', 'us-east-2'],
      ['US-MT', 'us-west-2'],
      ['US-AK', 'us-west-2'],
      ['CA-BC', 'ca-west-1'],
      ['GB-SCT', 'eu-west-2'],
      ['DE-BW', 'eu-central-1'],
    ]) {
      expect([scope, first(scope)]).toEqual([scope, region]);
    }
    expect(geographic.get('CA-BC')!.reason).toMatch(/^nearest in-country region: \d+ km to ca-west-1/);
  });

  it('can turn the same-country preference off (pure geography)', () => {
    const sut = generateIndex({ locations, regions, preferSameCountry: false });
    const bc = sut.find((e) => e.scope === 'CA-BC')!;
    const massachusetts = sut.find((e) => e.scope === 'US-MA')!;
    // Vancouver really is nearer to Oregon than to Calgary, and Boston nearer to Montreal than Virginia.
    expect(bc.regions.slice(0, 2)).toEqual(['us-west-2', 'ca-west-1']);
    expect(massachusetts.regions[0]).toBe('ca-central-1');
    expect(bc.reason).toMatch(/^nearest by geography/);
  });

  it('explains geographic choices', () => {
    expect(geographic.get('DE')).toMatchObject({
      source: 'geography',
      reason: expect.stringMatching(
        /^nearest by geography: \d+ km to eu-central-1 \(population-weighted mean over 200 cities\)$/,
      ),
    });
  });

  it('falls back to the centroid for places without city data', () => {
    const withoutCities = locations.find((l) => l.basis === 'centroid')!;
    expect(withoutCities.points).toHaveLength(1);
    expect(geographic.get(withoutCities.code)!.reason).toMatch(/country centroid/);
  });

  it('puts latency-measured regions first when they have enough samples', () => {
    const latency = parseLatencyCsv(
      'location,region,median_rtt_ms,sample_count\nDE,eu-west-1,18,100\nDE,eu-central-2,12,100\nDE,eu-north-1,5,3\n',
    );
    const sut = generateIndex({ locations, regions, latency, minSamples: 30 }).find((e) => e.scope === 'DE')!;
    expect(sut.regions.slice(0, 3)).toEqual(['eu-central-2', 'eu-west-1', 'eu-central-1']);
    expect(sut).toMatchObject({
      source: 'latency',
      reason: 'measured median RTT 12 ms to eu-central-2 (100 samples)',
    });
  });

  it('ignores latency rows for inactive regions', () => {
    const latency = [{ scope: 'DE', region: 'xx-gone-1', medianRttMs: 1, sampleCount: 999 }];
    expect(generateIndex({ locations, regions, latency }).find((e) => e.scope === 'DE')!.source).toBe(
      'geography',
    );
  });

  it('applies overrides ahead of latency and geography, with the reason', () => {
    const sut = generateIndex({
      locations,
      regions,
      overrides: [{ scope: 'DE', region: 'eu-west-3', reason: 'customer contract' }],
    }).find((e) => e.scope === 'DE')!;
    expect(sut.regions[0]).toBe('eu-west-3');
    expect(sut.regions.filter((r) => r === 'eu-west-3')).toHaveLength(1);
    expect(sut).toMatchObject({ source: 'override', reason: 'override: customer contract' });
  });

  it('skips an override to an inactive region and says so', () => {
    const sut = generateIndex({
      locations,
      regions: regions.filter((r) => r.code !== 'eu-west-3'),
      overrides: [{ scope: 'DE', region: 'eu-west-3', reason: 'customer contract' }],
    }).find((e) => e.scope === 'DE')!;
    expect(sut.regions[0]).toBe('eu-central-1');
    expect(sut.reason).toMatch(/override to eu-west-3 skipped: region not active/);
  });

  it('rejects overrides for unknown scopes and an empty region list', () => {
    expect(() =>
      generateIndex({ locations, regions, overrides: [{ scope: 'ZZ', region: 'eu-west-1', reason: 'x' }] }),
    ).toThrow(/unknown scope "ZZ"/);
    expect(() => generateIndex({ locations, regions: [] })).toThrow(
      expect.objectContaining({ code: 'PLACEMENT.NO_ACTIVE_REGIONS' }),
    );
  });

  it('only uses active regions (draining ones are excluded by the caller)', () => {
    const sut = generateIndex({ locations, regions: regions.filter((r) => r.code !== 'ca-central-1') });
    expect(sut.find((e) => e.scope === 'CA')!.regions).not.toContain('ca-central-1');
  });

  it('is deterministic and breaks distance ties by region code', () => {
    const twin = [
      { code: 'b-region', latitude: 10, longitude: 10, weight: 1 },
      { code: 'a-region', latitude: 10, longitude: 10, weight: 1 },
    ];
    const place = {
      code: 'XX',
      name: 'X',
      basis: 'cities' as const,
      points: [{ latitude: 0, longitude: 0, weight: 1 }],
    };
    expect(rankRegionsByGeography(place, twin).map((r) => r.code)).toEqual(['a-region', 'b-region']);
    expect(generateIndex({ locations, regions })).toEqual([...geographic.values()]);
  });
});
