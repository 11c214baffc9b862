import type { ListRequest, SortValue } from './cursor';

/**
 * The keyset contract of `findListPage` over rows computed in memory rather than read from a table: the same
 * order (sort column, then the tie-breaker, one direction), the rows strictly after the cursor's position,
 * `limit + 1` deep for `toPage`, and the size of the whole set when `total` was asked for. `q` is the caller's to
 * apply (it knows which fields carry names).
 */
export function pageInMemory<T extends object>(
  rows: readonly T[],
  request: ListRequest,
): { rows: T[]; total?: number } {
  const { column, tieBreaker, direction } = request.order;
  const sign = direction === 'asc' ? 1 : -1;
  const valueOf = (row: T, field: string) => (row as Record<string, SortValue>)[field];
  const compare = (a: { value: SortValue; tie: SortValue }, b: { value: SortValue; tie: SortValue }) =>
    sign * (compareValues(a.value, b.value) || compareValues(a.tie, b.tie));
  const positioned = rows.map((row) => ({
    row,
    value: valueOf(row, column.field),
    tie: valueOf(row, tieBreaker.field),
  }));
  const after = request.after;
  const ordered = positioned
    .filter((p) => !after || compare(p, after) > 0)
    .sort(compare)
    .slice(0, request.limit + 1)
    .map((p) => p.row);
  return { rows: ordered, total: request.total ? rows.length : undefined };
}

function compareValues(a: SortValue, b: SortValue): number {
  const left = a instanceof Date ? a.getTime() : a;
  const right = b instanceof Date ? b.getTime() : b;
  return left < right ? -1 : left > right ? 1 : 0;
}
