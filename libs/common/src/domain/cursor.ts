import { DomainError } from './domain-error';
import { isInstantInRange } from './input-guards';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A keyset position: rows are listed newest first, ties broken by id. */
export interface CursorPosition {
  createdAt: Date;
  id: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || !isInstantInRange(createdAt) || !UUID.test(id)) {
    throw new DomainError('invalid', 'REQUEST.INVALID_CURSOR', 'The cursor is not one this API handed out');
  }
  return { createdAt, id };
}

/** Turns `limit + 1` fetched rows into a page: the extra row only proves there is a next page. */
export function toPage<T extends CursorPosition, U>(rows: T[], limit: number, map: (row: T) => U): Page<U> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(map),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}
