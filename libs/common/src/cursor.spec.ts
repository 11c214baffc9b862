import { describe, expect, it } from 'vitest';
import { BY_ID, CREATED_AT, listRequest, toPage, type SortCatalogue } from './cursor';

const CATALOGUE: SortCatalogue = {
  keys: {
    createdAt: CREATED_AT,
    name: { field: 'name', kind: 'text' },
    size: { field: 'size', kind: 'bigint' },
  },
  default: '-createdAt',
  tieBreaker: BY_ID,
};
const ID = '6f1c1f0e-3b7a-4c53-9a51-2a4b0c9d8e7f';
const rows = [
  { id: ID, name: 'alpha|"quoted"', createdAt: new Date('2026-01-02T03:04:05.678Z'), size: 12n },
  { id: '00000000-0000-4000-8000-000000000000', name: 'beta', createdAt: new Date(0), size: 0n },
];
const cursorOf = (sort: string) =>
  toPage(rows, listRequest(CATALOGUE, { sort, limit: 1 }), (r) => r).nextCursor!;
const forged = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');

describe(listRequest.name, () => {
  it('defaults to the catalogue sort, 50 rows and no total', () => {
    expect(listRequest(CATALOGUE, {})).toMatchObject({
      order: { token: '-createdAt', direction: 'desc', column: CREATED_AT, tieBreaker: BY_ID },
      after: null,
      limit: 50,
      total: false,
    });
  });

  it.each([
    ['createdAt', { value: rows[0].createdAt, tie: ID }],
    ['-name', { value: 'alpha|"quoted"', tie: ID }],
    ['size', { value: 12n, tie: ID }],
  ])('reads back the position of a cursor it made under %s', (sort, position) => {
    expect(listRequest(CATALOGUE, { sort, cursor: cursorOf(sort) }).after).toEqual(position);
  });

  it.each([
    ['a cursor made under another sort', () => cursorOf('name'), '-name'],
    ['a cursor made under the default sort', () => cursorOf('-createdAt'), 'name'],
    ['not base64 JSON', () => 'bm9wZQ', 'name'],
    ['a tie that is not a uuid', () => forged(['name', 'x', 'not-a-uuid']), 'name'],
    ['a date outside 1970-9999', () => forged(['createdAt', '-100000-01-01T00:00:00.000Z', ID]), 'createdAt'],
    ['a date that is a number', () => forged(['createdAt', 86400000, ID]), 'createdAt'],
    ['a size beyond bigint', () => forged(['size', '9'.repeat(30), ID]), 'size'],
    ['too many parts', () => forged(['name', 'x', ID, 'y']), 'name'],
  ])('refuses %s with REQUEST.INVALID_CURSOR', (_what, cursor, sort) => {
    expect(() => listRequest(CATALOGUE, { sort, cursor: cursor() })).toThrow(
      expect.objectContaining({ code: 'REQUEST.INVALID_CURSOR' }),
    );
  });

  it('refuses a sort key outside the catalogue with REQUEST.INVALID', () => {
    expect(() => listRequest(CATALOGUE, { sort: 'secret' })).toThrow(
      expect.objectContaining({ code: 'REQUEST.INVALID' }),
    );
  });
});

describe(toPage.name, () => {
  it('gives a next cursor only when the extra row proves another page, and total only when asked', () => {
    expect(toPage(rows, listRequest(CATALOGUE, { limit: 2 }), (r) => r.name)).toEqual({
      items: ['alpha|"quoted"', 'beta'],
      nextCursor: null,
    });
    const page = toPage(rows, listRequest(CATALOGUE, { limit: 1, total: true }), (r) => r.name, 7);
    expect(page).toMatchObject({ items: ['alpha|"quoted"'], total: 7 });
    expect(page.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
