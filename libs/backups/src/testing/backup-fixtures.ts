import type { PlacementDecision } from '@landfall/placement';
import type { Backup } from '../backup';

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

/** IdempotencyRepository in memory; `savedAt` follows the test's clock so expiry can be exercised. */
export class InMemoryIdempotency {
  readonly rows = new Map<string, { requestHash: string; response: unknown; savedAt: Date }>();
  constructor(private readonly now: () => number) {}

  async find(applianceId: string, key: string, notBefore: Date) {
    const row = this.rows.get(`${applianceId}/${key}`);
    return row && row.savedAt >= notBefore ? { requestHash: row.requestHash, response: row.response } : null;
  }
  async save(applianceId: string, key: string, requestHash: string, response: unknown): Promise<void> {
    this.rows.set(`${applianceId}/${key}`, {
      requestHash,
      response: JSON.parse(JSON.stringify(response)) as unknown,
      savedAt: new Date(this.now()),
    });
  }
}
