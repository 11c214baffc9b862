import type { ListOrder, ListPosition, ListRequest } from '@landfall/common';

type Direction = 'asc' | 'desc';

export interface KeysetArgs<Where> {
  where: Where;
  orderBy: Record<string, Direction>[];
  take: number;
}

/**
 * One page of a cursor-paged list in the request's order (sort column, then its unique tie-breaker, both in one
 * direction), fetched `limit + 1` deep, plus the size of the filtered set when the caller asked for `total`.
 * `where` holds the list's filters only: the cursor's position is added here, so `total` ignores it.
 */
export async function findListPage<Row, Where extends object>(
  request: ListRequest,
  where: Where,
  find: (args: KeysetArgs<Where>) => Promise<Row[]>,
  count: (args: { where: Where }) => Promise<number>,
): Promise<{ rows: Row[]; total?: number }> {
  const paged = request.after ? ({ AND: [where, after(request.order, request.after)] } as Where) : where;
  const [rows, total] = await Promise.all([
    find({ where: paged, orderBy: orderBy(request.order), take: request.limit + 1 }),
    request.total ? count({ where }) : undefined,
  ]);
  return { rows, total };
}

/** `q` as a filter: a case-insensitive substring of any of `fields` (`name`, or a relation's `appliance.name`). */
export function searchWhere(q: string | undefined, fields: readonly string[]): object {
  if (q === undefined) return {};
  // Prisma hands `contains` to ILIKE as it is: escape LIKE's wildcards so `%` and `_` are searched for literally.
  const literal = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  return {
    OR: fields.map((path) =>
      path
        .split('.')
        .reduceRight<object>((inner, key) => ({ [key]: inner }), { contains: literal, mode: 'insensitive' }),
    ),
  };
}

function orderBy(order: ListOrder): Record<string, Direction>[] {
  const first = { [order.column.field]: order.direction };
  return order.column.field === order.tieBreaker.field
    ? [first]
    : [first, { [order.tieBreaker.field]: order.direction }];
}

/** Rows strictly after `position` in `order`. */
function after(order: ListOrder, position: ListPosition): object {
  const beyond = order.direction === 'asc' ? 'gt' : 'lt';
  const { field } = order.column;
  if (field === order.tieBreaker.field) return { [field]: { [beyond]: position.value } };
  return {
    OR: [
      { [field]: { [beyond]: position.value } },
      { [field]: position.value, [order.tieBreaker.field]: { [beyond]: position.tie } },
    ],
  };
}
