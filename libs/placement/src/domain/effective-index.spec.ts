import { describe, expect, it } from 'vitest';
import { buildEffectiveIndex, subdivisionCoverage } from './effective-index';
import type { IndexEntry } from './placement-index';

const entry = (scope: string, regions: string[]): IndexEntry => ({
  scope,
  name: scope,
  regions,
  source: 'geography',
  reason: 'nearest by geography',
});
const base = [
  entry('IE', ['eu-west-1', 'eu-west-2']),
  entry('IE-L', ['eu-west-1', 'eu-west-2']),
  entry('IE-M', ['eu-west-1', 'eu-west-2']),
  entry('IS', ['eu-west-1', 'eu-west-2']),
];

describe(buildEffectiveIndex.name, () => {
  it('applies a country override to its subdivision entries (IE-L no longer shadows IE)', () => {
    const sut = buildEffectiveIndex(base, [{ scope: 'IE', region: 'eu-west-2', reason: 'peering' }]);
    expect(sut.get('IE')).toMatchObject({ regions: ['eu-west-2', 'eu-west-1'], reason: 'override: peering' });
    expect(sut.get('IE-L')).toMatchObject({
      source: 'override',
      regions: ['eu-west-2', 'eu-west-1'],
      reason: 'override of IE: peering',
    });
    expect(sut.get('IE-M')!.regions[0]).toBe('eu-west-2');
    expect(sut.get('IS')!.source).toBe('geography');
  });

  it("keeps a subdivision's own override, whichever order the overrides come in", () => {
    const overrides = [
      { scope: 'IE-L', region: 'eu-west-1', reason: 'own' },
      { scope: 'IE', region: 'eu-west-2', reason: 'country' },
    ];
    for (const list of [overrides, [...overrides].reverse()]) {
      const sut = buildEffectiveIndex(base, list);
      expect(sut.get('IE-L')).toMatchObject({ regions: ['eu-west-1', 'eu-west-2'], reason: 'override: own' });
      expect(sut.get('IE-M')!.regions[0]).toBe('eu-west-2');
    }
  });

  it('creates an entry for an override whose scope the index lacks', () => {
    const sut = buildEffectiveIndex(base, [{ scope: 'IE-D', region: 'eu-west-2', reason: 'new' }]);
    expect(sut.get('IE-D')).toMatchObject({ regions: ['eu-west-2'], source: 'override' });
  });
});

describe(subdivisionCoverage.name, () => {
  it("lists the country's subdivision entries it covers and those with their own override", () => {
    const own = { scope: 'IE-L', region: 'eu-west-1', reason: 'own' };
    expect(subdivisionCoverage('IE', ['IE', 'IE-L', 'IE-M', 'IS'], [own])).toEqual({
      covered: ['IE-M'],
      ownOverride: [own],
    });
  });
});
