import { PlacementDecisionDto } from '@landfall/placement';
import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '@landfall/audit';
import { CLOCK, DomainError, METRICS, type Clock } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import { CredentialsService } from '@landfall/credentials';
import { applianceActor, type AppliancePrincipal, type CallContext } from '@landfall/identity';
import type { Backup } from '../domain/backup';
import { BackupRepository } from '../repositories/backup.repository';
import { BackupLocationDto, CredentialsDto, InitResponseDto, type InitRequestDto } from '../dto/init.dto';
import { IdempotencyRepository } from '../repositories/idempotency.repository';
import { requestFingerprint } from '../domain/request-fingerprint';
import { PLACEMENT, type PlacementDecision, type PlacementPort } from '../domain/placement';
import { scopeOf } from './backup-credentials';
import { BackupMigrationGuard } from './backup-migration.guard';
import { LiveBackupService } from './live-backup.service';

/** What an idempotent replay stores: everything but the credentials (secrets never reach the database). */
interface StoredInit {
  backupId: string;
  placement: PlacementDecision;
}

const countInit = METRICS.counter(
  'landfall_inits_total',
  'Agent inits by placement signal, region and outcome (created, existing, replay, or the refusal code)',
  ['signal', 'region', 'outcome'],
);

/**
 * POST /v1/init: the calling appliance's live backup (created on first call, in the region placement picks; sticky
 * afterwards) and fresh scoped credentials for it.
 */
@Injectable()
export class InitService {
  constructor(
    @Inject(PLACEMENT) private readonly placement: PlacementPort,
    private readonly live: LiveBackupService,
    private readonly backups: BackupRepository,
    private readonly credentials: CredentialsService,
    private readonly idempotency: IdempotencyRepository,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly migrationGuard: BackupMigrationGuard,
  ) {}

  async init(
    appliance: AppliancePrincipal,
    call: CallContext,
    body: InitRequestDto,
    idempotencyKey?: string,
  ): Promise<InitResponseDto> {
    try {
      return await this.initOnce(appliance, call, body, idempotencyKey);
    } catch (error) {
      // Placement may not have run: the refusal is counted without a signal or region.
      const outcome = error instanceof DomainError ? error.code : 'INTERNAL';
      countInit({ signal: 'none', region: 'none', outcome });
      throw error;
    }
  }

  private async initOnce(
    appliance: AppliancePrincipal,
    call: CallContext,
    body: InitRequestDto,
    idempotencyKey: string | undefined,
  ): Promise<InitResponseDto> {
    if (!idempotencyKey) return this.perform(appliance, call, body);
    const fingerprint = requestFingerprint(body);
    const notBefore = new Date(this.clock.now() - this.config.idempotency.ttlHours * 3_600_000);
    const prior = await this.idempotency.find(appliance.applianceId, idempotencyKey, notBefore);
    if (prior) {
      if (prior.requestHash !== fingerprint) {
        throw new DomainError(
          'conflict',
          'IDEMPOTENCY.KEY_REUSED',
          'This Idempotency-Key was used with a different request body',
        );
      }
      return this.replay(appliance, call, prior.response as StoredInit);
    }
    const response = await this.perform(appliance, call, body);
    const stored: StoredInit = {
      backupId: response.backup.id,
      placement: response.placement as PlacementDecision,
    };
    await this.idempotency.save(appliance.applianceId, idempotencyKey, fingerprint, stored, notBefore);
    return response;
  }

  private async perform(
    appliance: AppliancePrincipal,
    call: CallContext,
    body: InitRequestDto,
  ): Promise<InitResponseDto> {
    const existing = await this.live.findLive(appliance.applianceId);
    const decision = await this.placement.decide({
      applianceId: appliance.applianceId,
      accountId: appliance.accountId,
      client: call.client,
      headers: call.headers,
      regionHint: body.regionHint,
      existingBackupRegion: existing?.region,
    });
    const { backup, created } = existing
      ? { backup: existing, created: false }
      : await this.live.createIn(decision, appliance);
    return this.respond(appliance, call, backup, decision, { created, replay: false });
  }

  private async replay(
    appliance: AppliancePrincipal,
    call: CallContext,
    stored: StoredInit,
  ): Promise<InitResponseDto> {
    const backup = await this.backups.findOwnedBy(stored.backupId, appliance.applianceId);
    if (!backup)
      throw new DomainError('gone', 'IDEMPOTENCY.BACKUP_GONE', 'The backup this key created is gone');
    return this.respond(appliance, call, backup, stored.placement, { created: false, replay: true });
  }

  private async respond(
    appliance: AppliancePrincipal,
    call: CallContext,
    backup: Backup,
    placement: PlacementDecision,
    how: { created: boolean; replay: boolean },
  ): Promise<InitResponseDto> {
    this.migrationGuard.assertWritable(backup);
    const issued = await this.credentials.forBackup(scopeOf(backup));
    const expiration = issued.credentials.expiration.toISOString();
    const common = { actor: applianceActor(appliance, call) };
    if (issued.freshlyIssued) {
      await this.audit.record({
        ...common,
        action: 'credentials.issue',
        targetType: 'backup',
        targetId: backup.id,
        after: { provider: this.credentials.provider, expiration, keyId: appliance.keyId },
      });
    }
    await this.audit.record({
      ...common,
      action: 'backup.init',
      targetType: 'backup',
      targetId: backup.id,
      after: {
        applianceId: appliance.applianceId,
        region: backup.region,
        placementSignal: placement.signal,
        placementConfidence: placement.confidence,
        created: how.created,
        replay: how.replay,
        credentialExpiration: expiration,
      },
    });
    countInit({
      signal: placement.signal,
      region: backup.region,
      outcome: how.replay ? 'replay' : how.created ? 'created' : 'existing',
    });
    return {
      backup: BackupLocationDto.from(backup),
      credentials: CredentialsDto.from(issued.credentials),
      placement: PlacementDecisionDto.from(placement),
      probes: this.placement.probesFor(backup.region, placement.candidates),
    };
  }
}
