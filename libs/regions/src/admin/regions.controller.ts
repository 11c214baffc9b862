import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiConflictResponse,
} from '@nestjs/swagger';
import {
  Admin,
  adminActor,
  Caller,
  CurrentAdmin,
  type AdminPrincipal,
  type CallContext,
} from '@landfall/identity';
import { CreateRegionDto, ListRegionsQuery, RegionDto, RegionPageDto, UpdateRegionDto } from './region.dto';
import { RegionsAdminService } from './regions-admin.service';

@ApiTags('admin: regions')
@Controller('admin/v1/regions')
export class RegionsController {
  constructor(private readonly regions: RegionsAdminService) {}

  @Get()
  @Admin('regions:read')
  @ApiOperation({ summary: 'List storage regions with status, weight, coordinates and endpoint; by code' })
  @ApiOkResponse({ type: RegionPageDto })
  async list(@Query() query: ListRegionsQuery): Promise<RegionPageDto> {
    const page = await this.regions.list(query);
    return { ...page, items: page.items.map(RegionDto.from) };
  }

  @Get(':code')
  @Admin('regions:read')
  @ApiOperation({ summary: 'One region' })
  @ApiOkResponse({ type: RegionDto })
  async get(@Param('code') code: string): Promise<RegionDto> {
    return RegionDto.from(await this.regions.get(code));
  }

  @Post()
  @Admin('regions:write')
  @ApiOperation({ summary: 'Add a region; the index is regenerated on every replica' })
  @ApiConflictResponse({ description: 'REGION.DUPLICATE' })
  @ApiCreatedResponse({ type: RegionDto })
  async create(
    @Body() body: CreateRegionDto,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<RegionDto> {
    return RegionDto.from(await this.regions.create(body, adminActor(admin, call)));
  }

  @Patch(':code')
  @Admin('regions:write')
  @ApiOperation({ summary: 'Change status (active/draining/disabled), weight, coordinates or endpoint' })
  @ApiConflictResponse({
    description: 'REGION.HAS_BACKUPS: disabling a region that still holds live backups',
  })
  @ApiOkResponse({ type: RegionDto })
  async update(
    @Param('code') code: string,
    @Body() body: UpdateRegionDto,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<RegionDto> {
    return RegionDto.from(await this.regions.update(code, body, adminActor(admin, call)));
  }
}
