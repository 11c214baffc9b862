import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, type Clock, type CredentialRevoker } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { OBJECT_STORE, type ObjectStore } from '@landfall/storage';
import { landfallBucketPolicy, type PrefixRevocation } from '../domain/bucket-policy';
import { CredentialRevocationRepository } from '../repositories/credential-revocation.repository';

/** STS's longest session: a credential issued before a revocation is expired at most this long after it. */
const MAX_SESSION_MS = 43_200_000;
/** Clock skew between hub and gateway, added to the window a revocation stays in the policies. */
const SKEW_MS = 300_000;

export interface RevocationOutcome {
  /** Buckets whose policy now refuses the revoked credentials. */
  applied: string[];
  /** Buckets that could not be updated (the next policy write, e.g. any later revocation or provisioning, retries). */
  failed: { bucket: string; error: string }[];
}

/**
 * Cuts off credentials already handed out (issue 9, item 9): a Deny on the revoked prefix for tenant-role sessions
 * whose token was issued before the revocation (`aws:TokenIssueTime`), in the policy of every Landfall bucket.
 * Credentials issued afterwards (a re-enabled account, a new key) work at once. Rows older than the longest STS
 * session are no longer rendered: every credential they concern has expired.
 */
@Injectable()
export class CredentialRevocations implements CredentialRevoker {
  private readonly logger = new Logger(CredentialRevocations.name);
  private latest?: { at: number; value: Promise<number> };

  constructor(
    private readonly revocations: CredentialRevocationRepository,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Refuses, from now on, every credential issued until now for objects under these prefixes. */
  async revoke(prefixes: readonly string[], reason: string): Promise<RevocationOutcome> {
    if (prefixes.length > 0) {
      const revokedAt = new Date(this.clock.now());
      await this.revocations.record([...new Set(prefixes)], revokedAt, reason);
      this.latest = undefined;
    }
    return this.applyToAllBuckets();
  }

  async revokeAccount(accountId: string, reason: string): Promise<void> {
    await this.revoke([accountId], reason);
  }

  /** Revokes the prefixes of the appliance's backups (credentials from /v1/init name one backup each). */
  async revokeAppliance(applianceId: string, reason: string): Promise<void> {
    await this.revokeApplianceBackups(applianceId, reason);
  }

  async revokeApplianceBackups(applianceId: string, reason: string): Promise<RevocationOutcome> {
    return this.revoke(await this.revocations.backupPrefixesOfAppliance(applianceId), reason);
  }

  /** Read at most once a second per process, whatever the number of callers (single flight). */
  latestRevocationAt(): Promise<number> {
    const now = this.clock.now();
    if (this.latest && now - this.latest.at < 1000) return this.latest.value;
    const value = this.revocations
      .latestRevokedAt()
      // Rounded up as the policy rounds: a credential issued in the revocation's second is refused there.
      .then((latest) => (latest ? Math.ceil(latest.getTime() / 1000) * 1000 : 0));
    this.latest = { at: now, value };
    value.catch(() => {
      if (this.latest?.value === value) this.latest = undefined;
    });
    return value;
  }

  /** The complete policy Landfall wants on `bucket` now. */
  async policyFor(bucket: string): Promise<string> {
    return landfallBucketPolicy({
      bucket,
      ownerArn: this.config.buckets.ownerArn,
      tenantRoleArn: this.config.credentials.provider === 'sts' ? this.config.credentials.roleArn : undefined,
      requireTls: this.config.buckets.requireTls,
      revocations: await this.active(),
    });
  }

  /** Renders and writes the policy of every ready bucket, one hub at a time. */
  async applyToAllBuckets(): Promise<RevocationOutcome> {
    const outcome: RevocationOutcome = { applied: [], failed: [] };
    await this.revocations.withReadyBucketsLocked(async (buckets) => {
      for (const b of buckets) {
        try {
          await this.store.putBucketPolicy(b.target, b.name, await this.policyFor(b.name));
          outcome.applied.push(b.name);
        } catch (error) {
          outcome.failed.push({ bucket: b.name, error: (error as Error).name || String(error) });
        }
      }
    });
    if (outcome.failed.length > 0) {
      this.logger.error(
        { failed: outcome.failed },
        'could not write the revocation policy on every bucket: revoked credentials still work there',
      );
    }
    return outcome;
  }

  private async active(): Promise<PrefixRevocation[]> {
    const since = new Date(this.clock.now() - MAX_SESSION_MS - SKEW_MS);
    return this.revocations.revokedAfter(since);
  }
}
