import type { IndexSuggestion } from './suggestions';

/** Suggestions at or above these become overrides without review, when enabled. */
export interface AutoApplyPolicy {
  enabled: boolean;
  /** Expected ms saved per round trip. */
  minSavedMs: number;
  /** Share (0..1) of the entry's biggest places' people with confident estimates. */
  minCoverage: number;
}

/** Off until an operator turns it on; the thresholds are what an operator starts from. */
export const DEFAULT_AUTO_APPLY_POLICY: Readonly<AutoApplyPolicy> = Object.freeze({
  enabled: false,
  minSavedMs: 20,
  minCoverage: 0.8,
});

/** The suggestions a policy applies: none when off; otherwise those meeting both thresholds. */
export function autoApplicable<T extends Pick<IndexSuggestion, 'savedMs' | 'coverage'>>(
  suggestions: readonly T[],
  policy: AutoApplyPolicy,
): T[] {
  if (!policy.enabled) return [];
  return suggestions.filter((s) => s.savedMs >= policy.minSavedMs && s.coverage >= policy.minCoverage);
}

export function describePolicy(policy: AutoApplyPolicy): string {
  return `auto-applied: policy ≥ ${policy.minSavedMs} ms saved, ≥ ${Math.round(policy.minCoverage * 100)} % covered`;
}
