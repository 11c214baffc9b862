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
import { ApplianceDto, AppliancePageDto, CreateApplianceDto, ListAppliancesQuery } from '../dto/accounts.dto';

@ApiTags('admin: appliances')
@Controller('admin/v1/appliances')
export class AppliancesAdminController {
  constructor(private readonly service: AccountsAdminService) {}

  @Get()
  @Admin('appliances:read')
  @ApiOperation({ summary: 'List appliances, newest first; filter by account, status, live-backup region' })
  @ApiOkResponse({ type: AppliancePageDto })
  list(@Query() query: ListAppliancesQuery): Promise<AppliancePageDto> {
    return this.service.listAppliances(query);
  }

  @Get(':id')
  @Admin('appliances:read')
  @ApiOperation({ summary: 'One appliance' })
  @ApiOkResponse({ type: ApplianceDto })
  get(@Param('id', UuidParamPipe) id: string): Promise<ApplianceDto> {
    return this.service.getAppliance(id);
  }

  @Post()
  @Admin('appliances:write')
  @ApiOperation({ summary: 'Register an appliance; mint its key with POST /admin/v1/keys' })
  @ApiConflictResponse({
    description: 'APPLIANCE.NAME_TAKEN: the account has an appliance with this name or server id',
  })
  @ApiCreatedResponse({ type: ApplianceDto })
  create(
    @Body() body: CreateApplianceDto,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<ApplianceDto> {
    return this.service.createAppliance(body, admin, call);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Admin('appliances:write')
  @ApiOperation({ summary: 'Disable an appliance: its keys are refused (403 AUTH.APPLIANCE_DISABLED)' })
  @ApiOkResponse({ type: ApplianceDto })
  disable(
    @Param('id', UuidParamPipe) id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<ApplianceDto> {
    return this.service.setApplianceStatus(id, 'disabled', admin, call);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Admin('appliances:write')
  @ApiOperation({ summary: 'Enable an appliance again: its keys are accepted' })
  @ApiOkResponse({ type: ApplianceDto })
  enable(
    @Param('id', UuidParamPipe) id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<ApplianceDto> {
    return this.service.setApplianceStatus(id, 'active', admin, call);
  }
}
