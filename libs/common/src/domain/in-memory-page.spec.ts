import { describe, expect, it } from 'vitest';
import { listRequest, toPage, type SortCatalogue } from './cursor';
import { pageInMemory } from './in-memory-page';

const SCOPE = { field: 'scope', kind: 'text' } as const;
const CATALOGUE: SortCatalogue = {
  keys: { scope: SCOPE, savedMs: { field: 'savedMs', kind: 'number' } },
  default: '-savedMs',
  tieBreaker: SCOPE,
};
const rows = [
  { scope: 'DE', savedMs: 12.5 },
  { scope: 'FR', savedMs: 30 },
  { scope: 'AT', savedMs: 12.5 },
  { scope: 'NL', savedMs: 4 },
];

function walk(sort: string, limit: number): string[] {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const request = listRequest(CATALOGUE, { sort, cursor, limit });
    const page = toPage(pageInMemory(rows, request).rows, request, (r) => r.scope);
    seen.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

describe(pageInMemory.name, () => {
  it.each([
    ['-savedMs', ['FR', 'DE', 'AT', 'NL']],
    ['savedMs', ['NL', 'AT', 'DE', 'FR']],
    ['scope', ['AT', 'DE', 'FR', 'NL']],
    ['-scope', ['NL', 'FR', 'DE', 'AT']],
  ])('pages every row once under %s, ties broken by the tie-breaker', (sort, order) => {
    expect(walk(sort, 1)).toEqual(order);
    expect(walk(sort, 3)).toEqual(order);
  });

  it('counts the whole set only when asked', () => {
    expect(pageInMemory(rows, listRequest(CATALOGUE, { limit: 1, total: true })).total).toBe(4);
    expect(pageInMemory(rows, listRequest(CATALOGUE, { limit: 1 })).total).toBeUndefined();
  });
});
