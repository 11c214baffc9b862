import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '@landfall/audit';
import { BackupRepository, LiveBackupService, type Backup } from '@landfall/backups';
import { CLOCK, type Clock } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import type { CallContext } from '@landfall/identity';
import { PLACEMENT, type PlacementPort } from '@landfall/placement';
import { tklbamErrors } from '../protocol/errors';
import { recordJson, type TklbamRecordJson } from '../protocol/record-json';
import { parseS3Address } from '../protocol/wire';
import type { TklbamCaller, TklbamRecord } from '../tklbam';
import { TklbamRecordsRepository } from '../tklbam-records.repository';
import { tklbamEvent } from './tklbam-audit';

const RECORD_ID = /^[1-9]\d{0,8}$/;

/**
 * TKLBAM backup records over Landfall's own model: a record is an appliance of the caller's account with one live
 * backup, placed by the same placement as `/v1/init`. Another account's record is indistinguishable from none.
 */
@Injectable()
export class TklbamRecordsService {
  private readonly logger = new Logger(TklbamRecordsService.name);

  constructor(
    private readonly records: TklbamRecordsRepository,
    private readonly live: LiveBackupService,
    private readonly backups: BackupRepository,
    @Inject(PLACEMENT) private readonly placement: PlacementPort,
    private readonly audit: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(
    caller: TklbamCaller,
    call: CallContext,
    input: { key: string; turnkeyVersion: string; serverId: string | null },
  ): Promise<TklbamRecordJson> {
    const max = this.config.tklbam.maxRecordsPerAccount;
    const record = await this.records.create({ accountId: caller.accountId, ...input, maxPerAccount: max });
    if (!record) throw tklbamErrors.limitExceeded(max);
    let backup: Backup;
    let signal: string;
    let confidence: unknown;
    try {
      const decision = await this.placement.decide({
        applianceId: record.applianceId,
        accountId: caller.accountId,
        peerIp: call.sourceIp,
        headers: call.headers,
      });
      backup = (
        await this.live.createIn(decision, { applianceId: record.applianceId, accountId: caller.accountId })
      ).backup;
      signal = decision.signal;
      confidence = decision.confidence;
    } catch (error) {
      // No backup, no record: the agent retries record/create on its next run.
      await this.records.deleteWithoutBackup(record).catch((cleanup: unknown) => {
        this.logger.error(
          { err: cleanup, recordId: record.id },
          'could not remove a record left without backup',
        );
      });
      throw error;
    }
    await this.audit.record(
      tklbamEvent(caller, call, {
        action: 'tklbam.record.create',
        targetType: 'backup',
        targetId: backup.id,
        after: {
          recordId: record.id,
          applianceId: record.applianceId,
          region: backup.region,
          placementSignal: signal,
          placementConfidence: confidence,
          turnkeyVersion: record.turnkeyVersion,
          serverId: record.serverId,
        },
      }),
    );
    return recordJson(record, backup);
  }

  async get(caller: TklbamCaller, call: CallContext, id: string): Promise<TklbamRecordJson> {
    const record = await this.owned(caller, id);
    const backup = await this.backupOf(record);
    await this.audit.record(this.event(caller, call, 'tklbam.record.get', record, backup));
    return recordJson(record, backup);
  }

  async updateKey(
    caller: TklbamCaller,
    call: CallContext,
    id: string,
    key: string,
  ): Promise<TklbamRecordJson> {
    const record = await this.records.updateKey((await this.owned(caller, id)).id, caller.accountId, key);
    if (!record) throw tklbamErrors.recordNotFound(id);
    const backup = await this.backupOf(record);
    await this.audit.record(this.event(caller, call, 'tklbam.record.update-key', record, backup));
    return recordJson(record, backup);
  }

  async setInProgress(
    caller: TklbamCaller,
    call: CallContext,
    id: string,
    inProgress: boolean,
  ): Promise<TklbamRecordJson> {
    const record = await this.owned(caller, id);
    if (inProgress && (await this.backupOf(record))?.status === 'migrating') {
      throw tklbamErrors.recordMigrating(id, this.config.migrations.retryAfterSeconds);
    }
    const backup = await this.progress(record, { inProgress });
    await this.audit.record(
      this.event(caller, call, 'tklbam.record.inprogress', record, backup, { inProgress }),
    );
    return recordJson(record, backup);
  }

  /** `record/update/`: the agent finished a backup to `address`. */
  async backedUp(caller: TklbamCaller, call: CallContext, address: string): Promise<TklbamRecordJson> {
    const location = parseS3Address(address);
    const record = location
      ? await this.records.findByLocation(caller.accountId, location.bucket, location.prefix)
      : null;
    if (!record) throw tklbamErrors.recordNotFound(address);
    const backup = await this.progress(record, {
      inProgress: false,
      lastBackupAt: new Date(this.clock.now()),
    });
    await this.audit.record(this.event(caller, call, 'tklbam.record.backed-up', record, backup));
    return recordJson(record, backup);
  }

  async list(caller: TklbamCaller, call: CallContext): Promise<TklbamRecordJson[]> {
    const records = await this.records.listForAccount(caller.accountId);
    const out = await Promise.all(records.map(async (r) => recordJson(r, await this.backupOf(r))));
    await this.audit.record(
      tklbamEvent(caller, call, {
        action: 'tklbam.records.list',
        targetType: 'account',
        targetId: caller.accountId,
        after: { count: out.length },
      }),
    );
    return out;
  }

  private async owned(caller: TklbamCaller, id: string): Promise<TklbamRecord> {
    const record = RECORD_ID.test(id) ? await this.records.findInAccount(Number(id), caller.accountId) : null;
    if (!record) throw tklbamErrors.recordNotFound(id);
    return record;
  }

  /** The appliance's live backup, else its newest one (retired after a migration that left no successor). */
  private async backupOf(record: TklbamRecord): Promise<Backup | null> {
    return (
      (await this.backups.findLive(record.applianceId)) ??
      (await this.backups.listForAppliance(record.applianceId))[0] ??
      null
    );
  }

  private async progress(
    record: TklbamRecord,
    progress: { inProgress?: boolean; lastBackupAt?: Date },
  ): Promise<Backup | null> {
    const backup = await this.backups.findLive(record.applianceId);
    if (!backup) return this.backupOf(record);
    return (await this.backups.recordProgress(backup.id, record.applianceId, progress)) ?? backup;
  }

  private event(
    caller: TklbamCaller,
    call: CallContext,
    action: string,
    record: TklbamRecord,
    backup: Backup | null,
    extra: Record<string, unknown> = {},
  ) {
    return tklbamEvent(caller, call, {
      action,
      targetType: 'backup',
      targetId: backup?.id,
      after: { recordId: record.id, applianceId: record.applianceId, ...extra },
    });
  }
}
