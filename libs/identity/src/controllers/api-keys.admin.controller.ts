import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '@landfall/common';
import { Caller, CurrentAdmin, type CallContext } from './caller.decorators';
import type { AdminPrincipal } from '../domain/principal';
import { grantedPermissions } from '../domain/admin-scopes';
import { Admin } from './route-access';
import { ApiKeyAdminService } from '../services/api-key-admin.service';
import {
  ApiKeyDto,
  ApiKeyPageDto,
  CreatedApiKeyDto,
  CreateApiKeyDto,
  CurrentKeyDto,
  ListApiKeysQuery,
} from '../dto/api-key.dto';

@ApiTags('admin: keys')
@Controller('admin/v1/keys')
export class ApiKeysAdminController {
  constructor(private readonly service: ApiKeyAdminService) {}

  @Get()
  @Admin('keys:read')
  @ApiOperation({ summary: 'List API keys, newest first (never their secrets)' })
  @ApiOkResponse({ type: ApiKeyPageDto })
  list(@Query() query: ListApiKeysQuery): Promise<ApiKeyPageDto> {
    return this.service.list(query);
  }

  @Get('self')
  @Admin('keys:read')
  @ApiOperation({
    operationId: 'getCurrentKey',
    summary: 'The key that makes this request: its scopes and permissions',
  })
  @ApiOkResponse({ type: CurrentKeyDto })
  current(@CurrentAdmin() admin: AdminPrincipal): CurrentKeyDto {
    return {
      id: admin.keyId,
      prefix: admin.keyPrefix,
      scopes: [...admin.scopes],
      permissions: [...grantedPermissions(admin.scopes)],
    };
  }

  @Post()
  @Admin('keys:write')
  @ApiOperation({ summary: 'Mint an appliance or admin key; the plaintext is in this response only' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(
    @Body() body: CreateApiKeyDto,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<CreatedApiKeyDto> {
    return this.service.create(body, admin, call);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @Admin('keys:write')
  @ApiOperation({ summary: 'Revoke a key: it is refused (401 AUTH.REVOKED_KEY) from then on' })
  @ApiOkResponse({ type: ApiKeyDto })
  revoke(
    @Param('id', UuidParamPipe) id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<ApiKeyDto> {
    return this.service.revoke(id, admin, call);
  }
}
