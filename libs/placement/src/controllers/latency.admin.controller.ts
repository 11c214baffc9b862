import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  Admin,
  adminActor,
  Caller,
  CurrentAdmin,
  type AdminPrincipal,
  type CallContext,
} from '@landfall/identity';
import { LatencyImportResultDto, ResolveRequestDto, ResolveResponseDto } from '../dto/latency-admin.dto';
import { LatencyAdminService } from '../services/latency-admin.service';

@ApiTags('admin: placement')
@Controller()
export class LatencyAdminController {
  constructor(private readonly service: LatencyAdminService) {}

  @Post('admin/v1/latency-imports')
  @Admin('placement:write')
  @ApiConsumes('text/csv')
  @ApiOperation({
    summary: 'Import measured latency: CSV latitude,longitude,country,subdivision,region,rtt_ms,samples',
    description: 'All rows or none (audited, one transaction); every replica places with it within a second.',
  })
  @ApiCreatedResponse({ type: LatencyImportResultDto })
  @ApiBadRequestResponse({
    description: 'LATENCY.INVALID_IMPORT with details.problems [{ line, code, message }]',
  })
  importCsv(
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
    @Body() body: unknown,
  ): Promise<LatencyImportResultDto> {
    return this.service.importCsv(body, adminActor(admin, call));
  }

  // `::` is find-my-way's escape for a literal colon: the route is POST /admin/v1/placement:resolve.
  @Post('admin/v1/placement::resolve')
  @HttpCode(200)
  @Admin('placement:read')
  @ApiOperation({
    summary: 'What-if: the live decision for a new caller at each place (no backup, pin or hint)',
  })
  @ApiOkResponse({ type: ResolveResponseDto })
  resolve(@Body() body: ResolveRequestDto): ResolveResponseDto {
    return { items: this.service.resolve(body.locations) };
  }
}
