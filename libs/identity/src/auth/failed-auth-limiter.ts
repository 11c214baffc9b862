import type { Clock } from '@landfall/common';

export interface FailedAuthLimits {
  limit: number;
  windowSeconds: number;
}

interface Window {
  startedAt: number;
  failures: number;
}

/**
 * Counts failed authentications per source address in fixed windows. Once an address reaches the limit it is
 * refused until its window ends. In-process: each hub counts on its own (a bound, not a global quota).
 */
export class FailedAuthLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limits: FailedAuthLimits,
    private readonly clock: Clock,
  ) {}

  /** Seconds until the address may try again, or 0 when it may try now. */
  retryAfterSeconds(address: string): number {
    const window = this.current(address);
    if (!window || window.failures < this.limits.limit) return 0;
    return Math.max(
      1,
      Math.ceil((window.startedAt + this.limits.windowSeconds * 1000 - this.clock.now()) / 1000),
    );
  }

  recordFailure(address: string): void {
    const window = this.current(address);
    if (window) window.failures += 1;
    else this.windows.set(address, { startedAt: this.clock.now(), failures: 1 });
    if (this.windows.size > 100_000) this.evictExpired();
  }

  private current(address: string): Window | undefined {
    const window = this.windows.get(address);
    if (window && this.clock.now() - window.startedAt >= this.limits.windowSeconds * 1000) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }

  private evictExpired(): void {
    for (const address of [...this.windows.keys()]) this.current(address);
  }
}
