import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Prisma } from '@prisma/client';
import { DomainError } from '@landfall/common';
import { announceLatencyChange, PrismaService } from '@landfall/persistence';
import { writeAudit, type Actor } from '@landfall/audit';
import type { LatencyObservation, ValidSample } from '@landfall/latency';

/** Where the caller was when it reported (GeoIP at the time of the report). */
export interface ReportOrigin {
  latitude: number;
  longitude: number;
  accuracyKm: number | null;
  countryCode: string | null;
  subdivision: string | null;
  network: string | null;
}

export interface ImportRow {
  latitude: number;
  longitude: number;
  countryCode: string;
  subdivision: string | null;
  region: string;
  rttMs: number;
  samples: number;
}

/** Most samples the estimator reads per rebuild (newest first). */
export const OBSERVATION_LIMIT = 200_000;

@Injectable()
export class LatencyRepository {
  constructor(private readonly prisma: PrismaService) {}

  /**
   * Stores one agent report whole, or refuses it: the per-appliance rate is checked under an advisory lock on
   * the appliance, so concurrent reports on several replicas cannot both slip under the limit.
   */
  async storeReport(
    applianceId: string,
    origin: ReportOrigin,
    samples: readonly ValidSample[],
    limit: { reportsPerHour: number; now: Date },
  ): Promise<{ batchId: string; stored: number }> {
    const batchId = randomUUID();
    await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`latency:${applianceId}`}))`;
      const since = new Date(limit.now.getTime() - 3_600_000);
      const [{ count }] = await tx.$queryRaw<Array<{ count: bigint }>>(
        Prisma.sql`SELECT count(DISTINCT batch_id) AS count FROM latency_samples
                   WHERE appliance_id = ${applianceId}::uuid AND received_at > ${since}`,
      );
      if (Number(count) >= limit.reportsPerHour) {
        throw new DomainError(
          'rate_limited',
          'LATENCY.RATE_LIMITED',
          `At most ${limit.reportsPerHour} latency reports per appliance per hour`,
          { retryAfterSeconds: 300 },
        );
      }
      await tx.latencySample.createMany({
        data: samples.map((s) => ({
          batchId,
          source: 'agent' as const,
          applianceId,
          network: origin.network,
          latitude: origin.latitude,
          longitude: origin.longitude,
          accuracyKm: origin.accuracyKm,
          countryCode: origin.countryCode,
          subdivision: origin.subdivision,
          regionCode: s.region,
          rttMs: s.rttMs,
          attempts: s.attempts,
          samples: 1,
          measuredAt: s.measuredAt,
          receivedAt: limit.now,
        })),
      });
      await announceLatencyChange(tx);
    });
    return { batchId, stored: samples.length };
  }

  /** An operator import: every row or none, announced to every replica on commit. */
  async storeImport(
    rows: readonly ImportRow[],
    measuredAt: Date,
    actor: Actor,
  ): Promise<{ batchId: string; stored: number }> {
    const batchId = randomUUID();
    await this.prisma.$transaction(async (tx) => {
      await writeAudit(tx, actor, {
        action: 'latency.import',
        targetType: 'latency-import',
        targetId: batchId,
        after: { rows: rows.length, samples: rows.reduce((sum, r) => sum + r.samples, 0) },
      });
      await tx.latencySample.createMany({
        data: rows.map((r) => ({
          batchId,
          source: 'import' as const,
          latitude: r.latitude,
          longitude: r.longitude,
          accuracyKm: 0,
          countryCode: r.countryCode,
          subdivision: r.subdivision,
          regionCode: r.region,
          rttMs: r.rttMs,
          attempts: 1,
          samples: r.samples,
          measuredAt,
          receivedAt: measuredAt,
        })),
      });
      await announceLatencyChange(tx);
    });
    return { batchId, stored: rows.length };
  }

  /** Samples measured since `since`, newest first, as the estimator reads them. */
  async loadObservations(since: Date, limit = OBSERVATION_LIMIT): Promise<LatencyObservation[]> {
    const rows = await this.prisma.latencySample.findMany({
      where: { measuredAt: { gte: since } },
      orderBy: { measuredAt: 'desc' },
      take: limit,
    });
    return rows.map((r) => ({
      latitude: r.latitude,
      longitude: r.longitude,
      accuracyKm: r.accuracyKm,
      countryCode: r.countryCode,
      // One appliance is one reporter; each imported row stands for its own place.
      reporter: r.applianceId ?? `import:${r.id.toString()}`,
      network: r.network,
      region: r.regionCode,
      rttMs: r.rttMs,
      samples: r.samples,
      measuredAt: r.measuredAt.getTime(),
    }));
  }
}
