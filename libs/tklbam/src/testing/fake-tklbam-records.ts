import type { AuditEventInput } from '@landfall/audit';
import type { Backup } from '@landfall/backups';
import type { NewTklbamRecord, TklbamRecord } from '../domain/tklbam';
import type { TklbamRecordsRepository } from '../repositories/tklbam-records.repository';

export { backupFixture, placementDecision } from '../../../../test/fakes/backup-fixtures';

/** TKLBAM records in memory, one appliance each, with the account limit the real transaction enforces. */
export class FakeTklbamRecordsRepository implements Pick<
  TklbamRecordsRepository,
  'create' | 'deleteWithoutBackup' | 'findInAccount' | 'listForAccount' | 'updateKey' | 'findByLocation'
> {
  readonly records = new Map<number, TklbamRecord>();
  /** bucket/prefix → record id, as the backup rows would tell. */
  readonly locations = new Map<string, number>();
  failDelete = false;
  private nextId = 1;

  async create(input: NewTklbamRecord): Promise<TklbamRecord | null> {
    const mine = [...this.records.values()].filter((r) => r.accountId === input.accountId);
    if (mine.length >= input.maxPerAccount) return null;
    const id = this.nextId++;
    const record: TklbamRecord = {
      id,
      accountId: input.accountId,
      applianceId: `appliance-${id}`,
      key: input.key,
      turnkeyVersion: input.turnkeyVersion,
      serverId: input.serverId,
      description: '',
      createdAt: new Date('2026-12-01T00:00:00Z'),
      updatedAt: new Date('2026-12-01T00:00:00Z'),
    };
    this.records.set(id, record);
    return record;
  }

  async deleteWithoutBackup(record: TklbamRecord): Promise<void> {
    if (this.failDelete) throw new Error('database down');
    this.records.delete(record.id);
  }

  async findInAccount(id: number, accountId: string): Promise<TklbamRecord | null> {
    const record = this.records.get(id);
    return record?.accountId === accountId ? record : null;
  }

  async listForAccount(accountId: string): Promise<TklbamRecord[]> {
    return [...this.records.values()].filter((r) => r.accountId === accountId);
  }

  async updateKey(id: number, accountId: string, key: string): Promise<TklbamRecord | null> {
    const record = await this.findInAccount(id, accountId);
    if (!record) return null;
    const updated = { ...record, key };
    this.records.set(id, updated);
    return updated;
  }

  async findByLocation(accountId: string, bucket: string, prefix: string): Promise<TklbamRecord | null> {
    const id = this.locations.get(`${bucket}/${prefix}`);
    return id === undefined ? null : this.findInAccount(id, accountId);
  }
}

/** The part of BackupRepository records need: backups by appliance, and progress written onto them. */
export class FakeTklbamBackups {
  readonly backups: Backup[] = [];
  readonly progress: { backupId: string; change: Partial<Backup> }[] = [];

  async findLive(applianceId: string): Promise<Backup | null> {
    return this.backups.find((b) => b.applianceId === applianceId && b.status !== 'retired') ?? null;
  }

  async listForAppliance(applianceId: string): Promise<Backup[]> {
    return this.backups.filter((b) => b.applianceId === applianceId);
  }

  async recordProgress(
    backupId: string,
    _applianceId: string,
    change: { inProgress?: boolean; lastBackupAt?: Date; sizeBytes?: number },
  ): Promise<Backup | null> {
    const i = this.backups.findIndex((b) => b.id === backupId);
    if (i < 0) return null;
    const clean = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
    this.progress.push({ backupId, change: clean });
    this.backups[i] = { ...this.backups[i], ...clean };
    return this.backups[i];
  }
}

export class FakeAuditLog {
  readonly events: AuditEventInput[] = [];
  async record(event: AuditEventInput): Promise<void> {
    this.events.push(event);
  }
}
