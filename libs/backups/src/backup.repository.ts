import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
import type { ListRequest } from '@landfall/common';
import { findListPage, PrismaService, isUniqueViolation, searchWhere } from '@landfall/persistence';
import type { Backup, BackupFilter, BackupProgress } from './backup';
import { backupPrefix } from './buckets/bucket-name';

const WITH_PLACE = {
  bucket: { select: { name: true } },
  region: { select: { endpoint: true } },
} as const satisfies Prisma.BackupInclude;

type BackupRow = Prisma.BackupGetPayload<{ include: typeof WITH_PLACE }>;

const LIVE: Prisma.BackupWhereInput['status'] = { in: ['active', 'migrating'] };

interface LiveRow {
  id: string;
  appliance_id: string;
  account_id: string;
  region_code: string;
  endpoint: string;
  bucket: string;
  prefix: string;
  status: Backup['status'];
  size_bytes: bigint | string;
  in_progress: boolean;
  last_backup_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewLiveBackup {
  applianceId: string;
  accountId: string;
  region: string;
  bucketId: string;
  /** Where placement located the appliance, kept so operators can see which backups an index change concerns. */
  placedCountry: string | null;
  placedSubdivision: string | null;
  placementSignal: string;
}

@Injectable()
export class BackupRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** The hot path of every init: one indexed query (raw: Prisma's relation loading costs ~4x the CPU here). */
  /** Every warm `POST /v1/init` starts here: a prepared statement, no Prisma query compilation (bench:http). */
  async findLive(applianceId: string): Promise<Backup | null> {
    const rows = await this.prisma.prepared<LiveRow>(
      'backups.find_live',
      `SELECT b.id, b.appliance_id, b.account_id, b.region_code, r.endpoint, k.name AS bucket, b.prefix,
              b.status::text AS status, b.size_bytes, b.in_progress, b.last_backup_at, b.created_at, b.updated_at
       FROM backups b
       JOIN buckets k ON k.id = b.bucket_id
       JOIN regions r ON r.code = b.region_code
       WHERE b.appliance_id = $1::uuid AND b.status IN ('active', 'migrating')
       LIMIT 1`,
      [applianceId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      applianceId: row.appliance_id,
      accountId: row.account_id,
      region: row.region_code,
      endpoint: row.endpoint,
      bucket: row.bucket,
      prefix: row.prefix,
      status: row.status,
      sizeBytes: Number(row.size_bytes),
      inProgress: row.in_progress,
      lastBackupAt: row.last_backup_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }

  /**
   * The appliance's live backup, created if it has none. An advisory lock per appliance serialises hubs that race
   * to create it; the partial unique index (one live backup per appliance) is the backstop. Exactly one row wins
   * and every caller gets that row.
   */
  async findOrCreateLive(input: NewLiveBackup): Promise<{ backup: Backup; created: boolean }> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('landfall.live-backup'), hashtext(${input.applianceId}))`;
        const live = await tx.backup.findFirst({
          where: { applianceId: input.applianceId, status: LIVE },
          include: WITH_PLACE,
        });
        if (live) return { backup: toBackup(live), created: false };
        const id = randomUUID();
        const row = await tx.backup.create({
          data: {
            id,
            applianceId: input.applianceId,
            accountId: input.accountId,
            regionCode: input.region,
            bucketId: input.bucketId,
            prefix: backupPrefix(input.accountId, id),
            status: 'active',
            placedCountry: input.placedCountry,
            placedSubdivision: input.placedSubdivision,
            placementSignal: input.placementSignal,
          },
          include: WITH_PLACE,
        });
        return { backup: toBackup(row), created: true };
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const live = await this.findLive(input.applianceId);
      if (!live) throw error;
      return { backup: live, created: false };
    }
  }

  /** Null when the backup does not exist or belongs to another appliance: callers cannot tell which. */
  async findOwnedBy(backupId: string, applianceId: string): Promise<Backup | null> {
    const row = await this.prisma.backup.findFirst({
      where: { id: backupId, applianceId },
      include: WITH_PLACE,
    });
    return row ? toBackup(row) : null;
  }

  async findById(backupId: string): Promise<Backup | null> {
    const row = await this.prisma.backup.findUnique({ where: { id: backupId }, include: WITH_PLACE });
    return row ? toBackup(row) : null;
  }

  async listForAppliance(applianceId: string): Promise<Backup[]> {
    const rows = await this.prisma.backup.findMany({
      where: { applianceId },
      include: WITH_PLACE,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: 100,
    });
    return rows.map(toBackup);
  }

  async recordProgress(
    backupId: string,
    applianceId: string,
    progress: BackupProgress,
  ): Promise<Backup | null> {
    const updated = await this.prisma.backup.updateMany({
      where: { id: backupId, applianceId },
      data: {
        sizeBytes: progress.sizeBytes === undefined ? undefined : BigInt(progress.sizeBytes),
        lastBackupAt: progress.lastBackupAt,
        inProgress: progress.inProgress,
      },
    });
    return updated.count === 0 ? null : this.findOwnedBy(backupId, applianceId);
  }

  /**
   * Retires an active backup. A `migrating` one is left as it is (the caller answers 409 BACKUP.MIGRATING): its
   * migration is still copying it, and would otherwise go on moving a retired backup.
   */
  async retire(backupId: string): Promise<Backup | null> {
    await this.prisma.backup.updateMany({
      where: { id: backupId, status: 'active' },
      data: { status: 'retired' },
    });
    return this.findById(backupId);
  }

  async listPage(filter: BackupFilter, request: ListRequest): Promise<{ rows: Backup[]; total?: number }> {
    const where: Prisma.BackupWhereInput = {
      accountId: filter.accountId,
      applianceId: filter.applianceId,
      regionCode: filter.region,
      status: filter.status,
      ...searchWhere(request.q, ['appliance.name']),
    };
    const page = await findListPage(
      request,
      where,
      (args) => this.prisma.backup.findMany({ ...args, include: WITH_PLACE }),
      (args) => this.prisma.backup.count(args),
    );
    return { rows: page.rows.map(toBackup), total: page.total };
  }
}

function toBackup(row: BackupRow): Backup {
  return {
    id: row.id,
    applianceId: row.applianceId,
    accountId: row.accountId,
    region: row.regionCode,
    endpoint: row.region.endpoint,
    bucket: row.bucket.name,
    prefix: row.prefix,
    status: row.status,
    sizeBytes: Number(row.sizeBytes),
    inProgress: row.inProgress,
    lastBackupAt: row.lastBackupAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
