import type { AuditEventInput } from '@landfall/audit';
import { DomainError } from '@landfall/common';
import { loadConfig } from '@landfall/config';
import type { BackupScope } from '@landfall/credentials';
import type { AppliancePrincipal, CallContext } from '@landfall/identity';
import type { PlacementDecision, PlacementRequest } from '@landfall/placement';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/fakes/fake-clock';
import type { Backup } from '../domain/backup';
import { backupFixture, InMemoryIdempotency, placementDecision } from '../testing/backup-fixtures';
import { BackupMigrationGuard } from './backup-migration.guard';
import { InitService } from './init.service';

const appliance: AppliancePrincipal = {
  kind: 'appliance',
  keyId: 'key-1',
  keyPrefix: 'lfk_abc',
  applianceId: 'appliance-1',
  accountId: 'account-1',
};
const call: CallContext = {
  sourceIp: '198.51.100.7',
  client: {
    ip: '198.51.100.7',
    peerIp: '198.51.100.7',
    viaTrustedProxy: false,
    viaCdn: false,
    source: 'peer',
  },
  requestId: 'req-1',
  headers: {},
};

describe(InitService.name, () => {
  let sut: InitService;
  let clock: FakeClock;
  let backups: Map<string, Backup>;
  let live: Backup | null;
  let decision: PlacementDecision;
  let decided: PlacementRequest[];
  let created: PlacementDecision[];
  let scopes: BackupScope[];
  let freshlyIssued: boolean;
  let audits: AuditEventInput[];
  let idempotency: InMemoryIdempotency;
  const config = loadConfig({});

  beforeEach(() => {
    clock = new FakeClock();
    backups = new Map();
    live = null;
    decision = placementDecision();
    decided = [];
    created = [];
    scopes = [];
    freshlyIssued = true;
    audits = [];
    idempotency = new InMemoryIdempotency(() => clock.now());
    const backupRepository = {
      findOwnedBy: async (id: string, applianceId: string) => {
        const b = backups.get(id);
        return b?.applianceId === applianceId ? b : null;
      },
      findById: async (id: string) => backups.get(id) ?? null,
    };
    sut = new InitService(
      {
        decide: async (request: PlacementRequest) => (decided.push(request), decision),
        probesFor: (region: string) => [{ region, url: `https://probe.${region}` }],
      } as never,
      {
        findLive: async () => live,
        createIn: async (d: PlacementDecision) => {
          created.push(d);
          const backup = backupFixture({ id: `backup-${created.length}`, region: d.region });
          backups.set(backup.id, backup);
          live = backup;
          return { backup, created: true };
        },
      } as never,
      backupRepository as never,
      {
        provider: 'static',
        forBackup: async (scope: BackupScope) => {
          scopes.push(scope);
          const credentials = {
            accessKeyId: 'AK',
            secretAccessKey: 'SK',
            sessionToken: null,
            expiration: new Date(clock.now() + 3_600_000),
          };
          return { credentials, freshlyIssued };
        },
      } as never,
      idempotency as never,
      { record: async (entry: AuditEventInput) => void audits.push(entry) } as never,
      config,
      clock,
      new BackupMigrationGuard(backupRepository as never, config),
    );
  });

  const init = (body = {}, key?: string) => sut.init(appliance, call, body, key);

  it('creates the backup where placement decides and returns credentials scoped to it', async () => {
    decision = placementDecision({ region: 'us-east-1' });

    const response = await init({ regionHint: 'us-east-1' });

    expect(created).toHaveLength(1);
    expect(decided[0]).toMatchObject({ applianceId: 'appliance-1', regionHint: 'us-east-1' });
    expect(decided[0].existingBackupRegion).toBeUndefined();
    expect(response.backup).toMatchObject({ id: 'backup-1', region: 'us-east-1' });
    expect(response.credentials).toEqual({
      accessKeyId: 'AK',
      secretAccessKey: 'SK',
      sessionToken: null,
      expiration: '2026-12-02T01:00:00.000Z',
    });
    expect(scopes).toEqual([expect.objectContaining({ backupId: 'backup-1', region: 'us-east-1' })]);
    expect(response.probes).toEqual([{ region: 'us-east-1', url: 'https://probe.us-east-1' }]);
    expect(audits.map((a) => a.action)).toEqual(['credentials.issue', 'backup.init']);
    expect(audits[1].after).toMatchObject({ created: true, replay: false, region: 'us-east-1' });
    expect(audits[1].actor).toMatchObject({ type: 'appliance', id: 'key-1' });
  });

  it('keeps an existing backup and tells placement where it is', async () => {
    live = backupFixture({ id: 'old', region: 'eu-west-1' });
    backups.set('old', live);

    const response = await init();

    expect(created).toEqual([]);
    expect(decided[0].existingBackupRegion).toBe('eu-west-1');
    expect(response.backup.id).toBe('old');
    expect(audits[1].after).toMatchObject({ created: false, replay: false });
  });

  it('audits no credential issue when the credentials came from the cache', async () => {
    freshlyIssued = false;

    await init();

    expect(audits.map((a) => a.action)).toEqual(['backup.init']);
  });

  it('refuses credentials for a backup that is migrating, with BACKUP.MIGRATING', async () => {
    live = backupFixture({ status: 'migrating' });
    backups.set(live.id, live);

    const refused = init();

    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ code: 'BACKUP.MIGRATING' });
    expect(scopes).toEqual([]);
    expect(audits).toEqual([]);
  });

  it('replays an idempotent init with the stored placement and fresh credentials, never storing secrets', async () => {
    const first = await init({ regionHint: 'eu-west-1' }, 'key-a');
    decision = placementDecision({ region: 'us-east-1', signal: 'region-hint' });

    const again = await init({ regionHint: 'eu-west-1' }, 'key-a');

    expect(again.backup).toEqual(first.backup);
    expect(again.placement.signal).toBe('geoip-country');
    expect(decided).toHaveLength(1);
    expect(scopes).toHaveLength(2);
    expect(audits.at(-1)!.after).toMatchObject({ replay: true, created: false });
    expect(JSON.stringify([...idempotency.rows.values()])).not.toContain('SK');
  });

  it('refuses a reused Idempotency-Key with a different body', async () => {
    await init({ regionHint: 'eu-west-1' }, 'key-a');

    await expect(init({ regionHint: 'us-east-1' }, 'key-a')).rejects.toMatchObject({
      code: 'IDEMPOTENCY.KEY_REUSED',
    });
  });

  it('answers 410 IDEMPOTENCY.BACKUP_GONE when the backup a key created is gone', async () => {
    await init({}, 'key-a');
    backups.clear();

    await expect(init({}, 'key-a')).rejects.toMatchObject({ code: 'IDEMPOTENCY.BACKUP_GONE', kind: 'gone' });
  });

  it('treats a key older than the idempotency window as new', async () => {
    await init({ regionHint: 'eu-west-1' }, 'key-a');
    clock.advance(config.idempotency.ttlHours * 3_600_000 + 1);

    await init({ regionHint: 'us-east-1' }, 'key-a');

    expect(decided).toHaveLength(2);
  });
});
