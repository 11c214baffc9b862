import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@landfall/common';
import { Admin } from '@landfall/identity';
import { PlacementService } from '../services/placement.service';
import { PlacementStateService } from '../services/placement-state';
import { ExplainQuery, IndexEntryDto, IndexQuery, PlacementDecisionDto } from '../dto/explain.dto';
import { CreateOverrideDto, OverridePreviewDto } from '../dto/override.dto';
import { OverridesService } from '../services/overrides.service';
import { PlacementMapDto } from '../dto/placement-map.dto';
import { PlacementMapService } from '../services/placement-map.service';

@ApiTags('admin: placement')
@Controller()
export class PlacementAdminController {
  constructor(
    private readonly placement: PlacementService,
    private readonly state: PlacementStateService,
    private readonly overrides: OverridesService,
    private readonly placementMap: PlacementMapService,
  ) {}

  @Get('admin/v1/placement/map')
  @Admin('placement:read')
  @ApiOperation({
    operationId: 'getPlacementMap',
    summary:
      'The effective index as a map: every entry, where it lies, what decided it, appliances placed there',
  })
  @ApiOkResponse({ type: PlacementMapDto })
  map(): Promise<PlacementMapDto> {
    return this.placementMap.map();
  }

  @Get('admin/v1/placement/explain')
  @Admin('placement:read')
  @ApiOperation({ summary: 'Why an IP (and optionally an appliance) would go where it goes' })
  @ApiOkResponse({ type: PlacementDecisionDto })
  async explain(@Query() query: ExplainQuery): Promise<PlacementDecisionDto> {
    const decision = await this.placement.explain({
      ip: query.ip,
      applianceId: query.appliance,
      regionHint: query.hint,
    });
    return PlacementDecisionDto.from(decision);
  }

  @Get('admin/v1/index')
  @Admin('placement:read')
  @ApiOperation({ summary: 'The effective region index this replica serves (generated + overrides)' })
  @ApiOkResponse({ type: [IndexEntryDto] })
  index(@Query() query: IndexQuery): IndexEntryDto[] {
    const index = this.state.current().index;
    if (query.scope) {
      const entry = index.get(query.scope);
      if (!entry)
        throw new DomainError('not_found', 'PLACEMENT.UNKNOWN_SCOPE', `No index entry for ${query.scope}`);
      return [IndexEntryDto.from(entry)];
    }
    return [...index.values()].map(IndexEntryDto.from);
  }

  // `::` is find-my-way's escape for a literal colon: the route is POST /admin/v1/overrides:preview.
  @Post('admin/v1/overrides::preview')
  @HttpCode(200)
  @Admin('placement:read')
  @ApiOperation({
    summary: 'What an override would change, before applying it: index entries and existing backups',
  })
  @ApiOkResponse({ type: OverridePreviewDto })
  async preview(@Body() body: CreateOverrideDto): Promise<OverridePreviewDto> {
    return OverridePreviewDto.from(await this.overrides.preview(body));
  }
}
