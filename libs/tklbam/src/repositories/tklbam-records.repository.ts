import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';
import type { RegionTarget } from '@landfall/backups';
import type { NewTklbamRecord, TklbamRecord } from '../domain/tklbam';

export interface TklbamCredentialContext {
  /** Where to call STS; null when no region is active. */
  stsRegion: { region: string; endpoint: string } | null;
  frozen: { backupId: string; bucket: string; prefix: string }[];
  activeRegions: RegionTarget[];
  liveBuckets: string[];
}

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
   * All `credentials/` needs to know about an account, in one prepared statement (it was six through Prisma): where
   * to call STS (the region of its newest live backup unless that region is disabled, else the first active region),
   * its backups being migrated (frozen: readable, not writable), the active regions (this hub's bucket in each is
   * named in the policy) and the buckets of its live backups.
   */
  async credentialContext(accountId: string): Promise<TklbamCredentialContext> {
    const [row] = await this.prisma.prepared<{
      sts: { region: string; endpoint: string } | null;
      frozen: { backupId: string; bucket: string; prefix: string }[];
      regions: { region: string; endpoint: string; status: RegionTarget['status'] }[];
      live: string[];
    }>(
      'tklbam.credential_context',
      `SELECT
         coalesce(
           (SELECT json_build_object('region', r.code, 'endpoint', r.endpoint)
            FROM backups b JOIN regions r ON r.code = b.region_code
            WHERE b.account_id = $1::uuid AND b.status IN ('active', 'migrating') AND r.status <> 'disabled'
            ORDER BY b.created_at DESC, b.id DESC LIMIT 1),
           (SELECT json_build_object('region', code, 'endpoint', endpoint)
            FROM regions WHERE status = 'active' ORDER BY code LIMIT 1)) AS sts,
         (SELECT coalesce(json_agg(json_build_object('backupId', b.id, 'bucket', k.name, 'prefix', b.prefix)
                                   ORDER BY b.id), '[]')
          FROM backups b JOIN buckets k ON k.id = b.bucket_id
          WHERE b.account_id = $1::uuid AND b.status = 'migrating') AS frozen,
         (SELECT coalesce(json_agg(json_build_object('region', code, 'endpoint', endpoint, 'status', status)
                                   ORDER BY code), '[]')
          FROM regions WHERE status = 'active') AS regions,
         (SELECT coalesce(json_agg(DISTINCT k.name), '[]')
          FROM backups b JOIN buckets k ON k.id = b.bucket_id
          WHERE b.account_id = $1::uuid AND b.status IN ('active', 'migrating')) AS live`,
      [accountId],
    );
    return { stsRegion: row.sts, frozen: row.frozen, activeRegions: row.regions, liveBuckets: row.live };
  }
}
