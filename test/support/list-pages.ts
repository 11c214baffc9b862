import { expect } from 'vitest';

export interface Row {
  id: string;
  [field: string]: unknown;
}
export interface Page {
  items: Row[];
  nextCursor: string | null;
  total?: number;
}

type Get = (url: string) => Promise<{ statusCode: number; body: string; json: <T>() => T }>;

/** Follows nextCursor from the first page to the last, `limit` rows at a time. */
export async function walkPages(
  get: Get,
  path: string,
  query: string,
  limit = 2,
): Promise<{ rows: Row[]; pages: number }> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await get(`${path}?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<Page>();
    expect(page.items.length).toBeLessThanOrEqual(limit);
    rows.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 50);
  return { rows, pages };
}

/**
 * The rows as a sort token documents them: by the field, ties by `tie` (the list's tie-breaker), both in the
 * token's direction. Numbers compare as numbers, everything else as its string.
 */
export function sortedRows<T extends Record<string, unknown>>(rows: T[], token: string, tie = 'id'): T[] {
  const field = token.replace(/^-/, '');
  const sign = token.startsWith('-') ? -1 : 1;
  const key = (row: T) => [row[field], row[tie]].map((v) => (typeof v === 'number' ? v : String(v)));
  return [...rows].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return sign * (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0);
  });
}
