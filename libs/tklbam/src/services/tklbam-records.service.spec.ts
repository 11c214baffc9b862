import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditLog } from '@landfall/audit';
import type { Backup, BackupRepository, LiveBackupService } from '@landfall/backups';
import type { AppConfig } from '@landfall/config';
import type { CallContext } from '@landfall/identity';
import type { PlacementDecision, PlacementPort } from '@landfall/placement';
import type { PrefixUsage } from '@landfall/storage';
import { FakeClock } from '../../../../test/fakes/fake-clock';
import {
  FakeAuditLog,
  FakeTklbamBackups,
  FakeTklbamRecordsRepository,
  backupFixture,
  placementDecision,
} from '../testing/fake-tklbam-records';
import type { TklbamCaller } from '../domain/tklbam';
import type { TklbamRecordsRepository } from '../repositories/tklbam-records.repository';
import { TklbamRecordsService } from './tklbam-records.service';

const caller: TklbamCaller = { keyId: 'tk-1', uid: 42, accountId: 'account-1' };
const stranger: TklbamCaller = { keyId: 'tk-2', uid: 43, accountId: 'account-2' };
const call = {
  sourceIp: '198.51.100.7',
  requestId: 'req-1',
  client: {},
  headers: {},
} as unknown as CallContext;
const config = {
  tklbam: { maxRecordsPerAccount: 2, sizeScan: { maxObjects: 1000, seconds: 5 }, s3Hosts: {} },
  migrations: { retryAfterSeconds: 30 },
} as unknown as AppConfig;
const input = { key: 'secret-key', turnkeyVersion: 'turnkey-core-18.0', serverId: null };

