export { backupFixture, placementDecision } from '../../../../test/fakes/backup-fixtures';

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
