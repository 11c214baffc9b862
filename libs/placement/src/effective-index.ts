import type { IndexEntry, RegionOverride } from './placement-index';

/** The index the engine reads per request: generated entries with DB overrides applied. Map lookups only. */
export type EffectiveIndex = ReadonlyMap<string, IndexEntry>;

/**
 * Applies DB overrides on top of a generated (or imported) index: the
 * override's region moves to the front, the rest keeps its order. An override
 * for a scope the index lacks (e.g. a subdivision we cannot generate) creates
 * an entry; the engine appends the remaining regions by distance.
 */
export function buildEffectiveIndex(
  entries: readonly IndexEntry[],
  overrides: readonly RegionOverride[] = [],
): EffectiveIndex {
  const index = new Map(entries.map((entry) => [entry.scope, entry]));
  for (const override of overrides) {
    const existing = index.get(override.scope);
    index.set(override.scope, {
      scope: override.scope,
      name: existing?.name ?? override.scope,
      regions: [override.region, ...(existing?.regions ?? []).filter((r) => r !== override.region)],
      source: 'override',
      reason: `override: ${override.reason}`,
    });
  }
  return index;
}
