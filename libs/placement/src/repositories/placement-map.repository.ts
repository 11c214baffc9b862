import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';

export interface PlacedCount {
  appliances: number;
  backups: number;
}

export interface PlacedCounts {
  byCountry: ReadonlyMap<string, PlacedCount>;
  bySubdivision: ReadonlyMap<string, PlacedCount>;
}

interface CountRow {
  code: string;
  appliances: bigint;
  backups: bigint;
}

/** Where live backups were placed, counted per country and per subdivision in one round trip each. */
@Injectable()
export class PlacementMapRepository {
  constructor(private readonly prisma: PrismaService) {}

  async placedCounts(): Promise<PlacedCounts> {
    const [countries, subdivisions] = await Promise.all([
      this.prisma.$queryRaw<CountRow[]>`
        SELECT placed_country AS code, COUNT(DISTINCT appliance_id) AS appliances, COUNT(*) AS backups
        FROM backups WHERE status <> 'retired' AND placed_country IS NOT NULL GROUP BY placed_country`,
      this.prisma.$queryRaw<CountRow[]>`
        SELECT placed_subdivision AS code, COUNT(DISTINCT appliance_id) AS appliances, COUNT(*) AS backups
        FROM backups WHERE status <> 'retired' AND placed_subdivision IS NOT NULL GROUP BY placed_subdivision`,
    ]);
    return { byCountry: toCounts(countries), bySubdivision: toCounts(subdivisions) };
  }
}

function toCounts(rows: readonly CountRow[]): Map<string, PlacedCount> {
  return new Map(
    rows.map((row) => [row.code, { appliances: Number(row.appliances), backups: Number(row.backups) }]),
  );
}
