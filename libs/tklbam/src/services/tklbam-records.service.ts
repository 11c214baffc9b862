import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '@landfall/audit';
import { BackupRepository, LiveBackupService, type Backup } from '@landfall/backups';
import { CLOCK, type Clock } from '@landfall/common';
import { APP_CONFIG, type AppConfig } from '@landfall/config';
import type { CallContext } from '@landfall/identity';
import { PLACEMENT, type PlacementPort } from '@landfall/placement';
import { PREFIX_METER, type PrefixMeter, type PrefixUsage } from '@landfall/storage';
import { tklbamErrors } from '../domain/errors';
import { recordJson, type TklbamRecordJson } from '../domain/record-json';
import { parseS3Address, tklbamS3Host } from '../domain/wire';
import type { TklbamCaller, TklbamRecord } from '../domain/tklbam';
import { TklbamRecordsRepository } from '../repositories/tklbam-records.repository';
import { tklbamEvent } from './tklbam-audit';

const RECORD_ID = /^[1-9]\d{0,8}$/;

/** How a backup's size was measured when it ended; `failed` and incomplete keep the size measured before. */
type SizeMeasurement = PrefixUsage | { failed: string };

/**
 * TKLBAM backup records over Landfall's own model: a record is an appliance of the caller's account with one live
 * backup, placed by the same placement as `/v1/init`. Another account's record is indistinguishable from none.
 */
@Injectable()
export class TklbamRecordsService {
  private readonly logger = new Logger(TklbamRecordsService.name);
  /** Regions already warned about: their addresses carry a port (see tklbamS3Host). */
  private readonly warnedRegions = new Set<string>();

  constructor(
    private readonly records: TklbamRecordsRepository,
    private readonly live: LiveBackupService,
    private readonly backups: BackupRepository,
    @Inject(PLACEMENT) private readonly placement: PlacementPort,
    @Inject(PREFIX_METER) private readonly meter: PrefixMeter,
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
        client: call.client,
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
    return recordJson(record, backup, this.addressHost);
  }

  async get(caller: TklbamCaller, call: CallContext, id: string): Promise<TklbamRecordJson> {
    const record = await this.owned(caller, id);
    const backup = await this.backupOf(record);
    await this.audit.record(this.event(caller, call, 'tklbam.record.get', record, backup));
    return recordJson(record, backup, this.addressHost);
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
    return recordJson(record, backup, this.addressHost);
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
    // The agent marks the end of every backup (also a failed one) with inprogress False: measure it then.
    const { backup, size } = await this.progress(record, { inProgress }, !inProgress);
    await this.audit.record(
      this.event(caller, call, 'tklbam.record.inprogress', record, backup, {
        inProgress,
        ...sizeAudit(size),
      }),
    );
    return recordJson(record, backup, this.addressHost);
  }

  /** `record/update/`: the agent finished a backup to `address`. */
  async backedUp(caller: TklbamCaller, call: CallContext, address: string): Promise<TklbamRecordJson> {
    const location = parseS3Address(address);
    const record = location
      ? await this.records.findByLocation(caller.accountId, location.bucket, location.prefix)
      : null;
    if (!record) throw tklbamErrors.recordNotFound(address);
    const { backup, size } = await this.progress(
      record,
      { inProgress: false, lastBackupAt: new Date(this.clock.now()) },
      true,
    );
    await this.audit.record(
      this.event(caller, call, 'tklbam.record.backed-up', record, backup, sizeAudit(size)),
    );
    return recordJson(record, backup, this.addressHost);
  }

  async list(caller: TklbamCaller, call: CallContext): Promise<TklbamRecordJson[]> {
    const records = await this.records.listForAccount(caller.accountId);
    const out = await Promise.all(
      records.map(async (r) => recordJson(r, await this.backupOf(r), this.addressHost)),
    );
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
    measure: boolean,
  ): Promise<{ backup: Backup | null; size?: SizeMeasurement }> {
    const backup = await this.backups.findLive(record.applianceId);
    if (!backup) return { backup: await this.backupOf(record) };
    const size = measure ? await this.measure(backup) : undefined;
    const sizeBytes = size && 'complete' in size && size.complete ? size.bytes : undefined;
    const updated = await this.backups.recordProgress(backup.id, record.applianceId, {
      ...progress,
      sizeBytes,
    });
    return { backup: updated ?? backup, size };
  }

  /**
   * `size` as tklbam-list shows it: the bytes stored below the backup's prefix (Duplicity's volumes, signatures and
   * manifests), listed within TKLBAM_SIZE_SCAN_MAX_OBJECTS / TKLBAM_SIZE_SCAN_SECONDS. Never fails the agent's call.
   */
  private async measure(backup: Backup): Promise<SizeMeasurement> {
    try {
      const usage = await this.meter.measurePrefix(
        { region: backup.region, endpoint: backup.endpoint },
        backup.bucket,
        `${backup.prefix}/`,
        this.config.tklbam.sizeScan,
      );
      if (!usage.complete) {
        this.logger.warn(
          { backupId: backup.id, objects: usage.objects, limits: this.config.tklbam.sizeScan },
          'backup size not measured: the listing hit TKLBAM_SIZE_SCAN_MAX_OBJECTS or TKLBAM_SIZE_SCAN_SECONDS; the last measured size stays',
        );
      }
      return usage;
    } catch (error) {
      this.logger.warn({ err: error, backupId: backup.id }, 'backup size not measured: listing failed');
      return { failed: (error as Error).name || 'Error' };
    }
  }

  private readonly addressHost = (backup: Backup): string => {
    const { host, portless } = tklbamS3Host(backup.region, backup.endpoint, this.config.tklbam.s3Hosts);
    if (!portless && !this.warnedRegions.has(backup.region)) {
      this.warnedRegions.add(backup.region);
      this.logger.warn(
        { region: backup.region, host },
        'TKLBAM addresses of this region carry a port: TKLBAM uses it for both HTTPS (cleanup) and HTTP (backup, restore), so one of them fails; set TKLBAM_S3_HOSTS (docs/tklbam.md)',
      );
    }
    return host;
  };

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

function sizeAudit(size: SizeMeasurement | undefined): Record<string, unknown> {
  if (!size) return {};
  if ('failed' in size) return { sizeMeasured: false, sizeError: size.failed };
  return size.complete
    ? { sizeMeasured: true, sizeBytes: size.bytes, objects: size.objects }
    : { sizeMeasured: false, objectsListed: size.objects };
}
