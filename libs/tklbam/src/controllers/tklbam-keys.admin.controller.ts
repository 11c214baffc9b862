import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidParamPipe } from '@landfall/common';
import {
  Admin,
  adminActor,
  Caller,
  CurrentAdmin,
  type AdminPrincipal,
  type CallContext,
} from '@landfall/identity';
import {
  CreateTklbamKeyDto,
  IssuedTklbamKeyDto,
  ListTklbamKeysQuery,
  TklbamKeyDto,
  TklbamKeyPageDto,
} from '../dto/tklbam-admin.dto';
import { TklbamKeysService } from '../services/tklbam-keys.service';

@ApiTags('admin: tklbam')
@Controller('admin/v1')
export class TklbamKeysAdminController {
  constructor(private readonly service: TklbamKeysService) {}

  @Post('accounts/:accountId/tklbam-keys')
  @Admin('tklbam:write')
  @ApiOperation({ summary: 'Issue a TKLBAM-format API key for an account; the key is in this response only' })
  @ApiCreatedResponse({ type: IssuedTklbamKeyDto })
  async issue(
    @Param('accountId', UuidParamPipe) accountId: string,
    @Body() body: CreateTklbamKeyDto,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<IssuedTklbamKeyDto> {
    const issued = await this.service.issue(accountId, body.label ?? 'tklbam', adminActor(admin, call));
    return { ...TklbamKeyDto.from(issued.key), apiKey: issued.apiKey };
  }

  @Get('accounts/:accountId/tklbam-keys')
  @Admin('tklbam:read')
  @ApiOperation({ summary: 'An account’s TKLBAM keys (never their secrets)' })
  @ApiOkResponse({ type: TklbamKeyPageDto })
  list(
    @Param('accountId', UuidParamPipe) accountId: string,
    @Query() query: ListTklbamKeysQuery,
  ): Promise<TklbamKeyPageDto> {
    return this.service.list(accountId, query);
  }

  @Post('tklbam-keys/:id/revoke')
  @HttpCode(200)
  @Admin('tklbam:write')
  @ApiOperation({ summary: 'Revoke a TKLBAM key: agents linked with it get HubAccount.Forbidden' })
  @ApiOkResponse({ type: TklbamKeyDto })
  async revoke(
    @Param('id', UuidParamPipe) id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<TklbamKeyDto> {
    return TklbamKeyDto.from(await this.service.revoke(id, adminActor(admin, call)));
  }
}