describe(TklbamRecordsService.name, () => {
  let sut: TklbamRecordsService;
  let records: FakeTklbamRecordsRepository;
  let backups: FakeTklbamBackups;
  let audit: FakeAuditLog;
  let clock: FakeClock;
  let decide: (request: { applianceId: string }) => Promise<PlacementDecision>;
  let usage: () => Promise<PrefixUsage>;
  const created: string[] = [];

  beforeEach(() => {
    records = new FakeTklbamRecordsRepository();
    backups = new FakeTklbamBackups();
    audit = new FakeAuditLog();
    clock = new FakeClock();
    created.length = 0;
    decide = async () => placementDecision();
    usage = async () => ({ bytes: 1234, objects: 3, complete: true });
    const live = {
      createIn: async (decision: PlacementDecision, owner: { applianceId: string; accountId: string }) => {
        const backup = backupFixture({
          id: `backup-of-${owner.applianceId}`,
          applianceId: owner.applianceId,
          accountId: owner.accountId,
          region: decision.region,
          prefix: `b/${owner.applianceId}`,
        });
        backups.backups.push(backup);
        created.push(backup.id);
        return { backup, created: true };
      },
    };
    sut = new TklbamRecordsService(
      records as unknown as TklbamRecordsRepository,
      live as unknown as LiveBackupService,
      backups as unknown as BackupRepository,
      { decide: (r: { applianceId: string }) => decide(r) } as unknown as PlacementPort,
      { measurePrefix: () => usage() },
      audit as unknown as AuditLog,
      config,
      clock,
    );
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  const backupOf = (recordId: number): Backup =>
    backups.backups.find((b) => b.applianceId === `appliance-${recordId}`)!;

  describe('create', () => {
    it('makes a record with a placed backup, answers its address and audits the placement', async () => {
      const json = await sut.create(caller, call, input);
      expect(json).toMatchObject({
        backup_id: '1',
        address: 's3://s3.local/lf-eu-west-1/b/appliance-1',
        key: 'secret-key',
        turnkey_version: 'turnkey-core-18.0',
        server_id: null,
        size: 0,
        sessions: [],
      });
      expect(audit.events).toEqual([
        {
          actor: { type: 'appliance', id: 'tk-1', sourceIp: '198.51.100.7', requestId: 'req-1' },
          action: 'tklbam.record.create',
          targetType: 'backup',
          targetId: 'backup-of-appliance-1',
          after: {
            protocol: 'tklbam',
            uid: 42,
            accountId: 'account-1',
            recordId: 1,
            applianceId: 'appliance-1',
            region: 'eu-west-1',
            placementSignal: 'geoip-country',
            placementConfidence: 'country-only',
            turnkeyVersion: 'turnkey-core-18.0',
            serverId: null,
          },
        },
      ]);
    });

    it('refuses a record past the account limit', async () => {
      await sut.create(caller, call, input);
      await sut.create(caller, call, input);
      await expect(sut.create(caller, call, input)).rejects.toMatchObject({
        code: 'BackupRecord.LimitExceeded',
      });
      expect(records.records.size).toBe(2);
      expect(audit.events).toHaveLength(2);
    });

    it('removes the record again when placement fails, and rethrows', async () => {
      decide = () => Promise.reject(new Error('no region'));
      await expect(sut.create(caller, call, input)).rejects.toThrow('no region');
      expect(records.records.size).toBe(0);
      expect(audit.events).toEqual([]);
    });

    it('rethrows the placement error even when the cleanup fails', async () => {
      decide = () => Promise.reject(new Error('no region'));
      records.failDelete = true;
      await expect(sut.create(caller, call, input)).rejects.toThrow('no region');
      expect(Logger.prototype.error).toHaveBeenCalledOnce();
    });
  });

  describe('reading and changing a record', () => {
    beforeEach(async () => {
      await sut.create(caller, call, input);
      audit.events.length = 0;
    });

    it.each(['2', '0', '01', 'abc', '1234567890', ' 1'])('treats id %j as no record', async (id) => {
      await expect(sut.get(caller, call, id)).rejects.toMatchObject({ code: 'BackupRecord.NotFound' });
    });

    it('hides another account’s record as if it did not exist', async () => {
      await expect(sut.get(stranger, call, '1')).rejects.toMatchObject({ code: 'BackupRecord.NotFound' });
      await expect(sut.updateKey(stranger, call, '1', 'stolen')).rejects.toMatchObject({
        code: 'BackupRecord.NotFound',
      });
      expect(records.records.get(1)!.key).toBe('secret-key');
      expect(audit.events).toEqual([]);
    });

    it('gets a record and audits the read', async () => {
      await expect(sut.get(caller, call, '1')).resolves.toMatchObject({ backup_id: '1', key: 'secret-key' });
      expect(audit.events).toMatchObject([
        {
          action: 'tklbam.record.get',
          targetId: 'backup-of-appliance-1',
          after: { recordId: 1, applianceId: 'appliance-1' },
        },
      ]);
    });

    it('answers a record whose backup is retired with its newest backup, else with no address', async () => {
      backupOf(1).status = 'retired';
      await expect(sut.get(caller, call, '1')).resolves.toMatchObject({
        address: 's3://s3.local/lf-eu-west-1/b/appliance-1',
      });
      backups.backups.length = 0;
      await expect(sut.get(caller, call, '1')).resolves.toMatchObject({ address: '', size: 0 });
    });

    it('updates the key and audits it', async () => {
      await expect(sut.updateKey(caller, call, '1', 'new-key')).resolves.toMatchObject({ key: 'new-key' });
      expect(records.records.get(1)!.key).toBe('new-key');
      expect(audit.events.map((e) => e.action)).toEqual(['tklbam.record.update-key']);
    });

    it('lists the caller’s records only, and audits the count', async () => {
      await sut.create(stranger, call, input);
      audit.events.length = 0;
      expect((await sut.list(caller, call)).map((r) => r.backup_id)).toEqual(['1']);
      expect(audit.events).toMatchObject([
        { action: 'tklbam.records.list', targetType: 'account', targetId: 'account-1', after: { count: 1 } },
      ]);
    });
  });

  describe('progress and size', () => {
    beforeEach(async () => {
      await sut.create(caller, call, input);
      audit.events.length = 0;
    });

    it('marks a backup in progress without measuring it', async () => {
      usage = () => Promise.reject(new Error('must not measure'));
      await sut.setInProgress(caller, call, '1', true);
      expect(backups.progress).toEqual([{ backupId: 'backup-of-appliance-1', change: { inProgress: true } }]);
      expect(audit.events[0]).toMatchObject({
        action: 'tklbam.record.inprogress',
        after: { inProgress: true },
      });
      expect(audit.events[0].after).not.toHaveProperty('sizeMeasured');
    });

    it('refuses to start a backup that is migrating, with a retry hint', async () => {
      backupOf(1).status = 'migrating';
      await expect(sut.setInProgress(caller, call, '1', true)).rejects.toMatchObject({
        code: 'BackupRecord.Migrating',
        kind: 'conflict',
      });
      expect(backups.progress).toEqual([]);
    });

    it('measures the size when the backup ends and stores it when the listing is complete', async () => {
      const json = await sut.setInProgress(caller, call, '1', false);
      expect(json.size).toBe(1234);
      expect(backups.progress).toEqual([
        { backupId: 'backup-of-appliance-1', change: { inProgress: false, sizeBytes: 1234 } },
      ]);
      expect(audit.events[0].after).toMatchObject({
        inProgress: false,
        sizeMeasured: true,
        sizeBytes: 1234,
        objects: 3,
      });
    });

    it('keeps the last size when the listing is cut short or fails, and never fails the call', async () => {
      backupOf(1).sizeBytes = 99;
      usage = async () => ({ bytes: 10, objects: 1000, complete: false });
      await expect(sut.setInProgress(caller, call, '1', false)).resolves.toMatchObject({ size: 99 });
      expect(audit.events[0].after).toMatchObject({ sizeMeasured: false, objectsListed: 1000 });
      usage = () => Promise.reject(new TypeError('socket hang up'));
      await expect(sut.setInProgress(caller, call, '1', false)).resolves.toMatchObject({ size: 99 });
      expect(audit.events[1].after).toMatchObject({ sizeMeasured: false, sizeError: 'TypeError' });
      expect(backups.progress.map((p) => p.change)).toEqual([{ inProgress: false }, { inProgress: false }]);
    });

    it('records a finished backup found by its address, with the time and size', async () => {
      records.locations.set('lf-eu-west-1/b/appliance-1', 1);
      await sut.backedUp(caller, call, 's3://s3.local/lf-eu-west-1/b/appliance-1/');
      expect(backups.progress).toEqual([
        {
          backupId: 'backup-of-appliance-1',
          change: { inProgress: false, lastBackupAt: clock.date(), sizeBytes: 1234 },
        },
      ]);
      expect(audit.events[0]).toMatchObject({
        action: 'tklbam.record.backed-up',
        after: { sizeMeasured: true },
      });
    });

    it.each([
      ['an address that does not parse', 'http://elsewhere/x'],
      ['an address of no record', 's3://s3.local/lf-eu-west-1/b/nothing'],
    ])('refuses %s', async (_label, address) => {
      records.locations.set('lf-eu-west-1/b/appliance-1', 1);
      await expect(sut.backedUp(caller, call, address)).rejects.toMatchObject({
        code: 'BackupRecord.NotFound',
      });
      expect(backups.progress).toEqual([]);
    });

    it('does not let another account report on a record by its address', async () => {
      records.locations.set('lf-eu-west-1/b/appliance-1', 1);
      await expect(
        sut.backedUp(stranger, call, 's3://s3.local/lf-eu-west-1/b/appliance-1'),
      ).rejects.toMatchObject({ code: 'BackupRecord.NotFound' });
    });
  });
});
