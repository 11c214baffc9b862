import type { IndexEntry } from './placement-index';
import { PlacementError } from './placement-error';

/**
 * TurnKey index lines: `CODE;name;region` or `CODE;name;region;r1,r2,...`.
 * CODE is ISO 3166-1 alpha-2 for countries ("DE") and full ISO 3166-2 for
 * subdivisions ("US-CA"). A bare "CA" always means Canada: accepting state
 * codes "under US context" would make CA/IN/DE/MA... ambiguous, so we don't.
 * The 4th field is the ordered fallback list; the 3rd field is always first.
 * Blank lines and lines starting with "#" are ignored.
 */
const CODE = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;
const REGION = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function parseTurnkeyIndex(text: string): IndexEntry[] {
  const fail = (line: number, why: string): never => {
    throw new PlacementError('PLACEMENT.INVALID_TURNKEY_INDEX', `TurnKey index line ${line}: ${why}`);
  };
  const entries: IndexEntry[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const content = raw.trim();
    if (content === '' || content.startsWith('#')) return;
    const fields = content.split(';').map((f) => f.trim());
    if (fields.length !== 3 && fields.length !== 4)
      fail(line, `expected 3 or 4 ";"-separated fields, got ${fields.length}`);
    const [scope, name, region, rest] = fields;
    if (!CODE.test(scope)) fail(line, `bad location code "${scope}" (use "DE" or "US-CA")`);
    if (name === '') fail(line, 'empty name');
    if (!REGION.test(region)) fail(line, `bad region "${region}"`);
    const fallbacks = rest === undefined || rest === '' ? [] : rest.split(',').map((r) => r.trim());
    for (const r of fallbacks) if (!REGION.test(r)) fail(line, `bad region "${r}" in list`);
    if (seen.has(scope)) fail(line, `duplicate location "${scope}"`);
    seen.add(scope);
    const regions = [region, ...fallbacks.filter((r) => r !== region)];
    if (new Set(regions).size !== regions.length) fail(line, 'region listed twice');
    entries.push({ scope, name, regions, source: 'override', reason: 'imported from TurnKey index' });
  });
  return entries;
}

/** Writes the 4-field form when there are fallbacks, the 3-field form otherwise. */
export function formatTurnkeyIndex(entries: readonly IndexEntry[]): string {
  return entries
    .map((entry) => {
      if (entry.name.includes(';') || entry.name.includes('\n')) {
        throw new PlacementError(
          'PLACEMENT.INVALID_TURNKEY_INDEX',
          `Name of ${entry.scope} contains ";" or a newline`,
        );
      }
      const [first, ...rest] = entry.regions;
      return rest.length > 0
        ? `${entry.scope};${entry.name};${first};${rest.join(',')}`
        : `${entry.scope};${entry.name};${first}`;
    })
    .join('\n')
    .concat(entries.length > 0 ? '\n' : '');
}

export type IndexChange =
  | { scope: string; kind: 'added'; after: string[]; reason: string }
  | { scope: string; kind: 'removed'; before: string[] }
  | { scope: string; kind: 'first-choice' | 'order'; before: string[]; after: string[]; reason: string };

/** What changed from a to b, per scope, sorted by scope; reasons come from b (the new index). */
export function diffIndexes(a: readonly IndexEntry[], b: readonly IndexEntry[]): IndexChange[] {
  const before = new Map(a.map((e) => [e.scope, e]));
  const after = new Map(b.map((e) => [e.scope, e]));
  const changes: IndexChange[] = [];
  for (const scope of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const x = before.get(scope);
    const y = after.get(scope);
    if (!x && y) changes.push({ scope, kind: 'added', after: y.regions, reason: y.reason });
    else if (x && !y) changes.push({ scope, kind: 'removed', before: x.regions });
    else if (x && y && x.regions.join() !== y.regions.join()) {
      const kind = x.regions[0] !== y.regions[0] ? 'first-choice' : 'order';
      changes.push({ scope, kind, before: x.regions, after: y.regions, reason: y.reason });
    }
  }
  return changes;
}
