import { describe, expect, it } from 'vitest';
import { generateDefaultIndex, awsRegionSites } from './generate-default';
import { generateCentroidBaseline } from './centroid-baseline';
import { buildLocations } from './locations';

describe(generateCentroidBaseline.name, () => {
  const baseline = new Map(
    generateCentroidBaseline(buildLocations(), awsRegionSites()).map((e) => [e.scope, e]),
  );
  const weighted = new Map(generateDefaultIndex().entries.map((e) => [e.scope, e]));

  it('reproduces the classic mistakes the weighted index fixes', () => {
    expect(baseline.get('RU')!.regions[0]).toBe('ap-northeast-2');
    expect(weighted.get('RU')!.regions[0]).not.toBe('ap-northeast-2');
    expect(baseline.get('CA')!.regions[0]).not.toBe('ca-central-1');
    expect(weighted.get('CA')!.regions[0]).toBe('ca-central-1');
  });

  it('covers the same locations as the weighted index', () => {
    expect([...baseline.keys()].sort()).toEqual([...weighted.keys()].sort());
  });
});
