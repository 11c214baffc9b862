import { describe, expect, it } from 'vitest';
import { BY_ID, CREATED_AT, listRequest, type SortCatalogue } from '@landfall/common';
import { findListPage, searchWhere } from './keyset';

const CATALOGUE: SortCatalogue = {
  keys: { createdAt: CREATED_AT, code: { field: 'code', kind: 'text' } },
  default: '-createdAt',
  tieBreaker: BY_ID,
};

describe(findListPage.name, () => {
  it('orders by the sort column then the tie-breaker, pages after the cursor, and counts without it', async () => {
    const first = listRequest(CATALOGUE, { sort: 'code', limit: 2, total: true });
    const calls: unknown[] = [];
    await findListPage(
      { ...first, after: { value: 'DE-BY', tie: 'id-1' } },
      { status: 'active' },
      async (args) => (calls.push(args), []),
      async (args) => (calls.push(args), 0),
    );
    expect(calls).toEqual([
      {
        where: {
          AND: [
            { status: 'active' },
            { OR: [{ code: { gt: 'DE-BY' } }, { code: 'DE-BY', id: { gt: 'id-1' } }] },
          ],
        },
        orderBy: [{ code: 'asc' }, { id: 'asc' }],
        take: 3,
      },
      { where: { status: 'active' } },
    ]);
  });

  it('a descending sort on the tie-breaker itself is one column, and no count unless asked', async () => {
    const request = listRequest(
      {
        keys: { at: { field: 'id', kind: 'bigint' } },
        default: '-at',
        tieBreaker: { field: 'id', kind: 'bigint' },
      },
      {},
    );
    let counted = false;
    let seen: unknown;
    const page = await findListPage(
      { ...request, after: { value: 9n, tie: 9n } },
      {},
      async (args) => ((seen = args), ['row']),
      async () => ((counted = true), 1),
    );
    expect(seen).toEqual({ where: { AND: [{}, { id: { lt: 9n } }] }, orderBy: [{ id: 'desc' }], take: 51 });
    expect(page).toEqual({ rows: ['row'], total: undefined });
    expect(counted).toBe(false);
  });
});

describe(searchWhere.name, () => {
  it('matches any field, relations by path, case-insensitively; nothing when q is absent', () => {
    expect(searchWhere('Acme', ['name', 'appliance.name'])).toEqual({
      OR: [
        { name: { contains: 'Acme', mode: 'insensitive' } },
        { appliance: { name: { contains: 'Acme', mode: 'insensitive' } } },
      ],
    });
    expect(searchWhere(undefined, ['name'])).toEqual({});
    expect(searchWhere('100%_a\\b', ['name'])).toEqual({
      OR: [{ name: { contains: '100\\%\\_a\\\\b', mode: 'insensitive' } }],
    });
  });
});
