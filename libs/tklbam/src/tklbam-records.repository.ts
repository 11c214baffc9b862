import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';
import type { NewTklbamRecord, TklbamRecord } from './tklbam';

/** TKLBAM records and the appliances behind them. */
@Injectable()
export class TklbamRecordsRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * A new record and its appliance (`tklbam-record-<id>`), or null when the account is at its limit. An advisory lock
   * per account makes the count and the insert one decision across hubs.
   */
  async create(input: NewTklbamRecord): Promise<TklbamRecord | null> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('landfall.tklbam-records'), hashtext(${input.accountId}))`;
      const count = await tx.tklbamRecord.count({ where: { accountId: input.accountId } });
      if (count >= input.maxPerAccount) return null;
      const [{ id }] = await tx.$queryRaw<{ id: number }[]>`
        SELECT nextval(pg_get_serial_sequence('tklbam_records', 'id'))::int AS id`;
      const appliance = await tx.appliance.create({
        data: { accountId: input.accountId, name: `tklbam-record-${id}` },
      });
      return tx.tklbamRecord.create({
        data: {
          id,
          accountId: input.accountId,
          applianceId: appliance.id,
          key: input.key,
          turnkeyVersion: input.turnkeyVersion,
          serverId: input.serverId,
          description: input.turnkeyVersion,
        },
      });
    });
  }

  /** Undoes `create` when no backup could be made for the record (only ever for one that never had a backup). */
  async deleteWithoutBackup(record: TklbamRecord): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.tklbamRecord.delete({ where: { id: record.id } });
      await tx.appliance.deleteMany({ where: { id: record.applianceId, backups: { none: {} } } });
    });
  }

  /** Null when the record does not exist or belongs to another account: callers cannot tell which. */
  async findInAccount(id: number, accountId: string): Promise<TklbamRecord | null> {
    return this.prisma.tklbamRecord.findFirst({ where: { id, accountId } });
  }

  async listForAccount(accountId: string): Promise<TklbamRecord[]> {
    return this.prisma.tklbamRecord.findMany({ where: { accountId }, orderBy: { id: 'asc' } });
  }

  async updateKey(id: number, accountId: string, key: string): Promise<TklbamRecord | null> {
    const updated = await this.prisma.tklbamRecord.updateMany({ where: { id, accountId }, data: { key } });
    return updated.count === 0 ? null : this.findInAccount(id, accountId);
  }

  /** The record whose appliance has a backup at this bucket and prefix, in this account. */
  async findByLocation(accountId: string, bucket: string, prefix: string): Promise<TklbamRecord | null> {
    return this.prisma.tklbamRecord.findFirst({
      where: {
        accountId,
        appliance: { backups: { some: { accountId, prefix, bucket: { name: bucket } } } },
      },
    });
  }

  /**
   * Where to mint an account's credentials: the region of its newest live backup, else the first active region. Any
   * works for the others too when they share one identity system (AWS, one Ceph realm).
   */
  /** The account's backups now being migrated, with where they still are (their source). */
  async migratingLocations(
    accountId: string,
  ): Promise<{ backupId: string; bucket: string; prefix: string }[]> {
    const rows = await this.prisma.backup.findMany({
      where: { accountId, status: 'migrating' },
      orderBy: { id: 'asc' },
      select: { id: true, prefix: true, bucket: { select: { name: true } } },
    });
    return rows.map((r) => ({ backupId: r.id, bucket: r.bucket.name, prefix: r.prefix }));
  }

  /** Buckets holding the account's live (active or migrating) backups. */
  async liveBucketNames(accountId: string): Promise<string[]> {
    const rows = await this.prisma.backup.findMany({
      where: { accountId, status: { in: ['active', 'migrating'] } },
      distinct: ['bucketId'],
      select: { bucket: { select: { name: true } } },
    });
    return rows.map((r) => r.bucket.name);
  }

  async credentialsRegion(accountId: string): Promise<{ region: string; endpoint: string } | null> {
    const live = await this.prisma.backup.findFirst({
      where: { accountId, status: { in: ['active', 'migrating'] }, region: { status: { not: 'disabled' } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { region: { select: { code: true, endpoint: true } } },
    });
    if (live) return { region: live.region.code, endpoint: live.region.endpoint };
    const any = await this.prisma.region.findFirst({
      where: { status: 'active' },
      orderBy: { code: 'asc' },
      select: { code: true, endpoint: true },
    });
    return any ? { region: any.code, endpoint: any.endpoint } : null;
  }
}
