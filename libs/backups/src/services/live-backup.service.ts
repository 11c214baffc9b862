import { Injectable } from '@nestjs/common';
import { DomainError } from '@landfall/common';
import type { Backup } from '../domain/backup';
import type { PlacementDecision } from '../domain/placement';
import { BackupRepository } from '../repositories/backup.repository';
import { BucketProvisioner } from './bucket-provisioner';
import { BucketRepository } from '../repositories/bucket.repository';

/**
 * Finds or creates an appliance's one live backup in a region. Concurrent callers in this process share one
 * attempt; across processes the database decides (see BackupRepository.findOrCreateLive). The bucket is made
 * ready first, so a backup row never points at a bucket that does not exist.
 */
@Injectable()
export class LiveBackupService {
  private readonly inFlight = new Map<string, Promise<{ backup: Backup; created: boolean }>>();

  constructor(
    private readonly backups: BackupRepository,
    private readonly buckets: BucketRepository,
    private readonly provisioner: BucketProvisioner,
  ) {}

  findLive(applianceId: string): Promise<Backup | null> {
    return this.backups.findLive(applianceId);
  }

  async createIn(
    placement: PlacementDecision,
    owner: { applianceId: string; accountId: string },
  ): Promise<{ backup: Backup; created: boolean }> {
    const joined = this.inFlight.get(owner.applianceId);
    if (joined) return { backup: (await joined).backup, created: false };
    const flight = this.create(placement, owner).finally(() => this.inFlight.delete(owner.applianceId));
    this.inFlight.set(owner.applianceId, flight);
    return flight;
  }

  private async create(
    placement: PlacementDecision,
    owner: { applianceId: string; accountId: string },
  ): Promise<{ backup: Backup; created: boolean }> {
    const region = placement.region;
    const target = await this.buckets.findRegionTarget(region);
    if (!target || target.status !== 'active') {
      throw new DomainError(
        'unavailable',
        'PLACEMENT.REGION_UNAVAILABLE',
        `Region ${region} cannot take new backups now`,
        { retryAfterSeconds: 30 },
      );
    }
    const bucket = await this.provisioner.ensureReady(target);
    return this.backups.findOrCreateLive({
      ...owner,
      region,
      bucketId: bucket.id,
      placedCountry: placement.countryCode,
      placedSubdivision: placement.subdivisionCode,
      placementSignal: placement.signal,
    });
  }
}
