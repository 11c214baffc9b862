import type { CursorPosition } from '@landfall/common';

/**
 * The `where` part of a keyset page listed newest first (`ORDER BY created_at DESC, id DESC`): rows strictly
 * after `position`. Spread it into any model's where clause that has `createdAt` and `id`.
 */
export function olderThan(position: CursorPosition | null) {
  return position
    ? {
        OR: [
          { createdAt: { lt: position.createdAt } },
          { createdAt: position.createdAt, id: { lt: position.id } },
        ],
      }
    : {};
}
