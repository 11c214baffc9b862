import { Injectable } from '@nestjs/common';
import type { Account as AccountRow, Appliance as ApplianceRow } from '@prisma/client';
import type { CursorPosition } from '@landfall/common';
import { isUniqueViolation, olderThan, PrismaService } from '@landfall/persistence';
import type { AccountSummary, ActiveStatus, ApplianceSummary } from '../domain/accounts.records';

export class NameTakenError extends Error {}

/** Accounts and their appliances (one small aggregate, so one repository). */
@Injectable()
export class AccountsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async createAccount(name: string): Promise<AccountSummary> {
    return toAccount(await this.unique(() => this.prisma.account.create({ data: { name } })));
  }

  async findAccount(id: string): Promise<AccountSummary | null> {
    const row = await this.prisma.account.findUnique({ where: { id } });
    return row ? toAccount(row) : null;
  }

  async setAccountStatus(id: string, status: ActiveStatus): Promise<AccountSummary | null> {
    const updated = await this.prisma.account.updateMany({ where: { id }, data: { status } });
    return updated.count ? this.findAccount(id) : null;
  }

  async listAccounts(status: ActiveStatus | undefined, position: CursorPosition | null, take: number) {
    const rows = await this.prisma.account.findMany({
      where: { status, ...olderThan(position) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
    });
    return rows.map(toAccount);
  }

  async createAppliance(accountId: string, name: string, serverId: string | null): Promise<ApplianceSummary> {
    return toAppliance(
      await this.unique(() => this.prisma.appliance.create({ data: { accountId, name, serverId } })),
    );
  }

  async findAppliance(id: string): Promise<ApplianceSummary | null> {
    const row = await this.prisma.appliance.findUnique({ where: { id } });
    return row ? toAppliance(row) : null;
  }

  async setApplianceStatus(id: string, status: ActiveStatus): Promise<ApplianceSummary | null> {
    const updated = await this.prisma.appliance.updateMany({ where: { id }, data: { status } });
    return updated.count ? this.findAppliance(id) : null;
  }

  async listAppliances(
    filter: { accountId?: string; status?: ActiveStatus; region?: string },
    position: CursorPosition | null,
    take: number,
  ): Promise<ApplianceSummary[]> {
    const rows = await this.prisma.appliance.findMany({
      where: {
        accountId: filter.accountId,
        status: filter.status,
        ...(filter.region
          ? { backups: { some: { regionCode: filter.region, status: { in: ['active', 'migrating'] } } } }
          : {}),
        ...olderThan(position),
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take,
    });
    return rows.map(toAppliance);
  }

  private async unique<T>(create: () => Promise<T>): Promise<T> {
    try {
      return await create();
    } catch (error) {
      if (isUniqueViolation(error)) throw new NameTakenError();
      throw error;
    }
  }
}

function toAccount(row: AccountRow): AccountSummary {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toAppliance(row: ApplianceRow): ApplianceSummary {
  return {
    id: row.id,
    accountId: row.accountId,
    name: row.name,
    serverId: row.serverId,
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
