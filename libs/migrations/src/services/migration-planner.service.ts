import { Inject, Injectable, Logger } from '@nestjs/common';
import { BucketRepository } from '@landfall/backups';
import { CLOCK, DomainError, type Clock } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { type Actor } from '@landfall/audit';
import { PlacementStateService } from '@landfall/placement';
import { estimateSeconds } from '../domain/progress';
import type { BackupSelection } from '../domain/migration';
import { MigrationPlanRepository, type BackupCandidate } from '../repositories/migration-plan.repository';
import { JOB_QUEUE, type JobQueue } from './job-queue';
import { MIGRATION_STORE, type MigrationStore } from '@landfall/storage';
import type { CreateMigrationDto, MigrationPlanDto } from '../dto/migration.dto';

/** A dry run lists at most this many backups, and at most this many objects in all (see plan). */
export const DRY_RUN_LISTED_BACKUPS = 20;
export const DRY_RUN_LISTED_OBJECTS = 100_000;

/** A credential issued just before the freeze may finish being handed out a little after it. */
const ISSUE_SLACK_SECONDS = 60;

/** Turns an operator's request into a plan (dry run) or a started migration: validation, selection, freeze. */
@Injectable()
export class MigrationPlanner {
  private readonly logger = new Logger(MigrationPlanner.name);

