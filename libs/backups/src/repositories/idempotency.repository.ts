import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';

export interface StoredReplay {
  requestHash: string;
  response: unknown;
}

/** Raw SQL: the table is newer than the shared generated Prisma client (see the agent-init migration). */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly prisma: PrismaService) {}

  async find(applianceId: string, key: string, notBefore: Date): Promise<StoredReplay | null> {
    const rows = await this.prisma.$queryRaw<{ request_hash: string; response: unknown }[]>`
      SELECT request_hash, response FROM idempotency_records
      WHERE appliance_id = ${applianceId}::uuid AND key = ${key} AND created_at >= ${notBefore}`;
    const row = rows[0];
    return row ? { requestHash: row.request_hash, response: row.response } : null;
  }

  /** First writer wins; an expired record under the same key is replaced. */
  async save(
    applianceId: string,
    key: string,
    requestHash: string,
    response: unknown,
    notBefore: Date,
  ): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO idempotency_records (appliance_id, key, request_hash, response)
      VALUES (${applianceId}::uuid, ${key}, ${requestHash}, ${JSON.stringify(response)}::jsonb)
      ON CONFLICT (appliance_id, key) DO UPDATE
        SET request_hash = EXCLUDED.request_hash, response = EXCLUDED.response, created_at = now()
        WHERE idempotency_records.created_at < ${notBefore}`;
  }
}
