import { Logger } from '@nestjs/common';
import type { MigrationItemRepository } from '../repositories/migration-item.repository';

/** Thrown into a running migration when its lease was lost or the item was cancelled: stop, touch nothing more. */
export class LeaseLostError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'LeaseLostError';
  }
}

/** Keeps a worker's lease on an item alive; aborts `signal` when the lease is lost or the item is cancelled. */
export class LeaseKeeper {
  private readonly logger = new Logger(LeaseKeeper.name);
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly outer: AbortSignal;
  private readonly onOuter = () => this.controller.abort(this.outer.reason);

  constructor(
    private readonly repository: Pick<MigrationItemRepository, 'renew'>,
    private readonly itemId: string,
    private readonly owner: string,
    private readonly leaseSeconds: number,
    outer: AbortSignal,
  ) {
    this.outer = outer;
    // The outer signal is the process-wide shutdown: the listener is removed again in stop(), or every attempt
    // would leave one behind.
    if (outer.aborted) this.onOuter();
    else outer.addEventListener('abort', this.onOuter, { once: true });
    this.timer = setInterval(() => void this.renew(), Math.max(500, (leaseSeconds * 1000) / 3));
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  stop(): void {
    clearInterval(this.timer);
    this.outer.removeEventListener('abort', this.onOuter);
  }

  private async renew(): Promise<void> {
    try {
      const state = await this.repository.renew(this.itemId, this.owner, this.leaseSeconds);
      if (state === null || state === 'cancelled') {
        this.controller.abort(new LeaseLostError(state === 'cancelled' ? 'cancelled' : 'lease lost'));
      }
    } catch (error) {
      this.logger.warn({ err: error, itemId: this.itemId }, 'could not renew migration lease');
    }
  }
}
