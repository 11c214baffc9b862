import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CLOCK, DomainError, retryWithinBudget, type Clock } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import {
  isEncryptionUnavailable,
  isTransientAwsFailure,
  isUnsupportedByProvider,
  OBJECT_STORE,
  storageUnavailable,
  type ObjectStore,
  type RegionEndpoint,
} from '@landfall/storage';
import type { BucketRecord, RegionTarget } from '../domain/backup';
import { sharedBucketName } from '../domain/bucket-name';
import { CredentialsService } from '@landfall/credentials';
import { landfallBucketPolicy } from '../domain/bucket-policy';
import { BucketRepository, type BucketHardening } from '../repositories/bucket.repository';
import { CredentialRevocations } from './credential-revocations';

/** Probe objects live outside every account's prefix (accounts are UUIDs). */
const PROBE_PREFIX = 'landfall-probe';

/**
 * Makes a region's shared bucket exist. The row goes `pending` (intent) → CreateBucket on the region's own endpoint
 * → hardening → write probe → `ready`; only a `ready` bucket is ever handed to a backup. Every step is safe to repeat, so hubs
 * racing each other, or a retry after an outage, converge on the same bucket.
 */
@Injectable()
export class BucketProvisioner {
  private readonly logger = new Logger(BucketProvisioner.name);
  private readonly ready = new Map<string, BucketRecord>();
  private readonly inFlight = new Map<string, Promise<BucketRecord>>();

  constructor(
    private readonly buckets: BucketRepository,
    @Inject(OBJECT_STORE) private readonly store: ObjectStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly credentials?: CredentialsService,
    @Optional() private readonly revocations?: CredentialRevocations,
  ) {}

  async ensureReady(target: RegionTarget): Promise<BucketRecord> {
    const name = sharedBucketName(this.config.storage.bucketPrefix, target.region);
    const known = this.ready.get(name);
    if (known) return known;
    let flight = this.inFlight.get(name);
    if (!flight) {
      flight = this.provision(name, target).finally(() => this.inFlight.delete(name));
      this.inFlight.set(name, flight);
    }
    return flight;
  }

  private async provision(name: string, target: RegionTarget): Promise<BucketRecord> {
    const existing = await this.buckets.findByName(name);
    // A bucket made before hardening was verified (or by a worker, which cannot probe) is hardened again once.
    if (existing?.status === 'ready' && (existing.writable || !this.credentials))
      return this.remember(existing);
    const record = existing ?? (await this.buckets.recordPending(name, target.region));
    const endpoint: RegionEndpoint = { region: target.region, endpoint: target.endpoint };

    await this.storageStep('CreateBucket', () => this.store.ensureBucket(endpoint, name)).catch((error) => {
      if ((error as { name?: string }).name === 'BucketAlreadyExists') {
        this.logger.error({ bucket: name }, 'bucket name is owned by someone else: change BUCKET_PREFIX');
        throw new DomainError(
          'unavailable',
          'STORAGE.BUCKET_NAME_TAKEN',
          `Bucket ${name} belongs to another owner`,
        );
      }
      throw error;
    });
    // One hub hardens at a time (and never while a revocation rewrites policies): another hub's half-applied public
    // access block would otherwise refuse this hub's policy write.
    return this.buckets.withPolicyLock(async () => {
      const again = await this.buckets.findByName(name);
      if (again?.status === 'ready' && (again.writable || !this.credentials)) return this.remember(again);
      const hardening = await this.harden(name, endpoint);
      await this.buckets.markReady(record.id, new Date(this.clock.now()), hardening);
      this.logger.log({ bucket: name, region: target.region, hardening }, 'bucket ready');
      return this.remember({ ...record, status: 'ready' });
    });
  }

