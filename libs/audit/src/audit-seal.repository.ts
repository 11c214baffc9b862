import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';
import { GENESIS_HASH, rowDigest, sealHash, type SealableRow, type StoredSeal } from './audit-seal';

/** One advisory lock for every hub: only one seals at a time, the others skip their turn. */
const SEAL_LOCK = 0x1a0d_f417;
export const SEAL_BATCH = 1000;

const ROW_COLUMNS = {
  id: true,
  at: true,
  actorType: true,
  actorId: true,
  actorKeyPrefix: true,
  action: true,
  targetType: true,
  targetId: true,
  before: true,
  after: true,
  sourceIp: true,
  requestId: true,
} as const;

/** The columns of ROW_COLUMNS as pg returns them (int8 as text; timestamptz as Date; jsonb parsed). */
type SealableRowText = Omit<SealableRow, 'id'> & { id: string };

const SEALABLE_ROWS =
  'SELECT id, at, actor_type AS "actorType", actor_id AS "actorId", actor_key_prefix AS "actorKeyPrefix", action, ' +
  'target_type AS "targetType", target_id AS "targetId", before, after, source_ip AS "sourceIp", ' +
  'request_id AS "requestId" FROM audit_events WHERE seal_id IS NULL ORDER BY id LIMIT $1';

@Injectable()
export class AuditSealRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Seals up to one batch of committed, unsealed rows in id order, chained to the last seal. Rows that commit
   * late (a lower id than rows already sealed) are simply in a later batch: a seal lists the ids it covers.
   * Returns how many rows it sealed (0 when another hub holds the lock or nothing is waiting).
   *
   * Prepared statements, not Prisma: every audit row passes here once, and Prisma's compiler and row mapping of a
   * thousand-row batch cost more CPU than the inits that wrote them (bench:http, ADR 0013). The rows read here are
   * digested exactly as `rowsOf` (Prisma) reads them for verify; the seal e2e test holds the two to the same digest.
   */
  async sealNextBatch(): Promise<number> {
    return this.prisma.preparedTransaction(async (statement) => {
      const [lock] = await statement<{ locked: boolean }>(
        'audit_seal_lock',
        'SELECT pg_try_advisory_xact_lock($1::bigint) AS locked',
        [SEAL_LOCK],
      );
      if (!lock?.locked) return 0;
      const rows = (await statement<SealableRowText>('audit_seal_rows', SEALABLE_ROWS, [SEAL_BATCH])).map(
        (row): SealableRow => ({ ...row, id: BigInt(row.id) }),
      );
      if (rows.length === 0) return 0;
      const [last] = await statement<{ hash: string }>(
        'audit_seal_last',
        'SELECT hash FROM audit_seals ORDER BY id DESC LIMIT 1',
        [],
      );
      const prevHash = last?.hash ?? GENESIS_HASH;
      const ids = rows.map((row) => row.id);
      const digests = rows.map(rowDigest);
      const idTexts = ids.map(String);
      const [seal] = await statement<{ id: string }>(
        'audit_seal_insert',
        'INSERT INTO audit_seals (row_ids, row_digests, prev_hash, hash) VALUES ($1::bigint[], $2::text[], $3, $4) ' +
          'RETURNING id',
        [idTexts, digests, prevHash, sealHash(prevHash, ids, digests)],
      );
      await statement(
        'audit_seal_mark',
        'UPDATE audit_events SET seal_id = $1::bigint WHERE id = ANY($2::bigint[])',
        [seal.id, idTexts],
      );
      return rows.length;
    });
  }

  /** Seals in chain order, `take` at a time after `afterId`. */
  async seals(afterId: bigint, take: number): Promise<StoredSeal[]> {
    return this.prisma.auditSeal.findMany({
      where: { id: { gt: afterId } },
      orderBy: { id: 'asc' },
      take,
      select: { id: true, rowIds: true, rowDigests: true, prevHash: true, hash: true },
    });
  }

  /** The rows as they are now among the ids a seal covers (a deleted one is simply absent). */
  async rowsOf(seal: StoredSeal): Promise<SealableRow[]> {
    return this.prisma.auditEvent.findMany({ where: { id: { in: seal.rowIds } }, select: ROW_COLUMNS });
  }

  async unsealedCount(): Promise<number> {
    return this.prisma.auditEvent.count({ where: { sealId: null } });
  }
}
