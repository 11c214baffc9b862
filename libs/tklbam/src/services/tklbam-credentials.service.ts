import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '@landfall/audit';
import { DomainError } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { BucketProvisioner } from '@landfall/backups';
import { CredentialsService } from '@landfall/credentials';
import type { CallContext } from '@landfall/identity';
import { buildAccountSessionPolicy } from '../domain/account-policy';
import { formatExpiration } from '../domain/wire';
import type { TklbamCaller } from '../domain/tklbam';
import { TklbamRecordsRepository } from '../repositories/tklbam-records.repository';
import { tklbamEvent } from './tklbam-audit';

/**
 * `credentials/` as hub.py's `Credentials.IAMRole` takes it: every key but `type` is passed to its constructor, so
 * exactly these five keys.
 */
export interface TklbamCredentialsJson {
  type: 'iamrole';
  accesskey: string;
  secretkey: string;
  sessiontoken: string;
  expiration: string;
}

@Injectable()
export class TklbamCredentialsService {
  private readonly logger = new Logger(TklbamCredentialsService.name);

  constructor(
    private readonly records: TklbamRecordsRepository,
    private readonly credentials: CredentialsService,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly provisioner: BucketProvisioner,
  ) {}

  async forAccount(caller: TklbamCaller, call: CallContext): Promise<TklbamCredentialsJson> {
    // One round trip for everything below; the audit row is the second (group-committed with other requests').
    const context = await this.records.credentialContext(caller.accountId);
    const target = context.stsRegion;
    if (!target) {
      throw new DomainError('unavailable', 'PLACEMENT.NO_REGION', 'No active region', {
        retryAfterSeconds: 30,
      });
    }
    // A backup being migrated stays readable but not writable through these account-wide credentials; the
    // migration waits out credentials issued before the freeze (ADR 0006).
    const frozen = context.frozen;
    // Exact ARNs (never a name wildcard) of the buckets this account can use: this hub's bucket in every active
    // region — the agent asks for credentials before its first record and keeps them, so each is made ready now if
    // need be (a region that is down is left out, as it cannot take records either) — and the buckets its live
    // backups are in (a draining region, a past prefix). Not every ready bucket: the policy must fit 2,048 characters.
    const regions = context.activeRegions;
    const made = await Promise.allSettled(regions.map((r) => this.provisioner.ensureReady(r)));
    made.forEach((outcome, i) => {
      if (outcome.status === 'rejected')
        this.logger.warn(
          { region: regions[i].region, err: outcome.reason as unknown },
          "region's bucket not ready: left out of TKLBAM credentials",
        );
    });
    const ready = made.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.name] : []));
    const live = context.liveBuckets;
    const buckets = [...new Set([...ready, ...live])].sort();
    const sessionPolicy = buildAccountSessionPolicy({ buckets, accountId: caller.accountId, frozen });
    const issued = await this.credentials.forSessionPolicy({
      // Per account and set of frozen backups: where STS is called does not change what the credentials reach (one
      // identity system across regions, as on AWS or one Ceph realm).
      cacheKey: `tklbam|${caller.accountId}|${buckets.join(',')}|${frozen.map((f) => f.backupId).join(',')}`,
      sessionName: `lf-tklbam-${caller.accountId.replace(/-/g, '')}`,
      sessionPolicy,
      region: target.region,
      endpoint: target.endpoint,
    });
    const expiration = formatExpiration(issued.credentials.expiration);
    const after = { provider: this.credentials.provider, expiration, stsRegion: target.region };
    if (issued.freshlyIssued) {
      await this.audit.record(
        tklbamEvent(caller, call, {
          action: 'credentials.issue',
          targetType: 'account',
          targetId: caller.accountId,
          after,
        }),
      );
    }
    await this.audit.record(
      tklbamEvent(caller, call, {
        action: 'tklbam.credentials',
        targetType: 'account',
        targetId: caller.accountId,
        after: { ...after, freshlyIssued: issued.freshlyIssued },
      }),
    );
    const c = issued.credentials;
    return {
      type: 'iamrole',
      accesskey: c.accessKeyId,
      secretkey: c.secretAccessKey,
      sessiontoken: c.sessionToken ?? '',
      expiration,
    };
  }
}
