import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';
import type { RegionEndpoint } from '@landfall/storage';
import type { PrefixRevocation } from '../domain/bucket-policy';
import { BUCKET_POLICY_LOCK } from './bucket.repository';

/** A ready bucket and the region endpoint its policy is written to. */
export interface ReadyBucket {
  name: string;
  target: RegionEndpoint;
}

/** The `credential_revocations` rows, and the ready buckets their policy is rendered into. */
@Injectable()
export class CredentialRevocationRepository {
  constructor(private readonly prisma: PrismaService) {}

  async record(prefixes: readonly string[], revokedAt: Date, reason: string): Promise<void> {
    await this.prisma.credentialRevocation.createMany({
      data: prefixes.map((prefix) => ({ prefix, revokedAt, reason })),
    });
  }

  /** `<accountId>/<backupId>` of every backup of the appliance, whatever its status. */
  async backupPrefixesOfAppliance(applianceId: string): Promise<string[]> {
    const backups = await this.prisma.backup.findMany({
      where: { applianceId },
      select: { accountId: true, id: true },
    });
    return backups.map((b) => `${b.accountId}/${b.id}`);
  }

  async latestRevokedAt(): Promise<Date | null> {
    const row = await this.prisma.credentialRevocation.aggregate({ _max: { revokedAt: true } });
    return row._max.revokedAt;
  }

  /** Revocations after `since`, oldest first. */
  async revokedAfter(since: Date): Promise<PrefixRevocation[]> {
    return this.prisma.credentialRevocation.findMany({
      where: { revokedAt: { gt: since } },
      select: { prefix: true, revokedAt: true },
      orderBy: { revokedAt: 'asc' },
    });
  }

  /** Runs `work` over every ready bucket while holding the cluster-wide bucket-policy lock (one hub at a time). */
  async withReadyBucketsLocked(work: (buckets: ReadyBucket[]) => Promise<void>): Promise<void> {
    await this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BUCKET_POLICY_LOCK})`;
        const buckets = await tx.bucket.findMany({
          where: { status: 'ready' },
          select: { name: true, region: { select: { code: true, endpoint: true } } },
        });
        await work(
          buckets.map((b) => ({
            name: b.name,
            target: { region: b.region.code, endpoint: b.region.endpoint },
          })),
        );
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
  }
}
