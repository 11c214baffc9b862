import { describe, expect, it } from 'vitest';
import { buildEffectiveIndex, type IndexEntry } from '@landfall/placement';
import { planImport } from './import-plan';

const entry = (scope: string, regions: string[]): IndexEntry => ({
  scope,
  name: scope,
  regions,
  source: 'geography',
  reason: 'test',
});

describe(planImport.name, () => {
  const live = buildEffectiveIndex([entry('GB', ['eu-west-2', 'eu-west-1']), entry('FR', ['eu-west-3'])]);
  const regions = [
    { code: 'eu-west-1', status: 'active' as const },
    { code: 'eu-west-2', status: 'active' as const },
    { code: 'eu-west-3', status: 'draining' as const },
    { code: 'us-east-1', status: 'disabled' as const },
  ];

  it('plans an override only where the first region differs, including scopes the live index lacks', () => {
    const sut = planImport(
      [entry('GB', ['eu-west-1']), entry('FR', ['eu-west-3', 'eu-west-1']), entry('IE', ['eu-west-1'])],
      live,
      regions,
    );
    expect(sut.overrides).toEqual([
      { scope: 'GB', from: 'eu-west-2', to: 'eu-west-1' },
      { scope: 'IE', from: null, to: 'eu-west-1' },
    ]);
    expect(sut.unchanged).toBe(1);
  });

  it('skips unknown and disabled regions, but not draining ones', () => {
    const sut = planImport(
      [entry('GB', ['us-east-1']), entry('DE', ['xx-nowhere-1']), entry('IE', ['eu-west-3'])],
      live,
      regions,
    );
    expect(sut.skipped).toEqual([
      { scope: 'GB', why: 'region "us-east-1" is disabled' },
      { scope: 'DE', why: 'region "xx-nowhere-1" is unknown' },
    ]);
    expect(sut.overrides).toEqual([{ scope: 'IE', from: null, to: 'eu-west-3' }]);
  });
});
