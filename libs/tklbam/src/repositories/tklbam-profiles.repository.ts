import { Injectable } from '@nestjs/common';
import type { Prisma } from '@prisma/client';
import type { ListRequest } from '@landfall/common';
import { findListPage, PrismaService, searchWhere } from '@landfall/persistence';
import type { TklbamProfileInfo } from '../domain/tklbam';

const INFO = {
  turnkeyVersion: true,
  sha256: true,
  sizeBytes: true,
  timestamp: true,
  uploadedAt: true,
  uploadedBy: true,
} as const;

@Injectable()
export class TklbamProfilesRepository {
  constructor(private readonly prisma: PrismaService) {}

  async findInfo(turnkeyVersion: string): Promise<TklbamProfileInfo | null> {
    return this.prisma.tklbamProfile.findUnique({ where: { turnkeyVersion }, select: INFO });
  }

  async findArchive(turnkeyVersion: string): Promise<Buffer | null> {
    const row = await this.prisma.tklbamProfile.findUnique({
      where: { turnkeyVersion },
      select: { archive: true },
    });
    return row ? Buffer.from(row.archive) : null;
  }

  listPage(request: ListRequest): Promise<{ rows: TklbamProfileInfo[]; total?: number }> {
    const where: Prisma.TklbamProfileWhereInput = searchWhere(request.q, ['turnkeyVersion']);
    return findListPage(
      request,
      where,
      (args) => this.prisma.tklbamProfile.findMany({ ...args, select: INFO }),
      (args) => this.prisma.tklbamProfile.count(args),
    );
  }

  /**
   * Stores (or replaces) a profile. Its timestamp is the upload second, but always past the previous one: agents
   * download again only when the hub's timestamp is newer than the one they have.
   */
  async put(
    input: { turnkeyVersion: string; archive: Buffer; sha256: string; uploadedBy: string },
    at: Date,
  ): Promise<{ before: TklbamProfileInfo | null; after: TklbamProfileInfo }> {
    return this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('landfall.tklbam-profile'), hashtext(${input.turnkeyVersion}))`;
      const before = await tx.tklbamProfile.findUnique({
        where: { turnkeyVersion: input.turnkeyVersion },
        select: INFO,
      });
      const timestamp = Math.max(Math.floor(at.getTime() / 1000), (before?.timestamp ?? 0) + 1);
      const data = {
        archive: new Uint8Array(input.archive),
        sha256: input.sha256,
        sizeBytes: input.archive.length,
        timestamp,
        uploadedAt: at,
        uploadedBy: input.uploadedBy,
      };
      const after = await tx.tklbamProfile.upsert({
        where: { turnkeyVersion: input.turnkeyVersion },
        create: { turnkeyVersion: input.turnkeyVersion, ...data },
        update: data,
        select: INFO,
      });
      return { before, after };
    });
  }

  async delete(turnkeyVersion: string): Promise<TklbamProfileInfo | null> {
    const found = await this.findInfo(turnkeyVersion);
    if (found) await this.prisma.tklbamProfile.deleteMany({ where: { turnkeyVersion } });
    return found;
  }
}
