import { Inject, Injectable, Optional } from '@nestjs/common';
import { AuditLog } from '@landfall/audit';
import {
  CREDENTIAL_REVOKER,
  DomainError,
  listRequest,
  toPage,
  type CredentialRevoker,
} from '@landfall/common';
import { adminActor, ApiKeyAuthenticator, type AdminPrincipal, type CallContext } from '@landfall/identity';
import type { ActiveStatus } from './accounts.records';
import { AccountsRepository, NameTakenError } from './accounts.repository';
import {
  ACCOUNT_SORT,
  AccountDto,
  AccountPageDto,
  APPLIANCE_SORT,
  ApplianceDto,
  AppliancePageDto,
  type CreateAccountDto,
  type CreateApplianceDto,
  type ListAccountsQuery,
  type ListAppliancesQuery,
} from './dto/accounts.dto';

const accountNotFound = () => new DomainError('not_found', 'ACCOUNT.NOT_FOUND', 'No such account');
const applianceNotFound = () => new DomainError('not_found', 'APPLIANCE.NOT_FOUND', 'No such appliance');

/** Accounts and appliances for the dashboard. Status changes take effect on this hub at once. */
@Injectable()
export class AccountsAdminService {
  constructor(
    private readonly repository: AccountsRepository,
    private readonly authenticator: ApiKeyAuthenticator,
    private readonly audit: AuditLog,
    @Optional() @Inject(CREDENTIAL_REVOKER) private readonly revoker?: CredentialRevoker,
  ) {}

  async listAccounts(query: ListAccountsQuery): Promise<AccountPageDto> {
    const request = listRequest(ACCOUNT_SORT, query);
    const { rows, total } = await this.repository.listAccounts(query.status, request);
    return toPage(rows, request, AccountDto.from, total);
  }

  async getAccount(id: string): Promise<AccountDto> {
    const account = await this.repository.findAccount(id);
    if (!account) throw accountNotFound();
    return AccountDto.from(account);
  }

  async createAccount(
    input: CreateAccountDto,
    admin: AdminPrincipal,
    call: CallContext,
  ): Promise<AccountDto> {
    const account = await this.repository.createAccount(input.name).catch((error: unknown) => {
      if (error instanceof NameTakenError) {
        throw new DomainError('conflict', 'ACCOUNT.NAME_TAKEN', 'An account with this name exists');
      }
      throw error;
    });
    await this.record(admin, call, 'account.create', 'account', account.id, { name: account.name });
    return AccountDto.from(account);
  }

  async setAccountStatus(
    id: string,
    status: ActiveStatus,
    admin: AdminPrincipal,
    call: CallContext,
  ): Promise<AccountDto> {
    const account = await this.repository.setAccountStatus(id, status);
    if (!account) throw accountNotFound();
    this.authenticator.forgetAll();
    // Credentials the account's agents already hold stop working too, not only new inits (issue 9, item 9).
    if (status === 'disabled') await this.revoker?.revokeAccount(id, 'account.disable');
    await this.record(admin, call, `account.${status === 'active' ? 'enable' : 'disable'}`, 'account', id, {
      status,
    });
    return AccountDto.from(account);
  }

  async listAppliances(query: ListAppliancesQuery): Promise<AppliancePageDto> {
    const request = listRequest(APPLIANCE_SORT, query);
    const { rows, total } = await this.repository.listAppliances(query, request);
    return toPage(rows, request, ApplianceDto.from, total);
  }

  async getAppliance(id: string): Promise<ApplianceDto> {
    const appliance = await this.repository.findAppliance(id);
    if (!appliance) throw applianceNotFound();
    return ApplianceDto.from(appliance);
  }

  async createAppliance(
    input: CreateApplianceDto,
    admin: AdminPrincipal,
    call: CallContext,
  ): Promise<ApplianceDto> {
    if (!(await this.repository.findAccount(input.accountId))) throw accountNotFound();
    const appliance = await this.repository
      .createAppliance(input.accountId, input.name, input.serverId ?? null)
      .catch((error: unknown) => {
        if (error instanceof NameTakenError) {
          throw new DomainError(
            'conflict',
            'APPLIANCE.NAME_TAKEN',
            'This account already has an appliance with this name or server id',
          );
        }
        throw error;
      });
    await this.record(admin, call, 'appliance.create', 'appliance', appliance.id, {
      accountId: appliance.accountId,
      name: appliance.name,
    });
    return ApplianceDto.from(appliance);
  }

  async setApplianceStatus(
    id: string,
    status: ActiveStatus,
    admin: AdminPrincipal,
    call: CallContext,
  ): Promise<ApplianceDto> {
    const appliance = await this.repository.setApplianceStatus(id, status);
    if (!appliance) throw applianceNotFound();
    this.authenticator.forgetAll();
    if (status === 'disabled') await this.revoker?.revokeAppliance(id, 'appliance.disable');
    await this.record(
      admin,
      call,
      `appliance.${status === 'active' ? 'enable' : 'disable'}`,
      'appliance',
      id,
      {
        status,
      },
    );
    return ApplianceDto.from(appliance);
  }

  private record(
    admin: AdminPrincipal,
    call: CallContext,
    action: string,
    targetType: string,
    targetId: string,
    after: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record({
      actor: adminActor(admin, call),
      action,
      targetType,
      targetId,
      after,
    });
  }
}
