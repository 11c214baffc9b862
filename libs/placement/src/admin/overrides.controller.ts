import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiConflictResponse,
} from '@nestjs/swagger';
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
  CreateOverrideDto,
  ListOverridesQuery,
  OverrideDto,
  OverridePageDto,
  UpdateOverrideDto,
} from './override.dto';
import { OverridesService } from './overrides.service';

@ApiTags('admin: placement')
@Controller('admin/v1/overrides')
export class OverridesController {
  constructor(private readonly overrides: OverridesService) {}

  @Get()
  @Admin('placement:read')
  @ApiOperation({ summary: 'List index overrides, by scope unless sorted otherwise' })
  @ApiOkResponse({ type: OverridePageDto })
  async list(@Query() query: ListOverridesQuery): Promise<OverridePageDto> {
    const page = await this.overrides.list(query);
    return { ...page, items: page.items.map(OverrideDto.from) };
  }

  @Post()
  @Admin('placement:write')
  @ApiOperation({
    summary: 'Create an override (one per scope); audited; every replica applies it within a second',
  })
  @ApiConflictResponse({ description: 'OVERRIDE.DUPLICATE_SCOPE: an override for this scope exists' })
  @ApiCreatedResponse({ type: OverrideDto })
  async create(
    @Body() body: CreateOverrideDto,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<OverrideDto> {
    return OverrideDto.from(await this.overrides.create(body, adminActor(admin, call)));
  }

  @Get(':id')
  @Admin('placement:read')
  @ApiOperation({ summary: 'One override' })
  @ApiOkResponse({ type: OverrideDto })
  async get(@Param('id', UuidParamPipe) id: string): Promise<OverrideDto> {
    return OverrideDto.from(await this.overrides.get(id));
  }

  @Patch(':id')
  @Admin('placement:write')
  @ApiOperation({ summary: 'Change an override (its regions, reason or expiry); audited' })
  @ApiConflictResponse({ description: 'OVERRIDE.DUPLICATE_SCOPE' })
  @ApiOkResponse({ type: OverrideDto })
  async update(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateOverrideDto,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<OverrideDto> {
    return OverrideDto.from(await this.overrides.update(id, body, adminActor(admin, call)));
  }

  @Delete(':id')
  @HttpCode(204)
  @Admin('placement:write')
  @ApiOperation({
    summary: 'Delete an override; audited; the generated entry (or the next override) decides again',
  })
  @ApiNoContentResponse()
  async remove(
    @Param('id', UuidParamPipe) id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<void> {
    await this.overrides.delete(id, adminActor(admin, call));
  }
}
