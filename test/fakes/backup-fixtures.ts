import type { Backup } from '@landfall/backups';
import type { PlacementDecision } from '@landfall/placement';

/** A live backup and a placement decision as the services see them; shared by the backups and TKLBAM specs. */
export function backupFixture(overrides: Partial<Backup> = {}): Backup {
  return {
    id: 'backup-1',
    applianceId: 'appliance-1',
    accountId: 'account-1',
    region: 'eu-west-1',
    endpoint: 'http://s3.local',
    bucket: 'lf-eu-west-1',
    prefix: 'b/backup-1',
    status: 'active',
    sizeBytes: 0,
    inProgress: false,
    lastBackupAt: null,
    createdAt: new Date('2026-12-01T00:00:00Z'),
    updatedAt: new Date('2026-12-01T00:00:00Z'),
    ...overrides,
  };
}

export function placementDecision(overrides: Partial<PlacementDecision> = {}): PlacementDecision {
  return {
    region: 'eu-west-1',
    candidates: ['eu-west-1', 'us-east-1'],
    signal: 'geoip-country',
    confidence: 'country-only',
    countryCode: 'IE',
    subdivisionCode: null,
    reasons: ['geoip: IE → eu-west-1'],
    clientIp: '198.51.100.7',
    ...overrides,
  };
}
