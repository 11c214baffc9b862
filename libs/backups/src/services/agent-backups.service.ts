import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '@landfall/audit';
import { DomainError } from '@landfall/common';
import { CredentialsService } from '@landfall/credentials';
import { applianceActor, type AppliancePrincipal, type CallContext } from '@landfall/identity';
import type { Backup } from '../domain/backup';
import { BackupRepository } from '../repositories/backup.repository';
import { AgentBackupDto, BackupDto, BackupListDto, type UpdateBackupDto } from '../dto/backup.dto';
import { PLACEMENT, type PlacementPort, type ProbeTarget } from '../domain/placement';
import { BackupLocationDto, CredentialsDto, CredentialsResponseDto } from '../dto/init.dto';
import { scopeOf } from './backup-credentials';
import { BackupMigrationGuard } from './backup-migration.guard';

const notFound = () => new DomainError('not_found', 'BACKUP.NOT_FOUND', 'No such backup');

/** An appliance's view of its own backups. Another appliance's backup is indistinguishable from none (404). */
@Injectable()
export class AgentBackupsService {
  constructor(
    private readonly backups: BackupRepository,
    private readonly credentials: CredentialsService,
    private readonly audit: AuditLog,
    private readonly migrationGuard: BackupMigrationGuard,
    @Inject(PLACEMENT) private readonly placement: PlacementPort,
  ) {}

  async list(appliance: AppliancePrincipal, call: CallContext): Promise<BackupListDto> {
    const backups = await this.backups.listForAppliance(appliance.applianceId);
    const live = backups.find((b) => b.status !== 'retired');
    return { items: backups.map(BackupDto.from), probes: await this.probes(appliance, call, live?.region) };
  }

  async get(appliance: AppliancePrincipal, backupId: string, call: CallContext): Promise<AgentBackupDto> {
    const backup = await this.owned(appliance, backupId);
    return { ...BackupDto.from(backup), probes: await this.probes(appliance, call, backup.region) };
  }

  /**
   * What to time from where the caller is now (docs/agents-latency.md): the backup's region first, then the
   * candidates a new backup from this address would get. In memory; no query.
   */
  private async probes(
    appliance: AppliancePrincipal,
    call: CallContext,
    region: string | undefined,
  ): Promise<ProbeTarget[]> {
    const decision = await this.placement.decide({
      applianceId: appliance.applianceId,
      accountId: appliance.accountId,
      client: call.client,
      headers: call.headers,
    });
    return this.placement.probesFor(region ?? decision.region, decision.candidates);
  }

  async update(appliance: AppliancePrincipal, backupId: string, patch: UpdateBackupDto): Promise<BackupDto> {
    const updated = await this.backups.recordProgress(backupId, appliance.applianceId, patch);
    if (!updated) throw notFound();
    return BackupDto.from(updated);
  }

  async refreshCredentials(
    appliance: AppliancePrincipal,
    backupId: string,
    call: CallContext,
  ): Promise<CredentialsResponseDto> {
    const backup = await this.owned(appliance, backupId);
    if (backup.status === 'retired') {
      throw new DomainError('conflict', 'BACKUP.RETIRED', 'A retired backup gets no credentials');
    }
    this.migrationGuard.assertWritable(backup);
    const issued = await this.credentials.forBackup(scopeOf(backup), { forceRefresh: true });
    await this.audit.record({
      actor: applianceActor(appliance, call),
      action: issued.freshlyIssued ? 'credentials.issue' : 'credentials.reuse',
      targetType: 'backup',
      targetId: backup.id,
      after: {
        provider: this.credentials.provider,
        expiration: issued.credentials.expiration.toISOString(),
        keyId: appliance.keyId,
        refresh: true,
      },
    });
    return { backup: BackupLocationDto.from(backup), credentials: CredentialsDto.from(issued.credentials) };
  }

  private async owned(appliance: AppliancePrincipal, backupId: string): Promise<Backup> {
    const backup = await this.backups.findOwnedBy(backupId, appliance.applianceId);
    if (!backup) throw notFound();
    return backup;
  }
}
