import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiConflictResponse,
} from '@nestjs/swagger';
import { UuidParamPipe } from '@landfall/common';
import { Admin, Caller, CurrentAdmin, type AdminPrincipal, type CallContext } from '@landfall/identity';
import { AccountsAdminService } from '../services/accounts-admin.service';
import { AccountDto, AccountPageDto, CreateAccountDto, ListAccountsQuery } from '../dto/accounts.dto';

@ApiTags('admin: accounts')
@Controller('admin/v1/accounts')
export class AccountsAdminController {
  constructor(private readonly service: AccountsAdminService) {}

  @Get()
  @Admin('accounts:read')
  @ApiOperation({ summary: 'List accounts, newest first' })
  @ApiOkResponse({ type: AccountPageDto })
  list(@Query() query: ListAccountsQuery): Promise<AccountPageDto> {
    return this.service.listAccounts(query);
  }

  @Get(':id')
  @Admin('accounts:read')
  @ApiOperation({ summary: 'One account' })
  @ApiOkResponse({ type: AccountDto })
  get(@Param('id', UuidParamPipe) id: string): Promise<AccountDto> {
    return this.service.getAccount(id);
  }

  @Post()
  @Admin('accounts:write')
  @ApiOperation({ summary: 'Create an account; audited' })
  @ApiConflictResponse({ description: 'ACCOUNT.NAME_TAKEN' })
  @ApiCreatedResponse({ type: AccountDto })
  create(
    @Body() body: CreateAccountDto,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<AccountDto> {
    return this.service.createAccount(body, admin, call);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Admin('accounts:write')
  @ApiOperation({
    summary: "Disable an account: its appliances' keys are refused (403 AUTH.ACCOUNT_DISABLED)",
  })
  @ApiOkResponse({ type: AccountDto })
  disable(
    @Param('id', UuidParamPipe) id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<AccountDto> {
    return this.service.setAccountStatus(id, 'disabled', admin, call);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Admin('accounts:write')
  @ApiOperation({ summary: 'Enable an account again: its appliances’ keys are accepted' })
  @ApiOkResponse({ type: AccountDto })
  enable(
    @Param('id', UuidParamPipe) id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<AccountDto> {
    return this.service.setAccountStatus(id, 'active', admin, call);
  }
}
