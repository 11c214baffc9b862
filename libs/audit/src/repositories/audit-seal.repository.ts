import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';
import { GENESIS_HASH, rowDigest, sealHash, type SealableRow, type StoredSeal } from '../domain/audit-seal';

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

@Injectable()
export class AuditSealRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Seals up to one batch of committed, unsealed rows in id order, chained to the last seal. Rows that commit
   * late (a lower id than rows already sealed) are simply in a later batch: a seal lists the ids it covers.
   * Returns how many rows it sealed (0 when another hub holds the lock or nothing is waiting).
   */
  async sealNextBatch(): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const [lock] = await tx.$queryRaw<
        { locked: boolean }[]
      >`SELECT pg_try_advisory_xact_lock(${SEAL_LOCK}) AS locked`;
      if (!lock?.locked) return 0;
      const rows: SealableRow[] = await tx.auditEvent.findMany({
        where: { sealId: null },
        orderBy: { id: 'asc' },
        take: SEAL_BATCH,
        select: ROW_COLUMNS,
      });
      if (rows.length === 0) return 0;
      const last = await tx.auditSeal.findFirst({ orderBy: { id: 'desc' }, select: { hash: true } });
      const prevHash = last?.hash ?? GENESIS_HASH;
      const ids = rows.map((row) => row.id);
      const digests = rows.map(rowDigest);
      const seal = await tx.auditSeal.create({
        data: { rowIds: ids, rowDigests: digests, prevHash, hash: sealHash(prevHash, ids, digests) },
        select: { id: true },
      });
      await tx.auditEvent.updateMany({ where: { id: { in: ids } }, data: { sealId: seal.id } });
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
