import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { MigrationItemRepository } from '../repositories/migration-item.repository';
import { LeaseKeeper } from './lease';

describe('LeaseKeeper', () => {
  // Renewals never run here (stopped at once); the keeper only needs a repository to hold on to.
  const repository = {} as MigrationItemRepository;

  it('removes its listener from the process-wide shutdown signal when stopped', () => {
    const shutdown = new AbortController();
    for (let i = 0; i < 25; i += 1) {
      const keeper = new LeaseKeeper(repository, `item-${i}`, 'owner', 30, shutdown.signal);
      keeper.stop();
    }
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
  });

  it('still aborts its own signal when shutdown comes while it runs', () => {
    const shutdown = new AbortController();
    const keeper = new LeaseKeeper(repository, 'item', 'owner', 30, shutdown.signal);
    shutdown.abort(new Error('worker shutting down'));
    expect(keeper.signal.aborted).toBe(true);
    keeper.stop();
  });
});
