import { Injectable } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import { PrismaService } from '@landfall/persistence';
import { BEFORE_CUT_OVER } from '../domain/migration';

/** Counts over all migrations, for metrics and readiness (never per request). */
@Injectable()
export class MigrationStatsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async itemsByState(): Promise<Array<{ state: string; count: number }>> {
    const rows = await this.prisma.$queryRaw<Array<{ state: string; count: bigint }>>`
      SELECT state::text AS state, count(*) AS count FROM migration_items GROUP BY state`;
    return rows.map((r) => ({ state: r.state, count: Number(r.count) }));
  }

  /** Migrations with a backup not yet cut over: work only a worker does. */
  async unfinishedMigrations(): Promise<number> {
    const [row] = await this.prisma.$queryRaw<Array<{ count: bigint }>>`
      SELECT count(DISTINCT migration_id) AS count FROM migration_items
      WHERE state::text IN (${Prisma.join([...BEFORE_CUT_OVER])})`;
    return Number(row?.count ?? 0);
  }
}
