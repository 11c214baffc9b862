import { describe, expect, it } from 'vitest';
import { autoApplicable, DEFAULT_AUTO_APPLY_POLICY, describePolicy } from './auto-apply';

const s = (scope: string, savedMs: number, coverage: number) => ({ scope, savedMs, coverage });

describe(autoApplicable.name, () => {
  const suggestions = [s('NL', 40, 0.9), s('PE', 25, 0.5), s('BE', 8, 1), s('CA-BC', 20, 0.8)];

  it('applies nothing while the policy is off (the default)', () => {
    expect(DEFAULT_AUTO_APPLY_POLICY.enabled).toBe(false);
    expect(autoApplicable(suggestions, DEFAULT_AUTO_APPLY_POLICY)).toEqual([]);
  });

  it('applies only suggestions meeting both the ms and the evidence threshold (inclusive)', () => {
    const policy = { enabled: true, minSavedMs: 20, minCoverage: 0.8 };
    expect(autoApplicable(suggestions, policy).map((x) => x.scope)).toEqual(['NL', 'CA-BC']);
  });

  it('says in the reason which policy applied it', () => {
    expect(describePolicy({ enabled: true, minSavedMs: 20, minCoverage: 0.8 })).toBe(
      'auto-applied: policy ≥ 20 ms saved, ≥ 80 % covered',
    );
  });
});
