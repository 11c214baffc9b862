import { isIPv6 } from 'node:net';
import { DomainError, METRICS, type Clock } from '@landfall/common';

export interface FailedAuthLimits {
  limit: number;
  windowSeconds: number;
}

interface Window {
  startedAt: number;
  failures: number;
}

export interface AuthAttemptRules {
  /** Which errors are failed authentications (counted); anything else passes through uncounted. */
  isFailure(error: unknown): boolean;
  /** The error a failure gets once its address is over the limit (a 429 with Retry-After). */
  refused(retryAfterSeconds: number): Error;
}

const MAX_TRACKED = 100_000;

const countFailure = METRICS.counter(
  'landfall_auth_failures_total',
  'Failed authentications (agent, admin and TKLBAM keys) by error code',
  ['code'],
);

/**
 * Counts failed authentications per client address (IPv6 by /64, what one host usually holds) in fixed windows.
 * It limits only the failure path: every presented credential is still checked, a credential that verifies is
 * always admitted (so a valid key is never locked out by someone else failing from its address, a NAT or a
 * proxy), and failures past the limit are answered 429 instead of 401 until the window ends. Secrets are 256-bit,
 * so guessing is hopeless either way; what this bounds is how much an address learns and how loudly it is told to
 * back off. In-process: each hub counts on its own (a bound, not a global quota).
 */
export class FailedAuthLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limits: FailedAuthLimits,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs one authentication attempt from `address`: success is returned whatever the count; a failure is counted
   * and rethrown, or replaced by `rules.refused` when the address was already over the limit.
   */
  async attempt<T>(address: string, authenticate: () => Promise<T>, rules: AuthAttemptRules): Promise<T> {
    try {
      return await authenticate();
    } catch (error) {
      if (!rules.isFailure(error)) throw error;
      const wait = this.retryAfterSeconds(address);
      this.recordFailure(address);
      countFailure({ code: error instanceof DomainError ? error.code : 'unknown' });
      // The refusal (429) is counted where every limiter's answer leaves: the exception filter.
      if (wait > 0) throw rules.refused(wait);
      throw error;
    }
  }

  /** Seconds until the address is below the limit again, or 0 when it is below it now. */
  retryAfterSeconds(address: string): number {
    const window = this.current(limiterKey(address));
    if (!window || window.failures < this.limits.limit) return 0;
    return Math.max(
      1,
      Math.ceil((window.startedAt + this.limits.windowSeconds * 1000 - this.clock.now()) / 1000),
    );
  }

  recordFailure(address: string): void {
    const key = limiterKey(address);
    const window = this.current(key);
    if (window) window.failures += 1;
    else this.windows.set(key, { startedAt: this.clock.now(), failures: 1 });
    if (this.windows.size > MAX_TRACKED) this.evict();
  }

  private current(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window && this.clock.now() - window.startedAt >= this.limits.windowSeconds * 1000) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  /** Expired windows first; if a flood of addresses keeps them all live, the oldest half goes (memory stays bounded). */
  private evict(): void {
    for (const key of [...this.windows.keys()]) this.current(key);
    if (this.windows.size <= MAX_TRACKED) return;
    let drop = this.windows.size - MAX_TRACKED / 2;
    for (const key of this.windows.keys()) {
      if (drop-- <= 0) break;
      this.windows.delete(key);
    }
  }
}

/** IPv4 as is; IPv6 by its /64 (one host can pick any address inside its /64). */
export function limiterKey(address: string): string {
  if (!isIPv6(address)) return address;
  const [head, tail = ''] = address.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = address.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = address.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
