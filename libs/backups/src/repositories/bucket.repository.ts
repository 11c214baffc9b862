import { Injectable } from '@nestjs/common';
import { PrismaService, isUniqueViolation } from '@landfall/persistence';
import type { Prisma } from '@prisma/client';
import type { BucketRecord, RegionTarget } from '../domain/backup';

/** What hardening did to a bucket on this provider (kept on the bucket row). */
export interface BucketHardening {
  steps: Record<string, string>;
  probe?: string;
}

/** Serialises bucket-policy writes of all hubs (provisioning and revocations render the full policy each time). */
export const BUCKET_POLICY_LOCK = 7_240_101;

@Injectable()
export class BucketRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Runs `work` while holding the cluster-wide bucket-policy lock. */
  async withPolicyLock<T>(work: () => Promise<T>): Promise<T> {
    return this.prisma.$transaction(
      async (tx) => {
        // The holder makes S3 calls (create, harden, probe) while it holds the lock, a few seconds per bucket: the
        // session defaults (lock 5 s, statement 15 s, idle in transaction 30 s) are for row work, and would make a
        // second bucket's hardening give up while the first one is still being hardened. A stalled holder is still
        // cut off, after two minutes.
        await tx.$executeRaw`SET LOCAL lock_timeout = '60s'`;
        await tx.$executeRaw`SET LOCAL statement_timeout = '65s'`;
        await tx.$executeRaw`SET LOCAL idle_in_transaction_session_timeout = '120s'`;
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BUCKET_POLICY_LOCK})`;
        return work();
      },
      { timeout: 120_000, maxWait: 60_000 },
    );
  }

  async findRegionTarget(code: string): Promise<RegionTarget | null> {
    const row = await this.prisma.region.findUnique({
      where: { code },
      select: { code: true, endpoint: true, status: true },
    });
    return row ? { region: row.code, endpoint: row.endpoint, status: row.status } : null;
  }

  async findByName(name: string): Promise<BucketRecord | null> {
    const row = await this.prisma.bucket.findUnique({ where: { name } });
    return row
      ? { id: row.id, name: row.name, region: row.regionCode, status: row.status, writable: row.writable }
      : null;
  }

  /** Records the intent to create a bucket; a no-op when a row of that name exists (whatever its status). */
  async recordPending(name: string, region: string): Promise<BucketRecord> {
    try {
      const row = await this.prisma.bucket.upsert({
        where: { name },
        create: { name, regionCode: region, status: 'pending' },
        update: {},
      });
      return { id: row.id, name: row.name, region: row.regionCode, status: row.status };
    } catch (error) {
      // Two hubs inserting the same name at once: the loser reads the winner's row.
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.findByName(name);
      if (!existing) throw error;
      return existing;
    }
  }

  async markReady(id: string, at: Date, hardening: BucketHardening): Promise<void> {
    await this.prisma.bucket.updateMany({
      where: { id, status: 'pending' },
      data: { status: 'ready', readyAt: at },
    });
    await this.prisma.bucket.update({
      where: { id },
      data: { hardening: hardening as unknown as Prisma.InputJsonValue },
    });
  }

  async recordProbe(name: string, writable: boolean, at: Date, hardening: BucketHardening): Promise<void> {
    await this.prisma.bucket.update({
      where: { name },
      data: { writable, probedAt: at, hardening: hardening as unknown as Prisma.InputJsonValue },
    });
  }

  /** Buckets agents were last found unable to write to, for /readyz. */
  async notWritable(): Promise<{ name: string; region: string }[]> {
    const rows = await this.prisma.bucket.findMany({
      where: { writable: false },
      select: { name: true, regionCode: true },
    });
    return rows.map((r) => ({ name: r.name, region: r.regionCode }));
  }
}
