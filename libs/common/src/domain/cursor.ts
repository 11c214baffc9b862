import { DomainError } from './domain-error';
import { isInstantInRange } from './input-guards';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BIGINT = /^(0|[1-9][0-9]{0,17})$/;
const NUMBER = /^-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$/;

/** How a sort column's value travels in a cursor (and is checked on the way back in). */
export type SortValueKind = 'date' | 'text' | 'bigint' | 'number' | 'uuid';

export interface SortColumn {
  /** The column it orders by; the domain row carries the value under the same name. */
  field: string;
  kind: SortValueKind;
}

/**
 * The documented sort keys of one list. Each key `k` is offered as `k` (ascending) and `-k` (descending). Rows
 * with equal values are ordered by the unique `tieBreaker` in the same direction, so a keyset page never skips or
 * repeats a row whatever the sort.
 */
export interface SortCatalogue {
  keys: Readonly<Record<string, SortColumn>>;
  /** The token used when the caller gives none, e.g. `-createdAt`. */
  default: string;
  tieBreaker: SortColumn;
}

/** The columns most lists share: their creation time, and the uuid `id` that breaks ties. */
export const CREATED_AT: SortColumn = { field: 'createdAt', kind: 'date' };
export const BY_ID: SortColumn = { field: 'id', kind: 'uuid' };

/** One list's order, resolved from a `sort` token. */
export interface ListOrder {
  token: string;
  column: SortColumn;
  direction: 'asc' | 'desc';
  tieBreaker: SortColumn;
}

/** A keyset position: the last row's sort value and tie-breaker. */
export interface ListPosition {
  value: SortValue;
  tie: SortValue;
}

export type SortValue = Date | string | bigint | number;

/** What a list endpoint was asked for, after validation. */
export interface ListRequest {
  order: ListOrder;
  after: ListPosition | null;
  limit: number;
  /** Case-insensitive substring the list's name fields must contain. */
  q?: string;
  total: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** The size of the filtered set (every page), only when asked with `total=true`. */
  total?: number;
}

/** Every `sort` value a list accepts, for its DTO's enum and the OpenAPI document. */
export function sortTokens(catalogue: SortCatalogue): string[] {
  return Object.keys(catalogue.keys).flatMap((key) => [key, `-${key}`]);
}

export function listRequest(
  catalogue: SortCatalogue,
  query: { sort?: string; cursor?: string; limit?: number; q?: string; total?: boolean },
): ListRequest {
  const order = listOrder(catalogue, query.sort ?? catalogue.default);
  return {
    order,
    after: query.cursor ? decodeCursor(query.cursor, order) : null,
    limit: query.limit ?? 50,
    q: query.q,
    total: query.total ?? false,
  };
}

function listOrder(catalogue: SortCatalogue, token: string): ListOrder {
  const descending = token.startsWith('-');
  const column = catalogue.keys[descending ? token.slice(1) : token];
  // The DTO's enum refuses unknown keys first; this keeps a caller that skipped it from sorting by anything.
  if (!column) throw new DomainError('invalid', 'REQUEST.INVALID', `Unknown sort "${token}"`);
  return { token, column, direction: descending ? 'desc' : 'asc', tieBreaker: catalogue.tieBreaker };
}

/** The cursor names the sort it was made under: one handed out for another sort is refused, not misread. */
export function encodeCursor(order: ListOrder, position: ListPosition): string {
  const json = JSON.stringify([order.token, show(position.value), show(position.tie)]);
  return Buffer.from(json, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, order: ListOrder): ListPosition {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parts) || parts.length !== 3 || parts[0] !== order.token) throw invalidCursor();
  const [, value, tie] = parts as unknown[];
  return { value: read(value, order.column.kind), tie: read(tie, order.tieBreaker.kind) };
}

/** Turns `limit + 1` fetched rows into a page: the extra row only proves there is a next page. */
export function toPage<T extends object, U>(
  rows: T[],
  request: ListRequest,
  map: (row: T) => U,
  total?: number,
): Page<U> {
  const items = rows.slice(0, request.limit);
  const last = items[items.length - 1];
  const page: Page<U> = {
    items: items.map(map),
    nextCursor:
      rows.length > request.limit && last ? encodeCursor(request.order, positionOf(last, request)) : null,
  };
  if (request.total) page.total = total ?? 0;
  return page;
}

function positionOf(row: object, request: ListRequest): ListPosition {
  const values = row as Record<string, SortValue>;
  return { value: values[request.order.column.field], tie: values[request.order.tieBreaker.field] };
}

function show(value: SortValue): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

function read(value: unknown, kind: SortValueKind): SortValue {
  if (typeof value !== 'string') throw invalidCursor();
  switch (kind) {
    case 'date': {
      const instant = new Date(value);
      if (!/^\d{4}-\d\d-\d\dT/.test(value) || !isInstantInRange(instant)) throw invalidCursor();
      return instant;
    }
    case 'bigint':
      if (!BIGINT.test(value)) throw invalidCursor();
      return BigInt(value);
    case 'number':
      if (!NUMBER.test(value)) throw invalidCursor();
      return Number(value);
    case 'uuid':
      if (!UUID.test(value)) throw invalidCursor();
      return value;
    case 'text':
      if (value.length > 500) throw invalidCursor();
      return value;
  }
}

function invalidCursor(): DomainError {
  return new DomainError('invalid', 'REQUEST.INVALID_CURSOR', 'The cursor is not one this API handed out');
}
