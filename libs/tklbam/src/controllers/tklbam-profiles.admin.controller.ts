import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Admin, Caller, CurrentAdmin, type AdminPrincipal, type CallContext } from '@landfall/identity';
import {
  ListTklbamProfilesQuery,
  PutTklbamProfileDto,
  TklbamProfileDto,
  TklbamProfilePageDto,
} from '../dto/tklbam-admin.dto';
import { TklbamProfilesService } from '../services/tklbam-profiles.service';

@ApiTags('admin: tklbam')
@Controller('admin/v1/profiles')
export class TklbamProfilesAdminController {
  constructor(private readonly service: TklbamProfilesService) {}

  @Get()
  @Admin('profiles:read')
  @ApiOperation({ summary: 'TKLBAM backup profiles, per TurnKey version (never their content)' })
  @ApiOkResponse({ type: TklbamProfilePageDto })
  list(@Query() query: ListTklbamProfilesQuery): Promise<TklbamProfilePageDto> {
    return this.service.list(query);
  }

  @Put()
  @Admin('profiles:write')
  @ApiOperation({ summary: 'Upload (or replace) the profile agents of one TurnKey version download' })
  @ApiOkResponse({ type: TklbamProfileDto })
  async put(
    @Body() body: PutTklbamProfileDto,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<TklbamProfileDto> {
    return TklbamProfileDto.from(await this.service.put(body.turnkeyVersion, body.archive, admin, call));
  }

  @Delete(':turnkeyVersion')
  @Admin('profiles:write')
  @ApiOperation({ summary: 'Delete the profile of one TurnKey version' })
  @ApiOkResponse({ type: TklbamProfileDto })
  async delete(
    @Param('turnkeyVersion') turnkeyVersion: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<TklbamProfileDto> {
    return TklbamProfileDto.from(await this.service.delete(turnkeyVersion, admin, call));
  }
}
