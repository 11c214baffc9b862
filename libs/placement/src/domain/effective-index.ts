import { overrideFor, overrideReason } from './index-generator/generate-index';
import { countryOfScope, isSubdivisionScope } from './scope-codes';
import type { IndexEntry, RegionOverride } from './placement-index';

/** The index the engine reads per request: generated entries with DB overrides applied. Map lookups only. */
export type EffectiveIndex = ReadonlyMap<string, IndexEntry>;

/**
 * Applies DB overrides on top of a generated (or imported) index: the
 * override's region moves to the front, the rest keeps its order. An override
 * for a scope the index lacks (e.g. a subdivision we cannot generate) creates
 * an entry; the engine appends the remaining regions by distance. A country
 * override also applies to that country's subdivision entries unless they have
 * an override of their own (the engine looks the subdivision up first, so
 * otherwise the IE-L entry would silently shadow an override for IE).
 */
export function buildEffectiveIndex(
  entries: readonly IndexEntry[],
  overrides: readonly RegionOverride[] = [],
): EffectiveIndex {
  const index = new Map(entries.map((entry) => [entry.scope, entry]));
  const byScope = new Map(overrides.map((o) => [o.scope, o]));
  const scopes = new Set([...index.keys(), ...byScope.keys()]);
  for (const scope of scopes) {
    const { override, inherited } = overrideFor(scope, byScope);
    if (!override) continue;
    const existing = index.get(scope);
    index.set(scope, {
      scope,
      name: existing?.name ?? scope,
      regions: [override.region, ...(existing?.regions ?? []).filter((r) => r !== override.region)],
      source: 'override',
      reason: overrideReason(override, inherited),
    });
  }
  return index;
}

/** How a country override reaches its subdivision entries: the ones it covers, and the ones with their own. */
export function subdivisionCoverage(
  country: string,
  entries: Iterable<string>,
  overrides: readonly RegionOverride[],
): { covered: string[]; ownOverride: RegionOverride[] } {
  const own = new Map(overrides.map((o) => [o.scope, o]));
  const covered: string[] = [];
  const ownOverride: RegionOverride[] = [];
  for (const scope of new Set([...entries, ...own.keys()])) {
    if (!isSubdivisionScope(scope) || countryOfScope(scope) !== country) continue;
    const mine = own.get(scope);
    if (mine) ownOverride.push(mine);
    else covered.push(scope);
  }
  return {
    covered: covered.sort(),
    ownOverride: ownOverride.sort((a, b) => a.scope.localeCompare(b.scope)),
  };
}
