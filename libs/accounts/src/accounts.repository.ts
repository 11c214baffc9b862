import { Injectable } from '@nestjs/common';
import type { Account as AccountRow, Appliance as ApplianceRow, Prisma } from '@prisma/client';
import type { ListRequest } from '@landfall/common';
import { findListPage, isUniqueViolation, PrismaService, searchWhere } from '@landfall/persistence';
import type { AccountSummary, ActiveStatus, ApplianceSummary } from './accounts.records';

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

  async listAccounts(
    status: ActiveStatus | undefined,
    request: ListRequest,
  ): Promise<{ rows: AccountSummary[]; total?: number }> {
    const page = await findListPage(
      request,
      { status, ...searchWhere(request.q, ['name']) },
      (args) => this.prisma.account.findMany(args),
      (args) => this.prisma.account.count(args),
    );
    return { rows: page.rows.map(toAccount), total: page.total };
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
    request: ListRequest,
  ): Promise<{ rows: ApplianceSummary[]; total?: number }> {
    const where: Prisma.ApplianceWhereInput = {
      accountId: filter.accountId,
      status: filter.status,
      ...(filter.region
        ? { backups: { some: { regionCode: filter.region, status: { in: ['active', 'migrating'] } } } }
        : {}),
      ...searchWhere(request.q, ['name', 'serverId']),
    };
    const page = await findListPage(
      request,
      where,
      (args) => this.prisma.appliance.findMany(args),
      (args) => this.prisma.appliance.count(args),
    );
    return { rows: page.rows.map(toAppliance), total: page.total };
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