  constructor(
    private readonly repository: MigrationPlanRepository,
    private readonly regions: BucketRepository,
    private readonly placement: PlacementStateService,
    @Inject(MIGRATION_STORE) private readonly store: MigrationStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The dry run, bounded so it fits in a request: the first DRY_RUN_LISTED_BACKUPS backups are listed (at most
   * DRY_RUN_LISTED_OBJECTS objects in all); the others count with the size their agents reported, and an object count
   * extrapolated from the listed ones. The answer says what it is based on.
   */
  async plan(request: CreateMigrationDto): Promise<MigrationPlanDto> {
    const backups = await this.select(request);
    const planned: MigrationPlanDto['backups'] = [];
    let budget = DRY_RUN_LISTED_OBJECTS;
    let listedBackups = 0;
    for (const backup of backups) {
      if (listedBackups >= DRY_RUN_LISTED_BACKUPS || budget <= 0) break;
      let objects = 0;
      let bytes = 0;
      let complete = true;
      const at = { region: backup.region, endpoint: backup.endpoint, bucket: backup.bucket };
      for await (const page of this.store.list(at, backup.prefix)) {
        objects += page.length;
        bytes += page.reduce((n, o) => n + o.size, 0);
        budget -= page.length;
        if (budget <= 0) {
          complete = false;
          break;
        }
      }
      if (!complete) break;
      planned.push({ backupId: backup.id, sourceRegion: backup.region, objects, bytes, basis: 'listed' });
      listedBackups += 1;
    }
    const sampleObjects = planned.reduce((n, p) => n + p.objects, 0);
    const sampleBytes = planned.reduce((n, p) => n + p.bytes, 0);
    const bytesPerObject = sampleObjects > 0 ? sampleBytes / sampleObjects : null;
    for (const backup of backups.slice(listedBackups)) {
      planned.push({
        backupId: backup.id,
        sourceRegion: backup.region,
        objects: bytesPerObject ? Math.ceil(backup.sizeBytes / bytesPerObject) : 0,
        bytes: backup.sizeBytes,
        basis: 'reported',
      });
    }
    const objects = planned.reduce((n, p) => n + p.objects, 0);
    const bytes = planned.reduce((n, p) => n + p.bytes, 0);
    return {
      dryRun: true,
      targetRegion: request.targetRegion,
      backups: planned,
      objects,
      bytes,
      estimatedSeconds: estimateSeconds(objects, bytes, this.config.migrations.estimateBytesPerSecond),
      estimate: {
        listedBackups,
        totalBackups: backups.length,
        note:
          listedBackups === backups.length
            ? `exact: all ${backups.length} backups listed`
            : `estimate based on ${listedBackups} listed backups of ${backups.length}; the others count with the size their agents reported`,
      },
    };
  }

  /** Freezes the selected backups and queues their migration; returns the migration id. */
  async start(request: CreateMigrationDto, actor: Actor): Promise<string> {
    const backups = await this.select(request);
    const frozenAt = new Date(this.clock.now());
    // Every credential for these backups was issued before the freeze (init and refresh now answer 409), so none
    // outlives this instant: after it, nobody can write to the source unseen.
    const quietAt = new Date(
      frozenAt.getTime() + (this.config.credentials.ttlSeconds + ISSUE_SLACK_SECONDS) * 1000,
    );
    const id = await this.repository.create(
      { targetRegion: request.targetRegion, selection: selectionOf(request), backups, frozenAt, quietAt },
      actor,
    );
    const record = await this.repository.find(id);
    for (const item of record?.items ?? []) {
      // Best effort: a worker's sweep finds due items even when this send is lost.
      await this.queue
        .enqueue(item.id)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'could not queue'));
    }
    return id;
  }

  private async select(request: CreateMigrationDto): Promise<BackupCandidate[]> {
    const target = await this.regions.findRegionTarget(request.targetRegion);
    if (!target)
      throw new DomainError('invalid', 'MIGRATION.UNKNOWN_REGION', `No region ${request.targetRegion}`);
    if (target.status !== 'active') {
      throw new DomainError(
        'conflict',
        'MIGRATION.REGION_NOT_ACTIVE',
        `Region ${target.region} is ${target.status}: it takes no backups`,
      );
    }
    const selection = selectionOf(request);
    if (
      !selection.backupIds &&
      !selection.sourceRegion &&
      !selection.accountId &&
      !selection.indexPrefersTarget &&
      !selection.placedIn
    ) {
      throw new DomainError(
        'invalid',
        'MIGRATION.NO_SELECTION',
        'Say which backups: backupIds, sourceRegion, accountId, placedIn and/or indexPrefersTarget',
      );
    }
    if (selection.sourceRegion === request.targetRegion) throw sameRegion(request.targetRegion);
    let backups = await this.repository.findCandidates(selection);
    if (selection.backupIds) {
      const found = new Set(backups.map((b) => b.id));
      const missing = selection.backupIds.find((id) => !found.has(id));
      if (missing) throw new DomainError('not_found', 'BACKUP.NOT_FOUND', `No backup ${missing}`);
      for (const backup of backups) {
        if (backup.status === 'retired') {
          throw new DomainError('conflict', 'MIGRATION.BACKUP_RETIRED', `Backup ${backup.id} is retired`);
        }
        if (backup.status === 'migrating') {
          throw new DomainError(
            'conflict',
            'MIGRATION.ALREADY_MIGRATING',
            `Backup ${backup.id} is already migrating`,
          );
        }
        if (backup.region === request.targetRegion) throw sameRegion(request.targetRegion, backup.id);
      }
    } else {
      // Selections move what can move: backups already there or already on their way are left out.
      backups = backups.filter((b) => b.status === 'active' && b.region !== request.targetRegion);
    }
    if (selection.indexPrefersTarget)
      backups = backups.filter((b) => this.indexPrefers(b, request.targetRegion));
    if (backups.length === 0) {
      throw new DomainError(
        'invalid',
        'MIGRATION.EMPTY_SELECTION',
        'The selection matches no backup that can move',
      );
    }
    return backups;
  }

  private indexPrefers(backup: BackupCandidate, region: string): boolean {
    const index = this.placement.current().index;
    const entry =
      (backup.placedSubdivision ? index.get(backup.placedSubdivision) : undefined) ??
      (backup.placedCountry ? index.get(backup.placedCountry) : undefined);
    return entry?.regions[0] === region;
  }
}

function selectionOf(request: CreateMigrationDto): BackupSelection {
  return {
    backupIds: request.backupIds,
    sourceRegion: request.sourceRegion,
    accountId: request.accountId,
    indexPrefersTarget: request.indexPrefersTarget || undefined,
    placedIn: request.placedIn,
  };
}

function sameRegion(region: string, backupId?: string): DomainError {
  return new DomainError(
    'invalid',
    'MIGRATION.TARGET_IS_SOURCE',
    backupId ? `Backup ${backupId} is already in ${region}` : `Source and target are both ${region}`,
  );
}
