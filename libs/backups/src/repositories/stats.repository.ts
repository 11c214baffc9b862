import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';

interface TotalsRow {
  backups: bigint;
  bytes: bigint | null;
  appliances: bigint;
}
export interface RegionRow extends TotalsRow {
  code: string;
  status: string;
  ready: bigint;
  pending: bigint;
  writable: bigint;
  not_writable: bigint;
  unprobed: bigint;
}
export interface AccountRow extends TotalsRow {
  account_id: string;
  name: string;
  accounts: bigint;
}
interface SignalRow {
  signal: string;
  inits: bigint;
}

export interface StatsRows {
  regions: RegionRow[];
  accounts: AccountRow[];
  signals: SignalRow[];
}

/** The dashboard's aggregates: one query each (regions with their live backups and buckets; accounts; signals). */
@Injectable()
export class StatsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async read(accountLimit: number, since: Date): Promise<StatsRows> {
    const [regions, accounts, signals] = await Promise.all([
      this.prisma.$queryRaw<RegionRow[]>`
        SELECT r.code, r.status::text AS status,
               COALESCE(b.backups, 0) AS backups, COALESCE(b.bytes, 0) AS bytes,
               COALESCE(b.appliances, 0) AS appliances,
               COALESCE(k.ready, 0) AS ready, COALESCE(k.pending, 0) AS pending,
               COALESCE(k.writable, 0) AS writable, COALESCE(k.not_writable, 0) AS not_writable,
               COALESCE(k.unprobed, 0) AS unprobed
        FROM regions r
        LEFT JOIN (
          SELECT region_code, COUNT(*) AS backups, SUM(size_bytes) AS bytes,
                 COUNT(DISTINCT appliance_id) AS appliances
          FROM backups WHERE status <> 'retired' GROUP BY region_code
        ) b ON b.region_code = r.code
        LEFT JOIN (
          SELECT region_code,
                 COUNT(*) FILTER (WHERE status = 'ready') AS ready,
                 COUNT(*) FILTER (WHERE status = 'pending') AS pending,
                 COUNT(*) FILTER (WHERE status = 'ready' AND writable IS TRUE) AS writable,
                 COUNT(*) FILTER (WHERE status = 'ready' AND writable IS FALSE) AS not_writable,
                 COUNT(*) FILTER (WHERE status = 'ready' AND writable IS NULL) AS unprobed
          FROM buckets GROUP BY region_code
        ) k ON k.region_code = r.code
        ORDER BY r.code`,
      this.prisma.$queryRaw<AccountRow[]>`
        SELECT b.account_id::text AS account_id, a.name, b.backups, b.bytes, b.appliances,
               COUNT(*) OVER () AS accounts
        FROM (
          SELECT account_id, COUNT(*) AS backups, SUM(size_bytes) AS bytes,
                 COUNT(DISTINCT appliance_id) AS appliances
          FROM backups WHERE status <> 'retired' GROUP BY account_id
        ) b JOIN accounts a ON a.id = b.account_id
        ORDER BY b.bytes DESC, b.account_id
        LIMIT ${accountLimit}`,
      this.prisma.$queryRaw<SignalRow[]>`
        SELECT COALESCE(after->>'placementSignal', 'none') AS signal, COUNT(*) AS inits
        FROM audit_events WHERE action = 'backup.init' AND at >= ${since}
        GROUP BY 1 ORDER BY 2 DESC, 1`,
    ]);
    return { regions, accounts, signals };
  }
}
