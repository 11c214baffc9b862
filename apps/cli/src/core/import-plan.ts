import type { EffectiveIndex, IndexEntry } from '@landfall/placement';
import type { Region } from '@landfall/regions';

export interface PlannedOverride {
  scope: string;
  /** The live index's first choice for the scope today (null: the live index has no entry). */
  from: string | null;
  to: string;
}

export interface ImportPlan {
  overrides: PlannedOverride[];
  skipped: { scope: string; why: string }[];
  unchanged: number;
}

/**
 * Which entries of an imported index need an override: those whose first region differs from the live index.
 * Entries naming a region the database does not have, or has disabled, are skipped (never half-applied).
 */
export function planImport(
  entries: readonly IndexEntry[],
  live: EffectiveIndex,
  regions: readonly Pick<Region, 'code' | 'status'>[],
): ImportPlan {
  const status = new Map(regions.map((r) => [r.code, r.status]));
  const plan: ImportPlan = { overrides: [], skipped: [], unchanged: 0 };
  for (const entry of entries) {
    const to = entry.regions[0];
    const from = live.get(entry.scope)?.regions[0] ?? null;
    if (from === to) {
      plan.unchanged++;
      continue;
    }
    const state = status.get(to);
    if (state === undefined) plan.skipped.push({ scope: entry.scope, why: `region "${to}" is unknown` });
    else if (state === 'disabled')
      plan.skipped.push({ scope: entry.scope, why: `region "${to}" is disabled` });
    else plan.overrides.push({ scope: entry.scope, from, to });
  }
  return plan;
}
