import { METRICS, type Clock } from '@landfall/common';
import type { ScopedCredentials } from '../domain/scoped-credentials';

export interface CachedCredentials {
  credentials: ScopedCredentials;
  /** True for the one caller whose request made the issuer call; joiners and cache hits get false. */
  freshlyIssued: boolean;
}

interface Entry {
  credentials: ScopedCredentials;
  issuedAt: number;
  refreshAt: number;
}

export interface CredentialCacheOptions {
  /** Re-issue once this fraction of a credential's lifetime has passed (0 < f < 1). */
  refreshFraction: number;
  /** A forced refresh within this long of the last issue reuses it (bounds what a looping caller costs). */
  minReissueMs: number;
  maxEntries?: number;
}

const countLookup = METRICS.counter(
  'landfall_credential_cache_lookups_total',
  'Credential cache lookups by result: hit (cached), joined (shared an issue in flight), miss (issued)',
  ['result'],
);

/**
 * Per-backup credentials with single flight: however many callers ask at once, one issue runs and all share its
 * result. Entries are served until `refreshFraction` of their lifetime, so handed-out credentials always have the
 * rest of it left.
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<ScopedCredentials>>();

  constructor(
    private readonly options: CredentialCacheOptions,
    private readonly clock: Clock,
  ) {}

  /**
   * `notIssuedBefore` (epoch ms): an entry issued earlier is never handed out (a revocation since made it useless).
   */
  async get(
    key: string,
    issue: () => Promise<ScopedCredentials>,
    force = false,
    notIssuedBefore = 0,
  ): Promise<CachedCredentials> {
    const now = this.clock.now();
    const entry = this.entries.get(key);
    const revoked = entry !== undefined && entry.issuedAt < notIssuedBefore;
    if (
      entry &&
      !revoked &&
      now < entry.refreshAt &&
      (!force || now - entry.issuedAt < this.options.minReissueMs)
    ) {
      countLookup({ result: 'hit' });
      return { credentials: entry.credentials, freshlyIssued: false };
    }
    const pending = this.inFlight.get(key);
    if (pending && !revoked) {
      countLookup({ result: 'joined' });
      return { credentials: await pending, freshlyIssued: false };
    }
    countLookup({ result: 'miss' });

    const flight = issue().then((credentials) => {
      this.store(key, credentials);
      return credentials;
    });
    this.inFlight.set(key, flight);
    try {
      return { credentials: await flight, freshlyIssued: true };
    } finally {
      this.inFlight.delete(key);
    }
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  private store(key: string, credentials: ScopedCredentials): void {
    const issuedAt = this.clock.now();
    const lifetime = Math.max(0, credentials.expiration.getTime() - issuedAt);
    if (this.entries.size >= (this.options.maxEntries ?? 100_000)) this.evictExpired(issuedAt);
    this.entries.set(key, {
      credentials,
      issuedAt,
      refreshAt: issuedAt + lifetime * this.options.refreshFraction,
    });
  }

  private evictExpired(now: number): void {
    for (const [key, entry] of this.entries) if (entry.refreshAt <= now) this.entries.delete(key);
    if (this.entries.size >= (this.options.maxEntries ?? 100_000)) this.entries.clear();
  }
}