  /**
   * Hardening that is verified, not assumed: every step, then a write probe with agent-kind credentials. A step
   * that breaks writes on this provider is undone (logged as an error and recorded on the bucket row); a bucket
   * that agents still cannot write to is never marked ready (the init answers 503, /readyz names the region).
   */
  private async harden(name: string, endpoint: RegionEndpoint): Promise<BucketHardening> {
    const record: BucketHardening = { steps: {} };
    const config = this.config.buckets;
    if (config.defaultEncryption) {
      record.steps.defaultEncryption = await this.optional(
        'PutBucketEncryption',
        name,
        () => this.store.enableDefaultEncryption(endpoint, name),
        isEncryptionUnavailable,
      );
    }
    // Not optional: this is what keeps tenants from sharing objects and what revocation writes into.
    const writePolicy = async () => {
      const policy = this.revocations
        ? await this.revocations.policyFor(name)
        : landfallBucketPolicy({ bucket: name, requireTls: config.requireTls, revocations: [] });
      await this.storageStep('PutBucketPolicy', () => this.store.putBucketPolicy(endpoint, name, policy));
    };
    // The bundled local store (laptops, `npm start`) implements no bucket policies: there, and only there, the step
    // is skipped (it has no tenants to keep apart: its one static key is the agents' key). Anywhere else a bucket
    // without Landfall's policy is never handed out.
    if (this.config.storage.mode === 'local') {
      record.steps.bucketPolicy = await this.optional('PutBucketPolicy', name, writePolicy);
    } else {
      await writePolicy();
      record.steps.bucketPolicy = 'applied';
    }
    if (config.blockPublicAccess) {
      record.steps.publicAccessBlock = await this.optional('PutPublicAccessBlock', name, () =>
        this.store.blockPublicAccess(endpoint, name, 'full'),
      );
    }
    // Verify: the policy can still be rewritten (revocations need it) and agents can write.
    const verify = async (): Promise<{ ok: boolean; error?: string }> => {
      try {
        if (record.steps.bucketPolicy === 'applied') await writePolicy();
      } catch (error) {
        if (isTransientAwsFailure(error)) throw error;
        return { ok: false, error: `bucket policy refused: ${(error as Error).name}` };
      }
      return this.credentials ? this.probe(name, endpoint) : { ok: true };
    };
    let probe = await verify();
    if (!probe.ok && record.steps.publicAccessBlock === 'applied') {
      // Ceph 16: BlockPublicAcls makes every PutObject 403 and BlockPublicPolicy refuses Landfall's own policy.
      // Keep what does not break the bucket, drop what does — loudly, and on the record.
      this.logger.error(
        { bucket: name, failure: probe.error },
        'the public access block breaks this bucket on this provider: reducing it to IgnorePublicAcls',
      );
      await this.storageStep('PutPublicAccessBlock', () =>
        this.store.blockPublicAccess(endpoint, name, 'ignore-acls'),
      );
      record.steps.publicAccessBlock = `reduced to IgnorePublicAcls: the full block broke the bucket (${probe.error})`;
      probe = await verify();
      if (!probe.ok) {
        await this.storageStep('DeletePublicAccessBlock', () =>
          this.store.removePublicAccessBlock(endpoint, name),
        );
        record.steps.publicAccessBlock = `undone: it broke the bucket (${probe.error})`;
        probe = await verify();
      }
      this.logger.error(
        { bucket: name, publicAccessBlock: record.steps.publicAccessBlock },
        'hardening undone',
      );
    }
    if (!this.credentials && probe.ok) return record;
    record.probe = probe.ok ? 'writable' : `not writable: ${probe.error}`;
    await this.buckets.recordProbe(name, probe.ok, new Date(this.clock.now()), record);
    if (!probe.ok) {
      this.logger.error({ bucket: name, probe: probe.error }, 'agents cannot write to the bucket');
      throw new DomainError(
        'unavailable',
        'STORAGE.BUCKET_NOT_WRITABLE',
        `Bucket ${name} is not writable with agent credentials`,
        { retryAfterSeconds: 30 },
      );
    }
    return record;
  }

  private async probe(name: string, endpoint: RegionEndpoint): Promise<{ ok: boolean; error?: string }> {
    const id = randomUUID();
    const scope = {
      backupId: id,
      applianceId: PROBE_PREFIX,
      bucket: name,
      prefix: `${PROBE_PREFIX}/${id}`,
      region: endpoint.region,
      endpoint: endpoint.endpoint,
    };
    try {
      const issued = await this.credentials!.forBackup(scope);
      await this.store.probeWrite(endpoint, name, `${scope.prefix}/probe`, issued.credentials);
      return { ok: true };
    } catch (error) {
      if (isTransientAwsFailure(error)) throw storageUnavailable('write probe', error);
      return { ok: false, error: (error as Error).name || String(error) };
    }
  }

  /** A hardening step the provider does not implement: skipped with a warning and recorded, not failing the init. */
  private async optional(
    step: string,
    bucket: string,
    work: () => Promise<void>,
    unsupported: (error: unknown) => boolean = isUnsupportedByProvider,
  ): Promise<string> {
    try {
      await this.storageStep(step, work);
      return 'applied';
    } catch (error) {
      if (!unsupported(error)) throw error;
      this.logger.warn(
        { bucket, step, reason: (error as Error).name },
        `${step} is not supported by this storage provider; bucket left without it`,
      );
      return `unsupported: ${(error as Error).name}`;
    }
  }

  private async storageStep<T>(step: string, work: () => Promise<T>): Promise<T> {
    // 501 NotImplemented is a 5xx but no outage: retrying it cannot help.
    const isTransient = (error: unknown) => isTransientAwsFailure(error) && !isUnsupportedByProvider(error);
    try {
      return await retryWithinBudget(work, { budgetMs: this.config.upstream.retryBudgetMs, isTransient });
    } catch (error) {
      if (isTransient(error)) throw storageUnavailable(step, error);
      throw error;
    }
  }

  private remember(record: BucketRecord): BucketRecord {
    this.ready.set(record.name, record);
    return record;
  }
}
