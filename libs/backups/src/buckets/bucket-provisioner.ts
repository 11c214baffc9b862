import { Inject, Injectable, Logger } from '@nestjs/common';
import { CLOCK, DomainError, retryWithinBudget, type Clock } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import {
  isTransientStorageFailure,
  isUnsupportedByProvider,
  OBJECT_STORE,
  storageUnavailable,
  type ObjectStore,
  type RegionEndpoint,
} from '@landfall/storage';
import type { BucketRecord, RegionTarget } from '../backup';
import { sharedBucketName } from './bucket-name';
import { tlsOnlyBucketPolicy } from './bucket-policy';
import { BucketRepository } from './bucket.repository';

/**
 * Makes a region's shared bucket exist. The row goes `pending` (intent) → CreateBucket on the region's own endpoint
 * → hardening → `ready`; only a `ready` bucket is ever handed to a backup. Every step is safe to repeat, so hubs
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
    if (existing?.status === 'ready') return this.remember(existing);
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
    const hardening = this.config.buckets;
    if (hardening.blockPublicAccess) {
      await this.optional('PutPublicAccessBlock', name, () => this.store.blockPublicAccess(endpoint, name));
    }
    if (hardening.defaultEncryption) {
      await this.optional('PutBucketEncryption', name, () =>
        this.store.enableDefaultEncryption(endpoint, name),
      );
    }
    if (hardening.requireTls) {
      await this.optional('PutBucketPolicy', name, () =>
        this.store.putBucketPolicy(endpoint, name, tlsOnlyBucketPolicy(name)),
      );
    }
    await this.buckets.markReady(record.id, new Date(this.clock.now()));
    this.logger.log({ bucket: name, region: target.region }, 'bucket ready');
    return this.remember({ ...record, status: 'ready' });
  }

  /** A hardening step the provider may not implement: skipped with a warning rather than failing the init. */
  private async optional(step: string, bucket: string, work: () => Promise<void>): Promise<void> {
    try {
      await this.storageStep(step, work);
    } catch (error) {
      if (!isUnsupportedByProvider(error)) throw error;
      this.logger.warn(
        { bucket, step, reason: (error as Error).name },
        `${step} is not supported by this storage provider; bucket left without it`,
      );
    }
  }

  private async storageStep<T>(step: string, work: () => Promise<T>): Promise<T> {
    // 501 NotImplemented is a 5xx but no outage: retrying it cannot help.
    const isTransient = (error: unknown) =>
      isTransientStorageFailure(error) && !isUnsupportedByProvider(error);
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
